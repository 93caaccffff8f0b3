#pragma once

// HubSpot's load plan: what LoadEngine runs for a request (all paths of one
// API version, see Api).
//
// Full read of a type:
// - its list cursor: GET /crm/objects/{v}/{type}?limit=100&properties=…
//   &associations=<the other three types>&after=…, pages in order; an object
//   whose inline association list is cut off (100 per type) gets the rest from
//   the associations batch read, continued per input from the inline cursor, a
//   follow-up of its page. Nothing is dropped: a list that could not be read to
//   the end leaves a sentence in the item's problems;
// - beside it, for a large type, the search route (hubspotload.h): partitions
//   by hs_object_id range read with batch reads, several requests in flight;
//   whichever of the two reads the type completely first ends it (see
//   docs/providers.md, "Partitioned loading", for the completion rule).
// Incremental read of a type (LoadMode::Incremental with a sync state): the
// changes since the state's mark through search, deletions through the
// archived listing; a full read instead when there is no state yet or the last
// full sweep is older than a day (association changes between two unchanged
// records cannot be seen otherwise).
// References: owners (GET /crm/owners/{v}, paged) and the pipelines of deals and
// tickets (GET /crm/pipelines/{v}/{type}); pages wait for them, so every emitted
// item carries its labels. They never fail the load: without them the items say
// that the names could not be read.

#include "engine/loadplan.h"
#include "providers/hubspot/hubspotapi.h"

#include <QString>
#include <QStringList>

namespace desk::hubspot {

// HubSpot's own default properties of each type plus the owner.
QStringList defaultProperties(const QString &type);
// What a record's associations are read for: the other three types.
QStringList associationTargets(const QString &type);
// A full read of a type is due after this long even in an incremental load.
constexpr qint64 kFullSweepEveryMs = 24LL * 3600 * 1000;
// The search index is assumed to trail the records by at most this much, unless
// LoadTuning::indexLagMs says otherwise (see docs/providers.md).
constexpr qint64 kAssumedIndexLagMs = 10000;

LoadPlan plan(const PlanContext &context, const Api &api = {});

} // namespace desk::hubspot
