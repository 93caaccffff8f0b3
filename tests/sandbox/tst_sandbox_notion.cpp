// Black-box tests of the sandbox's Notion imitation (served under /notion):
// OAuth with HTTP Basic and a JSON token request, rotating refresh tokens,
// Notion-Version, search with cursor paging, the page/database parent tree
// (including orphans), and the per-connection rate limit with Retry-After.
#include "notiontestutil.h"

#include <catch2/catch.hpp>

#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QThread>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

QJsonObject withoutRequestId(QJsonObject o)
{
    o.remove(u"request_id"_s);
    return o;
}

} // namespace

TEST_CASE("Notion OAuth: authorize with owner=user, Basic + JSON token request",
          "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult r = probe.get(ntAuthorizeUrl(sandbox));
    REQUIRE(r.status == 302);
    CHECK(locationQueryItem(r, u"state"_s) == u"nt-state-1"_s);
    const QString code = locationQueryItem(r, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());

    const HttpResult t = ntToken(sandbox, probe, ntCodeBody(code));
    INFO(t.body.toStdString());
    REQUIRE(t.status == 200);
    const QJsonObject o = t.json().object();
    CHECK(o.value(u"token_type"_s).toString() == u"bearer"_s);
    CHECK_FALSE(o.value(u"access_token"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"refresh_token"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"bot_id"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"workspace_id"_s).toString().isEmpty());
    CHECK(o.value(u"workspace_name"_s).toString() == u"Demo Workspace"_s);
    CHECK(o.contains(u"workspace_icon"_s));
    CHECK(o.contains(u"duplicated_template_id"_s));
    CHECK(o.value(u"duplicated_template_id"_s).isNull());
    CHECK_FALSE(o.contains(u"expires_in"_s));
    const QJsonObject owner = o.value(u"owner"_s).toObject();
    CHECK(owner.value(u"type"_s).toString() == u"user"_s);
    CHECK(owner.value(u"user"_s).toObject().value(u"person"_s).toObject().value(u"email"_s) ==
          u"demo.user@example.com"_s);

    const HttpResult me =
        ntGet(sandbox, probe, u"/v1/users/me"_s, o.value(u"access_token"_s).toString());
    REQUIRE(me.status == 200);
    const QJsonObject bot = me.json().object();
    CHECK(bot.value(u"type"_s).toString() == u"bot"_s);
    CHECK(bot.value(u"id"_s).toString() == o.value(u"bot_id"_s).toString());
    CHECK(bot.value(u"bot"_s).toObject().value(u"workspace_name"_s).toString() ==
          u"Demo Workspace"_s);

    // Codes are single use.
    const HttpResult again = ntToken(sandbox, probe, ntCodeBody(code));
    CHECK(again.status == 400);
    CHECK(again.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);

    REQUIRE(sandbox.stop() == 0);
    const QByteArray log = sandbox.log();
    CHECK_FALSE(log.contains(code.toLatin1()));
    CHECK_FALSE(log.contains(o.value(u"access_token"_s).toString().toLatin1()));
    CHECK(log.contains("POST /notion/v1/oauth/token 200"));
}

TEST_CASE("Notion consent page: allow and deny buttons", "[sandbox][notion]")
{
    SandboxProcess sandbox;
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QUrl url = ntAuthorizeUrl(sandbox);
    const HttpResult page = probe.get(url);
    REQUIRE(page.status == 200);
    CHECK(page.body.contains("<button id=\"allow\""));
    CHECK(page.body.contains("<button id=\"deny\""));
    CHECK(page.body.contains("action=\"/notion/v1/oauth/authorize\""));
    QList<QPair<QString, QString>> fields;
    for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        fields.append(item);
    auto decide = [&](const QString &decision) {
        auto body = fields;
        body.append({u"decision"_s, decision});
        return probe.post(sandbox.url(u"/notion/v1/oauth/authorize"_s), form(body),
                          "application/x-www-form-urlencoded");
    };
    const HttpResult denied = decide(u"deny"_s);
    REQUIRE(denied.status == 302);
    CHECK(locationQueryItem(denied, u"error"_s) == u"access_denied"_s);
    CHECK(locationQueryItem(denied, u"state"_s) == u"nt-state-1"_s);
    const HttpResult allowed = decide(u"allow"_s);
    REQUIRE(allowed.status == 302);
    CHECK(ntToken(sandbox, probe, ntCodeBody(locationQueryItem(allowed, u"code"_s))).status == 200);
}

