// Black-box tests of the sandbox's CRM search (POST /crm/v3/objects/{type}/search):
// totals and offset paging, the 200-per-page and 10,000-per-query limits,
// filters (checked against the objects the list endpoint returns), sorting,
// bearer and scopes, and the search endpoint's own rate limit without headers.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

QStringList args(QStringList extra)
{
    return QStringList{u"--private-app-token"_s, kToken, u"--search-rate-limit"_s, u"off"_s,
                       u"--quiet"_s} +
           extra;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpResult search(SandboxProcess &sandbox, HttpProbe &probe, const QString &type,
                  const QJsonObject &body, const QString &token = kToken)
{
    return probe.post(sandbox.url(u"/crm/v3/objects/"_s + type + u"/search"_s), compact(body),
                      "application/json", bearer(token));
}

QStringList idsOf(const HttpResult &r)
{
    QStringList ids;
    for (const QJsonValue &v : r.json().object().value(u"results"_s).toArray())
        ids.append(v.toObject().value(u"id"_s).toString());
    return ids;
}

qint64 totalOf(const HttpResult &r)
{
    return qint64(r.json().object().value(u"total"_s).toDouble(-1));
}

QString nextAfter(const HttpResult &r)
{
    return r.json()
        .object()
        .value(u"paging"_s)
        .toObject()
        .value(u"next"_s)
        .toObject()
        .value(u"after"_s)
        .toString();
}

QJsonObject filter(const QString &property, const QString &op, const QJsonValue &value = {})
{
    QJsonObject f{{u"propertyName"_s, property}, {u"operator"_s, op}};
    if (!value.isUndefined() && !value.isNull())
        f.insert(u"value"_s, value);
    return f;
}

QJsonObject groups(const QList<QJsonArray> &filterGroups, int limit = 200)
{
    QJsonArray array;
    for (const QJsonArray &filters : filterGroups)
        array.append(QJsonObject{{u"filters"_s, filters}});
    return QJsonObject{{u"filterGroups"_s, array}, {u"limit"_s, limit}};
}

// Every page of a search, following paging.next.after.
QStringList searchAll(SandboxProcess &sandbox, HttpProbe &probe, const QString &type,
                      QJsonObject body, qint64 *total = nullptr)
{
    QStringList ids;
    for (int guard = 0; guard < 100; ++guard) {
        const HttpResult r = search(sandbox, probe, type, body);
        REQUIRE(r.status == 200);
        if (total)
            *total = totalOf(r);
        ids += idsOf(r);
        const QString after = nextAfter(r);
        if (after.isEmpty())
            break;
        body.insert(u"after"_s, after);
    }
    return ids;
}

struct Contact
{
    QString id;
    QJsonObject properties;
};

// The ground truth: every active contact with the given properties, from the list endpoint.
QVector<Contact> listContacts(SandboxProcess &sandbox, HttpProbe &probe, const QString &properties)
{
    const Paged p =
        pageAll(sandbox, probe, u"/crm/v3/objects/contacts?limit=100&properties="_s + properties,
                kToken, true);
    REQUIRE(p.ok);
    QVector<Contact> out;
    for (const QJsonValue &v : p.results) {
        const QJsonObject o = v.toObject();
        out.append({o.value(u"id"_s).toString(), o.value(u"properties"_s).toObject()});
    }
    return out;
}

QStringList expectedIds(const QVector<Contact> &contacts,
                        const std::function<bool(const QJsonObject &)> &keep)
{
    QStringList ids;
    for (const Contact &c : contacts)
        if (keep(c.properties))
            ids.append(c.id);
    return ids;
}

QString prop(const QJsonObject &p, const QString &name)
{
    return p.value(name).toString(); // null -> empty
}

// The first contact at or after `from` that has a value for `name`.
const Contact &withValue(const QVector<Contact> &contacts, const QString &name, int from)
{
    for (int i = from; i < contacts.size(); ++i)
        if (!prop(contacts.at(i).properties, name).isEmpty())
            return contacts.at(i);
    FAIL("no contact has " << name.toStdString());
    return contacts.first();
}

} // namespace

