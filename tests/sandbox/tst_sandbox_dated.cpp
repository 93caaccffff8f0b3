// Black-box tests of the sandbox's date-based HubSpot API (/crm/objects/2026-09/…,
// /oauth/2026-09/token, …) at every served version with the legacy paths turned
// off, of the legacy paths' 404s, and of the options for unverified points.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

QStringList dated(QStringList extra = {})
{
    return QStringList{u"--private-app-token"_s, kToken, u"--hubspot-legacy"_s, u"off"_s,
                       u"--quiet"_s} +
           extra;
}

QJsonObject object(const HttpResult &r)
{
    return r.json().object();
}

QSet<QString> keys(const QJsonObject &o)
{
    const QStringList k = o.keys();
    return QSet<QString>(k.begin(), k.end());
}

QSet<QString> set(std::initializer_list<const char16_t *> names)
{
    QSet<QString> out;
    for (const char16_t *n : names)
        out.insert(QString::fromUtf16(n));
    return out;
}

// The documented generic error: category, correlationId (a UUID) and message; no
// legacy "status" field at the date-based paths.
void requireDatedError(const HttpResult &r, int status, const QString &category)
{
    INFO(r.body.toStdString());
    REQUIRE(r.status == status);
    const QJsonObject o = object(r);
    CHECK(o.value(u"category"_s).toString() == category);
    CHECK(o.value(u"correlationId"_s).toString().size() == 36);
    CHECK_FALSE(o.value(u"message"_s).toString().isEmpty());
    CHECK_FALSE(o.contains(u"status"_s));
}

void requireOAuthError(const HttpResult &r, const QString &error)
{
    INFO(r.body.toStdString());
    REQUIRE(r.status == 400);
    const QJsonObject o = object(r);
    CHECK(o.value(u"error"_s).toString() == error);
    CHECK_FALSE(o.value(u"error_description"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"status"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"message"_s).toString().isEmpty());
    CHECK_FALSE(o.value(u"correlationId"_s).toString().isEmpty());
}

QString objects(const QString &version, const QString &rest)
{
    return u"/crm/objects/"_s + version + rest;
}

QList<QPair<QString, QString>> client(QList<QPair<QString, QString>> more)
{
    return QList<QPair<QString, QString>>{{u"client_id"_s, kClientId},
                                          {u"client_secret"_s, kClientSecret}} +
           more;
}

} // namespace

