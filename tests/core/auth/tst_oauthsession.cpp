// OAuthSession without the sandbox: restore and the refresh logic against a
// scripted token endpoint, with the in-memory credential store.
#include <catch2/catch.hpp>

#include "auth/oauthsession.h"
#include "authtestutil.h"
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "faketokenserver.h"
#include "providers/hubspot/hubspotspec.h"

#include <QTemporaryDir>

using namespace desk;
using namespace authtest;

namespace {

struct Rig
{
    FakeTokenServer server;
    QTemporaryDir dir;
    AppSettings settings{dir.filePath(QStringLiteral("s.ini"))};
    MemoryCredentialStore store;
    QNetworkAccessManager nam;
    const ProviderSpec provider = hubspot::declaration();
    ProviderProfile profile;
    std::unique_ptr<OAuthSession> session;
    QStringList warnings;

    Rig()
    {
        ProviderSettings ps;
        ps.sandboxUrl = server.url(QStringLiteral("/"));
        profile = provider.profile(ps);
        profile.tokenUrl = server.url(QStringLiteral("/token"));
        profile.revokeUrl.clear();
        makeSession();
    }

    void makeSession()
    {
        session = std::make_unique<OAuthSession>(provider.account, profile, store, nam);
        session->setAppSettings(&settings);
        QObject::connect(session.get(), &OAuthSession::warning, session.get(),
                         [this](const QString &w) { warnings << w; });
    }

    QString ns() const { return OAuthSession::storageNamespace(profile); }
    QString key(const char *kind) const
    {
        return CredentialStore::key(ns(), QStringLiteral("24681357"), QLatin1String(kind));
    }

    // Saved credentials as a previous run would have left them.
    void seed(int expiresInSeconds, qint64 lifetime = 1800, bool reconnect = false)
    {
        bool a = false, b = false;
        store.write(key("refresh_token"), "R-OLD",
                    [&](CredentialStore::Status, const QString &) { a = true; });
        store.write(key("access_token"), "A-OLD",
                    [&](CredentialStore::Status, const QString &) { b = true; });
        REQUIRE(waitUntil([&] { return a && b; }));
        AccountInfo info;
        info.accountId = QStringLiteral("24681357");
        info.userEmail = QStringLiteral("demo.user@example.com");
        settings.setAccountInfo(ns(), info);
        settings.setAccessTokenExpiry(
            ns(), QDateTime::currentDateTimeUtc().addSecs(expiresInSeconds), lifetime);
        settings.setReconnectNeeded(ns(), reconnect);
    }

    OAuthSession::State restore()
    {
        bool done = false;
        QObject::connect(session.get(), &OAuthSession::restoreFinished, session.get(),
                         [&] { done = true; });
        session->restore();
        REQUIRE(waitUntil([&] { return done; }));
        return session->state();
    }

    Error refresh()
    {
        bool done = false;
        Error result;
        session->refreshAccessToken([&](const Error &e) {
            result = e;
            done = true;
        });
        REQUIRE(waitUntil([&] { return done; }));
        return result;
    }
};

const QByteArray goodBody =
    R"({"access_token":"A-NEW","refresh_token":"R-OLD","expires_in":1800,"token_type":"bearer"})";

} // namespace

TEST_CASE("restore without a saved account ends disconnected", "[session]")
{
    Rig rig;
    CHECK(rig.restore() == OAuthSession::State::Disconnected);
    CHECK(rig.server.requests == 0);
    CHECK(rig.session->bearerToken().isEmpty());
}

TEST_CASE("restore with a valid access token connects without the network", "[session]")
{
    Rig rig;
    rig.seed(1000);
    CHECK(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.server.requests == 0);
    CHECK(rig.session->bearerToken() == "A-OLD");
    CHECK(rig.session->account().userEmail == QStringLiteral("demo.user@example.com"));
    CHECK_FALSE(rig.session->tokenNeedsRefresh());
}

TEST_CASE("restore with an expired token refreshes first", "[session]")
{
    Rig rig;
    rig.seed(-10);
    rig.server.answer = {200, goodBody};
    CHECK(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.server.requests == 1);
    CHECK(rig.session->bearerToken() == "A-NEW");
    CHECK(rig.store.value(rig.key("access_token")) == "A-NEW");
    CHECK(rig.session->accessTokenExpiry() > QDateTime::currentDateTimeUtc().addSecs(1700));
    const QByteArray body = rig.server.requestBodies.value(0);
    CHECK(body.contains("grant_type=refresh_token"));
    CHECK(body.contains("refresh_token=R-OLD"));
    CHECK(body.contains("client_id=desk-demo-client"));
}

TEST_CASE("restore of credentials marked unusable ends in ReconnectNeeded", "[session]")
{
    Rig rig;
    rig.seed(1000, 1800, true);
    CHECK(rig.restore() == OAuthSession::State::ReconnectNeeded);
    CHECK(rig.session->bearerToken().isEmpty());
    CHECK(rig.refresh().kind == Error::Kind::ReconnectNeeded);
    CHECK(rig.server.requests == 0);
}