TEST_CASE("search without filters gives the total and pages every active object by offset",
          "[sandbox][search]")
{
    SandboxProcess sandbox(args({u"--contacts"_s, u"250"_s, u"--archived"_s, u"3"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Paged listed = pageAll(sandbox, probe, u"/crm/v3/objects/contacts?limit=100"_s, kToken);
    REQUIRE(listed.ok);
    REQUIRE(listed.ids.size() == 250);

    // Default page size 10, total counts every match.
    const HttpResult first = search(sandbox, probe, u"contacts"_s, {});
    REQUIRE(first.status == 200);
    CHECK(totalOf(first) == 250);
    CHECK(idsOf(first) == listed.ids.mid(0, 10));
    CHECK(nextAfter(first) == u"10"_s);
    const QJsonObject one = first.json().object().value(u"results"_s).toArray().first().toObject();
    CHECK(one.value(u"archived"_s) == QJsonValue(false));
    CHECK(one.contains(u"createdAt"_s));
    CHECK(one.value(u"properties"_s).toObject().contains(u"email"_s));
    CHECK_FALSE(one.contains(u"associations"_s));
    CHECK_FALSE(first.json()
                    .object()
                    .value(u"paging"_s)
                    .toObject()
                    .value(u"next"_s)
                    .toObject()
                    .contains(u"link"_s));

    // limit 200: two pages, the same ids in the same order, no archived ones.
    qint64 total = -1;
    const QStringList all =
        searchAll(sandbox, probe, u"contacts"_s, QJsonObject{{u"limit"_s, 200}}, &total);
    CHECK(total == 250);
    CHECK(all == listed.ids);

    // What the loader asks for: limit 1 and one property; the cursor may be a number too.
    const HttpResult totalOnly =
        search(sandbox, probe, u"contacts"_s,
               QJsonObject{{u"limit"_s, 1}, {u"properties"_s, QJsonArray{u"hs_object_id"_s}}});
    REQUIRE(totalOnly.status == 200);
    CHECK(totalOf(totalOnly) == 250);
    CHECK(idsOf(totalOnly).size() == 1);
    const QJsonObject props = totalOnly.json()
                                  .object()
                                  .value(u"results"_s)
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(u"properties"_s)
                                  .toObject();
    CHECK(props.contains(u"hs_object_id"_s));
    CHECK_FALSE(props.contains(u"email"_s));
    const HttpResult numericAfter =
        search(sandbox, probe, u"contacts"_s, QJsonObject{{u"limit"_s, 5}, {u"after"_s, 245}});
    CHECK(idsOf(numericAfter) == listed.ids.mid(245));
    CHECK(nextAfter(numericAfter).isEmpty());

    // Other types, and an empty type.
    SandboxProcess empty(args({u"--contacts"_s, u"0"_s, u"--companies"_s, u"7"_s}));
    REQUIRE(empty.started());
    const HttpResult none = search(empty, probe, u"contacts"_s, QJsonObject{{u"limit"_s, 100}});
    CHECK(none.status == 200);
    CHECK(totalOf(none) == 0);
    CHECK(idsOf(none).isEmpty());
    CHECK(nextAfter(none).isEmpty());
    CHECK(totalOf(search(empty, probe, u"companies"_s, {})) == 7);
    CHECK(totalOf(search(empty, probe, u"0-2"_s, {})) == 7);
}

TEST_CASE("search pages hold at most 200 and no query reaches beyond 10,000 results",
          "[sandbox][search]")
{
    SandboxProcess sandbox(args({u"--contacts"_s, u"10050"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const HttpResult tooMany =
        search(sandbox, probe, u"contacts"_s, QJsonObject{{u"limit"_s, 201}});
    CHECK(tooMany.status == 400);
    CHECK(tooMany.json().object().value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);
    CHECK(search(sandbox, probe, u"contacts"_s, QJsonObject{{u"limit"_s, -1}}).status == 400);
    CHECK(search(sandbox, probe, u"contacts"_s, QJsonObject{{u"after"_s, u"abc"_s}}).status == 400);

    const HttpResult page = search(sandbox, probe, u"contacts"_s,
                                   QJsonObject{{u"limit"_s, 200}, {u"after"_s, u"9800"_s}});
    REQUIRE(page.status == 200);
    CHECK(totalOf(page) == 10050); // the real count, though only 10,000 are reachable
    CHECK(idsOf(page).size() == 200);
    CHECK(nextAfter(page) == u"10000"_s);

    // Following that cursor fails as on HubSpot.
    const HttpResult beyond = search(sandbox, probe, u"contacts"_s,
                                     QJsonObject{{u"limit"_s, 200}, {u"after"_s, u"10000"_s}});
    CHECK(beyond.status == 400);
    CHECK(beyond.json().object().value(u"status"_s).toString() == u"error"_s);
    CHECK(beyond.json().object().value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);

    // A page that straddles the cap stops at result 10,000.
    const HttpResult straddle = search(sandbox, probe, u"contacts"_s,
                                       QJsonObject{{u"limit"_s, 200}, {u"after"_s, u"9990"_s}});
    REQUIRE(straddle.status == 200);
    CHECK(idsOf(straddle).size() == 10);

    // A filter that matches fewer than 10,000 is reachable to the end.
    qint64 total = -1;
    const QString from = idsOf(page).first(); // result 9,801
    const QStringList tail =
        searchAll(sandbox, probe, u"contacts"_s,
                  groups({QJsonArray{filter(u"hs_object_id"_s, u"GT"_s, from)}}), &total);
    CHECK(total == 10050 - 9801);
    CHECK(tail.size() == total);
    CHECK(tail.mid(0, 199) == idsOf(page).mid(1));
    CHECK(strictlyAscendingNumeric(tail));
}

TEST_CASE("search filters match what the list endpoint holds", "[sandbox][search]")
{
    SandboxProcess sandbox(args({u"--contacts"_s, u"400"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QVector<Contact> contacts =
        listContacts(sandbox, probe, u"email,firstname,lastname,phone,lifecyclestage,createdate"_s);
    REQUIRE(contacts.size() == 400);
    const QString contacts_ = u"contacts"_s;
    auto run = [&](const QJsonObject &body) {
        qint64 total = -1;
        const QStringList ids = searchAll(sandbox, probe, contacts_, body, &total);
        CHECK(total == ids.size());
        return ids;
    };

    SECTION("EQ and NEQ, case-insensitive; NEQ includes objects without a value")
    {
        const QString stage =
            prop(withValue(contacts, u"lifecyclestage"_s, 3).properties, u"lifecyclestage"_s);
        REQUIRE_FALSE(stage.isEmpty());
        const QStringList eq =
            run(groups({QJsonArray{filter(u"lifecyclestage"_s, u"EQ"_s, stage.toUpper())}}));
        const QStringList neq =
            run(groups({QJsonArray{filter(u"lifecyclestage"_s, u"NEQ"_s, stage)}}));
        CHECK(eq == expectedIds(contacts, [&](const QJsonObject &p) {
                  return prop(p, u"lifecyclestage"_s) == stage;
              }));
        CHECK(neq == expectedIds(contacts, [&](const QJsonObject &p) {
                  return prop(p, u"lifecyclestage"_s) != stage;
              }));
        CHECK(eq.size() + neq.size() == 400);
        CHECK_FALSE(eq.isEmpty());

        const QString email = prop(withValue(contacts, u"email"_s, 17).properties, u"email"_s);
        REQUIRE_FALSE(email.isEmpty());
        CHECK(run(groups({QJsonArray{filter(u"email"_s, u"EQ"_s, email.toUpper())}})) ==
              expectedIds(contacts, [&](const QJsonObject &p) {
                  return prop(p, u"email"_s).compare(email, Qt::CaseInsensitive) == 0;
              }));
    }
    SECTION("HAS_PROPERTY and NOT_HAS_PROPERTY split the objects")
    {
        const QStringList has = run(groups({QJsonArray{filter(u"phone"_s, u"HAS_PROPERTY"_s)}}));
        const QStringList hasNot =
            run(groups({QJsonArray{filter(u"phone"_s, u"NOT_HAS_PROPERTY"_s)}}));
        CHECK(has.size() + hasNot.size() == 400);
        const Paged phones = pageAll(
            sandbox, probe, u"/crm/v3/objects/contacts?limit=100&properties=phone"_s, kToken, true);
        QStringList withPhone;
        for (const QJsonValue &v : phones.results)
            if (!v.toObject()
                     .value(u"properties"_s)
                     .toObject()
                     .value(u"phone"_s)
                     .toString()
                     .isEmpty())
                withPhone.append(v.toObject().value(u"id"_s).toString());
        CHECK(has == withPhone);
    }
    SECTION("CONTAINS_TOKEN: a word, or a pattern with '*'")
    {
        const QString first =
            prop(withValue(contacts, u"firstname"_s, 5).properties, u"firstname"_s);
        REQUIRE_FALSE(first.isEmpty());
        CHECK(run(groups(
                  {QJsonArray{filter(u"firstname"_s, u"CONTAINS_TOKEN"_s, first.toLower())}})) ==
              expectedIds(contacts, [&](const QJsonObject &p) {
                  const QStringList words =
                      prop(p, u"firstname"_s)
                          .toLower()
                          .split(QRegularExpression(u"[^\\p{L}\\p{N}_]+"_s), Qt::SkipEmptyParts);
                  return words.contains(first.toLower());
              }));

        const Contact &sample = withValue(contacts, u"email"_s, 11);
        const QString email = prop(sample.properties, u"email"_s);
        const QString domain = email.mid(email.indexOf(u'@'));
        REQUIRE(domain.size() > 3);
        const QStringList byDomain = run(groups(
            {QJsonArray{filter(u"email"_s, u"CONTAINS_TOKEN"_s, QString(u"*"_s + domain))}}));
        CHECK(byDomain == expectedIds(contacts, [&](const QJsonObject &p) {
                  return prop(p, u"email"_s).endsWith(domain, Qt::CaseInsensitive);
              }));
        CHECK(byDomain.contains(sample.id));
        CHECK(run(groups({QJsonArray{
                      filter(u"email"_s, u"NOT_CONTAINS_TOKEN"_s, QString(u"*"_s + domain))}}))
                  .size() == 400 - byDomain.size());
    }
    SECTION("GT, GTE, LT, LTE on numbers and dates; filters of a group are ANDed")
    {
        CHECK(run(groups({QJsonArray{filter(u"hs_object_id"_s, u"GT"_s, u"150"_s),
                                     filter(u"hs_object_id"_s, u"LT"_s, 300)}})) ==
              expectedIds(contacts, [](const QJsonObject &p) {
                  const qint64 id = prop(p, u"hs_object_id"_s).toLongLong();
                  return id > 150 && id < 300;
              }));
        CHECK(run(groups({QJsonArray{filter(u"hs_object_id"_s, u"GTE"_s, contacts.at(10).id),
                                     filter(u"hs_object_id"_s, u"LTE"_s, contacts.at(20).id)}}))
                  .size() == 11);

        // Dates: ISO-8601 or epoch milliseconds, compared as instants.
        const QString cut = prop(contacts.at(200).properties, u"createdate"_s);
        const QDateTime cutTime = QDateTime::fromString(cut, Qt::ISODateWithMs);
        REQUIRE(cutTime.isValid());
        const auto before = [&](const QJsonObject &p) {
            return QDateTime::fromString(prop(p, u"createdate"_s), Qt::ISODateWithMs) < cutTime;
        };
        const QStringList isoBefore =
            run(groups({QJsonArray{filter(u"createdate"_s, u"LT"_s, cut)}}));
        const QStringList msBefore = run(groups({QJsonArray{
            filter(u"createdate"_s, u"LT"_s, QString::number(cutTime.toMSecsSinceEpoch()))}}));
        CHECK(isoBefore == expectedIds(contacts, before));
        CHECK(msBefore == isoBefore);
        CHECK(run(groups({QJsonArray{filter(u"createdate"_s, u"GTE"_s, cut)}})).size() ==
              400 - isoBefore.size());
        CHECK(isoBefore.size() >= 150); // createdate grows with the id
    }
    SECTION("filter groups are ORed; IN and BETWEEN")
    {
        const QStringList either =
            run(groups({QJsonArray{filter(u"hs_object_id"_s, u"LT"_s, u"120"_s)},
                        QJsonArray{filter(u"hs_object_id"_s, u"GT"_s, u"480"_s)}}));
        CHECK(either == expectedIds(contacts, [](const QJsonObject &p) {
                  const qint64 id = prop(p, u"hs_object_id"_s).toLongLong();
                  return id < 120 || id > 480;
              }));
        QJsonObject in = filter(u"hs_object_id"_s, u"IN"_s);
        in.insert(u"values"_s, QJsonArray{contacts.at(1).id, contacts.at(7).id, u"999999"_s});
        CHECK(run(groups({QJsonArray{in}})) == QStringList{contacts.at(1).id, contacts.at(7).id});
        QJsonObject between = filter(u"hs_object_id"_s, u"BETWEEN"_s, contacts.at(30).id);
        between.insert(u"highValue"_s, contacts.at(39).id);
        CHECK(run(groups({QJsonArray{between}})) ==
              expectedIds(contacts, [&](const QJsonObject &p) {
                  const qint64 id = prop(p, u"hs_object_id"_s).toLongLong();
                  return id >= contacts.at(30).id.toLongLong() &&
                         id <= contacts.at(39).id.toLongLong();
              }));
    }
    SECTION("sorts: one property, either direction; properties pick the columns")
    {
        QJsonObject body{{u"limit"_s, 200},
                         {u"sorts"_s, QJsonArray{QJsonObject{{u"propertyName"_s, u"createdate"_s},
                                                             {u"direction"_s, u"DESCENDING"_s}}}},
                         {u"properties"_s, QJsonArray{u"createdate"_s, u"firstname"_s}}};
        const HttpResult r = search(sandbox, probe, contacts_, body);
        REQUIRE(r.status == 200);
        QStringList dates;
        for (const QJsonValue &v : r.json().object().value(u"results"_s).toArray()) {
            const QJsonObject p = v.toObject().value(u"properties"_s).toObject();
            CHECK(p.contains(u"firstname"_s));
            CHECK_FALSE(p.contains(u"email"_s));
            dates.append(prop(p, u"createdate"_s));
        }
        REQUIRE(dates.size() == 200);
        QStringList sorted = dates;
        std::sort(sorted.begin(), sorted.end(), std::greater<QString>());
        CHECK(dates == sorted); // ISO-8601 UTC strings sort like the instants
        CHECK(dates.first() >= prop(contacts.last().properties, u"createdate"_s));

        body.insert(u"sorts"_s, QJsonArray{u"createdate"_s, u"-firstname"_s});
        CHECK(search(sandbox, probe, contacts_, body).status == 400);
    }
    SECTION("invalid requests get 400 VALIDATION_ERROR")
    {
        const QList<QJsonObject> bad = {
            groups({QJsonArray{filter(u"email"_s, u"STARTS_WITH"_s, u"a"_s)}}),
            groups({QJsonArray{filter(u"no_such_property"_s, u"EQ"_s, u"a"_s)}}),
            groups({QJsonArray{filter(u"hs_object_id"_s, u"GT"_s, u"abc"_s)}}),
            groups({QJsonArray{filter(u"createdate"_s, u"LT"_s, u"yesterday"_s)}}),
            groups({QJsonArray{filter(u"email"_s, u"EQ"_s)}}),
            groups({QJsonArray{}, QJsonArray{}, QJsonArray{}, QJsonArray{}, QJsonArray{},
                    QJsonArray{}}),
            QJsonObject{{u"sorts"_s, QJsonArray{QJsonObject{{u"propertyName"_s, u"nope"_s}}}}},
        };
        for (const QJsonObject &body : bad) {
            INFO(compact(body).toStdString());
            const HttpResult r = search(sandbox, probe, contacts_, body);
            CHECK(r.status == 400);
            CHECK(r.json().object().value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);
        }
        const HttpResult notJson = probe.post(sandbox.url(u"/crm/v3/objects/contacts/search"_s),
                                              "{\"limit\":", "application/json", bearer(kToken));
        CHECK(notJson.status == 400);
        const HttpResult badType = search(sandbox, probe, u"widgets"_s, {});
        CHECK(badType.status == 400);
    }
}

TEST_CASE("search needs a bearer token with the type's scope", "[sandbox][search]")
{
    SandboxProcess sandbox(
        args({u"--auto-consent"_s, u"--contacts"_s, u"20"_s, u"--companies"_s, u"5"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult anonymous =
        probe.post(sandbox.url(u"/crm/v3/objects/contacts/search"_s), "{}", "application/json");
    CHECK(anonymous.status == 401);
    CHECK(search(sandbox, probe, u"contacts"_s, {}, u"not-a-token"_s).status == 401);

    const Tokens companiesOnly = login(sandbox, probe, u"oauth crm.objects.companies.read"_s);
    REQUIRE_FALSE(companiesOnly.access.isEmpty());
    const HttpResult forbidden = search(sandbox, probe, u"contacts"_s, {}, companiesOnly.access);
    CHECK(forbidden.status == 403);
    CHECK(forbidden.json().object().value(u"category"_s).toString() == u"MISSING_SCOPES"_s);
    const HttpResult allowed = search(sandbox, probe, u"companies"_s, {}, companiesOnly.access);
    CHECK(allowed.status == 200);
    CHECK(totalOf(allowed) == 5);
}

TEST_CASE("search has its own rate limit and sends no rate-limit headers", "[sandbox][search]")
{
    // A long window makes the count exact whatever the machine's speed.
    SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--contacts"_s, u"30"_s,
                            u"--search-rate-limit"_s, u"3/60000"_s, u"--rate-limit"_s,
                            u"100/10000"_s, u"--quiet"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    QVector<int> statuses;
    for (int i = 0; i < 5; ++i) {
        const HttpResult r = search(sandbox, probe, u"contacts"_s, QJsonObject{{u"limit"_s, 1}});
        statuses.append(r.status);
        CHECK(r.header("X-HubSpot-RateLimit-Max").isEmpty());
        CHECK(r.header("X-HubSpot-RateLimit-Remaining").isEmpty());
        CHECK(r.header("X-HubSpot-RateLimit-Interval-Milliseconds").isEmpty());
        if (r.status == 429) {
            const QJsonObject body = r.json().object();
            CHECK(body.value(u"status"_s).toString() == u"error"_s);
            CHECK(body.value(u"errorType"_s).toString() == u"RATE_LIMIT"_s);
            CHECK_FALSE(body.value(u"message"_s).toString().isEmpty());
            CHECK_FALSE(body.value(u"correlationId"_s).toString().isEmpty());
        }
    }
    CHECK(statuses == QVector<int>{200, 200, 200, 429, 429});

    // Searches spent nothing of the general budget; list calls still have headers.
    const HttpResult list = apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken);
    CHECK(list.status == 200);
    CHECK(list.header("X-HubSpot-RateLimit-Max") == "100");
    CHECK(list.header("X-HubSpot-RateLimit-Remaining") == "99");

    // And the list budget running out does not stop search (nor the other way round).
    SandboxProcess tight({u"--private-app-token"_s, kToken, u"--contacts"_s, u"30"_s,
                          u"--rate-limit"_s, u"1/60000"_s, u"--quiet"_s});
    REQUIRE(tight.started());
    CHECK(apiGet(tight, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken).status == 200);
    CHECK(apiGet(tight, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken).status == 429);
    CHECK(search(tight, probe, u"contacts"_s, {}).status == 200); // default 5/1000: the first
}
