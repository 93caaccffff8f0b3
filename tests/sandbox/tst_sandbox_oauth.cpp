// Black-box tests of the sandbox's HubSpot OAuth 2.0 server over HTTP.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QThread>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

QString str(const QJsonObject &o, const char16_t *key)
{
    return o.value(QString::fromUtf16(key)).toString();
}

void requireOAuthError(const HttpResult &r, const QString &status, const QString &error)
{
    INFO(r.body.toStdString());
    REQUIRE(r.status == 400);
    const QJsonObject o = r.json().object();
    CHECK(str(o, u"status") == status);
    CHECK(str(o, u"error") == error);
    CHECK_FALSE(str(o, u"message").isEmpty());
    CHECK_FALSE(str(o, u"error_description").isEmpty());
    CHECK_FALSE(str(o, u"correlationId").isEmpty());
}

QStringList jsonStrings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out.append(e.toString());
    return out;
}

} // namespace

TEST_CASE("PKCE login happy path yields working tokens", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const Pkce pkce = makePkce();
    const HttpResult authorize =
        probe.get(authorizeUrl(sandbox, kDefaultScopes, u"state-123"_s, pkce.challenge));
    REQUIRE(authorize.status == 302);
    const QUrl location = QUrl::fromEncoded(authorize.header("Location"));
    CHECK(location.toString(QUrl::RemoveQuery) == kRedirectUri);
    CHECK(locationQueryItem(authorize, u"state"_s) == u"state-123"_s);
    const QString code = locationQueryItem(authorize, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());

    const HttpResult token = exchangeCode(sandbox, probe, code, pkce.verifier);
    INFO(token.body.toStdString());
    REQUIRE(token.status == 200);
    const QJsonObject t = token.json().object();
    CHECK_FALSE(str(t, u"access_token").isEmpty());
    CHECK_FALSE(str(t, u"refresh_token").isEmpty());
    CHECK(t.value(u"expires_in"_s).toInt() == 1800);
    CHECK(str(t, u"token_type") == u"bearer"_s);
    CHECK_FALSE(str(t, u"token_use").isEmpty());
    CHECK(t.value(u"hub_id"_s).toInteger() == 24681357);
    CHECK(t.value(u"user_id"_s).toInteger() > 0);
    CHECK(jsonStrings(t.value(u"scopes"_s)) == kDefaultScopes.split(u' '));

    const HttpResult contacts =
        apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=1"_s, str(t, u"access_token"));
    CHECK(contacts.status == 200);

    const HttpResult meta =
        probe.get(sandbox.url(u"/oauth/v1/access-tokens/"_s + str(t, u"access_token")));
    REQUIRE(meta.status == 200);
    const QJsonObject m = meta.json().object();
    CHECK(str(m, u"user") == u"demo.user@example.com"_s);
    CHECK(str(m, u"hub_domain") == u"demo-company.sandbox.local"_s);
    CHECK(m.value(u"hub_id"_s).toInteger() == 24681357);
    CHECK(jsonStrings(m.value(u"scopes"_s)) == kDefaultScopes.split(u' '));
    CHECK(m.value(u"expires_in"_s).toInt() > 0);
    CHECK(m.value(u"expires_in"_s).toInt() <= 1800);
    CHECK(m.contains(u"app_id"_s));
    CHECK(m.contains(u"user_id"_s));
    CHECK(m.contains(u"token_type"_s));

    // The legacy v1 token endpoint behaves the same.
    const CodeGrant second = authorizeCode(sandbox, probe);
    const HttpResult v1 = exchangeCode(sandbox, probe, second.code, second.verifier, kClientSecret,
                                       kRedirectUri, u"/oauth/v1/token"_s);
    CHECK(v1.status == 200);

    const HttpResult unknown = probe.get(sandbox.url(u"/oauth/v1/access-tokens/nope"_s));
    CHECK(unknown.status == 404);
}

