#pragma once

// What a provider declares so that LoadEngine can load its items: streams (how
// to ask for a page at a cursor and what a page holds), references that must be
// in before items are emitted, follow-ups that complete a page, totals, child
// streams for items opened later, a hierarchy to assemble, and the sync state of
// incremental refresh. Plain values and functions: the engine runs them and the
// provider never sees a request id, a pending page or a signal.
//
// Everything here runs on the engine's thread. Functions may capture state the
// provider shares between them (e.g. reference data read by one stream and used
// by another's finishPage) through a shared_ptr made by the plan factory.

#include "auth/providerprofile.h"
#include "common/result.h"
#include "engine/itemloader.h"
#include "items/integrationitem.h"
#include "items/itemrow.h"
#include "net/apiclient.h"

#include <QHash>
#include <QJsonDocument>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>
#include <optional>

namespace desk {

// Provider-neutral knobs of a load. 0 / -1 = the provider's own default.
struct LoadTuning
{
    int pageSize = 0;          // items per page (providers clamp to their maximum)
    int requestsPerSecond = 0; // for providers paced by a fixed window
    // For providers whose budgets also count against a wider one (a per-user
    // limit across workspaces): that one's requests per second.
    int sharedRequestsPerSecond = 0;
    qint64 rateLimitHoldMs = -1; // how long a 429 without Retry-After holds a budget
    bool totals = true;          // ask for totals where that costs extra requests
    bool referenceData = true;   // read reference data for labels (owner names...)
    bool followUps = true;       // complete pages with follow-up requests
    int maxLookups = 0;          // hierarchy lookups per load at most
    int maxLookupDepth = 0;      // nested lookups followed at most

    // For providers paced by a budget of requests per window (bursts allowed):
    // the budget and the window (e.g. per 60 s, with unpublished numbers).
    int windowRequests = 0;
    int windowMs = 0;
    // Large types read by several requests in flight (partitions beside the
    // list cursor): 0 = where the provider finds it worth it, -1 = never,
    // N > 0 = always, with N partitions, for every type that can.
    int partitions = 0;
    // How far a provider's search index may trail its records, in ms (what a
    // partitioned load waits out before its last check, and what an
    // incremental sync overlaps): -1 = the provider's assumption.
    qint64 indexLagMs = -1;
};

// What an item hangs under, as a stream reads it (see HierarchySpec).
struct ParentRef
{
    enum class Kind
    {
        Root,    // directly under the hierarchy's root
        Item,    // under the item `id` (of `type`, as the child names it)
        Lookup,  // under whatever `id` hangs under: ask HierarchySpec::lookupRequest(id)
        Unknown, // cannot be known: under the root, with a problem
    };
    Kind kind = Kind::Unknown;
    QString id;
    QString type;  // Item: the parent's type as the child names it; the parent's own wins
    QString label; // how a problem names the parent: "page 1f2e…", "block 77a0…"

