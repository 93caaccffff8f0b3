// Black-box tests of the sandbox's Notion imitation by Notion-Version:
// databases vs data sources, multi-source databases meeting 2022-06-28,
// archived/in_trash, trash filters, last_edited_time sorts with cursors, the
// 60-second window budget and the workspace limit, 429/529 faults in Notion's
// shape, and the change-set endpoint and churn option.
#include "notiontestutil.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

QStringList unlimited(QStringList extra = {})
{
    return QStringList{u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s} + extra;
}

// Every live object of a version's search, by id.
QHash<QString, QJsonObject> byId(const QJsonArray &results)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : results)
        out.insert(v.toObject().value(u"id"_s).toString(), v.toObject());
    return out;
}

QJsonObject trashFilter(const QString &kind = QString())
{
    QJsonObject f{{u"in_trash"_s, true}};
    if (!kind.isEmpty()) {
        f.insert(u"property"_s, u"object"_s);
        f.insert(u"value"_s, kind);
    }
    return QJsonObject{{u"filter"_s, f}};
}

// Data sources whose database holds more than one (modern search).
QStringList multiSourceDatabases(SandboxProcess &sandbox, HttpProbe &probe)
{
    QStringList out;
    QSet<QString> seen;
    for (const QJsonValue &v :
         ntListAll(sandbox, probe, ntObjectFilter(u"data_source"_s), 100, kNtDataSources).results) {
        const QString db =
            v.toObject().value(u"parent"_s).toObject().value(u"database_id"_s).toString();
        if (seen.contains(db))
            continue;
        seen.insert(db);
        const HttpResult r =
            ntGet(sandbox, probe, u"/v1/databases/"_s + db, kNtInternal, kNtDataSources);
        REQUIRE(r.status == 200);
        if (r.json().object().value(u"data_sources"_s).toArray().size() > 1)
            out.append(db);
    }
    return out;
}

} // namespace

TEST_CASE("Notion versions: databases hold data sources from 2025-09-03 on", "[sandbox][notion]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray sources =
        ntListAll(sandbox, probe, ntObjectFilter(u"data_source"_s), 100, kNtDataSources).results;
    REQUIRE(sources.size() >= 6);
    const QJsonObject source = sources.first().toObject();
    CHECK(source.value(u"object"_s).toString() == u"data_source"_s);
    CHECK(source.value(u"properties"_s).toObject().size() >= 2);
    CHECK(source.value(u"parent"_s).toObject().value(u"type"_s).toString() == u"database_id"_s);
    CHECK(source.value(u"database_parent"_s).isObject());
    CHECK(source.contains(u"archived"_s));
    const QString dbId = source.value(u"parent"_s).toObject().value(u"database_id"_s).toString();

    // The container: data_sources, no properties; archived before 2026-03-11 only.
    for (const QByteArray &version : {kNtDataSources, kNtNewest}) {
        const HttpResult db =
            ntGet(sandbox, probe, u"/v1/databases/"_s + dbId, kNtInternal, version);
        REQUIRE(db.status == 200);
        const QJsonObject o = db.json().object();
        CHECK(o.value(u"object"_s).toString() == u"database"_s);
        CHECK_FALSE(o.contains(u"properties"_s));
        CHECK(o.value(u"in_trash"_s).isBool());
        CHECK(o.contains(u"archived"_s) == (version == kNtDataSources));
        QStringList listed;
        for (const QJsonValue &s : o.value(u"data_sources"_s).toArray())
            listed.append(s.toObject().value(u"id"_s).toString());
        CHECK(listed.contains(source.value(u"id"_s).toString()));
    }
    // 2026-03-11: no archived anywhere, in_trash everywhere.
    for (const QJsonValue &v : ntListAll(sandbox, probe, {}, 100, kNtNewest).results) {
        CHECK_FALSE(v.toObject().contains(u"archived"_s));
        CHECK(v.toObject().value(u"in_trash"_s).isBool());
    }
    // Data source endpoints need 2025-09-03; the old database query is gone there.
    const HttpResult old =
        ntGet(sandbox, probe, u"/v1/data_sources/"_s + source.value(u"id"_s).toString(),
              kNtInternal, kNtLegacy);
    CHECK(old.status == 400);
    CHECK(ntErrorCode(old) == u"invalid_request_url"_s);
    const HttpResult oldQuery = ntPost(sandbox, probe, u"/v1/databases/"_s + dbId + u"/query"_s, {},
                                       kNtInternal, kNtDataSources);
    CHECK(oldQuery.status == 400);
    CHECK(ntErrorCode(oldQuery) == u"invalid_request_url"_s);
    // Search filter values follow the version.
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s, ntObjectFilter(u"database"_s),
                             kNtInternal, kNtDataSources)) == u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s, ntObjectFilter(u"data_source"_s),
                             kNtInternal, kNtLegacy)) == u"validation_error"_s);
}

