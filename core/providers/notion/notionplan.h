#pragma once

// Notion's load plan: the pages and databases shared with the connection as a
// tree.
//
// - Reference: GET /v1/users/me names the synthetic root item (type and id
//   "workspace"), emitted first; without it the root is called "Workspace".
// - One stream: POST /v1/search pages through everything shared (page_size 100,
//   start_cursor / next_cursor / has_more; filtered to pages or databases when
//   only one of them is requested).
// - Hierarchy: parents before children; workspace -> the root; page_id /
//   database_id -> that item; block_id -> GET /v1/blocks/{id} (cached,
//   bounded) gives the page holding the block; parents never returned by search
//   (not shared with the integration) make orphans, put under the root with a
//   problem that names the missing parent — never dropped.
// Every request carries Notion-Version: 2022-06-28 and is paced one per 1/3 s
// (3 per second, no bursts); a 429 waits Retry-After.

#include "engine/loadplan.h"

namespace desk::notion {

LoadPlan plan(const PlanContext &context);
ApiDialect dialect(const LoadTuning &tuning);

} // namespace desk::notion