TEST_CASE("date-based objects: list, read, batch read and archived at every served version",
          "[sandbox][dated]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    INFO("version " << v.toStdString());
    SandboxProcess sandbox(dated({u"--contacts"_s, u"234"_s, u"--archived"_s, u"2"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const Paged all = pageAll(sandbox, probe, objects(v, u"/contacts?limit=100"_s), kToken, true);
    INFO(all.failure.toStdString());
    REQUIRE(all.ok);
    CHECK(all.ids.size() == 234);
    CHECK(strictlyAscendingNumeric(all.ids));
    CHECK(all.requests == 3);
    const QJsonObject first = all.results.first().toObject();
    CHECK(keys(first) == set({u"id", u"properties", u"createdAt", u"updatedAt", u"archived"}));
    CHECK(first.value(u"properties"_s).toObject().value(u"hs_object_id"_s).toString() ==
          first.value(u"id"_s).toString());

    const HttpResult listed = apiGet(sandbox, probe, objects(v, u"/contacts?limit=1"_s), kToken);
    CHECK(listed.header("X-HubSpot-RateLimit-Max") == "100");
    requireDatedError(apiGet(sandbox, probe, objects(v, u"/contacts?limit=101"_s), kToken), 400,
                      u"VALIDATION_ERROR"_s);
    requireDatedError(apiGet(sandbox, probe, objects(v, u"/widgets"_s), kToken), 400,
                      u"VALIDATION_ERROR"_s);

    const QString id = all.ids.at(5);
    const HttpResult one = apiGet(
        sandbox, probe, objects(v, u"/contacts/"_s + id + u"?properties=email,city"_s), kToken);
    REQUIRE(one.status == 200);
    CHECK(object(one).value(u"id"_s).toString() == id);
    CHECK(object(one).value(u"properties"_s).toObject().contains(u"city"_s));
    requireDatedError(apiGet(sandbox, probe, objects(v, u"/contacts/99999999"_s), kToken), 404,
                      u"OBJECT_NOT_FOUND"_s);

    const Paged archived =
        pageAll(sandbox, probe, objects(v, u"/contacts?archived=true"_s), kToken, true);
    REQUIRE(archived.ok);
    REQUIRE(archived.ids.size() == 2);
    CHECK(archived.results.first().toObject().value(u"archived"_s).toBool());
    CHECK(archived.results.first().toObject().contains(u"archivedAt"_s));

    const QJsonArray inputs{QJsonObject{{u"id"_s, all.ids.at(0)}},
                            QJsonObject{{u"id"_s, all.ids.at(1)}},
                            QJsonObject{{u"id"_s, archived.ids.at(0)}}};
    const HttpResult batch = postJson(sandbox, probe, objects(v, u"/contacts/batch/read"_s),
                                      QJsonObject{{u"inputs"_s, inputs},
                                                  {u"properties"_s, QJsonArray{u"email"_s}},
                                                  {u"propertiesWithHistory"_s, QJsonArray()}},
                                      kToken);
    INFO(batch.body.toStdString());
    REQUIRE(batch.status == 207);
    const QJsonObject b = object(batch);
    CHECK(b.value(u"status"_s).toString() == u"COMPLETE"_s);
    CHECK(b.value(u"results"_s).toArray().size() == 2);
    CHECK(b.value(u"numErrors"_s).toInt() == 1);
    const QJsonObject error = b.value(u"errors"_s).toArray().at(0).toObject();
    CHECK(keys(error).contains(
        set({u"status", u"category", u"message", u"errors", u"context", u"links"})));
    CHECK(firstErrorContext(batch, u"ids"_s) == QStringList{archived.ids.at(0)});
}

TEST_CASE("date-based auth errors have the documented shape", "[sandbox][dated]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    SandboxProcess sandbox(dated({u"--auto-consent"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    requireDatedError(probe.get(sandbox.url(objects(v, u"/contacts"_s))), 401,
                      u"INVALID_AUTHENTICATION"_s);
    requireDatedError(apiGet(sandbox, probe, objects(v, u"/contacts"_s), u"nope"_s), 401,
                      u"INVALID_AUTHENTICATION"_s);

    const CodeGrant grant = authorizeCode(sandbox, probe, u"oauth crm.objects.contacts.read"_s);
    const HttpResult token = exchangeCode(sandbox, probe, grant.code, grant.verifier, kClientSecret,
                                          kRedirectUri, u"/oauth/"_s + v + u"/token"_s);
    REQUIRE(token.status == 200);
    const QString access = object(token).value(u"access_token"_s).toString();
    CHECK(apiGet(sandbox, probe, objects(v, u"/contacts"_s), access).status == 200);
    const HttpResult forbidden = apiGet(sandbox, probe, objects(v, u"/deals"_s), access);
    requireDatedError(forbidden, 403, u"MISSING_SCOPES"_s);
    CHECK(firstErrorContext(forbidden, u"requiredScopes"_s) ==
          QStringList{u"crm.objects.deals.read"_s});
}

TEST_CASE("date-based owners, pipelines, properties and account details", "[sandbox][dated]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    SandboxProcess sandbox(dated({u"--owners"_s, u"5"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const Paged owners =
        pageAll(sandbox, probe, u"/crm/owners/"_s + v + u"?limit=2"_s, kToken, true);
    INFO(owners.failure.toStdString());
    REQUIRE(owners.ok);
    REQUIRE(owners.ids.size() == 5);
    const QJsonObject o = owners.results.first().toObject();
    CHECK(keys(o).contains(set({u"id", u"type", u"createdAt", u"updatedAt", u"archived"})));
    CHECK(o.value(u"type"_s).toString() == u"PERSON"_s);
    const QString userId = QString::number(o.value(u"userId"_s).toInteger());
    CHECK(object(apiGet(sandbox, probe,
                        u"/crm/owners/"_s + v + u"/"_s + o.value(u"id"_s).toString(), kToken)) ==
          o);
    CHECK(object(apiGet(sandbox, probe,
                        u"/crm/owners/"_s + v + u"/"_s + userId + u"?idProperty=userId"_s,
                        kToken)) == o);
    requireDatedError(apiGet(sandbox, probe, u"/crm/owners/"_s + v + u"/1"_s, kToken), 404,
                      u"OBJECT_NOT_FOUND"_s);
    CHECK(
        pageAll(sandbox, probe, u"/crm/owners/"_s + v + u"?archived=true"_s, kToken).ids.isEmpty());

    for (const QString &type : {u"deals"_s, u"tickets"_s}) {
        const HttpResult p =
            apiGet(sandbox, probe, u"/crm/pipelines/"_s + v + u"/"_s + type, kToken);
        REQUIRE(p.status == 200);
        CHECK_FALSE(object(p).contains(u"paging"_s));
        const QJsonObject pipeline = object(p).value(u"results"_s).toArray().at(0).toObject();
        CHECK(keys(pipeline).contains(set({u"id", u"label", u"displayOrder", u"stages", u"archived",
                                           u"createdAt", u"updatedAt"})));
        for (const QJsonValue &s : pipeline.value(u"stages"_s).toArray())
            CHECK(keys(s.toObject())
                      .contains(set({u"id", u"label", u"displayOrder", u"metadata", u"archived",
                                     u"createdAt", u"updatedAt", u"writePermissions"})));
    }
    requireDatedError(apiGet(sandbox, probe, u"/crm/pipelines/"_s + v + u"/contacts"_s, kToken),
                      400, u"VALIDATION_ERROR"_s);

    const HttpResult props =
        apiGet(sandbox, probe, u"/crm/properties/"_s + v + u"/contacts"_s, kToken);
    REQUIRE(props.status == 200);
    CHECK(object(props).value(u"results"_s).toArray().size() > 5);

    const HttpResult account =
        apiGet(sandbox, probe, u"/account-info/"_s + v + u"/details"_s, kToken);
    INFO(account.body.toStdString());
    REQUIRE(account.status == 200);
    const QJsonObject a = object(account);
    CHECK(keys(a) == set({u"portalId", u"accountType", u"timeZone", u"companyCurrency",
                          u"additionalCurrencies", u"utcOffset", u"utcOffsetMilliseconds",
                          u"uiDomain", u"dataHostingLocation"}));
    CHECK(a.value(u"portalId"_s).toInteger() == 24681357);
    CHECK(a.value(u"accountType"_s).toString() == u"STANDARD"_s);
    CHECK(a.value(u"additionalCurrencies"_s).isArray());
    CHECK(a.value(u"utcOffsetMilliseconds"_s).isDouble());
}

TEST_CASE("date-based search, associations and per-record associations by version",
          "[sandbox][dated]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    SandboxProcess sandbox(dated());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult search = postJson(sandbox, probe, objects(v, u"/contacts/search"_s),
                                       QJsonObject{{u"limit"_s, 3}}, kToken);
    REQUIRE(search.status == 200);
    CHECK(object(search).value(u"total"_s).toInt() == 300);
    CHECK(object(search).value(u"results"_s).toArray().size() == 3);
    CHECK(search.header("X-HubSpot-RateLimit-Max").isEmpty());

    const HttpResult batch = postJson(
        sandbox, probe, u"/crm/associations/"_s + v + u"/deals/contacts/batch/read"_s,
        QJsonObject{{u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"4000001"_s}}}}}, kToken);
    INFO(batch.body.toStdString());
    REQUIRE((batch.status == 200 || batch.status == 207));

    // The per-record GET is in the 2026-03 spec but not in the 2026-09 snapshot.
    const HttpResult perRecord =
        apiGet(sandbox, probe, objects(v, u"/companies/2000001/associations/contacts"_s), kToken);
    if (v == u"2026-03"_s) {
        REQUIRE(perRecord.status == 200);
        CHECK(object(perRecord).value(u"results"_s).isArray());
    } else {
        CHECK(perRecord.status == 404);
    }
}

