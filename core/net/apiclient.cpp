#include "net/apiclient.h"

#include "common/urlutil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QThreadPool>
#include <algorithm>
#include <optional>
#include <utility>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcApi, "desk.core.net", QtInfoMsg)

constexpr qint64 kSuppressAfterFailedRefreshMs = 5000;
constexpr qint64 kSuppressAfterRefreshMs = 2000;
constexpr int kMaxTokenChangeRetries = 3;

// Lets a reply go without QNetworkReply::abort(). abort() reports
// OperationCanceledError and finishes the reply at once; when Qt's network thread
// has already posted an error for that reply (an HTTP error status, a reset, a
// refused connection) the posted error is still delivered afterwards, a second
// error, and Qt 6.4 prints "QNetworkReplyImplPrivate::error: Internal problem,
// this method must only be called once." Deleting the reply ends its request in
// the network thread just as well, silently; error events posted before the
// deletion reach a reply nobody listens to any more.
void releaseReply(QObject *receiver, QNetworkReply *reply)
{
    QObject::disconnect(reply, nullptr, receiver, nullptr);
    reply->deleteLater();
}

} // namespace

struct ApiClient::Call
{
    RequestId id = 0;
    ApiRequest request;
    QUrl url;
    AnyReader reader; // empty: the document itself is the value
    AnyCallback done;
    QPointer<QObject> context;
    bool hasContext = false;

    QNetworkReply *reply = nullptr;
    int lane = 0; // the manager it went out on
    QByteArray tokenUsed;
    qint64 sentAt = 0;
    quint64 serial = 0; // identifies the current attempt (for its timeout)
    bool timedOut = false;
    bool tooLarge = false;  // aborted: the body exceeded maxResponseBytes
    bool abandoned = false; // the attempt ended on our side (timeout, too large)
    // When the reply said finished (its pacer's clock) while it waits in m_finished.
    std::optional<qint64> finishedAt;

    int attempts = 0;
    int transientFailures = 0;
    int badResponses = 0;
    int rateLimited = 0;
    int tokenChangeRetries = 0;
    bool refreshed = false;
    Error lastError;
};

ApiClient::ApiClient(QNetworkAccessManager &network, AccessTokenProvider &tokens, QObject *parent)
    : QObject(parent), m_network(network), m_tokens(tokens)
{
    m_lanes.push_back(Lane{&network, nullptr, 0});
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pumpTimer, &QTimer::timeout, this, &ApiClient::pump);
    m_finishedTimer.setObjectName(QStringLiteral("finishedReplies")); // for traces
    m_finishedTimer.setSingleShot(true);
    connect(&m_finishedTimer, &QTimer::timeout, this, &ApiClient::handleFinishedReplies);
}

