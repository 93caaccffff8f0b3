// Airtable Web API v0 routes, the token / scope / rate-limit checks, the meta
// endpoints, one record, and the change-set control endpoint. Record listing
// (filters, sorts, offsets) is in airtablerecords.cpp.
#include "airtableapi.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAirtableApi, "desk.sandbox.airtable.api")

namespace desk::sandbox::airtable {

namespace {

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

// Bases pages: "itr<container tag>/<id of the next base>".
QString offsetTag(const QString &container)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : container)
        h = (h ^ c.unicode()) * 1099511628211ULL;
    return u"itr"_s + QString::number(Prng::mix(h) & 0xffffffffffULL, 36).rightJustified(8, u'0');
}

} // namespace

AirtableApi::AirtableApi(AirtableData *data, const AirtableOAuth *oauth, const ApiConfig &config)
    : m_data(data)
    , m_oauth(oauth)
    , m_config(config)
    , m_limiter(config.rateMax, config.rateWindowMs)
    , m_userLimiter(config.userRateMax, config.userRateWindowMs)
    , m_offsetIds(Prng::mix(config.seed ^ 0x0ff5e7ULL))
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
            if (r.method == "POST")
                return listRecords(r, base, table, true);
            if (p.contains(u"recordId"_s))
                return getRecord(base, table, p.value(u"recordId"_s));
            return listRecords(r, base, table, false);
        });
    };
    router.add("POST", path("/_sandbox/changes"), RouteKind::Control,
               [this](const HttpRequest &r, const PathParams &) { return changesEndpoint(r); });
    router.add("GET", path("/v0/{baseId}/{table}"), data, records);
    router.add("POST", path("/v0/{baseId}/{table}/listRecords"), data, records);
    router.add("GET", path("/v0/{baseId}/{table}/{recordId}"), data, records);
    router.addFallback(QLatin1String(kPrefix), [](const HttpRequest &, const PathParams &p) {
        if (p.value(u"status"_s) == u"405"_s)
            return apiError(405, u"METHOD_NOT_ALLOWED"_s, u"This method is not supported here"_s);
        return HttpResponse::json(404, QJsonObject{{u"error"_s, u"NOT_FOUND"_s}});
    });
}

HttpResponse AirtableApi::rateLimited()
{
    return HttpResponse::json(
        429, QJsonObject{{u"errors"_s,
                          QJsonArray{QJsonObject{
                              {u"error"_s, u"RATE_LIMIT_REACHED"_s},
                              {u"message"_s, u"Rate limit exceeded. Please try again later"_s}}}}});
}

