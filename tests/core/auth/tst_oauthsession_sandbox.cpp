// OAuthSession against the sandbox: the test plays the browser.
#include <catch2/catch.hpp>

#include "auth/accountlookup.h"
#include "auth/pkce.h"
#include "net/apiclient.h"
#include "sandboxrig.h"

#include <QJsonObject>
#include <QTcpServer>
#include <optional>

using namespace desk;
using namespace authtest;

TEST_CASE("login: PKCE S256, loopback redirect, tokens stored, identity known", "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    rig.start();
    REQUIRE(rig.authorizationUrl.isValid());
    CHECK(rig.session->state() == OAuthSession::State::Connecting);
    const QUrlQuery q(rig.authorizationUrl);
    CHECK(q.queryItemValue(QStringLiteral("code_challenge_method")) == QStringLiteral("S256"));
    CHECK(q.queryItemValue(QStringLiteral("code_challenge")).size() == 43);
    CHECK(q.queryItemValue(QStringLiteral("state")).size() >= 22);
    CHECK(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded) ==
          QStringLiteral("http://localhost:%1/callback").arg(rig.redirectPort));
    CHECK(q.queryItemValue(QStringLiteral("client_id")) == QStringLiteral("desk-demo-client"));

    const QUrl redirect = rig.authorizeRedirect();
    REQUIRE(redirect.host() == QStringLiteral("localhost"));
    CHECK(rig.land(redirect) == 200);
    REQUIRE(rig.waitFinished());
    REQUIRE_FALSE(rig.failure.isError());
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    // The token response names the hub and the scopes; the introspection adds
    // who signed in (through the date-based path).
    CHECK(rig.connectedAccount.accountId == QStringLiteral("24681357"));
    CHECK(rig.connectedAccount.accountLabel == QStringLiteral("hub 24681357"));
    CHECK(rig.connectedAccount.userEmail == QStringLiteral("demo.user@example.com"));
    CHECK(rig.connectedAccount.scopes.contains(QStringLiteral("crm.objects.contacts.read")));
    int introspections = 0;
    for (const QUrl &url : std::as_const(rig.nam.urls))
        introspections += url.path() == QLatin1String("/oauth/2026-09/token/introspect") ? 1 : 0;
    CHECK(introspections == 1);
    CHECK(rig.legacyRequests().isEmpty());

    // The verifier sent to the token endpoint matches the challenge in the URL.
    const QStringList verifiers = formValues(rig.nam.bodies, QStringLiteral("code_verifier"));
    REQUIRE(verifiers.size() == 1);
    CHECK(QString::fromLatin1(Pkce::challengeS256(verifiers.first().toLatin1())) ==
          q.queryItemValue(QStringLiteral("code_challenge")));

    // Tokens in the store, pointer and expiry in the settings.
    const QByteArray access = rig.session->bearerToken();
    CHECK_FALSE(access.isEmpty());
    CHECK(rig.memory().value(rig.key("access_token")) == access);
    CHECK_FALSE(rig.memory().value(rig.key("refresh_token")).isEmpty());
    CHECK(rig.settings.currentAccount(QStringLiteral("hubspot-sandbox")) ==
          QStringLiteral("24681357"));
    CHECK(rig.session->accessTokenExpiry() > QDateTime::currentDateTimeUtc().addSecs(1700));
    CHECK(rig.tokenActive(access));

    // The listener is gone.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, rig.redirectPort);
    CHECK_FALSE(late.waitForConnected(1000));

    // A restart restores without asking again.
    rig.makeSession();
    bool restored = false;
    QObject::connect(rig.session.get(), &OAuthSession::restoreFinished, rig.session.get(),
                     [&] { restored = true; });
    rig.session->restore();
    REQUIRE(waitUntil([&] { return restored; }));
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK(rig.session->bearerToken() == access);
    CHECK(rig.session->account().accountId == QStringLiteral("24681357"));
}

