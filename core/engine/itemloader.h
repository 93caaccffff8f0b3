#pragma once

// The loader interface (ItemLoader) and the values that go in and out of a load:
// LoadRequest, progress, LoadOutcome and the per-type sync state. LoadEngine
// (loadengine.h) is its one implementation; providers declare what it runs.

#include "common/error.h"
#include "items/integrationitem.h"
#include "items/itemrow.h"
#include "items/itemsource.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVector>

namespace desk {

// A Full load reads every item of the requested types; an Incremental one reads
// what changed since the SyncState it is given (for the types whose streams can;
// the others are read in full).
enum class LoadMode
{
    Full,
    Incremental,
};

// What a type's streams need to continue an incremental refresh later: an opaque
// token (a cursor or a high-water mark, whatever the provider's stream wrote)
// and when the type was last read in full. Kept by the caller (the item store)
// between loads.
struct SyncState
{
    QString token;           // empty = none yet: an incremental load reads the type in full
    QDateTime lastFullSweep; // UTC; invalid = never
    bool operator==(const SyncState &other) const
    {
        return token == other.token && lastFullSweep == other.lastFullSweep;
    }
};
using SyncStates = QHash<QString, SyncState>; // type -> state

struct LoadRequest
{
    QStringList objectTypes;                     // empty = the provider's defaults
    QHash<QString, QStringList> extraProperties; // type -> extra property names
    QString accountId; // the signed-in account: used for object URLs; may be empty
    LoadMode mode = LoadMode::Full;
    SyncStates syncStates; // type -> where an incremental load continues from
    // Stream key -> cursor where that stream starts (a full load that stopped in
    // an earlier run of the app); see LoadOutcome::resumeCursors.
    QHash<QString, QString> resumeCursors;
    // The caller's copy of the items (the item store), when it has one: an
    // incremental load may read what it kept (e.g. the associations of an item
    // that is gone, to refresh the items on their other side). Not owned; must
    // outlive the load.
    const ItemSource *known = nullptr;
};

struct TypeProgress
{
    QString type;
    int loaded = 0; // distinct items emitted (re-emitted after a restart: counted once)
    int pages = 0;
    int total = -1;                 // -1 when the provider does not say
    int requests = 0;               // HTTP exchanges for this type, retries included
    double requestsPerSecond = 0.0; // requests / seconds since the load started
    bool done = false;
    // Read by incremental streams (changes since its sync state) rather than in
    // full: a caller keeping a copy applies its pages as a sync, not a full load.
    bool incremental = false;
    Error error; // set when this type stopped incomplete
};

struct LoadProgress
{
    QVector<TypeProgress> types;
    double requestsPerSecond = 0.0; // every request of the load, shared ones included
    int sharedRequests = 0;         // requests that serve no single type (reference data)
    // The service asked the load to wait (a rate limit, an overload): milliseconds
    // left when this progress was made; 0 when not waiting. The load goes on after.
    qint64 waitingMs = 0;
    int totalLoaded() const
    {
        int sum = 0;
        for (const auto &t : types)
            sum += t.loaded;
        return sum;
    }
};

struct LoadOutcome
{
    bool complete = false;  // every requested type loaded to its last page
    bool cancelled = false; // the user cancelled
    QVector<TypeProgress> types;
    Error error; // the first error, for a one-line summary; empty when complete
    // The new sync state of every type that completed (Full: lastFullSweep is the
    // time the load finished). Types that did not complete are absent: keep theirs.
    SyncStates syncStates;
    // Stream key -> cursor of its first page not emitted, for every stream that
    // did not finish; give them back in LoadRequest::resumeCursors to continue
    // in a later run. Empty when complete.
    QHash<QString, QString> resumeCursors;
};

// A point in a load where what it emitted so far can be kept together with
// where the load would continue: ItemLoader::checkpoint(). Everything emitted
// (itemsReady, itemsRemoved) before a checkpoint belongs to it, so a keeper
// (the Connection's item store) that writes the items, removals and cursor of
// each checkpoint in one transaction never holds a cursor ahead of its items,
// whenever the process stops.
struct LoadCheckpoint
{
    enum class Kind
    {
        Page,      // a page of a load stream was emitted (or the stream started over)
        Reference, // a page of a reference stream (owners, a workspace root): no cursor
        Children,  // a page of fetchChildren(): outside the load, no cursor
        Completed, // no page: types completed (a total came in, the hierarchy settled)
    };
    Kind kind = Kind::Page;
    QString streamKey;        // the stream of the page (empty for Completed)
    QStringList types;        // the types of the stream's items (StreamSpec::types())
    bool incremental = false; // the stream reads changes (StreamSpec::incremental)
    // Page: where the stream continues in a later run if the load stops now,
    // for LoadRequest::resumeCursors. Empty = from its beginning: the stream's
    // last page was emitted, it started over, or the load assembles a hierarchy
    // (a parent emitted in an earlier run is not known to a later one, so such
    // loads start over).
    QString resumeCursor;
    // Types whose load completed with this checkpoint (each is named once per
    // start()), and their new sync state (as in LoadOutcome::syncStates).
    QStringList completedTypes;
    SyncStates syncStates;
};

// Streams one account's items. Emits itemsReady() batch by batch (and
// itemsRemoved() for keys a sync found gone), progressChanged() as pages arrive,
// then finished() exactly once per start() or resume(). A failure never discards
// items already emitted; resume() continues incomplete types from their kept
// cursors. When a provider's cursor expires its stream starts over: items
// already emitted are emitted again, so callers replace by ItemKey, not append.
class ItemLoader : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start(const LoadRequest &request) = 0;
    virtual void cancel() = 0;
    virtual bool canResume() const = 0;
    virtual void resume() = 0;

    // Children loaded on demand. Some containers are not filled by start()
    // because their children are many and only wanted when the user opens them.
    // canFetchChildren() says whether `parent` (an item this loader emitted) is
    // such a container; fetchChildren() then loads its children: they arrive
    // through itemsReady() (parentId = parent.id, parentType = parent.type) page
    // by page, followed by exactly one childrenFinished(parent.id, error) — error
    // empty when every child was emitted. Calling it again for a parent whose
    // fetch is running does nothing; calling it after it finished loads the
    // children again (what was emitted before is emitted again; callers
    // replace, not append). fetchChildren() works whether or not a start() load
    // is running, and cancel() stops it too (childrenFinished with kind
    // Cancelled). Defaults: no such containers; fetchChildren() reports
    // Configuration.
    virtual bool canFetchChildren(const desk::IntegrationItem &parent) const
    {
        Q_UNUSED(parent);
        return false;
    }
    virtual void fetchChildren(const desk::IntegrationItem &parent);

Q_SIGNALS:
    void itemsReady(const desk::ItemBatch &items);
    // Items a sync found deleted at the provider (after the items of the same page).
    void itemsRemoved(const QVector<desk::ItemKey> &keys);
    void progressChanged(const desk::LoadProgress &progress);
    void finished(const desk::LoadOutcome &outcome);
    // The end of one fetchChildren(parent) (see there).
    void childrenFinished(const QString &parentId, const desk::Error &error);
    // After the itemsReady()/itemsRemoved() of each emitted page, and when types
    // complete (see LoadCheckpoint). finished() follows the last one.
    void checkpoint(const desk::LoadCheckpoint &checkpoint);
};

} // namespace desk

Q_DECLARE_METATYPE(desk::LoadProgress)
Q_DECLARE_METATYPE(desk::LoadOutcome)
Q_DECLARE_METATYPE(desk::LoadCheckpoint)
