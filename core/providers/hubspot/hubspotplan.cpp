#include "providers/hubspot/hubspotplan.h"

#include "providers/hubspot/hubspotapi.h"
#include "providers/hubspot/hubspotpage.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <memory>

namespace desk::hubspot {

namespace {
Q_LOGGING_CATEGORY(lcPlan, "desk.core.hubspot", QtInfoMsg)

constexpr int kMaxPageSize = 100; // HubSpot's maximum for list calls
constexpr int kBatchLimit = 100;  // v4 batch read inputs per call

// One load's state shared by its streams: reference data arrives in the
// references' pages and labels the items when their pages are emitted.
struct Shared
{
    MappingContext context; // with reference data, for labelItem()
    MappingContext bare;    // URLs only: items are made before the references are in
    int pageSize = kMaxPageSize;
    bool followUps = true;
};
using SharedPtr = std::shared_ptr<Shared>;

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::hubspot", text);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

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

// ---- associations: follow-ups for truncated inline lists -------------------------

FollowUp associationFollowUp(const QString &type, const QString &target, const QJsonArray &inputs);

void mergeAssociations(ItemBatch &items, const QString &target,
                       const QHash<QString, QStringList> &links)
{
    for (IntegrationItem &item : items) {
        const auto found = links.constFind(item.id);
        if (found == links.cend())
            continue;
        QStringList &ids = item.associations[target];
        for (const QString &id : found.value())
            if (!ids.contains(id))
                ids.append(id);
    }
}

Result<FollowUpReading> readAssociations(const QString &type, const QString &target,
                                         const QJsonDocument &document)
{
    auto parsed = parseAssociationBatchPage(document);
    if (!parsed.ok())
        return parsed.error();
    const AssociationBatch batch = std::move(parsed).value();
    FollowUpReading reading;
    reading.apply = [target, links = batch.links](ItemBatch &items) {
        mergeAssociations(items, target, links);
    };
    // Inputs whose targets go on: ask again with the same id and its `after`.
    QJsonArray inputs;
    for (auto it = batch.more.cbegin(); it != batch.more.cend(); ++it) {
        inputs.append(
            QJsonObject{{QStringLiteral("id"), it.key()}, {QStringLiteral("after"), it.value()}});
        if (inputs.size() == kBatchLimit) {
            reading.next.append(associationFollowUp(type, target, inputs));
            inputs = QJsonArray();
        }
    }
    if (!inputs.isEmpty())
        reading.next.append(associationFollowUp(type, target, inputs));
    return reading;
}

FollowUp associationFollowUp(const QString &type, const QString &target, const QJsonArray &inputs)
{
    FollowUp followUp;
    followUp.request.verb = QByteArrayLiteral("POST");
    followUp.request.url = QUrl(QStringLiteral("/crm/v4/associations/") + type + QLatin1Char('/') +
                                target + QStringLiteral("/batch/read"));
    followUp.request.body = compact(QJsonObject{{QStringLiteral("inputs"), inputs}});
    followUp.read = [type, target](const QJsonDocument &document) {
        return readAssociations(type, target, document);
    };
    return followUp;
}

// Objects whose inline association list was cut off: the rest with v4 batch
// reads, up to 100 objects per call.
QVector<FollowUp> associationFollowUps(const QString &type, const ObjectPage &page)
{
    QHash<QString, QStringList> idsByTarget;
    for (const ObjectRecord &record : page.results)
        for (const QString &target : record.truncatedAssociations)
            idsByTarget[target].append(record.id);
    QVector<FollowUp> followUps;
    for (auto it = idsByTarget.cbegin(); it != idsByTarget.cend(); ++it)
        for (int from = 0; from < it.value().size(); from += kBatchLimit) {
            QJsonArray inputs;
            for (const QString &id : it.value().mid(from, kBatchLimit))
                inputs.append(QJsonObject{{QStringLiteral("id"), id}});
            followUps.append(associationFollowUp(type, it.key(), inputs));
        }
    return followUps;
}

// Without follow-ups the items say that their lists are incomplete.
void noteTruncated(ItemBatch &items, const ObjectPage &page)
{
    for (int i = 0; i < page.results.size() && i < items.size(); ++i)
        for (const QString &target : page.results.at(i).truncatedAssociations)
            items[i].problems.append(tr("Only the first %1 associated %2 were read.")
                                         .arg(items.at(i).associations.value(target).size())
                                         .arg(target));
}

// ---- streams -------------------------------------------------------------------

StreamSpec typeStream(const SharedPtr &shared, const PlanContext &context, const QString &type)
{
    QStringList properties = defaultProperties(type);
    for (const QString &extra : context.request.extraProperties.value(type))
        if (!properties.contains(extra))
            properties.append(extra);
    const QStringList targets = associationTargets(type);
    StreamSpec stream;
    stream.key = type;
    stream.type = type;
    stream.request = [shared, type, properties, targets](const QString &after) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("archived"), QStringLiteral("false"));
        query.addQueryItem(QStringLiteral("properties"), properties.join(QLatin1Char(',')));
        if (!targets.isEmpty())
            query.addQueryItem(QStringLiteral("associations"), targets.join(QLatin1Char(',')));
        return getRequest(QStringLiteral("/crm/v3/objects/") + type, query, shared->pageSize,
                          after);
    };
    stream.read = [shared, type](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseObjectPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        page.items.reserve(parsed.value().results.size());
        for (const ObjectRecord &record : parsed.value().results)
            page.items.append(toItem(record, type, shared->bare));
        page.nextCursor = parsed.value().nextAfter;
        if (shared->followUps)
            page.followUps = associationFollowUps(type, parsed.value());
        else
            noteTruncated(page.items, parsed.value());
        return page;
    };
    stream.finishPage = [shared](StreamPage &page) {
        for (IntegrationItem &item : page.items)
            labelItem(item, shared->context);
    };
    return stream;
}