TEST_CASE("consent page: Allow redirects with a code, Deny with access_denied", "[sandbox][oauth]")
{
    SandboxProcess sandbox;
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();

    const HttpResult page =
        probe.get(authorizeUrl(sandbox, kDefaultScopes, u"s-9"_s, pkce.challenge));
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Type").startsWith("text/html"));
    const QString html = QString::fromUtf8(page.body);
    CHECK(html.contains(u"id=\"allow\""_s));
    CHECK(html.contains(u"id=\"deny\""_s));
    CHECK(html.contains(u"Integrations Desk"_s));
    CHECK(html.contains(u"prefers-color-scheme"_s));
    for (const QString &scope : kDefaultScopes.split(u' '))
        CHECK(html.contains(scope));

    auto submit = [&](const QString &decision) {
        return probe.post(sandbox.url(u"/oauth/authorize"_s),
                          form({{u"client_id"_s, kClientId},
                                {u"redirect_uri"_s, kRedirectUri},
                                {u"scope"_s, kDefaultScopes},
                                {u"state"_s, u"s-9"_s},
                                {u"code_challenge"_s, pkce.challenge},
                                {u"code_challenge_method"_s, u"S256"_s},
                                {u"decision"_s, decision}}),
                          "application/x-www-form-urlencoded");
    };
    const HttpResult allow = submit(u"allow"_s);
    REQUIRE(allow.status == 302);
    CHECK(locationQueryItem(allow, u"state"_s) == u"s-9"_s);
    const QString code = locationQueryItem(allow, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());
    CHECK(exchangeCode(sandbox, probe, code, pkce.verifier).status == 200);

    const HttpResult deny = submit(u"deny"_s);
    REQUIRE(deny.status == 302);
    CHECK(locationQueryItem(deny, u"error"_s) == u"access_denied"_s);
    CHECK(locationQueryItem(deny, u"state"_s) == u"s-9"_s);
    CHECK(locationQueryItem(deny, u"code"_s).isEmpty());
}

TEST_CASE("authorize validates client, redirect URI and scopes", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--redirect-uri"_s, u"http://localhost:5555/cb"_s,
                            u"--redirect-uri"_s, u"http://localhost:6666/other"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();

    // Unknown client and unregistered redirect: an error page, never a redirect.
    const HttpResult badClient =
        probe.get(authorizeUrl(sandbox, kDefaultScopes, u"s"_s, pkce.challenge,
                               u"http://localhost:5555/cb"_s, u"someone-else"_s));
    CHECK(badClient.status == 400);
    CHECK(badClient.header("Location").isEmpty());
    CHECK(badClient.header("Content-Type").startsWith("text/html"));

    // The default URI is not registered once --redirect-uri is given.
    const HttpResult badRedirect =
        probe.get(authorizeUrl(sandbox, kDefaultScopes, u"s"_s, pkce.challenge, kRedirectUri));
    CHECK(badRedirect.status == 400);
    CHECK(badRedirect.header("Location").isEmpty());

    const HttpResult other = probe.get(authorizeUrl(sandbox, kDefaultScopes, u"s"_s, pkce.challenge,
                                                    u"http://localhost:6666/other"_s));
    REQUIRE(other.status == 302);
    CHECK(other.header("Location").startsWith("http://localhost:6666/other?"));
    CHECK_FALSE(locationQueryItem(other, u"code"_s).isEmpty());

    const HttpResult badScope =
        probe.get(authorizeUrl(sandbox, u"oauth crm.objects.everything.write"_s, u"s2"_s,
                               pkce.challenge, u"http://localhost:5555/cb"_s));
    REQUIRE(badScope.status == 302);
    CHECK(locationQueryItem(badScope, u"error"_s) == u"invalid_scope"_s);
    CHECK(locationQueryItem(badScope, u"state"_s) == u"s2"_s);
    CHECK(locationQueryItem(badScope, u"code"_s).isEmpty());
}

