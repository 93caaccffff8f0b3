#include "hubspotcrm.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCrm, "desk.sandbox.hubspot.crm")

namespace desk::sandbox::hubspot {

namespace {

constexpr int kMaxLimit = 100;
constexpr int kMaxBatch = 100;

HttpResponse crmError(int status, const QString &category, const QString &message,
                      const QJsonObject &extra = {})
{
    QJsonObject body{{u"status"_s, u"error"_s},
                     {u"message"_s, message},
                     {u"correlationId"_s, newCorrelationId()},
                     {u"category"_s, category}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return HttpResponse::json(status, body);
}

HttpResponse validationError(const QString &message)
{
    return crmError(400, u"VALIDATION_ERROR"_s, message);
}

HttpResponse badObjectType(const QString &text)
{
    return crmError(400, u"VALIDATION_ERROR"_s, u"Unable to infer object type from: "_s + text);
}

// Parses limit: default when absent, error text when invalid.
bool parseLimit(const HttpRequest &request, int defaultLimit, int maxLimit, int *limit,
                QString *error)
{
    *limit = defaultLimit;
    if (!request.hasQuery(u"limit"_s))
        return true;
    bool ok = false;
    const int value = request.queryValue(u"limit"_s).toInt(&ok);
    if (!ok || value < 1) {
        *error = u"limit must be a positive integer"_s;
        return false;
    }
    if (value > maxLimit) {
        *error = u"limit must be at most "_s + QString::number(maxLimit) + u" (got "_s +
                 QString::number(value) + u")"_s;
        return false;
    }
    *limit = value;
    return true;
}

bool isTrue(const QString &value)
{
    return value.compare(u"true"_s, Qt::CaseInsensitive) == 0;
}

QString jsonId(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return {};
}

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

QJsonObject associationTypeJson(ObjectType from, ObjectType to)
{
    const AssociationType t = HubSpotData::associationType(from, to);
    return QJsonObject{{u"category"_s, u"HUBSPOT_DEFINED"_s},
                       {u"typeId"_s, t.typeId},
                       {u"label"_s, QJsonValue::Null}};
}

} // namespace

HubSpotCrm::HubSpotCrm(const HubSpotData *data, const HubSpotOAuth *oauth, RateLimiter *limiter)
    : m_data(data), m_oauth(oauth), m_limiter(limiter)
{}

void HubSpotCrm::registerRoutes(Router &router)
{
    const RouteKind data = RouteKind::Data;
    auto withType = [this](const QString &text, auto fn) -> HttpResponse {
        ObjectType type;
        if (!parseObjectType(text, &type))
            return badObjectType(text);
        return fn(type);
    };
    router.add("GET", u"/crm/v3/objects/{type}"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType t) {
                       return guarded(r, {requiredScope(t)}, [&] { return listObjects(r, t); });
                   });
               });
    router.add("POST", u"/crm/v3/objects/{type}/batch/read"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType t) {
                       return guarded(r, {requiredScope(t)}, [&] { return batchRead(r, t); });
                   });
               });
    // Before {type}/{id}: a literal segment wins over a parameter.
    router.add("POST", u"/crm/v3/objects/{type}/search"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType t) {
                       return guarded(
                           r, {requiredScope(t)}, [&] { return search(r, t); }, Limit::Search);
                   });
               });
    router.add("GET", u"/crm/v3/objects/{type}/{id}"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType t) {
                       return guarded(r, {requiredScope(t)},
                                      [&] { return getObject(r, t, p.value(u"id"_s)); });
                   });
               });
    router.add("POST", u"/crm/v4/associations/{from}/{to}/batch/read"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"from"_s), [&](ObjectType from) {
                       return withType(p.value(u"to"_s), [&](ObjectType to) {
                           return guarded(r, {requiredScope(from)},
                                          [&] { return associationsBatch(r, from, to); });
                       });
                   });
               });
    router.add("GET", u"/crm/v4/objects/{type}/{id}/associations/{toType}"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType from) {
                       return withType(p.value(u"toType"_s), [&](ObjectType to) {
                           return guarded(r, {requiredScope(from)}, [&] {
                               return associationsOf(r, from, p.value(u"id"_s), to);
                           });
                       });
                   });
               });
    router.add(
        "GET", u"/crm/v3/properties/{type}"_s, data,
        [this, withType](const HttpRequest &r, const PathParams &p) {
            return withType(p.value(u"type"_s), [&](ObjectType t) {
                const QString schemaScope = t == ObjectType::Tickets
                                                ? u"tickets"_s
                                                : u"crm.schemas."_s + typeName(t) + u".read"_s;
                return guarded(r, {requiredScope(t), schemaScope}, [&] { return properties(t); });
            });
        });
    router.add("GET", u"/crm/v3/owners"_s, data, [this](const HttpRequest &r, const PathParams &) {
        return guarded(r, {u"crm.objects.owners.read"_s}, [&] { return owners(r); });
    });
    router.add("GET", u"/crm/v3/owners/{id}"_s, data,
               [this](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, {u"crm.objects.owners.read"_s},
                                  [&] { return owner(p.value(u"id"_s)); });
               });
    router.add("GET", u"/crm/v3/pipelines/{type}"_s, data,
               [this, withType](const HttpRequest &r, const PathParams &p) {
                   return withType(p.value(u"type"_s), [&](ObjectType t) {
                       if (t != ObjectType::Deals && t != ObjectType::Tickets)
                           return validationError(u"Pipelines exist for deals and tickets only"_s);
                       return guarded(r, {requiredScope(t)}, [&] { return pipelines(t); });
                   });
               });
    router.add("GET", u"/"_s, RouteKind::Page,
               [this](const HttpRequest &r, const PathParams &) { return indexPage(r); });
    router.add("GET", u"/contacts/{hubId}/record/{objectTypeId}/{id}"_s, RouteKind::Page,
               [this](const HttpRequest &, const PathParams &p) {
                   return recordPage(p.value(u"hubId"_s), p.value(u"objectTypeId"_s),
                                     p.value(u"id"_s));
               });
}