StreamSpec ownersStream(const SharedPtr &shared)
{
    StreamSpec stream;
    stream.key = QStringLiteral("owners");
    stream.request = [shared](const QString &after) {
        return getRequest(QStringLiteral("/crm/v3/owners"), {}, shared->pageSize, after);
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
    stream.request = [type](const QString &) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/crm/v3/pipelines/") + type);
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

TotalSpec totalFor(const QString &type)
{
    TotalSpec total;
    total.type = type;
    total.request.verb = QByteArrayLiteral("POST");
    total.request.url = QUrl(QStringLiteral("/crm/v3/objects/") + type + QStringLiteral("/search"));
    total.request.body = compact(
        QJsonObject{{QStringLiteral("limit"), 1},
                    {QStringLiteral("properties"), QJsonArray{QStringLiteral("hs_object_id")}}});
    total.request.budget = kSearchBudget;
    total.request.observeRateHeaders = false; // search answers carry no rate-limit headers
    total.read = &parseSearchTotal;
    return total;
}

} // namespace

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
    if (type == QLatin1String("contacts"))
        return {QStringLiteral("companies")};
    if (type == QLatin1String("deals") || type == QLatin1String("tickets"))
        return {QStringLiteral("companies"), QStringLiteral("contacts")};
    return {};
}

LoadPlan plan(const PlanContext &context)
{
    auto shared = std::make_shared<Shared>();
    shared->bare.webBaseUrl = context.profile.webBaseUrl;
    shared->bare.hubId = context.request.accountId;
    shared->bare.referenceData = false;
    shared->context = shared->bare;
    shared->context.referenceData = context.tuning.referenceData;
    if (context.tuning.pageSize > 0)
        shared->pageSize = qMin(context.tuning.pageSize, kMaxPageSize);
    shared->followUps = context.tuning.followUps;

    LoadPlan plan;
    if (context.tuning.referenceData) {
        plan.references.append(ownersStream(shared));
        for (const QString &type : {QStringLiteral("deals"), QStringLiteral("tickets")})
            if (context.wants(type))
                plan.references.append(pipelinesStream(shared, type));
    }
    for (const QString &type : context.request.objectTypes) {
        plan.streams.append(typeStream(shared, context, type));
        if (context.tuning.totals)
            plan.totals.append(totalFor(type));
    }
    return plan;
}

} // namespace desk::hubspot
