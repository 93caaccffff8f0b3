#pragma once

#include "auth/tokenresponse.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace desk {

// Everything that differs between OAuth providers (and between a provider and
// the sandbox that imitates it), as plain values: a ProviderSpec makes one from
// the user's ProviderSettings; OAuthSession and ApiClient read it.
struct ProviderProfile
{
    enum class TokenRequestStyle
    {
        FormBody,      // client_id/client_secret in an x-www-form-urlencoded body
        FormBasicAuth, // form body, client credentials in HTTP Basic
        JsonBasicAuth, // JSON body, client credentials in HTTP Basic
    };

    QString id;          // the provider's id, e.g. "hubspot"
    QString displayName; // its name for messages

    QUrl authorizeUrl;
    QUrl tokenUrl;
    QUrl revokeUrl;   // may be empty
    QUrl metadataUrl; // token metadata / account identity; may be empty
    QUrl apiBaseUrl;  // data API root
    QUrl webBaseUrl;  // where objects are opened in a browser

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
    // False when the token endpoint sends no `expires_in`: the access
    // token is then taken as non-expiring, no refresh is scheduled, and a refresh
    // is only tried after a 401 (when a refresh token exists).
    bool expiresInRequired = true;
    // Extra query parameters of the authorization request (e.g. owner=user).
    QList<QPair<QString, QString>> extraAuthorizeParameters;

    // How disconnectAccount() revokes at the provider (when revokeUrl is set).
    enum class RevokeStyle
    {
        FormWithClient, // form body: token, token_type_hint, client_id[, client_secret]
        FormBasicAuth,  // form body: token, token_type_hint; client credentials in HTTP Basic
    };
    RevokeStyle revokeStyle = RevokeStyle::FormWithClient;
    // Token-response fields kept beside the tokens, e.g. a per-account API host.
    // Only non-secret values belong here: they are stored in the app's settings,
    // not the keychain. Read them with OAuthSession::tokenExtra().
    QStringList tokenResponseExtras;
    // One of tokenResponseExtras holding the account's own API base URL: when the
    // token response has it, OAuthSession::apiBaseUrl() returns it, not apiBaseUrl.
    QString apiBaseUrlExtra;
    // Reads the token endpoint's error bodies (a provider's own codes for a dead
    // refresh token or a refused client); empty: parseOAuthError (RFC 6749).
    OAuthErrorReader readTokenError;

    // http://localhost:PORT/PATH - exactly what is registered with the provider.
    QUrl redirectUri() const;
};

} // namespace desk