TEST_CASE("Notion OAuth errors: owner, client authentication, form body", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const HttpResult noOwner = probe.get(ntAuthorizeUrl(sandbox, u"workspace"_s));
    REQUIRE(noOwner.status == 302);
    CHECK(locationQueryItem(noOwner, u"error"_s) == u"invalid_request"_s);

    SECTION("form body is rejected")
    {
        const QString code = ntAuthorizeCode(sandbox, probe);
        const HttpResult r = probe.post(sandbox.url(u"/notion/v1/oauth/token"_s),
                                        form({{u"grant_type"_s, u"authorization_code"_s},
                                              {u"code"_s, code},
                                              {u"redirect_uri"_s, kRedirectUri}}),
                                        "application/x-www-form-urlencoded",
                                        {{"Authorization", basicAuth(kNtClient, kNtSecret)}});
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_request"_s);
    }
    SECTION("Basic authentication is required")
    {
        const QString code = ntAuthorizeCode(sandbox, probe);
        QJsonObject body = ntCodeBody(code);
        body.insert(u"client_id"_s, kNtClient);
        body.insert(u"client_secret"_s, kNtSecret);
        const HttpResult r = ntToken(sandbox, probe, body, {});
        CHECK(r.status == 401);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_client"_s);
    }
    SECTION("wrong secret")
    {
        const HttpResult r = ntToken(sandbox, probe, ntCodeBody(ntAuthorizeCode(sandbox, probe)),
                                     basicAuth(kNtClient, u"wrong"_s));
        CHECK(r.status == 401);
    }
    SECTION("redirect_uri must match")
    {
        QJsonObject body = ntCodeBody(ntAuthorizeCode(sandbox, probe));
        body.insert(u"redirect_uri"_s, u"http://localhost:47110/elsewhere"_s);
        const HttpResult r = ntToken(sandbox, probe, body);
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    }
    SECTION("unknown grant type")
    {
        const HttpResult r =
            ntToken(sandbox, probe, QJsonObject{{u"grant_type"_s, u"client_credentials"_s}});
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"unsupported_grant_type"_s);
    }
}

TEST_CASE("Notion refresh rotates the refresh token", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonObject first = ntLogin(sandbox, probe);
    const QString refresh1 = first.value(u"refresh_token"_s).toString();
    const QJsonObject refreshBody{{u"grant_type"_s, u"refresh_token"_s},
                                  {u"refresh_token"_s, refresh1}};
    const HttpResult r = ntToken(sandbox, probe, refreshBody);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject second = r.json().object();
    CHECK(second.value(u"access_token"_s).toString() != first.value(u"access_token"_s).toString());
    CHECK(second.value(u"refresh_token"_s).toString() != refresh1);
    CHECK(second.value(u"workspace_id"_s) == first.value(u"workspace_id"_s));
    CHECK(second.value(u"bot_id"_s) == first.value(u"bot_id"_s));

    const HttpResult reuse = ntToken(sandbox, probe, refreshBody);
    CHECK(reuse.status == 400);
    CHECK(reuse.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, second.value(u"access_token"_s).toString())
              .status == 200);
    CHECK(ntToken(sandbox, probe,
                  QJsonObject{{u"grant_type"_s, u"refresh_token"_s},
                              {u"refresh_token"_s, second.value(u"refresh_token"_s)}})
              .status == 200);
}

TEST_CASE("Notion access tokens can be made to expire", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--notion-token-lifetime"_s, u"1"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonObject tokens = ntLogin(sandbox, probe);
    QThread::msleep(1200);
    const HttpResult r =
        ntGet(sandbox, probe, u"/v1/users/me"_s, tokens.value(u"access_token"_s).toString());
    CHECK(r.status == 401);
    CHECK(ntErrorCode(r) == u"unauthorized"_s);
}

