#pragma once

#include "server/router.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>

namespace desk::sandbox::airtable {

inline constexpr char kPrefix[] = "/airtable";

struct OAuthConfig
{
    QString clientId = QStringLiteral("desk-airtable-demo");
    QString clientSecret = QStringLiteral("desk-airtable-secret"); // empty: public client
    QString appName = QStringLiteral("Integrations Desk");
    QStringList redirectUris;
    bool autoConsent = false;
    int codeLifetimeS = 300;
    int tokenLifetimeS = 3600;
    int refreshLifetimeS = 60 * 86400;
    QString userId;
    QString personalAccessToken; // empty: none; else a static bearer with every scope
    QString userEmail = QStringLiteral("demo.user@example.com");
};

struct Authentication
{
    enum class State
    {
        Missing,
        Invalid,
        Expired,
        Ok
    };
    State state = State::Missing;
    QStringList scopes;
    int grantId = -1;
    bool personalAccessToken = false; // the --airtable-pat token (not an OAuth grant)
};

// Airtable's OAuth 2.0 server: PKCE S256 required, HTTP Basic client
// authentication for clients with a secret, form token requests, and refresh
// tokens that rotate together with the access token on every refresh.
class AirtableOAuth
{
public:
    explicit AirtableOAuth(const OAuthConfig &config);
    void registerRoutes(Router &router);
    Authentication authenticate(const HttpRequest &request) const;
    const OAuthConfig &config() const { return m_config; }
    static const QList<QPair<QString, QString>> &knownScopes();

private:
    struct Code
    {
        QString redirectUri;
        QStringList scopes;
        QString challenge;
        qint64 expiresAtMs = 0;
    };
    struct Grant
    {
        QStringList scopes;
        QString refreshToken;
        qint64 refreshExpiresAtMs = 0;
        QString accessToken;
    };
    struct AccessToken
    {
        int grantId = -1;
        qint64 expiresAtMs = 0;
    };

    HttpResponse authorize(const Pairs &params, const QString &decision);
    HttpResponse token(const HttpRequest &request);
    HttpResponse issue(int grantId);
    qint64 now() const { return m_clock.elapsed(); }

    OAuthConfig m_config;
    QElapsedTimer m_clock;
    QHash<QString, Code> m_codes;
    QVector<Grant> m_grants;
    QHash<QString, int> m_refreshTokens;
    QHash<QString, AccessToken> m_accessTokens;
};

} // namespace desk::sandbox::airtable
