#pragma once

// How HubSpot's API speaks, as the plain values core/net and core/auth take:
// the API version and every path built from it, its error bodies (CRM and
// OAuth), its X-HubSpot-RateLimit-* headers, and the pacing of its budgets.

#include "auth/tokenresponse.h"
#include "engine/loadplan.h"
#include "net/apiclient.h"
#include "net/ratepacer.h"

#include <QByteArray>
#include <QString>

namespace desk::hubspot {

// The date-based API version every request is made with. Moving to the next
// version (a new one ships every March and September) is this line; the paths
// below all follow it (tst_hubspotprovider builds the spec with another one).
inline const QString kApiVersion = QStringLiteral("2026-09");

// Every HubSpot path the client uses, for one API version.
struct Api
{
    QString version = kApiVersion;

    QString objects(const QString &type) const;   // /crm/objects/{v}/{type}
    QString batchRead(const QString &type) const; // .../{type}/batch/read
    QString search(const QString &type) const;    // .../{type}/search
    // /crm/associations/{v}/{from}/{to}/batch/read
    QString associations(const QString &from, const QString &to) const;
    QString owners() const;                        // /crm/owners/{v}
    QString pipelines(const QString &type) const;  // /crm/pipelines/{v}/{type}
    QString accountDetails() const;                // /account-info/{v}/details
    QString token() const;                         // /oauth/{v}/token
    QString introspect() const;                    // /oauth/{v}/token/introspect
    QString revoke() const;                        // /oauth/{v}/token/revoke
};

// CRM search has its own limit (about 5 requests/s per account) apart from the
// general one, and its answers carry no rate-limit headers: its calls go to a
// budget of their own.
inline const QString kSearchBudget = QStringLiteral("hubspot-search");
// The documented search limit, 5 requests per second per account (paced as a
// fixed window of its own: search neither spends the general budget nor waits for it).
constexpr int kSearchPerSecond = 5;

// {"category":"MISSING_SCOPES","correlationId":"…","message":"..."} (date-based
// paths; the legacy ones add "status":"error").
ApiErrorBody readErrorBody(const QByteArray &body);
// The token endpoint's errors: RFC 6749 plus HubSpot's legacy `status` names
// (BAD_REFRESH_TOKEN, EXPIRED_REFRESH_TOKEN: the grant is dead; BAD_CLIENT_ID,
// BAD_CLIENT_SECRET: the client was refused).
OAuthErrorBody readTokenError(const QByteArray &body);
// X-HubSpot-RateLimit-Max / -Interval-Milliseconds / -Remaining (the ten-secondly
// window, 10 s when the interval is missing) and -Secondly / -Secondly-Remaining.
RateReading readRateHeaders(const RatePacer::Headers &headers);
ApiDialect dialect(const LoadTuning &tuning);

} // namespace desk::hubspot
