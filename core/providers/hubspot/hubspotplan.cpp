// HubSpot's load plan: which streams read which type, the list streams and the
// reference data.
#include "providers/hubspot/hubspotplan.h"

#include "providers/hubspot/hubspotload.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <memory>

namespace desk::hubspot {

namespace {
Q_LOGGING_CATEGORY(lcPlan, "desk.core.hubspot", QtInfoMsg)

constexpr int kMaxPageSize = 100; // HubSpot's maximum for list calls
const QString kTokenPrefix = QStringLiteral("hs1:");
constexpr qint64 kClockSkewMs = 60000; // this machine's clock against HubSpot's, at most

ApiRequest getRequest(const QString &path, QUrlQuery query, int limit, const QString &after)
{
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isEmpty())
        query.addQueryItem(QStringLiteral("after"), after);
    ApiRequest request;
    request.url = QUrl(path);
    request.url.setQuery(query);
    return request;
}

StreamSpec listStream(const SharedPtr &shared, const QString &type, bool routed)
{
    const QStringList properties = shared->loadOf(type).properties;
    const QStringList targets = associationTargets(type);
    StreamSpec stream;
    stream.key = type;
    stream.type = type;
    if (routed) {
        stream.route = kListRoute;
        stream.dedupe = true;
    }
    // When the first page was asked for: its round trip tells the search route
    // how fast the list alone reads.
    auto firstAskedAt = std::make_shared<qint64>(0);
    stream.request = [shared, type, properties, targets, firstAskedAt](const QString &after) {
        if (after.isEmpty())
            *firstAskedAt = QDateTime::currentMSecsSinceEpoch();
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("archived"), QStringLiteral("false"));
        query.addQueryItem(QStringLiteral("properties"), properties.join(QLatin1Char(',')));
        query.addQueryItem(QStringLiteral("associations"), targets.join(QLatin1Char(',')));
        ApiRequest request = getRequest(shared->api.objects(type), query, shared->pageSize, after);
        // Once search partitions read the type too: before their queued batch
        // reads, as a list page reads 100 records with their associations in one
        // request and its cursor has only one out.
        const TypeLoad *load = shared->load(type);
        request.priority = load && load->ranges > 0 ? 1 : 0;
        return request;
    };
    stream.read = [shared, type,
                   firstAskedAt](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseObjectPage(document);
        if (!parsed.ok())
            return parsed.error();
        if (TypeLoad *load = shared->load(type); load && load->listRoundTripMs < 0)
            load->listRoundTripMs = QDateTime::currentMSecsSinceEpoch() - *firstAskedAt;
        StreamPage page;
        page.items.reserve(parsed.value().results.size());
        for (const ObjectRecord &record : parsed.value().results)
            page.items.append(toItem(record, type, shared->bare));
        page.nextCursor = parsed.value().nextAfter;
        page.syncToken = shared->syncToken;
        if (shared->followUps)
            page.followUps = continuations(shared, type, parsed.value());
        else
            noteTruncated(page.items, parsed.value());
        return page;
    };
    stream.finishPage = [shared](StreamPage &page) {
        for (IntegrationItem &item : page.items)
            labelItem(item, shared->context);
        markSeen(shared, page.items);
    };
    return stream;
}

StreamSpec ownersStream(const SharedPtr &shared)
{
    StreamSpec stream;
    stream.key = QStringLiteral("owners");
    stream.request = [shared](const QString &after) {
        return getRequest(shared->api.owners(), {}, shared->pageSize, after);
    };
    stream.read = [shared](const QJsonDocument &document) -> Result<StreamPage> {
        auto owners = parseOwnersPage(document);
        if (!owners.ok())
            return owners.error();
        StreamPage page;
        page.nextCursor = owners.value().nextAfter;
        page.apply = [shared, names = owners.value().names] {
            for (auto it = names.cbegin(); it != names.cend(); ++it)
                shared->context.owners.insert(it.key(), it.value());
        };
        return page;
    };
    stream.recover = [shared](const Error &error) -> std::optional<StreamPage> {
        // Not fatal: the items keep the owner ids and say the names are missing.
        qCWarning(lcPlan).noquote() << "owners unavailable:" << error.detail;
        shared->context.ownersRead = false;
        return StreamPage();
    };
    return stream;
}

StreamSpec pipelinesStream(const SharedPtr &shared, const QString &type)
{
    const bool deals = type == QLatin1String("deals");
    StreamSpec stream;
    stream.key = QStringLiteral("pipelines:") + type;
    stream.type = type;
    stream.request = [shared, type](const QString &) {
        ApiRequest request;
        request.url = QUrl(shared->api.pipelines(type));
        return request;
    };
    stream.read = [shared, deals](const QJsonDocument &document) -> Result<StreamPage> {
        auto labels = parsePipelines(document);
        if (!labels.ok())
            return labels.error();
        StreamPage page;
        page.apply = [shared, deals, labels = labels.value()] {
            (deals ? shared->context.dealPipelines : shared->context.ticketPipelines) = labels;
        };
        return page;
    };
    stream.recover = [shared, deals, type](const Error &error) -> std::optional<StreamPage> {
        qCWarning(lcPlan).noquote() << type << "pipelines unavailable:" << error.detail;
        (deals ? shared->context.dealPipelinesRead : shared->context.ticketPipelinesRead) = false;
        return StreamPage();
    };
    return stream;
}

