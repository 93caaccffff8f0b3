#pragma once

#include "server/router.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>

namespace desk::sandbox::hubspot {

struct OAuthConfig
{
    QString clientId = QStringLiteral("desk-demo-client");
    QString clientSecret = QStringLiteral("desk-demo-secret");
    QString appName = QStringLiteral("Integrations Desk");
    qint64 appId = 1234567;
    QStringList redirectUris; // registered, exact match
    bool autoConsent = false;
    int codeLifetimeS = 300;
    int tokenLifetimeS = 1800;
    bool rotateRefreshTokens = false;
    QString privateAppToken; // empty: none
    qint64 hubId = 24681357;
    QString hubDomain = QStringLiteral("demo-company.sandbox.local");
    QString userEmail = QStringLiteral("demo.user@example.com");
    qint64 userId = 7654321;
};

// Who a bearer token belongs to, as the CRM routes see it.
struct Authentication
{
    enum class State
    {
        Ok,
        Missing,
        Unknown,
        Expired
    };
    State state = State::Missing;
    QStringList scopes;
    qint64 hubId = 0;
    qint64 expiredForMs = 0;
};

// HubSpot's OAuth 2.0 authorization server: consent page, codes (single use,
// S256 PKCE), access/refresh tokens (optional rotation), introspection,
// revocation and the v1 token metadata endpoints.
class HubSpotOAuth
{
public:
    explicit HubSpotOAuth(const OAuthConfig &config);

    void registerRoutes(Router &router);
    Authentication authenticate(const HttpRequest &request) const;
    const OAuthConfig &config() const { return m_config; }

    static const QList<QPair<QString, QString>> &knownScopes(); // scope, description

private:
    struct Code
    {
        QString clientId;
        QString redirectUri;
        QStringList scopes;
        QString challenge; // S256, empty when the client sent none
        qint64 expiresAtMs = 0;
    };
    struct Grant
    {
        QString clientId;
        QStringList scopes;
        QString refreshToken; // current one
        bool revoked = false;
    };
    struct AccessToken
    {
        int grantId = -1; // -1: private app token
        QStringList scopes;
        qint64 expiresAtMs = 0;
        bool revoked = false;
    };

    HttpResponse authorizeGet(const HttpRequest &request);
    HttpResponse authorizePost(const HttpRequest &request);
    HttpResponse authorize(const Pairs &params, const QString &decision);
    HttpResponse token(const HttpRequest &request);
    HttpResponse introspect(const HttpRequest &request);
    HttpResponse revoke(const HttpRequest &request);
    HttpResponse deleteRefreshToken(const QString &token);
    HttpResponse accessTokenInfo(const QString &token);
    HttpResponse refreshTokenInfo(const QString &token);

    HttpResponse issueTokens(int grantId);
    HttpResponse errorPage(const QString &title, const QString &detail) const;
    HttpResponse consentPage(const Pairs &params, const QStringList &scopes) const;
    void revokeGrant(int grantId);
    qint64 now() const { return m_clock.elapsed(); }
    const AccessToken *liveAccessToken(const QString &token, bool *expired) const;

    OAuthConfig m_config;
    QElapsedTimer m_clock;
    QHash<QString, Code> m_codes;
    QHash<QString, AccessToken> m_accessTokens;
    QHash<QString, int> m_refreshTokens; // token -> grant id
    QVector<Grant> m_grants;
};

} // namespace desk::sandbox::hubspot