    static ParentRef root() { return {Kind::Root, {}, {}, {}}; }
    static ParentRef item(QString id, QString type, QString label)
    {
        return {Kind::Item, std::move(id), std::move(type), std::move(label)};
    }
    static ParentRef lookup(QString key, QString label)
    {
        return {Kind::Lookup, std::move(key), {}, std::move(label)};
    }
    static ParentRef unknown(QString label) { return {Kind::Unknown, {}, {}, std::move(label)}; }
};

struct FollowUpReading;
struct StreamPage;

// A request that completes a page before the page is emitted (e.g. the rest of
// a truncated association list). Its reading may ask for further follow-ups
// (continuation paging); the page waits for all of them. A follow-up that fails
// fails its page: the stream stops there, pages before it are kept, and the
// stream resumes at that page.
struct FollowUp
{
    ApiRequest request;
    ApiReader<FollowUpReading> read; // parse once; `apply` runs when the answer is taken
};

struct FollowUpReading
{
    std::function<void(ItemBatch &items)> apply; // merges what was read into the page's items
    QVector<FollowUp> next;                      // more requests for the same page
};

// One stream: a sequence of pages read with a cursor (empty = the first page).
// Pages of a stream are requested one after the other and emitted in cursor
// order, each once its follow-ups are in (and, for item streams, once the
// load's references are in).
struct StreamSpec
{
    QString key;  // unique within a load ("contacts", "records:tbl1"); names resume cursors
    QString type; // the type its requests, pages and total count against
    QStringList itemTypes; // the types of the items it yields; empty = {type}
    // Types of the streams its pages may spawn (and of theirs): those types are
    // not done before this stream is.
    QStringList spawnsTypes;
    // Items of the stream's types are de-duplicated by id across the load's
    // streams (several partitions of one type that may overlap): a second copy
    // is dropped. Counts stay distinct items.
    bool dedupe = false;
    // Reads changes since a SyncState rather than every item: the type's last
    // full sweep is kept, not renewed, when it completes.
    bool incremental = false;
    // An incremental stream that also finds every removed item (an id sweep
    // compared with what is known): the type's last full sweep is renewed,
    // though only changed items were emitted.
    bool sweeps = false;
    // Alternative routes to the same items: when streams name a route, a type
    // is done once every stream of any one of its routes is done (streams
    // without a route are needed in any case); the other routes' streams for
    // that type then stop. A stream that fails takes its route out while
    // another route of its types is still running (the type does not fail).
    // A route's streams may spawn more of it (they join the route named).
    QString route;
    // False: the stream's cursor is never reported in LoadOutcome::resumeCursors
    // (its state lives in this run only, e.g. ids another stream found); a
    // later run starts it over.
    bool resumable = true;
    // Milliseconds to wait before the next page is requested (none or <= 0:
    // at once), e.g. until a search index has caught up.
    std::function<qint64()> delayMs;
    QString parentId; // a child stream (LoadDefinition::children): the item whose children it loads

    std::function<ApiRequest(const QString &cursor)> request;
    ApiReader<StreamPage> read; // runs as the client's validation step: the body is parsed once
    // A failed request: a page to use instead (e.g. {restart = true} for an
    // expired cursor, or empty reference data), or nullopt to fail the stream.
    std::function<std::optional<StreamPage>(const Error &error)> recover;
    // Right before a page's items are emitted: references and follow-ups are in
    // (labels from reference data, problems for what could not be read).
    std::function<void(StreamPage &page)> finishPage;

    QStringList types() const { return itemTypes.isEmpty() ? QStringList{type} : itemTypes; }
};

struct StreamPage
{
    ItemBatch items;
    QVector<ParentRef> parents; // with a HierarchySpec: one per item; else empty
    QVector<ItemKey> removed;   // sync: items gone at the provider
    QString nextCursor;         // empty: this was the last page
    // Where a later resume() or run starts when it is not nextCursor (empty:
    // nextCursor): e.g. a position that does not expire, where nextCursor does.
    QString resumeCursor;
    qint64 total = -1; // the stream's total items, when the page says
    // The cursor expired: the stream starts again from the beginning. What it
    // emitted is emitted again (counts stay exact); the refused cursor is never
    // a resume point.
    bool restart = false;
    // This stream's route is not taken after all (e.g. the type is too small
    // for it): the route's streams stop and its types are read by their other
    // routes. The page's items are not emitted.
    bool withdraw = false;
    QVector<FollowUp> followUps; // requests that complete this page first
    QVector<StreamSpec> spawn;   // further streams of the load (skipped when the key exists)
    // Sync: the state to keep once the type completes; of all the pages its
    // streams emitted, the last one that carries a token wins.
    QString syncToken;
    // From `recover`: the stream fails with this error (clearer than the
    // refused request's) instead of using the page.
    Error failure;
    // Reference streams: stores what the page read (runs in page order).
    std::function<void()> apply;