TEST_CASE("legacy paths answer 404 with --hubspot-legacy off and work with it on",
          "[sandbox][dated]")
{
    struct Call
    {
        QByteArray method;
        QString path;
        int whenOn; // expected status with the legacy paths on
    };
    const QList<Call> calls = {
        {"GET", u"/crm/v3/objects/contacts"_s, 200},
        {"GET", u"/crm/v3/objects/contacts/101"_s, 200},
        {"POST", u"/crm/v3/objects/contacts/batch/read"_s, 200},
        {"POST", u"/crm/v3/objects/contacts/search"_s, 200},
        {"POST", u"/crm/v4/associations/contacts/companies/batch/read"_s, 200},
        {"GET", u"/crm/v4/objects/companies/2000001/associations/contacts"_s, 200},
        {"GET", u"/crm/v3/owners"_s, 200},
        {"GET", u"/crm/v3/pipelines/deals"_s, 200},
        {"GET", u"/crm/v3/properties/contacts"_s, 200},
        {"POST", u"/oauth/v1/token"_s, 400},
        {"POST", u"/oauth/v3/token"_s, 400},
        {"POST", u"/oauth/v3/token/introspect"_s, 400},
        {"POST", u"/oauth/v3/token/revoke"_s, 400},
        {"GET", u"/oauth/v1/access-tokens/"_s + kToken, 200},
        {"DELETE", u"/oauth/v1/refresh-tokens/unknown"_s, 404},
    };
    for (const bool on : {false, true}) {
        SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--hubspot-legacy"_s,
                                on ? u"on"_s : u"off"_s, u"--quiet"_s});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        for (const Call &c : calls) {
            const QByteArray body = c.method == "POST" ? QByteArray("{}") : QByteArray();
            const HttpResult r = probe.send(c.method, sandbox.url(c.path), body,
                                            {{"Authorization", "Bearer " + kToken.toLatin1()},
                                             {"Content-Type", "application/json"}},
                                            30000);
            INFO((on ? "on " : "off ") << c.method.toStdString() << ' ' << c.path.toStdString()
                                       << ": " << r.body.left(300).toStdString());
            if (on) {
                CHECK(r.status == c.whenOn);
            } else {
                requireDatedError(r, 404, u"OBJECT_NOT_FOUND"_s);
            }
        }
        // The date-based paths are there either way.
        CHECK(apiGet(sandbox, probe, u"/crm/objects/2026-09/contacts"_s, kToken).status == 200);
    }
}

