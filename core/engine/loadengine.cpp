// LoadEngine: construction, start/cancel/resume, finishing a load, progress.
// Pages and emission: loadstreams.cpp; totals, lookups, children: loadextras.cpp.
#include "engine/loadengine_p.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcEngine, "desk.core.engine", QtInfoMsg)
} // namespace

LoadEngine::Private::Private(LoadEngine *q, ApiClient &client, ProviderProfile profile,
                             LoadDefinition definition)
    : q(q), client(client), profile(std::move(profile)), definition(std::move(definition))
{
    for (const QString &type : std::as_const(this->definition.catalog.nameTypes))
        nameTypes.insert(type);
}

LoadEngine::LoadEngine(ApiClient &client, ProviderProfile profile, LoadDefinition definition,
                       QObject *parent)
    : ItemLoader(parent)
    , d(std::make_unique<Private>(this, client, std::move(profile), std::move(definition)))
{
    if (client.baseUrl().isEmpty())
        client.setBaseUrl(d->profile.apiBaseUrl);
    if (d->definition.dialect)
        client.setDialect(d->definition.dialect(d->tuning));
    connect(&client, &ApiClient::exchangeFinished, this,
            [this](quint64 id, int) { d->countExchange(id); });
    // The client waits on its own; the progress says so (a wait can be long).
    connect(&client, &ApiClient::rateLimited, this, [this](qint64 waitMs) {
        if (!d->running || waitMs <= 0 || !d->clock.isValid())
            return;
        d->waitUntilMs = std::max(d->waitUntilMs, d->clock.elapsed() + waitMs);
        d->publishProgress();
    });
}

LoadEngine::~LoadEngine()
{
    const auto requests = d->out.keys();
    for (ApiClient::RequestId id : requests)
        d->client.cancel(id);
}

void LoadEngine::setTuning(const LoadTuning &tuning)
{
    d->tuning = tuning;
    if (d->definition.dialect)
        d->client.setDialect(d->definition.dialect(tuning));
}

const LoadTuning &LoadEngine::tuning() const
{
    return d->tuning;
}

const LoadDefinition &LoadEngine::definition() const
{
    return d->definition;
}

bool LoadEngine::isRunning() const
{
    return d->running;
}

LoadProgress LoadEngine::progress() const
{
    return d->progress();
}

void LoadEngine::start(const LoadRequest &request)
{
    if (d->running) {
        qCWarning(lcEngine) << "start() while a load is running: ignored";
        return;
    }
    const Result<QStringList> types = d->definition.catalog.resolve(request.objectTypes);
    d->reset();
    d->started = true;
    d->clock.start();
    if (!types.ok()) {
        LoadOutcome outcome;
        outcome.error = types.error();
        QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
        return;
    }
    d->plan(request, types.value());
    d->running = true;
    qCInfo(lcEngine) << "loading" << d->definition.catalog.serviceName << types.value();
    d->run();
}

void LoadEngine::cancel()
{
    d->cancelChildren();
    if (d->running)
        d->finish(true);
}

bool LoadEngine::canResume() const
{
    if (d->running || !d->started)
        return false;
    for (const TypeRun &type : d->types)
        if (!d->typeDone(type))
            return true;
    return false;
}

void LoadEngine::resume()
{
    if (!canResume())
        return;
    d->reviveFailedRoutes();
    for (auto &entry : d->streams) {
        StreamRun &run = *entry.second;
        if (!run.done) {
            run.error = {};
            run.nextCursor = run.resumeCursor;
        }
    }
    for (TypeRun &type : d->types) {
        type.error = {};
        type.routeError = {};
    }
    d->loadError = {};
    d->running = true;
    qCInfo(lcEngine) << "resuming";
    d->run();
}

bool LoadEngine::canFetchChildren(const IntegrationItem &parent) const
{
    if (!d->definition.children)
        return false;
    PlanContext context = d->context;
    context.profile = d->profile;
    context.tuning = d->tuning;
    return d->definition.children(parent, context).has_value();
}

void LoadEngine::fetchChildren(const IntegrationItem &parent)
{
    if (!canFetchChildren(parent)) {
        ItemLoader::fetchChildren(parent);
        return;
    }
    d->startChildren(parent);
}

// ---- the load ---------------------------------------------------------------

void LoadEngine::Private::reset()
{
    cancelLoadRequests();
    context = {};
    streams.clear();
    order.clear();
    types.clear();
    totals.clear();
    hierarchy.reset();
    assembler.reset();
    parentsAsked = false;
    planSyncToken = {};
    waitUntilMs = 0;
    names.clear();
    reportedDone.clear();
    loadError = {};
    sharedRequests = 0;
    settled = false;
    ++generation;
}

