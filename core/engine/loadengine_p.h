#pragma once

// LoadEngine's inside: the running state of one load (streams, pages waiting
// for their follow-ups, types, requests out) and of child fetches. Only the
// engine's .cpp files include this.

#include "engine/hierarchyassembler.h"
#include "engine/loadengine.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <deque>
#include <map>
#include <memory>

namespace desk {

struct PendingPage
{
    StreamPage page;
    QSet<ApiClient::RequestId> followUpsOut;
    bool failed = false;
};

struct StreamRun
{
    enum class Role
    {
        Reference, // read before any item is emitted
        Items,     // part of the load
        Children,  // fetchChildren(): outside the load
    };
    StreamSpec spec;
    Role role = Role::Items;
    QString nextCursor;     // for the next request
    QString resumeCursor;   // of the first page not emitted (where resume starts)
    bool exhausted = false; // the last page was received
    bool done = false;      // ... and emitted (or stopped)
    bool stopped = false;   // ended without completing: its route was withdrawn or not needed
    bool waiting = false;   // a delayed request (StreamSpec::delayMs) is pending
    bool revive = false;    // stopped because its route failed: a resume runs it again
    Error error;
    int restarts = 0;
    ApiClient::RequestId inFlight = 0;
    std::deque<std::shared_ptr<PendingPage>> pending;
    QHash<QString, int> emittedByType; // since the last restart (what a restart takes back)
    QString syncToken;
    quint64 syncTokenOrder = 0; // when it was emitted: the latest of a type's streams wins
    qint64 pageTotal = -1;      // the stream's total, when its pages say
};

struct TypeRun
{
    QString type;
    int loaded = 0;
    int pages = 0;
    int requests = 0;
    qint64 total = -1;     // from a TotalSpec
    qint64 pageTotal = -1; // from pages
    Error error;
    Error routeError; // why a route of it was given up: its error once no route is left
    bool totalAsked = false;
    ApiClient::RequestId totalOut = 0;
    bool dedupe = false;
    QHash<QString, QString> emittedBy; // dedupe: item id -> stream key
};

// Who a request out belongs to.
struct RequestOwner
{
    QString countsFor;  // the type its exchanges count against; empty = shared
    bool child = false; // a child stream's: outside the load
};

struct LoadEngine::Private
{
    Private(LoadEngine *q, ApiClient &client, ProviderProfile profile, LoadDefinition definition);

    LoadEngine *q;
    ApiClient &client;
    ProviderProfile profile;
    LoadDefinition definition;
    LoadTuning tuning;

    // ---- the load -----------------------------------------------------------
    PlanContext context;
    std::map<QString, std::unique_ptr<StreamRun>> streams; // load and reference streams
    QStringList order;                                     // their keys, declared/spawned order
    QVector<TypeRun> types;
    QHash<QString, TotalSpec> totals;
    std::optional<HierarchySpec> hierarchy;
    std::unique_ptr<HierarchyAssembler> assembler;
    QHash<ApiClient::RequestId, QString> lookupsOut; // request -> key
    QHash<QString, QString> names;                   // "type/id" -> name (parentName)
    QSet<QString> nameTypes;                         // types whose names are kept
    QHash<ApiClient::RequestId, RequestOwner> out;   // every request of this engine
    QSet<QString> reportedDone; // types a checkpoint named completed (once per start())
    QHash<ApiClient::RequestId, QString> parentsOut; // missing parent's request -> its id
    // The missing parents of this load were asked for.
    bool parentsAsked = false;
    std::function<QString(const QString &type)> planSyncToken;
    // On `clock`: the service asked to wait until then.
    qint64 waitUntilMs = 0;
    Error loadError; // fails the load as a whole (a reference, an auth error)
    int sharedRequests = 0;
    quint64 syncTokensEmitted = 0;
    bool running = false;
    bool started = false;
    bool settled = false;
    quint64 generation = 0;
    QElapsedTimer clock;

    // ---- child fetches --------------------------------------------------------
    std::map<QString, std::unique_ptr<StreamRun>> children; // by stream key

