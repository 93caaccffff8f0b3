// Black-box tests of the sandbox's CRM search at the date-based paths: what a
// partitioned loader needs (hs_object_id ranges and sets, id and last-modified
// sorts, id-only pages, totals) and the search index lag (--search-lag-ms):
// records created, modified or archived within the lag.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);
const QStringList kTypes = {u"contacts"_s, u"companies"_s, u"deals"_s, u"tickets"_s};

QStringList args(QStringList extra = {})
{
    return QStringList{u"--private-app-token"_s,
                       kToken,
                       u"--search-rate-limit"_s,
                       u"off"_s,
                       u"--rate-limit"_s,
                       u"off"_s,
                       u"--quiet"_s} +
           extra;
}

QString lastModified(const QString &type)
{
    return type == u"contacts"_s ? u"lastmodifieddate"_s : u"hs_lastmodifieddate"_s;
}

QJsonObject searchBody(const QJsonArray &filters, const QJsonArray &sorts = {}, int limit = 200,
                       const QJsonArray &properties = {})
{
    QJsonObject body{{u"limit"_s, limit}};
    if (!filters.isEmpty())
        body.insert(u"filterGroups"_s, QJsonArray{QJsonObject{{u"filters"_s, filters}}});
    if (!sorts.isEmpty())
        body.insert(u"sorts"_s, sorts);
    if (!properties.isEmpty())
        body.insert(u"properties"_s, properties);
    return body;
}

QJsonObject idFilter(const QString &op, const QJsonValue &value, const QJsonValue &high = {})
{
    QJsonObject f{{u"propertyName"_s, u"hs_object_id"_s}, {u"operator"_s, op}};
    if (op == u"IN"_s)
        f.insert(u"values"_s, value);
    else
        f.insert(u"value"_s, value);
    if (!high.isUndefined())
        f.insert(u"highValue"_s, high);
    return f;
}

QJsonObject sortBy(const QString &property, bool descending = false)
{
    return QJsonObject{{u"propertyName"_s, property},
                       {u"direction"_s, descending ? u"DESCENDING"_s : u"ASCENDING"_s}};
}

struct Page
{
    int status = 0;
    qint64 total = -1;
    QJsonArray results;
    QString after;
};

Page search(SandboxProcess &sandbox, HttpProbe &probe, const QString &version, const QString &type,
            const QJsonObject &body)
{
    const HttpResult r = postJson(
        sandbox, probe, u"/crm/objects/"_s + version + u"/"_s + type + u"/search"_s, body, kToken);
    INFO(r.body.left(300).toStdString());
    const QJsonObject o = r.json().object();
    return {
        r.status, qint64(o.value(u"total"_s).toDouble(-1)), o.value(u"results"_s).toArray(),
        o.value(u"paging"_s).toObject().value(u"next"_s).toObject().value(u"after"_s).toString()};
}

QStringList ids(const QJsonArray &results)
{
    QStringList out;
    for (const QJsonValue &v : results)
        out.append(v.toObject().value(u"id"_s).toString());
    return out;
}

QStringList listIds(SandboxProcess &sandbox, HttpProbe &probe, const QString &type)
{
    const Paged p =
        pageAll(sandbox, probe, u"/crm/objects/2026-09/"_s + type + u"?limit=100"_s, kToken);
    REQUIRE(p.ok);
    return p.ids;
}

} // namespace

