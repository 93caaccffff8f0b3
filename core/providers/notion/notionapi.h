#pragma once

// How the Notion client speaks: the requests it makes (search, retrieve, data
// source queries) and its dialect — Notion-Version, the error body (with the
// rate limit's reason), 429 and 529 waited out, and the pacing of the
// per-connection budget.
//
// Pacing. Notion's newest limits page describes a per-connection budget of
// requests per 60-second window by plan (bursts allowed; the numbers are not
// published) plus a per-workspace limit shared by every connection; older
// pages an average of 3 requests per second. Without a configured budget the
// client keeps that average, evenly spaced (one request per 334 ms, which is
// also 180 per minute): it holds under both models as long as no plan's budget
// is below 180 a minute. LoadTuning::windowRequests / windowMs set a known
// budget instead: the pacer then spends it in bursts (as many requests in
// flight as the in-flight cap allows) and never more than it per window; with
// LoadTuning::requestsPerSecond as well, both hold.

#include "engine/loadplan.h"
#include "net/apiclient.h"

#include <QJsonObject>

namespace desk::notion {

inline constexpr int kMaxPageSize = 100;
inline constexpr int kDefaultRequestsPerSecond = 3; // the documented average
inline constexpr int kBudgetWindowMs = 60000;       // the newest model's window

// The rate limit shared by the workspace's connections (its Retry-After may be
// longer than a minute): additional_data.rate_limit_reason.
inline constexpr const char *kWorkspaceLimitReason = "public_api_space_request_rate_limit";

ApiDialect dialect(const LoadTuning &tuning);
// {"object":"error","code":…,"message":…,"additional_data":{"rate_limit_reason":…}}.
ApiErrorBody readErrorBody(const QByteArray &body);

int pageSize(const LoadTuning &tuning);

// POST /v1/search: `objectFilter` "page" / "data_source" (empty: both),
// `trash` only what is in the trash, sorted by last_edited_time.
ApiRequest searchRequest(const QString &cursor, int pageSize, const QString &objectFilter,
                         bool trash, bool descending);
// GET /v1/{pages|data_sources|databases}/{id} for an item type.
ApiRequest retrieveRequest(const QString &type, const QString &id);
// POST /v1/data_sources/{id}/query with `body` (plus page size and cursor).
ApiRequest queryRequest(const QString &dataSourceId, const QString &cursor, int pageSize,
                        QJsonObject body);
// The answer is "not there for this integration" (404 object_not_found, 403
// restricted_resource): an unshared parent, not a failure.
bool isGone(const Error &error);
bool isAuthError(const Error &error);

} // namespace desk::notion