TEST_CASE("Notion 2022-06-28 meeting a multi-source database gets an error", "[sandbox][notion]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QStringList multi = multiSourceDatabases(sandbox, probe);
    REQUIRE(multi.size() == 2); // databases / 3 by default
    const QString db = multi.first();
    auto refused = [](const HttpResult &r) {
        INFO(r.body.toStdString());
        CHECK(r.status == 400);
        CHECK(ntErrorCode(r) == u"validation_error"_s);
        CHECK(
            r.json().object().value(u"message"_s).toString().contains(u"multiple data sources"_s));
    };
    refused(ntGet(sandbox, probe, u"/v1/databases/"_s + db, kNtInternal, kNtLegacy));
    refused(
        ntPost(sandbox, probe, u"/v1/databases/"_s + db + u"/query"_s, {}, kNtInternal, kNtLegacy));
    // A search page holding it fails; one without databases does not.
    refused(ntPost(sandbox, probe, u"/v1/search"_s, ntObjectFilter(u"database"_s), kNtInternal,
                   kNtLegacy));
    CHECK(ntPost(sandbox, probe, u"/v1/search"_s, ntObjectFilter(u"page"_s), kNtInternal, kNtLegacy)
              .status == 200);
    // Rows of it still show their database as parent.
    bool sawRow = false;
    for (const QJsonValue &v : ntListAll(sandbox, probe, ntObjectFilter(u"page"_s), 100).results)
        sawRow = sawRow || v.toObject().value(u"parent"_s).toObject().value(u"database_id"_s) == db;
    CHECK(sawRow);

    SECTION("the lenient option leaves it out of 2022-06-28 search")
    {
        SandboxProcess lenient(unlimited({u"--notion-legacy-multi-source"_s, u"omit"_s}));
        REQUIRE(lenient.started());
        const QJsonArray dbs =
            ntListAll(lenient, probe, ntObjectFilter(u"database"_s), 100).results;
        CHECK(dbs.size() == 4); // 6 databases, 2 with two data sources
        CHECK_FALSE(ntIds(dbs).contains(db));
        CHECK(ntGet(lenient, probe, u"/v1/databases/"_s + db, kNtInternal, kNtLegacy).status ==
              400);
    }
}