ApiClient::~ApiClient()
{
    // Replies are children of the network manager, not of us: let them go so no
    // finished() reaches a dead client.
    for (auto &entry : m_calls) {
        if (QNetworkReply *reply = entry.second->reply)
            releaseReply(this, reply);
    }
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

RatePacer &ApiClient::pacer(const QString &budget)
{
    if (budget.isEmpty())
        return m_pacer;
    auto it = m_budgetPacers.find(budget);
    if (it != m_budgetPacers.end())
        return *it->second;
    auto pacer = std::make_unique<RatePacer>();
    pacer->setHeaderReader(m_rateHeaderReader);
    if (m_pacerSetup)
        m_pacerSetup(*pacer, budget);
    RatePacer &ref = *pacer;
    m_budgetPacers.emplace(budget, std::move(pacer));
    return ref;
}

RatePacer &ApiClient::pacerFor(const Call &call)
{
    return pacer(call.request.budget);
}

void ApiClient::setPacerSetup(PacerSetup setup)
{
    m_pacerSetup = std::move(setup);
    if (m_pacerSetup) {
        m_pacerSetup(m_pacer, QString());
        for (auto &entry : m_budgetPacers)
            m_pacerSetup(*entry.second, entry.first);
    }
}

void ApiClient::setDefaultHeader(const QByteArray &name, const QByteArray &value)
{
    for (int i = 0; i < m_defaultHeaders.size(); ++i) {
        if (m_defaultHeaders.at(i).first.compare(name, Qt::CaseInsensitive) == 0) {
            if (value.isEmpty())
                m_defaultHeaders.removeAt(i);
            else
                m_defaultHeaders[i].second = value;
            return;
        }
    }
    if (!value.isEmpty())
        m_defaultHeaders.append(qMakePair(name, value));
}

void ApiClient::setRateHeaderReader(RatePacer::HeaderReader reader)
{
    m_rateHeaderReader = std::move(reader);
    m_pacer.setHeaderReader(m_rateHeaderReader);
    for (auto &entry : m_budgetPacers)
        entry.second->setHeaderReader(m_rateHeaderReader);
}

void ApiClient::setDialect(const ApiDialect &dialect)
{
    m_errorReader = dialect.readError;
    m_rateLimitStatuses = dialect.rateLimitStatuses;
    setRateHeaderReader(dialect.readRateHeaders);
    for (const auto &header : dialect.defaultHeaders)
        setDefaultHeader(header.first, header.second);
    setPacerSetup(dialect.pacing);
}

QStringList ApiClient::budgets() const
{
    QStringList names;
    for (const auto &entry : m_budgetPacers)
        names.append(entry.first);
    return names;
}

QUrl ApiClient::resolve(const QUrl &url) const
{
    if (!url.isRelative() || m_baseUrl.isEmpty())
        return url;
    QUrl result = appendPath(m_baseUrl, url.path());
    result.setQuery(url.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return result;
}

ApiClient::RequestId ApiClient::get(const QUrl &url, QObject *context, Callback done,
                                    const QString &tag)
{
    ApiRequest request;
    request.url = url;
    request.tag = tag;
    return send(request, context, std::move(done));
}

ApiClient::RequestId ApiClient::send(const ApiRequest &request, QObject *context, Callback done)
{
    return sendReading(request, {}, context, [done = std::move(done)](Result<std::any> result) {
        if (!result.ok()) {
            done(result.error());
            return;
        }
        done(std::any_cast<QJsonDocument>(std::move(result).value()));
    });
}

ApiClient::RequestId ApiClient::sendReading(const ApiRequest &request, AnyReader reader,
                                            QObject *context, AnyCallback done)
{
    auto call = std::make_unique<Call>();
    call->id = m_nextId++;
    call->request = request;
    call->url = resolve(request.url);
    call->reader = std::move(reader);
    call->done = std::move(done);
    call->context = context;
    call->hasContext = context != nullptr;
    const RequestId id = call->id;
    m_calls.emplace(id, std::move(call));
    enqueue(id);
    schedulePump();
    return id;
}

void ApiClient::enqueue(RequestId id)
{
    // Behind every queued call of the same or a higher priority.
    const int priority = m_calls.at(id)->request.priority;
    auto pos = m_queue.end();
    while (pos != m_queue.begin()) {
        const auto it = m_calls.find(*std::prev(pos));
        if (it == m_calls.end() || it->second->request.priority >= priority)
            break;
        --pos;
    }
    m_queue.insert(pos, id);
}

void ApiClient::releaseSlot(Call &call)
{
    pacerFor(call).recordDone();
    for (const QString &shared : std::as_const(call.request.sharedBudgets))
        pacer(shared).recordDone();
    if (m_inFlightTotal > 0)
        --m_inFlightTotal;
    Lane &lane = m_lanes.at(size_t(call.lane));
    if (lane.inFlight > 0)
        --lane.inFlight;
}

int ApiClient::pickLane()
{
    for (size_t i = 0; i < m_lanes.size(); ++i)
        if (m_lanes[i].inFlight < kRequestsPerManager)
            return int(i);
    // More in flight than one manager carries (see kRequestsPerManager): a
    // manager of our own, set up like the caller's.
    Lane lane;
    lane.owned = std::make_unique<QNetworkAccessManager>();
    lane.owned->setProxy(m_network.proxy());
    lane.owned->setRedirectPolicy(m_network.redirectPolicy());
    lane.owned->setTransferTimeout(m_network.transferTimeout());
    lane.owned->setStrictTransportSecurityEnabled(m_network.isStrictTransportSecurityEnabled());
    lane.network = lane.owned.get();
    m_lanes.push_back(std::move(lane));
    qCInfo(lcApi) << "more than" << kRequestsPerManager << "requests in flight: using"
                  << m_lanes.size() << "network managers";
    return int(m_lanes.size() - 1);
}

void ApiClient::cancel(RequestId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    if (QNetworkReply *reply = it->second->reply) {
        releaseReply(this, reply); // not abort(): see releaseReply()
        releaseSlot(*it->second);
    }
    m_calls.erase(it); // stale ids in m_queue / m_waitingForToken are skipped
    schedulePump();
}

void ApiClient::cancelAll()
{
    std::vector<RequestId> ids;
    ids.reserve(m_calls.size());
    for (const auto &entry : m_calls)
        ids.push_back(entry.first);
    for (RequestId id : ids)
        cancel(id);
    m_queue.clear();
    m_waitingForToken.clear();
}

void ApiClient::schedulePump(qint64 delayMs)
{
    if (delayMs > 0) {
        if (!m_pumpTimer.isActive() || m_pumpTimer.remainingTime() > delayMs)
            m_pumpTimer.start(int(delayMs));
        return;
    }
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(this, &ApiClient::pump, Qt::QueuedConnection);
}

void ApiClient::pump()
{
    m_pumpQueued = false;
    if (m_refreshing)
        return; // resumes in onRefreshed()

    // A refresh said "sign in again": fail everything that would go out with
    // the same dead token instead of hammering the server with it.
    if (m_authError && !m_queue.empty()) {
        if (m_tokens.bearerToken() == m_authErrorToken) {
            while (!m_queue.empty()) {
                const RequestId id = m_queue.front();
                m_queue.pop_front();
                if (m_calls.count(id))
                    complete(id, m_authError);
            }
            return;
        }
        m_authError = {};
    }

    // Refresh ahead of expiry rather than waiting for a 401.
    if (!m_queue.empty() && m_pacer.now() >= m_refreshSuppressedUntil &&
        m_tokens.tokenNeedsRefresh()) {
        startRefresh();
        return;
    }

    // One pass over the queue in order. Calls of one budget keep their order (a
    // blocked budget holds all of its calls); calls of other budgets may pass.
    // With a single budget this is plain FIFO.
    qint64 nextDelay = -1;
    std::vector<QString> blocked;
    auto isBlocked = [&blocked](const QString &budget) {
        return std::find(blocked.begin(), blocked.end(), budget) != blocked.end();
    };
    for (auto pos = m_queue.begin(); pos != m_queue.end();) {
        if (m_inFlightTotal >= m_pacer.maxInFlight())
            return; // client-wide in-flight cap: the next finished reply pumps again
        const RequestId id = *pos;
        auto it = m_calls.find(id);
        if (it == m_calls.end()) {
            pos = m_queue.erase(pos);
            continue;
        }
        Call &call = *it->second;
        if (call.hasContext && !call.context) {
            pos = m_queue.erase(pos);
            m_calls.erase(it);
            continue;
        }
        bool skip = isBlocked(call.request.budget);
        for (const QString &shared : std::as_const(call.request.sharedBudgets))
            skip = skip || isBlocked(shared);
        if (skip) {
            ++pos;
            continue;
        }
        if (waitsForBudget(call, blocked, nextDelay)) {
            if (m_budgetPacers.empty())
                break; // one budget only: nothing behind it can go either
            ++pos;
            continue;
        }
        pos = m_queue.erase(pos);
        dispatch(call); // does not touch m_queue
    }
    if (nextDelay > 0)
        schedulePump(nextDelay);
}

bool ApiClient::waitsForBudget(const Call &call, std::vector<QString> &blocked, qint64 &nextDelay)
{
    bool waits = false;
    auto check = [&](const QString &budget, const RatePacer &pacer) {
        const qint64 delay = pacer.delayMs();
        if (delay == 0)
            return;
        // < 0: this budget's in-flight cap (a finished reply pumps again).
        if (delay > 0)
            nextDelay = nextDelay < 0 ? delay : std::min(nextDelay, delay);
        blocked.push_back(budget);
        waits = true;
    };
    check(call.request.budget, pacer(call.request.budget));
    for (const QString &shared : std::as_const(call.request.sharedBudgets))
        check(shared, pacer(shared));
    return waits;
}

void ApiClient::dispatch(Call &call)
{
    QNetworkRequest request(call.url);
    call.tokenUsed = m_tokens.bearerToken();
    if (!call.tokenUsed.isEmpty())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + call.tokenUsed);
    request.setRawHeader("Accept", "application/json");
    for (const auto &header : std::as_const(m_defaultHeaders))
        request.setRawHeader(header.first, header.second);
    for (const auto &header : std::as_const(call.request.headers))
        request.setRawHeader(header.first, header.second);
    if (!call.request.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);

    if (call.attempts > 0)
        ++m_stats.retries;
    ++call.attempts;
    ++m_stats.sent;
    call.timedOut = false;
    call.tooLarge = false;
    call.finishedAt.reset();
    call.sentAt = pacerFor(call).recordSend();
    for (const QString &shared : std::as_const(call.request.sharedBudgets))
        pacer(shared).recordSend();
    ++m_inFlightTotal;
    call.serial = ++m_serial;
    call.lane = pickLane();
    Lane &lane = m_lanes.at(size_t(call.lane));
    ++lane.inFlight;

    if (call.request.verb == "GET")
        call.reply = lane.network->get(request);
    else
        call.reply = lane.network->sendCustomRequest(request, call.request.verb, call.request.body);

    const RequestId id = call.id;
    const quint64 attempt = call.serial;
    connect(call.reply, &QNetworkReply::finished, this,
            [this, id, attempt] { onReplyFinished(id, attempt); });
    if (m_maxResponseBytes > 0) {
        // Refuse an oversized body as soon as its Content-Length or its bytes say so.
        QNetworkReply *reply = call.reply;
        auto checkSize = [this, id, reply](qint64 received) {
            auto it = m_calls.find(id);
            if (it == m_calls.end() || it->second->reply != reply || it->second->tooLarge)
                return;
            const qint64 announced =
                reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
            if (std::max(received, announced) <= m_maxResponseBytes)
                return;
            it->second->tooLarge = true;
            it->second->abandoned = true;
            onFinished(id); // lets the reply go (not abort(): see releaseReply())
        };
        connect(reply, &QNetworkReply::metaDataChanged, this, [checkSize] { checkSize(0); });
        connect(reply, &QNetworkReply::downloadProgress, this,
                [checkSize](qint64 received, qint64) { checkSize(received); });
    }
    const quint64 serial = call.serial;
    if (m_policy.timeoutMs > 0)
        QTimer::singleShot(m_policy.timeoutMs, this, [this, id, serial] { onTimeout(id, serial); });
}

void ApiClient::onTimeout(RequestId id, quint64 serial)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second->serial != serial || !it->second->reply ||
        it->second->finishedAt)
        return;
    it->second->timedOut = true;
    it->second->abandoned = true;
    onFinished(id); // classified as a timeout; the reply is let go, not aborted
}

