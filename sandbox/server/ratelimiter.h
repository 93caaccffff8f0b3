#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <deque>

namespace desk::sandbox {

// Rolling-window limiter: at most max() requests per key in any window of
// windowMs() milliseconds. Rejected requests do not count.
class RateLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int remaining = 0;
    };

    RateLimiter(int max, int windowMs); // max <= 0: unlimited
    bool enabled() const { return m_max > 0; }
    int max() const { return m_max; }
    int windowMs() const { return m_windowMs; }

    Decision take(const QString &key);

    // Parses "MAX/WINDOW_MS" or "off"; returns false on bad input.
    static bool parse(const QString &text, int *max, int *windowMs);

private:
    int m_max;
    int m_windowMs;
    QElapsedTimer m_clock;
    QHash<QString, std::deque<qint64>> m_hits;
};

} // namespace desk::sandbox