TEST_CASE("token endpoint rejects wrong verifier, secret, client, redirect and reused codes",
          "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, makePkce().verifier),
                          u"BAD_CODE_VERIFIER"_s, u"invalid_grant"_s);
    }
    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, QString()), u"BAD_CODE_VERIFIER"_s,
                          u"invalid_grant"_s);
    }
    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, g.verifier, u"wrong-secret"_s),
                          u"BAD_CLIENT_SECRET"_s, u"invalid_client"_s);
    }
    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, g.verifier, kClientSecret,
                                       kRedirectUri, u"/oauth/v3/token"_s, u"other-client"_s),
                          u"BAD_CLIENT_ID"_s, u"invalid_client"_s);
    }
    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, g.verifier, kClientSecret,
                                       u"http://localhost:47110/elsewhere"_s),
                          u"BAD_REDIRECT_URI"_s, u"invalid_grant"_s);
    }
    {
        const CodeGrant g = authorizeCode(sandbox, probe);
        REQUIRE(exchangeCode(sandbox, probe, g.code, g.verifier).status == 200);
        requireOAuthError(exchangeCode(sandbox, probe, g.code, g.verifier), u"BAD_AUTH_CODE"_s,
                          u"invalid_grant"_s);
    }
    requireOAuthError(exchangeCode(sandbox, probe, u"made-up-code"_s, makePkce().verifier),
                      u"BAD_AUTH_CODE"_s, u"invalid_grant"_s);
    const HttpResult badGrant =
        probe.post(sandbox.url(u"/oauth/v3/token"_s),
                   form({{u"grant_type"_s, u"password"_s}, {u"client_id"_s, kClientId}}),
                   "application/x-www-form-urlencoded");
    requireOAuthError(badGrant, u"BAD_GRANT_TYPE"_s, u"unsupported_grant_type"_s);
}

TEST_CASE("authorization codes expire after --code-lifetime", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--code-lifetime"_s, u"1"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const CodeGrant g = authorizeCode(sandbox, probe);
    REQUIRE_FALSE(g.code.isEmpty());
    QThread::msleep(1300);
    requireOAuthError(exchangeCode(sandbox, probe, g.code, g.verifier), u"EXPIRED_AUTH_CODE"_s,
                      u"invalid_grant"_s);
}

TEST_CASE("codes without PKCE are accepted when no challenge was sent", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult r = probe.get(authorizeUrl(sandbox, kDefaultScopes, u"s"_s, QString()));
    const QString code = locationQueryItem(r, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());
    CHECK(exchangeCode(sandbox, probe, code, QString()).status == 200);
}

TEST_CASE("refresh keeps the refresh token by default and rotates it on request",
          "[sandbox][oauth]")
{
    SECTION("no rotation")
    {
        SandboxProcess sandbox({u"--auto-consent"_s});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        const Tokens t = login(sandbox, probe);
        const HttpResult r1 = refresh(sandbox, probe, t.refresh);
        REQUIRE(r1.status == 200);
        const QJsonObject o = r1.json().object();
        CHECK(str(o, u"refresh_token") == t.refresh);
        CHECK(str(o, u"access_token") != t.access);
        CHECK(o.value(u"expires_in"_s).toInt() == 1800);
        CHECK(
            apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, str(o, u"access_token")).status ==
            200);
        CHECK(refresh(sandbox, probe, t.refresh).status == 200);
    }
    SECTION("rotation")
    {
        SandboxProcess sandbox({u"--auto-consent"_s, u"--rotate-refresh-tokens"_s});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        const Tokens t = login(sandbox, probe);
        const HttpResult r1 = refresh(sandbox, probe, t.refresh);
        REQUIRE(r1.status == 200);
        const QString rotated = str(r1.json().object(), u"refresh_token");
        CHECK(rotated != t.refresh);
        requireOAuthError(refresh(sandbox, probe, t.refresh), u"BAD_REFRESH_TOKEN"_s,
                          u"invalid_grant"_s);
        CHECK(refresh(sandbox, probe, rotated).status == 200);
    }
}