void ApiClient::retryLater(Call &call, int delayMs)
{
    const RequestId id = call.id;
    QTimer::singleShot(delayMs, this, [this, id] {
        if (!m_calls.count(id))
            return;
        m_queue.push_front(id);
        schedulePump();
    });
}

ApiErrorBody readPlainErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    ApiErrorBody read;
    read.message = object.value(QStringLiteral("message")).toString();
    read.code = object.value(QStringLiteral("code")).toString();
    return read;
}

Error ApiClient::errorFor(const Call &call, int status, const QByteArray &body,
                          const QString &fallback) const
{
    ApiErrorBody read = body.isEmpty()  ? ApiErrorBody()
                        : m_errorReader ? m_errorReader(body)
                                        : readPlainErrorBody(body);
    const QString code = read.code.left(100);
    const QString serverMessage = read.message.left(300);
    const QString detail =
        QString::fromLatin1(call.request.verb) + QLatin1Char(' ') + call.url.path() +
        QStringLiteral(" -> ") + (status ? QString::number(status) : fallback) +
        (code.isEmpty() ? QString() : QLatin1Char(' ') + code) +
        (serverMessage.isEmpty() ? QString() : QStringLiteral(": ") + serverMessage);
    Error error(Error::Kind::Network, tr("Could not reach the service."), detail, status);
    error.code = code;
    if (status == 401) {
        error.kind = Error::Kind::Unauthorized;
        error.message = tr("The service no longer accepts this sign-in. Please reconnect.");
    } else if (status == 403) {
        error.kind = Error::Kind::Forbidden;
        error.message =
            read.missingScope
                ? tr("The connected account did not grant access to this data (missing scopes).")
                : tr("Access to this data was refused.");
    } else if (status == 429) {
        error.kind = Error::Kind::RateLimited;
        error.message = tr("The service kept asking us to slow down; try again in a minute.");
    } else if (status >= 500) {
        error.kind = Error::Kind::Service;
        error.message = tr("The service is having trouble (HTTP %1). Try again later.").arg(status);
    } else if (status >= 400) {
        error.kind = Error::Kind::Provider;
        error.message = serverMessage.isEmpty()
                            ? tr("The service rejected the request (HTTP %1).").arg(status)
                            : tr("The service rejected the request: %1").arg(serverMessage);
    }
    return error;
}