TEST_CASE("Notion requires a served Notion-Version and a bearer token", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult noVersion = ntPost(sandbox, probe, u"/v1/search"_s, {}, kNtInternal, {});
    CHECK(noVersion.status == 400);
    const QJsonObject body = noVersion.json().object();
    CHECK(body.value(u"object"_s).toString() == u"error"_s);
    CHECK(body.value(u"status"_s).toInt() == 400);
    CHECK(body.value(u"code"_s).toString() == u"missing_version"_s);
    CHECK_FALSE(body.value(u"message"_s).toString().isEmpty());
    // The request id is in the body and in the x-notion-request-id header.
    CHECK_FALSE(body.value(u"request_id"_s).toString().isEmpty());
    CHECK(noVersion.header("x-notion-request-id") ==
          body.value(u"request_id"_s).toString().toLatin1());

    // Well-formed dates that are not served are refused like garbage.
    for (const QByteArray &version :
         {QByteArray("2021-05-13"), QByteArray("2099-01-01"), QByteArray("latest")}) {
        const HttpResult r = ntPost(sandbox, probe, u"/v1/search"_s, {}, kNtInternal, version);
        CHECK(r.status == 400);
        CHECK(ntErrorCode(r) == u"invalid_request"_s);
        CHECK(r.json().object().value(u"message"_s).toString().contains(u"2025-09-03"_s));
    }
    for (const QByteArray &version : {kNtLegacy, kNtDataSources, kNtNewest}) {
        const HttpResult r = ntGet(sandbox, probe, u"/v1/users/me"_s, kNtInternal, version);
        CHECK(r.status == 200);
        CHECK_FALSE(r.header("x-notion-request-id").isEmpty());
    }

    const HttpResult noToken = ntPost(sandbox, probe, u"/v1/search"_s, {}, QString());
    CHECK(noToken.status == 401);
    CHECK(ntErrorCode(noToken) == u"unauthorized"_s);
    CHECK(ntPost(sandbox, probe, u"/v1/search"_s, {}, u"ntn_bogus"_s).status == 401);

    const HttpResult badJson = probe.post(sandbox.url(u"/notion/v1/search"_s), "{not json",
                                          "application/json", ntHeaders(kNtInternal, kNtLegacy));
    CHECK(badJson.status == 400);
    CHECK(ntErrorCode(badJson) == u"invalid_json"_s);
    const HttpResult badRoute = ntGet(sandbox, probe, u"/v1/nothing"_s);
    CHECK(badRoute.status == 400);
    CHECK(ntErrorCode(badRoute) == u"invalid_request_url"_s);
}

TEST_CASE("Notion search pages every object exactly once", "[sandbox][notion]")
{
    // One data source per database, so 2022-06-28 can list every database.
    SandboxProcess sandbox({u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s,
                            u"--notion-pages"_s, u"45"_s, u"--notion-databases"_s, u"5"_s,
                            u"--notion-multi-source"_s, u"0"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // Live pages and trashed pages together are every page, each once.
    const NtPages live = ntListAll(sandbox, probe, ntObjectFilter(u"page"_s), 7);
    QJsonObject trashFilter = ntObjectFilter(u"page"_s);
    trashFilter.insert(
        u"filter"_s,
        QJsonObject{{u"property"_s, u"object"_s}, {u"value"_s, u"page"_s}, {u"in_trash"_s, true}});
    const NtPages trashed = ntListAll(sandbox, probe, trashFilter, 7);
    CHECK(live.requests == (live.results.size() + 6) / 7);
    CHECK(trashed.results.size() >= 1);
    const QStringList pageIds = ntIds(live.results) + ntIds(trashed.results);
    CHECK(pageIds.size() == 45);
    CHECK(QSet<QString>(pageIds.begin(), pageIds.end()).size() == 45);
    for (const QJsonValue &v : live.results) {
        CHECK(v.toObject().value(u"object"_s).toString() == u"page"_s);
        CHECK_FALSE(v.toObject().value(u"in_trash"_s).toBool());
    }
    for (const QJsonValue &v : trashed.results)
        CHECK(v.toObject().value(u"in_trash"_s).toBool());

    const NtPages dbs = ntListAll(sandbox, probe, ntObjectFilter(u"database"_s), 2);
    CHECK(ntIds(dbs.results).size() == 5);
    for (const QJsonValue &v : dbs.results)
        CHECK(v.toObject().value(u"object"_s).toString() == u"database"_s);

    const NtPages all = ntListAll(sandbox, probe, {}, 100);
    CHECK(all.requests == 1);
    QStringList allIds = ntIds(all.results);
    QStringList expected = ntIds(live.results) + ntIds(dbs.results);
    allIds.sort();
    expected.sort();
    CHECK(allIds == expected);

    // Validation.
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s, {{u"page_size"_s, 101}})) ==
          u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s,
                             {{u"start_cursor"_s, u"00000000-0000-4000-8000-000000000000"_s}})) ==
          u"validation_error"_s);
    CHECK(ntErrorCode(ntPost(sandbox, probe, u"/v1/search"_s, ntObjectFilter(u"block"_s))) ==
          u"validation_error"_s);
    // Ascending sort: never a later edit before an earlier one.
    const HttpResult r =
        ntPost(sandbox, probe, u"/v1/search"_s,
               {{u"sort"_s, QJsonObject{{u"direction"_s, u"ascending"_s},
                                        {u"timestamp"_s, u"last_edited_time"_s}}}});
    REQUIRE(r.status == 200);
    QString previous;
    for (const QJsonValue &v : r.json().object().value(u"results"_s).toArray()) {
        const QString edited = v.toObject().value(u"last_edited_time"_s).toString();
        CHECK(edited >= previous);
        previous = edited;
    }
}

