#pragma once

// Notion's load plan at Notion-Version 2026-03-11: the workspace as a tree of
// pages, databases and their data sources, read in full or incrementally.
//
// Full load:
// - Reference: GET /v1/users/me names the root (type and id "workspace").
// - POST /v1/search, sorted by last_edited_time ascending (an item edited
//   while the load runs moves to the end and is read again, never skipped):
//   every page (database rows included) and data source shared with the
//   integration and not in the trash. Trashed items are not shown.
// - Search never returns databases (the containers): each data source's
//   database is read with GET /v1/databases/{id}, those requests in parallel
//   with the search. A database with several data sources shows each of them
//   under it; rows (parent data_source_id) hang under their data source.
// - Hierarchy: parents before children; block parents through GET
//   /v1/blocks/{id} (cached, bounded); parents never read (not shared with the
//   integration) make orphans under the root with a problem, never dropped.
//
// Incremental refresh (LoadMode::Incremental, every type holding the same
// token: notionsync.h), everything else as above:
// - search sorted by last_edited_time descending, stopping at the token's
//   mark less the overlap: changed pages and data sources;
// - search with filter in_trash, the same way: pages and data sources moved to
//   the trash since, reported as removed keys (rows of a trashed data source
//   also through its query with in_trash, whether or not trashing moved their
//   edit times);
// - every known database again: changed ones re-emitted, trashed or empty ones
//   (and data sources gone from one) removed;
// - a changed item's parent that is not part of the refresh is the one the
//   token keeps, else read (GET /v1/pages|data_sources|databases/{id});
// - a renamed parent (its children show its name) makes the refresh read
//   everything as a full load does.
// What it cannot see (a full load, which also sweeps, catches it): pages whose
// sharing with the integration was removed (they vanish from search without
// going to the trash) or added (their edit time is old); trash whose edit time
// did not move. docs/providers.md has the full sweep schedule.

#include "engine/loadplan.h"

namespace desk::notion {

LoadPlan plan(const PlanContext &context);

} // namespace desk::notion
