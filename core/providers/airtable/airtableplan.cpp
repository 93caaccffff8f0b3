#include "providers/airtable/airtableplan.h"

#include "providers/airtable/airtablepage.h"
#include "providers/airtable/airtablespec.h"
#include "providers/providerkit.h"

#include <QUrlQuery>
#include <memory>

namespace desk::airtable {

namespace {

const QString kBases = QStringLiteral("bases");
const QString kTables = QStringLiteral("tables");
const QString kRecords = QStringLiteral("records");
const QString kMetaBudget = QStringLiteral("meta");
constexpr int kMaxPageSize = 100;
constexpr int kRequestsPerSecond = 5;      // per base, Airtable's documented limit
constexpr qint64 kRateLimitHoldMs = 30000; // a 429 (no Retry-After) blocks the base this long

struct Shared
{
    QUrl web;
    int pageSize = kMaxPageSize;
    bool tables = false;
    bool records = false;
};
using SharedPtr = std::shared_ptr<Shared>;

QString pathPart(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

SharedPtr shareContext(const PlanContext &context)
{
    auto shared = std::make_shared<Shared>();
    shared->web = context.profile.webBaseUrl;
    if (context.tuning.pageSize > 0)
        shared->pageSize = qBound(1, context.tuning.pageSize, kMaxPageSize);
    shared->tables = context.wants(kTables);
    shared->records = context.wants(kRecords);
    return shared;
}

struct TableRef
{
    QString baseId;
    QString tableId;
    QString tableName;
    QString primaryField;
};

StreamSpec recordsStream(const SharedPtr &shared, const TableRef &table)
{
    StreamSpec stream;
    stream.key = kRecords + QLatin1Char(':') + table.tableId;
    stream.type = kRecords;
    stream.request = [shared, table](const QString &offset) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("pageSize"), QString::number(shared->pageSize));
        if (!offset.isEmpty())
            query.addQueryItem(QStringLiteral("offset"), offset);
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/v0/") + pathPart(table.baseId) + QLatin1Char('/') +
                           pathPart(table.tableId));
        request.url.setQuery(query);
        request.budget = table.baseId;
        return request;
    };
    stream.read = [shared, table](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseRecordsPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        page.items.reserve(parsed.value().records.size());
        for (const Record &record : parsed.value().records)
            page.items.append(recordItem(record, table.baseId, table.tableId, table.tableName,
                                         table.primaryField, shared->web));
        page.nextCursor = parsed.value().offset;
        return page;
    };
    stream.recover = [](const Error &error) -> std::optional<StreamPage> {
        // "It may then restart iteration from the beginning."
        if (error.code == QLatin1String("LIST_RECORDS_ITERATOR_NOT_AVAILABLE"))
            return StreamPage::restarted();
        return std::nullopt;
    };
    return stream;
}

StreamSpec tablesStream(const SharedPtr &shared, const Base &base)
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
                page.spawn.append(recordsStream(
                    shared, {base.id, table.id, page.items.last().name, table.primaryFieldName}));
        }
        return page;
    };
    return stream;
}

StreamSpec basesStream(const SharedPtr &shared)
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
        request.budget = kMetaBudget;
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
    return stream;
}

} // namespace

LoadPlan plan(const PlanContext &context)
{
    LoadPlan plan;
    plan.streams.append(basesStream(shareContext(context)));
    return plan;
}

std::optional<StreamSpec> children(const IntegrationItem &parent, const PlanContext &context)
{
    if (parent.type != kTables || parent.id.isEmpty() || parent.parentId.isEmpty())
        return std::nullopt;
    StreamSpec stream =
        recordsStream(shareContext(context),
                      {parent.parentId, parent.id, parent.name,
                       parent.properties.value(QStringLiteral("primaryField")).toString()});
    stream.parentId = parent.id;
    return stream;
}

ApiDialect dialect(const LoadTuning &tuning)
{
    ApiDialect d;
    d.readError = &readErrorBody;
    d.pacing = providerkit::fixedWindowPacing(
        tuning.requestsPerSecond > 0 ? tuning.requestsPerSecond : kRequestsPerSecond, 1000,
        tuning.rateLimitHoldMs >= 0 ? tuning.rateLimitHoldMs : kRateLimitHoldMs);
    return d;
}

} // namespace desk::airtable
