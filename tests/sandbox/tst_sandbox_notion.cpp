// Black-box tests of the sandbox's Notion imitation (served under /notion):
// OAuth with HTTP Basic and a JSON token request, rotating refresh tokens,
// Notion-Version, search with cursor paging, the page/database parent tree
// (including orphans), and the per-connection rate limit with Retry-After.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QThread>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kNtClient = u"desk-notion-demo"_s;
const QString kNtSecret = u"desk-notion-secret"_s;
const QString kInternal = u"ntn_internal_sandbox_test_token"_s;
const QByteArray kVersion = "2022-06-28";

QByteArray basic(const QString &id, const QString &secret)
{
    const QByteArray pair = id.toUtf8() + ':' + secret.toUtf8();
    return "Basic " + pair.toBase64();
}

QUrl ntAuthorizeUrl(const SandboxProcess &sandbox, const QString &owner = u"user"_s)
{
    QList<QPair<QString, QString>> q = {{u"client_id"_s, kNtClient},
                                        {u"response_type"_s, u"code"_s},
                                        {u"owner"_s, owner},
                                        {u"redirect_uri"_s, kRedirectUri},
                                        {u"state"_s, u"nt-state-1"_s}};
    QUrl url = sandbox.url(u"/notion/v1/oauth/authorize"_s);
    url.setQuery(QString::fromLatin1(form(q)));
    return url;
}

HttpResult tokenJson(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body,
                     const QByteArray &authorization = basic(kNtClient, kNtSecret))
{
    HttpProbe::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    return probe.post(sandbox.url(u"/notion/v1/oauth/token"_s),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
                      headers);
}

QJsonObject codeBody(const QString &code)
{
    return QJsonObject{{u"grant_type"_s, u"authorization_code"_s},
                       {u"code"_s, code},
                       {u"redirect_uri"_s, kRedirectUri}};
}

QString ntAuthorizeCode(SandboxProcess &sandbox, HttpProbe &probe)
{
    const HttpResult r = probe.get(ntAuthorizeUrl(sandbox));
    REQUIRE(r.status == 302);
    return locationQueryItem(r, u"code"_s);
}

QJsonObject ntLogin(SandboxProcess &sandbox, HttpProbe &probe)
{
    const HttpResult t = tokenJson(sandbox, probe, codeBody(ntAuthorizeCode(sandbox, probe)));
    INFO(t.body.toStdString());
    REQUIRE(t.status == 200);
    return t.json().object();
}

HttpProbe::Headers apiHeaders(const QString &token, bool version = true)
{
    HttpProbe::Headers h;
    if (!token.isEmpty())
        h.append({"Authorization", "Bearer " + token.toLatin1()});
    if (version)
        h.append({"Notion-Version", kVersion});
    return h;
}

HttpResult ntPost(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                  const QJsonObject &body, const QString &token = kInternal, bool version = true)
{
    return probe.post(sandbox.url(u"/notion"_s + path),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
                      apiHeaders(token, version));
}

HttpResult ntGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                 const QString &token = kInternal)
{
    return probe.get(sandbox.url(u"/notion"_s + path), apiHeaders(token));
}

QString errorCode(const HttpResult &r)
{
    return r.json().object().value(u"code"_s).toString();
}

struct SearchPages
{
    QJsonArray results;
    int requests = 0;
};

SearchPages searchAll(SandboxProcess &sandbox, HttpProbe &probe, const QString &kind, int pageSize,
                      const QString &path = u"/v1/search"_s)
{
    SearchPages out;
    QJsonValue cursor;
    do {
        QJsonObject body{{u"page_size"_s, pageSize}};
        if (!kind.isEmpty())
            body.insert(u"filter"_s, QJsonObject{{u"property"_s, u"object"_s}, {u"value"_s, kind}});
        if (cursor.isString())
            body.insert(u"start_cursor"_s, cursor);
        const HttpResult r = ntPost(sandbox, probe, path, body);
        INFO(r.body.toStdString());
        REQUIRE(r.status == 200);
        const QJsonObject o = r.json().object();
        CHECK(o.value(u"object"_s).toString() == u"list"_s);
        CHECK(o.value(u"type"_s).toString() == u"page_or_database"_s);
        const QJsonArray results = o.value(u"results"_s).toArray();
        CHECK(results.size() <= pageSize);
        for (const QJsonValue &v : results)
            out.results.append(v);
        const bool more = o.value(u"has_more"_s).toBool();
        cursor = o.value(u"next_cursor"_s);
        CHECK(more == cursor.isString());
        ++out.requests;
        if (!more)
            break;
    } while (out.requests < 1000);
    return out;
}