TEST_CASE("login without hub_id in the token response asks the token introspection who it is",
          "[sandbox]")
{
    SandboxRig rig({QStringLiteral("--auto-consent"),
                    QStringLiteral("--hubspot-token-optional-fields"), QStringLiteral("off")});
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    CHECK(rig.connectedAccount.accountId == QStringLiteral("24681357"));
    CHECK(rig.connectedAccount.accountName == QStringLiteral("demo-company.sandbox.local"));
    CHECK(rig.connectedAccount.userEmail == QStringLiteral("demo.user@example.com"));
    CHECK(rig.connectedAccount.scopes.contains(QStringLiteral("crm.objects.contacts.read")));
    int introspections = 0;
    for (const QUrl &url : std::as_const(rig.nam.urls))
        introspections += url.path() == QLatin1String("/oauth/2026-09/token/introspect") ? 1 : 0;
    CHECK(introspections == 1);
    // The access token went in the form body, never in a URL.
    for (const QUrl &url : std::as_const(rig.nam.urls))
        CHECK_FALSE(url.toString().contains(QString::fromLatin1(rig.session->bearerToken())));
    CHECK(rig.legacyRequests().isEmpty());
}

TEST_CASE("introspecting a token HubSpot does not know is Unauthorized, in either reading",
          "[sandbox]")
{
    // Unverified: 200 {"active":false} (RFC 7662) or a 400 OAuth error.
    for (const char *reading : {"active-false", "error"}) {
        INFO(reading);
        SandboxRig rig(
            {QStringLiteral("--hubspot-introspect-inactive"), QString::fromLatin1(reading)});
        REQUIRE(rig.sandbox.started());
        std::optional<Result<AccountInfo>> answer;
        lookUpAccount(rig.nam, rig.profile, "not-a-token-hubspot-issued", rig.provider.account,
                      [&](const Result<AccountInfo> &r) { answer = r; });
        REQUIRE(waitUntil([&] { return answer.has_value(); }));
        REQUIRE_FALSE(answer->ok());
        CHECK(answer->error().kind == Error::Kind::Unauthorized);
    }
}

TEST_CASE("sign-out revokes at the provider whether it answers 204 or 200", "[sandbox]")
{
    // Unverified: the success status of POST /oauth/{v}/token/revoke.
    for (const char *status : {"204", "200"}) {
        INFO(status);
        SandboxRig rig({QStringLiteral("--auto-consent"), QStringLiteral("--hubspot-revoke-status"),
                        QString::fromLatin1(status)});
        REQUIRE(rig.sandbox.started());
        REQUIRE(rig.login());
        const QByteArray refresh = rig.memory().value(rig.key("refresh_token"));
        Error revokeError(Error::Kind::Network, QStringLiteral("not yet"));
        bool disconnected = false;
        QObject::connect(rig.session.get(), &OAuthSession::disconnectFinished, rig.session.get(),
                         [&](const Error &r, const Error &) { revokeError = r; });
        QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                         [&] { disconnected = true; });
        rig.session->disconnectAccount();
        REQUIRE(waitUntil([&] { return disconnected; }));
        CHECK_FALSE(revokeError.isError());
        CHECK(rig.refreshWith(QString::fromLatin1(refresh)) == 400); // dead at the provider
        bool revokedThere = false;
        for (const QUrl &url : std::as_const(rig.nam.urls))
            revokedThere =
                revokedThere || url.path() == QLatin1String("/oauth/2026-09/token/revoke");
        CHECK(revokedThere);
        CHECK(rig.legacyRequests().isEmpty());
    }
}

TEST_CASE("forged callbacks get 400 and the real one is accepted", "[sandbox][security]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    rig.start();
    const QUrl redirect = rig.authorizeRedirect();
    REQUIRE(redirect.isValid());

    QUrl wrongState = redirect;
    QUrlQuery q(redirect);
    const QString code = q.queryItemValue(QStringLiteral("code"));
    wrongState.setQuery(QStringLiteral("code=") + code + QStringLiteral("&state=forged"));
    CHECK(rig.land(wrongState) == 400);
    QUrl wrongPath = redirect;
    wrongPath.setPath(QStringLiteral("/elsewhere"));
    CHECK(rig.land(wrongPath) == 400);
    QUrl noState = redirect;
    noState.setQuery(QStringLiteral("code=") + code);
    CHECK(rig.land(noState) == 400);
    spin(50);
    CHECK_FALSE(rig.finished);
    CHECK(rig.session->state() == OAuthSession::State::Connecting);
    CHECK(rig.rejected == QList<int>{400, 400, 400});

    CHECK(rig.land(redirect) == 200);
    REQUIRE(rig.waitFinished());
    CHECK_FALSE(rig.failure.isError());
    CHECK(rig.session->state() == OAuthSession::State::Connected);
}

