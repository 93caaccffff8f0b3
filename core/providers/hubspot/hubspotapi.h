#pragma once

// How HubSpot's API speaks, as the plain values core/net takes: its error
// bodies, its X-HubSpot-RateLimit-* headers, and the pacing of its budgets.

#include "engine/loadplan.h"
#include "net/apiclient.h"
#include "net/ratepacer.h"

#include <QByteArray>
#include <QString>

namespace desk::hubspot {

// CRM search has its own limit (about 5 requests/s per account) apart from the
// ten-secondly one, and its answers carry no rate-limit headers: its calls go to
// a budget of their own.
inline const QString kSearchBudget = QStringLiteral("hubspot-search");

// {"status":"error","category":"MISSING_SCOPES","message":"..."}
ApiErrorBody readErrorBody(const QByteArray &body);
// X-HubSpot-RateLimit-Max / -Interval-Milliseconds / -Remaining (the ten-secondly
// window, 10 s when the interval is missing) and -Secondly / -Secondly-Remaining.
RateReading readRateHeaders(const RatePacer::Headers &headers);
ApiDialect dialect(const LoadTuning &tuning);

} // namespace desk::hubspot
