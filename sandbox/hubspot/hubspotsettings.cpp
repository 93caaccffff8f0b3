// HubSpot settings-like read endpoints: properties, owners, pipelines and the
// account details (date-based paths only).
#include "hubspotcrm.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

QJsonObject ownerJson(const Owner &o)
{
    return QJsonObject{{u"id"_s, QString::number(o.id)},
                       {u"email"_s, o.email},
                       {u"firstName"_s, o.firstName},
                       {u"lastName"_s, o.lastName},
                       {u"userId"_s, o.userId},
                       {u"type"_s, u"PERSON"_s},
                       {u"createdAt"_s, HubSpotData::isoTime(o.createdMs)},
                       {u"updatedAt"_s, HubSpotData::isoTime(o.updatedMs)},
                       {u"archived"_s, false},
                       {u"teams"_s, QJsonArray()}};
}

} // namespace

HttpResponse HubSpotCrm::properties(ObjectType type)
{
    const TypeStore &store = m_data->store(type);
    QJsonArray results;
    int order = 0;
    for (const PropertyDef &p : store.schema) {
        QJsonArray options;
        int optionOrder = 0;
        for (const PropertyOption &o : p.options)
            options.append(QJsonObject{{u"label"_s, o.label},
                                       {u"value"_s, o.value},
                                       {u"displayOrder"_s, optionOrder++},
                                       {u"hidden"_s, false}});
        results.append(QJsonObject{{u"name"_s, p.name},
                                   {u"label"_s, p.label},
                                   {u"type"_s, p.type},
                                   {u"fieldType"_s, p.fieldType},
                                   {u"description"_s, p.description},
                                   {u"groupName"_s, p.groupName},
                                   {u"options"_s, options},
                                   {u"displayOrder"_s, order++},
                                   {u"calculated"_s, false},
                                   {u"externalOptions"_s, false},
                                   {u"hasUniqueValue"_s, p.name == u"hs_object_id"_s},
                                   {u"hidden"_s, false},
                                   {u"formField"_s, !p.always},
                                   {u"archived"_s, false},
                                   {u"createdAt"_s, u"2020-06-30T15:00:00.000Z"_s},
                                   {u"updatedAt"_s, u"2020-06-30T15:00:00.000Z"_s}});
    }
    return HttpResponse::json(200, QJsonObject{{u"results"_s, results}});
}

HttpResponse HubSpotCrm::owners(const HttpRequest &request, const Api &api)
{
    int limit = 100;
    QString error;
    if (!crm::parseLimit(request, 100, 500, &limit, &error))
        return crm::validationError(api, error);
    const QString email = request.queryValue(u"email"_s);
    // Every demo owner is active: archived=true lists none.
    const bool archived = request.queryValue(u"archived"_s) == u"true"_s;
    QVector<Owner> list;
    for (const Owner &o : m_data->owners())
        if (!archived && (email.isEmpty() || o.email.compare(email, Qt::CaseInsensitive) == 0))
            list.append(o);
    int start = 0;
    if (request.hasQuery(u"after"_s)) {
        bool ok = false;
        const qint64 after = request.queryValue(u"after"_s).toLongLong(&ok);
        if (!ok)
            return crm::validationError(api, u"invalid after cursor"_s);
        while (start < list.size() && list.at(start).id < after)
            ++start;
    }
    const int end = std::min<int>(int(list.size()), start + limit);
    QJsonArray results;
    for (int i = start; i < end; ++i)
        results.append(ownerJson(list.at(i)));
    QJsonObject body{{u"results"_s, results}};
    if (end < list.size()) {
        const QString next = QString::number(list.at(end).id);
        body.insert(u"paging"_s, crm::paging(next, nextLink(request, next)));
    }
    return HttpResponse::json(200, body);
}

HttpResponse HubSpotCrm::owner(const HttpRequest &request, const Api &api, const QString &id)
{
    const QString idProperty = request.queryValue(u"idProperty"_s);
    if (!idProperty.isNull() && idProperty != u"id"_s && idProperty != u"userId"_s)
        return crm::validationError(api, u"idProperty must be id or userId"_s);
    const bool byUser = idProperty == u"userId"_s;
    for (const Owner &o : m_data->owners())
        if (QString::number(byUser ? o.userId : o.id) == id)
            return HttpResponse::json(200, ownerJson(o));
    return crm::error(api, 404, u"OBJECT_NOT_FOUND"_s, u"Owner not found"_s);
}

HttpResponse HubSpotCrm::pipelines(ObjectType type)
{
    const Pipeline &p =
        type == ObjectType::Deals ? m_data->dealPipeline() : m_data->ticketPipeline();
    const QString stamp = u"2020-06-30T15:00:00.000Z"_s;
    QJsonArray stages;
    for (const PipelineStage &s : p.stages) {
        QJsonObject metadata;
        if (type == ObjectType::Deals) {
            metadata.insert(u"isClosed"_s, s.isClosed ? u"true"_s : u"false"_s);
            metadata.insert(u"probability"_s, s.probability);
        } else {
            metadata.insert(u"ticketState"_s, s.isClosed ? u"CLOSED"_s : u"OPEN"_s);
        }
        stages.append(QJsonObject{{u"id"_s, s.id},
                                  {u"label"_s, s.label},
                                  {u"displayOrder"_s, s.displayOrder},
                                  {u"metadata"_s, metadata},
                                  {u"createdAt"_s, stamp},
                                  {u"updatedAt"_s, stamp},
                                  {u"archived"_s, false},
                                  {u"writePermissions"_s, u"CRM_PERMISSIONS_ENFORCEMENT"_s}});
    }
    const QJsonObject pipeline{{u"id"_s, p.id},         {u"label"_s, p.label},
                               {u"displayOrder"_s, 0},  {u"stages"_s, stages},
                               {u"createdAt"_s, stamp}, {u"updatedAt"_s, stamp},
                               {u"archived"_s, false}};
    return HttpResponse::json(200, QJsonObject{{u"results"_s, QJsonArray{pipeline}}});
}

HttpResponse HubSpotCrm::accountDetails()
{
    // PortalInformationResponse: every field is required.
    return HttpResponse::json(
        200, QJsonObject{{u"portalId"_s, m_oauth->config().hubId},
                         {u"accountType"_s, u"STANDARD"_s},
                         {u"timeZone"_s, u"US/Eastern"_s},
                         {u"companyCurrency"_s, u"USD"_s},
                         {u"additionalCurrencies"_s, QJsonArray{u"EUR"_s, u"GBP"_s}},
                         {u"utcOffset"_s, u"-05:00"_s},
                         {u"utcOffsetMilliseconds"_s, -18000000},
                         {u"uiDomain"_s, u"app.hubspot.com"_s},
                         {u"dataHostingLocation"_s, u"na1"_s}});
}

} // namespace desk::sandbox::hubspot
