#include "ratelimiter.h"

using namespace Qt::StringLiterals;

namespace desk::sandbox {

RateLimiter::RateLimiter(int max, int windowMs) : m_max(max), m_windowMs(windowMs)
{
    m_clock.start();
}

RateLimiter::Decision RateLimiter::take(const QString &key)
{
    Decision d;
    if (m_max <= 0) {
        d.remaining = 0;
        return d;
    }
    const qint64 now = m_clock.elapsed();
    auto &hits = m_hits[key];
    while (!hits.empty() && hits.front() <= now - m_windowMs)
        hits.pop_front();
    if (int(hits.size()) >= m_max) {
        d.allowed = false;
        d.remaining = 0;
        return d;
    }
    hits.push_back(now);
    d.remaining = m_max - int(hits.size());
    return d;
}

bool RateLimiter::parse(const QString &text, int *max, int *windowMs)
{
    if (text.compare(u"off"_s, Qt::CaseInsensitive) == 0) {
        *max = 0;
        *windowMs = 10000;
        return true;
    }
    const QStringList parts = text.split(u'/');
    if (parts.size() != 2)
        return false;
    bool ok1 = false, ok2 = false;
    const int m = parts.at(0).toInt(&ok1);
    const int w = parts.at(1).toInt(&ok2);
    if (!ok1 || !ok2 || m < 1 || w < 1)
        return false;
    *max = m;
    *windowMs = w;
    return true;
}

} // namespace desk::sandbox
