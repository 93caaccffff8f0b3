// Notion API v1 routes, the Notion-Version / token / limit checks every data
// request passes, Notion's error object, the single-object endpoints and the
// change-set control endpoint. Lists (search, queries) are in notionlists.cpp.
#include "notionapi.h"

#include "server/oauthutil.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNotionApi, "desk.sandbox.notion.api")

namespace desk::sandbox::notion {

namespace {

QString path(const char *suffix)
{
    return QLatin1String(kPrefix) + QLatin1String(suffix);
}

HttpResponse notionError(int status, const QString &code, const QString &message,
                         const QString &requestId, const QJsonObject &additional = {})
{
    QJsonObject body{{u"object"_s, u"error"_s},
                     {u"status"_s, status},
                     {u"code"_s, code},
                     {u"message"_s, message},
                     {u"request_id"_s, requestId}};
    if (!additional.isEmpty())
        body.insert(u"additional_data"_s, additional);
    HttpResponse r = HttpResponse::json(status, body);
    r.setHeader("x-notion-request-id", requestId.toLatin1());
    return r;
}

} // namespace

NotionApi::NotionApi(NotionData *data, const NotionOAuth *oauth, const ApiConfig &config)
    : m_data(data)
    , m_oauth(oauth)
    , m_config(config)
    , m_limits(config.limits)
    , m_cursorIds(Prng::mix(config.seed ^ 0xc0125011ULL))
{}

void NotionApi::registerRoutes(Router &router)
{
    const RouteKind data = RouteKind::Data;
    auto route =
        [&](const char *method, const char *pattern,
            std::function<HttpResponse(const HttpRequest &, const PathParams &, ApiVersion)> body) {
            router.add(method, path(pattern), data,
                       [this, body](const HttpRequest &r, const PathParams &p) {
                           return guarded(r, [&](ApiVersion v) { return body(r, p, v); });
                       });
        };
    route("POST", "/v1/search",
          [this](const HttpRequest &r, const PathParams &, ApiVersion v) { return search(r, v); });
    route("GET", "/v1/users/me",
          [this](const HttpRequest &, const PathParams &, ApiVersion) { return usersMe(); });
    route("GET", "/v1/pages/{id}", [this](const HttpRequest &, const PathParams &p, ApiVersion v) {
        return getPage(p.value(u"id"_s), v);
    });
    route("GET", "/v1/databases/{id}",
          [this](const HttpRequest &, const PathParams &p, ApiVersion v) {
              return getDatabase(p.value(u"id"_s), v);
          });
    route("POST", "/v1/databases/{id}/query",
          [this](const HttpRequest &r, const PathParams &p, ApiVersion v) {
              return queryDatabase(r, p.value(u"id"_s), v);
          });
    route("GET", "/v1/data_sources/{id}",
          [this](const HttpRequest &, const PathParams &p, ApiVersion v) {
              return getDataSource(p.value(u"id"_s), v);
          });
    route("POST", "/v1/data_sources/{id}/query",
          [this](const HttpRequest &r, const PathParams &p, ApiVersion v) {
              return queryDataSource(r, p.value(u"id"_s), v);
          });
    route("GET", "/v1/blocks/{id}", [this](const HttpRequest &, const PathParams &p, ApiVersion v) {
        return getBlock(p.value(u"id"_s), v);
    });
    router.add("POST", path("/_sandbox/changes"), RouteKind::Control,
               [this](const HttpRequest &r, const PathParams &) { return changesEndpoint(r); });
    router.addFallback(QLatin1String(kPrefix), [](const HttpRequest &r, const PathParams &) {
        return notionError(400, u"invalid_request_url"_s,
                           u"Invalid request URL: "_s + QString::fromLatin1(r.method) + u' ' +
                               r.path.section(u'/', 0, 3),
                           randomUuid());
    });
    router.addFaultShaper(QLatin1String(kPrefix),
                          [this](const HttpResponse &generic) { return faultShape(generic); });
}

HttpResponse NotionApi::fail(int status, const QString &code, const QString &message) const
{
    return notionError(status, code, message, m_requestId);
}

HttpResponse NotionApi::faultShape(const HttpResponse &generic) const
{
    const QString id = randomUuid();
    HttpResponse r;
    switch (generic.status) {
    case 429:
        r = notionError(429, u"rate_limited"_s,
                        u"You have been rate limited. Please try again in a few minutes."_s, id,
                        QJsonObject{{u"rate_limit_reason"_s, u"public_api_request_rate_limit"_s}});
        r.setHeader("Retry-After", QByteArray::number(m_config.limits.retryAfterS));
        return r;
    case 529:
        r = notionError(529, u"service_overload"_s,
                        u"Notion is experiencing high load. Please try again later."_s, id);
        r.setHeader("Retry-After", QByteArray::number(m_config.overloadRetryAfterS));
        return r;
    case 500:
        return notionError(500, u"internal_server_error"_s, u"Unexpected error occurred."_s, id);
    case 503:
        return notionError(503, u"service_unavailable"_s,
                           u"Notion is unavailable, try again later."_s, id);
    case 504:
        return notionError(504, u"gateway_timeout"_s,
                           u"Notion timed out while processing the request."_s, id);
    default:
        r = generic; // 502 has no documented Notion code
        r.setHeader("x-notion-request-id", id.toLatin1());
        return r;
    }
}

HttpResponse NotionApi::guarded(const HttpRequest &request, const Body &body)
{
    m_requestId = randomUuid();
    const QByteArray header = request.header("notion-version");
    ApiVersion version = ApiVersion::V2022_06_28;
    HttpResponse response;
    if (header.isEmpty()) {
        response = fail(400, u"missing_version"_s,
                        u"Notion-Version header is required. Include it with one of: "_s +
                            servedVersionList() + u'.');
    } else if (!parseVersion(header, &version)) {
        response = fail(400, u"invalid_request"_s,
                        u"Notion-Version header failed validation: "_s +
                            QString::fromLatin1(header.left(40)) +
                            u" is not a supported version. Supported versions: "_s +
                            servedVersionList() + u'.');
    } else if (const Authentication auth = m_oauth->authenticate(request);
               auth.state != Authentication::State::Ok) {
        response = fail(401, u"unauthorized"_s, u"API token is invalid."_s);
    } else if (const LimitDecision limit = m_limits.take(auth.connection); !limit.allowed) {
        response = notionError(429, u"rate_limited"_s,
                               u"You have been rate limited. Please try again in a few minutes."_s,
                               m_requestId, QJsonObject{{u"rate_limit_reason"_s, limit.reason}});
        response.setHeader("Retry-After", QByteArray::number(limit.retryAfterS));
    } else {
        response = body(version);
    }
    bool hasId = false;
    for (const auto &h : response.headers)
        hasId = hasId || h.first == "x-notion-request-id";
    if (!hasId)
        response.setHeader("x-notion-request-id", m_requestId.toLatin1());
    return response;
}

HttpResponse NotionApi::invalidId(const char *what, const QString &id) const
{
    return fail(400, u"validation_error"_s,
                u"path failed validation: path."_s + QLatin1String(what) +
                    u"_id should be a valid uuid, instead was `"_s + id + u"`."_s);
}

HttpResponse NotionApi::notFound(const char *what, const QString &id) const
{
    return fail(404, u"object_not_found"_s,
                u"Could not find "_s + QLatin1String(what) + u" with ID: "_s + id +
                    u". Make sure the relevant pages and databases are shared with your "
                    "integration."_s);
}

// The exact shape of this error is not documented; validation_error is one of
// the documented codes and the message says what to do.
HttpResponse NotionApi::multiSourceError(const NotionObject &database, ApiVersion v) const
{
    return fail(400, u"validation_error"_s,
                u"Databases with multiple data sources are not supported in API version "_s +
                    QLatin1String(versionName(v)) + u". Database "_s + database.id + u" has "_s +
                    QString::number(m_data->liveSourceCount(database)) +
                    u" data sources: use Notion-Version 2025-09-03 or later and the "
                    "/v1/data_sources endpoints."_s);
}

HttpResponse NotionApi::usersMe()
{
    return HttpResponse::json(
        200, QJsonObject{{u"object"_s, u"user"_s},
                         {u"id"_s, m_data->botId},
                         {u"name"_s, m_oauth->config().appName},
                         {u"avatar_url"_s, QJsonValue::Null},
                         {u"type"_s, u"bot"_s},
                         {u"bot"_s, QJsonObject{{u"owner"_s, m_oauth->ownerJson()},
                                                {u"workspace_name"_s, m_data->workspaceName}}},
                         {u"request_id"_s, m_requestId}});
}

HttpResponse NotionApi::getPage(const QString &id, ApiVersion v)
{
    if (m_data->normalizeId(id).isEmpty())
        return invalidId("page", id);
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != NotionObject::Kind::Page)
        return notFound("page", id);
    return HttpResponse::json(200, m_data->render(*o, v));
}