TEST_CASE("Notion objects form a parent tree with orphans", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QByteArray v = kNtDataSources;
    QJsonArray results = ntListAll(sandbox, probe, {}, 100, v).results;
    const QJsonArray trashed =
        ntListAll(sandbox, probe, {{u"filter"_s, QJsonObject{{u"in_trash"_s, true}}}}, 100, v)
            .results;
    for (const QJsonValue &t : trashed)
        results.append(t);

    QHash<QString, QJsonObject> pages, sources;
    for (const QJsonValue &value : results) {
        const QJsonObject o = value.toObject();
        const QString kind = o.value(u"object"_s).toString();
        REQUIRE((kind == u"page"_s || kind == u"data_source"_s));
        (kind == u"page"_s ? pages : sources).insert(o.value(u"id"_s).toString(), o);
    }
    CHECK(pages.size() == 60); // defaults: 60 pages, live or in the trash
    QHash<QString, int> parentTypes;
    QSet<QString> missingParents, databases;
    int splitTitles = 0, emptyTitles = 0, inTrash = 0, rows = 0;
    for (const QJsonValue &value : results) {
        const QJsonObject o = value.toObject();
        const bool isPage = o.value(u"object"_s).toString() == u"page"_s;
        CHECK_FALSE(o.value(u"created_time"_s).toString().isEmpty());
        CHECK(o.value(u"last_edited_time"_s).toString() >= o.value(u"created_time"_s).toString());
        CHECK(o.value(u"url"_s).toString().startsWith(u"https://www.notion.so/"_s));
        CHECK(o.value(u"in_trash"_s).toBool() == o.value(u"archived"_s).toBool());
        CHECK(o.contains(u"icon"_s));
        inTrash += o.value(u"in_trash"_s).toBool();

        QJsonArray title;
        if (isPage) {
            int titleProperties = 0;
            title = ntPageTitle(o, &titleProperties);
            CHECK(titleProperties == 1);
        } else {
            title = o.value(u"title"_s).toArray();
            CHECK_FALSE(ntPlainText(title).isEmpty());
            CHECK(o.value(u"properties"_s).toObject().size() >= 2); // the schema
        }
        splitTitles += title.size() > 1;
        emptyTitles += title.isEmpty();

        const QJsonObject parent = o.value(u"parent"_s).toObject();
        const QString type = parent.value(u"type"_s).toString();
        ++parentTypes[type];
        if (type == u"workspace"_s) {
            CHECK(parent.value(u"workspace"_s).toBool());
        } else if (type == u"data_source_id"_s) {
            CHECK(isPage);
            const QJsonObject source = sources.value(parent.value(u"data_source_id"_s).toString());
            REQUIRE_FALSE(source.isEmpty());
            CHECK(source.value(u"parent"_s).toObject().value(u"database_id"_s) ==
                  parent.value(u"database_id"_s));
            ++rows;
        } else if (type == u"database_id"_s) {
            CHECK_FALSE(isPage); // a data source in its database
            databases.insert(parent.value(u"database_id"_s).toString());
        } else if (type == u"page_id"_s) {
            const QString pid = parent.value(u"page_id"_s).toString();
            if (!pages.contains(pid))
                missingParents.insert(pid);
        } else if (type == u"block_id"_s) {
            const HttpResult block =
                ntGet(sandbox, probe, u"/v1/blocks/"_s + parent.value(u"block_id"_s).toString(),
                      kNtInternal, v);
            REQUIRE(block.status == 200);
            const QJsonObject bp = block.json().object().value(u"parent"_s).toObject();
            CHECK(bp.value(u"type"_s).toString() == u"page_id"_s);
            CHECK(pages.contains(bp.value(u"page_id"_s).toString()));
        } else {
            FAIL("unexpected parent type " << type.toStdString());
        }
    }
    CHECK(parentTypes.value(u"workspace"_s) >= 1);
    CHECK(parentTypes.value(u"page_id"_s) >= 1);
    CHECK(parentTypes.value(u"data_source_id"_s) >= 1);
    CHECK(parentTypes.value(u"block_id"_s) >= 1);
    CHECK(databases.size() == 6);
    CHECK(rows >= 1);
    CHECK(splitTitles >= 1);
    CHECK(emptyTitles >= 1);
    CHECK(inTrash >= 2); // pages, a row and a data source

    // Orphans: their parent page exists but is not shared.
    REQUIRE_FALSE(missingParents.isEmpty());
    for (const QString &pid : missingParents) {
        const HttpResult r = ntGet(sandbox, probe, u"/v1/pages/"_s + pid, kNtInternal, v);
        CHECK(r.status == 404);
        CHECK(ntErrorCode(r) == u"object_not_found"_s);
    }

    // GET gives the same objects as search, also with compact ids.
    const QJsonObject somePage = pages.begin().value();
    QString compact = somePage.value(u"id"_s).toString();
    compact.remove(u'-');
    const HttpResult byId = ntGet(sandbox, probe, u"/v1/pages/"_s + compact, kNtInternal, v);
    REQUIRE(byId.status == 200);
    CHECK(withoutRequestId(byId.json().object()) == somePage);
    const QJsonObject someSource = sources.begin().value();
    const HttpResult ds =
        ntGet(sandbox, probe, u"/v1/data_sources/"_s + someSource.value(u"id"_s).toString(),
              kNtInternal, v);
    REQUIRE(ds.status == 200);
    CHECK(withoutRequestId(ds.json().object()) == someSource);
    CHECK(ntGet(sandbox, probe, u"/v1/pages/"_s + someSource.value(u"id"_s).toString(), kNtInternal,
                v)
              .status == 404);
    CHECK(ntErrorCode(ntGet(sandbox, probe, u"/v1/pages/not-a-uuid"_s, kNtInternal, v)) ==
          u"validation_error"_s);

    // Each database lists its live data sources; a data source query returns
    // exactly the live pages whose parent it is.
    for (const QString &dbId : std::as_const(databases)) {
        const HttpResult db = ntGet(sandbox, probe, u"/v1/databases/"_s + dbId, kNtInternal, v);
        REQUIRE(db.status == 200);
        CHECK_FALSE(db.json().object().contains(u"properties"_s));
        for (const QJsonValue &entry : db.json().object().value(u"data_sources"_s).toArray()) {
            const QString sourceId = entry.toObject().value(u"id"_s).toString();
            REQUIRE(sources.contains(sourceId));
            CHECK(entry.toObject().value(u"name"_s).toString() == ntTitle(sources.value(sourceId)));
            QStringList expected;
            for (const QJsonObject &p : std::as_const(pages))
                if (p.value(u"parent"_s).toObject().value(u"data_source_id"_s).toString() ==
                        sourceId &&
                    !p.value(u"in_trash"_s).toBool())
                    expected.append(p.value(u"id"_s).toString());
            QStringList got = ntIds(
                ntListAll(sandbox, probe, {}, 4, v, u"/v1/data_sources/"_s + sourceId + u"/query"_s)
                    .results);
            expected.sort();
            got.sort();
            CHECK(got == expected);
        }
    }
}

