#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>
#include <QRandomGenerator>

namespace desk {

// What to do with one HTTP outcome.
enum class ResponseClass
{
    Success,      // 2xx
    Unauthorized, // 401: refresh once, then give up
    RateLimited,  // 429: wait for the window, then retry
    Transient,    // 5xx, timeout, reset, refused: back off and retry
    Fatal,        // other 4xx, unsupported URL...: report at once
    Cancelled,    // aborted by us
};

// status = HTTP status (0 when no response), error = the reply's network error.
ResponseClass classifyResponse(int status, QNetworkReply::NetworkError error, bool timedOut);

// Bounded exponential back-off with full jitter: attempt n (1-based) waits a
// random time in [base*2^(n-1)/2, base*2^(n-1)], capped at maxDelayMs.
struct RetryPolicy
{
    int maxAttempts = 6;         // total tries for transient failures (5xx, network, timeout)
    int maxBadResponses = 3;     // tries for a page whose body is malformed/truncated
    int maxRateLimitRetries = 8; // 429s tolerated for one request
    int baseDelayMs = 250;
    int maxDelayMs = 8000;
    int timeoutMs = 30000; // per request (no bytes for this long = timeout)

    int backoffMs(int attempt, QRandomGenerator *random = QRandomGenerator::global()) const;
};

// Retry-After in milliseconds: delta-seconds or an HTTP date; -1 when absent or
// unparsable (also NaN, infinite, negative); at most kMaxRetryAfterMs (1 hour).
constexpr qint64 kMaxRetryAfterMs = 3600 * 1000;
qint64 parseRetryAfter(const QByteArray &value,
                       const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace desk
