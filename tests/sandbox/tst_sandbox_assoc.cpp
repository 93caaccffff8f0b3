// Black-box tests of association paging in the sandbox's HubSpot API, at every
// version (legacy v3/v4 and date-based): the inline cap with nested cursors on
// list and read, the batch read paged per input (a 1,500-contact fan-out read
// from the deal and the company side), the 1,000-input limit and the
// toObjectId wire type.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

// Where one API flavour keeps its objects and association batch reads.
struct Flavour
{
    QString name;         // "legacy" or a version
    QString objects;      // /crm/v3/objects
    QString associations; // /crm/v4/associations
};

QList<Flavour> flavours()
{
    QList<Flavour> out = {{u"legacy"_s, u"/crm/v3/objects"_s, u"/crm/v4/associations"_s}};
    for (const QString &v : kDatedVersions)
        out.append({v, u"/crm/objects/"_s + v, u"/crm/associations/"_s + v});
    return out;
}

QStringList args(QStringList extra)
{
    return QStringList{u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"off"_s,
                       u"--quiet"_s} +
           extra;
}

QString idText(const QJsonValue &v)
{
    return v.isString() ? v.toString() : QString::number(v.toInteger());
}

// Every association the `to` side lists back: from-id -> to-ids, from the
// other type's inline associations (each of those lists is short).
QHash<QString, QSet<QString>> reverseIndex(SandboxProcess &sandbox, HttpProbe &probe,
                                           const Flavour &f, const QString &toType,
                                           const QString &fromType)
{
    const Paged all = pageAll(
        sandbox, probe, f.objects + u"/"_s + toType + u"?limit=100&associations="_s + fromType,
        kToken, true);
    REQUIRE(all.ok);
    QHash<QString, QSet<QString>> index;
    for (const QJsonValue &v : all.results) {
        const QJsonObject o = v.toObject();
        const QJsonObject list = o.value(u"associations"_s).toObject().value(fromType).toObject();
        REQUIRE_FALSE(list.contains(u"paging"_s));
        for (const QJsonValue &a : list.value(u"results"_s).toArray())
            index[a.toObject().value(u"id"_s).toString()].insert(o.value(u"id"_s).toString());
    }
    return index;
}

struct Walk
{
    QStringList ids; // in the order received
    int requests = 0;
    int largestPage = 0;
    QSet<QString> idTypes; // "string" / "number"
};

// Reads every association of the inputs ({id} or {id, after}) through the batch
// read, following each result's paging.next.after with the same id until none is left.
QHash<QString, Walk> batchWalk(SandboxProcess &sandbox, HttpProbe &probe, const Flavour &f,
                               const QString &from, const QString &to, QJsonArray inputs)
{
    QHash<QString, Walk> walks;
    for (int round = 0; !inputs.isEmpty() && round < 100; ++round) {
        const HttpResult r = postJson(
            sandbox, probe, f.associations + u"/"_s + from + u"/"_s + to + u"/batch/read"_s,
            QJsonObject{{u"inputs"_s, inputs}}, kToken);
        INFO(r.body.left(500).toStdString());
        REQUIRE((r.status == 200 || r.status == 207));
        inputs = QJsonArray();
        for (const QJsonValue &v : r.json().object().value(u"results"_s).toArray()) {
            const QJsonObject result = v.toObject();
            const QString id = result.value(u"from"_s).toObject().value(u"id"_s).toString();
            Walk &w = walks[id];
            ++w.requests;
            const QJsonArray toArray = result.value(u"to"_s).toArray();
            w.largestPage = std::max(w.largestPage, int(toArray.size()));
            for (const QJsonValue &t : toArray) {
                const QJsonValue toId = t.toObject().value(u"toObjectId"_s);
                w.idTypes.insert(toId.isString() ? u"string"_s : u"number"_s);
                w.ids.append(idText(toId));
            }
            const QString after = result.value(u"paging"_s)
                                      .toObject()
                                      .value(u"next"_s)
                                      .toObject()
                                      .value(u"after"_s)
                                      .toString();
            if (!after.isEmpty())
                inputs.append(QJsonObject{{u"id"_s, id}, {u"after"_s, after}});
        }
    }
    REQUIRE(inputs.isEmpty());
    return walks;
}

QHash<QString, Walk> batchWalk(SandboxProcess &sandbox, HttpProbe &probe, const Flavour &f,
                               const QString &from, const QString &to, const QStringList &ids)
{
    QJsonArray inputs;
    for (const QString &id : ids)
        inputs.append(QJsonObject{{u"id"_s, id}});
    return batchWalk(sandbox, probe, f, from, to, inputs);
}

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.begin(), list.end());
}

} // namespace