TEST_CASE("concurrent refreshes are merged into one request", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    rig.server.answer = {200, goodBody, 200};
    int done = 0;
    QList<Error> results;
    for (int i = 0; i < 3; ++i)
        rig.session->refreshAccessToken([&](const Error &e) {
            results << e;
            ++done;
        });
    REQUIRE(waitUntil([&] { return done == 3; }));
    CHECK(rig.server.requests == 1);
    for (const Error &e : results)
        CHECK_FALSE(e.isError());
    CHECK(rig.session->bearerToken() == "A-NEW");
}

TEST_CASE("invalid_grant marks the credentials unusable but keeps them", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    rig.server.answer = {
        400,
        R"({"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","error":"invalid_grant"})"};
    const Error e = rig.refresh();
    CHECK(e.kind == Error::Kind::ReconnectNeeded);
    CHECK(rig.session->state() == OAuthSession::State::ReconnectNeeded);
    CHECK(rig.session->bearerToken().isEmpty());
    CHECK(rig.store.contains(rig.key("refresh_token")));
    CHECK(rig.store.contains(rig.key("access_token")));
    CHECK(rig.settings.reconnectNeeded(rig.ns()));
    // A new session (restart) sees the same.
    rig.makeSession();
    CHECK(rig.restore() == OAuthSession::State::ReconnectNeeded);
}

TEST_CASE("HubSpot's BAD_REFRESH_TOKEN without an RFC error field also asks to reconnect",
          "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    rig.server.answer = {400,
                         R"({"status":"BAD_REFRESH_TOKEN","message":"gone","correlationId":"x"})"};
    CHECK(rig.refresh().kind == Error::Kind::ReconnectNeeded);
}

TEST_CASE("5xx, network failures and garbage are transient and leave credentials alone",
          "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    const QStringList keysBefore = rig.store.keys();

    rig.server.answer = {503, "<html>down</html>"};
    Error e = rig.refresh();
    CHECK(e.kind == Error::Kind::Service);
    CHECK(e.httpStatus == 503);
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK(rig.session->bearerToken() == "A-OLD");

    rig.server.answer = {200, R"({"access_token":42,"expires_in":"soon"})"};
    e = rig.refresh();
    CHECK(e.kind == Error::Kind::BadResponse);
    CHECK(rig.session->state() == OAuthSession::State::Connected);

    rig.server.answer = {429, R"({"status":"error"})"};
    CHECK(rig.refresh().kind == Error::Kind::RateLimited);

    rig.server.close(); // nobody listens on the token port any more
    e = rig.refresh();
    CHECK(e.kind == Error::Kind::Network);
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK(rig.store.keys() == keysBefore);
    CHECK(rig.store.value(rig.key("refresh_token")) == "R-OLD");
    CHECK(rig.store.value(rig.key("access_token")) == "A-OLD");
    CHECK_FALSE(rig.settings.reconnectNeeded(rig.ns()));
}

TEST_CASE("restore with an expired token and the network down still restores", "[session]")
{
    Rig rig;
    rig.seed(-10);
    rig.server.close();
    CHECK(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.store.value(rig.key("refresh_token")) == "R-OLD");
    CHECK(rig.session->tokenNeedsRefresh());
    CHECK(rig.warnings.size() == 1);
}

TEST_CASE("a rotated refresh token is written before the access token", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    const int before = rig.store.operations().size();
    rig.server.answer = {200, R"({"access_token":"A-2","refresh_token":"R-2","expires_in":1800})"};
    REQUIRE_FALSE(rig.refresh().isError());
    const QStringList ops = rig.store.operations().mid(before);
    REQUIRE(ops.size() == 2);
    CHECK(ops[0] == QStringLiteral("write ") + rig.key("refresh_token"));
    CHECK(ops[1] == QStringLiteral("write ") + rig.key("access_token"));
    CHECK(rig.store.value(rig.key("refresh_token")) == "R-2");
    // The next refresh uses the new one.
    rig.server.answer = {200, R"({"access_token":"A-3","expires_in":1800})"};
    REQUIRE_FALSE(rig.refresh().isError());
    CHECK(rig.server.requestBodies.last().contains("refresh_token=R-2"));
    CHECK(rig.store.value(rig.key("refresh_token")) == "R-2"); // no new one given: kept
    CHECK(rig.session->bearerToken() == "A-3");
}

TEST_CASE("a refresh whose result cannot be saved still works and warns", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    rig.store.setFailure(CredentialStore::Status::OtherError);
    rig.server.answer = {200, R"({"access_token":"A-2","refresh_token":"R-2","expires_in":1800})"};
    CHECK_FALSE(rig.refresh().isError());
    CHECK(rig.session->bearerToken() == "A-2");
    CHECK(rig.warnings.size() == 1);
}