namespace {
// Submits the sandbox consent form with `decision`; returns the redirect target.
QUrl submitConsent(SandboxRig &rig, const QString &decision)
{
    const HttpAnswer page = httpGet(rig.browser, rig.authorizationUrl);
    if (page.status != 200 || !page.body.contains("id=\"allow\""))
        return {};
    static const QRegularExpression hidden(
        QStringLiteral("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">"));
    OAuthParams::Parameters form;
    auto it = hidden.globalMatch(QString::fromUtf8(page.body));
    while (it.hasNext()) {
        const auto m = it.next();
        QString value = m.captured(2);
        value.replace(QStringLiteral("&amp;"), QStringLiteral("&"))
            .replace(QStringLiteral("&quot;"), QStringLiteral("\""))
            .replace(QStringLiteral("&lt;"), QStringLiteral("<"))
            .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
            .replace(QStringLiteral("&#39;"), QStringLiteral("'"));
        form << qMakePair(m.captured(1), value);
    }
    form << qMakePair(QStringLiteral("decision"), decision);
    const HttpAnswer a =
        httpPostForm(rig.browser, rig.sandbox.url(QStringLiteral("/oauth/authorize")),
                     OAuthParams::encode(form));
    return a.status == 302 ? a.location : QUrl();
}
} // namespace

TEST_CASE("consent page: Deny ends in AccessDenied, Allow signs in", "[sandbox]")
{
    SandboxRig rig(QStringList{});
    REQUIRE(rig.sandbox.started());
    rig.start();
    const QUrl denied = submitConsent(rig, QStringLiteral("deny"));
    REQUIRE(denied.isValid());
    CHECK(QUrlQuery(denied).queryItemValue(QStringLiteral("error")) ==
          QStringLiteral("access_denied"));
    CHECK(rig.land(denied) == 200);
    REQUIRE(rig.waitFinished());
    CHECK(rig.failure.kind == Error::Kind::AccessDenied);
    CHECK(rig.session->state() == OAuthSession::State::Disconnected);
    CHECK(rig.memory().keys().isEmpty());

    rig.start();
    const QUrl allowed = submitConsent(rig, QStringLiteral("allow"));
    REQUIRE(allowed.isValid());
    CHECK(rig.land(allowed) == 200);
    REQUIRE(rig.waitFinished());
    CHECK_FALSE(rig.failure.isError());
    CHECK(rig.session->state() == OAuthSession::State::Connected);
}

TEST_CASE("a provider error on the redirect carries its description", "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    rig.profile.scopes = {QStringLiteral("no.such.scope")};
    rig.makeSession();
    rig.start();
    const QUrl redirect = rig.authorizeRedirect();
    REQUIRE(redirect.isValid());
    CHECK(rig.land(redirect) == 200);
    REQUIRE(rig.waitFinished());
    CHECK(rig.failure.kind == Error::Kind::Provider);
    CHECK(rig.failure.message.contains(QStringLiteral("no.such.scope")));
}

TEST_CASE("sign-in times out, closes the listener and can be cancelled", "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    rig.session->setLoginTimeout(300);
    rig.start();
    CHECK(rig.session->isLoginInProgress());
    REQUIRE(rig.waitFinished(5000));
    CHECK(rig.failure.kind == Error::Kind::Timeout);
    CHECK_FALSE(rig.session->isLoginInProgress());
    CHECK(rig.session->state() == OAuthSession::State::Disconnected);
    spin(50);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, rig.redirectPort);
    CHECK_FALSE(late.waitForConnected(1000));

    rig.session->setLoginTimeout(60000);
    rig.start();
    const QUrl redirect = rig.authorizeRedirect();
    rig.session->cancelLogin();
    REQUIRE(rig.finished);
    CHECK(rig.failure.kind == Error::Kind::Cancelled);
    // The stale redirect finds nobody listening.
    CHECK(rig.land(redirect) == 0);
    CHECK(rig.memory().keys().isEmpty());
}

TEST_CASE("a keychain that cannot store the tokens fails the sign-in clearly", "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    rig.memory().setFailure(CredentialStore::Status::NoBackend);
    REQUIRE_FALSE(rig.login());
    CHECK(rig.failure.kind == Error::Kind::Keychain);
    CHECK(rig.failure.message.contains(QStringLiteral("keychain")));
    CHECK(rig.session->state() == OAuthSession::State::Disconnected);
    CHECK(rig.session->bearerToken().isEmpty());
    CHECK(rig.settings.currentAccount(QStringLiteral("hubspot-sandbox")).isEmpty());
}

TEST_CASE("a busy redirect port is reported with the port and the setting", "[sandbox]")
{
    SandboxRig rig;
    QTcpServer squatter;
    REQUIRE(squatter.listen(QHostAddress::LocalHost, rig.redirectPort));
    bool opened = false;
    rig.session->connectAccount([&](const QUrl &) { opened = true; });
    REQUIRE(rig.waitFinished(5000));
    CHECK(rig.failure.kind == Error::Kind::PortBusy);
    CHECK(rig.failure.message.contains(QString::number(rig.redirectPort)));
    CHECK(rig.failure.message.contains(QStringLiteral("Settings")));
    CHECK_FALSE(opened);
}

TEST_CASE("short-lived tokens are refreshed, rotated refresh tokens replace the old ones",
          "[sandbox]")
{
    SandboxRig rig({QStringLiteral("--auto-consent"), QStringLiteral("--token-lifetime"),
                    QStringLiteral("3"), QStringLiteral("--rotate-refresh-tokens")});
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    const QByteArray firstAccess = rig.session->bearerToken();
    const QByteArray firstRefresh = rig.memory().value(rig.key("refresh_token"));
    CHECK_FALSE(rig.session->tokenNeedsRefresh());

    // Scheduled refresh (1 s ahead of the 3 s expiry) without anyone asking.
    bool refreshed = false;
    QObject::connect(rig.session.get(), &OAuthSession::tokenRefreshed, rig.session.get(),
                     [&] { refreshed = true; });
    REQUIRE(waitUntil([&] { return refreshed; }, 10000));
    const QByteArray secondAccess = rig.session->bearerToken();
    const QByteArray secondRefresh = rig.memory().value(rig.key("refresh_token"));
    CHECK(secondAccess != firstAccess);
    CHECK(secondRefresh != firstRefresh);
    CHECK(rig.memory().value(rig.key("access_token")) == secondAccess);
    CHECK(rig.tokenActive(secondAccess));

    // The old refresh token is dead at the provider; the stored one works.
    CHECK(rig.refreshWith(QString::fromLatin1(firstRefresh)) == 400);

    // Merged on-demand refreshes.
    const int before = formValues(rig.nam.bodies, QStringLiteral("grant_type"))
                           .count(QStringLiteral("refresh_token"));
    int done = 0;
    for (int i = 0; i < 4; ++i)
        rig.session->refreshAccessToken([&](const Error &e) {
            CHECK_FALSE(e.isError());
            ++done;
        });
    REQUIRE(waitUntil([&] { return done == 4; }));
    const int after = formValues(rig.nam.bodies, QStringLiteral("grant_type"))
                          .count(QStringLiteral("refresh_token"));
    CHECK(after - before == 1);
}

TEST_CASE("401 -> refresh -> retry works, a revoked grant ends in reconnect-needed", "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient api(rig.nam, *rig.session);
    api.setBaseUrl(rig.sandbox.baseUrl());
    auto fetch = [&] {
        Result<QJsonDocument> result = Error();
        bool done = false;
        api.get(QUrl(QStringLiteral("/crm/objects/2026-09/contacts?limit=2")), nullptr,
                [&](const Result<QJsonDocument> &r) {
                    result = r;
                    done = true;
                });
        REQUIRE(waitUntil([&] { return done; }));
        return result;
    };

    // The access token dies at the provider although it has not expired (HubSpot:
    // "a 401 is not a reliable signal"): the call gets 401, the session refreshes
    // once, the call is retried and succeeds.
    const QByteArray killed = rig.session->bearerToken();
    REQUIRE(rig.revoke(killed) == 204);
    REQUIRE_FALSE(rig.tokenActive(killed));
    Result<QJsonDocument> result = fetch();
    REQUIRE(result.ok());
    CHECK(result.value().object().value(QStringLiteral("results")).isArray());
    CHECK(api.statistics().unauthorized == 1);
    CHECK(api.statistics().refreshes == 1);
    CHECK(rig.session->bearerToken() != killed);
    CHECK(rig.session->state() == OAuthSession::State::Connected);

    // Revoke the whole grant behind the app's back: 401, the refresh gets
    // invalid_grant, the call ends in ReconnectNeeded and so does the session.
    const QByteArray refresh = rig.memory().value(rig.key("refresh_token"));
    REQUIRE(rig.revoke(refresh) == 204);
    result = fetch();
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::ReconnectNeeded);
    CHECK(api.statistics().unauthorized == 2);
    CHECK(api.statistics().refreshes == 2);
    CHECK(rig.session->state() == OAuthSession::State::ReconnectNeeded);
    // Unusable, but not silently deleted.
    CHECK(rig.memory().contains(rig.key("refresh_token")));
    CHECK(rig.settings.reconnectNeeded(QStringLiteral("hubspot-sandbox")));
}

