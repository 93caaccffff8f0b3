#pragma once

// What Notion's incremental refresh continues from (the sync token, the same
// for every Notion type) and what the streams of one load read together.
//
// The token holds:
// - `mark`: the newest last_edited_time read. A refresh reads, newest first,
//   everything edited on or after mark - kOverlap (Notion's times have minute
//   precision, and search may lag behind an edit a little), so it sees some
//   items again: callers replace by key.
// - `databases`: the databases shown and their data sources. Search never
//   returns databases, so a refresh reads each of them again (renamed, moved,
//   trashed, a data source gone from it).
// - `parents`: every item that has children, with its type and name. A
//   refresh reads only what changed, so a changed item's parent is usually not
//   part of it: it goes under the parent kept here (no request). And when such
//   a parent's name changed, its children's Parent column must follow: Notion
//   has no cheap list of a page's children, so the refresh then reads
//   everything (as a full load does, without sweeping).

#include "engine/loadplan.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace desk::notion {

inline constexpr qint64 kOverlapMs = 2 * 60 * 1000;

struct SyncToken
{
    QDateTime mark;                        // UTC; invalid: none
    QHash<QString, QStringList> databases; // database id -> its data source ids
    QHash<QString, KnownParent> parents;   // id ("workspace" for the root) -> type, name

    QString encode() const;
    // nullopt: not a token of this version (a refresh then reads everything).
    static std::optional<SyncToken> decode(const QString &text);
};

// Shared by the streams, lookups and the token of one load (all on the engine's
// thread). Streams record what they emit in their finishPage (once per page,
// in order), so a page read twice (a malformed body retried) counts once.
struct LoadState
{
    bool incremental = false;
    SyncToken previous;   // incremental: where this refresh continues from
    QDateTime cutoff;     // incremental: items edited before it did not change
    QString objectFilter; // search filter value: "data_source" without pages, else empty
    int pageSize = 100;

    QDateTime newest;                      // newest last_edited_time read
    QHash<QString, KnownParent> names;     // live items read: type and name
    QSet<QString> parentRefs;              // ids items name as their parent
    QSet<QString> blockRefs;               // blocks items name as their parent
    QHash<QString, QString> blockParents;  // block -> what it hangs under (page or block)
    QHash<QString, QStringList> databases; // databases read live and shown -> data sources
    QSet<QString> removed;                 // ids found gone in this load
    QSet<QString> liveDataSources;         // data sources read live in this load
    bool readsEverything = false;          // incremental: a parent was renamed

    // An edit time read (the mark follows the newest).
    void sawEdit(const QDateTime &edited);
    // A live item read: its name may be a parent's; was it renamed since the token?
    bool sawLive(const IntegrationItem &item, const ParentRef &parent);
    // What a parent is, from what this load read or the token kept; nullopt when
    // unknown or gone.
    std::optional<KnownParent> known(const QString &id) const;
    // Edited on or after the cutoff (or no cutoff, or no time): to be read.
    bool changed(const QDateTime &edited) const;
    // The token once the load is over.
    QString token() const;
};

} // namespace desk::notion
