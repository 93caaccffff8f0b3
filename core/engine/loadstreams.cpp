// LoadEngine: the life of a stream's pages — request, read, restart, follow-ups,
// ordered emission, failure — and when streams and types are done.
#include "engine/loadengine_p.h"

#include <QLoggingCategory>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcStreams, "desk.core.engine.streams", QtInfoMsg)

// How often one run of a stream may start over before it counts as failed.
constexpr int kMaxRestarts = 3;
} // namespace

StreamRun *LoadEngine::Private::findStream(const QString &key, bool child)
{
    auto &map = child ? children : streams;
    const auto it = map.find(key);
    return it == map.end() ? nullptr : it->second.get();
}

TypeRun *LoadEngine::Private::typeRun(const QString &type)
{
    for (TypeRun &t : types)
        if (t.type == type)
            return &t;
    return nullptr;
}

void LoadEngine::Private::requestLater(StreamRun &run, qint64 delayMs)
{
    run.waiting = true;
    const QString key = run.spec.key;
    const quint64 gen = generation;
    QTimer::singleShot(int(std::min<qint64>(delayMs, 24 * 3600 * 1000)), q, [this, key, gen] {
        StreamRun *later = gen == generation ? findStream(key, false) : nullptr;
        if (!later || !later->waiting)
            return;
        later->waiting = false;
        if (running && !later->done && !later->error)
            requestPage(*later, false);
        checkFinished();
    });
}

void LoadEngine::Private::requestPage(StreamRun &run, bool child)
{
    if (!child && run.spec.delayMs) {
        if (const qint64 wait = run.spec.delayMs(); wait > 0) {
            requestLater(run, wait);
            return;
        }
    }
    if (!run.spec.request || !run.spec.read) {
        failStream(run, child,
                   Error(Error::Kind::Configuration, tr("This list cannot be loaded."),
                         QStringLiteral("stream %1 has no request or reader").arg(run.spec.key)));
        return;
    }
    ApiRequest request = run.spec.request(run.nextCursor);
    if (request.tag.isEmpty())
        request.tag = run.spec.type.isEmpty() ? run.spec.key : run.spec.type;
    const QString key = run.spec.key;
    RequestOwner owner{child ? QString() : run.spec.type, child};
    run.inFlight =
        send<StreamPage>(request, run.spec.read, owner,
                         [this, key, child](ApiClient::RequestId, Result<StreamPage> result) {
                             onPage(key, child, std::move(result));
                         });
}

void LoadEngine::Private::onPage(const QString &key, bool child, Result<StreamPage> result)
{
    StreamRun *run = findStream(key, child);
    if (!run)
        return;
    run->inFlight = 0;
    if (!result.ok()) {
        std::optional<StreamPage> recovered =
            run->spec.recover ? run->spec.recover(result.error()) : std::nullopt;
        if (!recovered) {
            failStream(*run, child, result.error());
            return;
        }
        qCInfo(lcStreams).noquote() << key << "recovered from" << result.error().detail;
        takePage(*run, child, std::move(*recovered));
        return;
    }
    takePage(*run, child, std::move(result).value());
}

void LoadEngine::Private::takePage(StreamRun &run, bool child, StreamPage page)
{
    if (page.failure) {
        failStream(run, child, page.failure);
        return;
    }
    if (page.restart) {
        restartStream(run, child);
        return;
    }
    if (!child)
        for (const QString &type : run.spec.types())
            if (TypeRun *t = typeRun(type))
                ++t->pages;
    if (page.total >= 0 && !child) {
        run.pageTotal = page.total;
        if (TypeRun *t = typeRun(run.spec.type)) {
            qint64 sum = 0;
            for (const auto &entry : streams)
                if (entry.second->spec.type == t->type && entry.second->pageTotal > 0)
                    sum += entry.second->pageTotal;
            t->pageTotal = sum;
        }
    }
    if (page.withdraw && !child && !run.spec.route.isEmpty()) {
        qCInfo(lcStreams).noquote() << run.spec.key << "withdrew route" << run.spec.route;
        withdrawRoute(run.spec.route, run.spec.types(),
                      Error(Error::Kind::Configuration, tr("This list cannot be loaded."),
                            QStringLiteral("route %1 withdrawn with no other way to read %2")
                                .arg(run.spec.route, run.spec.types().join(QLatin1Char(',')))));
        publishProgress();
        checkFinished();
        return;
    }
    run.nextCursor = page.nextCursor;
    run.exhausted = page.nextCursor.isEmpty();
    auto pending = std::make_shared<PendingPage>();
    pending->page = std::move(page);
    run.pending.push_back(pending);
    const QVector<FollowUp> followUps = std::exchange(pending->page.followUps, {});
    for (const FollowUp &followUp : followUps)
        startFollowUp(run, child, pending, followUp);
    if (!run.exhausted && (running || child) && !run.error)
        requestPage(run, child);
    if (!child)
        maybeAskTotal(run);
    drain(run, child);
    if (!child)
        checkFinished();
}

