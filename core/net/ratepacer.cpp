#include "net/ratepacer.h"

#include <QLoggingCategory>
#include <algorithm>
#include <limits>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcPacer, "desk.core.net.pacer", QtInfoMsg)

constexpr int kMaxHeaderValue = 86400000;   // a day in ms; budgets are capped lower below
constexpr int kMaxBudget = 100000;          // requests per window
constexpr qint64 kUnknownHistoryMs = 60000; // how long sends are kept before any window is known

} // namespace

int RatePacer::headerInt(const Headers &headers, const char *name, bool *ok)
{
    *ok = false;
    QByteArray value;
    for (const auto &header : headers)
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            value = header.second.trimmed();
            break;
        }
    if (value.isEmpty())
        return 0;
    const int parsed = value.toInt(ok);
    // Header values come from the network: anything outside a sane range (a
    // window above a day, negative counts) is ignored like a missing header, so
    // it can neither overflow the arithmetic nor make the pacer allocate
    // per-request records by the billion.
    if (*ok && (parsed < 0 || parsed > kMaxHeaderValue)) {
        *ok = false;
        return 0;
    }
    return parsed;
}

RatePacer::RatePacer()
{
    m_clock.start();
}

void RatePacer::setMaxInFlight(int count)
{
    m_maxInFlight = std::max(1, count);
}

void RatePacer::setReserve(int requests)
{
    m_reserve = std::max(0, requests);
}

void RatePacer::setMarginMs(int milliseconds)
{
    m_marginMs = std::max(0, milliseconds);
}

int RatePacer::marginMs() const
{
    const int known = std::min(m_roundTripCount, int(std::size(m_roundTrips)));
    if (known < 2)
        return m_marginMs;
    qint64 slowest = 0;
    qint64 fastest = std::numeric_limits<qint64>::max();
    for (int i = 0; i < known; ++i) {
        slowest = std::max(slowest, m_roundTrips[i]);
        fastest = std::min(fastest, m_roundTrips[i]);
    }
    return int(std::max<qint64>(m_marginMs, slowest - fastest));
}

void RatePacer::observeRoundTrip(qint64 milliseconds)
{
    m_roundTrips[m_roundTripNext] = std::max<qint64>(0, milliseconds);
    m_roundTripNext = (m_roundTripNext + 1) % int(std::size(m_roundTrips));
    ++m_roundTripCount;
}

void RatePacer::setWindowsWithoutHeaders(const QVector<Window> &windows)
{
    m_withoutHeaders.clear();
    for (const Window &window : windows)
        if (window.max > 0 && window.intervalMs > 0)
            m_withoutHeaders.append(window);
}

void RatePacer::setFixedWindows(const QVector<Window> &windows)
{
    m_tracks.clear();
    for (const Window &window : windows)
        if (window.max > 0 && window.intervalMs > 0)
            m_tracks.append(Track{window, {}});
    m_fixed = !m_tracks.isEmpty();
    m_mode = m_fixed ? Mode::Limited : Mode::Unknown;
}

void RatePacer::setFallbackWindow(Window window)
{
    m_fallback = window;
}

QVector<RatePacer::Window> RatePacer::windows() const
{
    QVector<Window> result;
    for (const Track &track : m_tracks)
        result.append(track.window);
    return result;
}

void RatePacer::prune(qint64 now) const
{
    qint64 longest = kUnknownHistoryMs;
    if (!m_tracks.isEmpty()) {
        longest = 0;
        for (Track &track : m_tracks) {
            const qint64 horizon = now - span(track);
            while (!track.phantoms.empty() && track.phantoms.front() <= horizon)
                track.phantoms.pop_front();
            longest = std::max(longest, span(track));
        }
    }
    // Keep a little more than the longest window: Remaining is compared against
    // sends up to one interval before a request's own send time.
    const qint64 horizon = now - 2 * longest;
    while (!m_sends.empty() && m_sends.front() <= horizon)
        m_sends.pop_front();
}

int RatePacer::countIn(const Track &track, qint64 from, qint64 to) const
{
    // Entries with from < t <= to.
    auto count = [from, to](const std::deque<qint64> &times) {
        const auto first = std::upper_bound(times.begin(), times.end(), from);
        const auto last = std::upper_bound(times.begin(), times.end(), to);
        return int(std::distance(first, last));
    };
    return count(m_sends) + count(track.phantoms);
}

RatePacer::Track &RatePacer::trackFor(int intervalMs)
{
    for (Track &track : m_tracks)
        if (track.window.intervalMs == intervalMs)
            return track;
    m_tracks.append(Track{Window{0, intervalMs}, {}});
    return m_tracks.last();
}

int RatePacer::usedInWindow(int windowIndex) const
{
    if (windowIndex < 0 || windowIndex >= m_tracks.size())
        return 0;
    const qint64 t = now();
    prune(t);
    const Track &track = m_tracks.at(windowIndex);
    return countIn(track, t - span(track), t);
}

