#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace desk {

// Everything that differs between OAuth providers (and between a provider and
// the sandbox that imitates it).
struct ProviderProfile
{
    enum class TokenRequestStyle {
        FormBody,      // client_id/client_secret in an x-www-form-urlencoded body (HubSpot)
        FormBasicAuth, // form body, client credentials in HTTP Basic (Airtable)
        JsonBasicAuth, // JSON body, client credentials in HTTP Basic (Notion)
    };

    QString id;          // "hubspot"
    QString displayName; // "HubSpot"

    QUrl authorizeUrl;
    QUrl tokenUrl;
    QUrl revokeUrl;   // may be empty
    QUrl metadataUrl; // token metadata / account identity; may be empty
    QUrl apiBaseUrl;  // data API root, e.g. https://api.hubapi.com
    QUrl webBaseUrl;  // where objects are opened in a browser, e.g. https://app.hubspot.com

    QStringList scopes;
    QStringList optionalScopes;

    QString clientId;
    QString clientSecret; // never logged

    quint16 redirectPort = 0; // registered loopback port
    QString redirectPath;     // registered path, e.g. "/callback"

    bool pkceRequired = true;
    TokenRequestStyle tokenRequestStyle = TokenRequestStyle::FormBody;
    bool isSandbox = false;

    // --- extensions (issue 6) ---
    // False when the token endpoint sends no `expires_in` (Notion): the access
    // token is then taken as non-expiring, no refresh is scheduled, and a refresh
    // is only tried after a 401 (when a refresh token exists).
    bool expiresInRequired = true;
    // Extra query parameters of the authorization request (Notion: owner=user).
    QList<QPair<QString, QString>> extraAuthorizeParameters;

    // http://localhost:PORT/PATH - exactly what is registered with the provider.
    QUrl redirectUri() const;
};

} // namespace desk