    // The answer of a `recover` for an expired cursor.
    static StreamPage restarted()
    {
        StreamPage page;
        page.restart = true;
        return page;
    }
    static StreamPage failed(Error error)
    {
        StreamPage page;
        page.failure = std::move(error);
        return page;
    }
};

// One extra request for a type's total ("n of N"). Asked once the type's first
// page shows that there is more than one; the type is done only when the
// answer is in (or failed: totals are a nicety, never an error).
struct TotalSpec
{
    QString type;
    ApiRequest request;
    ApiReader<qint64> read;
};

// A parent that is not part of a load but known to exist (read from the
// service, or kept from an earlier load): its real type and name.
struct KnownParent
{
    QString type;
    QString name;
};

// Items that must be emitted parent first: held until their parent is seen,
// indirect parents resolved through lookups (cached, bounded), orphans under the
// root with a problem, cycles broken. See HierarchyAssembler.
struct HierarchySpec
{
    ItemKey root; // emitted by a reference stream; ParentRef::Kind::Root means "under it"
    std::function<ApiRequest(const QString &key)> lookupRequest;
    ApiReader<ParentRef> readLookup; // what the looked-up key hangs under
    // The problem of an item shown under the root because its parent
    // (ParentRef::label) was never found: a sentence for the user.
    std::function<QString(const QString &parentLabel)> orphanProblem;
    int maxLookups = 200;
    int maxDepth = 4;
    // Incremental loads read only what changed, so an item's parent is often
    // not part of the load. When these are set, a parent that never came
    // (ParentRef::Kind::Item, after the last page of every stream) is not taken
    // for unshared at once: `knownParent` may answer from what the provider
    // kept (e.g. in its sync token), else `parentRequest` reads it and
    // `readParent` says what it is (nullopt: gone, e.g. in the trash). Found:
    // the items go under it with its name; not found (also a 404, 403 or 410
    // answer): under the root with the orphan problem. Any other failure stops
    // the load (the sync state is kept, so the next refresh reads it again).
    std::function<std::optional<KnownParent>(const ItemKey &parent)> knownParent;
    std::function<ApiRequest(const ItemKey &parent)> parentRequest;
    ApiReader<std::optional<KnownParent>> readParent;
};

// One load, as the provider plans it for a request.
struct LoadPlan
{
    // Reference data (owners, pipelines, a workspace root): read first; no item
    // stream emits before all of them are in. One that fails without recover
    // fails the load.
    QVector<StreamSpec> references;
    QVector<StreamSpec> streams; // item streams; pages may spawn more
    QVector<TotalSpec> totals;
    std::optional<HierarchySpec> hierarchy;
    // The sync token of a type that completed, made from the whole load once
    // it is over (e.g. a high-water mark over every stream and lookup); empty
    // function or empty answer: the streams' own tokens.
    std::function<QString(const QString &type)> syncToken;
};

// What the plan factory and the child streams are made from.
struct PlanContext
{
    // objectTypes: the load's types (the provider's order, required types added);
    // extraProperties keyed by those types.
    LoadRequest request;
    ProviderProfile profile;
    LoadTuning tuning;
    bool wants(const QString &type) const { return request.objectTypes.contains(type); }
};

// The object types a provider loads and how requested names are read.
struct TypeCatalog
{
    QString serviceName;                       // "HubSpot": named in errors
    QStringList types;                         // loadable, in the provider's order
    QStringList defaults;                      // loaded when none is asked for
    QHash<QString, QString> aliases;           // other lower-case name -> type ("contact")
    QStringList ignored;                       // accepted and dropped (a root type)
    QHash<QString, QStringList> prerequisites; // type -> types loaded with it
    QStringList nameTypes;                     // types whose names fill children's parentName

    // The type a name stands for (trimmed, any case); empty when unknown.
    QString canonical(const QString &name) const;
    // The requested names as the load's types (provider order, required types
    // added), or the Configuration error naming the unknown ones.
    Result<QStringList> resolve(const QStringList &requested) const;
};

// Everything the engine needs from a provider (ProviderSpec::load).
struct LoadDefinition
{
    TypeCatalog catalog;
    // How the provider's API speaks, for the given tuning (pacing depends on it).
    std::function<ApiDialect(const LoadTuning &tuning)> dialect;
    std::function<LoadPlan(const PlanContext &context)> plan;
    // The stream that loads `parent`'s children on demand; nullopt = not a lazy container.
    std::function<std::optional<StreamSpec>(const IntegrationItem &parent,
                                            const PlanContext &context)>
        children;
};

} // namespace desk