TEST_CASE("revoking a refresh token ends refresh and its access tokens", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    SECTION("DELETE /oauth/v1/refresh-tokens/{token}")
    {
        const Tokens t = login(sandbox, probe);
        const HttpResult del = probe.send(
            "DELETE", sandbox.url(u"/oauth/v1/refresh-tokens/"_s + t.refresh), {}, {}, 10000);
        CHECK(del.status == 204);
        requireOAuthError(refresh(sandbox, probe, t.refresh), u"BAD_REFRESH_TOKEN"_s,
                          u"invalid_grant"_s);
        const HttpResult api = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access);
        CHECK(api.status == 401);
        CHECK(str(api.json().object(), u"category") == u"INVALID_AUTHENTICATION"_s);
        CHECK(probe
                  .send("DELETE", sandbox.url(u"/oauth/v1/refresh-tokens/"_s + t.refresh), {}, {},
                        10000)
                  .status == 404);
    }
    SECTION("POST /oauth/v3/token/revoke and introspection")
    {
        const Tokens t = login(sandbox, probe);
        auto introspect = [&](const QString &token) {
            return probe
                .post(sandbox.url(u"/oauth/v3/token/introspect"_s),
                      form({{u"client_id"_s, kClientId},
                            {u"client_secret"_s, kClientSecret},
                            {u"token"_s, token}}),
                      "application/x-www-form-urlencoded")
                .json()
                .object();
        };
        const QJsonObject before = introspect(t.access);
        CHECK(before.value(u"active"_s).toBool());
        CHECK(str(before, u"client_id") == kClientId);
        CHECK_FALSE(str(before, u"token_use").isEmpty());
        CHECK(introspect(t.refresh).value(u"active"_s).toBool());
        CHECK_FALSE(introspect(u"unknown"_s).value(u"active"_s).toBool());

        const HttpResult revoke = probe.post(sandbox.url(u"/oauth/v3/token/revoke"_s),
                                             form({{u"client_id"_s, kClientId},
                                                   {u"client_secret"_s, kClientSecret},
                                                   {u"token"_s, t.refresh}}),
                                             "application/x-www-form-urlencoded");
        CHECK(revoke.status == 200);
        CHECK_FALSE(introspect(t.access).value(u"active"_s).toBool());
        CHECK_FALSE(introspect(t.refresh).value(u"active"_s).toBool());
        requireOAuthError(refresh(sandbox, probe, t.refresh), u"BAD_REFRESH_TOKEN"_s,
                          u"invalid_grant"_s);
        CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access).status == 401);
    }
}

TEST_CASE("access tokens expire after --token-lifetime with 401 EXPIRED_AUTHENTICATION",
          "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--token-lifetime"_s, u"2"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Tokens t = login(sandbox, probe);
    CHECK(t.raw.value(u"expires_in"_s).toInt() == 2);
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access).status == 200);
    QThread::msleep(2300);
    const HttpResult expired = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access);
    INFO(expired.body.toStdString());
    CHECK(expired.status == 401);
    CHECK(str(expired.json().object(), u"category") == u"EXPIRED_AUTHENTICATION"_s);
    CHECK(str(expired.json().object(), u"status") == u"error"_s);

    const HttpResult r = refresh(sandbox, probe, t.refresh);
    REQUIRE(r.status == 200);
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s,
                 str(r.json().object(), u"access_token"))
              .status == 200);
}

