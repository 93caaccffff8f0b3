// Connection: loads, refreshes and children on demand, wired loader → store
// (StoreFeed) → the store's signals the UI follows.
#include "connection/connection_p.h"

#include <QLoggingCategory>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcLoads, "desk.core.connection.loads", QtInfoMsg)
} // namespace

void Connection::Private::dropLoader()
{
    if (loader) {
        QObject::disconnect(loader.get(), nullptr, q, nullptr);
        loader->cancel();
    }
    loader.reset();
    client.reset();
    if (loading) {
        loading = false;
        if (feed)
            feed->endLoad();
    }
    childParents.clear();
}

void Connection::Private::ensureLoader()
{
    if (!client) {
        client = std::make_unique<ApiClient>(*network, relay);
        if (maxAttempts > 0) {
            RetryPolicy policy = client->retryPolicy();
            policy.maxAttempts = maxAttempts;
            policy.maxBadResponses = std::min(policy.maxBadResponses, maxAttempts);
            client->setRetryPolicy(policy);
        }
    }
    // The account's own API host when the token response named one.
    client->setBaseUrl(kind == CredentialKind::OAuth && session ? session->apiBaseUrl()
                                                                : profile.apiBaseUrl);
    if (loader)
        return;
    loader.reset(spec.createLoader(*client, profile, nullptr));
    ItemLoader *l = loader.get();
    QObject::connect(l, &ItemLoader::itemsReady, q, [this](const ItemBatch &items) {
        if (feed)
            feed->addItems(items);
        Q_EMIT q->itemsLoaded(items);
    });
    QObject::connect(l, &ItemLoader::itemsRemoved, q, [this](const QVector<ItemKey> &keys) {
        if (feed)
            feed->addRemoved(keys);
        Q_EMIT q->itemsRemoved(keys);
    });
    QObject::connect(l, &ItemLoader::checkpoint, q, [this](const LoadCheckpoint &checkpoint) {
        if (feed)
            feed->addCheckpoint(checkpoint);
    });
    QObject::connect(l, &ItemLoader::progressChanged, q, [this](const LoadProgress &progress) {
        lastProgress = progress;
        Q_EMIT q->progressChanged(progress);
    });
    QObject::connect(l, &ItemLoader::finished, q,
                     [this](const LoadOutcome &outcome) { finishLoad(outcome); });
    QObject::connect(l, &ItemLoader::childrenFinished, q,
                     [this](const QString &parentId, const Error &error) {
                         onChildrenFinished(parentId, error);
                     });
}

void Connection::Private::failLoadEarly(const Error &error, LoadMode mode)
{
    LoadResult failed;
    failed.mode = mode;
    failed.outcome.error = error;
    if (error.kind == Error::Kind::Storage)
        failed.storeError = error;
    qCWarning(lcLoads).noquote() << "load not started:" << error.detail;
    QTimer::singleShot(0, q, [self = QPointer<Connection>(q), failed] {
        if (self)
            Q_EMIT self->loadFinished(failed);
    });
}

Error Connection::Private::planStore(LoadMode mode, bool resumeInterrupted, LoadRequest &request)
{
    const Result<QStringList> types = spec.catalog().resolve(request.objectTypes);
    if (!types)
        return types.error();
    return feed->beginLoad(mode, types.value(), resumeInterrupted, request);
}

void Connection::Private::startLoad(LoadMode mode, bool resumeInterrupted)
{
    if (loading)
        return;
    if (state != State::Connected) {
        failLoadEarly(Error(Error::Kind::ReconnectNeeded, Connection::tr("Not connected."),
                            QStringLiteral("load while %1").arg(int(state))),
                      mode);
        return;
    }
    if (!store)
        openStoreFor(q->account().accountId);
    if (!store || !feed) {
        failLoadEarly(Error(Error::Kind::Storage,
                            Connection::tr("The local copy of this account cannot be opened.")),
                      mode);
        return;
    }
    ensureLoader();
    LoadRequest request;
    request.objectTypes = config.objectTypes.value;
    request.extraProperties = config.extraProperties.value;
    request.accountId = q->account().accountId;
    if (Error error = planStore(mode, resumeInterrupted, request)) {
        feed->endLoad();
        failLoadEarly(error, mode);
        return;
    }
    result = {};
    lastProgress = {};
    result.mode = mode;
    result.storedOnDisk = !store->inMemory();
    result.resumed = feed->resumed();
    statsAtStart = client->statistics();
    clock.start();
    loading = true;
    qCInfo(lcLoads) << (mode == LoadMode::Full ? "load" : "refresh") << spec.id << "resuming"
                    << request.resumeCursors.size() << "streams";
    Q_EMIT q->loadStarted(mode);
    loader->start(request);
}

