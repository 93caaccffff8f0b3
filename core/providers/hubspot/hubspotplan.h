#pragma once

// HubSpot's load plan: what LoadEngine runs for a request.
//
// - One stream per type (contacts, companies, deals, tickets), all in one rate
//   budget: GET /crm/v3/objects/{type}?limit=100&archived=false&properties=...
//   &associations=...&after=, pages in order. Associations come inline with the
//   list call (no extra request); an object whose inline list is itself paged
//   gets the rest from a v4 batch read per 100 such objects, a follow-up of its
//   page, continued per input while HubSpot pages the targets (documented as
//   "only present if there are more pages"; the sandbox never pages them: the
//   client copes with both).
// - References: owners (GET /crm/v3/owners, paged) and the pipelines of deals
//   and tickets (GET /crm/v3/pipelines/{type}); pages wait for them, so every
//   emitted item carries its labels. They never fail the load: without them the
//   items say that the names could not be read.
// - Totals: POST /crm/v3/objects/{type}/search with limit 1, on a budget of its
//   own (kSearchBudget), once a type shows more than one page.

#include "engine/loadplan.h"

#include <QString>
#include <QStringList>

namespace desk::hubspot {

// HubSpot's own default properties of each type plus the owner.
QStringList defaultProperties(const QString &type);
// What the list call asks for inline.
QStringList associationTargets(const QString &type);

LoadPlan plan(const PlanContext &context);

} // namespace desk::hubspot
