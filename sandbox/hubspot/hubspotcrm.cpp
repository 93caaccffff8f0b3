// HubSpot CRM routing for every served API flavour, the bearer/scope/rate-limit
// guard, the object endpoints (list, read, batch read) and the change endpoint.
#include "hubspotcrm.h"

#include "server/prng.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCrm, "desk.sandbox.hubspot.crm")

namespace desk::sandbox::hubspot {

namespace crm {

HttpResponse error(const Api &api, int status, const QString &category, const QString &message,
                   const QJsonObject &extra)
{
    QJsonObject body{{u"message"_s, message},
                     {u"correlationId"_s, newCorrelationId()},
                     {u"category"_s, category}};
    if (!api.dated())
        body.insert(u"status"_s, u"error"_s);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return HttpResponse::json(status, body);
}

HttpResponse validationError(const Api &api, const QString &message)
{
    return error(api, 400, u"VALIDATION_ERROR"_s, message);
}

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

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

QString jsonId(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return {};
}

QString baseUrl(const HttpRequest &request)
{
    const QByteArray host = request.header("host");
    if (!host.isEmpty())
        return u"http://"_s + QString::fromLatin1(host);
    return u"http://127.0.0.1:"_s + QString::number(request.localPort);
}

QString nowIso()
{
    return HubSpotData::isoTime(QDateTime::currentMSecsSinceEpoch());
}

HttpResponse batchAnswer(const QString &startedAt, const QJsonArray &results,
                         const QJsonArray &errors)
{
    QJsonObject body{{u"status"_s, u"COMPLETE"_s},
                     {u"results"_s, results},
                     {u"startedAt"_s, startedAt},
                     {u"completedAt"_s, nowIso()}};
    if (errors.isEmpty())
        return HttpResponse::json(200, body);
    body.insert(u"numErrors"_s, errors.size());
    body.insert(u"errors"_s, errors);
    return HttpResponse::json(207, body);
}

QJsonObject paging(const QString &after, const QString &link)
{
    return QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, after}, {u"link"_s, link}}}};
}

} // namespace crm

namespace {

bool isTrue(const QString &value)
{
    return value.compare(u"true"_s, Qt::CaseInsensitive) == 0;
}

QVector<ObjectType> parseAssociations(const QStringList &names)
{
    QVector<ObjectType> out;
    for (const QString &n : names) {
        ObjectType t;
        if (parseObjectType(n, &t) && !out.contains(t))
            out.append(t);
    }
    return out;
}

HttpResponse objectNotFound(const Api &api, const QString &id)
{
    return crm::error(api, 404, u"OBJECT_NOT_FOUND"_s,
                      u"Object not found.  objectId are usually numeric."_s,
                      QJsonObject{{u"context"_s, QJsonObject{{u"id"_s, QJsonArray{id}}}}});
}

using TypedHandler =
    std::function<HttpResponse(const HttpRequest &, const PathParams &, ObjectType)>;

// A route whose {type} segment names an object type (unknown names: 400).
void addTyped(Router &router, const QByteArray &method, const QString &pattern, const Api &api,
              TypedHandler handler)
{
    router.add(method, pattern, RouteKind::Data,
               [api, handler](const HttpRequest &r, const PathParams &p) {
                   const QString text = p.value(u"type"_s);
                   ObjectType type;
                   if (!parseObjectType(text, &type))
                       return crm::validationError(api,
                                                   u"Unable to infer object type from: "_s + text);
                   return handler(r, p, type);
               });
}

// One list page in id order from the first id >= `after`; `next` is the id the
// next page starts at (empty: this is the last page).
std::vector<const ObjectRecord *> idPage(const TypeStore &store, bool archived, qint64 after,
                                         size_t limit, QString *next)
{
    const auto &records = archived ? store.archived : store.active;
    const size_t start = size_t(store.lowerBound(after, archived));
    const size_t end = std::min(records.size(), start + limit);
    std::vector<const ObjectRecord *> page;
    for (size_t i = start; i < end; ++i)
        page.push_back(&records[i]);
    if (end < records.size())
        *next = QString::number(records[end].id);
    return page;
}

// A record's place in the shuffled list order. Prng::mix is a bijection: no two
// ids share a key, so the key is a cursor that survives records added or
// archived between pages, like an id.
quint64 listKey(const ObjectRecord &record)
{
    return Prng::mix(quint64(record.id));
}

// One list page in the shuffled order from the first key >= `after`.
std::vector<const ObjectRecord *> shuffledPage(const std::vector<ObjectRecord> &records,
                                               quint64 after, size_t limit, QString *next)
{
    std::vector<const ObjectRecord *> rest;
    for (const ObjectRecord &record : records)
        if (listKey(record) >= after)
            rest.push_back(&record);
    const size_t take = std::min(rest.size(), limit + 1);
    std::partial_sort(
        rest.begin(), rest.begin() + ptrdiff_t(take), rest.end(),
        [](const ObjectRecord *a, const ObjectRecord *b) { return listKey(*a) < listKey(*b); });
    if (rest.size() > limit)
        *next = QString::number(listKey(*rest[limit]));
    rest.resize(std::min(rest.size(), limit));
    return rest;
}

} // namespace