    // loadengine.cpp: lifecycle
    void reset();
    void plan(const LoadRequest &request, const QStringList &typeList);
    StreamRun &addStream(const StreamSpec &spec, StreamRun::Role role);
    void run();
    void checkFinished();
    bool canFinish() const;
    void finish(bool cancelled);
    LoadOutcome outcome(bool cancelled) const;
    SyncStates syncStates() const;
    void cancelLoadRequests();
    void parkUnfinished();
    void abortLoad(const Error &error);
    LoadProgress progress() const;
    void publishProgress() { Q_EMIT q->progressChanged(progress()); }

    // loadstreams.cpp: pages, follow-ups, emission
    StreamRun *findStream(const QString &key, bool child);
    TypeRun *typeRun(const QString &type);
    void requestPage(StreamRun &run, bool child);
    void onPage(const QString &key, bool child, Result<StreamPage> result);
    void takePage(StreamRun &run, bool child, StreamPage page);
    void restartStream(StreamRun &run, bool child);
    void startFollowUp(StreamRun &run, bool child, const std::shared_ptr<PendingPage> &page,
                       const FollowUp &followUp);
    void onFollowUp(const QString &key, bool child, ApiClient::RequestId id,
                    const std::shared_ptr<PendingPage> &page, Result<FollowUpReading> result);
    void failStream(StreamRun &run, bool child, const Error &error,
                    const std::shared_ptr<PendingPage> &failedPage = {});
    void drain(StreamRun &run, bool child);
    void emitPage(StreamRun &run, bool child, PendingPage &page);
    void emitItems(ItemBatch batch, StreamRun *run);
    QString parentNameOf(const QString &type, const QString &id);
    void spawn(const QVector<StreamSpec> &specs);
    // checkpoint(): after an emitted page (or a restart) of `run`, or, with
    // run == nullptr, only when types completed since the last one.
    void emitCheckpoint(const StreamRun *run, bool child);
    void reportCompleted() { emitCheckpoint(nullptr, false); }
    bool referencesReady() const;
    bool streamSettled(const StreamRun &run) const;
    bool typeDone(const TypeRun &type) const;
    void onStreamDone(StreamRun &run, bool child);
    void requestLater(StreamRun &run, qint64 delayMs);

    // loadroutes.cpp: alternative routes to a type's items
    bool routeComplete(const QString &route, const QString &type) const;
    bool otherRouteAlive(const QString &route, const QString &type) const;
    bool serves(const StreamRun &run, const QString &type) const;
    void stopStream(StreamRun &run);
    // Stops every stream of `route` serving one of `types`; a type left without
    // a route fails with `error`.
    // `failed`: the route gave up after an error; a resume runs its streams again.
    void withdrawRoute(const QString &route, const QStringList &types, const Error &error,
                       bool failed = false);
    void reviveFailedRoutes();                          // on resume
    void finishRoutes(const StreamRun &run);            // after a routed stream is done
    bool failRoute(StreamRun &run, const Error &error); // true: the route was taken out instead

    // loadextras.cpp: totals, lookups, children, request bookkeeping
    // Sends a request whose body `reader` reads once; `done(id, result)` runs
    // when it ends (never after a cancel). The request is counted for `owner`.
    template <typename T, typename Done>
    ApiClient::RequestId send(const ApiRequest &request, ApiReader<T> reader, RequestOwner owner,
                              Done done)
    {
        auto slot = std::make_shared<ApiClient::RequestId>(0);
        const ApiClient::RequestId id =
            client.read<T>(request, std::move(reader), q, [this, slot, done](Result<T> result) {
                out.remove(*slot);
                done(*slot, std::move(result));
            });
        *slot = id; // callbacks always come later, from the event loop
        out.insert(id, std::move(owner));
        return id;
    }
    void untrack(ApiClient::RequestId id) { out.remove(id); }
    void countExchange(ApiClient::RequestId id);
    void maybeAskTotal(const StreamRun &run);
    void onTotal(const QString &type, Result<qint64> result);
    void askLookups();
    void onLookup(ApiClient::RequestId id, Result<ParentRef> result);
    void settleHierarchy();
    bool askMissingParents();
    void onMissingParent(ApiClient::RequestId id, Result<std::optional<KnownParent>> result);
    void startChildren(const IntegrationItem &parent);
    void endChildren(StreamRun &run, const Error &error);
    void cancelChildren();
    QString nameKey(const QString &type, const QString &id) const
    {
        return type + QLatin1Char('/') + id;
    }
};

} // namespace desk
