// LoadEngine: alternative routes to a type's items (StreamSpec::route). A type
// read by a sequential cursor and, beside it, by partitions that keep several
// requests in flight is done when either way has read everything; the other
// way then stops. A route that fails or withdraws leaves the type to the others.
#include "engine/loadengine_p.h"

#include <QLoggingCategory>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcRoutes, "desk.core.engine.routes", QtInfoMsg)
} // namespace

bool LoadEngine::Private::serves(const StreamRun &run, const QString &type) const
{
    return run.role == StreamRun::Role::Items &&
           (run.spec.types().contains(type) || run.spec.spawnsTypes.contains(type));
}

bool LoadEngine::Private::routeComplete(const QString &route, const QString &type) const
{
    bool any = false;
    for (const QString &key : order) {
        const StreamRun &run = *streams.at(key);
        if (run.spec.route != route || !serves(run, type))
            continue;
        if (run.stopped || !run.done)
            return false;
        any = true;
    }
    return any;
}

bool LoadEngine::Private::otherRouteAlive(const QString &route, const QString &type) const
{
    QSet<QString> out;
    QSet<QString> seen;
    for (const QString &key : order) {
        const StreamRun &run = *streams.at(key);
        if (run.spec.route.isEmpty() || run.spec.route == route || !serves(run, type))
            continue;
        seen.insert(run.spec.route);
        if (run.stopped || (run.error && !run.done))
            out.insert(run.spec.route);
    }
    return seen.size() > out.size();
}

void LoadEngine::Private::stopStream(StreamRun &run)
{
    if (run.done)
        return;
    if (run.inFlight) {
        client.cancel(run.inFlight);
        untrack(run.inFlight);
        run.inFlight = 0;
    }
    for (const auto &page : run.pending) {
        page->failed = true;
        for (ApiClient::RequestId id : std::as_const(page->followUpsOut)) {
            client.cancel(id);
            untrack(id);
        }
    }
    run.pending.clear();
    run.waiting = false;
    run.error = {};
    run.done = true;
    run.stopped = true;
}

void LoadEngine::Private::withdrawRoute(const QString &route, const QStringList &types,
                                        const Error &error, bool failed)
{
    QStringList affected = types;
    for (const QString &key : std::as_const(order)) {
        StreamRun &run = *streams.at(key);
        if (run.spec.route != route || run.done)
            continue;
        bool hit = false;
        for (const QString &type : types)
            hit = hit || serves(run, type);
        if (!hit)
            continue;
        for (const QString &type : run.spec.types())
            if (!affected.contains(type))
                affected.append(type);
        stopStream(run);
        run.revive = failed;
    }
    for (const QString &type : std::as_const(affected)) {
        if (otherRouteAlive(route, type))
            continue;
        if (TypeRun *t = typeRun(type); t && !t->error)
            t->error = t->routeError ? t->routeError : error;
    }
}

void LoadEngine::Private::finishRoutes(const StreamRun &run)
{
    if (run.spec.route.isEmpty() || run.stopped)
        return;
    const QString route = run.spec.route;
    for (const QString &type : run.spec.types()) {
        if (!routeComplete(route, type))
            continue;
        for (const QString &key : std::as_const(order)) {
            StreamRun &other = *streams.at(key);
            if (other.done || other.spec.route.isEmpty() || other.spec.route == route ||
                !serves(other, type))
                continue;
            qCInfo(lcRoutes).noquote()
                << other.spec.key << "stopped:" << type << "was read completely by" << route;
            stopStream(other);
        }
    }
}

bool LoadEngine::Private::failRoute(StreamRun &run, const Error &error)
{
    if (run.spec.route.isEmpty() || run.role != StreamRun::Role::Items)
        return false;
    for (const QString &type : run.spec.types())
        if (!otherRouteAlive(run.spec.route, type))
            return false;
    qCInfo(lcRoutes).noquote() << "route" << run.spec.route << "of" << run.spec.types()
                               << "given up after" << run.spec.key << "failed:" << error.detail;
    for (const QString &type : run.spec.types())
        if (TypeRun *t = typeRun(type))
            t->routeError = error;
    withdrawRoute(run.spec.route, run.spec.types(), error, true);
    return true;
}

void LoadEngine::Private::reviveFailedRoutes()
{
    // A route given up after an error may be the only one left once the others
    // failed too; what it had not emitted is read again from its resume point.
    for (auto &entry : streams) {
        StreamRun &run = *entry.second;
        if (!run.revive)
            continue;
        bool needed = false;
        for (const QString &type : run.spec.types())
            if (const TypeRun *t = typeRun(type); t && !typeDone(*t))
                needed = true;
        run.revive = false;
        if (!needed)
            continue;
        run.done = false;
        run.stopped = false;
        run.exhausted = false;
        run.nextCursor = run.resumeCursor;
    }
}

} // namespace desk