void LoadEngine::Private::restartStream(StreamRun &run, bool child)
{
    if (++run.restarts > kMaxRestarts) {
        failStream(run, child,
                   Error(Error::Kind::Provider,
                         tr("The service kept ending the list before it could be read to the end."),
                         QStringLiteral("stream %1: cursor expired %2 times")
                             .arg(run.spec.key)
                             .arg(run.restarts)));
        return;
    }
    qCInfo(lcStreams).noquote() << run.spec.key
                                << "cursor expired: reading it again from the start";
    for (const auto &page : run.pending)
        for (ApiClient::RequestId id : std::as_const(page->followUpsOut)) {
            client.cancel(id);
            untrack(id);
        }
    run.pending.clear();
    if (!child) {
        // What this stream emitted is emitted again: take it back from the counts.
        for (auto it = run.emittedByType.cbegin(); it != run.emittedByType.cend(); ++it) {
            TypeRun *t = typeRun(it.key());
            if (!t)
                continue;
            if (t->dedupe) {
                for (auto e = t->emittedBy.begin(); e != t->emittedBy.end();)
                    e = e.value() == run.spec.key ? t->emittedBy.erase(e) : std::next(e);
                t->loaded = int(t->emittedBy.size());
            } else {
                t->loaded -= it.value();
            }
        }
    }
    run.emittedByType.clear();
    run.nextCursor.clear();
    run.resumeCursor.clear();
    run.exhausted = false;
    run.syncToken.clear();
    run.pageTotal = -1;
    if (!child)
        emitCheckpoint(&run, false); // what was kept of it no longer says where to continue
    if (running || child)
        requestPage(run, child);
}

void LoadEngine::Private::startFollowUp(StreamRun &run, bool child,
                                        const std::shared_ptr<PendingPage> &page,
                                        const FollowUp &followUp)
{
    ApiRequest request = followUp.request;
    if (request.tag.isEmpty())
        request.tag = run.spec.type;
    const QString key = run.spec.key;
    RequestOwner owner{child ? QString() : run.spec.type, child};
    const ApiClient::RequestId id = send<FollowUpReading>(
        request, followUp.read, owner,
        [this, key, child, page](ApiClient::RequestId id, Result<FollowUpReading> result) {
            onFollowUp(key, child, id, page, std::move(result));
        });
    page->followUpsOut.insert(id);
}

void LoadEngine::Private::onFollowUp(const QString &key, bool child, ApiClient::RequestId id,
                                     const std::shared_ptr<PendingPage> &page,
                                     Result<FollowUpReading> result)
{
    page->followUpsOut.remove(id);
    StreamRun *run = findStream(key, child);
    if (!run || page->failed)
        return;
    if (!result.ok()) {
        failStream(*run, child, result.error(), page);
        return;
    }
    const FollowUpReading reading = std::move(result).value();
    if (reading.apply)
        reading.apply(page->page.items);
    for (const FollowUp &next : reading.next)
        startFollowUp(*run, child, page, next);
    drain(*run, child);
    if (!child)
        checkFinished();
}