HubSpotCrm::HubSpotCrm(HubSpotData *data, const HubSpotOAuth *oauth, RateLimiter *limiter,
                       const CrmConfig &config)
    : m_data(data), m_oauth(oauth), m_limiter(limiter), m_config(config)
{
    m_data->setHistoryMs(m_config.searchLagMs);
}

HubSpotCrm::Paths HubSpotCrm::pathsFor(const Api &api)
{
    if (!api.dated())
        return {u"/crm/v3/objects"_s,
                u"/crm/v4/associations"_s,
                u"/crm/v4/objects"_s,
                u"/crm/v3/owners"_s,
                u"/crm/v3/pipelines"_s,
                u"/crm/v3/properties"_s,
                QString()};
    const QString &v = api.version;
    bool perRecord = false;
    for (const DatedVersion &d : datedVersions())
        perRecord = perRecord || (d.name == v && d.perRecordAssociations);
    return {u"/crm/objects/"_s + v,
            u"/crm/associations/"_s + v,
            perRecord ? u"/crm/objects/"_s + v : QString(),
            u"/crm/owners/"_s + v,
            u"/crm/pipelines/"_s + v,
            u"/crm/properties/"_s + v,
            u"/account-info/"_s + v};
}

void HubSpotCrm::registerRoutes(Router &router)
{
    if (m_config.legacy)
        registerApi(router, Api::legacy());
    else
        registerLegacyGone(router);
    for (const DatedVersion &v : datedVersions())
        registerApi(router, Api{v.name});
    router.add("POST", u"/_sandbox/changes"_s, RouteKind::Control,
               [this](const HttpRequest &r, const PathParams &) { return changes(r); });
    router.add("GET", u"/"_s, RouteKind::Page,
               [this](const HttpRequest &r, const PathParams &) { return indexPage(r); });
    router.add("GET", u"/contacts/{hubId}/record/{objectTypeId}/{id}"_s, RouteKind::Page,
               [this](const HttpRequest &, const PathParams &p) {
                   return recordPage(p.value(u"hubId"_s), p.value(u"objectTypeId"_s),
                                     p.value(u"id"_s));
               });
}

void HubSpotCrm::registerLegacyGone(Router &router)
{
    for (const QString &prefix : {u"/crm/v3"_s, u"/crm/v4"_s})
        router.addFallback(prefix, [](const HttpRequest &, const PathParams &) {
            return crm::error(Api{datedVersions().first().name}, 404, u"OBJECT_NOT_FOUND"_s,
                              u"This API is no longer available. Use the date-based APIs "
                              "(/crm/objects/"_s +
                                  datedVersions().first().name + u"/…)."_s);
        });
}

