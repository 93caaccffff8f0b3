#include "tokenbucket.h"

#include <algorithm>

namespace desk::sandbox {

TokenBucket::TokenBucket(double ratePerSecond, int burst)
    : m_rate(ratePerSecond), m_burst(std::max(1, burst))
{
    m_clock.start();
}

bool TokenBucket::take(const QString &key)
{
    if (m_rate <= 0.0)
        return true;
    const qint64 now = m_clock.elapsed();
    auto it = m_states.find(key);
    if (it == m_states.end())
        it = m_states.insert(key, State{double(m_burst), now});
    State &s = it.value();
    s.tokens = std::min(double(m_burst), s.tokens + double(now - s.lastMs) * m_rate / 1000.0);
    s.lastMs = now;
    if (s.tokens < 1.0)
        return false;
    s.tokens -= 1.0;
    return true;
}

} // namespace desk::sandbox