TEST_CASE("search serves a partitioned loader: id ranges, id sets, sorts, id-only pages",
          "[sandbox][search][dated]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    INFO("version " << v.toStdString());
    SandboxProcess sandbox(args({u"--contacts"_s, u"1234"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QStringList all = listIds(sandbox, probe, u"contacts"_s);
    REQUIRE(all.size() == 1234);
    const auto number = [](const QString &id) { return id.toLongLong(); };
    const qint64 lo = number(all.at(100)), hi = number(all.at(299));

    const auto expect = [&](const QJsonObject &f, const std::function<bool(qint64)> &keep) {
        QStringList wanted;
        for (const QString &id : all)
            if (keep(number(id)))
                wanted.append(id);
        const Page p =
            search(sandbox, probe, v, u"contacts"_s, searchBody({f}, {}, 200, {u"hs_object_id"_s}));
        INFO(QJsonDocument(f).toJson(QJsonDocument::Compact).toStdString());
        REQUIRE(p.status == 200);
        CHECK(p.total == wanted.size());
        CHECK(ids(p.results) == wanted.mid(0, 200));
    };
    expect(idFilter(u"GT"_s, QString::number(lo)), [&](qint64 x) { return x > lo; });
    expect(idFilter(u"GTE"_s, lo), [&](qint64 x) { return x >= lo; });
    expect(idFilter(u"LT"_s, QString::number(hi)), [&](qint64 x) { return x < hi; });
    expect(idFilter(u"LTE"_s, hi), [&](qint64 x) { return x <= hi; });
    expect(idFilter(u"BETWEEN"_s, QString::number(lo), QString::number(hi)),
           [&](qint64 x) { return x >= lo && x <= hi; });
    expect(idFilter(u"IN"_s, QJsonArray{all.at(3), all.at(700), u"1"_s}),
           [&](qint64 x) { return x == number(all.at(3)) || x == number(all.at(700)); });

    // A partition walk: hs_object_id GT <last id>, ascending, id-only pages, until empty.
    QStringList walked;
    QString last = u"0"_s;
    for (int guard = 0; guard < 20; ++guard) {
        const Page p = search(sandbox, probe, v, u"contacts"_s,
                              searchBody({idFilter(u"GT"_s, last)}, {sortBy(u"hs_object_id"_s)},
                                         200, {u"hs_object_id"_s}));
        REQUIRE(p.status == 200);
        CHECK(p.total == all.size() - walked.size());
        if (p.results.isEmpty())
            break;
        for (const QJsonValue &r : p.results) {
            const QJsonObject props = r.toObject().value(u"properties"_s).toObject();
            CHECK(props.value(u"hs_object_id"_s).toString() ==
                  r.toObject().value(u"id"_s).toString());
            CHECK_FALSE(props.contains(u"email"_s));
            CHECK_FALSE(props.contains(u"firstname"_s));
        }
        walked += ids(p.results);
        last = walked.last();
    }
    CHECK(walked == all);

    const Page descending = search(sandbox, probe, v, u"contacts"_s,
                                   searchBody({}, {sortBy(u"hs_object_id"_s, true)}, 50));
    QStringList reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(ids(descending.results) == reversed.mid(0, 50));

    for (const QString &type : kTypes)
        for (const bool desc : {false, true}) {
            const Page p = search(
                sandbox, probe, v, type,
                searchBody({}, {sortBy(lastModified(type), desc)}, 200, {lastModified(type)}));
            INFO(type.toStdString() << (desc ? " descending" : " ascending"));
            REQUIRE(p.status == 200);
            QStringList stamps;
            for (const QJsonValue &r : p.results)
                stamps.append(r.toObject()
                                  .value(u"properties"_s)
                                  .toObject()
                                  .value(lastModified(type))
                                  .toString());
            QStringList sorted = stamps;
            std::sort(sorted.begin(), sorted.end());
            if (desc)
                std::reverse(sorted.begin(), sorted.end());
            CHECK(stamps == sorted);
            CHECK(stamps.size() == std::min<qsizetype>(200, listIds(sandbox, probe, type).size()));
        }
}

TEST_CASE("search lags behind changes by --search-lag-ms, list and read do not",
          "[sandbox][search][changes]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    SandboxProcess sandbox(args({u"--search-lag-ms"_s, u"2500"_s, u"--archived"_s, u"0"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray props{u"lastname"_s, u"hs_object_id"_s, u"lastmodifieddate"_s};
    const Page before = search(sandbox, probe, v, u"contacts"_s, searchBody({}, {}, 200, props));
    REQUIRE(before.total == 300);

    QElapsedTimer clock;
    clock.start();
    const QJsonObject changed = applyChanges(sandbox, probe,
                                             QJsonObject{{u"type"_s, u"contacts"_s},
                                                         {u"modify"_s, 3},
                                                         {u"add"_s, 2},
                                                         {u"delete"_s, 2},
                                                         {u"seed"_s, 4}});
    const QStringList modified = strings(changed.value(u"modified"_s));
    const QStringList added = strings(changed.value(u"added"_s));
    const QStringList deleted = strings(changed.value(u"deleted"_s));
    const auto in = [](const QStringList &list) {
        QJsonArray values;
        for (const QString &id : list)
            values.append(id);
        return idFilter(u"IN"_s, values);
    };
    const auto values = [&](const QJsonArray &results, const QString &name) {
        QHash<QString, QString> out;
        for (const QJsonValue &r : results)
            out.insert(r.toObject().value(u"id"_s).toString(),
                       r.toObject().value(u"properties"_s).toObject().value(name).toString());
        return out;
    };
    const auto lastnames = [&](const QJsonArray &results) {
        return values(results, u"lastname"_s);
    };
    const QJsonArray oldResults =
        search(sandbox, probe, v, u"contacts"_s, searchBody({in(modified)}, {}, 200, props))
            .results;
    const QHash<QString, QString> old = lastnames(oldResults);
    const QHash<QString, QString> oldStamps = values(oldResults, u"lastmodifieddate"_s);

    // List and read are current at once.
    const QStringList listed = listIds(sandbox, probe, u"contacts"_s);
    CHECK(listed.size() == 300);
    for (const QString &id : added)
        CHECK(listed.contains(id));
    for (const QString &id : deleted)
        CHECK_FALSE(listed.contains(id));
    const HttpResult read = apiGet(sandbox, probe,
                                   u"/crm/objects/"_s + v + u"/contacts/"_s + modified.first() +
                                       u"?properties=lastname"_s,
                                   kToken);
    const QString current =
        read.json().object().value(u"properties"_s).toObject().value(u"lastname"_s).toString();

    // Search, within the lag, still sees the data as it was.
    {
        const Page addedNow = search(sandbox, probe, v, u"contacts"_s, searchBody({in(added)}));
        const Page deletedNow = search(sandbox, probe, v, u"contacts"_s, searchBody({in(deleted)}));
        const Page total = search(sandbox, probe, v, u"contacts"_s, searchBody({}, {}, 0));
        const QJsonArray seenResults =
            search(sandbox, probe, v, u"contacts"_s, searchBody({in(modified)}, {}, 200, props))
                .results;
        const QJsonObject byNewName{
            {u"propertyName"_s, u"lastname"_s}, {u"operator"_s, u"EQ"_s}, {u"value"_s, current}};
        const Page newName = search(sandbox, probe, v, u"contacts"_s,
                                    searchBody({byNewName, in({modified.first()})}));
        const QJsonObject byOldName{{u"propertyName"_s, u"lastname"_s},
                                    {u"operator"_s, u"EQ"_s},
                                    {u"value"_s, old.value(modified.first())}};
        const Page oldName = search(sandbox, probe, v, u"contacts"_s,
                                    searchBody({byOldName, in({modified.first()})}));
        const QJsonObject recent{{u"propertyName"_s, u"lastmodifieddate"_s},
                                 {u"operator"_s, u"GTE"_s},
                                 {u"value"_s, QDateTime::currentMSecsSinceEpoch() - 60000}};
        const Page newest = search(sandbox, probe, v, u"contacts"_s, searchBody({recent}));
        REQUIRE(clock.elapsed() < 2400); // otherwise the lag is over and this proves nothing
        CHECK(addedNow.total == 0);
        CHECK(deletedNow.total == 2);
        CHECK(ids(deletedNow.results) == deleted);
        CHECK(total.total == 300);
        CHECK(lastnames(seenResults) == old);
        CHECK(values(seenResults, u"lastmodifieddate"_s) == oldStamps);
        CHECK(newName.total == 0);
        CHECK(oldName.total == 1);
        CHECK(newest.total == 0); // nothing was modified recently, as far as search knows
    }
    CHECK(current != old.value(modified.first()));

    // After the lag, search has caught up.
    QThread::msleep(quint64(std::max<qint64>(0, 2600 - clock.elapsed())));
    CHECK(search(sandbox, probe, v, u"contacts"_s, searchBody({in(added)})).total == 2);
    CHECK(search(sandbox, probe, v, u"contacts"_s, searchBody({in(deleted)})).total == 0);
    CHECK(search(sandbox, probe, v, u"contacts"_s, searchBody({}, {}, 0)).total == 300);
    const QHash<QString, QString> caught = lastnames(
        search(sandbox, probe, v, u"contacts"_s, searchBody({in(modified)}, {}, 200, props))
            .results);
    CHECK(caught.value(modified.first()) == current);
    const QStringList newest = ids(search(sandbox, probe, v, u"contacts"_s,
                                          searchBody({}, {sortBy(u"lastmodifieddate"_s, true)}, 5))
                                       .results);
    CHECK(QSet<QString>(newest.begin(), newest.end()) ==
          QSet<QString>(modified.begin(), modified.end())
              .unite(QSet<QString>(added.begin(), added.end())));
}

TEST_CASE("without a lag, search sees changes at once", "[sandbox][search][changes]")
{
    SandboxProcess sandbox(args());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonObject changed = applyChanges(
        sandbox, probe, QJsonObject{{u"type"_s, u"deals"_s}, {u"add"_s, 3}, {u"delete"_s, 4}});
    const Page p = search(sandbox, probe, u"2026-09"_s, u"deals"_s, searchBody({}, {}, 200));
    CHECK(p.total == 120 + 3 - 4);
    const QStringList found = ids(p.results);
    for (const QString &id : strings(changed.value(u"added"_s)))
        CHECK(found.contains(id));
    for (const QString &id : strings(changed.value(u"deleted"_s)))
        CHECK_FALSE(found.contains(id));
}
