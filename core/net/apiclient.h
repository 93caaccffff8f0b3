#pragma once

#include "auth/accesstokenprovider.h"
#include "common/result.h"
#include "net/ratepacer.h"
#include "net/retrypolicy.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVector>
#include <any>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace desk {

// One API call.
struct ApiRequest
{
    QByteArray verb = QByteArrayLiteral("GET");
    QUrl url;        // absolute, or relative to ApiClient::baseUrl()
    QByteArray body; // JSON for POST
    QString tag;     // who asked (e.g. "contacts"), for statistics and logs
    // False for endpoints that carry no rate-limit headers by design: their
    // absence must not be read as "unlimited".
    bool observeRateHeaders = true;
    // Rate budget the call counts against (e.g. one per workspace). Calls with
    // the same budget share one RatePacer; empty = the default pacer().
    QString budget;
    // Wider budgets the call also counts against (e.g. a per-user limit across
    // every workspace's budget): it leaves only when its own budget and each of
    // these allow, and counts in all of them. They learn nothing from rate-limit
    // headers (give them fixed windows).
    QStringList sharedBudgets;
    // Calls with a higher priority leave first, within what their budgets allow;
    // equal priorities keep their order. E.g. the next page of a listing whose
    // cursor expires when left idle goes before the first page of another.
    int priority = 0;
    // Extra headers for this call only (added after the client's default headers).
    QList<QPair<QByteArray, QByteArray>> headers;
};

// What a provider's error body says, read by its ErrorBodyReader.
struct ApiErrorBody
{
    QString code;              // the provider's error code or category ("MISSING_SCOPES")
    QString message;           // its human text, if any
    bool missingScope = false; // the answer says a granted scope is missing
    // A rate limit shared with other clients (e.g. a whole workspace's): no pacing
    // of ours could have avoided it, so waiting it out never counts as a retry.
    bool sharedLimit = false;
};
using ErrorBodyReader = std::function<ApiErrorBody(const QByteArray &body)>;
// The most common shape of JSON error bodies: a top-level "code" and "message".
// What the client reads when no reader is set.
ApiErrorBody readPlainErrorBody(const QByteArray &body);

// Sets up the pacer of a rate budget (empty budget = the default pacer).
using PacerSetup = std::function<void(RatePacer &pacer, const QString &budget)>;

// How one provider's API speaks, as plain values: the client never names a
// provider. A ProviderSpec (core/providers) hands one to ApiClient::setDialect().
struct ApiDialect
{
    ErrorBodyReader readError;               // empty: readPlainErrorBody
    RatePacer::HeaderReader readRateHeaders; // empty: responses carry no rate-limit headers
    QList<QPair<QByteArray, QByteArray>> defaultHeaders; // sent with every request
    PacerSetup pacing; // empty: every pacer learns from the headers
    // Statuses besides 429 that mean "slow down" (e.g. 529 overloaded): waited
    // out like a 429 (Retry-After, else the pacer's hold), then retried.
    QVector<int> rateLimitStatuses;
};

// Reads a 2xx body into a typed value, once. An Error means "malformed": the
// call is retried like a truncated body and finally fails with BadResponse (the
// error's detail goes to the log and the final error's detail).
template <typename T> using ApiReader = std::function<Result<T>(const QJsonDocument &document)>;

// Counters since construction (or resetStatistics()).
struct ApiStatistics
{
    qint64 sent = 0;          // requests that left (including retries)
    qint64 succeeded = 0;     // calls answered with 2xx and valid JSON
    qint64 failed = 0;        // calls that ended in an Error (not cancelled)
    qint64 retries = 0;       // re-sends for any reason
    qint64 http429 = 0;       // 429 responses received
    qint64 overloaded = 0;    // other "slow down" answers (ApiDialect::rateLimitStatuses)
    qint64 http5xx = 0;       // 5xx responses received (not those counted as overloaded)
    qint64 networkErrors = 0; // resets, refused, broken bodies
    qint64 timeouts = 0;
    qint64 badResponses = 0; // 2xx with malformed or truncated JSON
    qint64 unauthorized = 0; // 401 responses
    qint64 refreshes = 0;    // token refreshes started by the client
    qint64 bytesReceived = 0;
};

