#pragma once

// Notion's request limits as the sandbox imitates them: the per-connection
// average (a token bucket, about 3 requests/s), the newer per-connection budget
// of N requests per 60-second window (bursts allowed), and a per-workspace
// limit shared by every connection. A request counts only when all three let it
// through.
#include "server/tokenbucket.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <deque>

namespace desk::sandbox::notion {

struct LimitConfig
{
    double ratePerSecond = 3.0; // token bucket refill per connection; 0: off
    int burst = 3;              // bucket capacity
    int retryAfterS = 1;        // Retry-After of the bucket's 429
    int windowBudget = 0;       // requests per connection per window; 0: off
    int windowMs = 60000;
    int workspaceMax = 0; // requests per rolling workspace window; 0: off
    int workspaceWindowMs = 1000;
    int workspaceRetryAfterS = 0; // 0: the time until the window frees a request
};

// "N", "N/WINDOW_MS" (window at most 60 s) or "off" into windowBudget/windowMs.
bool parseWindowBudget(const QString &text, LimitConfig *config);

struct LimitDecision
{
    bool allowed = true;
    int retryAfterS = 0;
    QString reason; // additional_data.rate_limit_reason
};

class NotionLimits
{
public:
    explicit NotionLimits(const LimitConfig &config);
    LimitDecision take(const QString &connection);

private:
    struct Window
    {
        qint64 startMs = 0;
        int used = 0;
    };
    LimitConfig m_config;
    TokenBucket m_bucket;
    QElapsedTimer m_clock;
    QHash<QString, Window> m_windows;
    std::deque<qint64> m_workspaceHits;
};

} // namespace desk::sandbox::notion
