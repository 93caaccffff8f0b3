#pragma once

// The records streams of Airtable's plan (airtableplan.cpp holds the bases and
// tables streams): per table a full listing, or in a refresh the listing of the
// records changed since the last one (filterByFormula on LAST_MODIFIED_TIME())
// and, on the sweep's schedule, an id sweep after it (every record id, one cheap
// field each) whose missing ids are the table's removed records.

#include "engine/loadplan.h"
#include "providers/airtable/airtablelisting.h"
#include "providers/airtable/airtablesync.h"

#include <QUrl>
#include <memory>

namespace desk::airtable {

// What the plan's streams share within one load.
struct PlanShared
{
    QUrl web;
    int pageSize = 100;
    bool tables = false;
    bool records = false;
    std::shared_ptr<LoadSync> sync; // null: a child stream (records of an opened table)
};
using PlanSharedPtr = std::shared_ptr<PlanShared>;

struct TableRef
{
    QString baseId;
    QString tableId;
    QString tableName;
    QString primaryField; // name: the record's value of it is the item's name
    QString sweepField;   // id: what an id sweep asks for
};

// The stream(s) that read `table`'s records in this load: a full listing, or
// the changes since its last refresh (the id sweep follows when one is due).
StreamSpec recordsStream(const PlanSharedPtr &shared, const TableRef &table);
// The plain full listing, for a table the user opens (no sync state).
StreamSpec childRecordsStream(const PlanSharedPtr &shared, const TableRef &table);

} // namespace desk::airtable
