#pragma once

// Airtable's load plan: bases (GET /v0/meta/bases, paged by offset), for each
// base a stream of its tables (GET /v0/meta/bases/{id}/tables), and for each
// table the stream of its records (GET /v0/{base}/{table}?pageSize=100, paged
// by offset): run by start() when "records" is requested, else by
// fetchChildren(table) when the user opens the table.
//
// Every request counts against the rate budget of its base (the bases list
// against "meta"): several bases load in parallel, none over its limit. A
// records offset that expired (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE) starts
// the table again from the beginning; how long an offset lives is unverified,
// so the client restarts whenever one is refused, at any page.

#include "engine/loadplan.h"

namespace desk::airtable {

LoadPlan plan(const PlanContext &context);
std::optional<StreamSpec> children(const IntegrationItem &parent, const PlanContext &context);
ApiDialect dialect(const LoadTuning &tuning);

} // namespace desk::airtable