void ApiClient::onReplyFinished(RequestId id, quint64 serial)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second->serial != serial)
        return;
    it->second->finishedAt = pacerFor(*it->second).now();
    m_finished.emplace_back(id, serial);
    if (!m_finishedTimer.isActive())
        m_finishedTimer.start(0);
}

// Replies that arrive together are announced in one pass of the event loop.
// Handled there, a burst of pages (each parsed, handed on and stored) would be
// one long stall of the window; a few milliseconds' worth per pass lets input,
// painting and other timers run between them.
void ApiClient::handleFinishedReplies()
{
    constexpr qint64 kSliceMs = 8;
    QElapsedTimer spent;
    spent.start();
    while (!m_finished.empty() && (spent.elapsed() < kSliceMs)) {
        const auto [id, serial] = m_finished.front();
        m_finished.pop_front();
        const auto it = m_calls.find(id);
        if (it != m_calls.end() && it->second->serial == serial && it->second->finishedAt)
            onFinished(id);
    }
    if (!m_finished.empty())
        m_finishedTimer.start(0);
}

void ApiClient::onFinished(RequestId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    Call &call = *it->second;
    QNetworkReply *reply = call.reply;
    call.reply = nullptr;
    // Abandoned (timed out, too large): the reply has not finished; its body is
    // not read, and it counts as cancelled (then classified by timedOut / tooLarge).
    const bool abandoned = std::exchange(call.abandoned, false);
    RatePacer &pacer = pacerFor(call);
    releaseSlot(call);
    schedulePump(); // a slot is free whatever happens next

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError =
        abandoned ? QNetworkReply::OperationCanceledError : reply->error();
    const QByteArray body = !abandoned && reply->isOpen() ? reply->readAll() : QByteArray();
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    const qint64 endedAt = std::exchange(call.finishedAt, std::nullopt).value_or(pacer.now());
    if (status != 0) {
        const qint64 roundTrip = endedAt - call.sentAt;
        pacer.observeRoundTrip(roundTrip);
        for (const QString &shared : std::as_const(call.request.sharedBudgets))
            this->pacer(shared).observeRoundTrip(roundTrip);
    }
    if (status != 0 && call.request.observeRateHeaders)
        pacer.observeResponse(reply->rawHeaderPairs(), call.sentAt);
    const QString networkErrorText =
        abandoned ? QStringLiteral("abandoned by the client") : reply->errorString();
    releaseReply(this, reply);

    m_stats.bytesReceived += body.size();
    qCDebug(lcApi).noquote() << call.request.verb << call.url.path() << status << networkError
                             << pacer.now() - call.sentAt << "ms" << call.request.tag;
    Q_EMIT exchangeFinished(id, status);
    Q_EMIT requestFinished(call.request.tag, status);
    // A slot connected to the signals may have cancelled the call.
    it = m_calls.find(id);
    if (it == m_calls.end())
        return;

    if (call.tooLarge) {
        refuseTooLarge(id, call, status);
        return;
    }
    ResponseClass kind = classifyResponse(status, networkError, call.timedOut);
    if (kind != ResponseClass::Success && m_rateLimitStatuses.contains(status))
        kind = ResponseClass::RateLimited;
    switch (kind) {
    case ResponseClass::Success:
        onSuccess(id, call, body, status);
        return;
    case ResponseClass::Unauthorized:
        onUnauthorized(id, call, status, body);
        return;
    case ResponseClass::RateLimited:
        onRateLimited(id, call, status, body, retryAfter);
        return;
    case ResponseClass::Transient:
        onTransient(call, status, body, networkErrorText);
        return;
    case ResponseClass::Fatal:
        complete(id, errorFor(call, status, body, networkErrorText));
        return;
    case ResponseClass::Cancelled:
        // Aborted without cancel(): treat as a network failure the caller sees.
        complete(id, Error(Error::Kind::Cancelled, tr("Cancelled."), call.url.path()));
        return;
    }
}