void HubSpotCrm::setSearchRateLimit(int max, int windowMs)
{
    m_searchLimiter = RateLimiter(max, windowMs);
}

HttpResponse HubSpotCrm::guarded(const HttpRequest &request, const QStringList &anyOfScopes,
                                 const Body &body, Limit limit)
{
    const Authentication auth = m_oauth->authenticate(request);
    switch (auth.state) {
    case Authentication::State::Missing:
        return crmError(401, u"INVALID_AUTHENTICATION"_s,
                        u"Authentication credentials not found. This API supports OAuth 2.0 "
                        "authentication."_s);
    case Authentication::State::Unknown:
        return crmError(401, u"INVALID_AUTHENTICATION"_s,
                        u"Authentication credentials are invalid or were revoked."_s);
    case Authentication::State::Expired:
        return crmError(401, u"EXPIRED_AUTHENTICATION"_s,
                        u"The OAuth token used to make this call expired "_s +
                            QString::number(auth.expiredForMs / 1000) + u" second(s) ago."_s);
    case Authentication::State::Ok:
        break;
    }
    bool allowed = false;
    for (const QString &scope : anyOfScopes)
        allowed = allowed || auth.scopes.contains(scope);
    if (!allowed) {
        QJsonArray required;
        required.append(anyOfScopes.first());
        return crmError(
            403, u"MISSING_SCOPES"_s,
            u"This app hasn't been granted all required scopes to make this call. Read more "
            "about required scopes here: https://developers.hubspot.com/scopes."_s,
            QJsonObject{{u"errors"_s,
                         QJsonArray{QJsonObject{
                             {u"message"_s, u"One or more of the following scopes are required."_s},
                             {u"context"_s, QJsonObject{{u"requiredScopes"_s, required}}}}}},
                        {u"links"_s,
                         QJsonObject{{u"scopes"_s, u"https://developers.hubspot.com/scopes"_s}}}});
    }

    const auto rateLimited = [this, &auth](const QString &message, const QString &policy) {
        return HttpResponse::json(
            429, QJsonObject{{u"status"_s, u"error"_s},
                             {u"message"_s, message},
                             {u"errorType"_s, u"RATE_LIMIT"_s},
                             {u"correlationId"_s, newCorrelationId()},
                             {u"policyName"_s, policy},
                             {u"groupName"_s, QString(u"publicapi:oauth:"_s +
                                                      QString::number(m_oauth->config().appId) +
                                                      u':' + QString::number(auth.hubId))}});
    };
    if (limit == Limit::Search) {
        // Its own limit, and no X-HubSpot-RateLimit-* headers at all (as on HubSpot).
        if (!m_searchLimiter.take(QString::number(auth.hubId)).allowed)
            return rateLimited(u"You have reached your secondly limit."_s, u"SECONDLY"_s);
        return body();
    }

    auto addHeaders = [this](HttpResponse &response, int remaining) {
        if (!m_limiter->enabled())
            return;
        response.setHeader("X-HubSpot-RateLimit-Max", QByteArray::number(m_limiter->max()));
        response.setHeader("X-HubSpot-RateLimit-Remaining", QByteArray::number(remaining));
        response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds",
                           QByteArray::number(m_limiter->windowMs()));
    };
    const RateLimiter::Decision decision = m_limiter->take(QString::number(auth.hubId));
    if (!decision.allowed) {
        HttpResponse response = rateLimited(u"You have reached your ten secondly rate limit."_s,
                                            u"TEN_SECONDLY_ROLLING"_s);
        addHeaders(response, 0);
        return response;
    }
    HttpResponse response = body();
    addHeaders(response, decision.remaining);
    return response;
}

