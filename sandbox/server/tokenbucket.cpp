#include "tokenbucket.h"

#include <algorithm>

namespace desk::sandbox {

TokenBucket::TokenBucket(double ratePerSecond, int burst)
    : m_rate(ratePerSecond), m_burst(std::max(1, burst))
{
    m_clock.start();
}

TokenBucket::State &TokenBucket::refilled(const QString &key)
{
    const qint64 now = m_clock.elapsed();
    auto it = m_states.find(key);
    if (it == m_states.end())
        it = m_states.insert(key, State{double(m_burst), now});
    State &s = it.value();
    s.tokens = std::min(double(m_burst), s.tokens + double(now - s.lastMs) * m_rate / 1000.0);
    s.lastMs = now;
    return s;
}

bool TokenBucket::take(const QString &key)
{
    if (m_rate <= 0.0)
        return true;
    State &s = refilled(key);
    if (s.tokens < 1.0)
        return false;
    s.tokens -= 1.0;
    return true;
}

bool TokenBucket::available(const QString &key)
{
    return m_rate <= 0.0 || refilled(key).tokens >= 1.0;
}

} // namespace desk::sandbox