TEST_CASE("refresh is scheduled ahead of expiry", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    // 3 s tokens: refreshed 1 s ahead (10% of 3 s, at least 1 s) without anyone asking.
    rig.server.answer = {200, R"({"access_token":"A-2","expires_in":3})"};
    REQUIRE_FALSE(rig.refresh().isError());
    CHECK_FALSE(rig.session->tokenNeedsRefresh());
    rig.server.answer = {200, R"({"access_token":"A-3","expires_in":1800})"};
    bool refreshed = false;
    QObject::connect(rig.session.get(), &OAuthSession::tokenRefreshed, rig.session.get(),
                     [&] { refreshed = true; });
    REQUIRE(waitUntil([&] { return refreshed; }, 10000));
    CHECK(rig.server.requests == 2);
    CHECK(rig.session->bearerToken() == "A-3");
}

TEST_CASE("connectAccount without a client id fails with Configuration", "[session]")
{
    Rig rig;
    rig.profile.clientId.clear();
    rig.makeSession();
    Error failure;
    bool opened = false;
    QObject::connect(rig.session.get(), &OAuthSession::loginFailed, rig.session.get(),
                     [&](const Error &e) { failure = e; });
    rig.session->connectAccount([&](const QUrl &) { opened = true; });
    REQUIRE(waitUntil([&] { return failure.isError(); }));
    CHECK(failure.kind == Error::Kind::Configuration);
    CHECK_FALSE(opened);
}

TEST_CASE("disconnect deletes the entries even when revocation is impossible", "[session]")
{
    Rig rig;
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    bool disconnected = false;
    QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                     [&] { disconnected = true; });
    rig.session->disconnectAccount();
    CHECK(rig.session->state() == OAuthSession::State::Disconnected);
    REQUIRE(waitUntil([&] { return disconnected; }));
    CHECK(rig.store.keys().isEmpty());
    CHECK(rig.settings.currentAccount(rig.ns()).isEmpty());
    CHECK(rig.session->bearerToken().isEmpty());
}

TEST_CASE("a keychain that refuses access during restore is reported, nothing is deleted",
          "[session]")
{
    Rig rig;
    rig.seed(1000);
    rig.store.setFailure(CredentialStore::Status::AccessDenied);
    CHECK(rig.restore() == OAuthSession::State::Disconnected);
    CHECK(rig.session->lastError().kind == Error::Kind::Keychain);
    REQUIRE(rig.warnings.size() == 1);
    CHECK(rig.warnings.first().contains(QStringLiteral("denied")));
    rig.store.setFailure(CredentialStore::Status::Ok);
    CHECK(rig.store.contains(rig.key("refresh_token")));
    CHECK(rig.settings.currentAccount(rig.ns()) == QStringLiteral("24681357"));
}

TEST_CASE("token-response extras: kept, saved with the account, the account's own API base",
          "[session]")
{
    Rig rig;
    rig.profile.tokenResponseExtras = {QStringLiteral("api_domain")};
    rig.profile.apiBaseUrlExtra = QStringLiteral("api_domain");
    rig.makeSession();
    rig.seed(-10);
    rig.server.answer = {200, R"({"access_token":"A-NEW","expires_in":1800,
        "api_domain":"https://eu1.api.example"})"};
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.session->tokenExtra(QStringLiteral("api_domain")) ==
          QStringLiteral("https://eu1.api.example"));
    CHECK(rig.session->apiBaseUrl() == QUrl(QStringLiteral("https://eu1.api.example")));
    // The next start knows it without asking the token endpoint.
    rig.makeSession();
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.server.requests == 1);
    CHECK(rig.session->apiBaseUrl() == QUrl(QStringLiteral("https://eu1.api.example")));
    // Without the field the profile's API base stays.
    rig.profile.apiBaseUrlExtra.clear();
    rig.makeSession();
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    CHECK(rig.session->apiBaseUrl() == rig.profile.apiBaseUrl);
}

TEST_CASE("revocation in HTTP Basic style keeps the client secret out of the body", "[session]")
{
    Rig rig;
    rig.profile.revokeUrl = rig.server.url(QStringLiteral("/revoke"));
    rig.profile.revokeStyle = ProviderProfile::RevokeStyle::FormBasicAuth;
    rig.makeSession();
    rig.seed(1000);
    REQUIRE(rig.restore() == OAuthSession::State::Connected);
    rig.server.answer = {200, "{}"};
    bool disconnected = false;
    QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                     [&] { disconnected = true; });
    rig.session->disconnectAccount();
    REQUIRE(waitUntil([&] { return disconnected; }));
    REQUIRE(rig.server.requestBodies.size() == 1);
    const QByteArray body = rig.server.requestBodies.first();
    CHECK(body.contains("token=R-OLD"));
    CHECK(body.contains("token_type_hint=refresh_token"));
    CHECK_FALSE(body.contains("client_secret"));
    CHECK_FALSE(body.contains("client_id"));
}