QString joinPlainText(const QJsonArray &richText)
{
    QString s;
    for (const QJsonValue &v : richText)
        s += v.toObject().value(u"plain_text"_s).toString();
    return s;
}

// The title-typed property of a page (exactly one exists).
QJsonArray pageTitle(const QJsonObject &page, int *titleProperties)
{
    QJsonArray title;
    *titleProperties = 0;
    const QJsonObject props = page.value(u"properties"_s).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QJsonObject p = it.value().toObject();
        if (p.value(u"type"_s).toString() == u"title"_s) {
            ++*titleProperties;
            title = p.value(u"title"_s).toArray();
        }
    }
    return title;
}

QStringList ids(const QJsonArray &results)
{
    QStringList out;
    for (const QJsonValue &v : results)
        out.append(v.toObject().value(u"id"_s).toString());
    return out;
}

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

    const HttpResult t = tokenJson(sandbox, probe, codeBody(code));
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
    const HttpResult again = tokenJson(sandbox, probe, codeBody(code));
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
    CHECK(tokenJson(sandbox, probe, codeBody(locationQueryItem(allowed, u"code"_s))).status == 200);
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
                                        {{"Authorization", basic(kNtClient, kNtSecret)}});
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_request"_s);
    }
    SECTION("Basic authentication is required")
    {
        const QString code = ntAuthorizeCode(sandbox, probe);
        QJsonObject body = codeBody(code);
        body.insert(u"client_id"_s, kNtClient);
        body.insert(u"client_secret"_s, kNtSecret);
        const HttpResult r = tokenJson(sandbox, probe, body, {});
        CHECK(r.status == 401);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_client"_s);
    }
    SECTION("wrong secret")
    {
        const HttpResult r = tokenJson(sandbox, probe, codeBody(ntAuthorizeCode(sandbox, probe)),
                                       basic(kNtClient, u"wrong"_s));
        CHECK(r.status == 401);
    }
    SECTION("redirect_uri must match")
    {
        QJsonObject body = codeBody(ntAuthorizeCode(sandbox, probe));
        body.insert(u"redirect_uri"_s, u"http://localhost:47110/elsewhere"_s);
        const HttpResult r = tokenJson(sandbox, probe, body);
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    }
    SECTION("unknown grant type")
    {
        const HttpResult r =
            tokenJson(sandbox, probe, QJsonObject{{u"grant_type"_s, u"client_credentials"_s}});
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
    const HttpResult r = tokenJson(sandbox, probe, refreshBody);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject second = r.json().object();
    CHECK(second.value(u"access_token"_s).toString() != first.value(u"access_token"_s).toString());
    CHECK(second.value(u"refresh_token"_s).toString() != refresh1);
    CHECK(second.value(u"workspace_id"_s) == first.value(u"workspace_id"_s));
    CHECK(second.value(u"bot_id"_s) == first.value(u"bot_id"_s));

    const HttpResult reuse = tokenJson(sandbox, probe, refreshBody);
    CHECK(reuse.status == 400);
    CHECK(reuse.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, second.value(u"access_token"_s).toString())
              .status == 200);
    CHECK(tokenJson(sandbox, probe,
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
    CHECK(errorCode(r) == u"unauthorized"_s);
}

TEST_CASE("Notion requires Notion-Version and a bearer token", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kInternal});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult noVersion = ntPost(sandbox, probe, u"/v1/search"_s, {}, kInternal, false);
    CHECK(noVersion.status == 400);
    const QJsonObject body = noVersion.json().object();
    CHECK(body.value(u"object"_s).toString() == u"error"_s);
    CHECK(body.value(u"status"_s).toInt() == 400);
    CHECK(body.value(u"code"_s).toString() == u"missing_version"_s);
    CHECK_FALSE(body.value(u"message"_s).toString().isEmpty());

    const HttpResult noToken = ntPost(sandbox, probe, u"/v1/search"_s, {}, QString());
    CHECK(noToken.status == 401);
    CHECK(errorCode(noToken) == u"unauthorized"_s);
    CHECK(ntPost(sandbox, probe, u"/v1/search"_s, {}, u"ntn_bogus"_s).status == 401);

    const HttpResult badJson = probe.post(sandbox.url(u"/notion/v1/search"_s), "{not json",
                                          "application/json", apiHeaders(kInternal));
    CHECK(badJson.status == 400);
    CHECK(errorCode(badJson) == u"invalid_json"_s);
    const HttpResult badRoute = ntGet(sandbox, probe, u"/v1/nothing"_s);
    CHECK(badRoute.status == 400);
    CHECK(errorCode(badRoute) == u"invalid_request_url"_s);
}