TEST_CASE("date-based OAuth: code exchange, refresh, introspection and revocation",
          "[sandbox][dated][oauth]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    INFO("version " << v.toStdString());
    SandboxProcess sandbox(dated({u"--auto-consent"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString tokenPath = u"/oauth/"_s + v + u"/token"_s;

    const CodeGrant grant = authorizeCode(sandbox, probe);
    const HttpResult token = exchangeCode(sandbox, probe, grant.code, grant.verifier, kClientSecret,
                                          kRedirectUri, tokenPath);
    INFO(token.body.toStdString());
    REQUIRE(token.status == 200);
    const QJsonObject t = object(token);
    CHECK(keys(t) == set({u"access_token", u"expires_in", u"refresh_token", u"token_type",
                          u"token_use", u"hub_id", u"user_id", u"scopes"}));
    CHECK(t.value(u"token_use"_s).toString() == u"access_token"_s);
    CHECK(t.value(u"expires_in"_s).toInt() == 1800);
    const QString access = t.value(u"access_token"_s).toString();
    const QString refreshToken = t.value(u"refresh_token"_s).toString();
    CHECK(apiGet(sandbox, probe, objects(v, u"/contacts"_s), access).status == 200);

    const HttpResult refreshed = refresh(sandbox, probe, refreshToken, tokenPath);
    REQUIRE(refreshed.status == 200);
    const QString access2 = object(refreshed).value(u"access_token"_s).toString();
    CHECK(access2 != access);

    const auto introspect = [&](const QString &value, const QString &hint) {
        return postForm(sandbox, probe, tokenPath + u"/introspect"_s,
                        client({{u"token"_s, value}, {u"token_type_hint"_s, hint}}));
    };
    const HttpResult ai = introspect(access2, u"access_token"_s);
    INFO(ai.body.toStdString());
    REQUIRE(ai.status == 200);
    const QJsonObject a = object(ai);
    CHECK(keys(a).contains(set({u"active", u"app_id", u"client_id", u"expires_in", u"hub_id",
                                u"is_private_distribution", u"scopes", u"signed_access_token",
                                u"token", u"token_type", u"token_use", u"user_id"})));
    CHECK_FALSE(a.contains(u"exp"_s));
    CHECK(a.value(u"active"_s).toBool());
    CHECK(a.value(u"token_use"_s).toString() == u"access_token"_s);
    CHECK(a.value(u"token"_s).toString() == access2);
    CHECK(a.value(u"hub_id"_s).toInteger() == 24681357);
    CHECK(a.value(u"user"_s).toString() == u"demo.user@example.com"_s);
    CHECK(a.value(u"expires_in"_s).toInt() > 1700);
    CHECK(keys(a.value(u"signed_access_token"_s).toObject())
              .contains(set({u"appId", u"expiresAt", u"hubId", u"hublet", u"isUserLevel",
                             u"isServiceAccount", u"scopes", u"signature", u"userId"})));
    const HttpResult ri = introspect(refreshToken, u"refresh_token"_s);
    REQUIRE(ri.status == 200);
    const QJsonObject r = object(ri);
    CHECK(r.value(u"token_use"_s).toString() == u"refresh_token"_s);
    CHECK(keys(r).contains(set({u"active", u"app_id", u"client_id", u"hub_id", u"scopes", u"token",
                                u"token_type", u"token_use", u"user_id"})));
    CHECK_FALSE(r.contains(u"expires_in"_s));
    CHECK_FALSE(r.contains(u"exp"_s));
    CHECK(object(introspect(u"unknown"_s, QString())) == QJsonObject{{u"active"_s, false}});

    const HttpResult revoked =
        postForm(sandbox, probe, tokenPath + u"/revoke"_s,
                 client({{u"token"_s, refreshToken}, {u"token_type_hint"_s, u"refresh_token"_s}}));
    CHECK(revoked.status == 204);
    CHECK(revoked.body.isEmpty());
    requireOAuthError(refresh(sandbox, probe, refreshToken, tokenPath), u"invalid_grant"_s);
    CHECK(apiGet(sandbox, probe, objects(v, u"/contacts"_s), access2).status == 401);
    CHECK(object(introspect(access2, QString())) == QJsonObject{{u"active"_s, false}});
    // Unknown tokens revoke fine (RFC 7009).
    CHECK(
        postForm(sandbox, probe, tokenPath + u"/revoke"_s, client({{u"token"_s, u"x"_s}})).status ==
        204);
}

TEST_CASE("date-based OAuth takes every parameter from a form body and needs the client",
          "[sandbox][dated][oauth]")
{
    const QString v = GENERATE(from_range(kDatedVersions));
    SandboxProcess sandbox(dated({u"--auto-consent"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString tokenPath = u"/oauth/"_s + v + u"/token"_s;
    const CodeGrant grant = authorizeCode(sandbox, probe);
    const QList<QPair<QString, QString>> pairs = client({{u"grant_type"_s, u"authorization_code"_s},
                                                         {u"redirect_uri"_s, kRedirectUri},
                                                         {u"code"_s, grant.code},
                                                         {u"code_verifier"_s, grant.verifier}});
    // In the query instead of the body.
    QUrl url = sandbox.url(tokenPath);
    url.setQuery(QString::fromLatin1(form(pairs)));
    requireOAuthError(probe.post(url, QByteArray(), "application/x-www-form-urlencoded"),
                      u"invalid_request"_s);
    // JSON instead of a form.
    QJsonObject json;
    for (const auto &p : pairs)
        json.insert(p.first, p.second);
    requireOAuthError(postJson(sandbox, probe, tokenPath, json), u"invalid_request"_s);
    // The client must authenticate at introspect and revoke.
    requireOAuthError(
        postForm(sandbox, probe, tokenPath + u"/introspect"_s, {{u"token"_s, u"x"_s}}),
        u"invalid_client"_s);
    requireOAuthError(postForm(sandbox, probe, tokenPath + u"/revoke"_s,
                               {{u"client_id"_s, kClientId}, {u"token"_s, u"x"_s}}),
                      u"invalid_client"_s);
    requireOAuthError(
        postForm(sandbox, probe, tokenPath, client({{u"grant_type"_s, u"client_credentials"_s}})),
        u"unsupported_grant_type"_s);
}

TEST_CASE("options: token without optional fields, revoke 200, introspection errors",
          "[sandbox][dated][oauth]")
{
    SandboxProcess sandbox(dated({u"--auto-consent"_s, u"--hubspot-token-optional-fields"_s,
                                  u"off"_s, u"--hubspot-revoke-status"_s, u"200"_s,
                                  u"--hubspot-introspect-inactive"_s, u"error"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString tokenPath = u"/oauth/2026-09/token"_s;
    const CodeGrant grant = authorizeCode(sandbox, probe);
    const HttpResult token = exchangeCode(sandbox, probe, grant.code, grant.verifier, kClientSecret,
                                          kRedirectUri, tokenPath);
    REQUIRE(token.status == 200);
    CHECK(keys(object(token)) ==
          set({u"access_token", u"expires_in", u"refresh_token", u"token_type", u"token_use"}));
    requireOAuthError(postForm(sandbox, probe, tokenPath + u"/introspect"_s,
                               client({{u"token"_s, u"unknown"_s}})),
                      u"invalid_request"_s);
    const HttpResult revoked =
        postForm(sandbox, probe, tokenPath + u"/revoke"_s,
                 client({{u"token"_s, object(token).value(u"refresh_token"_s).toString()}}));
    CHECK(revoked.status == 200);
    CHECK(revoked.body.isEmpty());
}

TEST_CASE("rate-limit headers on date-based paths can be turned off", "[sandbox][dated]")
{
    SandboxProcess sandbox(
        {u"--private-app-token"_s, kToken, u"--hubspot-rate-headers"_s, u"off"_s, u"--quiet"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (const QString &v : kDatedVersions)
        CHECK(apiGet(sandbox, probe, objects(v, u"/contacts"_s), kToken)
                  .header("X-HubSpot-RateLimit-Remaining")
                  .isEmpty());
    // The legacy paths keep them, and the requests still count.
    const HttpResult legacy = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, kToken);
    CHECK(legacy.header("X-HubSpot-RateLimit-Remaining") == "97");
}

TEST_CASE("the request log shows no secret at the date-based OAuth endpoints",
          "[sandbox][dated][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--hubspot-legacy"_s, u"off"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString tokenPath = u"/oauth/2026-09/token"_s;
    const CodeGrant grant = authorizeCode(sandbox, probe);
    const HttpResult token = exchangeCode(sandbox, probe, grant.code, grant.verifier, kClientSecret,
                                          kRedirectUri, tokenPath);
    REQUIRE(token.status == 200);
    const QString access = object(token).value(u"access_token"_s).toString();
    const QString refreshToken = object(token).value(u"refresh_token"_s).toString();
    CHECK(refresh(sandbox, probe, refreshToken, tokenPath).status == 200);
    CHECK(postForm(sandbox, probe, tokenPath + u"/introspect"_s, client({{u"token"_s, access}}))
              .status == 200);
    CHECK(postForm(sandbox, probe, tokenPath + u"/revoke"_s, client({{u"token"_s, refreshToken}}))
              .status == 204);
    // Nor does one in a sunset path that carried tokens.
    CHECK(probe.get(sandbox.url(u"/oauth/v1/access-tokens/"_s + access.left(20))).status == 404);
    CHECK(probe.get(sandbox.url(u"/oauth/v1/refresh-tokens/"_s + access.left(20))).status == 404);
    // A token put in the query (refused) must not reach the log either.
    CHECK(probe
              .post(sandbox.url(tokenPath + u"/revoke?token="_s + access), QByteArray(),
                    "application/x-www-form-urlencoded")
              .status == 400);
    sandbox.stop();
    const QByteArray log = sandbox.log();
    INFO(log.toStdString());
    CHECK(log.contains("POST /oauth/2026-09/token/introspect 200"));
    for (const QString &secret :
         {access.left(20), refreshToken, grant.code, grant.verifier, kClientSecret})
        CHECK_FALSE(log.contains(secret.toLatin1()));
}

TEST_CASE("faults at the date-based paths are deterministic for a seed", "[sandbox][dated]")
{
    const QList<QByteArray> datedPaths = {
        "/crm/objects/2026-09/contacts?limit=5",
        "/crm/objects/2026-03/contacts/101",
        "/crm/owners/2026-09",
        "/crm/pipelines/2026-09/deals",
        "/account-info/2026-03/details",
        "/crm/objects/2026-03/companies/2000001/associations/contacts"};
    const auto run = [](const QString &seed, const QString &legacy,
                        const QList<QByteArray> &paths) {
        SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"off"_s,
                                u"--hubspot-legacy"_s, legacy, u"--fault-rate"_s, u"0.5"_s,
                                u"--seed"_s, seed, u"--quiet"_s});
        REQUIRE(sandbox.started());
        QStringList outcomes;
        for (int i = 0; i < 48; ++i)
            outcomes.append(
                rawOutcome(sandbox.port(), "GET", paths.at(i % paths.size()), kPrivateToken));
        return outcomes;
    };
    const QStringList a = run(u"42"_s, u"off"_s, datedPaths);
    INFO(a.join(u' ').toStdString());
    CHECK(a == run(u"42"_s, u"off"_s, datedPaths));
    CHECK(a != run(u"43"_s, u"off"_s, datedPaths));
    const int faults = int(a.size() - a.count(u"200"_s));
    CHECK(faults > 8);
    CHECK(faults < 40);
    // The n-th eligible request gets the same fault whichever path it asks for.
    CHECK(a == run(u"42"_s, u"on"_s, {"/crm/v3/objects/contacts?limit=5"}));
}