TEST_CASE("logout revokes at the provider and deletes the entries, offline logout still deletes",
          "[sandbox]")
{
    SandboxRig rig;
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    const QByteArray refresh = rig.memory().value(rig.key("refresh_token"));
    REQUIRE(rig.refreshWith(QString::fromLatin1(refresh)) == 200);

    Error revokeError, storeError;
    bool disconnected = false;
    QObject::connect(rig.session.get(), &OAuthSession::disconnectFinished, rig.session.get(),
                     [&](const Error &r, const Error &s) {
                         revokeError = r;
                         storeError = s;
                     });
    QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                     [&] { disconnected = true; });
    rig.session->disconnectAccount();
    REQUIRE(waitUntil([&] { return disconnected; }));
    CHECK_FALSE(revokeError.isError());
    CHECK_FALSE(storeError.isError());
    CHECK(rig.memory().keys().isEmpty());
    CHECK(rig.settings.currentAccount(QStringLiteral("hubspot-sandbox")).isEmpty());
    CHECK(rig.refreshWith(QString::fromLatin1(refresh)) == 400);

    // Offline: sign in again, stop the sandbox, sign out.
    REQUIRE(rig.login());
    REQUIRE_FALSE(rig.memory().keys().isEmpty());
    rig.sandbox.stop();
    disconnected = false;
    rig.session->disconnectAccount();
    REQUIRE(waitUntil([&] { return disconnected; }));
    CHECK(revokeError.kind == Error::Kind::Network);
    CHECK_FALSE(storeError.isError());
    CHECK(rig.memory().keys().isEmpty());
}