void LoadEngine::Private::plan(const LoadRequest &request, const QStringList &typeList)
{
    context.request = request;
    context.request.objectTypes = typeList;
    context.request.extraProperties.clear();
    for (auto it = request.extraProperties.cbegin(); it != request.extraProperties.cend(); ++it) {
        const QString type = definition.catalog.canonical(it.key());
        QStringList &list = context.request.extraProperties[type.isEmpty() ? it.key() : type];
        for (const QString &name : it.value())
            if (!name.trimmed().isEmpty() && !list.contains(name.trimmed()))
                list.append(name.trimmed());
    }
    context.profile = profile;
    context.tuning = tuning;
    for (const QString &type : typeList) {
        TypeRun run;
        run.type = type;
        types.append(run);
    }
    const LoadPlan planned = definition.plan ? definition.plan(context) : LoadPlan();
    for (const StreamSpec &spec : planned.references)
        addStream(spec, StreamRun::Role::Reference);
    for (const StreamSpec &spec : planned.streams)
        addStream(spec, StreamRun::Role::Items);
    for (const TotalSpec &total : planned.totals)
        totals.insert(total.type, total);
    hierarchy = planned.hierarchy;
    planSyncToken = planned.syncToken;
    if (hierarchy) {
        HierarchyAssembler::Options options;
        options.root = hierarchy->root;
        options.maxLookups = tuning.maxLookups > 0 ? tuning.maxLookups : hierarchy->maxLookups;
        options.maxDepth = tuning.maxLookupDepth > 0 ? tuning.maxLookupDepth : hierarchy->maxDepth;
        options.orphanProblem = hierarchy->orphanProblem;
        assembler = std::make_unique<HierarchyAssembler>(options);
    }
}

StreamRun &LoadEngine::Private::addStream(const StreamSpec &spec, StreamRun::Role role)
{
    auto run = std::make_unique<StreamRun>();
    run->spec = spec;
    run->role = role;
    if (role == StreamRun::Role::Items) {
        run->nextCursor = context.request.resumeCursors.value(spec.key);
        run->resumeCursor = run->nextCursor;
        if (spec.dedupe)
            for (const QString &type : spec.types())
                if (TypeRun *t = typeRun(type))
                    t->dedupe = true;
    }
    StreamRun &ref = *run;
    streams[spec.key] = std::move(run);
    order.append(spec.key);
    return ref;
}

void LoadEngine::Private::run()
{
    if (!running)
        return;
    const QStringList keys = order; // requesting may spawn nothing, but stay safe
    for (const QString &key : keys) {
        StreamRun *run = findStream(key, false);
        if (run && !run->done && !run->inFlight && !run->waiting && !run->error && !run->exhausted)
            requestPage(*run, false);
    }
    askLookups();
    publishProgress();
    // Nothing may be left to ask (a plan without streams): finish from the event loop.
    const quint64 gen = generation;
    QTimer::singleShot(0, q, [this, gen] {
        if (gen == generation)
            checkFinished();
    });
}

bool LoadEngine::Private::canFinish() const
{
    for (const QString &key : order) {
        const StreamRun &run = *streams.at(key);
        if (run.inFlight || run.waiting)
            return false;
        if (run.done)
            continue;
        if (!run.error)
            return false;
        if (!streamSettled(run))
            return false;
    }
    if (!lookupsOut.isEmpty() || !parentsOut.isEmpty())
        return false;
    for (const TypeRun &type : types)
        if (type.totalOut && !type.error)
            return false;
    return true;
}

void LoadEngine::Private::checkFinished()
{
    if (!running || !canFinish())
        return;
    bool allDone = !loadError;
    for (const QString &key : std::as_const(order))
        allDone = allDone && streams.at(key)->done;
    if (assembler && !settled && allDone) {
        settleHierarchy();
        if (!settled)
            return; // missing parents asked for: finishes when they are in
    }
    finish(false);
}

void LoadEngine::Private::cancelLoadRequests()
{
    for (auto it = out.begin(); it != out.end();) {
        if (it->child) {
            ++it;
            continue;
        }
        client.cancel(it.key());
        it = out.erase(it);
    }
    for (auto &entry : streams) {
        entry.second->inFlight = 0;
        entry.second->waiting = false;
        for (const auto &page : entry.second->pending)
            page->followUpsOut.clear();
    }
    for (TypeRun &type : types)
        if (type.totalOut) {
            type.totalOut = 0;
            type.totalAsked = false;
        }
    lookupsOut.clear();
    parentsOut.clear();
    parentsAsked = false; // asked again when the load resumes
    if (assembler)
        assembler->requeueUnanswered();
}