qint64 RatePacer::delayMs() const
{
    if (m_inFlight >= m_maxInFlight)
        return -1;
    const qint64 t = now();
    qint64 wait = m_blockedUntil > t ? m_blockedUntil - t : 0;
    switch (m_mode) {
    case Mode::Unknown:
        // Nothing known yet: one probe at a time until the first response says
        // what the budget is.
        if (m_inFlight > 0)
            return -1;
        return wait;
    case Mode::Unlimited:
        return wait;
    case Mode::Limited:
        break;
    }
    prune(t);
    for (const Track &track : m_tracks) {
        const int allowed = std::max(1, track.window.max - m_reserve);
        const qint64 from = t - span(track);
        const int used = countIn(track, from, t);
        if (used < allowed)
            continue;
        // The window frees when enough of its oldest entries have aged out: merge
        // both lists and find the (used - allowed + 1)-th oldest entry in range.
        std::vector<qint64> entries;
        entries.reserve(size_t(used));
        for (qint64 s : m_sends)
            if (s > from && s <= t)
                entries.push_back(s);
        for (qint64 s : track.phantoms)
            if (s > from && s <= t)
                entries.push_back(s);
        std::sort(entries.begin(), entries.end());
        const qint64 oldest = entries.at(size_t(used - allowed));
        wait = std::max(wait, oldest + span(track) - t + 1);
    }
    return wait;
}

qint64 RatePacer::recordSend()
{
    const qint64 t = now();
    m_sends.push_back(t); // now() is monotonic, so the deque stays sorted
    ++m_inFlight;
    return t;
}

void RatePacer::recordDone()
{
    if (m_inFlight > 0)
        --m_inFlight;
}

bool RatePacer::observeResponse(const Headers &headers, qint64 sentAt)
{
    if (m_fixed)
        return false; // the limit is known; headers (if any) are not ours to follow
    return observeLimits(m_headerReader ? m_headerReader(headers) : RateReading(), sentAt);
}

bool RatePacer::observeLimits(const RateReading &windows, qint64 sentAt)
{
    if (m_fixed)
        return false;
    RateReading usable;
    for (const RateWindowReading &window : windows)
        if (window.max > 0 && window.max <= kMaxBudget && window.intervalMs > 0 &&
            window.intervalMs <= kMaxHeaderValue)
            usable.append(window);
    if (usable.isEmpty()) {
        if (m_mode != Mode::Unknown)
            return false;
        if (m_withoutHeaders.isEmpty()) {
            qCInfo(lcPacer) << "no rate-limit headers: pacing by in-flight cap only";
            m_mode = Mode::Unlimited;
            return false;
        }
        qCInfo(lcPacer) << "no rate-limit headers: pacing by the documented limit";
        for (const Window &window : std::as_const(m_withoutHeaders)) {
            Track &track = trackFor(window.intervalMs);
            track.window.max = window.max;
        }
        m_mode = Mode::Limited;
        m_assumed = true;
        return false;
    }
    if (m_assumed) {
        m_tracks.clear(); // the server says what its limit is after all
        m_assumed = false;
    }
    const qint64 t = now();
    for (const RateWindowReading &window : std::as_const(usable))
        syncWindow(window, sentAt, t);
    m_mode = Mode::Limited;
    return true;
}

void RatePacer::syncWindow(const RateWindowReading &window, qint64 sentAt, qint64 now)
{
    Track &track = trackFor(window.intervalMs);
    if (track.window.max != window.max) {
        qCInfo(lcPacer) << "rate limit" << window.max << "per" << window.intervalMs << "ms";
        track.window.max = window.max;
    }
    if (window.remaining < 0)
        return;
    // What the server has counted against what we could possibly have sent
    // inside its window: any excess was spent by someone else.
    const int serverUsed = window.max - std::min(window.remaining, window.max);
    const int ownUpperBound = countIn(track, sentAt - span(track), now);
    const int extra = serverUsed - ownUpperBound;
    if (extra > 0) {
        qCDebug(lcPacer) << "server counts" << extra << "requests we did not send";
        const auto pos = std::upper_bound(track.phantoms.begin(), track.phantoms.end(), sentAt);
        track.phantoms.insert(pos, size_t(extra), sentAt);
    }
}

void RatePacer::observeRateLimited(qint64 retryAfterMs)
{
    if (m_mode != Mode::Limited) {
        Track &track = trackFor(m_fallback.intervalMs);
        if (track.window.max <= 0)
            track.window.max = m_fallback.max;
        m_mode = Mode::Limited;
    }
    qint64 wait = retryAfterMs;
    if (wait < 0 && m_rateLimitedHoldMs >= 0)
        wait = m_rateLimitedHoldMs;
    if (wait < 0) {
        // No Retry-After: wait until the whole window has rolled over.
        wait = 0;
        for (const Track &track : std::as_const(m_tracks))
            wait = std::max(wait, span(track));
    }
    m_blockedUntil = std::max(m_blockedUntil, now() + wait);
    qCWarning(lcPacer) << "429 received, holding requests for" << wait << "ms";
}

} // namespace desk