TEST_CASE("no token, code, verifier or client secret ever reaches the log", "[sandbox][security]")
{
    LogCapture capture;
    SandboxRig rig({QStringLiteral("--auto-consent"), QStringLiteral("--token-lifetime"),
                    QStringLiteral("3"), QStringLiteral("--rotate-refresh-tokens")});
    REQUIRE(rig.sandbox.started());
    rig.start();
    const QUrl redirect = rig.authorizeRedirect();
    const QString code =
        QUrlQuery(redirect).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    REQUIRE_FALSE(code.isEmpty());
    rig.land(redirect);
    REQUIRE(rig.waitFinished());
    REQUIRE_FALSE(rig.failure.isError());
    QStringList secrets{code, QStringLiteral("desk-demo-secret")};
    secrets << formValues(rig.nam.bodies, QStringLiteral("code_verifier"));
    bool refreshed = false;
    rig.session->refreshAccessToken([&](const Error &) { refreshed = true; });
    REQUIRE(waitUntil([&] { return refreshed; }));
    secrets << formValues(rig.nam.bodies, QStringLiteral("refresh_token"));
    secrets << QString::fromLatin1(rig.session->bearerToken());
    for (const QString &k : rig.memory().keys())
        secrets << QString::fromLatin1(rig.memory().value(k));
    bool disconnected = false;
    QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                     [&] { disconnected = true; });
    rig.session->disconnectAccount();
    REQUIRE(waitUntil([&] { return disconnected; }));

    const QString log = capture.text();
    CHECK(log.contains(QStringLiteral("desk.core.auth"))); // the capture works
    CHECK(secrets.size() >= 6);
    for (const QString &secret : qAsConst(secrets)) {
        REQUIRE(secret.size() >= 8);
        INFO("secret prefix " << secret.left(4).toStdString());
        CHECK_FALSE(log.contains(secret));
    }
    // And the sandbox's own request log does not show them either.
    const QString sandboxLog = QString::fromUtf8(rig.sandbox.log());
    for (const QString &secret : qAsConst(secrets))
        CHECK_FALSE(sandboxLog.contains(secret));
}