void ApiClient::refuseTooLarge(RequestId id, const Call &call, int status)
{
    ++m_stats.badResponses;
    qCWarning(lcApi).noquote() << "response to" << call.url.path() << "exceeds"
                               << m_maxResponseBytes << "bytes; refused";
    complete(id, Error(Error::Kind::BadResponse,
                       tr("The service sent a response larger than %1; it was not read.")
                           .arg(QLocale::c().formattedDataSize(m_maxResponseBytes, 0)),
                       call.url.path() +
                           QStringLiteral(": response exceeds %1 bytes").arg(m_maxResponseBytes),
                       status));
}

namespace {
// Freeing a large document costs about as much as parsing it.
void releaseOnWorker(QJsonDocument document)
{
    QThreadPool::globalInstance()->start(
        [doomed = std::move(document)]() mutable { doomed = QJsonDocument(); });
}
} // namespace

struct ApiClient::ParsedBody
{
    QJsonDocument document;
    QJsonParseError error{};
    bool onWorker = false;

    static ParsedBody of(const QByteArray &body, bool onWorker)
    {
        ParsedBody parsed;
        parsed.document = QJsonDocument::fromJson(body, &parsed.error);
        parsed.onWorker = onWorker;
        return parsed;
    }
};

// A batch of associations can be megabytes: tens of milliseconds of the UI
// thread to parse and as many to free. Bodies this large are parsed on a worker
// (and freed on one); the reader still runs here, beside the data it consults.
void ApiClient::onSuccess(RequestId id, Call &call, const QByteArray &body, int status)
{
    constexpr qsizetype kParseOnWorkerBytes = 64 * 1024;
    if (body.size() < kParseOnWorkerBytes) {
        readBody(id, call, ParsedBody::of(body, false), status);
        return;
    }
    auto promise = std::make_shared<QPromise<ParsedBody>>();
    auto *watcher = new QFutureWatcher<ParsedBody>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, id, serial = call.serial, status] {
                watcher->deleteLater();
                ParsedBody parsed = watcher->future().takeResult();
                const auto it = m_calls.find(id);
                if (it != m_calls.end() && it->second->serial == serial) // else cancelled
                    readBody(id, *it->second, std::move(parsed), status);
                else
                    releaseOnWorker(std::move(parsed.document));
            });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, body] {
        promise->start();
        promise->addResult(ParsedBody::of(body, true));
        promise->finish();
    });
}