// HTTP JSON client for a provider's data API, on one shared
// QNetworkAccessManager. Every call:
// - carries "Authorization: Bearer" from the AccessTokenProvider, refreshed ahead
//   of time when tokenNeedsRefresh(), and once more on a 401 (then Unauthorized,
//   or ReconnectNeeded when the refresh says so);
// - is paced by one RatePacer shared by all callers (several object types load
//   at once within one budget), or by its budget's and its shared budgets';
// - never has more than 6 requests in flight on one QNetworkAccessManager (Qt
//   6.4 opens at most 6 HTTP/1.1 connections per host and manager, and queues
//   the rest where the pacer cannot see them): when the default pacer allows
//   more in flight, the client adds managers of its own for the extra ones;
// - is retried with bounded exponential back-off and jitter on 5xx, timeouts,
//   connection resets and malformed/truncated bodies; on 429 it waits
//   (Retry-After, else until the window frees) and tries again;
// - ends by calling `done` exactly once with the parsed JSON (or what the
//   caller's reader made of it) or an Error — unless cancelled: after
//   cancel(id)/cancelAll() the callback is never called.
// `context`: when it is destroyed, its calls are cancelled. Error bodies, rate
// headers, default headers and pacing come from the provider's ApiDialect.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    using RequestId = quint64;
    using Callback = std::function<void(const Result<QJsonDocument> &)>;

    ApiClient(QNetworkAccessManager &network, AccessTokenProvider &tokens,
              QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url); // e.g. https://api.hubapi.com or the sandbox URL
    QUrl baseUrl() const { return m_baseUrl; }

    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }

    // Largest response body accepted (default 32 MiB; a page of 100 objects is
    // well under 1 MiB). A larger one is aborted while it arrives
    // (memory stays bounded) and the call fails with BadResponse, not retried.
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }
    static constexpr qint64 DefaultMaxResponseBytes = 32 * 1024 * 1024;
    // Requests in flight on one QNetworkAccessManager at most (Qt's HTTP/1.1
    // connections per host).
    static constexpr int kRequestsPerManager = 6;
    // Managers in use so far (1 = only the one given to the constructor).
    int networkCount() const { return int(m_lanes.size()); }

    RatePacer &pacer() { return m_pacer; }
    const RatePacer &pacer() const { return m_pacer; }

    // --- provider-specific pacing, headers and error bodies ---
    // The pacer of a rate budget (ApiRequest::budget); created on first use and
    // set up by the pacer setup function. Empty budget = pacer(). The default
    // pacer's in-flight cap also bounds the client as a whole (all budgets); above
    // kRequestsPerManager the client spreads requests over managers of its own.
    RatePacer &pacer(const QString &budget);
    // Called for the default pacer at once and for every budget pacer when it
    // is created: e.g. a fixed 5 requests/s window instead of the limits the
    // rate-limit headers announce.
    using PacerSetup = desk::PacerSetup;
    void setPacerSetup(PacerSetup setup);
    // A header sent with every request (e.g. an API version header).
    // An empty value removes it.
    void setDefaultHeader(const QByteArray &name, const QByteArray &value);
    // Everything at once: error reader, rate-header reader (on every pacer),
    // default headers (added to those set already) and the pacer setup.
    void setDialect(const ApiDialect &dialect);
    void setErrorReader(ErrorBodyReader reader) { m_errorReader = std::move(reader); }
    void setRateHeaderReader(RatePacer::HeaderReader reader);
    QList<QPair<QByteArray, QByteArray>> defaultHeaders() const { return m_defaultHeaders; }
    // Budgets seen so far (without the default one).
    QStringList budgets() const;

    RequestId send(const ApiRequest &request, QObject *context, Callback done);
    RequestId get(const QUrl &url, QObject *context, Callback done, const QString &tag = {});
    // Parses the body once and hands `reader`'s typed value to `done`; a reader
    // error is a malformed body (retried, then BadResponse).
    template <typename T>
    RequestId read(const ApiRequest &request, ApiReader<T> reader, QObject *context,
                   std::function<void(Result<T>)> done);
    // The type-erased form of read() (the value travels in a std::any).
    using AnyReader = ApiReader<std::any>;
    using AnyCallback = std::function<void(Result<std::any>)>;
    RequestId sendReading(const ApiRequest &request, AnyReader reader, QObject *context,
                          AnyCallback done);

    // Aborts the call (in flight or waiting); its callback will not be called.
    void cancel(RequestId id);
    void cancelAll();
    int pendingCount() const { return int(m_calls.size()); }

    const ApiStatistics &statistics() const { return m_stats; }
    void resetStatistics() { m_stats = {}; }

    QUrl resolve(const QUrl &url) const;