void LoadEngine::Private::failStream(StreamRun &run, bool child, const Error &error,
                                     const std::shared_ptr<PendingPage> &failedPage)
{
    if (!child && !run.error && failRoute(run, error)) {
        publishProgress();
        checkFinished();
        return;
    }
    if (!run.error) {
        run.error = error;
        qCWarning(lcStreams).noquote()
            << run.spec.key << "stopped:" << Error::kindName(error.kind) << error.detail;
    }
    if (run.role == StreamRun::Role::Reference) {
        abortLoad(error);
        return;
    }
    if (!child)
        for (const QString &type : run.spec.types())
            if (TypeRun *t = typeRun(type); t && !t->error)
                t->error = error;
    if (failedPage) {
        // The failed page and every later one are unusable: the stream resumes at it.
        bool dropping = false;
        for (auto it = run.pending.begin(); it != run.pending.end();) {
            dropping = dropping || *it == failedPage;
            if (!dropping) {
                ++it;
                continue;
            }
            (*it)->failed = true;
            for (ApiClient::RequestId id : std::as_const((*it)->followUpsOut)) {
                client.cancel(id);
                untrack(id);
            }
            it = run.pending.erase(it);
        }
        if (run.inFlight) {
            client.cancel(run.inFlight);
            untrack(run.inFlight);
            run.inFlight = 0;
        }
    }
    run.exhausted = false;
    drain(run, child);
    if (!child) {
        publishProgress();
        checkFinished();
    }
}

bool LoadEngine::Private::referencesReady() const
{
    for (const auto &entry : streams)
        if (entry.second->role == StreamRun::Role::Reference && !entry.second->done)
            return false;
    return true;
}

bool LoadEngine::Private::streamSettled(const StreamRun &run) const
{
    if (run.inFlight || run.waiting)
        return false;
    for (const auto &page : run.pending)
        if (!page->followUpsOut.isEmpty())
            return false;
    return true;
}

void LoadEngine::Private::drain(StreamRun &run, bool child)
{
    if (run.role == StreamRun::Role::Items && !referencesReady())
        return;
    bool emitted = false;
    while (!run.pending.empty() && run.pending.front()->followUpsOut.isEmpty()) {
        const std::shared_ptr<PendingPage> page = run.pending.front();
        run.pending.pop_front();
        emitPage(run, child, *page);
        emitted = true;
    }
    if (run.exhausted && run.pending.empty() && !run.inFlight && !run.error && !run.done) {
        run.done = true;
        onStreamDone(run, child); // a child stream's run is gone after this
        return;
    }
    if (child && run.error && streamSettled(run)) {
        endChildren(run, run.error);
        return;
    }
    if (emitted && !child)
        publishProgress();
}

void LoadEngine::Private::onStreamDone(StreamRun &run, bool child)
{
    if (child) {
        endChildren(run, {});
        return;
    }
    finishRoutes(run);
    if (run.role == StreamRun::Role::Reference && referencesReady()) {
        const QStringList keys = order;
        for (const QString &key : keys)
            if (StreamRun *items = findStream(key, false);
                items && items->role == StreamRun::Role::Items)
                drain(*items, false);
    }
    reportCompleted();
    publishProgress();
}

void LoadEngine::Private::emitPage(StreamRun &run, bool child, PendingPage &pending)
{
    StreamPage &page = pending.page;
    if (run.spec.finishPage)
        run.spec.finishPage(page);
    if (page.apply)
        page.apply();
    // State first, signals last: a slot may cancel or finish the load.
    run.resumeCursor = page.nextCursor.isEmpty() || page.resumeCursor.isEmpty() ? page.nextCursor
                                                                                : page.resumeCursor;
    if (!page.syncToken.isEmpty()) {
        run.syncToken = page.syncToken;
        run.syncTokenOrder = ++syncTokensEmitted;
    }
    if (!child && !page.spawn.isEmpty())
        spawn(page.spawn);
    const bool assemble = assembler && !child && run.role == StreamRun::Role::Items &&
                          page.parents.size() == page.items.size();
    if (assemble) {
        ItemBatch batch;
        for (int i = 0; i < page.items.size(); ++i)
            assembler->add(std::move(page.items[i]), page.parents.at(i), batch);
        askLookups();
        emitItems(std::move(batch), nullptr);
    } else {
        emitItems(std::move(page.items), &run);
    }
    if (!page.removed.isEmpty())
        Q_EMIT q->itemsRemoved(page.removed);
    emitCheckpoint(&run, child);
}

