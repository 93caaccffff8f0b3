#pragma once

// Plain values that go in and out of an ItemStore: a page to apply, what a page
// changed, the per-type sync state, and how to open a store.

#include "items/integrationitem.h"
#include "items/itempresentation.h"
#include "items/itemrow.h"

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVector>
#include <optional>

namespace desk {

// What one page (or one whole sync) changed in the store. "Unchanged" items
// were delivered again with exactly the content already stored.
struct ChangeSummary
{
    qint64 added = 0;
    qint64 changed = 0;
    qint64 unchanged = 0;
    qint64 removed = 0; // removed keys the store had, plus items a completed full load swept

    ChangeSummary &operator+=(const ChangeSummary &other);
    bool operator==(const ChangeSummary &other) const;
    bool hasChanges() const { return added + changed + removed > 0; }
    // Translated: "12 changed, 3 new, 2 removed"; "No changes" when there are none.
    QString text() const;
};

// Progress of one type that takes effect together with a page (same transaction).
struct TypeSyncProgress
{
    QString type;
    // The opaque string an incremental sync continues from (a cursor, a high-water
    // mark); unset = keep the stored one.
    std::optional<QString> syncToken;
    // Where a stopped full load of this type continues, by stream (partition) name;
    // merged into the stored ones, so a page names only the streams it advanced.
    QMap<QString, QString> resumeCursors;
    // This page ends the type's full load: every item of the type the load did not
    // deliver is removed, the resume cursors are cleared, and the times of the last
    // full sweep and the last sync are set. Needs beginFullLoad() first.
    bool fullLoadComplete = false;
    // An incremental sync of this type finished: the time of the last sync is set.
    bool syncComplete = false;
};

// One unit of writing: everything in it is stored in one transaction or not at all.
struct StorePage
{
    ItemBatch items;          // new or changed versions; a key delivered twice: the last wins
    QVector<ItemKey> removed; // gone at the provider; applied after `items`
    QVector<TypeSyncProgress> progress;
};

// What the store keeps per object type for loads and syncs.
struct TypeSyncState
{
    QString type;
    QString syncToken;       // opaque, as last stored by a page
    QDateTime lastSync;      // last successful sync or completed full load (UTC); invalid = never
    QDateTime lastFullSweep; // last completed full load (UTC); invalid = never
    bool fullLoadComplete = false; // the last full load that started also finished
    QMap<QString, QString>
        resumeCursors;             // where the stopped full load continues; empty = from the start
    qint64 fullLoadGeneration = 0; // generation of the last full load started; 0 = none
};

// Returned by beginFullLoad(): the load's generation and where it starts.
struct FullLoadTicket
{
    QString type;
    qint64 generation = 0;
    bool resumed = false;                 // continues a load that stopped
    QMap<QString, QString> resumeCursors; // per stream; empty = start from the beginning
};

enum class FullLoadMode
{
    Resume,  // continue the last full load of the type if it stopped, else start anew
    Restart, // start from the beginning even if a stopped load could continue
};

struct StoreOptions
{
    // The account's folder (ItemStore::accountDirectory()); empty = in memory only
    // ("Keep a local copy" off): nothing is written to disk.
    QString directory;
    QString providerId; // kept in the file; a file of another provider or account is not used
    QString accountId;
    ItemPresentation presentation; // computes the rows' typed columns
    int busyTimeoutMs = 10000;     // how long a write waits for another process's write
};

} // namespace desk

Q_DECLARE_METATYPE(desk::ChangeSummary)