TEST_CASE("Notion 2022-06-28 sees rows under databases with properties", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s,
                            u"--notion-multi-source"_s, u"0"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray results = ntListAll(sandbox, probe, {}, 100).results;
    QHash<QString, QJsonObject> databases;
    for (const QJsonValue &value : results) {
        const QJsonObject o = value.toObject();
        CHECK(o.value(u"object"_s).toString() != u"data_source"_s);
        if (o.value(u"object"_s).toString() == u"database"_s) {
            CHECK(o.value(u"properties"_s).toObject().size() >= 2);
            CHECK_FALSE(o.contains(u"data_sources"_s));
            databases.insert(o.value(u"id"_s).toString(), o);
        }
    }
    CHECK(databases.size() == 6);
    for (auto it = databases.begin(); it != databases.end(); ++it) {
        QStringList expected;
        for (const QJsonValue &value : results) {
            const QJsonObject parent = value.toObject().value(u"parent"_s).toObject();
            CHECK(parent.value(u"type"_s).toString() != u"data_source_id"_s);
            if (parent.value(u"database_id"_s).toString() == it.key())
                expected.append(value.toObject().value(u"id"_s).toString());
        }
        QStringList got = ntIds(ntListAll(sandbox, probe, {}, 4, kNtLegacy,
                                          u"/v1/databases/"_s + it.key() + u"/query"_s)
                                    .results);
        expected.sort();
        got.sort();
        CHECK(got == expected);
    }
}

