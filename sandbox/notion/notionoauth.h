#pragma once

#include "notiondata.h"
#include "server/router.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace desk::sandbox::notion {

inline constexpr char kPrefix[] = "/notion";

struct OAuthConfig
{
    QString clientId = QStringLiteral("desk-notion-demo");
    QString clientSecret = QStringLiteral("desk-notion-secret");
    QString appName = QStringLiteral("Integrations Desk");
    QStringList redirectUris;
    bool autoConsent = false;
    int codeLifetimeS = 300;
    int tokenLifetimeS = 0; // 0: access tokens never expire (Notion sends no expires_in)
    QString internalToken;  // empty: none; else a static bearer like an internal integration
};

struct Authentication
{
    enum class State
    {
        Missing,
        Invalid,
        Ok
    };
    State state = State::Missing;
    QString connection; // rate-limit key: one per grant (survives rotation)
};

// Notion's public-integration OAuth: authorize with owner=user, token
// requests with HTTP Basic client authentication and a JSON body, refresh
// tokens that rotate.
class NotionOAuth
{
public:
    NotionOAuth(const OAuthConfig &config, const NotionData *data);
    void registerRoutes(Router &router);
    Authentication authenticate(const HttpRequest &request) const;
    const OAuthConfig &config() const { return m_config; }
    QJsonObject ownerJson() const;

private:
    struct Code
    {
        QString redirectUri; // empty when the authorize request had none
        qint64 expiresAtMs = 0;
    };
    struct Grant
    {
        QString refreshToken;
    };
    struct AccessToken
    {
        int grantId = -1;
        qint64 expiresAtMs = 0; // 0: never
    };

    HttpResponse authorize(const Pairs &params, const QString &decision);
    HttpResponse token(const HttpRequest &request);
    HttpResponse issue(int grantId);
    qint64 now() const { return m_clock.elapsed(); }

    OAuthConfig m_config;
    const NotionData *m_data;
    QElapsedTimer m_clock;
    QHash<QString, Code> m_codes;
    QVector<Grant> m_grants;
    QHash<QString, int> m_refreshTokens;
    QHash<QString, AccessToken> m_accessTokens;
};

} // namespace desk::sandbox::notion