TEST_CASE("Notion trash: left out by default, in_trash asks for it alone", "[sandbox][notion]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (const QByteArray &version : {kNtDataSources, kNtNewest}) {
        const QJsonArray live = ntListAll(sandbox, probe, {}, 100, version).results;
        const QJsonArray trash = ntListAll(sandbox, probe, trashFilter(), 100, version).results;
        for (const QJsonValue &v : live)
            CHECK_FALSE(v.toObject().value(u"in_trash"_s).toBool());
        QSet<QString> kinds;
        for (const QJsonValue &v : trash) {
            CHECK(v.toObject().value(u"in_trash"_s).toBool());
            kinds.insert(v.toObject().value(u"object"_s).toString());
        }
        CHECK(kinds == QSet<QString>{u"page"_s, u"data_source"_s});
        const QJsonArray trashedPages =
            ntListAll(sandbox, probe, trashFilter(u"page"_s), 100, version).results;
        CHECK(trashedPages.size() == trash.size() - 1); // one data source in the trash
        const QStringList liveIds = ntIds(live);
        for (const QString &id : ntIds(trash))
            CHECK_FALSE(liveIds.contains(id));
        // A trashed page can still be retrieved, flagged.
        const HttpResult page =
            ntGet(sandbox, probe,
                  u"/v1/pages/"_s + trashedPages.first().toObject().value(u"id"_s).toString(),
                  kNtInternal, version);
        REQUIRE(page.status == 200);
        CHECK(page.json().object().value(u"in_trash"_s).toBool());
    }
    // Rows: a data source query leaves trashed rows out unless in_trash (or, before
    // 2026-03-11, archived) asks for them.
    const QJsonArray trash =
        ntListAll(sandbox, probe, trashFilter(u"page"_s), 100, kNtDataSources).results;
    QString source;
    for (const QJsonValue &v : trash)
        if (v.toObject().value(u"parent"_s).toObject().contains(u"data_source_id"_s))
            source =
                v.toObject().value(u"parent"_s).toObject().value(u"data_source_id"_s).toString();
    REQUIRE_FALSE(source.isEmpty());
    const QString query = u"/v1/data_sources/"_s + source + u"/query"_s;
    for (const QJsonValue &v : ntListAll(sandbox, probe, {}, 100, kNtDataSources, query).results)
        CHECK_FALSE(v.toObject().value(u"in_trash"_s).toBool());
    const QJsonArray trashedRows =
        ntListAll(sandbox, probe, {{u"in_trash"_s, true}}, 100, kNtDataSources, query).results;
    REQUIRE_FALSE(trashedRows.isEmpty());
    for (const QJsonValue &v : trashedRows)
        CHECK(v.toObject().value(u"in_trash"_s).toBool());
    CHECK(ntIds(ntListAll(sandbox, probe, {{u"archived"_s, true}}, 100, kNtDataSources, query)
                    .results) == ntIds(trashedRows));
    CHECK(
        ntIds(ntListAll(sandbox, probe, {{u"in_trash"_s, true}}, 100, kNtNewest, query).results) ==
        ntIds(trashedRows));

    // Refusals: archived from 2026-03-11 on, and malformed filters.
    const HttpResult archived =
        ntPost(sandbox, probe, query, {{u"archived"_s, true}}, kNtInternal, kNtNewest);
    CHECK(archived.status == 400);
    CHECK(ntErrorCode(archived) == u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s,
                             {{u"filter"_s, QJsonObject{{u"archived"_s, true}}}}, kNtInternal,
                             kNtNewest)) == u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s,
                             {{u"filter"_s, QJsonObject{{u"in_trash"_s, u"yes"_s}}}}, kNtInternal,
                             kNtDataSources)) == u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s, {{u"filter"_s, QJsonObject{}}},
                             kNtInternal, kNtDataSources)) == u"validation_error"_s);
}