QVector<int> HubSpotCrm::columnsFor(ObjectType type, const QStringList &requested) const
{
    const TypeStore &store = m_data->store(type);
    QVector<int> columns;
    for (int c = 0; c < store.schema.size(); ++c) {
        const PropertyDef &p = store.schema.at(c);
        if (requested.isEmpty() ? p.isDefault : (p.always || requested.contains(p.name)))
            columns.append(c);
    }
    return columns;
}

QJsonObject HubSpotCrm::objectJson(ObjectType type, const ObjectRecord &record, int activeIndex,
                                   const QVector<int> &columns,
                                   const QVector<ObjectType> &associations) const
{
    const TypeStore &store = m_data->store(type);
    QJsonObject props;
    for (const int c : columns) {
        const QString &value = record.values[size_t(c)];
        props.insert(store.schema.at(c).name, value.isNull() ? QJsonValue() : QJsonValue(value));
    }
    QJsonObject object{{u"id"_s, QString::number(record.id)},
                       {u"properties"_s, props},
                       {u"createdAt"_s, HubSpotData::isoTime(record.createdMs)},
                       {u"updatedAt"_s, HubSpotData::isoTime(record.updatedMs)},
                       {u"archived"_s, record.archived}};
    if (record.archived)
        object.insert(u"archivedAt"_s, HubSpotData::isoTime(record.archivedMs));
    if (!associations.isEmpty() && activeIndex >= 0) {
        QJsonObject assoc;
        for (const ObjectType to : associations) {
            const std::vector<int> &linked = m_data->associated(type, to, activeIndex);
            if (linked.empty())
                continue;
            const QString name = HubSpotData::associationType(type, to).name;
            QJsonArray results;
            for (const int index : linked)
                results.append(QJsonObject{
                    {u"id"_s, QString::number(m_data->store(to).active[size_t(index)].id)},
                    {u"type"_s, name}});
            assoc.insert(typeName(to), QJsonObject{{u"results"_s, results}});
        }
        if (!assoc.isEmpty())
            object.insert(u"associations"_s, assoc);
    }
    return object;
}

