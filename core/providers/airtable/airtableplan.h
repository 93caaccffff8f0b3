#pragma once

// Airtable's load plan: bases (GET /v0/meta/bases, paged by offset), for each
// base a stream of its tables (GET /v0/meta/bases/{id}/tables), and for each
// table the stream of its records (GET /v0/{base}/{table}?pageSize=100, paged
// by offset): run by start() when "records" is requested, else by
// fetchChildren(table) when the user opens the table.
//
// Pacing: every request counts against the user's budget (50 requests/s across
// all bases; the doc words it for personal access tokens, the client keeps it
// for OAuth tokens too), and the tables and records requests also against
// their base's (5 requests/s). Bases and tables load in parallel: with many
// bases the user's budget bounds the load, with one big table its base's
// budget and the round trip (its pages follow one another). A 429 holds the
// budget it met for 30 s (Retry-After when sent); see ApiClient for how the
// shared one is recognised.
//
// Expired offsets (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE): see
// airtablelisting.h. Incremental refresh (LoadMode::Incremental): bases and
// tables are listed in full, the records of each known table by what changed
// since its last listing, plus an id sweep at most hourly for deletions; gone
// bases, tables and records are reported as removed keys (airtablestreams.h,
// airtablesync.h).

#include "engine/loadplan.h"

namespace desk::airtable {

LoadPlan plan(const PlanContext &context);
std::optional<StreamSpec> children(const IntegrationItem &parent, const PlanContext &context);
ApiDialect dialect(const LoadTuning &tuning);

} // namespace desk::airtable
