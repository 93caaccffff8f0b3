#include "airtableapi.h"

#include "server/prng.h"

#include <QJsonArray>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAirtableApi, "desk.sandbox.airtable.api")

namespace desk::sandbox::airtable {

namespace {

constexpr int kMaxPageSize = 100;

HttpResponse apiError(int status, const QString &type, const QString &message)
{
    return HttpResponse::json(
        status, QJsonObject{{u"error"_s, QJsonObject{{u"type"_s, type}, {u"message"_s, message}}}});
}

HttpResponse forbidden()
{
    return apiError(403, u"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"_s,
                    u"Invalid permissions, or the requested model was not found. Check that both "
                    "your user and your token have the required permissions, and that the model "
                    "names and/or ids are correct."_s);
}

QString path(const char *suffix)
{
    return QLatin1String(kPrefix) + QLatin1String(suffix);
}

// Offsets are opaque to clients: "itr<container tag>/<id of the next item>".
QString offsetTag(const QString &container)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : container)
        h = (h ^ c.unicode()) * 1099511628211ULL;
    return u"itr"_s + QString::number(Prng::mix(h) & 0xffffffffffULL, 36).rightJustified(8, u'0');
}

QString makeOffset(const QString &container, const QString &nextId)
{
    return offsetTag(container) + u'/' + nextId;
}

// The id of the next item, or null if the offset is not one of ours.
QString offsetNextId(const QString &container, const QString &offset)
{
    const QString tag = offsetTag(container) + u'/';
    if (!offset.startsWith(tag))
        return {};
    return offset.mid(tag.size());
}

} // namespace

AirtableApi::AirtableApi(const AirtableData *data, const AirtableOAuth *oauth,
                         const ApiConfig &config)
    : m_data(data), m_oauth(oauth), m_config(config), m_limiter(config.rateMax, config.rateWindowMs)
{
    m_clock.start();
}

void AirtableApi::registerRoutes(Router &router)
{
    const RouteKind data = RouteKind::Data;
    router.add("GET", path("/v0/meta/whoami"), data,
               [this](const HttpRequest &r, const PathParams &) {
                   return guarded(r, QString(), -1, [&] { return whoami(r); });
               });
    router.add("GET", path("/v0/meta/bases"), data,
               [this](const HttpRequest &r, const PathParams &) {
                   return guarded(r, u"schema.bases:read"_s, -1, [&] { return listBases(r); });
               });
    router.add("GET", path("/v0/meta/bases/{baseId}/tables"), data,
               [this](const HttpRequest &r, const PathParams &p) {
                   const int base = m_data->baseIndex(p.value(u"baseId"_s));
                   return guarded(r, u"schema.bases:read"_s, base == -1 ? -2 : base,
                                  [&] { return listTables(base); });
               });
    auto records = [this](const HttpRequest &r, const PathParams &p) {
        const int base = m_data->baseIndex(p.value(u"baseId"_s));
        return guarded(r, u"data.records:read"_s, base == -1 ? -2 : base, [&] {
            const QString tableName = p.value(u"table"_s);
            const int table = m_data->tableIndex(base, tableName);
            if (table < 0)
                return apiError(404, u"TABLE_NOT_FOUND"_s,
                                u"Could not find table "_s + tableName + u" in application "_s +
                                    m_data->bases().at(base).id);
            if (p.contains(u"recordId"_s))
                return getRecord(base, table, p.value(u"recordId"_s));
            return listRecords(r, base, table);
        });
    };
    router.add("GET", path("/v0/{baseId}/{table}"), data, records);
    router.add("GET", path("/v0/{baseId}/{table}/{recordId}"), data, records);
    router.addFallback(QLatin1String(kPrefix), [](const HttpRequest &, const PathParams &p) {
        if (p.value(u"status"_s) == u"405"_s)
            return apiError(405, u"METHOD_NOT_ALLOWED"_s, u"This method is not supported here"_s);
        return HttpResponse::json(404, QJsonObject{{u"error"_s, u"NOT_FOUND"_s}});
    });
}