QString HubSpotCrm::baseUrl(const HttpRequest &request) const
{
    const QByteArray host = request.header("host");
    if (!host.isEmpty())
        return u"http://"_s + QString::fromLatin1(host);
    return u"http://127.0.0.1:"_s + QString::number(request.localPort);
}

QString HubSpotCrm::nextLink(const HttpRequest &request, const QString &after) const
{
    Pairs query;
    for (const auto &p : request.query)
        if (p.first != u"after"_s)
            query.append(p);
    query.append({u"after"_s, after});
    return baseUrl(request) + request.path + u'?' + QString::fromLatin1(formEncode(query));
}

static QVector<ObjectType> parseAssociations(const QStringList &names)
{
    QVector<ObjectType> out;
    for (const QString &n : names) {
        ObjectType t;
        if (parseObjectType(n, &t) && !out.contains(t))
            out.append(t);
    }
    return out;
}

HttpResponse HubSpotCrm::listObjects(const HttpRequest &request, ObjectType type)
{
    int limit = 10;
    QString error;
    if (!parseLimit(request, 10, kMaxLimit, &limit, &error))
        return validationError(error);
    qint64 after = 0;
    if (request.hasQuery(u"after"_s)) {
        bool ok = false;
        after = request.queryValue(u"after"_s).toLongLong(&ok);
        if (!ok || after < 0)
            return validationError(u"after must be a paging cursor returned by a previous page"_s);
    }
    const bool archived = isTrue(request.queryValue(u"archived"_s));
    const QVector<int> columns = columnsFor(type, request.queryList(u"properties"_s));
    const QVector<ObjectType> associations =
        parseAssociations(request.queryList(u"associations"_s));

    const TypeStore &store = m_data->store(type);
    const auto &records = archived ? store.archived : store.active;
    const size_t start = size_t(store.lowerBound(after, archived));
    const size_t end = std::min(records.size(), start + size_t(limit));
    QJsonArray results;
    for (size_t i = start; i < end; ++i)
        results.append(objectJson(type, records[i], archived ? -1 : int(i), columns, associations));
    QJsonObject body{{u"results"_s, results}};
    if (end < records.size()) {
        const QString next = QString::number(records[end].id);
        body.insert(u"paging"_s,
                    QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, next},
                                                        {u"link"_s, nextLink(request, next)}}}});
    }
    return HttpResponse::json(200, body);
}

HttpResponse HubSpotCrm::getObject(const HttpRequest &request, ObjectType type, const QString &id)
{
    const bool archived = isTrue(request.queryValue(u"archived"_s));
    qint64 numeric = 0;
    int index = -1;
    const ObjectRecord *record =
        parseId(id, &numeric) ? m_data->store(type).find(numeric, archived, &index) : nullptr;
    if (!record)
        return crmError(404, u"OBJECT_NOT_FOUND"_s,
                        u"Object not found.  objectId are usually numeric."_s,
                        QJsonObject{{u"context"_s, QJsonObject{{u"id"_s, QJsonArray{id}}}}});
    return HttpResponse::json(200,
                              objectJson(type, *record, archived ? -1 : index,
                                         columnsFor(type, request.queryList(u"properties"_s)),
                                         parseAssociations(request.queryList(u"associations"_s))));
}