void ApiClient::readBody(RequestId id, Call &call, ParsedBody parsed, int status)
{
    QJsonDocument document = std::move(parsed.document);
    const QJsonParseError &parseError = parsed.error;
    QString problem;
    if (parseError.error != QJsonParseError::NoError) {
        problem = QStringLiteral("invalid JSON at offset %1: %2")
                      .arg(parseError.offset)
                      .arg(parseError.errorString());
    } else if (!call.reader) {
        complete(id, std::any(std::move(document)));
        return;
    } else {
        Result<std::any> value = call.reader(document);
        if (parsed.onWorker) // what the reader kept of it is shared, not copied
            releaseOnWorker(std::move(document));
        if (value.ok()) {
            complete(id, std::move(value));
            return;
        }
        problem = value.error().detail.isEmpty() ? value.error().message : value.error().detail;
    }
    ++m_stats.badResponses;
    ++call.badResponses;
    qCWarning(lcApi).noquote() << "malformed response to" << call.url.path() << "-" << problem
                               << "(try" << call.badResponses << "of" << m_policy.maxBadResponses
                               << ")";
    if (call.badResponses >= m_policy.maxBadResponses) {
        complete(id, Error(Error::Kind::BadResponse,
                           tr("The service sent data that could not be read."),
                           call.url.path() + QStringLiteral(": ") + problem, status));
        return;
    }
    retryLater(call, m_policy.backoffMs(call.badResponses));
}

