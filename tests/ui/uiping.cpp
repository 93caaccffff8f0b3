// UiPing: the longest time the UI thread did not get back to its event loop.
#include "uiping.h"

#include <QtGlobal>

#include <algorithm>

namespace desktest {

UiPing::UiPing(int intervalMs) : m_interval(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &UiPing::tick);
}

void UiPing::start()
{
    m_stalls.clear();
    m_turns = 0;
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

void UiPing::stop()
{
    tick(); // the time since the last turn counts too
    m_timer.stop();
}

void UiPing::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 stall = std::max<qint64>(0, now - m_last - m_interval);
    m_stalls.append(stall);
    // To find what froze the window: the stall's end in the log's own timeline.
    static const bool trace = qEnvironmentVariableIsSet("DESK_PING_TRACE");
    if (trace && stall > 100)
        qInfo("ui ping: stall of %lld ms ends here", static_cast<long long>(stall));
    m_last = now;
    ++m_turns;
}

qint64 UiPing::longestStallMs() const
{
    return m_stalls.isEmpty() ? 0 : *std::max_element(m_stalls.cbegin(), m_stalls.cend());
}

int UiPing::stallsOver(qint64 ms) const
{
    return int(std::count_if(m_stalls.cbegin(), m_stalls.cend(),
                             [ms](qint64 stall) { return stall > ms; }));
}

} // namespace desktest