HttpResponse HubSpotCrm::batchRead(const HttpRequest &request, ObjectType type)
{
    const QString started = HubSpotData::isoTime(QDateTime::currentMSecsSinceEpoch());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (!doc.isObject())
        return validationError(u"Invalid input JSON: "_s + parseError.errorString());
    const QJsonObject input = doc.object();
    const QJsonArray inputs = input.value(u"inputs"_s).toArray();
    if (inputs.size() > kMaxBatch)
        return validationError(u"Batch read accepts at most 100 inputs (got "_s +
                               QString::number(inputs.size()) + u")"_s);
    QStringList requested;
    for (const QJsonValue &v : input.value(u"properties"_s).toArray())
        requested.append(v.toString());
    const QVector<int> columns = columnsFor(type, requested);
    const bool archived = isTrue(request.queryValue(u"archived"_s));

    QJsonArray results;
    QJsonArray missing;
    for (const QJsonValue &v : inputs) {
        const QString id = jsonId(v.toObject().value(u"id"_s));
        qint64 numeric = 0;
        int index = -1;
        const ObjectRecord *record =
            parseId(id, &numeric) ? m_data->store(type).find(numeric, archived, &index) : nullptr;
        if (record)
            results.append(objectJson(type, *record, -1, columns, {}));
        else
            missing.append(id);
    }
    QJsonObject body{{u"status"_s, u"COMPLETE"_s},
                     {u"results"_s, results},
                     {u"startedAt"_s, started},
                     {u"completedAt"_s, HubSpotData::isoTime(QDateTime::currentMSecsSinceEpoch())}};
    if (missing.isEmpty())
        return HttpResponse::json(200, body);
    body.insert(u"numErrors"_s, 1);
    body.insert(u"errors"_s,
                QJsonArray{QJsonObject{
                    {u"status"_s, u"error"_s},
                    {u"category"_s, u"OBJECT_NOT_FOUND"_s},
                    {u"message"_s, QString(u"Could not get some "_s + singularName(type).toUpper() +
                                           u" objects, they may be deleted or not exist. "
                                           "Check that ids are valid."_s)},
                    {u"context"_s, QJsonObject{{u"ids"_s, missing}}}}});
    return HttpResponse::json(207, body);
}

HttpResponse HubSpotCrm::associationsBatch(const HttpRequest &request, ObjectType from,
                                           ObjectType to)
{
    const QString started = HubSpotData::isoTime(QDateTime::currentMSecsSinceEpoch());
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return validationError(u"Invalid input JSON"_s);
    const QJsonArray inputs = doc.object().value(u"inputs"_s).toArray();
    if (inputs.size() > 1000)
        return validationError(u"Association batch read accepts at most 1000 inputs"_s);
    const TypeStore &store = m_data->store(from);
    const QJsonObject typeJson = associationTypeJson(from, to);
    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue &v : inputs) {
        const QString id = jsonId(v.toObject().value(u"id"_s));
        qint64 numeric = 0;
        int index = -1;
        if (!parseId(id, &numeric) || !store.find(numeric, false, &index)) {
            errors.append(QJsonObject{
                {u"status"_s, u"error"_s},
                {u"category"_s, u"OBJECT_NOT_FOUND"_s},
                {u"subCategory"_s, u"crm.associations.INVALID_OBJECT_IDS"_s},
                {u"message"_s, QString(singularName(from) + u" "_s + id + u" does not exist"_s)},
                {u"context"_s, QJsonObject{{u"fromObjectId"_s, QJsonArray{id}}}}});
            continue;
        }
        const std::vector<int> &linked = m_data->associated(from, to, index);
        if (linked.empty()) {
            errors.append(QJsonObject{
                {u"status"_s, u"error"_s},
                {u"category"_s, u"OBJECT_NOT_FOUND"_s},
                {u"subCategory"_s, u"crm.associations.NO_ASSOCIATIONS_FOUND"_s},
                {u"message"_s, QString(u"No "_s + singularName(to) + u" is associated with "_s +
                                       singularName(from) + u" "_s + id + u"."_s)},
                {u"context"_s, QJsonObject{{u"fromObjectId"_s, QJsonArray{id}}}}});
            continue;
        }
        QJsonArray toArray;
        for (const int i : linked)
            toArray.append(
                QJsonObject{{u"toObjectId"_s, double(m_data->store(to).active[size_t(i)].id)},
                            {u"associationTypes"_s, QJsonArray{typeJson}}});
        results.append(QJsonObject{{u"from"_s, QJsonObject{{u"id"_s, id}}}, {u"to"_s, toArray}});
    }
    QJsonObject body{{u"status"_s, u"COMPLETE"_s},
                     {u"results"_s, results},
                     {u"startedAt"_s, started},
                     {u"completedAt"_s, HubSpotData::isoTime(QDateTime::currentMSecsSinceEpoch())}};
    if (errors.isEmpty())
        return HttpResponse::json(200, body);
    body.insert(u"numErrors"_s, errors.size());
    body.insert(u"errors"_s, errors);
    return HttpResponse::json(207, body);
}