void ApiClient::onUnauthorized(RequestId id, Call &call, int status, const QByteArray &body)
{
    ++m_stats.unauthorized;
    if (m_tokens.bearerToken() != call.tokenUsed &&
        call.tokenChangeRetries < kMaxTokenChangeRetries) {
        // Someone refreshed while this request was out: just send it again.
        ++call.tokenChangeRetries;
        m_queue.push_front(id);
        schedulePump();
        return;
    }
    if (!call.refreshed) {
        call.refreshed = true;
        m_waitingForToken.push_back(id);
        startRefresh();
        return;
    }
    complete(id, errorFor(call, status, body, {}));
}

void ApiClient::onRateLimited(RequestId id, Call &call, int status, const QByteArray &body,
                              const QByteArray &retryAfter)
{
    if (status == 429)
        ++m_stats.http429;
    else
        ++m_stats.overloaded;
    const qint64 wait = parseRetryAfter(retryAfter);
    RatePacer &own = pacerFor(call);
    own.observeRateLimited(wait);
    holdSharedBudgets(call, own);
    Q_EMIT rateLimited(wait);
    // A limit shared with others is waited out as often as it comes: the load
    // goes on once the service lets it (the user sees the wait and may cancel).
    const bool shared = !body.isEmpty() && m_errorReader && m_errorReader(body).sharedLimit;
    if (!shared && ++call.rateLimited > m_policy.maxRateLimitRetries) {
        complete(id, errorFor(call, status, body, {}));
        return;
    }
    m_queue.push_front(id);
    schedulePump();
}

