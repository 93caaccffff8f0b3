#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QPair>
#include <QVector>
#include <algorithm>
#include <deque>
#include <functional>

namespace desk {

// One rate-limit window as a response's headers state it: at most `max`
// requests per `intervalMs`, of which `remaining` are left (-1: not said).
struct RateWindowReading
{
    int max = 0;
    int intervalMs = 0;
    int remaining = -1;
};
// What a provider's rate-limit headers say; empty = the response carries none.
using RateReading = QVector<RateWindowReading>;

// Client-side pacing for a rolling-window rate limit. It keeps its own record of
// when each request was sent and never lets more than `Max - reserve` requests
// fall within any window of `Interval + margin` milliseconds, so the server
// never has a reason to answer 429.
//
// - Before the first response it knows nothing and lets one request out at a
//   time (conservative start).
// - Each response's windows (read from its headers by the provider's header
//   reader, setHeaderReader()) set the limit; `remaining` is used to notice
//   budget spent by someone else (another app on the same account): the server's
//   count beyond what we could have sent becomes "phantom" entries in our record,
//   which expire like our own.
// - A response without any rate-limit window means "not limited" (rate limit
//   off, an endpoint without headers, or no reader): only the in-flight cap applies.
// - A 429 blocks everything for Retry-After, or a whole interval when absent.
//
// Times are milliseconds on a monotonic clock owned by the pacer (now()).
class RatePacer
{
public:
    enum class Mode
    {
        Unknown,
        Limited,
        Unlimited
    };

    struct Window
    {
        int max = 0;
        int intervalMs = 0;
    };

    RatePacer();

    qint64 now() const { return m_clock.elapsed(); }

    // Requests that may be in flight at once (default 6, QNetworkAccessManager's
    // connections per host).
    void setMaxInFlight(int count);
    int maxInFlight() const { return m_maxInFlight; }
    // Requests kept unused per window (default 1: send at most Max-1).
    void setReserve(int requests);
    // Added to each interval so that requests the client spaced one interval
    // apart also reach the server at least one interval apart (default floor
    // 30 ms). A server counts a request when it arrives, i.e. its send time plus
    // the one-way delay: a stable delay moves every request alike and costs
    // nothing; only its variation can squeeze requests into one server window.
    // So the margin used is the spread of the recent round trips (slowest minus
    // fastest of the last 16, which bounds the spread of the one-way delay when
    // the server's own time varies independently of it), at least this floor
    // and at most a quarter of the interval plus the floor.
    void setMarginMs(int milliseconds);
    int marginMs() const;
    // Round-trip time of a finished request (send to response).
    void observeRoundTrip(qint64 milliseconds);
    // What a response without any rate-limit window means: by default "not
    // limited" (only the in-flight cap applies); with these windows, that the
    // documented limit still applies although the server did not say so.
    // Headers, when a response has them, replace these.
    void setWindowsWithoutHeaders(const QVector<Window> &windows);
    // Window assumed after a 429 from a server that sent no headers (default 100
    // per 10 s; a provider's pacing setup may set its own).
    void setFallbackWindow(Window window);

    // --- extensions (issue 6) ---
    // A limit known in advance instead of one learnt from headers (e.g. 5 per
    // 1000 ms per budget). The pacer starts Limited
    // with these windows and ignores rate-limit headers from then on. Combine
    // with setReserve(0) to use the whole documented budget.
    void setFixedWindows(const QVector<Window> &windows);
    bool hasFixedWindows() const { return m_fixed; }
    // How long a 429 without Retry-After blocks this pacer (e.g. 30 s).
    // Default -1: one whole window.
    void setRateLimitedHoldMs(qint64 milliseconds) { m_rateLimitedHoldMs = milliseconds; }
    qint64 rateLimitedHoldMs() const { return m_rateLimitedHoldMs; }

    Mode mode() const { return m_mode; }
    QVector<Window> windows() const;
    int inFlight() const { return m_inFlight; }

    // 0 when a request may go now, > 0 milliseconds until one may, -1 when the
    // in-flight cap is reached (wait for a request to finish).
    qint64 delayMs() const;
    bool canSend() const { return delayMs() == 0; }
    qint64 blockedUntil() const { return m_blockedUntil; }

    // Call when a request leaves; returns its send time for observe().
    qint64 recordSend();
    // Call when a request ends (any outcome).
    void recordDone();

    using Headers = QVector<QPair<QByteArray, QByteArray>>;
    // Reads a provider's rate-limit headers into windows (a plain function of the
    // provider's; the pacer never names one). Without a reader every response
    // reads as "no rate-limit headers".
    using HeaderReader = std::function<RateReading(const Headers &headers)>;
    void setHeaderReader(HeaderReader reader) { m_headerReader = std::move(reader); }
    // Headers of a response to a request sent at `sentAt`, read with the header
    // reader. Returns true if they held a usable rate-limit window.
    bool observeResponse(const Headers &headers, qint64 sentAt);
    // The same for windows already read. Windows outside sane bounds (a budget
    // above 100000 requests, an interval above a day) are ignored.
    bool observeLimits(const RateReading &windows, qint64 sentAt);
    // For header readers: the header's value as a number in [0, 86400000], matched
    // case-insensitively; *ok false when absent, not a number or out of range.
    static int headerInt(const Headers &headers, const char *name, bool *ok);
    // A 429 arrived. retryAfterMs < 0 when the server did not say.
    void observeRateLimited(qint64 retryAfterMs);

    // For tests and statistics: entries (own + phantom) within the last interval.
    int usedInWindow(int windowIndex = 0) const;

private:
    struct Track
    {
        Window window;
        std::deque<qint64> phantoms; // budget spent by others, ascending
    };

    qint64 span(const Track &track) const
    {
        return track.window.intervalMs +
               std::min<qint64>(marginMs(), track.window.intervalMs / 4 + m_marginMs);
    }
    void prune(qint64 now) const;
    int countIn(const Track &track, qint64 from, qint64 to) const;
    Track &trackFor(int intervalMs);
    void syncWindow(const RateWindowReading &window, qint64 sentAt, qint64 now);

    QElapsedTimer m_clock;
    Mode m_mode = Mode::Unknown;
    mutable QVector<Track> m_tracks;
    mutable std::deque<qint64> m_sends; // own send times, ascending
    int m_inFlight = 0;
    int m_maxInFlight = 6;
    int m_reserve = 1;
    int m_marginMs = 30;
    qint64 m_roundTrips[16] = {}; // the most recent round trips, ring buffer
    int m_roundTripNext = 0;
    int m_roundTripCount = 0;
    QVector<Window> m_withoutHeaders;
    bool m_assumed = false; // the windows are m_withoutHeaders, not the server's
    Window m_fallback{100, 10000};
    qint64 m_blockedUntil = 0;
    bool m_fixed = false;
    qint64 m_rateLimitedHoldMs = -1;
    HeaderReader m_headerReader;
};

} // namespace desk
