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
#include <QTimer>
#include <QUrl>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace desk {

// One API call. `validate` (optional) checks the parsed body; a non-empty
// answer means "malformed", which is retried like a truncated body and finally
// reported as Error::Kind::BadResponse.
struct ApiRequest
{
    QByteArray verb = QByteArrayLiteral("GET");
    QUrl url;        // absolute, or relative to ApiClient::baseUrl()
    QByteArray body; // JSON for POST
    QString tag;     // who asked (e.g. "contacts"), for statistics and logs
    // False for endpoints that carry no rate-limit headers by design (HubSpot
    // search): their absence must not be read as "unlimited".
    bool observeRateHeaders = true;
    std::function<QString(const QJsonDocument &)> validate;
};

// Counters since construction (or resetStatistics()).
struct ApiStatistics
{
    qint64 sent = 0;          // requests that left (including retries)
    qint64 succeeded = 0;     // calls answered with 2xx and valid JSON
    qint64 failed = 0;        // calls that ended in an Error (not cancelled)
    qint64 retries = 0;       // re-sends for any reason
    qint64 http429 = 0;       // 429 responses received
    qint64 http5xx = 0;       // 5xx responses received
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
//   at once within one budget);
// - is retried with bounded exponential back-off and jitter on 5xx, timeouts,
//   connection resets and malformed/truncated bodies; on 429 it waits
//   (Retry-After, else until the window frees) and tries again;
// - ends by calling `done` exactly once with the parsed JSON or an Error —
//   unless cancelled: after cancel(id)/cancelAll() the callback is never called.
// `context`: when it is destroyed, its calls are cancelled.
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

    RatePacer &pacer() { return m_pacer; }
    const RatePacer &pacer() const { return m_pacer; }

    RequestId send(const ApiRequest &request, QObject *context, Callback done);
    RequestId get(const QUrl &url, QObject *context, Callback done, const QString &tag = {});

    // Aborts the call (in flight or waiting); its callback will not be called.
    void cancel(RequestId id);
    void cancelAll();
    int pendingCount() const { return int(m_calls.size()); }

    const ApiStatistics &statistics() const { return m_stats; }
    void resetStatistics() { m_stats = {}; }

    QUrl resolve(const QUrl &url) const;

Q_SIGNALS:
    // A 429 was received (the client waits and retries on its own).
    void rateLimited(qint64 waitMs);
    // Emitted once per completed HTTP exchange (for live requests/s figures).
    void requestFinished(const QString &tag, int httpStatus);

private:
    struct Call;

    void schedulePump(qint64 delayMs = 0);
    void pump();
    void dispatch(Call &call);
    void onFinished(RequestId id);
    void onTimeout(RequestId id, quint64 serial);
    void retryLater(Call &call, int delayMs);
    void complete(RequestId id, const Result<QJsonDocument> &result);
    void startRefresh();
    void onRefreshed(const Error &error);
    Error errorFor(const Call &call, int status, const QByteArray &body,
                   const QString &fallback) const;

    QNetworkAccessManager &m_network;
    AccessTokenProvider &m_tokens;
    QUrl m_baseUrl;
    RetryPolicy m_policy;
    RatePacer m_pacer;
    ApiStatistics m_stats;

    std::unordered_map<RequestId, std::unique_ptr<Call>> m_calls;
    std::deque<RequestId> m_queue;            // ready to go, in order
    std::vector<RequestId> m_waitingForToken; // parked until the refresh ends
    RequestId m_nextId = 1;
    QTimer m_pumpTimer;
    bool m_pumpQueued = false;
    bool m_refreshing = false;
    quint64 m_serial = 0;
    Error m_authError;                   // set when the refresh said "sign in again"
    QByteArray m_authErrorToken;         // the token that was current then
    qint64 m_refreshSuppressedUntil = 0; // after a transient refresh failure
};

} // namespace desk
