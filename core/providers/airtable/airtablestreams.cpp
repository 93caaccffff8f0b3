// Airtable's records streams: full listings, changes since the last refresh,
// id sweeps, and what each teaches the sync state (see airtablestreams.h).
#include "providers/airtable/airtablestreams.h"

#include "providers/airtable/airtablepage.h"

#include <QLoggingCategory>

namespace desk::airtable {

namespace {

Q_LOGGING_CATEGORY(lcStreams, "desk.core.providers.airtable.streams", QtInfoMsg)

const QString kRecords = QStringLiteral("records");
// A refresh asks for records modified after the last listing began, less this:
// the client's clock may run ahead of Airtable's (and times may be compared at
// a coarser precision). What the overlap reads again is recognised by its
// content hash and not emitted again.
constexpr qint64 kOverlapMs = 5 * 60 * 1000;
// Content hashes kept per table for that (a refresh that read more keeps these).
constexpr int kMaxRecent = 5000;

enum class Kind
{
    Full,    // every record, with every field
    Changes, // records modified since the table's last listing began
    Sweep,   // every record id (one cheap field): what is missing was deleted
};

// One stream's state, shared by its functions.
struct ListingState
{
    ListCursor current;     // of the request in flight (one at a time per stream)
    QSet<QString> issued;   // offsets Airtable gave in this run
    bool fromStart = false; // the listing began in this run
    QDateTime startedAt;    // when it began: the table's next `since`
    int emitted = 0;
    // Sync: what the table's streams learn, and whether it is whole (the
    // listing that learnt it began in this run).
    TableState table;
    bool whole = false;
    QSet<QString> present; // a sweep's ids
};
using StatePtr = std::shared_ptr<ListingState>;

QString keyOf(Kind kind, const QString &tableId)
{
    switch (kind) {
    case Kind::Full:
        return kRecords + QLatin1Char(':') + tableId;
    case Kind::Changes:
        return QStringLiteral("changes:") + tableId;
    case Kind::Sweep:
        return QStringLiteral("sweep:") + tableId;
    }
    return tableId;
}

QString labelOf(const TableRef &table)
{
    return QStringLiteral("\u201c%1\u201d")
        .arg(table.tableName.isEmpty() ? table.tableId : table.tableName);
}

ListingQuery queryFor(const PlanShared &shared, const TableRef &table, Kind kind)
{
    ListingQuery query{table.baseId, table.tableId, shared.pageSize, {}, {}};
    if (kind == Kind::Changes) {
        const TableState known = shared.sync->knownRecords.value(table.tableId);
        query.formula =
            QStringLiteral("IS_AFTER(LAST_MODIFIED_TIME(), '%1')")
                .arg(known.since.addMSecs(-kOverlapMs).toUTC().toString(Qt::ISODateWithMs));
    } else if (kind == Kind::Sweep) {
        query.pageSize = 100;
        if (!table.sweepField.isEmpty())
            query.fields = {table.sweepField};
    }
    return query;
}

IntegrationItem idItem(const Record &record)
{
    IntegrationItem item;
    item.id = record.id;
    item.type = kRecords;
    return item;
}

// The table's part of the records token, on its last stream's last page.
void finishTable(PlanShared &shared, const TableRef &table, ListingState &state, StreamPage &page)
{
    LoadSync &sync = *shared.sync;
    if (state.whole) {
        TableState learnt = state.table;
        learnt.baseId = table.baseId;
        learnt.since = state.startedAt;
        sync.tableParts.insert(table.tableId, encodeTable(table.tableId, learnt));
    } else if (sync.knownRecords.contains(table.tableId)) {
        // Read from a position of an earlier run: what it knows is not whole.
        sync.tableParts.insert(table.tableId,
                               encodeTable(table.tableId, sync.knownRecords.value(table.tableId)));
    }
    page.syncToken = recordsToken(sync.tableParts);
}

StreamSpec listingStream(const PlanSharedPtr &shared, const TableRef &table, Kind kind,
                         const StatePtr &state);

void trackChanges(const PlanSharedPtr &shared, const TableRef &table, const StatePtr &state,
                  StreamPage &page)
{
    const QHash<QString, QString> readBefore =
        shared->sync->knownRecords.value(table.tableId).recent;
    ItemBatch changed;
    for (IntegrationItem &item : page.items) {
        const QString hash = contentHash(item);
        if (state->table.recent.size() < kMaxRecent)
            state->table.recent.insert(item.id, hash);
        state->table.ids.insert(item.id);
        if (readBefore.value(item.id) != hash) // else: an overlap's re-read, unchanged
            changed.append(std::move(item));
    }
    page.items = std::move(changed);
    state->emitted += int(page.items.size());
    if (!page.nextCursor.isEmpty())
        return;
    state->whole = state->fromStart;
    if (!shared->sync->sweep) {
        finishTable(*shared, table, *state, page);
        return;
    }
    auto sweep = std::make_shared<ListingState>();
    sweep->table = state->table;
    sweep->whole = state->whole;
    sweep->startedAt = state->startedAt;
    page.spawn.append(listingStream(shared, table, Kind::Sweep, sweep));
}

void trackSweep(PlanShared &shared, const TableRef &table, ListingState &state, StreamPage &page)
{
    for (const IntegrationItem &item : std::as_const(page.items))
        state.present.insert(item.id);
    page.items.clear(); // ids only: nothing to show
    if (!page.nextCursor.isEmpty())
        return;
    if (state.fromStart) {
        for (auto it = state.table.ids.begin(); it != state.table.ids.end();) {
            if (state.present.contains(*it)) {
                ++it;
                continue;
            }
            page.removed.append({kRecords, *it});
            it = state.table.ids.erase(it);
        }
        qCInfo(lcStreams).noquote() << labelOf(table) << "sweep:" << state.present.size()
                                    << "records listed," << page.removed.size() << "removed";
    }
    finishTable(shared, table, state, page);
}

void trackPage(const PlanSharedPtr &shared, const TableRef &table, Kind kind, const StatePtr &state,
               StreamPage &page)
{
    switch (kind) {
    case Kind::Changes:
        trackChanges(shared, table, state, page);
        return;
    case Kind::Sweep:
        trackSweep(*shared, table, *state, page);
        return;
    case Kind::Full:
        for (const IntegrationItem &item : std::as_const(page.items))
            state->table.ids.insert(item.id);
        state->emitted += int(page.items.size());
        if (page.nextCursor.isEmpty()) {
            state->whole = state->fromStart;
            finishTable(*shared, table, *state, page);
        }
        return;
    }
}

StreamSpec listingStream(const PlanSharedPtr &shared, const TableRef &table, Kind kind,
                         const StatePtr &state)
{
    StreamSpec stream;
    stream.key = keyOf(kind, table.tableId);
    stream.type = kRecords;
    const bool synced = shared->sync != nullptr;
    stream.incremental = kind != Kind::Full;
    stream.sweeps = kind != Kind::Full && synced && shared->sync->sweep;
    stream.request = [state, query = queryFor(*shared, table, kind)](const QString &cursor) {
        state->current = ListCursor::decode(cursor);
        if (cursor.isEmpty()) {
            state->fromStart = true;
            if (!state->startedAt.isValid()) // a restart keeps the earlier (safer) start
                state->startedAt = QDateTime::currentDateTimeUtc();
        }
        return listingRequest(query, state->current);
    };
    stream.read = [shared, table, kind,
                   state](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseRecordsPage(document);
        if (!parsed.ok())
            return parsed.error();
        if (!parsed.value().offset.isEmpty())
            state->issued.insert(parsed.value().offset);
        const ListingPage listing = readListing(parsed.value(), state->current);
        StreamPage page;
        page.items.reserve(listing.records.size());
        for (const Record &record : listing.records)
            page.items.append(kind == Kind::Sweep
                                  ? idItem(record)
                                  : recordItem(record, table.baseId, table.tableId, table.tableName,
                                               table.primaryField, shared->web));
        page.nextCursor = listing.nextCursor;
        page.resumeCursor = listing.resumeCursor;
        return page;
    };
    stream.recover = [table, state](const Error &error) {
        return recoverListing(error, state->current, state->issued.contains(state->current.offset),
                              labelOf(table), state->emitted);
    };
    stream.finishPage = [shared, table, kind, state, synced](StreamPage &page) {
        if (synced)
            trackPage(shared, table, kind, state, page);
        else
            state->emitted += int(page.items.size());
    };
    return stream;
}

} // namespace

StreamSpec recordsStream(const PlanSharedPtr &shared, const TableRef &table)
{
    auto state = std::make_shared<ListingState>();
    const LoadSync &sync = *shared->sync;
    const auto known = sync.knownRecords.constFind(table.tableId);
    if (!sync.incremental || known == sync.knownRecords.cend())
        return listingStream(shared, table, Kind::Full, state);
    state->table.ids = known->ids; // what the caller holds; the changes add to it
    return listingStream(shared, table, Kind::Changes, state);
}

StreamSpec childRecordsStream(const PlanSharedPtr &shared, const TableRef &table)
{
    PlanSharedPtr plain = std::make_shared<PlanShared>(*shared);
    plain->sync.reset();
    return listingStream(plain, table, Kind::Full, std::make_shared<ListingState>());
}

} // namespace desk::airtable
