#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace desk::sandbox {

// Token bucket per key: `burst` tokens at most, refilled at `ratePerSecond`.
// A request takes one token; a rejected request takes none.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, int burst); // rate <= 0: unlimited
    bool enabled() const { return m_rate > 0.0; }
    double rate() const { return m_rate; }
    int burst() const { return m_burst; }
    bool take(const QString &key);
    // Whether take() would succeed now, without taking (for a request that
    // must also pass other limits before it counts).
    bool available(const QString &key);

private:
    struct State
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    State &refilled(const QString &key);
    double m_rate;
    int m_burst;
    QElapsedTimer m_clock;
    QHash<QString, State> m_states;
};

} // namespace desk::sandbox