void LoadEngine::Private::emitCheckpoint(const StreamRun *run, bool child)
{
    LoadCheckpoint checkpoint;
    if (run) {
        checkpoint.kind = child ? LoadCheckpoint::Kind::Children
                          : run->role == StreamRun::Role::Reference
                              ? LoadCheckpoint::Kind::Reference
                              : LoadCheckpoint::Kind::Page;
        checkpoint.streamKey = run->spec.key;
        checkpoint.types = run->spec.types();
        checkpoint.incremental = run->spec.incremental;
        if (checkpoint.kind == LoadCheckpoint::Kind::Page && !hierarchy)
            checkpoint.resumeCursor = run->resumeCursor;
    } else {
        checkpoint.kind = LoadCheckpoint::Kind::Completed;
    }
    if (!child) {
        const SyncStates states = syncStates(); // only types that are done
        for (const TypeRun &type : std::as_const(types)) {
            if (reportedDone.contains(type.type) || !states.contains(type.type))
                continue;
            reportedDone.insert(type.type);
            checkpoint.completedTypes.append(type.type);
            checkpoint.syncStates.insert(type.type, states.value(type.type));
        }
    }
    if (!run && checkpoint.completedTypes.isEmpty())
        return;
    Q_EMIT q->checkpoint(checkpoint);
}

QString LoadEngine::Private::parentNameOf(const QString &type, const QString &id)
{
    const QString key = nameKey(type, id);
    if (const auto it = names.constFind(key); it != names.cend())
        return *it;
    // A parent this load has not emitted (yet): its name as the store kept it, so
    // an item's parent name does not depend on which stream came first (nor does
    // a refresh see every child of an unchanged parent as changed).
    QString name;
    if (const ItemSource *known = context.request.known; known && !type.isEmpty())
        if (const std::optional<IntegrationItem> parent = known->item(ItemKey{type, id}))
            name = parent->name;
    names.insert(key, name); // asked once per load (the parent's arrival replaces it)
    return name;
}

void LoadEngine::Private::emitItems(ItemBatch batch, StreamRun *run)
{
    const bool counted = !run || run->role != StreamRun::Role::Children;
    ItemBatch out;
    out.reserve(batch.size());
    for (IntegrationItem &item : batch) {
        TypeRun *type = counted ? typeRun(item.type) : nullptr;
        if (type && type->dedupe) {
            if (type->emittedBy.contains(item.id))
                continue;
            type->emittedBy.insert(item.id, run ? run->spec.key : QString());
        }
        if (item.parentName.isEmpty() && !item.parentId.isEmpty())
            item.parentName = parentNameOf(item.parentType, item.parentId);
        if (nameTypes.contains(item.type))
            names.insert(nameKey(item.type, item.id), item.name);
        if (type) {
            type->loaded = type->dedupe ? int(type->emittedBy.size()) : type->loaded + 1;
            if (run)
                ++run->emittedByType[item.type];
        }
        out.append(std::move(item));
    }
    if (!out.isEmpty())
        Q_EMIT q->itemsReady(out);
}

void LoadEngine::Private::spawn(const QVector<StreamSpec> &specs)
{
    for (const StreamSpec &spec : specs) {
        if (streams.count(spec.key))
            continue; // spawned before (a page read again after a restart)
        StreamRun &run = addStream(spec, StreamRun::Role::Items);
        if (running)
            requestPage(run, false);
    }
}

bool LoadEngine::Private::typeDone(const TypeRun &type) const
{
    if (type.error || loadError || type.totalOut)
        return false;
    if (assembler && !settled)
        return false;
    QSet<QString> routes;
    for (const QString &key : order) {
        const StreamRun &run = *streams.at(key);
        if (run.role == StreamRun::Role::Reference && !run.done)
            return false;
        if (!serves(run, type.type))
            continue;
        if (!run.spec.route.isEmpty())
            routes.insert(run.spec.route);
        else if (!run.done)
            return false;
    }
    if (routes.isEmpty())
        return true;
    for (const QString &route : std::as_const(routes))
        if (routeComplete(route, type.type))
            return true;
    return false;
}

} // namespace desk