// 50 requests/s across all bases for one user's traffic. The doc scopes it to
// personal access tokens; unless told otherwise, OAuth tokens of the user count too.
bool AirtableApi::overUserLimit(const Authentication &auth)
{
    if (!m_userLimiter.enabled() || (m_config.userLimitPatOnly && !auth.personalAccessToken))
        return false;
    const qint64 now = m_clock.elapsed();
    if (now < m_userPenaltyUntilMs)
        return true;
    if (m_userLimiter.take(m_oauth->config().userId).allowed)
        return false;
    m_userPenaltyUntilMs = now + m_config.penaltyMs;
    qCInfo(lcAirtableApi, "user over %d requests per %d ms: %d ms penalty", m_config.userRateMax,
           m_config.userRateWindowMs, m_config.penaltyMs);
    return true;
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
    if (overUserLimit(auth))
        return rateLimited();
    if (base >= 0 && m_limiter.enabled()) {
        const qint64 now = m_clock.elapsed();
        if (now < m_penaltyUntilMs.value(base, 0))
            return rateLimited();
        if (!m_limiter.take(QString::number(base)).allowed) {
            m_penaltyUntilMs.insert(base, now + m_config.penaltyMs);
            qCInfo(lcAirtableApi, "base %s over %d requests per %d ms: %d ms penalty",
                   qPrintable(m_data->bases().at(base).id), m_config.rateMax, m_config.rateWindowMs,
                   m_config.penaltyMs);
            return rateLimited();
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
    const QString tag = offsetTag(u"bases"_s) + u'/';
    int start = 0;
    if (request.hasQuery(u"offset"_s)) {
        const QString offset = request.queryValue(u"offset"_s);
        start = offset.startsWith(tag) ? m_data->baseIndex(offset.mid(tag.size())) : -1;
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
        o.insert(u"offset"_s, QString(tag + bases.at(end).id));
    return HttpResponse::json(200, o);
}

HttpResponse AirtableApi::listTables(int base)
{
    QJsonArray tables;
    for (int t = 0; t < m_data->bases().at(base).tables.size(); ++t)
        tables.append(m_data->tableJson(base, t));
    return HttpResponse::json(200, QJsonObject{{u"tables"_s, tables}});
}

HttpResponse AirtableApi::getRecord(int base, int table, const QString &recordId)
{
    const int index = m_data->bases().at(base).tables.at(table).recordIndex.value(recordId, -1);
    if (index < 0)
        return apiError(404, u"MODEL_ID_NOT_FOUND"_s,
                        u"Could not find a record with ID "_s + recordId);
    return HttpResponse::json(200, m_data->record(base, table, index));
}

RecordChanges AirtableApi::applyChanges(const QString &base, const QString &table,
                                        ChangeRequest change, QString *error)
{
    const QVector<Base> &bases = m_data->bases();
    int b = base.isEmpty() && !bases.isEmpty() ? 0 : m_data->baseIndex(base);
    for (int i = 0; b < 0 && i < bases.size(); ++i)
        if (bases.at(i).name == base)
            b = i;
    if (b < 0) {
        *error = u"no base "_s + base;
        return {};
    }
    const int t = table.isEmpty() ? 0 : m_data->tableIndex(b, table);
    if (t < 0 || t >= bases.at(b).tables.size()) {
        *error = u"no table "_s + table + u" in base "_s + bases.at(b).id;
        return {};
    }
    if (!change.hasSeed)
        change.seed = Prng::mix(m_config.seed ^ ++m_changeCalls);
    const RecordChanges out =
        m_data->applyChanges(b, t, change, QDateTime::currentMSecsSinceEpoch());
    qCInfo(lcAirtableApi, "changed %s/%s: %lld modified, %lld added, %lld deleted",
           qPrintable(bases.at(b).id), qPrintable(bases.at(b).tables.at(t).id),
           qint64(out.modified.size()), qint64(out.added.size()), qint64(out.deleted.size()));
    return out;
}

bool AirtableApi::startChurn(const QStringList &specs, QString *error)
{
    for (const QString &text : specs) {
        ChurnSpec spec;
        if (!parseChurnSpec(text, &spec, error)) {
            *error += u" (for Airtable, TYPE is BASE[/TABLE] or first)"_s;
            return false;
        }
        if (!m_churn)
            m_churn = std::make_unique<Churn>(m_config.seed, [this](const ChangeRequest &change) {
                // The churn's type names the table.
                const QString target = change.type == u"first"_s ? QString() : change.type;
                QString problem;
                applyChanges(target.section(u'/', 0, 0), target.section(u'/', 1), change, &problem);
                if (!problem.isEmpty())
                    qCWarning(lcAirtableApi, "--airtable-churn: %s", qPrintable(problem));
            });
        m_churn->start(spec);
    }
    return true;
}

// {"base":…,"table":…,"modify":N,"add":N,"delete":N,"seed":S}: the shared change
// body with a table instead of a type.
HttpResponse AirtableApi::changesEndpoint(const HttpRequest &request)
{
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return changeError(u"the body must be a JSON object"_s);
    QJsonObject body = doc.object();
    if (body.contains(u"type"_s))
        return changeError(u"Airtable changes name a base and a table, not a type"_s);
    QString where[2];
    const QString keys[2] = {u"base"_s, u"table"_s};
    for (int i = 0; i < 2; ++i) {
        const QJsonValue v = body.take(keys[i]);
        if (!v.isUndefined() && !v.isString())
            return changeError(keys[i] + u" must be a string"_s);
        where[i] = v.toString();
    }
    body.insert(u"type"_s, u"records"_s);
    ChangeRequest change;
    QString error;
    if (!parseChangeRequest(QJsonDocument(body).toJson(QJsonDocument::Compact), &change, &error))
        return changeError(error);
    const RecordChanges out = applyChanges(where[0], where[1], change, &error);
    if (!error.isEmpty())
        return changeError(error);
    return changeResponse(out.modified, out.added, out.deleted);
}

} // namespace desk::sandbox::airtable