void LoadEngine::Private::parkUnfinished()
{
    // Whatever was received but not emitted is read again on resume.
    for (auto &entry : streams) {
        StreamRun &run = *entry.second;
        if (run.done)
            continue;
        run.pending.clear();
        run.nextCursor = run.resumeCursor;
        run.exhausted = false;
    }
}

void LoadEngine::Private::finish(bool cancelled)
{
    running = false;
    ++generation;
    cancelLoadRequests();
    parkUnfinished();
    reportCompleted(); // types the last step completed (the hierarchy settling)
    const LoadOutcome result = outcome(cancelled);
    qCInfo(lcEngine).noquote() << "load finished:" << (result.complete ? "complete" : "incomplete")
                               << progress().totalLoaded() << "items in" << clock.elapsed() << "ms";
    Q_EMIT q->finished(result);
}

void LoadEngine::Private::abortLoad(const Error &error)
{
    if (!loadError)
        loadError = error;
    qCWarning(lcEngine).noquote() << "load stopped:" << Error::kindName(error.kind) << error.detail;
    if (running)
        finish(false);
}

LoadOutcome LoadEngine::Private::outcome(bool cancelled) const
{
    LoadOutcome o;
    o.cancelled = cancelled;
    o.types = progress().types;
    o.complete = !cancelled && !loadError;
    o.error = loadError;
    for (const TypeProgress &type : std::as_const(o.types)) {
        if (type.done)
            continue;
        o.complete = false;
        if (!o.error && type.error)
            o.error = type.error;
    }
    if (cancelled && !o.error)
        o.error = Error(Error::Kind::Cancelled, tr("The load was cancelled."));
    o.syncStates = syncStates();
    for (const QString &key : order) {
        const StreamRun &run = *streams.at(key);
        if (run.role == StreamRun::Role::Items && !run.done && run.spec.resumable &&
            !run.resumeCursor.isEmpty())
            o.resumeCursors.insert(key, run.resumeCursor);
    }
    return o;
}

SyncStates LoadEngine::Private::syncStates() const
{
    SyncStates states;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const TypeRun &type : types) {
        if (!typeDone(type))
            continue;
        const SyncState before = context.request.syncStates.value(type.type);
        SyncState state;
        bool incremental = false;
        quint64 latest = 0;
        for (const QString &key : order) {
            const StreamRun &run = *streams.at(key);
            if (run.role != StreamRun::Role::Items || !run.spec.types().contains(type.type))
                continue;
            incremental = incremental || (run.spec.incremental && !run.spec.sweeps);
            if (!run.syncToken.isEmpty() && run.syncTokenOrder > latest) {
                latest = run.syncTokenOrder;
                state.token = run.syncToken;
            }
        }
        if (planSyncToken) {
            const QString whole = planSyncToken(type.type);
            if (!whole.isEmpty())
                state.token = whole;
        }
        if (state.token.isEmpty())
            state.token = before.token;
        state.lastFullSweep = incremental ? before.lastFullSweep : now;
        states.insert(type.type, state);
    }
    return states;
}

LoadProgress LoadEngine::Private::progress() const
{
    LoadProgress progress;
    const double seconds = std::max<qint64>(1, clock.isValid() ? clock.elapsed() : 1) / 1000.0;
    int requests = sharedRequests;
    for (const TypeRun &type : types) {
        TypeProgress t;
        t.type = type.type;
        t.loaded = type.loaded;
        t.pages = type.pages;
        t.requests = type.requests;
        t.requestsPerSecond = type.requests / seconds;
        t.done = typeDone(type);
        const qint64 total = type.total >= 0 ? type.total : type.pageTotal;
        t.total = total >= 0 ? int(total) : t.done ? type.loaded : -1;
        t.error = t.done ? Error() : type.error ? type.error : loadError;
        for (const QString &key : order) {
            const StreamRun &run = *streams.at(key);
            t.incremental = t.incremental || (run.spec.incremental && serves(run, type.type));
        }
        requests += type.requests;
        progress.types.append(t);
    }
    progress.sharedRequests = sharedRequests;
    progress.requestsPerSecond = requests / seconds;
    if (clock.isValid() && waitUntilMs > clock.elapsed())
        progress.waitingMs = waitUntilMs - clock.elapsed();
    return progress;
}

} // namespace desk