void HubSpotCrm::registerApi(Router &router, const Api &api)
{
    const Paths paths = pathsFor(api);
    const auto scoped = [this, api](ObjectType t, const HttpRequest &r, const Body &body,
                                    Limit limit = Limit::General) {
        return guarded(r, api, {requiredScope(t)}, body, limit);
    };
    addTyped(router, "GET", paths.objects + u"/{type}"_s, api,
             [this, api, scoped](const HttpRequest &r, const PathParams &, ObjectType t) {
                 return scoped(t, r, [&] { return listObjects(r, api, t); });
             });
    addTyped(router, "POST", paths.objects + u"/{type}/batch/read"_s, api,
             [this, api, scoped](const HttpRequest &r, const PathParams &, ObjectType t) {
                 return scoped(t, r, [&] { return batchRead(r, api, t); });
             });
    addTyped(router, "POST", paths.objects + u"/{type}/search"_s, api,
             [this, api, scoped](const HttpRequest &r, const PathParams &, ObjectType t) {
                 return scoped(
                     t, r, [&] { return search(r, api, t); }, Limit::Search);
             });
    addTyped(router, "GET", paths.objects + u"/{type}/{id}"_s, api,
             [this, api, scoped](const HttpRequest &r, const PathParams &p, ObjectType t) {
                 return scoped(t, r, [&] { return getObject(r, api, t, p.value(u"id"_s)); });
             });
    const auto withTo = [api](const PathParams &p,
                              const std::function<HttpResponse(ObjectType)> &fn) {
        const QString text = p.value(u"to"_s);
        ObjectType to;
        if (!parseObjectType(text, &to))
            return crm::validationError(api, u"Unable to infer object type from: "_s + text);
        return fn(to);
    };
    addTyped(router, "POST", paths.associations + u"/{type}/{to}/batch/read"_s, api,
             [this, api, scoped, withTo](const HttpRequest &r, const PathParams &p, ObjectType t) {
                 return withTo(p, [&](ObjectType to) {
                     return scoped(t, r, [&] { return associationsBatch(r, api, t, to); });
                 });
             });
    if (!paths.associationsOf.isEmpty())
        addTyped(
            router, "GET", paths.associationsOf + u"/{type}/{id}/associations/{to}"_s, api,
            [this, api, scoped, withTo](const HttpRequest &r, const PathParams &p, ObjectType t) {
                return withTo(p, [&](ObjectType to) {
                    return scoped(t, r,
                                  [&] { return associationsOf(r, api, t, p.value(u"id"_s), to); });
                });
            });
    addTyped(
        router, "GET", paths.properties + u"/{type}"_s, api,
        [this, api](const HttpRequest &r, const PathParams &, ObjectType t) {
            const QString schemaScope = t == ObjectType::Tickets
                                            ? u"tickets"_s
                                            : u"crm.schemas."_s + typeName(t) + u".read"_s;
            return guarded(r, api, {requiredScope(t), schemaScope}, [&] { return properties(t); });
        });
    router.add("GET", paths.owners, RouteKind::Data,
               [this, api](const HttpRequest &r, const PathParams &) {
                   return guarded(r, api, {u"crm.objects.owners.read"_s},
                                  [&] { return owners(r, api); });
               });
    router.add("GET", paths.owners + u"/{id}"_s, RouteKind::Data,
               [this, api](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, api, {u"crm.objects.owners.read"_s},
                                  [&] { return owner(r, api, p.value(u"id"_s)); });
               });
    addTyped(router, "GET", paths.pipelines + u"/{type}"_s, api,
             [this, api, scoped](const HttpRequest &r, const PathParams &, ObjectType t) {
                 if (t != ObjectType::Deals && t != ObjectType::Tickets)
                     return crm::validationError(api,
                                                 u"Pipelines exist for deals and tickets only"_s);
                 return scoped(t, r, [&] { return pipelines(t); });
             });
    if (!paths.account.isEmpty())
        router.add("GET", paths.account + u"/details"_s, RouteKind::Data,
                   [this, api](const HttpRequest &r, const PathParams &) {
                       return guarded(r, api, {u"oauth"_s}, [&] { return accountDetails(); });
                   });
}