// A 429 does not say which limit it met: the call's own budget is held. When
// calls of two different budgets under one shared budget meet a 429 while the
// first is held, the shared limit is the one met: it is held too, until the
// first hold ends (the penalty started with the first 429 at the latest).
void ApiClient::holdSharedBudgets(const Call &call, RatePacer &own)
{
    if (call.request.sharedBudgets.isEmpty())
        return;
    const qint64 now = m_pacer.now();
    const qint64 ownUntil = now + std::max<qint64>(0, own.blockedUntil() - own.now());
    for (const QString &shared : std::as_const(call.request.sharedBudgets)) {
        SharedHold &hold = m_sharedHolds[shared];
        if (hold.until <= now) {
            hold = SharedHold{call.request.budget, ownUntil};
        } else if (hold.budget != call.request.budget) {
            qCInfo(lcApi).noquote() << "429s from two budgets: holding the shared budget" << shared;
            pacer(shared).observeRateLimited(hold.until - now);
        }
    }
}

void ApiClient::onTransient(Call &call, int status, const QByteArray &body,
                            const QString &networkText)
{
    Error error;
    if (call.timedOut) {
        ++m_stats.timeouts;
        error = Error(Error::Kind::Timeout, tr("The service did not answer in time."),
                      call.url.path() + QStringLiteral(" timed out"), status);
    } else if (status >= 500) {
        ++m_stats.http5xx;
        error = errorFor(call, status, body, {});
    } else {
        ++m_stats.networkErrors;
        error = errorFor(call, 0, body, networkText);
        if (status)
            error.httpStatus = status;
    }
    ++call.transientFailures;
    if (call.transientFailures >= m_policy.maxAttempts) {
        complete(call.id, error);
        return;
    }
    const int delay = m_policy.backoffMs(call.transientFailures);
    qCInfo(lcApi).noquote() << call.url.path() << "failed (" << error.detail << "), retry in"
                            << delay << "ms";
    retryLater(call, delay);
}

void ApiClient::complete(RequestId id, Result<std::any> result)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> call = std::move(it->second);
    m_calls.erase(it);
    if (result.ok())
        ++m_stats.succeeded;
    else {
        ++m_stats.failed;
        // Info, not warning: the caller decides whether the failure matters (a
        // missing optional endpoint does not).
        qCInfo(lcApi).noquote() << "request failed:" << Error::kindName(result.error().kind)
                                << result.error().detail;
    }
    if (call->hasContext && !call->context)
        return;
    if (call->done)
        call->done(std::move(result));
}

void ApiClient::startRefresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    ++m_stats.refreshes;
    qCInfo(lcApi) << "refreshing the access token";
    QPointer<ApiClient> self(this);
    m_tokens.refreshAccessToken([self](const Error &error) {
        if (self)
            self->onRefreshed(error);
    });
}

void ApiClient::onRefreshed(const Error &error)
{
    m_refreshing = false;
    std::vector<RequestId> waiting;
    waiting.swap(m_waitingForToken);
    if (!error) {
        m_refreshSuppressedUntil = m_pacer.now() + kSuppressAfterRefreshMs;
        for (auto it = waiting.rbegin(); it != waiting.rend(); ++it)
            m_queue.push_front(*it);
        schedulePump();
        return;
    }
    qCWarning(lcApi).noquote() << "token refresh failed:" << Error::kindName(error.kind)
                               << error.detail;
    m_refreshSuppressedUntil = m_pacer.now() + kSuppressAfterFailedRefreshMs;
    Error failure = error;
    if (error.kind == Error::Kind::ReconnectNeeded) {
        m_authError = error;
        m_authErrorToken = m_tokens.bearerToken();
    }
    for (RequestId id : waiting)
        complete(id, failure);
    schedulePump();
}

} // namespace desk