HttpResponse AirtableApi::rateLimited(int)
{
    return HttpResponse::json(
        429, QJsonObject{{u"errors"_s,
                          QJsonArray{QJsonObject{
                              {u"error"_s, u"RATE_LIMIT_REACHED"_s},
                              {u"message"_s, u"Rate limit exceeded. Please try again later"_s}}}}});
}

HttpResponse AirtableApi::guarded(const HttpRequest &request, const QString &scope, int base,
                                  const Body &body)
{
    const Authentication auth = m_oauth->authenticate(request);
    switch (auth.state) {
    case Authentication::State::Missing:
        return apiError(401, u"AUTHENTICATION_REQUIRED"_s, u"Authentication required"_s);
    case Authentication::State::Invalid:
        return apiError(401, u"AUTHENTICATION_REQUIRED"_s,
                        u"Invalid authentication token (unknown, revoked or rotated away)"_s);
    case Authentication::State::Expired:
        return apiError(401, u"AUTHENTICATION_REQUIRED"_s, u"The access token has expired"_s);
    case Authentication::State::Ok:
        break;
    }
    if (!scope.isEmpty() && !auth.scopes.contains(scope))
        return forbidden();
    if (base == -2)
        return forbidden(); // unknown base: Airtable does not say which
    if (base >= 0 && m_limiter.enabled()) {
        const qint64 now = m_clock.elapsed();
        if (now < m_penaltyUntilMs.value(base, 0))
            return rateLimited(base);
        if (!m_limiter.take(QString::number(base)).allowed) {
            m_penaltyUntilMs.insert(base, now + m_config.penaltyMs);
            qCInfo(lcAirtableApi, "base %s over %d requests per %d ms: %d ms penalty",
                   qPrintable(m_data->bases().at(base).id), m_config.rateMax, m_config.rateWindowMs,
                   m_config.penaltyMs);
            return rateLimited(base);
        }
    }
    return body();
}

HttpResponse AirtableApi::whoami(const HttpRequest &request)
{
    const Authentication auth = m_oauth->authenticate(request);
    QJsonArray scopes;
    for (const QString &s : auth.scopes)
        scopes.append(s);
    QJsonObject o{{u"id"_s, m_oauth->config().userId}, {u"scopes"_s, scopes}};
    if (auth.scopes.contains(u"user.email:read"_s))
        o.insert(u"email"_s, m_oauth->config().userEmail);
    return HttpResponse::json(200, o);
}

HttpResponse AirtableApi::listBases(const HttpRequest &request)
{
    const QVector<Base> &bases = m_data->bases();
    int start = 0;
    if (request.hasQuery(u"offset"_s)) {
        const QString next = offsetNextId(u"bases"_s, request.queryValue(u"offset"_s));
        start = next.isEmpty() ? -1 : m_data->baseIndex(next);
        if (start < 0)
            return apiError(422, u"INVALID_OFFSET_VALUE"_s, u"The offset is invalid"_s);
    }
    const int end = std::min<int>(int(bases.size()), start + m_config.basesPageSize);
    QJsonArray out;
    for (int b = start; b < end; ++b)
        out.append(QJsonObject{{u"id"_s, bases.at(b).id},
                               {u"name"_s, bases.at(b).name},
                               {u"permissionLevel"_s, bases.at(b).permissionLevel}});
    QJsonObject o{{u"bases"_s, out}};
    if (end < bases.size())
        o.insert(u"offset"_s, makeOffset(u"bases"_s, bases.at(end).id));
    return HttpResponse::json(200, o);
}

HttpResponse AirtableApi::listTables(int base)
{
    QJsonArray tables;
    for (int t = 0; t < m_data->bases().at(base).tables.size(); ++t)
        tables.append(m_data->tableJson(base, t));
    return HttpResponse::json(200, QJsonObject{{u"tables"_s, tables}});
}