TEST_CASE("Notion search pages every object exactly once", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kInternal, u"--notion-rate"_s, u"0"_s,
                            u"--notion-pages"_s, u"45"_s, u"--notion-databases"_s, u"5"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const SearchPages pages = searchAll(sandbox, probe, u"page"_s, 7);
    CHECK(pages.requests == 7);
    const QStringList pageIds = ids(pages.results);
    CHECK(pageIds.size() == 45);
    CHECK(QSet<QString>(pageIds.begin(), pageIds.end()).size() == 45);
    for (const QJsonValue &v : pages.results)
        CHECK(v.toObject().value(u"object"_s).toString() == u"page"_s);

    const SearchPages dbs = searchAll(sandbox, probe, u"database"_s, 2);
    CHECK(ids(dbs.results).size() == 5);
    for (const QJsonValue &v : dbs.results)
        CHECK(v.toObject().value(u"object"_s).toString() == u"database"_s);

    const SearchPages all = searchAll(sandbox, probe, QString(), 100);
    CHECK(all.requests == 1);
    QStringList allIds = ids(all.results);
    CHECK(allIds.size() == 50);
    QStringList expected = pageIds + ids(dbs.results);
    allIds.sort();
    expected.sort();
    CHECK(allIds == expected);

    // Validation.
    CHECK(errorCode(ntPost(sandbox, probe, u"/v1/search"_s, {{u"page_size"_s, 101}})) ==
          u"validation_error"_s);
    CHECK(errorCode(ntPost(sandbox, probe, u"/v1/search"_s,
                           {{u"start_cursor"_s, u"00000000-0000-4000-8000-000000000000"_s}})) ==
          u"validation_error"_s);
    CHECK(errorCode(ntPost(sandbox, probe, u"/v1/search"_s,
                           {{u"filter"_s, QJsonObject{{u"property"_s, u"object"_s},
                                                      {u"value"_s, u"block"_s}}}})) ==
          u"validation_error"_s);
    // Ascending sort is the reverse order of the default (descending).
    const SearchPages ascending = [&] {
        SearchPages s;
        const HttpResult r =
            ntPost(sandbox, probe, u"/v1/search"_s,
                   {{u"sort"_s, QJsonObject{{u"direction"_s, u"ascending"_s},
                                            {u"timestamp"_s, u"last_edited_time"_s}}}});
        REQUIRE(r.status == 200);
        s.results = r.json().object().value(u"results"_s).toArray();
        return s;
    }();
    QString previous;
    for (const QJsonValue &v : ascending.results) {
        const QString edited = v.toObject().value(u"last_edited_time"_s).toString();
        CHECK(edited >= previous);
        previous = edited;
    }
}