HttpResponse HubSpotCrm::associationsOf(const HttpRequest &request, ObjectType from,
                                        const QString &id, ObjectType to)
{
    int limit = 500;
    QString error;
    if (!parseLimit(request, 500, 500, &limit, &error))
        return validationError(error);
    qint64 numeric = 0;
    int index = -1;
    if (!parseId(id, &numeric) || !m_data->store(from).find(numeric, false, &index))
        return crmError(404, u"OBJECT_NOT_FOUND"_s, u"Object not found."_s,
                        QJsonObject{{u"context"_s, QJsonObject{{u"id"_s, QJsonArray{id}}}}});
    int offset = 0;
    if (request.hasQuery(u"after"_s)) {
        bool ok = false;
        offset = request.queryValue(u"after"_s).toInt(&ok);
        if (!ok || offset < 0)
            return validationError(u"invalid after cursor"_s);
    }
    const std::vector<int> &linked = m_data->associated(from, to, index);
    const QJsonObject typeJson = associationTypeJson(from, to);
    QJsonArray results;
    const int end = std::min(int(linked.size()), offset + limit);
    for (int i = offset; i < end; ++i)
        results.append(QJsonObject{
            {u"toObjectId"_s, double(m_data->store(to).active[size_t(linked[size_t(i)])].id)},
            {u"associationTypes"_s, QJsonArray{typeJson}}});
    QJsonObject body{{u"results"_s, results}};
    if (end < int(linked.size())) {
        const QString next = QString::number(end);
        body.insert(u"paging"_s,
                    QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, next},
                                                        {u"link"_s, nextLink(request, next)}}}});
    }
    return HttpResponse::json(200, body);
}

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

static QJsonObject ownerJson(const Owner &o)
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

HttpResponse HubSpotCrm::owners(const HttpRequest &request)
{
    int limit = 100;
    QString error;
    if (!parseLimit(request, 100, 500, &limit, &error))
        return validationError(error);
    const QString email = request.queryValue(u"email"_s);
    QVector<Owner> list;
    for (const Owner &o : m_data->owners())
        if (email.isEmpty() || o.email.compare(email, Qt::CaseInsensitive) == 0)
            list.append(o);
    int start = 0;
    if (request.hasQuery(u"after"_s)) {
        bool ok = false;
        const qint64 after = request.queryValue(u"after"_s).toLongLong(&ok);
        if (!ok)
            return validationError(u"invalid after cursor"_s);
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
        body.insert(u"paging"_s,
                    QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, next},
                                                        {u"link"_s, nextLink(request, next)}}}});
    }
    return HttpResponse::json(200, body);
}

HttpResponse HubSpotCrm::owner(const QString &id)
{
    for (const Owner &o : m_data->owners())
        if (QString::number(o.id) == id)
            return HttpResponse::json(200, ownerJson(o));
    return crmError(404, u"OBJECT_NOT_FOUND"_s, u"Owner not found"_s);
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
                                  {u"archived"_s, false}});
    }
    const QJsonObject pipeline{{u"id"_s, p.id},         {u"label"_s, p.label},
                               {u"displayOrder"_s, 0},  {u"stages"_s, stages},
                               {u"createdAt"_s, stamp}, {u"updatedAt"_s, stamp},
                               {u"archived"_s, false}};
    return HttpResponse::json(200, QJsonObject{{u"results"_s, QJsonArray{pipeline}}});
}

} // namespace desk::sandbox::hubspot