TEST_CASE("missing or unknown bearer gives 401, a missing scope 403 MISSING_SCOPES",
          "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    const HttpResult none = probe.get(sandbox.url(u"/crm/v3/objects/contacts"_s));
    CHECK(none.status == 401);
    CHECK(str(none.json().object(), u"category") == u"INVALID_AUTHENTICATION"_s);
    const HttpResult unknown = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, u"bogus"_s);
    CHECK(unknown.status == 401);
    CHECK(str(unknown.json().object(), u"category") == u"INVALID_AUTHENTICATION"_s);

    const Tokens t = login(sandbox, probe, u"oauth crm.objects.contacts.read"_s);
    REQUIRE_FALSE(t.access.isEmpty());
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access).status == 200);
    const QList<QPair<QString, QString>> denied = {
        {u"/crm/v3/objects/deals"_s, u"crm.objects.deals.read"_s},
        {u"/crm/v3/objects/companies"_s, u"crm.objects.companies.read"_s},
        {u"/crm/v3/objects/tickets"_s, u"tickets"_s},
        {u"/crm/v3/owners"_s, u"crm.objects.owners.read"_s}};
    for (const auto &d : denied) {
        const HttpResult r = apiGet(sandbox, probe, d.first, t.access);
        INFO(d.first.toStdString() << " " << r.body.toStdString());
        CHECK(r.status == 403);
        const QJsonObject o = r.json().object();
        CHECK(str(o, u"category") == u"MISSING_SCOPES"_s);
        CHECK(str(o, u"status") == u"error"_s);
        const QJsonObject context =
            o.value(u"errors"_s).toArray().at(0).toObject().value(u"context"_s).toObject();
        CHECK(jsonStrings(context.value(u"requiredScopes"_s)) == QStringList{d.second});
    }
}

TEST_CASE("a private app token is accepted with every scope", "[sandbox][oauth]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, QString::fromLatin1(kPrivateToken)});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (const QString &path :
         {u"/crm/v3/objects/contacts"_s, u"/crm/v3/objects/companies"_s, u"/crm/v3/objects/deals"_s,
          u"/crm/v3/objects/tickets"_s, u"/crm/v3/owners"_s, u"/crm/v3/pipelines/deals"_s})
        CHECK(apiGet(sandbox, probe, path, QString::fromLatin1(kPrivateToken)).status == 200);
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, u"pat-na1-other"_s).status == 401);
}

TEST_CASE("the request log names method, path and status but never a secret", "[sandbox][oauth]")
{
    SandboxProcess sandbox(
        {u"--auto-consent"_s, u"--private-app-token"_s, QString::fromLatin1(kPrivateToken)});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const CodeGrant g = authorizeCode(sandbox, probe);
    const HttpResult token = exchangeCode(sandbox, probe, g.code, g.verifier);
    REQUIRE(token.status == 200);
    const QJsonObject t = token.json().object();
    const QString access = str(t, u"access_token");
    const QString refreshToken = str(t, u"refresh_token");
    apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=5"_s, access);
    probe.get(sandbox.url(u"/oauth/v1/access-tokens/"_s + access));
    probe.get(sandbox.url(u"/oauth/v1/refresh-tokens/"_s + refreshToken));
    refresh(sandbox, probe, refreshToken);
    apiGet(sandbox, probe, u"/crm/v3/objects/deals"_s, QString::fromLatin1(kPrivateToken));
    probe.send("DELETE", sandbox.url(u"/oauth/v1/refresh-tokens/"_s + refreshToken), {}, {}, 10000);
    REQUIRE(sandbox.stop() == 0);

    const QString log = QString::fromUtf8(sandbox.log());
    INFO(log.toStdString());
    CHECK(log.contains(u"GET /oauth/authorize 302"_s));
    CHECK(log.contains(u"POST /oauth/v3/token 200"_s));
    CHECK(log.contains(u"GET /crm/v3/objects/contacts 200"_s));
    CHECK(log.contains(u" ms"_s));
    for (const QString &secret : {g.code, g.verifier, access, refreshToken, kClientSecret,
                                  QString::fromLatin1(kPrivateToken), s256(g.verifier)})
        CHECK_FALSE(log.contains(secret));
}
