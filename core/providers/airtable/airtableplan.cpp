// Airtable's load plan: the bases and tables streams, the sync state a load
// starts from, and the pacing of the per-base and per-user budgets. The
// records streams are in airtablestreams.cpp.
#include "providers/airtable/airtableplan.h"

#include "providers/airtable/airtablepage.h"
#include "providers/airtable/airtablespec.h"
#include "providers/airtable/airtablestreams.h"

#include <QUrlQuery>
#include <memory>

namespace desk::airtable {

namespace {

const QString kBases = QStringLiteral("bases");
const QString kTables = QStringLiteral("tables");
const QString kRecords = QStringLiteral("records");
constexpr int kMaxPageSize = 100;
constexpr int kRequestsPerSecond = 5;      // per base, Airtable's documented limit
constexpr int kUserRequestsPerSecond = 50; // per user across all bases (documented for PATs)
constexpr int kUserReserve = 2;            // of the user's 50 per second, kept unused
constexpr qint64 kRateLimitHoldMs = 30000; // a 429 (no Retry-After) blocks the budget this long
// Requests in flight for the whole client: the per-user budget with round trips
// of up to about half a second (the client spreads them over several network
// managers: see ApiClient).
constexpr int kMaxInFlight = 24;
// A refresh also sweeps for deleted records (every id, as many requests as a
// full load but a tenth of the bytes) when the last sweep is older than this.
constexpr qint64 kSweepIntervalMs = 60 * 60 * 1000;

QString pathPart(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

std::shared_ptr<LoadSync> syncFor(const PlanContext &context)
{
    auto sync = std::make_shared<LoadSync>();
    sync->records = context.wants(kRecords);
    const LoadRequest &request = context.request;
    if (request.mode != LoadMode::Incremental)
        return sync;
    sync->incremental = true;
    for (const QString &id : decodeBasesToken(request.syncStates.value(kBases).token))
        sync->knownBases.insert(id);
    sync->knownTables = decodeTablesToken(request.syncStates.value(kTables).token);
    const SyncState records = request.syncStates.value(kRecords);
    if (auto tables = decodeRecordsToken(records.token)) {
        sync->knownRecords = std::move(*tables);
        sync->hasRecordsToken = true;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    sync->sweep = sync->hasRecordsToken && (!records.lastFullSweep.isValid() ||
                                            records.lastFullSweep.msecsTo(now) >= kSweepIntervalMs);
    return sync;
}

PlanSharedPtr shareContext(const PlanContext &context, bool withSync)
{
    auto shared = std::make_shared<PlanShared>();
    shared->web = context.profile.webBaseUrl;
    if (context.tuning.pageSize > 0)
        shared->pageSize = qBound(1, context.tuning.pageSize, kMaxPageSize);
    shared->tables = context.wants(kTables);
    shared->records = context.wants(kRecords);
    if (withSync)
        shared->sync = syncFor(context);
    return shared;
}

// A tables page: the base's tables (and their records streams); in a refresh,
// the tables of this base that are gone, with their records.
void finishTablesPage(LoadSync &sync, const QString &baseId, StreamPage &page)
{
    QSet<QString> listed;
    for (const IntegrationItem &item : std::as_const(page.items)) {
        sync.listedTables.insert(item.id, baseId);
        listed.insert(item.id);
    }
    if (sync.incremental) {
        QSet<QString> known;
        for (auto it = sync.knownTables.cbegin(); it != sync.knownTables.cend(); ++it)
            if (it.value() == baseId)
                known.insert(it.key());
        for (auto it = sync.knownRecords.cbegin(); it != sync.knownRecords.cend(); ++it)
            if (it->baseId == baseId)
                known.insert(it.key());
        for (const QString &table : std::as_const(known))
            if (!listed.contains(table))
                page.removed += sync.vanishedTable(table);
    }
    page.syncToken = tablesToken(sync.listedTables);
}

StreamSpec tablesStream(const PlanSharedPtr &shared, const Base &base)
{
    StreamSpec stream;
    stream.key = kTables + QLatin1Char(':') + base.id;
    stream.type = kTables;
    if (shared->records)
        stream.spawnsTypes = {kRecords};
    stream.request = [id = base.id](const QString &) {
        ApiRequest request;
        request.url =
            QUrl(QStringLiteral("/v0/meta/bases/") + pathPart(id) + QStringLiteral("/tables"));
        request.budget = id;
        request.sharedBudgets = {kUserBudget};
        return request;
    };
    stream.read = [shared, base](const QJsonDocument &document) -> Result<StreamPage> {
        auto tables = parseTables(document);
        if (!tables.ok())
            return tables.error();
        StreamPage page;
        const QString baseName = base.name.isEmpty() ? base.id : base.name;
        for (const Table &table : std::as_const(tables.value())) {
            page.items.append(tableItem(table, base.id, baseName, shared->web));
            if (shared->records)
                page.spawn.append(
                    recordsStream(shared, {base.id, table.id, page.items.last().name,
                                           table.primaryFieldName, table.sweepFieldId}));
        }
        return page;
    };
    stream.finishPage = [shared, id = base.id](StreamPage &page) {
        finishTablesPage(*shared->sync, id, page);
    };
    return stream;
}

// A bases page; the last one gives the bases token and, in a refresh, the
// bases that are gone (with their tables and records).
void finishBasesPage(LoadSync &sync, StreamPage &page)
{
    for (const IntegrationItem &item : std::as_const(page.items))
        if (!sync.listedBases.contains(item.id))
            sync.listedBases.append(item.id);
    if (!page.nextCursor.isEmpty())
        return;
    if (sync.incremental) {
        QSet<QString> known = sync.knownBases;
        for (const QString &base : sync.knownTables)
            known.insert(base);
        for (const TableState &table : std::as_const(sync.knownRecords))
            known.insert(table.baseId);
        for (const QString &base : std::as_const(known))
            if (!sync.listedBases.contains(base))
                page.removed += sync.vanishedBase(base);
    }
    page.syncToken = basesToken(sync.listedBases);
}

StreamSpec basesStream(const PlanSharedPtr &shared)
{
    StreamSpec stream;
    stream.key = kBases;
    stream.type = kBases;
    stream.dedupe = true; // offset pages that overlap do not make a base twice
    if (shared->tables)
        stream.spawnsTypes = {kTables, kRecords};
    stream.request = [](const QString &offset) {
        QUrlQuery query;
        if (!offset.isEmpty())
            query.addQueryItem(QStringLiteral("offset"), offset);
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/v0/meta/bases"));
        request.url.setQuery(query);
        request.budget = kUserBudget; // not limited per base, but by the user's limit
        return request;
    };
    stream.read = [shared](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseBasesPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        for (const Base &base : std::as_const(parsed.value().bases)) {
            page.items.append(baseItem(base, shared->web));
            if (shared->tables)
                page.spawn.append(tablesStream(shared, base));
        }
        page.nextCursor = parsed.value().offset;
        return page;
    };
    stream.finishPage = [shared](StreamPage &page) { finishBasesPage(*shared->sync, page); };
    return stream;
}

} // namespace

LoadPlan plan(const PlanContext &context)
{
    LoadPlan plan;
    plan.streams.append(basesStream(shareContext(context, true)));
    return plan;
}

std::optional<StreamSpec> children(const IntegrationItem &parent, const PlanContext &context)
{
    if (parent.type != kTables || parent.id.isEmpty() || parent.parentId.isEmpty())
        return std::nullopt;
    const QVariantMap &p = parent.properties;
    StreamSpec stream = childRecordsStream(shareContext(context, false),
                                           {parent.parentId,
                                            parent.id,
                                            parent.name,
                                            p.value(QStringLiteral("primaryField")).toString(),
                                            {}});
    stream.parentId = parent.id;
    return stream;
}

ApiDialect dialect(const LoadTuning &tuning)
{
    const int perBase =
        tuning.requestsPerSecond > 0 ? tuning.requestsPerSecond : kRequestsPerSecond;
    const int perUser = tuning.sharedRequestsPerSecond > 0 ? tuning.sharedRequestsPerSecond
                                                           : kUserRequestsPerSecond;
    const qint64 hold = tuning.rateLimitHoldMs >= 0 ? tuning.rateLimitHoldMs : kRateLimitHoldMs;
    ApiDialect d;
    d.readError = &readErrorBody;
    // Every request counts against its base's budget (the bases list against
    // none) and against the user's, which spans all bases.
    d.pacing = [perBase, perUser, hold](RatePacer &pacer, const QString &budget) {
        const bool wide = budget.isEmpty() || budget == kUserBudget;
        pacer.setFixedWindows({RatePacer::Window{wide ? perUser : perBase, 1000}});
        // The user's limit also counts traffic this client does not pace (the
        // sign-in's identity request, another window): a little of it is left.
        pacer.setReserve(budget == kUserBudget ? kUserReserve : 0);
        pacer.setRateLimitedHoldMs(hold);
        if (wide) // the default pacer's cap bounds the whole client
            pacer.setMaxInFlight(kMaxInFlight);
    };
    return d;
}

} // namespace desk::airtable