Q_SIGNALS:
    // A 429 (or another ApiDialect::rateLimitStatuses answer) was received; the
    // client waits `waitMs` (-1: Retry-After missing) and retries on its own.
    void rateLimited(qint64 waitMs);
    // Emitted once per completed HTTP exchange (for live requests/s figures).
    void requestFinished(const QString &tag, int httpStatus);
    // The same, naming the call: lets a caller count every exchange of its own
    // calls, retries included. Emitted right before requestFinished().
    void exchangeFinished(quint64 requestId, int httpStatus);

private:
    struct Call;

    void schedulePump(qint64 delayMs = 0);
    void pump();
    void dispatch(Call &call);
    void onReplyFinished(RequestId id, quint64 serial);
    void handleFinishedReplies();
    void onFinished(RequestId id);
    void onTimeout(RequestId id, quint64 serial);
    void retryLater(Call &call, int delayMs);
    void complete(RequestId id, Result<std::any> result);
    void onSuccess(RequestId id, Call &call, const QByteArray &body, int status);
    struct ParsedBody;
    void readBody(RequestId id, Call &call, ParsedBody parsed, int status);
    void onUnauthorized(RequestId id, Call &call, int status, const QByteArray &body);
    void onRateLimited(RequestId id, Call &call, int status, const QByteArray &body,
                       const QByteArray &retryAfter);
    void onTransient(Call &call, int status, const QByteArray &body, const QString &networkText);
    void holdSharedBudgets(const Call &call, RatePacer &own);
    void enqueue(RequestId id);
    bool waitsForBudget(const Call &call, std::vector<QString> &blocked, qint64 &nextDelay);
    int pickLane();
    void releaseSlot(Call &call);
    void refuseTooLarge(RequestId id, const Call &call, int status);
    void startRefresh();
    void onRefreshed(const Error &error);
    RatePacer &pacerFor(const Call &call);
    Error errorFor(const Call &call, int status, const QByteArray &body,
                   const QString &fallback) const;

    QNetworkAccessManager &m_network;
    // Lane 0 is m_network; further lanes are managers of our own (see kRequestsPerManager).
    struct Lane
    {
        QNetworkAccessManager *network = nullptr;
        std::unique_ptr<QNetworkAccessManager> owned;
        int inFlight = 0;
    };
    std::vector<Lane> m_lanes;
    // Per shared budget: the budget whose 429 came first and until when it is held.
    struct SharedHold
    {
        QString budget;
        qint64 until = 0; // on m_pacer's clock
    };
    QHash<QString, SharedHold> m_sharedHolds;
    AccessTokenProvider &m_tokens;
    QUrl m_baseUrl;
    RetryPolicy m_policy;
    RatePacer m_pacer;
    std::map<QString, std::unique_ptr<RatePacer>> m_budgetPacers;
    PacerSetup m_pacerSetup;
    QList<QPair<QByteArray, QByteArray>> m_defaultHeaders;
    ErrorBodyReader m_errorReader;
    RatePacer::HeaderReader m_rateHeaderReader;
    QVector<int> m_rateLimitStatuses;
    int m_inFlightTotal = 0;
    ApiStatistics m_stats;

    std::unordered_map<RequestId, std::unique_ptr<Call>> m_calls;
    std::deque<RequestId> m_queue;            // ready to go, in order
    std::vector<RequestId> m_waitingForToken; // parked until the refresh ends
    RequestId m_nextId = 1;
    QTimer m_pumpTimer;
    bool m_pumpQueued = false;
    // Replies that said finished, by call and attempt, in the order they did.
    std::deque<std::pair<RequestId, quint64>> m_finished;
    QTimer m_finishedTimer;
    bool m_refreshing = false;
    quint64 m_serial = 0;
    Error m_authError;                   // set when the refresh said "sign in again"
    QByteArray m_authErrorToken;         // the token that was current then
    qint64 m_refreshSuppressedUntil = 0; // after a transient refresh failure
    qint64 m_maxResponseBytes = DefaultMaxResponseBytes;
};

template <typename T>
ApiClient::RequestId ApiClient::read(const ApiRequest &request, ApiReader<T> reader,
                                     QObject *context, std::function<void(Result<T>)> done)
{
    AnyReader erased = [reader =
                            std::move(reader)](const QJsonDocument &document) -> Result<std::any> {
        Result<T> value = reader(document);
        if (!value.ok())
            return value.error();
        return std::any(std::move(value).value());
    };
    AnyCallback deliver = [done = std::move(done)](Result<std::any> result) {
        if (!result.ok()) {
            done(result.error());
            return;
        }
        done(std::any_cast<T>(std::move(result).value()));
    };
    return sendReading(request, std::move(erased), context, std::move(deliver));
}

} // namespace desk