void Connection::Private::onStoreFailure(const Error &error)
{
    result.storeError = error;
    Q_EMIT q->storeError(error);
    if (loading && loader)
        loader->cancel(); // finishes at once: nothing more is stored
}

void Connection::Private::finishLoad(const LoadOutcome &outcome)
{
    if (!loading)
        return;
    loading = false;
    result.outcome = outcome;
    result.changes = feed ? feed->endLoad() : ChangeSummary();
    result.readInFull = feed ? feed->readInFull() : QStringList();
    result.readChanges = feed ? feed->readChanges() : QStringList();
    if (feed && feed->error() && !result.storeError)
        result.storeError = feed->error();
    const ApiStatistics &now = client->statistics();
    result.requests = now.sent - statsAtStart.sent;
    result.retries = now.retries - statsAtStart.retries;
    result.rateLimited = now.http429 - statsAtStart.http429;
    result.elapsedMs = clock.elapsed();
    const Error::Kind kind = outcome.error.kind;
    if (this->kind == CredentialKind::AccessToken &&
        (kind == Error::Kind::ReconnectNeeded || kind == Error::Kind::Unauthorized)) {
        lastError = outcome.error;
        setState(State::ReconnectNeeded);
    }
    qCInfo(lcLoads).noquote() << (result.mode == LoadMode::Full ? "load" : "refresh")
                              << (result.complete() ? "complete:" : "incomplete:")
                              << result.changes.text() << "|" << result.requests << "requests";
    Q_EMIT q->loadFinished(result);
}

void Connection::Private::onChildrenFinished(const QString &parentId, const Error &error)
{
    if (feed && !loading)
        feed->flush(true);
    const ItemKey parent = childParents.take(parentId);
    Q_EMIT q->childrenFinished(parent, error);
}

// ---- Connection ---------------------------------------------------------------

bool Connection::isLoading() const
{
    return d->loading;
}

void Connection::load(const LoadOptions &options)
{
    d->startLoad(LoadMode::Full, options.resumeInterrupted);
}

void Connection::refresh()
{
    d->startLoad(LoadMode::Incremental, true);
}

void Connection::cancel()
{
    if (d->loader && (d->loading || !d->childParents.isEmpty()))
        d->loader->cancel(); // load and children: finished() / childrenFinished() at once
    cancelSignIn();
}

bool Connection::canResume() const
{
    return !d->loading && d->loader && d->loader->canResume() && d->state == State::Connected &&
           d->feed;
}

void Connection::resume()
{
    if (!canResume())
        return;
    d->ensureLoader();
    d->result = {};
    d->result.mode = LoadMode::Full;
    d->result.storedOnDisk = d->store && !d->store->inMemory();
    d->statsAtStart = d->client->statistics();
    d->clock.start();
    d->loading = true;
    d->feed->resumeLoad();
    Q_EMIT loadStarted(d->result.mode);
    d->loader->resume();
}

LoadProgress Connection::progress() const
{
    return d->lastProgress;
}

bool Connection::canFetchChildren(const IntegrationItem &parent) const
{
    if (!d->spec.children)
        return false;
    PlanContext context;
    context.profile = d->profile;
    return d->spec.children(parent, context).has_value();
}

void Connection::fetchChildren(const IntegrationItem &parent)
{
    if (d->state != State::Connected || !canFetchChildren(parent)) {
        const Error error(Error::Kind::ReconnectNeeded, tr("Connect to load these items."));
        QTimer::singleShot(0, this, [this, key = ItemKey{parent.type, parent.id}, error] {
            Q_EMIT childrenFinished(key, error);
        });
        return;
    }
    d->ensureLoader();
    d->childParents.insert(parent.id, ItemKey{parent.type, parent.id});
    d->loader->fetchChildren(parent);
}

int Connection::childrenFetchesRunning() const
{
    return int(d->childParents.size());
}

void Connection::setMaxAttempts(int attempts)
{
    d->maxAttempts = attempts;
    if (d->client && attempts > 0) {
        RetryPolicy policy = d->client->retryPolicy();
        policy.maxAttempts = attempts;
        policy.maxBadResponses = std::min(policy.maxBadResponses, attempts);
        d->client->setRetryPolicy(policy);
    }
}

} // namespace desk