TEST_CASE("Notion objects form a parent tree with orphans", "[sandbox][notion]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kInternal, u"--notion-rate"_s, u"0"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray results = searchAll(sandbox, probe, QString(), 100).results;
    REQUIRE(results.size() == 66); // defaults: 60 pages + 6 databases

    QHash<QString, QJsonObject> pages, databases;
    for (const QJsonValue &v : results) {
        const QJsonObject o = v.toObject();
        (o.value(u"object"_s).toString() == u"page"_s ? pages : databases)
            .insert(o.value(u"id"_s).toString(), o);
    }
    QHash<QString, int> parentTypes;
    QSet<QString> missingParents;
    int splitTitles = 0, emptyTitles = 0, archived = 0, rows = 0;
    for (const QJsonValue &v : results) {
        const QJsonObject o = v.toObject();
        const bool isPage = o.value(u"object"_s).toString() == u"page"_s;
        CHECK_FALSE(o.value(u"created_time"_s).toString().isEmpty());
        CHECK(o.value(u"last_edited_time"_s).toString() >= o.value(u"created_time"_s).toString());
        CHECK(o.value(u"url"_s).toString().startsWith(u"https://www.notion.so/"_s));
        CHECK(o.value(u"archived"_s).isBool());
        CHECK(o.value(u"in_trash"_s).toBool() == o.value(u"archived"_s).toBool());
        CHECK(o.contains(u"icon"_s));
        archived += o.value(u"archived"_s).toBool();

        QJsonArray title;
        if (isPage) {
            int titleProperties = 0;
            title = pageTitle(o, &titleProperties);
            CHECK(titleProperties == 1);
        } else {
            title = o.value(u"title"_s).toArray();
            CHECK_FALSE(joinPlainText(title).isEmpty());
        }
        splitTitles += title.size() > 1;
        emptyTitles += title.isEmpty();

        const QJsonObject parent = o.value(u"parent"_s).toObject();
        const QString type = parent.value(u"type"_s).toString();
        ++parentTypes[type];
        if (type == u"workspace"_s) {
            CHECK(parent.value(u"workspace"_s).toBool());
        } else if (type == u"database_id"_s) {
            CHECK(isPage);
            CHECK(databases.contains(parent.value(u"database_id"_s).toString()));
            ++rows;
        } else if (type == u"page_id"_s) {
            const QString pid = parent.value(u"page_id"_s).toString();
            if (!pages.contains(pid))
                missingParents.insert(pid);
        } else if (type == u"block_id"_s) {
            const HttpResult block =
                ntGet(sandbox, probe, u"/v1/blocks/"_s + parent.value(u"block_id"_s).toString());
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
    CHECK(parentTypes.value(u"database_id"_s) >= 1);
    CHECK(parentTypes.value(u"block_id"_s) >= 1);
    CHECK(rows >= 1);
    CHECK(splitTitles >= 1);
    CHECK(emptyTitles >= 1);
    CHECK(archived >= 1);

    // Orphans: their parent page exists but is not shared.
    REQUIRE_FALSE(missingParents.isEmpty());
    for (const QString &pid : missingParents) {
        const HttpResult r = ntGet(sandbox, probe, u"/v1/pages/"_s + pid);
        CHECK(r.status == 404);
        CHECK(errorCode(r) == u"object_not_found"_s);
    }

    // GET gives the same objects as search, also with compact ids.
    const QJsonObject somePage = pages.begin().value();
    QString compact = somePage.value(u"id"_s).toString();
    compact.remove(u'-');
    const HttpResult byId = ntGet(sandbox, probe, u"/v1/pages/"_s + compact);
    REQUIRE(byId.status == 200);
    CHECK(withoutRequestId(byId.json().object()) == somePage);
    const QJsonObject someDb = databases.begin().value();
    const HttpResult db =
        ntGet(sandbox, probe, u"/v1/databases/"_s + someDb.value(u"id"_s).toString());
    REQUIRE(db.status == 200);
    CHECK(withoutRequestId(db.json().object()) == someDb);
    CHECK(ntGet(sandbox, probe, u"/v1/pages/"_s + someDb.value(u"id"_s).toString()).status == 404);
    CHECK(errorCode(ntGet(sandbox, probe, u"/v1/pages/not-a-uuid"_s)) == u"validation_error"_s);

    // Database rows: query returns exactly the pages whose parent is the database.
    for (auto it = databases.begin(); it != databases.end(); ++it) {
        QStringList expected;
        for (const QJsonObject &p : pages)
            if (p.value(u"parent"_s).toObject().value(u"database_id"_s).toString() == it.key())
                expected.append(p.value(u"id"_s).toString());
        QStringList got = ids(
            searchAll(sandbox, probe, QString(), 4, u"/v1/databases/"_s + it.key() + u"/query"_s)
                .results);
        expected.sort();
        got.sort();
        CHECK(got == expected);
    }
}

TEST_CASE("Notion rate limit: 429 rate_limited with Retry-After", "[sandbox][notion][limits]")
{
    SandboxProcess sandbox({u"--notion-token"_s, kInternal, u"--auto-consent"_s, u"--notion-rate"_s,
                            u"1"_s, u"--notion-burst"_s, u"3"_s, u"--notion-retry-after"_s,
                            u"2"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // Requests without Notion-Version are rejected before the limiter and don't count.
    for (int i = 0; i < 5; ++i)
        REQUIRE(ntPost(sandbox, probe, u"/v1/search"_s, {}, kInternal, false).status == 400);
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

    // Another connection has its own bucket.
    const QString other = ntLogin(sandbox, probe).value(u"access_token"_s).toString();
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s, other).status == 200);

    QThread::msleep(1100); // one token refilled
    CHECK(ntGet(sandbox, probe, u"/v1/users/me"_s).status == 200);
}

TEST_CASE("Notion data is deterministic per seed", "[sandbox][notion]")
{
    auto snapshot = [](const QString &seed) {
        SandboxProcess sandbox(
            {u"--notion-token"_s, kInternal, u"--notion-rate"_s, u"0"_s, u"--seed"_s, seed});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        return QJsonDocument(searchAll(sandbox, probe, QString(), 25).results).toJson();
    };
    const QByteArray a = snapshot(u"11"_s);
    CHECK(a == snapshot(u"11"_s));
    CHECK(a != snapshot(u"12"_s));
}
