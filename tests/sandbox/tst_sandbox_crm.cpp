// Black-box tests of the sandbox's HubSpot CRM endpoints over HTTP.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

QStringList withToken(QStringList args)
{
    args << u"--private-app-token"_s << kToken << u"--rate-limit"_s << u"off"_s;
    return args;
}

QJsonObject object(const HttpResult &r)
{
    return r.json().object();
}

QJsonArray results(const HttpResult &r)
{
    return object(r).value(u"results"_s).toArray();
}

QSet<QString> allIds(SandboxProcess &sandbox, HttpProbe &probe, const QString &type)
{
    const Paged p = pageAll(sandbox, probe, u"/crm/v3/objects/"_s + type + u"?limit=100"_s, kToken);
    return QSet<QString>(p.ids.begin(), p.ids.end());
}

} // namespace

TEST_CASE("paging returns every object exactly once in a stable order", "[sandbox][crm]")
{
    const int count = GENERATE(0, 1, 100, 101);
    SandboxProcess sandbox(withToken({u"--contacts"_s, QString::number(count)}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const Paged at100 = pageAll(sandbox, probe, u"/crm/v3/objects/contacts?limit=100"_s, kToken);
    INFO("count " << count << " " << at100.failure.toStdString());
    REQUIRE(at100.ok);
    CHECK(at100.ids.size() == count);
    CHECK(QSet<QString>(at100.ids.begin(), at100.ids.end()).size() == count);
    CHECK(strictlyAscendingNumeric(at100.ids));
    CHECK(at100.requests == std::max(1, (count + 99) / 100));

    // Default limit (10) walks the same ids in the same order.
    const Paged at10 = pageAll(sandbox, probe, u"/crm/v3/objects/contacts"_s, kToken);
    REQUIRE(at10.ok);
    CHECK(at10.ids == at100.ids);
    CHECK(at10.requests == std::max(1, (count + 9) / 10));

    // And a second walk is identical.
    CHECK(pageAll(sandbox, probe, u"/crm/v3/objects/contacts?limit=7"_s, kToken).ids == at100.ids);
}

TEST_CASE("every object type pages completely", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({u"--contacts"_s, u"57"_s, u"--companies"_s, u"13"_s,
                                      u"--deals"_s, u"21"_s, u"--tickets"_s, u"8"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QList<QPair<QString, int>> expected = {
        {u"contacts"_s, 57}, {u"companies"_s, 13}, {u"deals"_s, 21}, {u"tickets"_s, 8}};
    for (const auto &e : expected) {
        const Paged p =
            pageAll(sandbox, probe, u"/crm/v3/objects/"_s + e.first + u"?limit=5"_s, kToken);
        INFO(e.first.toStdString());
        REQUIRE(p.ok);
        CHECK(p.ids.size() == e.second);
        CHECK(strictlyAscendingNumeric(p.ids));
    }
}

TEST_CASE("limit is validated: at most 100", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    CHECK(results(apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=100"_s, kToken)).size() ==
          100);
    for (const QString &bad : {u"101"_s, u"1000"_s, u"0"_s, u"-1"_s, u"ten"_s}) {
        const HttpResult r =
            apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit="_s + bad, kToken);
        INFO(bad.toStdString() << " " << r.body.toStdString());
        CHECK(r.status == 400);
        CHECK(object(r).value(u"status"_s).toString() == u"error"_s);
        CHECK(object(r).value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);
        CHECK_FALSE(object(r).value(u"correlationId"_s).toString().isEmpty());
    }
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/widgets"_s, kToken).status == 400);
}

TEST_CASE("properties parameter: defaults, comma separated and repeated", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const QJsonArray defaults =
        results(apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=20"_s, kToken));
    REQUIRE(defaults.size() == 20);
    const QStringList defaultKeys =
        defaults.at(0).toObject().value(u"properties"_s).toObject().keys();
    CHECK(defaultKeys == QStringList{u"createdate"_s, u"email"_s, u"firstname"_s, u"hs_object_id"_s,
                                     u"lastmodifieddate"_s, u"lastname"_s});

    const HttpResult comma =
        apiGet(sandbox, probe,
               u"/crm/v3/objects/contacts?limit=20&properties=phone,jobtitle,city"_s, kToken);
    const HttpResult repeated = apiGet(
        sandbox, probe,
        u"/crm/v3/objects/contacts?limit=20&properties=phone&properties=jobtitle&properties=city"_s,
        kToken);
    REQUIRE(comma.status == 200);
    CHECK(results(comma) == results(repeated));
    bool sawNull = false;
    for (const QJsonValue &v : results(comma)) {
        const QJsonObject o = v.toObject();
        const QJsonObject p = o.value(u"properties"_s).toObject();
        CHECK(p.contains(u"phone"_s));
        CHECK(p.contains(u"jobtitle"_s));
        CHECK(p.contains(u"city"_s));
        CHECK_FALSE(p.contains(u"email"_s));
        CHECK(p.value(u"hs_object_id"_s).toString() == o.value(u"id"_s).toString());
        CHECK(p.contains(u"createdate"_s));
        CHECK(p.contains(u"lastmodifieddate"_s));
        for (const QString &key : p.keys()) {
            CHECK((p.value(key).isString() || p.value(key).isNull()));
            sawNull = sawNull || p.value(key).isNull();
        }
        CHECK(o.value(u"createdAt"_s).toString().endsWith(u'Z'));
        CHECK(o.value(u"createdAt"_s).toString().size() == 24); // 2024-03-05T10:15:30.123Z
        CHECK(o.value(u"archived"_s).isBool());
    }
    CHECK(sawNull); // some demo values are missing, like in a real account

    // The same page read by id and by batch read carries the same values.
    const QJsonObject first = results(comma).at(0).toObject();
    const QString id = first.value(u"id"_s).toString();
    const HttpResult single =
        apiGet(sandbox, probe,
               u"/crm/v3/objects/contacts/"_s + id + u"?properties=phone,jobtitle,city"_s, kToken);
    REQUIRE(single.status == 200);
    CHECK(object(single).value(u"properties"_s) == first.value(u"properties"_s));
}

TEST_CASE("associations parameter and the v4 association endpoints agree", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QSet<QString> companyIds = allIds(sandbox, probe, u"companies"_s);
    const QSet<QString> contactIds = allIds(sandbox, probe, u"contacts"_s);
    REQUIRE(companyIds.size() == 60);

    const Paged contacts =
        pageAll(sandbox, probe,
                u"/crm/v3/objects/contacts?limit=100&associations=companies,deals"_s, kToken, true);
    const Paged repeated =
        pageAll(sandbox, probe,
                u"/crm/v3/objects/contacts?limit=100&associations=companies&associations=deals"_s,
                kToken, true);
    REQUIRE(contacts.ok);
    CHECK(contacts.results == repeated.results);
    int withCompany = 0;
    QJsonArray inputs;
    QHash<QString, QStringList> companiesOf;
    for (const QJsonValue &v : contacts.results) {
        const QJsonObject o = v.toObject();
        const QJsonArray linked = o.value(u"associations"_s)
                                      .toObject()
                                      .value(u"companies"_s)
                                      .toObject()
                                      .value(u"results"_s)
                                      .toArray();
        if (!linked.isEmpty())
            ++withCompany;
        for (const QJsonValue &l : linked) {
            CHECK(companyIds.contains(l.toObject().value(u"id"_s).toString()));
            CHECK(l.toObject().value(u"type"_s).toString() == u"contact_to_company"_s);
            companiesOf[o.value(u"id"_s).toString()].append(l.toObject().value(u"id"_s).toString());
        }
        if (inputs.size() < 50)
            inputs.append(QJsonObject{{u"id"_s, o.value(u"id"_s)}});
    }
    // Most contacts belong to a company, some to none.
    CHECK(withCompany > contacts.results.size() / 2);
    CHECK(withCompany < contacts.results.size());

    // v4 batch read: same links; contacts without a company are reported in errors[].
    const HttpResult batch =
        probe.post(sandbox.url(u"/crm/v4/associations/contacts/companies/batch/read"_s),
                   QJsonDocument(QJsonObject{{u"inputs"_s, inputs}}).toJson(), "application/json",
                   bearer(kToken));
    INFO(batch.body.left(400).toStdString());
    REQUIRE((batch.status == 200 || batch.status == 207));
    int checked = 0;
    for (const QJsonValue &v : results(batch)) {
        const QString from = v.toObject().value(u"from"_s).toObject().value(u"id"_s).toString();
        QStringList to;
        for (const QJsonValue &t : v.toObject().value(u"to"_s).toArray()) {
            const QJsonValue toId = t.toObject().value(u"toObjectId"_s);
            to.append(toId.isString() ? toId.toString() : QString::number(toId.toInteger()));
            CHECK(t.toObject()
                      .value(u"associationTypes"_s)
                      .toArray()
                      .at(0)
                      .toObject()
                      .value(u"typeId"_s)
                      .toInt() == 1);
        }
        CHECK(to == companiesOf.value(from));
        ++checked;
    }
    CHECK(checked > 0);

    // v4 GET of one company's contacts: every contact that links to it.
    const QString someCompany = companiesOf.begin().value().first();
    QStringList expected;
    for (auto it = companiesOf.begin(); it != companiesOf.end(); ++it)
        if (it.value().contains(someCompany))
            expected.append(it.key());
    const HttpResult of =
        apiGet(sandbox, probe,
               u"/crm/v4/objects/companies/"_s + someCompany + u"/associations/contacts"_s, kToken);
    REQUIRE(of.status == 200);
    QStringList got;
    for (const QJsonValue &v : results(of))
        got.append(QString::number(v.toObject().value(u"toObjectId"_s).toInteger()));
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    CHECK(got == expected);

    // Deals have contacts; tickets link to companies or contacts; some have none.
    const Paged deals =
        pageAll(sandbox, probe,
                u"/crm/v3/objects/deals?limit=100&associations=contacts,companies"_s, kToken, true);
    int dealsWithContacts = 0, dealsWithNothing = 0;
    for (const QJsonValue &v : deals.results) {
        const QJsonObject a = v.toObject().value(u"associations"_s).toObject();
        if (a.contains(u"contacts"_s))
            ++dealsWithContacts;
        if (a.isEmpty())
            ++dealsWithNothing;
        for (const QJsonValue &l : a.value(u"contacts"_s).toObject().value(u"results"_s).toArray())
            CHECK(contactIds.contains(l.toObject().value(u"id"_s).toString()));
    }
    CHECK(dealsWithContacts > deals.results.size() / 2);
    CHECK(dealsWithNothing > 0);
    const Paged tickets = pageAll(
        sandbox, probe, u"/crm/v3/objects/tickets?limit=100&associations=companies,contacts"_s,
        kToken, true);
    int ticketsLinked = 0;
    for (const QJsonValue &v : tickets.results)
        if (!v.toObject().value(u"associations"_s).toObject().isEmpty())
            ++ticketsLinked;
    CHECK(ticketsLinked > tickets.results.size() / 2);
    CHECK(ticketsLinked < tickets.results.size());
}

TEST_CASE("single read, batch read and archived objects", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({u"--archived"_s, u"4"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray page =
        results(apiGet(sandbox, probe, u"/crm/v3/objects/deals?limit=3"_s, kToken));
    REQUIRE(page.size() == 3);
    const QString id = page.at(1).toObject().value(u"id"_s).toString();

    const HttpResult one = apiGet(sandbox, probe, u"/crm/v3/objects/deals/"_s + id, kToken);
    REQUIRE(one.status == 200);
    CHECK(object(one).value(u"id"_s).toString() == id);
    const HttpResult missing = apiGet(sandbox, probe, u"/crm/v3/objects/deals/999999999"_s, kToken);
    CHECK(missing.status == 404);
    CHECK(object(missing).value(u"category"_s).toString() == u"OBJECT_NOT_FOUND"_s);

    const QJsonObject request{
        {u"inputs"_s,
         QJsonArray{QJsonObject{{u"id"_s, page.at(0).toObject().value(u"id"_s)}},
                    QJsonObject{{u"id"_s, id}}, QJsonObject{{u"id"_s, u"999999999"_s}}}},
        {u"properties"_s, QJsonArray{u"dealname"_s, u"amount"_s}}};
    const HttpResult batch =
        probe.post(sandbox.url(u"/crm/v3/objects/deals/batch/read"_s),
                   QJsonDocument(request).toJson(), "application/json", bearer(kToken));
    INFO(batch.body.toStdString());
    REQUIRE(batch.status == 207);
    CHECK(results(batch).size() == 2);
    CHECK(object(batch).value(u"status"_s).toString() == u"COMPLETE"_s);
    const QJsonObject error = object(batch).value(u"errors"_s).toArray().at(0).toObject();
    CHECK(error.value(u"context"_s).toObject().value(u"ids"_s).toArray() ==
          QJsonArray{u"999999999"_s});
    CHECK(
        results(batch).at(0).toObject().value(u"properties"_s).toObject().contains(u"dealname"_s));

    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany.append(QJsonObject{{u"id"_s, QString::number(4000001 + i)}});
    CHECK(probe
              .post(sandbox.url(u"/crm/v3/objects/deals/batch/read"_s),
                    QJsonDocument(QJsonObject{{u"inputs"_s, tooMany}}).toJson(), "application/json",
                    bearer(kToken))
              .status == 400);

    const Paged archived =
        pageAll(sandbox, probe, u"/crm/v3/objects/deals?archived=true"_s, kToken, true);
    REQUIRE(archived.ok);
    CHECK(archived.ids.size() == 4);
    for (const QJsonValue &v : archived.results)
        CHECK(v.toObject().value(u"archived"_s).toBool());
    const QSet<QString> active = allIds(sandbox, probe, u"deals"_s);
    for (const QString &a : archived.ids)
        CHECK_FALSE(active.contains(a));
}

TEST_CASE("properties, owners and pipelines describe the data", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({u"--owners"_s, u"8"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const HttpResult props = apiGet(sandbox, probe, u"/crm/v3/properties/contacts"_s, kToken);
    REQUIRE(props.status == 200);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &v : results(props))
        byName.insert(v.toObject().value(u"name"_s).toString(), v.toObject());
    for (const QString &name : {u"email"_s, u"firstname"_s, u"lastname"_s, u"phone"_s,
                                u"createdate"_s, u"hs_object_id"_s})
        CHECK(byName.contains(name));
    for (const QJsonObject &p : std::as_const(byName)) {
        CHECK_FALSE(p.value(u"label"_s).toString().isEmpty());
        CHECK_FALSE(p.value(u"type"_s).toString().isEmpty());
        CHECK_FALSE(p.value(u"fieldType"_s).toString().isEmpty());
        CHECK_FALSE(p.value(u"groupName"_s).toString().isEmpty());
        CHECK(p.value(u"options"_s).isArray());
    }

    const Paged owners = [&] {
        Paged p;
        QUrl next = sandbox.url(u"/crm/v3/owners?limit=3"_s);
        while (next.isValid() && p.requests < 10) {
            const HttpResult r = probe.get(next, bearer(kToken));
            ++p.requests;
            for (const QJsonValue &v : results(r))
                p.ids.append(v.toObject().value(u"id"_s).toString());
            p.results.append(QJsonValue(object(r)));
            next = QUrl(object(r)
                            .value(u"paging"_s)
                            .toObject()
                            .value(u"next"_s)
                            .toObject()
                            .value(u"link"_s)
                            .toString());
        }
        return p;
    }();
    CHECK(owners.ids.size() == 8);
    CHECK(owners.requests == 3);
    CHECK(QSet<QString>(owners.ids.begin(), owners.ids.end()).size() == 8);
    const QJsonObject firstOwner =
        owners.results.at(0).toObject().value(u"results"_s).toArray().at(0).toObject();
    CHECK(firstOwner.value(u"email"_s).toString().contains(u'@'));
    CHECK(firstOwner.contains(u"firstName"_s));
    CHECK(firstOwner.contains(u"lastName"_s));
    CHECK(firstOwner.contains(u"userId"_s));
    CHECK(firstOwner.value(u"teams"_s).isArray());

    const HttpResult pipelines = apiGet(sandbox, probe, u"/crm/v3/pipelines/deals"_s, kToken);
    REQUIRE(pipelines.status == 200);
    const QJsonObject pipeline = results(pipelines).at(0).toObject();
    QSet<QString> stageIds;
    for (const QJsonValue &s : pipeline.value(u"stages"_s).toArray()) {
        stageIds.insert(s.toObject().value(u"id"_s).toString());
        CHECK_FALSE(s.toObject().value(u"label"_s).toString().isEmpty());
        CHECK(s.toObject().value(u"displayOrder"_s).isDouble());
        CHECK(s.toObject().value(u"metadata"_s).toObject().contains(u"probability"_s));
    }
    CHECK(stageIds.contains(u"closedwon"_s));

    const QSet<QString> ownerIds(owners.ids.begin(), owners.ids.end());
    const Paged deals = pageAll(
        sandbox, probe,
        u"/crm/v3/objects/deals?limit=100&properties=dealstage,pipeline,hubspot_owner_id,amount"_s,
        kToken, true);
    REQUIRE(deals.results.size() == 120);
    for (const QJsonValue &v : deals.results) {
        const QJsonObject p = v.toObject().value(u"properties"_s).toObject();
        CHECK(stageIds.contains(p.value(u"dealstage"_s).toString()));
        CHECK(p.value(u"pipeline"_s).toString() == pipeline.value(u"id"_s).toString());
        if (!p.value(u"hubspot_owner_id"_s).isNull())
            CHECK(ownerIds.contains(p.value(u"hubspot_owner_id"_s).toString()));
        if (!p.value(u"amount"_s).isNull()) {
            bool ok = false;
            p.value(u"amount"_s).toString().toDouble(&ok);
            CHECK(ok);
        }
    }
    CHECK(apiGet(sandbox, probe, u"/crm/v3/pipelines/tickets"_s, kToken).status == 200);
}

TEST_CASE("data is deterministic for a seed and differs between seeds", "[sandbox][crm]")
{
    const QString query =
        u"/crm/v3/objects/contacts?limit=100&properties=firstname,lastname,email,phone,company,"
        "jobtitle,city,country,lifecyclestage,hubspot_owner_id&associations=companies,deals"_s;
    auto firstPage = [&](const QString &seed) {
        SandboxProcess sandbox(withToken({u"--seed"_s, seed}));
        REQUIRE(sandbox.started());
        HttpProbe probe;
        QJsonArray all;
        for (const QString &type : {u"contacts"_s, u"companies"_s, u"deals"_s, u"tickets"_s}) {
            const HttpResult r = apiGet(
                sandbox, probe,
                type == u"contacts"_s ? query : u"/crm/v3/objects/"_s + type + u"?limit=100"_s,
                kToken);
            all.append(results(r));
        }
        all.append(results(apiGet(sandbox, probe, u"/crm/v3/owners"_s, kToken)));
        return all;
    };
    const QJsonArray a = firstPage(u"7"_s);
    const QJsonArray b = firstPage(u"7"_s);
    const QJsonArray c = firstPage(u"8"_s);
    REQUIRE(a.at(0).toArray().size() == 100);
    CHECK(a == b);
    CHECK(a != c);
    // Emails look real and are unique.
    QSet<QString> emails;
    for (const QJsonValue &v : a.at(0).toArray()) {
        const QString email =
            v.toObject().value(u"properties"_s).toObject().value(u"email"_s).toString();
        if (email.isEmpty())
            continue;
        CHECK(email.contains(u'@'));
        CHECK_FALSE(emails.contains(email));
        emails.insert(email);
    }
}

TEST_CASE("index and record pages", "[sandbox][crm]")
{
    SandboxProcess sandbox(withToken({}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult index = probe.get(sandbox.url(u"/"_s));
    CHECK(index.status == 200);
    CHECK(index.body.contains("/crm/v3/objects/{type}"));
    const HttpResult indexJson = probe.get(sandbox.url(u"/"_s), {{"Accept", "application/json"}});
    CHECK(object(indexJson).value(u"counts"_s).toObject().value(u"contacts"_s).toInt() == 300);

    const QJsonObject contact =
        results(apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken))
            .at(0)
            .toObject();
    const QString id = contact.value(u"id"_s).toString();
    const HttpResult page = probe.get(sandbox.url(u"/contacts/24681357/record/0-1/"_s + id));
    REQUIRE(page.status == 200);
    CHECK(page.body.contains(contact.value(u"properties"_s)
                                 .toObject()
                                 .value(u"firstname"_s)
                                 .toString()
                                 .toHtmlEscaped()
                                 .toUtf8()));
    CHECK(page.body.contains(id.toUtf8()));
    CHECK(probe.get(sandbox.url(u"/contacts/11111111/record/0-1/"_s + id)).status == 404);
    CHECK(probe.get(sandbox.url(u"/contacts/24681357/record/0-2/"_s + id)).status == 404);
    const QString company =
        results(apiGet(sandbox, probe, u"/crm/v3/objects/companies?limit=1"_s, kToken))
            .at(0)
            .toObject()
            .value(u"id"_s)
            .toString();
    CHECK(probe.get(sandbox.url(u"/contacts/24681357/record/0-2/"_s + company)).status == 200);
}