void HubSpotCrm::setSearchRateLimit(int max, int windowMs)
{
    m_searchLimiter = RateLimiter(max, windowMs);
}

HttpResponse HubSpotCrm::guarded(const HttpRequest &request, const Api &api,
                                 const QStringList &anyOfScopes, const Body &body, Limit limit)
{
    const Authentication auth = m_oauth->authenticate(request);
    switch (auth.state) {
    case Authentication::State::Missing:
        return crm::error(api, 401, u"INVALID_AUTHENTICATION"_s,
                          u"Authentication credentials not found. This API supports OAuth 2.0 "
                          "authentication."_s);
    case Authentication::State::Unknown:
        return crm::error(api, 401, u"INVALID_AUTHENTICATION"_s,
                          u"Authentication credentials are invalid or were revoked."_s);
    case Authentication::State::Expired:
        return crm::error(api, 401, u"EXPIRED_AUTHENTICATION"_s,
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
        return crm::error(
            api, 403, u"MISSING_SCOPES"_s,
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

    const bool headers = !api.dated() || m_config.datedRateHeaders;
    auto addHeaders = [this, headers](HttpResponse &response, int remaining) {
        if (!m_limiter->enabled() || !headers)
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

QJsonObject HubSpotCrm::objectJson(const HttpRequest &request, const Api &api, ObjectType type,
                                   const ObjectRecord &record, const QVector<int> &columns,
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
    if (!associations.isEmpty() && !record.archived) {
        const QJsonObject assoc = inlineAssociations(request, api, type, record.id, associations);
        if (!assoc.isEmpty())
            object.insert(u"associations"_s, assoc);
    }
    return object;
}

QString HubSpotCrm::nextLink(const HttpRequest &request, const QString &after) const
{
    Pairs query;
    for (const auto &p : request.query)
        if (p.first != u"after"_s)
            query.append(p);
    query.append({u"after"_s, after});
    return crm::baseUrl(request) + request.path + u'?' + QString::fromLatin1(formEncode(query));
}

HttpResponse HubSpotCrm::listObjects(const HttpRequest &request, const Api &api, ObjectType type)
{
    int limit = 10;
    QString error;
    if (!crm::parseLimit(request, 10, 100, &limit, &error))
        return crm::validationError(api, error);
    quint64 after = 0;
    if (request.hasQuery(u"after"_s)) {
        bool ok = false;
        after = request.queryValue(u"after"_s).toULongLong(&ok);
        if (!ok || (!m_config.shuffledLists && after > quint64(LLONG_MAX)))
            return crm::validationError(
                api, u"after must be a paging cursor returned by a previous page"_s);
    }
    const bool archived = isTrue(request.queryValue(u"archived"_s));
    const QVector<int> columns = columnsFor(type, request.queryList(u"properties"_s));
    const QVector<ObjectType> associations =
        parseAssociations(request.queryList(u"associations"_s));

    const TypeStore &store = m_data->store(type);
    QString next;
    const std::vector<const ObjectRecord *> page =
        m_config.shuffledLists
            ? shuffledPage(archived ? store.archived : store.active, after, size_t(limit), &next)
            : idPage(store, archived, qint64(after), size_t(limit), &next);
    QJsonArray results;
    for (const ObjectRecord *record : page)
        results.append(objectJson(request, api, type, *record, columns, associations));
    QJsonObject body{{u"results"_s, results}};
    if (!next.isEmpty())
        body.insert(u"paging"_s, crm::paging(next, nextLink(request, next)));
    return HttpResponse::json(200, body);
}

HttpResponse HubSpotCrm::getObject(const HttpRequest &request, const Api &api, ObjectType type,
                                   const QString &id)
{
    const bool archived = isTrue(request.queryValue(u"archived"_s));
    qint64 numeric = 0;
    const ObjectRecord *record =
        crm::parseId(id, &numeric) ? m_data->store(type).find(numeric, archived) : nullptr;
    if (!record)
        return objectNotFound(api, id);
    return HttpResponse::json(200,
                              objectJson(request, api, type, *record,
                                         columnsFor(type, request.queryList(u"properties"_s)),
                                         parseAssociations(request.queryList(u"associations"_s))));
}

HttpResponse HubSpotCrm::batchRead(const HttpRequest &request, const Api &api, ObjectType type)
{
    const QString started = crm::nowIso();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (!doc.isObject())
        return crm::validationError(api, u"Invalid input JSON: "_s + parseError.errorString());
    const QJsonObject input = doc.object();
    const QJsonArray inputs = input.value(u"inputs"_s).toArray();
    if (inputs.size() > 100)
        return crm::validationError(api, u"Batch read accepts at most 100 inputs (got "_s +
                                             QString::number(inputs.size()) + u")"_s);
    QStringList requested;
    for (const QJsonValue &v : input.value(u"properties"_s).toArray())
        requested.append(v.toString());
    const QVector<int> columns = columnsFor(type, requested);
    const bool archived = isTrue(request.queryValue(u"archived"_s));

    QJsonArray results;
    QJsonArray missing;
    for (const QJsonValue &v : inputs) {
        const QString id = crm::jsonId(v.toObject().value(u"id"_s));
        qint64 numeric = 0;
        const ObjectRecord *record =
            crm::parseId(id, &numeric) ? m_data->store(type).find(numeric, archived) : nullptr;
        if (record)
            results.append(objectJson(request, api, type, *record, columns, {}));
        else
            missing.append(id);
    }
    if (missing.isEmpty())
        return crm::batchAnswer(started, results, {});
    // StandardError: status, category, message, errors, context and links are required.
    return crm::batchAnswer(
        started, results,
        QJsonArray{QJsonObject{
            {u"status"_s, u"error"_s},
            {u"category"_s, u"OBJECT_NOT_FOUND"_s},
            {u"message"_s, QString(u"Could not get some "_s + singularName(type).toUpper() +
                                   u" objects, they may be deleted or not exist. "
                                   "Check that ids are valid."_s)},
            {u"context"_s, QJsonObject{{u"ids"_s, missing}}},
            {u"errors"_s, QJsonArray()},
            {u"links"_s, QJsonObject()}}});
}

bool HubSpotCrm::applyChanges(const ChangeRequest &request, ChangeOutcome *outcome, QString *error)
{
    ObjectType type;
    if (!parseObjectType(request.type, &type)) {
        *error = u"unknown type \""_s + request.type +
                 u"\" (known: contacts, companies, deals, tickets)"_s;
        return false;
    }
    ChangeSet set;
    set.modify = request.modify;
    set.add = request.add;
    set.remove = request.remove;
    set.seed = request.hasSeed ? request.seed : Prng::mix(m_config.seed ^ ++m_changeCount);
    if (!m_data->applyChanges(type, set, QDateTime::currentMSecsSinceEpoch(), outcome, error))
        return false;
    qCInfo(lcCrm, "changed %s: %d modified, %d added, %d archived", qPrintable(typeName(type)),
           int(outcome->modified.size()), int(outcome->added.size()), int(outcome->deleted.size()));
    return true;
}

HttpResponse HubSpotCrm::changes(const HttpRequest &request)
{
    ChangeRequest change;
    QString error;
    if (!parseChangeRequest(request.body, &change, &error))
        return changeError(error);
    ChangeOutcome outcome;
    if (!applyChanges(change, &outcome, &error))
        return changeError(error);
    const auto strings = [](const std::vector<qint64> &ids) {
        QStringList out;
        for (const qint64 id : ids)
            out.append(QString::number(id));
        return out;
    };
    return changeResponse(strings(outcome.modified), strings(outcome.added),
                          strings(outcome.deleted));
}

} // namespace desk::sandbox::hubspot