TEST_CASE("Notion search sorts by last_edited_time with cursors at every version",
          "[sandbox][notion]")
{
    SandboxProcess sandbox(
        unlimited({u"--notion-multi-source"_s, u"0"_s, u"--notion-pages"_s, u"70"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (const QByteArray &version : {kNtLegacy, kNtDataSources, kNtNewest}) {
        const QJsonArray unsorted = ntListAll(sandbox, probe, {}, 100, version).results;
        QStringList all = ntIds(unsorted);
        all.sort();
        for (const QString &direction : {u"ascending"_s, u"descending"_s}) {
            INFO(version.toStdString() << " " << direction.toStdString());
            const QJsonObject body{{u"sort"_s, QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                                           {u"direction"_s, direction}}}};
            const NtPages pages = ntListAll(sandbox, probe, body, 7, version);
            CHECK(pages.requests == (unsorted.size() + 6) / 7);
            QString previous;
            for (const QJsonValue &v : pages.results) {
                const QString edited = v.toObject().value(u"last_edited_time"_s).toString();
                if (!previous.isEmpty())
                    CHECK((direction == u"ascending"_s ? edited >= previous : edited <= previous));
                previous = edited;
            }
            QStringList got = ntIds(pages.results);
            got.sort();
            CHECK(got == all); // every object once
        }
    }
    // A cursor belongs to its query.
    const HttpResult first = ntPost(sandbox, probe, u"/v1/search"_s, {{u"page_size"_s, 5}});
    const QString cursor = first.json().object().value(u"next_cursor"_s).toString();
    REQUIRE_FALSE(cursor.isEmpty());
    CHECK(ntPost(sandbox, probe, u"/v1/search"_s, {{u"start_cursor"_s, cursor}}).status == 200);
    const HttpResult other =
        ntPost(sandbox, probe, u"/v1/search"_s,
               {{u"start_cursor"_s, cursor},
                {u"sort"_s, QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                        {u"direction"_s, u"ascending"_s}}}});
    CHECK(ntErrorCode(other) == u"validation_error"_s);
}

TEST_CASE("Notion data source query: timestamp filters and sorts", "[sandbox][notion]")
{
    SandboxProcess sandbox(unlimited({u"--notion-pages"_s, u"120"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // The data source with the most rows.
    QHash<QString, QJsonArray> rows;
    for (const QJsonValue &v :
         ntListAll(sandbox, probe, ntObjectFilter(u"page"_s), 100, kNtDataSources).results) {
        const QString s =
            v.toObject().value(u"parent"_s).toObject().value(u"data_source_id"_s).toString();
        if (!s.isEmpty())
            rows[s].append(v);
    }
    QString source;
    for (auto it = rows.begin(); it != rows.end(); ++it)
        if (source.isEmpty() || it.value().size() > rows.value(source).size())
            source = it.key();
    REQUIRE(rows.value(source).size() >= 4);
    const QString query = u"/v1/data_sources/"_s + source + u"/query"_s;
    QStringList times;
    for (const QJsonValue &v : rows.value(source))
        times.append(v.toObject().value(u"last_edited_time"_s).toString());
    times.sort();
    const QString middle = times.at(times.size() / 2);
    auto expected = [&](auto keep) {
        QStringList out;
        for (const QJsonValue &v : rows.value(source))
            if (keep(v.toObject().value(u"last_edited_time"_s).toString()))
                out.append(v.toObject().value(u"id"_s).toString());
        out.sort();
        return out;
    };
    auto got = [&](const QJsonObject &condition) {
        QStringList ids =
            ntIds(ntListAll(sandbox, probe,
                            {{u"filter"_s, QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                                       {u"last_edited_time"_s, condition}}}},
                            3, kNtDataSources, query)
                      .results);
        ids.sort();
        return ids;
    };
    CHECK(got({{u"on_or_after"_s, middle}}) ==
          expected([&](const QString &t) { return t >= middle; }));
    CHECK(got({{u"after"_s, middle}}) == expected([&](const QString &t) { return t > middle; }));
    CHECK(got({{u"before"_s, middle}}) == expected([&](const QString &t) { return t < middle; }));
    // Sorted by last_edited_time, descending, across pages.
    const NtPages sorted =
        ntListAll(sandbox, probe,
                  {{u"sorts"_s, QJsonArray{QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                                       {u"direction"_s, u"descending"_s}}}}},
                  3, kNtDataSources, query);
    QString previous;
    for (const QJsonValue &v : sorted.results) {
        const QString t = v.toObject().value(u"last_edited_time"_s).toString();
        if (!previous.isEmpty())
            CHECK(t <= previous);
        previous = t;
    }
    CHECK(sorted.results.size() == rows.value(source).size());
    // Filters the sandbox does not imitate are refused, not ignored.
    const HttpResult property =
        ntPost(sandbox, probe, query,
               {{u"filter"_s, QJsonObject{{u"property"_s, u"Done"_s},
                                          {u"checkbox"_s, QJsonObject{{u"equals"_s, true}}}}}},
               kNtInternal, kNtDataSources);
    CHECK(property.status == 400);
    CHECK(ntErrorCode(property) == u"validation_error"_s);
}

TEST_CASE("Notion per-connection window budget: 429 with Retry-After at most 60 s",
          "[sandbox][notion][limits]")
{
    SandboxProcess sandbox(
        unlimited({u"--auto-consent"_s, u"--notion-window-budget"_s, u"3/2000"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (int i = 0; i < 3; ++i) // a burst is fine
        REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
    const HttpResult limited = ntGet(sandbox, probe, u"/v1/users/me"_s);
    REQUIRE(limited.status == 429);
    const int retryAfter = limited.header("Retry-After").toInt();
    CHECK(retryAfter >= 1);
    CHECK(retryAfter <= 2);
    CHECK(ntErrorCode(limited) == u"rate_limited"_s);
    CHECK(limited.json()
              .object()
              .value(u"additional_data"_s)
              .toObject()
              .value(u"rate_limit_reason"_s) == u"public_api_request_rate_limit"_s);
    // Another connection has its own budget.
    const QString other = ntLogin(sandbox, probe).value(u"access_token"_s).toString();
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);
    QThread::msleep(2100); // the window is over
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);

    SECTION("the default window is 60 seconds")
    {
        SandboxProcess minute(unlimited({u"--notion-window-budget"_s, u"2"_s}));
        REQUIRE(minute.started());
        REQUIRE(ntGet(minute, probe, u"/v1/users/me"_s).status == 200);
        REQUIRE(ntGet(minute, probe, u"/v1/users/me"_s).status == 200);
        const HttpResult r = ntGet(minute, probe, u"/v1/users/me"_s);
        REQUIRE(r.status == 429);
        CHECK(r.header("Retry-After").toInt() > 50);
        CHECK(r.header("Retry-After").toInt() <= 60);
    }
}

TEST_CASE("Notion workspace limit is shared by every connection", "[sandbox][notion][limits]")
{
    SandboxProcess sandbox(unlimited({u"--auto-consent"_s, u"--notion-workspace-limit"_s,
                                      u"4/1500"_s, u"--notion-workspace-retry-after"_s, u"75"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString other = ntLogin(sandbox, probe).value(u"access_token"_s).toString();
    REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
    REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);
    REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
    REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);
    for (const QString &token : {kNtInternal, other}) {
        const HttpResult r = ntGet(sandbox, probe, u"/v1/users/me"_s, token);
        REQUIRE(r.status == 429);
        CHECK(r.header("Retry-After") == "75"); // may be longer than a minute
        CHECK(r.json()
                  .object()
                  .value(u"additional_data"_s)
                  .toObject()
                  .value(u"rate_limit_reason"_s) == u"public_api_space_request_rate_limit"_s);
    }
    QThread::msleep(1600);
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);

    SECTION("without an override, Retry-After is the time until the window frees a request")
    {
        SandboxProcess computed(unlimited({u"--notion-workspace-limit"_s, u"1/1500"_s}));
        REQUIRE(computed.started());
        REQUIRE(ntGet(computed, probe, u"/v1/users/me"_s).status == 200);
        const HttpResult r = ntGet(computed, probe, u"/v1/users/me"_s);
        REQUIRE(r.status == 429);
        CHECK(r.header("Retry-After").toInt() >= 1);
        CHECK(r.header("Retry-After").toInt() <= 2);
    }
}

TEST_CASE("Notion 529 service_overload and 429 faults come in Notion's shape",
          "[sandbox][notion][limits]")
{
    HttpProbe probe;
    SECTION("529")
    {
        SandboxProcess sandbox(unlimited({u"--fault-rate"_s, u"1"_s, u"--fault-kinds"_s, u"529"_s,
                                          u"--notion-overload-retry-after"_s, u"7"_s}));
        REQUIRE(sandbox.started());
        const HttpResult r = ntPost(sandbox, probe, u"/v1/search"_s, {});
        REQUIRE(r.status == 529);
        CHECK(r.header("Retry-After") == "7");
        const QJsonObject body = r.json().object();
        CHECK(body.value(u"object"_s).toString() == u"error"_s);
        CHECK(body.value(u"status"_s).toInt() == 529);
        CHECK(body.value(u"code"_s).toString() == u"service_overload"_s);
        CHECK(r.header("x-notion-request-id") == body.value(u"request_id"_s).toString().toLatin1());
        // The control endpoint is never faulted.
        CHECK(ntChanges(sandbox, probe, {{u"type"_s, u"pages"_s}, {u"modify"_s, 1}}).status == 200);
    }
    SECTION("429")
    {
        SandboxProcess sandbox(unlimited({u"--fault-rate"_s, u"1"_s, u"--fault-kinds"_s, u"429"_s,
                                          u"--notion-retry-after"_s, u"3"_s}));
        REQUIRE(sandbox.started());
        const HttpResult r = ntGet(sandbox, probe, u"/v1/users/me"_s);
        REQUIRE(r.status == 429);
        CHECK(r.header("Retry-After") == "3");
        CHECK(ntErrorCode(r) == u"rate_limited"_s);
        CHECK_FALSE(r.header("x-notion-request-id").isEmpty());
    }
}

TEST_CASE("Notion changes: modify, add and delete pages, deterministic per seed",
          "[sandbox][notion][changes]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray before = ntListAll(sandbox, probe, {}, 100, kNtDataSources).results;
    const QHash<QString, QJsonObject> old = byId(before);
    const QJsonObject request{
        {u"type"_s, u"pages"_s}, {u"modify"_s, 2}, {u"add"_s, 2}, {u"delete"_s, 1}, {u"seed"_s, 9}};
    const HttpResult r = ntChanges(sandbox, probe, request);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject answer = r.json().object();
    QStringList mod, added, deleted;
    for (const QJsonValue &v : answer.value(u"modified"_s).toArray())
        mod.append(v.toString());
    for (const QJsonValue &v : answer.value(u"added"_s).toArray())
        added.append(v.toString());
    for (const QJsonValue &v : answer.value(u"deleted"_s).toArray())
        deleted.append(v.toString());
    REQUIRE(mod.size() == 2);
    REQUIRE(added.size() == 2);
    REQUIRE(deleted.size() == 1);

    // Newest first: the changed and added pages lead a descending search.
    const QJsonArray after =
        ntListAll(sandbox, probe,
                  {{u"sort"_s, QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                           {u"direction"_s, u"descending"_s}}}},
                  100, kNtDataSources)
            .results;
    QStringList leading = ntIds(after).mid(0, 4);
    leading.sort();
    QStringList changed = mod + added;
    changed.sort();
    CHECK(leading == changed);
    QString newest;
    for (const QJsonValue &v : before)
        newest = std::max(newest, v.toObject().value(u"last_edited_time"_s).toString());
    const QHash<QString, QJsonObject> now = byId(after);
    for (const QString &id : mod) {
        REQUIRE(now.contains(id));
        CHECK(now.value(id).value(u"last_edited_time"_s).toString() > newest);
        CHECK(ntTitle(now.value(id)) != ntTitle(old.value(id)));
        CHECK(ntTitle(now.value(id)).contains(u"(edited 1)"_s));
        CHECK(now.value(id).value(u"created_time"_s) == old.value(id).value(u"created_time"_s));
    }
    for (const QString &id : added) {
        CHECK_FALSE(old.contains(id));
        const HttpResult page =
            ntGet(sandbox, probe, u"/v1/pages/"_s + id, kNtInternal, kNtDataSources);
        REQUIRE(page.status == 200);
        const QJsonObject parent = page.json().object().value(u"parent"_s).toObject();
        const QString type = parent.value(u"type"_s).toString();
        if (type == u"page_id"_s)
            CHECK(now.contains(parent.value(u"page_id"_s).toString()));
        else if (type == u"data_source_id"_s)
            CHECK(now.contains(parent.value(u"data_source_id"_s).toString()));
        else if (type == u"block_id"_s)
            CHECK(ntGet(sandbox, probe, u"/v1/blocks/"_s + parent.value(u"block_id"_s).toString())
                      .status == 200);
        else
            CHECK(type == u"workspace"_s);
    }
    // Deleted: in the trash, out of default search.
    CHECK_FALSE(now.contains(deleted.first()));
    CHECK(ntIds(ntListAll(sandbox, probe, trashFilter(), 100, kNtDataSources).results)
              .contains(deleted.first()));
    for (const QByteArray &version : {kNtLegacy, kNtDataSources, kNtNewest}) {
        const HttpResult page =
            ntGet(sandbox, probe, u"/v1/pages/"_s + deleted.first(), kNtInternal, version);
        REQUIRE(page.status == 200);
        CHECK(page.json().object().value(u"in_trash"_s).toBool());
        CHECK(page.json().object().contains(u"archived"_s) == (version != kNtNewest));
        if (version != kNtNewest)
            CHECK(page.json().object().value(u"archived"_s).toBool());
    }

    // Same seed on a fresh sandbox: the same change.
    SandboxProcess again(unlimited());
    REQUIRE(again.started());
    const HttpResult r2 = ntChanges(again, probe, request);
    REQUIRE(r2.status == 200);
    CHECK(r2.json().object() == answer);
    QJsonObject otherSeed = request;
    otherSeed.insert(u"seed"_s, 10);
    CHECK(ntChanges(again, probe, otherSeed).json().object() != answer);

    // Errors come in the shared shape; nothing changes.
    for (const QJsonObject &bad : {QJsonObject{{u"type"_s, u"blocks"_s}, {u"modify"_s, 1}},
                                   QJsonObject{{u"type"_s, u"pages"_s}, {u"modify"_s, -1}},
                                   QJsonObject{{u"modify"_s, 1}}, // type is required
                                   QJsonObject{{u"type"_s, u"pages"_s}, {u"deleted"_s, 1}}}) {
        const HttpResult refused = ntChanges(sandbox, probe, bad);
        CHECK(refused.status == 400);
        CHECK(refused.json().object().value(u"error"_s).toString() == u"invalid_change"_s);
    }
}

TEST_CASE("Notion changes on rows and data sources", "[sandbox][notion][changes]")
{
    SandboxProcess sandbox(unlimited({u"--notion-multi-source"_s, u"0"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // A new data source makes its database multi-source: 2022-06-28 now fails on it.
    const HttpResult added =
        ntChanges(sandbox, probe, {{u"type"_s, u"data_sources"_s}, {u"add"_s, 1}, {u"seed"_s, 2}});
    REQUIRE(added.status == 200);
    const QString source = added.json().object().value(u"added"_s).toArray().first().toString();
    const HttpResult ds =
        ntGet(sandbox, probe, u"/v1/data_sources/"_s + source, kNtInternal, kNtDataSources);
    REQUIRE(ds.status == 200);
    const QString db =
        ds.json().object().value(u"parent"_s).toObject().value(u"database_id"_s).toString();
    CHECK(ntGet(sandbox, probe, u"/v1/databases/"_s + db, kNtInternal, kNtDataSources)
              .json()
              .object()
              .value(u"data_sources"_s)
              .toArray()
              .size() == 2);
    CHECK(ntGet(sandbox, probe, u"/v1/databases/"_s + db, kNtInternal, kNtLegacy).status == 400);

    // New rows land in live data sources and show up in their query.
    const HttpResult rows =
        ntChanges(sandbox, probe, {{u"type"_s, u"rows"_s}, {u"add"_s, 3}, {u"seed"_s, 4}});
    REQUIRE(rows.status == 200);
    for (const QJsonValue &v : rows.json().object().value(u"added"_s).toArray()) {
        const HttpResult page =
            ntGet(sandbox, probe, u"/v1/pages/"_s + v.toString(), kNtInternal, kNtDataSources);
        REQUIRE(page.status == 200);
        const QString parent = page.json()
                                   .object()
                                   .value(u"parent"_s)
                                   .toObject()
                                   .value(u"data_source_id"_s)
                                   .toString();
        REQUIRE_FALSE(parent.isEmpty());
        CHECK(ntIds(ntListAll(sandbox, probe, {}, 100, kNtDataSources,
                              u"/v1/data_sources/"_s + parent + u"/query"_s)
                        .results)
                  .contains(v.toString()));
    }
    // Deleting the new data source takes it out of its database again.
    const HttpResult gone = ntChanges(
        sandbox, probe, {{u"type"_s, u"data_sources"_s}, {u"delete"_s, 6}, {u"seed"_s, 1}});
    REQUIRE(gone.status == 200);
    const QJsonArray live =
        ntListAll(sandbox, probe, ntObjectFilter(u"data_source"_s), 100, kNtDataSources).results;
    for (const QJsonValue &v : gone.json().object().value(u"deleted"_s).toArray())
        CHECK_FALSE(ntIds(live).contains(v.toString()));
}

TEST_CASE("Notion churn option changes pages periodically", "[sandbox][notion][changes]")
{
    SandboxProcess sandbox(unlimited({u"--notion-churn"_s, u"pages:modify=1,add=1@150ms"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const int before = int(
        ntListAll(sandbox, probe, ntObjectFilter(u"page"_s), 100, kNtDataSources).results.size());
    QElapsedTimer clock;
    clock.start();
    bool edited = false;
    int pages = before;
    while (clock.elapsed() < 10000 && !(edited && pages > before)) {
        QThread::msleep(200);
        const QJsonArray results =
            ntListAll(sandbox, probe, ntObjectFilter(u"page"_s), 100, kNtDataSources).results;
        pages = int(results.size());
        for (const QJsonValue &v : results)
            edited = edited || ntTitle(v.toObject()).contains(u"(edited "_s);
    }
    CHECK(edited);
    CHECK(pages > before);
}