TEST_CASE("inline associations are capped per record and type, nested cursors walk the rest",
          "[sandbox][associations]")
{
    const Flavour f = GENERATE(from_range(flavours()));
    INFO("flavour " << f.name.toStdString());
    SandboxProcess sandbox(args({u"--contacts"_s, u"400"_s, u"--fanout-contacts"_s, u"250"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QHash<QString, QSet<QString>> contactsOf =
        reverseIndex(sandbox, probe, f, u"contacts"_s, u"companies"_s);
    const QHash<QString, QSet<QString>> contactsOfDeal =
        reverseIndex(sandbox, probe, f, u"contacts"_s, u"deals"_s);

    for (const QString &type : {u"companies"_s, u"deals"_s}) {
        const HttpResult page =
            apiGet(sandbox, probe, f.objects + u"/"_s + type + u"?limit=3&associations=contacts"_s,
                   kToken);
        REQUIRE(page.status == 200);
        const QJsonObject hub = page.json().object().value(u"results"_s).toArray().at(0).toObject();
        const QString hubId = hub.value(u"id"_s).toString();
        const QSet<QString> expected =
            type == u"companies"_s ? contactsOf.value(hubId) : contactsOfDeal.value(hubId);
        REQUIRE(expected.size() >= 250);
        const QJsonObject list =
            hub.value(u"associations"_s).toObject().value(u"contacts"_s).toObject();
        const QJsonArray inline_ = list.value(u"results"_s).toArray();
        CHECK(inline_.size() == 100);
        QStringList seen;
        for (const QJsonValue &a : inline_)
            seen.append(a.toObject().value(u"id"_s).toString());
        CHECK(strictlyAscendingNumeric(seen));
        const QJsonObject next = list.value(u"paging"_s).toObject().value(u"next"_s).toObject();
        const QString after = next.value(u"after"_s).toString();
        REQUIRE_FALSE(after.isEmpty());
        REQUIRE_FALSE(next.value(u"link"_s).toString().isEmpty());

        // The same record read alone carries the same inline page.
        const HttpResult single = apiGet(
            sandbox, probe,
            f.objects + u"/"_s + type + u"/"_s + hubId + u"?associations=contacts"_s, kToken);
        CHECK(single.json().object().value(u"associations"_s) == hub.value(u"associations"_s));

        // The nested cursor continues in the batch read ({id, after}) ...
        const QStringList rest =
            batchWalk(sandbox, probe, f, type, u"contacts"_s,
                      QJsonArray{QJsonObject{{u"id"_s, hubId}, {u"after"_s, after}}})
                .value(hubId)
                .ids;
        CHECK(seen.size() + rest.size() == expected.size());
        CHECK(toSet(seen + rest) == expected);
        CHECK(toSet(seen).intersect(toSet(rest)).isEmpty());

        // ... and the (deprecated) link leads to a per-record GET that does the same.
        const HttpResult linked = probe.get(QUrl(next.value(u"link"_s).toString()), bearer(kToken));
        INFO(next.value(u"link"_s).toString().toStdString());
        REQUIRE(linked.status == 200);
        QStringList viaLink;
        for (const QJsonValue &t : linked.json().object().value(u"results"_s).toArray())
            viaLink.append(idText(t.toObject().value(u"toObjectId"_s)));
        CHECK(viaLink == rest);
    }
}

TEST_CASE("the inline association cap is an option", "[sandbox][associations]")
{
    SandboxProcess sandbox(
        args({u"--fanout-contacts"_s, u"20"_s, u"--hubspot-inline-associations"_s, u"7"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult r = apiGet(
        sandbox, probe, u"/crm/objects/2026-09/companies/2000001?associations=contacts"_s, kToken);
    REQUIRE(r.status == 200);
    const QJsonObject list =
        r.json().object().value(u"associations"_s).toObject().value(u"contacts"_s).toObject();
    CHECK(list.value(u"results"_s).toArray().size() == 7);
    CHECK(list.contains(u"paging"_s));
}

TEST_CASE("associations batch read pages per input: a 1,500-contact fan-out exactly once",
          "[sandbox][associations]")
{
    const Flavour f = GENERATE(from_range(flavours()));
    INFO("flavour " << f.name.toStdString());
    SandboxProcess sandbox(args({u"--contacts"_s, u"1600"_s, u"--fanout-contacts"_s, u"1500"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Paged contacts = pageAll(sandbox, probe, f.objects + u"/contacts?limit=100"_s, kToken);
    REQUIRE(contacts.ok);
    const QSet<QString> fanned = toSet(contacts.ids.mid(0, 1500));

    for (const QString &hub : {u"deals"_s, u"companies"_s}) {
        const Paged hubs =
            pageAll(sandbox, probe, f.objects + u"/"_s + hub + u"?limit=100"_s, kToken);
        REQUIRE(hubs.ok);
        const QStringList inputs = hubs.ids.mid(0, 4);
        const QHash<QString, QSet<QString>> reverse =
            reverseIndex(sandbox, probe, f, u"contacts"_s, hub);
        const QHash<QString, Walk> walks = batchWalk(sandbox, probe, f, hub, u"contacts"_s, inputs);
        const Walk &first = walks.value(inputs.first());
        INFO(hub.toStdString() << ' ' << inputs.first().toStdString());
        CHECK(first.ids.size() == reverse.value(inputs.first()).size());
        CHECK(toSet(first.ids).size() == first.ids.size()); // each exactly once
        CHECK(toSet(first.ids) == reverse.value(inputs.first()));
        CHECK(toSet(first.ids).contains(fanned));
        CHECK(first.requests == (int(first.ids.size()) + 499) / 500);
        CHECK(first.largestPage == 500);
        CHECK(strictlyAscendingNumeric(first.ids));
        CHECK(first.idTypes == QSet<QString>{f.name == u"legacy"_s ? u"number"_s : u"string"_s});
        // The other inputs are read in the same requests, each on its own.
        for (const QString &id : inputs.mid(1))
            if (reverse.contains(id))
                CHECK(toSet(walks.value(id).ids) == reverse.value(id));
    }

    // And from the contacts' side: every fanned-out contact lists the first company.
    const QHash<QString, Walk> back =
        batchWalk(sandbox, probe, f, u"contacts"_s, u"companies"_s, contacts.ids.mid(0, 1000));
    int listing = 0;
    for (const Walk &w : back)
        listing += w.ids.contains(u"2000001"_s) ? 1 : 0;
    CHECK(listing == 1000);
}

TEST_CASE("associations batch read refuses more than 1,000 inputs", "[sandbox][associations]")
{
    const Flavour f = GENERATE(from_range(flavours()));
    SandboxProcess sandbox(args({u"--contacts"_s, u"1200"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Paged contacts = pageAll(sandbox, probe, f.objects + u"/contacts?limit=100"_s, kToken);
    REQUIRE(contacts.ok);
    QJsonArray inputs;
    for (const QString &id : contacts.ids.mid(0, 1001))
        inputs.append(QJsonObject{{u"id"_s, id}});
    const QString path = f.associations + u"/contacts/companies/batch/read"_s;
    const HttpResult tooMany =
        postJson(sandbox, probe, path, QJsonObject{{u"inputs"_s, inputs}}, kToken);
    INFO(tooMany.body.toStdString());
    REQUIRE(tooMany.status == 400);
    const QJsonObject e = tooMany.json().object();
    CHECK(e.value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);
    CHECK_FALSE(e.value(u"correlationId"_s).toString().isEmpty());
    CHECK(e.value(u"message"_s).toString().contains(u"1000"_s));
    inputs.removeLast();
    const HttpResult ok =
        postJson(sandbox, probe, path, QJsonObject{{u"inputs"_s, inputs}}, kToken);
    CHECK((ok.status == 200 || ok.status == 207));
    CHECK(ok.json().object().value(u"results"_s).toArray().size() > 500);
}

TEST_CASE("association page size, toObjectId type and bad cursors", "[sandbox][associations]")
{
    SandboxProcess sandbox(args({u"--fanout-contacts"_s, u"30"_s, u"--hubspot-association-page"_s,
                                 u"7"_s, u"--hubspot-to-object-id"_s, u"number"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Flavour dated = flavours().at(1);
    const QHash<QString, Walk> walks =
        batchWalk(sandbox, probe, dated, u"deals"_s, u"contacts"_s, QStringList{u"4000001"_s});
    const Walk &w = walks.value(u"4000001"_s);
    CHECK(w.ids.size() >= 30);
    CHECK(w.largestPage == 7);
    CHECK(w.requests == (int(w.ids.size()) + 6) / 7);
    CHECK(w.idTypes == QSet<QString>{u"number"_s});

    for (const QString &bad :
         {u"nonsense"_s, QString::fromLatin1(QByteArray("0-2-101").toBase64())}) {
        const HttpResult r = postJson(
            sandbox, probe, dated.associations + u"/deals/contacts/batch/read"_s,
            QJsonObject{
                {u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"4000001"_s}, {u"after"_s, bad}}}}},
            kToken);
        INFO(bad.toStdString() << ": " << r.body.toStdString());
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"category"_s).toString() == u"VALIDATION_ERROR"_s);
    }
}