HttpResponse AirtableApi::listRecords(const HttpRequest &request, int base, int table)
{
    const Table &t = m_data->bases().at(base).tables.at(table);
    int pageSize = kMaxPageSize;
    if (request.hasQuery(u"pageSize"_s)) {
        bool ok = false;
        pageSize = request.queryValue(u"pageSize"_s).toInt(&ok);
        if (!ok || pageSize < 1 || pageSize > kMaxPageSize)
            return apiError(422, u"INVALID_REQUEST_UNKNOWN"_s,
                            u"Invalid request: parameter validation failed. pageSize must be an "
                            "integer from 1 to 100"_s);
    }
    int maxRecords = -1;
    if (request.hasQuery(u"maxRecords"_s)) {
        bool ok = false;
        maxRecords = request.queryValue(u"maxRecords"_s).toInt(&ok);
        if (!ok || maxRecords < 1)
            return apiError(422, u"INVALID_REQUEST_UNKNOWN"_s,
                            u"Invalid request: maxRecords must be a positive integer"_s);
    }
    if (request.hasQuery(u"view"_s)) {
        const QString view = request.queryValue(u"view"_s);
        bool found = false;
        for (const QJsonValue &v : t.views) {
            const QJsonObject o = v.toObject();
            found = found || o.value(u"id"_s).toString() == view ||
                    o.value(u"name"_s).toString() == view;
        }
        if (!found)
            return apiError(422, u"VIEW_NAME_NOT_FOUND"_s,
                            u"Could not find view "_s + view + u" in table "_s + t.name);
    }
    int start = 0;
    if (request.hasQuery(u"offset"_s)) {
        const QString next = offsetNextId(t.id, request.queryValue(u"offset"_s));
        start = next.isEmpty() ? -1 : t.recordIndex.value(next, -1);
        if (start < 0)
            return apiError(422, u"LIST_RECORDS_ITERATOR_NOT_AVAILABLE"_s,
                            u"The offset is invalid or has expired; start over without offset"_s);
    }
    // fields[]=Name&fields[]=Status (or fields=Name,Status): only those fields.
    QStringList only = request.queryList(u"fields[]"_s) + request.queryList(u"fields"_s);
    const bool byId = request.queryValue(u"returnFieldsByFieldId"_s) == u"true"_s;

    const int total = maxRecords > 0 ? std::min<int>(maxRecords, int(t.recordIds.size()))
                                     : int(t.recordIds.size());
    const int end = std::min(total, start + pageSize);
    QJsonArray records;
    for (int i = start; i < end; ++i) {
        QJsonObject r = m_data->record(base, table, i);
        if (!only.isEmpty() || byId) {
            const QJsonObject fields = r.value(u"fields"_s).toObject();
            QJsonObject kept;
            for (const FieldDef &f : t.fields) {
                if (!only.isEmpty() && !only.contains(f.name) && !only.contains(f.id))
                    continue;
                if (fields.contains(f.name))
                    kept.insert(byId ? f.id : f.name, fields.value(f.name));
            }
            r.insert(u"fields"_s, kept);
        }
        records.append(r);
    }
    QJsonObject o{{u"records"_s, records}};
    if (end < total)
        o.insert(u"offset"_s, makeOffset(t.id, t.recordIds.at(end)));
    return HttpResponse::json(200, o);
}

HttpResponse AirtableApi::getRecord(int base, int table, const QString &recordId)
{
    const int index = m_data->bases().at(base).tables.at(table).recordIndex.value(recordId, -1);
    if (index < 0)
        return apiError(404, u"MODEL_ID_NOT_FOUND"_s,
                        u"Could not find a record with ID "_s + recordId);
    return HttpResponse::json(200, m_data->record(base, table, index));
}

} // namespace desk::sandbox::airtable