TEST_CASE("Notion rate limit: 429 rate_limited with Retry-After", "[sandbox][notion][limits]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kNtInternal, u"--auto-consent"_s,
                            u"--notion-rate"_s, u"1"_s, u"--notion-burst"_s, u"3"_s,
                            u"--notion-retry-after"_s, u"2"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // Requests without Notion-Version are rejected before the limiter and don't count.
    for (int i = 0; i < 5; ++i)
        REQUIRE(ntPost(sandbox, probe, u"/v1/search"_s, {}, kNtInternal, {}).status == 400);
    for (int i = 0; i < 3; ++i)
        REQUIRE(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
    const HttpResult limited = ntPost(sandbox, probe, u"/v1/search"_s, {});
    INFO(limited.body.toStdString());
    REQUIRE(limited.status == 429);
    CHECK(limited.header("Retry-After") == "2");
    const QJsonObject body = limited.json().object();
    CHECK(body.value(u"object"_s).toString() == u"error"_s);
    CHECK(body.value(u"status"_s).toInt() == 429);
    CHECK(body.value(u"code"_s).toString() == u"rate_limited"_s);
    CHECK_FALSE(body.value(u"message"_s).toString().isEmpty());
    CHECK(body.value(u"additional_data"_s).toObject().value(u"rate_limit_reason"_s).toString() ==
          u"public_api_request_rate_limit"_s);
    CHECK(limited.header("x-notion-request-id") ==
          body.value(u"request_id"_s).toString().toLatin1());

    // Another connection has its own bucket.
    const QString other = ntLogin(sandbox, probe).value(u"access_token"_s).toString();
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);

    QThread::msleep(1100); // one token refilled
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
}

TEST_CASE("Notion data is deterministic per seed", "[sandbox][notion]")
{
    auto snapshot = [](const QString &seed, const QByteArray &version) {
        SandboxProcess sandbox(
            {u"--notion-token"_s, kNtInternal, u"--notion-rate"_s, u"0"_s, u"--seed"_s, seed});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        return QJsonDocument(ntListAll(sandbox, probe, {}, 25, version).results).toJson();
    };
    const QByteArray a = snapshot(u"11"_s, kNtDataSources);
    CHECK(a == snapshot(u"11"_s, kNtDataSources));
    CHECK(a != snapshot(u"12"_s, kNtDataSources));
    CHECK(snapshot(u"11"_s, kNtNewest) != a); // same data, another shape
}
