#pragma once

// Who is signed in: how a provider asks (AccountLookup, a plain value its spec
// declares) and the one function that asks (lookUpAccount).

#include "auth/providerprofile.h"
#include "common/accountinfo.h"
#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace desk {

// How one provider asks "who is signed in?". An OAuthSession asks after
// sign-in; everyone else goes through ProviderSpec::fetchAccount().
struct AccountLookup
{
    QString serviceName;  // "HubSpot": named in user messages
    QString endpointName; // "whoami": named in the log
    QList<int> unauthorizedStatuses{401};
    QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    bool tokenInPath = false; // GET {metadataUrl}/{token} instead of a bearer header
    // POST {metadataUrl} as a token introspection (RFC 7662) instead: a form
    // body with `token`, `token_type_hint=access_token` and the client's id and
    // secret (the token is never in a URL or a log).
    bool introspection = false;
    // GET {apiBaseUrl}{apiPath} with the bearer instead of metadataUrl (an
    // account endpoint of the data API, for tokens no OAuth client issued).
    QString apiPath;
    std::function<Result<AccountInfo>(const QByteArray &body)> parse;
    // The account the token endpoint's answer names (the token fields removed),
    // if it does: the endpoint above is still asked (it says who signed in), and
    // this account is used when that answer cannot be had (other than a refusal).
    std::function<std::optional<AccountInfo>(const QJsonObject &tokenResponse)> fromTokenResponse;

    bool isValid() const { return bool(parse); }
};

// Asks the lookup's endpoint (GET profile.metadataUrl, the introspection POST,
// or GET apiBaseUrl + apiPath) and maps the answer: no response → Timeout/Network,
// 5xx → Service, one of `unauthorizedStatuses` → Unauthorized, 429 → RateLimited,
// any other non-200 → Provider, 200 → lookup.parse(body). Calls `done` exactly once.
// The URL (which may hold the token) is never logged.
void lookUpAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                   const QByteArray &accessToken, const AccountLookup &lookup,
                   std::function<void(const Result<AccountInfo> &)> done);

} // namespace desk
