#pragma once

#include "auth/accountinfo.h"
#include "auth/providerprofile.h"
#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <functional>

class QNetworkAccessManager;

namespace desk {

// How one provider asks "who is signed in?" (Provider::fetchAccount).
struct AccountLookup
{
    QString serviceName;  // "HubSpot": named in user messages
    QString endpointName; // "whoami": named in the log
    QList<int> unauthorizedStatuses{401};
    QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    bool tokenInPath = false; // GET {metadataUrl}/{token} (HubSpot) instead of a bearer header
    std::function<Result<AccountInfo>(const QByteArray &body)> parse;
};

// GETs profile.metadataUrl and maps the answer: no response → Timeout/Network,
// 5xx → Service, one of `unauthorizedStatuses` → Unauthorized, 429 → RateLimited,
// any other non-200 → Provider, 200 → lookup.parse(body). Calls `done` exactly once.
// The URL (which may hold the token) is never logged.
void lookUpAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                   const QByteArray &accessToken, const AccountLookup &lookup,
                   std::function<void(const Result<AccountInfo> &)> done);

} // namespace desk