HttpResponse NotionApi::getDatabase(const QString &id, ApiVersion v)
{
    if (m_data->normalizeId(id).isEmpty())
        return invalidId("database", id);
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != NotionObject::Kind::Database)
        return notFound("database", id);
    if (!hasDataSources(v) && m_data->liveSourceCount(*o) > 1)
        return multiSourceError(*o, v);
    return HttpResponse::json(200, m_data->render(*o, v));
}

HttpResponse NotionApi::getDataSource(const QString &id, ApiVersion v)
{
    if (!hasDataSources(v))
        return fail(400, u"invalid_request_url"_s,
                    u"Invalid request URL: data sources need Notion-Version 2025-09-03 or "
                    "later."_s);
    if (m_data->normalizeId(id).isEmpty())
        return invalidId("data_source", id);
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != NotionObject::Kind::DataSource)
        return notFound("data_source", id);
    return HttpResponse::json(200, m_data->render(*o, v));
}

HttpResponse NotionApi::getBlock(const QString &id, ApiVersion v)
{
    if (m_data->normalizeId(id).isEmpty())
        return invalidId("block", id);
    const QJsonObject user{{u"object"_s, u"user"_s}, {u"id"_s, m_data->userId}};
    QJsonObject block{{u"object"_s, u"block"_s},
                      {u"created_by"_s, user},
                      {u"last_edited_by"_s, user},
                      {u"has_children"_s, true}};
    bool trashed = false;
    if (const NotionObject *page = m_data->blockPage(id)) {
        // A toggle block on a shared page that holds child pages/databases.
        const QJsonObject rendered = m_data->render(*page, v);
        block.insert(u"id"_s, m_data->normalizeId(id));
        block.insert(u"parent"_s, QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, page->id}});
        block.insert(u"created_time"_s, rendered.value(u"created_time"_s));
        block.insert(u"last_edited_time"_s, rendered.value(u"last_edited_time"_s));
        block.insert(u"type"_s, u"toggle"_s);
        block.insert(u"toggle"_s,
                     QJsonObject{{u"rich_text"_s, QJsonArray{}}, {u"color"_s, u"default"_s}});
    } else {
        const NotionObject *o = m_data->find(id);
        if (!o || !o->shared || o->kind == NotionObject::Kind::DataSource)
            return notFound("block", id);
        // Pages and databases are blocks too (child_page / child_database).
        const QJsonObject rendered = m_data->render(*o, v);
        const QString type =
            o->kind == NotionObject::Kind::Page ? u"child_page"_s : u"child_database"_s;
        trashed = rendered.value(u"in_trash"_s).toBool();
        block.insert(u"id"_s, o->id);
        block.insert(u"parent"_s, rendered.value(u"parent"_s));
        block.insert(u"created_time"_s, rendered.value(u"created_time"_s));
        block.insert(u"last_edited_time"_s, rendered.value(u"last_edited_time"_s));
        block.insert(u"type"_s, type);
        block.insert(type, QJsonObject{{u"title"_s, o->title}});
    }
    block.insert(u"in_trash"_s, trashed);
    if (knowsArchived(v))
        block.insert(u"archived"_s, trashed);
    return HttpResponse::json(200, block);
}

