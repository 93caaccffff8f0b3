// HubSpot's OAuth 2.0 authorization server (authorize page, codes, tokens,
// introspection, revocation) at the date-based paths and the legacy ones.
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
    // Legacy /oauth/v1/… and /oauth/v3/… (off: 404, as after the sunsets).
    bool legacy = true;
    // The date-based token response's optional hub_id, user_id and scopes.
    bool tokenOptionalFields = true;
    // Success status of the date-based revoke: the spec documents none (unverified).
    int revokeStatus = 204;
    // Date-based introspection of an unknown, expired or revoked token: 200
    // {"active":false} (RFC 7662), or, when set, a 400 OAuth error.
    bool introspectInactiveError = false;
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
// S256 PKCE), access/refresh tokens (optional rotation), introspection and
// revocation at /oauth/{version}/token…, and the legacy v3 token and v1 token
// metadata endpoints.
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
    HttpResponse token(const HttpRequest &request, bool dated);
    HttpResponse introspect(const HttpRequest &request);
    HttpResponse revoke(const HttpRequest &request);
    HttpResponse datedIntrospect(const HttpRequest &request);
    HttpResponse datedRevoke(const HttpRequest &request);
    QJsonObject accessTokenJson(const QString &token, const QStringList &scopes,
                                qint64 remainingS) const;
    HttpResponse deleteRefreshToken(const QString &token);
    HttpResponse accessTokenInfo(const QString &token);
    HttpResponse refreshTokenInfo(const QString &token);

    HttpResponse issueTokens(int grantId, bool dated);
    HttpResponse errorPage(const QString &title, const QString &detail) const;
    HttpResponse consentPage(const Pairs &params, const QStringList &scopes) const;
    void revokeGrant(int grantId);
    void revokeToken(const QString &token);
    qint64 now() const { return m_clock.elapsed(); }
    const AccessToken *liveAccessToken(const QString &token, bool *expired) const;
    // The private app token as an access token (every scope, ten years); null if `token` is not it.
    const AccessToken *privateToken(const QString &token) const;

    OAuthConfig m_config;
    QElapsedTimer m_clock;
    QHash<QString, Code> m_codes;
    QHash<QString, AccessToken> m_accessTokens;
    QHash<QString, int> m_refreshTokens; // token -> grant id
    QVector<Grant> m_grants;
};

} // namespace desk::sandbox::hubspot