TotalSpec totalFor(const SharedPtr &shared, const QString &type)
{
    TotalSpec total;
    total.type = type;
    total.request.verb = QByteArrayLiteral("POST");
    total.request.url = QUrl(shared->api.search(type));
    total.request.body = compact(
        QJsonObject{{QStringLiteral("limit"), 1},
                    {QStringLiteral("properties"), QJsonArray{QStringLiteral("hs_object_id")}}});
    total.request.budget = kSearchBudget;
    total.request.observeRateHeaders = false; // search answers carry no rate-limit headers
    total.request.tag = type + QStringLiteral(":search");
    total.read = &parseSearchTotal;
    return total;
}

// The mark a type's sync state holds: the load's start, epoch ms.
qint64 markOf(const SyncState &state)
{
    if (!state.token.startsWith(kTokenPrefix))
        return -1;
    bool ok = false;
    const qint64 mark = state.token.mid(kTokenPrefix.size()).toLongLong(&ok);
    return ok && mark > 0 ? mark : -1;
}

// Read `type` incrementally? Only with a mark to continue from and a full
// sweep within the last day.
bool incremental(const PlanContext &context, const QString &type, qint64 nowMs)
{
    if (context.request.mode != LoadMode::Incremental)
        return false;
    const SyncState state = context.request.syncStates.value(type);
    return markOf(state) > 0 && state.lastFullSweep.isValid() &&
           nowMs - state.lastFullSweep.toMSecsSinceEpoch() < kFullSweepEveryMs;
}

SharedPtr sharedState(const PlanContext &context, const Api &api)
{
    auto shared = std::make_shared<Shared>();
    shared->api = api;
    shared->bare.webBaseUrl = context.profile.webBaseUrl;
    shared->bare.hubId = context.request.accountId;
    shared->bare.referenceData = false;
    shared->context = shared->bare;
    shared->context.referenceData = context.tuning.referenceData;
    if (context.tuning.pageSize > 0)
        shared->pageSize = qMin(context.tuning.pageSize, kMaxPageSize);
    shared->followUps = context.tuning.followUps;
    shared->partitions = context.tuning.partitions;
    shared->lagMs = context.tuning.indexLagMs >= 0 ? context.tuning.indexLagMs : kAssumedIndexLagMs;
    shared->startedMs = QDateTime::currentMSecsSinceEpoch();
    shared->syncToken = kTokenPrefix + QString::number(shared->startedMs);
    shared->known = context.request.known;
    for (const QString &type : context.request.objectTypes) {
        TypeLoad load;
        load.type = type;
        load.properties = defaultProperties(type);
        for (const QString &extra : context.request.extraProperties.value(type))
            if (!load.properties.contains(extra))
                load.properties.append(extra);
        shared->types.insert(type, load);
    }
    return shared;
}

} // namespace

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::hubspot", text);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString modifiedProperty(const QString &type)
{
    return type == QLatin1String("contacts") ? QStringLiteral("lastmodifieddate")
                                             : QStringLiteral("hs_lastmodifieddate");
}

QStringList defaultProperties(const QString &type)
{
    // HubSpot's own defaults for each type (see provider-apis.md) plus the owner.
    const QString owner = QStringLiteral("hubspot_owner_id");
    if (type == QLatin1String("contacts"))
        return {QStringLiteral("createdate"),
                QStringLiteral("email"),
                QStringLiteral("firstname"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("lastmodifieddate"),
                QStringLiteral("lastname"),
                owner};
    if (type == QLatin1String("companies"))
        return {QStringLiteral("createdate"),
                QStringLiteral("domain"),
                QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("name"),
                owner};
    if (type == QLatin1String("deals"))
        return {QStringLiteral("amount"),
                QStringLiteral("closedate"),
                QStringLiteral("createdate"),
                QStringLiteral("dealname"),
                QStringLiteral("dealstage"),
                QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("pipeline"),
                owner};
    if (type == QLatin1String("tickets"))
        return {QStringLiteral("content"),
                QStringLiteral("createdate"),
                QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("hs_pipeline"),
                QStringLiteral("hs_pipeline_stage"),
                QStringLiteral("hs_ticket_category"),
                QStringLiteral("hs_ticket_priority"),
                QStringLiteral("subject"),
                owner};
    return {};
}

QStringList associationTargets(const QString &type)
{
    QStringList targets = objectTypes();
    targets.removeAll(type);
    return targets;
}

LoadPlan plan(const PlanContext &context, const Api &api)
{
    const SharedPtr shared = sharedState(context, api);
    LoadPlan plan;
    if (context.tuning.referenceData) {
        plan.references.append(ownersStream(shared));
        for (const QString &type : {QStringLiteral("deals"), QStringLiteral("tickets")})
            if (context.wants(type))
                plan.references.append(pipelinesStream(shared, type));
    }
    const qint64 now = shared->startedMs;
    for (const QString &type : context.request.objectTypes) {
        if (incremental(context, type, now)) {
            // A change made up to the index lag before the mark may only have
            // become visible after it; a minute more for the two machines' clocks.
            TypeLoad &load = shared->types[type];
            load.sync = true;
            load.sinceMs =
                markOf(context.request.syncStates.value(type)) - shared->lagMs - kClockSkewMs;
            plan.streams += syncStreams(shared, type);
            continue;
        }
        const bool routed = context.tuning.partitions >= 0;
        plan.streams.append(listStream(shared, type, routed));
        if (routed) {
            shared->types[type].route = kSearchRoute;
            plan.streams.append(plannerStream(shared, type));
        } else if (context.tuning.totals) {
            plan.totals.append(totalFor(shared, type));
        }
    }
    return plan;
}

} // namespace desk::hubspot