ChangeOutcome NotionApi::applyChanges(ChangeRequest change)
{
    if (!change.hasSeed)
        change.seed = Prng::mix(m_config.seed ^ ++m_changeCalls);
    const ChangeOutcome out = m_data->applyChanges(change, QDateTime::currentMSecsSinceEpoch());
    if (out.error.isEmpty())
        qCInfo(lcNotionApi, "changed %s: %lld modified, %lld added, %lld deleted",
               qPrintable(change.type), qint64(out.modified.size()), qint64(out.added.size()),
               qint64(out.deleted.size()));
    return out;
}

bool NotionApi::startChurn(const QStringList &specs, QString *error)
{
    for (const QString &text : specs) {
        ChurnSpec spec;
        if (!parseChurnSpec(text, &spec, error))
            return false;
        if (!m_churn)
            m_churn = std::make_unique<Churn>(m_config.seed, [this](const ChangeRequest &change) {
                const ChangeOutcome out = applyChanges(change);
                if (!out.error.isEmpty())
                    qCWarning(lcNotionApi, "--notion-churn: %s", qPrintable(out.error));
            });
        m_churn->start(spec);
    }
    return true;
}

HttpResponse NotionApi::changesEndpoint(const HttpRequest &request)
{
    ChangeRequest change;
    QString error;
    if (!parseChangeRequest(request.body, &change, &error))
        return changeError(error);
    const ChangeOutcome out = applyChanges(change);
    if (!out.error.isEmpty())
        return changeError(out.error);
    return changeResponse(out.modified, out.added, out.deleted);
}

} // namespace desk::sandbox::notion
