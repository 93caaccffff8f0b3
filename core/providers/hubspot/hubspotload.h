#pragma once

// Inside HubSpot's load plan (not for use outside core/providers/hubspot/): the
// state one load's streams share, and the streams the plan is made of.
//
// - list streams (hubspotplan.cpp): GET /crm/objects/{v}/{type}, one cursor
//   per type, associations inline, truncated ones continued by follow-ups;
// - chunks (hubspotchunks.cpp): up to 1,000 known ids read with batch reads
//   (100 per call) and associations batch reads (1,000 inputs per call, paged
//   per input), all in flight at once;
// - the search route (hubspotroute.cpp): partitions of a large type searched by
//   hs_object_id range beside its list cursor, their ids read as chunks, and a
//   last search for what the index may have hidden;
// - incremental streams (hubspotroute.cpp): changes since a mark through search,
//   deletions through the archived listing.

#include "engine/loadplan.h"
#include "items/itemsource.h"
#include "providers/hubspot/hubspotapi.h"
#include "providers/hubspot/hubspotpage.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <memory>
#include <set>

namespace desk::hubspot {

// What one type's streams share.
struct TypeLoad
{
    QString type;
    QStringList properties;   // asked of every read of the type
    QSet<QString> seen;       // ids emitted by any stream of this load
    std::set<qint64> seenIds; // the same, as numbers in order (ranges are counted)
    QSet<QString> queued;     // ids in chunks not emitted yet
    QStringList pending;      // ids found and not read yet, in the order found
    QSet<QString> pendingSet;
    int chunksOut = 0;   // chunks spawned and not emitted
    int chunkSerial = 0; // names chunk streams
    int chainsLeft = 0;  // search partitions not done yet (running or waiting)
    // Partitions waiting for a free chain, by range index, lowest range first: the
    // next to start is the highest (the list, if it goes by id, reads the low ones).
    QVector<int> rangesLeft;
    int ranges = 0;              // the search route's partitions, each a range of ids
    qint64 listRoundTripMs = -1; // of the list's first page, once it is in
    qint64 total = -1;           // the search route's count of the type when it was planned
    QString route;               // the route chunks of this type join ("" in a sync)
    bool sync = false;           // an incremental read: ids a chunk cannot read are gone
    qint64 sinceMs = 0;          // sync: changes at or after this (epoch ms, HubSpot's clock)
    QString minId, maxId;        // the search route's id range
};

struct Shared
{
    Api api;
    MappingContext context; // with reference data, for labelItem()
    MappingContext bare;    // URLs only: items are made before the references are in
    int pageSize = 100;
    bool followUps = true;
    int partitions = 0;   // LoadTuning::partitions
    qint64 lagMs = 0;     // the search index may trail this much
    qint64 startedMs = 0; // when the load was planned (epoch ms, this machine's clock)
    QString syncToken;    // what the load's streams hand back as their types' state
    const ItemSource *known = nullptr;
    QHash<QString, TypeLoad> types;

    TypeLoad *load(const QString &type)
    {
        const auto it = types.find(type);
        return it == types.end() ? nullptr : &it.value();
    }

    // By reference: a TypeLoad holds every id read so far, and QHash::value() would copy
    // them all for each request built (quadratic over a load of 100,000).
    const TypeLoad &loadOf(const QString &type) const
    {
        static const TypeLoad none;
        const auto it = types.constFind(type);
        return it == types.cend() ? none : it.value();
    }
};
using SharedPtr = std::shared_ptr<Shared>;

// Names in the streams' keys and routes.
inline const QString kListRoute = QStringLiteral("list");
inline const QString kSearchRoute = QStringLiteral("search");

// hubspotplan.cpp
QString modifiedProperty(const QString &type); // lastmodifieddate / hs_lastmodifieddate
QByteArray compact(const QJsonObject &object);
QString tr(const char *text);

// hubspotchunks.cpp
// Follow-ups reading the rest of the inline association lists a page cut off.
QVector<FollowUp> continuations(const SharedPtr &shared, const QString &type,
                                const ObjectPage &page);
// Without follow-ups: the items say that their lists are incomplete.
void noteTruncated(ItemBatch &items, const ObjectPage &page);
// Ids found by some stream: remembered until a chunk reads them (ids already
// seen or queued are dropped).
void addFound(const SharedPtr &shared, const QString &type, const QStringList &ids);
// Chunks for the ids found so far: while fewer than a few are out, or all of
// them (`flush`).
QVector<StreamSpec> takeChunks(const SharedPtr &shared, const QString &type, bool flush);
// The chunks a page of `type`'s streams may start: its own, and in a sync those
// of the other synced types (a changed record's other sides are read again).
QVector<StreamSpec> takeChunks(const SharedPtr &shared, const QString &type);
// The page's items were emitted: remember their ids.
void markSeen(const SharedPtr &shared, const ItemBatch &items);

// hubspotroute.cpp
// The search route of `type`: its planner (spawns the partitions, or withdraws).
StreamSpec plannerStream(const SharedPtr &shared, const QString &type);
// Incremental streams of `type`: changes through search, deletions through the
// archived listing.
QVector<StreamSpec> syncStreams(const SharedPtr &shared, const QString &type);

} // namespace desk::hubspot
