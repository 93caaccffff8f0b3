#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>

namespace desk {

// A successful token endpoint answer (code or refresh grant).
struct TokenResponse
{
    QByteArray accessToken;  // required, non-empty string
    QByteArray refreshToken; // optional (empty = keep the one we have)
    qint64 expiresIn = -1;   // seconds; -1 when the provider gives none (and it is allowed)
    QString tokenType;       // optional, e.g. "bearer"
    QStringList scopes;      // optional: "scope" (space separated) or "scopes" (array)
    // The fields named by the caller (ProviderProfile::tokenResponseExtras) that
    // were strings or numbers, as text.
    QHash<QString, QString> extras;
};

// Parses a token response strictly: a JSON object, `access_token` a non-empty
// string, `expires_in` a positive number (required unless `requireExpiresIn` is
// false); optional fields may be missing or null but must have the right type when
// present. Anything else is an Error of kind BadResponse (detail free of secrets).
// `extras`: further fields to keep (strings or numbers; others are ignored).
Result<TokenResponse> parseTokenResponse(const QByteArray &body, bool requireExpiresIn = true,
                                         const QStringList &extras = {});

// A token endpoint's error body: RFC 6749 `error`/`error_description`, plus a
// provider's own `status`/`message` where it sends them. `valid` is false when
// the body is not such JSON. What the codes mean is the reader's business:
// parseOAuthError() knows RFC 6749's; a provider with codes of its own declares
// a reader (ProviderProfile::readTokenError) that sets the two flags from them.
struct OAuthErrorBody
{
    bool valid = false;
    QString error;       // "invalid_grant"
    QString description; // "error_description"
    QString status;      // a provider's own code, if it sends one
    QString message;     // "message"
    bool invalidGrant = false;  // the refresh token (or code) is dead
    bool invalidClient = false; // the client id or secret was refused

    bool isInvalidGrant() const { return invalidGrant; }
    bool isInvalidClient() const { return invalidClient; }
    // Best human text the provider sent (description, else message), may be empty.
    QString text() const;
    // "invalid_grant/BAD_REFRESH_TOKEN" for logs (no secrets in these fields).
    QString code() const;
};
// RFC 6749: invalid_grant and invalid_client set the flags.
OAuthErrorBody parseOAuthError(const QByteArray &body);
using OAuthErrorReader = std::function<OAuthErrorBody(const QByteArray &body)>;

// When to refresh an access token that lives `lifetimeSeconds`: 10% of its
// lifetime ahead of expiry, at least 1 s and at most 5 min ahead.
namespace TokenTiming {
qint64 refreshLeadSeconds(qint64 lifetimeSeconds);
QDateTime refreshAt(const QDateTime &expiry, qint64 lifetimeSeconds);
bool needsRefresh(const QDateTime &expiry, qint64 lifetimeSeconds, const QDateTime &now);
} // namespace TokenTiming

} // namespace desk
