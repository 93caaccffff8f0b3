#include "notionapi.h"

#include "server/oauthutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNotionApi, "desk.sandbox.notion.api")

namespace desk::sandbox::notion {

namespace {

constexpr int kMaxPageSize = 100;

HttpResponse notionError(int status, const QString &code, const QString &message)
{
    return HttpResponse::json(status, QJsonObject{{u"object"_s, u"error"_s},
                                                  {u"status"_s, status},
                                                  {u"code"_s, code},
                                                  {u"message"_s, message},
                                                  {u"request_id"_s, randomUuid()}});
}

HttpResponse notFound(const char *what, const QString &id)
{
    return notionError(404, u"object_not_found"_s,
                       u"Could not find "_s + QLatin1String(what) + u" with ID: "_s + id +
                           u". Make sure the relevant pages and databases are shared with your "
                           "integration."_s);
}

QString path(const char *suffix)
{
    return QLatin1String(kPrefix) + QLatin1String(suffix);
}

// Parses the JSON body; an empty body counts as {}.
bool parseBody(const HttpRequest &request, QJsonObject *out, HttpResponse *error)
{
    if (request.body.trimmed().isEmpty()) {
        *out = {};
        return true;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = notionError(400, u"invalid_json"_s, u"Error parsing JSON body."_s);
        return false;
    }
    *out = doc.object();
    return true;
}

} // namespace

NotionApi::NotionApi(const NotionData *data, const NotionOAuth *oauth, const ApiConfig &config)
    : m_data(data), m_oauth(oauth), m_config(config), m_bucket(config.ratePerSecond, config.burst)
{}

void NotionApi::registerRoutes(Router &router)
{
    const RouteKind data = RouteKind::Data;
    router.add("POST", path("/v1/search"), data, [this](const HttpRequest &r, const PathParams &) {
        return guarded(r, [&] { return search(r); });
    });
    router.add("GET", path("/v1/users/me"), data, [this](const HttpRequest &r, const PathParams &) {
        return guarded(r, [&] { return usersMe(); });
    });
    router.add("GET", path("/v1/pages/{id}"), data,
               [this](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, [&] { return getPage(p.value(u"id"_s)); });
               });
    router.add("GET", path("/v1/databases/{id}"), data,
               [this](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, [&] { return getDatabase(p.value(u"id"_s)); });
               });
    router.add("POST", path("/v1/databases/{id}/query"), data,
               [this](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, [&] { return queryDatabase(r, p.value(u"id"_s)); });
               });
    router.add("GET", path("/v1/blocks/{id}"), data,
               [this](const HttpRequest &r, const PathParams &p) {
                   return guarded(r, [&] { return getBlock(p.value(u"id"_s)); });
               });
    router.addFallback(QLatin1String(kPrefix), [](const HttpRequest &r, const PathParams &) {
        return notionError(400, u"invalid_request_url"_s,
                           u"Invalid request URL: "_s + QString::fromLatin1(r.method) + u' ' +
                               r.path.section(u'/', 0, 3));
    });
}

HttpResponse NotionApi::guarded(const HttpRequest &request, const Body &body)
{
    static const QRegularExpression versionRe(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QByteArray version = request.header("notion-version");
    if (version.isEmpty())
        return notionError(400, u"missing_version"_s,
                           u"Notion-Version header is required. Include it with a value such as "
                           "2022-06-28."_s);
    if (!versionRe.match(QString::fromLatin1(version)).hasMatch())
        return notionError(400, u"invalid_request"_s,
                           u"Notion-Version header failed validation: expected a date such as "
                           "2022-06-28."_s);
    const Authentication auth = m_oauth->authenticate(request);
    if (auth.state != Authentication::State::Ok)
        return notionError(401, u"unauthorized"_s, u"API token is invalid."_s);
    if (!m_bucket.take(auth.connection)) {
        HttpResponse r = notionError(429, u"rate_limited"_s,
                                     u"You have been rate limited. Please try again in a few "
                                     "minutes."_s);
        r.setHeader("Retry-After", QByteArray::number(m_config.retryAfterS));
        return r;
    }
    return body();
}

HttpResponse NotionApi::listPage(const QVector<const NotionObject *> &items,
                                 const QJsonObject &body)
{
    int pageSize = kMaxPageSize;
    if (body.contains(u"page_size"_s)) {
        const QJsonValue v = body.value(u"page_size"_s);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != double(int(d)) || d < 1 || d > kMaxPageSize)
            return notionError(400, u"validation_error"_s,
                               u"body failed validation: body.page_size should be an integer "
                               "between 1 and 100."_s);
        pageSize = int(d);
    }
    int start = 0;
    const QJsonValue cursor = body.value(u"start_cursor"_s);
    if (!cursor.isUndefined() && !cursor.isNull()) {
        start = -1;
        const QString id = m_data->normalizeId(cursor.toString());
        for (int i = 0; i < items.size() && !id.isEmpty(); ++i)
            if (items.at(i)->id == id)
                start = i;
        if (start < 0)
            return notionError(400, u"validation_error"_s,
                               u"body failed validation: body.start_cursor should be a valid "
                               "cursor returned by a previous request."_s);
    }
    const int end = std::min<int>(int(items.size()), start + pageSize);
    QJsonArray results;
    for (int i = start; i < end; ++i)
        results.append(items.at(i)->json);
    const bool more = end < items.size();
    return HttpResponse::json(200,
                              QJsonObject{{u"object"_s, u"list"_s},
                                          {u"results"_s, results},
                                          {u"next_cursor"_s, more ? QJsonValue(items.at(end)->id)
                                                                  : QJsonValue(QJsonValue::Null)},
                                          {u"has_more"_s, more},
                                          {u"type"_s, u"page_or_database"_s},
                                          {u"page_or_database"_s, QJsonObject{}},
                                          {u"request_id"_s, randomUuid()}});
}

HttpResponse NotionApi::search(const HttpRequest &request)
{
    QJsonObject body;
    HttpResponse error;
    if (!parseBody(request, &body, &error))
        return error;
    QString kind;
    if (body.contains(u"filter"_s)) {
        const QJsonObject filter = body.value(u"filter"_s).toObject();
        kind = filter.value(u"value"_s).toString();
        if (filter.value(u"property"_s).toString() != u"object"_s ||
            (kind != u"page"_s && kind != u"database"_s))
            return notionError(400, u"validation_error"_s,
                               u"body failed validation: body.filter.property should be "
                               "\"object\" and body.filter.value should be \"page\" or "
                               "\"database\"."_s);
    }
    bool ascending = false;
    if (body.contains(u"sort"_s)) {
        const QJsonObject sort = body.value(u"sort"_s).toObject();
        const QString direction = sort.value(u"direction"_s).toString();
        if (sort.value(u"timestamp"_s).toString() != u"last_edited_time"_s ||
            (direction != u"ascending"_s && direction != u"descending"_s))
            return notionError(400, u"validation_error"_s,
                               u"body failed validation: body.sort.timestamp should be "
                               "\"last_edited_time\" and body.sort.direction \"ascending\" or "
                               "\"descending\"."_s);
        ascending = direction == u"ascending"_s;
    }
    const QString query = body.value(u"query"_s).toString().trimmed();

    QVector<const NotionObject *> items;
    for (const NotionObject &o : m_data->objects()) {
        if (!o.shared)
            continue;
        const bool isPage = o.kind == NotionObject::Kind::Page;
        if (kind == u"page"_s && !isPage)
            continue;
        if (kind == u"database"_s && isPage)
            continue;
        if (!query.isEmpty() && !o.title.contains(query, Qt::CaseInsensitive))
            continue;
        items.append(&o);
    }
    std::stable_sort(
        items.begin(), items.end(), [ascending](const NotionObject *a, const NotionObject *b) {
            if (a->editedMs != b->editedMs)
                return ascending ? a->editedMs < b->editedMs : a->editedMs > b->editedMs;
            return a->id < b->id;
        });
    return listPage(items, body);
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
                         {u"request_id"_s, randomUuid()}});
}

HttpResponse NotionApi::getPage(const QString &id)
{
    if (m_data->normalizeId(id).isEmpty())
        return notionError(400, u"validation_error"_s,
                           u"path failed validation: path.page_id should be a valid uuid, "
                           "instead was `"_s +
                               id + u"`."_s);
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != NotionObject::Kind::Page)
        return notFound("page", id);
    return HttpResponse::json(200, o->json);
}

HttpResponse NotionApi::getDatabase(const QString &id)
{
    if (m_data->normalizeId(id).isEmpty())
        return notionError(400, u"validation_error"_s,
                           u"path failed validation: path.database_id should be a valid uuid, "
                           "instead was `"_s +
                               id + u"`."_s);
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != NotionObject::Kind::Database)
        return notFound("database", id);
    return HttpResponse::json(200, o->json);
}

HttpResponse NotionApi::queryDatabase(const HttpRequest &request, const QString &id)
{
    QJsonObject body;
    HttpResponse error;
    if (!parseBody(request, &body, &error))
        return error;
    const NotionObject *db = m_data->find(id);
    if (m_data->normalizeId(id).isEmpty() || !db || !db->shared ||
        db->kind != NotionObject::Kind::Database)
        return notFound("database", id);
    QVector<const NotionObject *> rows;
    for (const NotionObject &o : m_data->objects())
        if (o.shared && o.parentType == NotionObject::Parent::Database && o.parentId == db->id)
            rows.append(&o);
    return listPage(rows, body); // creation order; filter and sorts are not imitated
}

HttpResponse NotionApi::getBlock(const QString &id)
{
    if (m_data->normalizeId(id).isEmpty())
        return notionError(400, u"validation_error"_s,
                           u"path failed validation: path.block_id should be a valid uuid, "
                           "instead was `"_s +
                               id + u"`."_s);
    const QJsonObject user{{u"object"_s, u"user"_s}, {u"id"_s, m_data->userId}};
    if (const NotionObject *page = m_data->blockPage(id)) {
        // A toggle block on a shared page that holds child pages/databases.
        return HttpResponse::json(
            200, QJsonObject{{u"object"_s, u"block"_s},
                             {u"id"_s, m_data->normalizeId(id)},
                             {u"parent"_s,
                              QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, page->id}}},
                             {u"created_time"_s, page->json.value(u"created_time"_s)},
                             {u"last_edited_time"_s, page->json.value(u"last_edited_time"_s)},
                             {u"created_by"_s, user},
                             {u"last_edited_by"_s, user},
                             {u"has_children"_s, true},
                             {u"archived"_s, false},
                             {u"in_trash"_s, false},
                             {u"type"_s, u"toggle"_s},
                             {u"toggle"_s, QJsonObject{{u"rich_text"_s, QJsonArray{}},
                                                       {u"color"_s, u"default"_s}}}});
    }
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared)
        return notFound("block", id);
    // Pages and databases are blocks too (child_page / child_database).
    const bool isPage = o->kind == NotionObject::Kind::Page;
    const QString type = isPage ? u"child_page"_s : u"child_database"_s;
    return HttpResponse::json(
        200, QJsonObject{{u"object"_s, u"block"_s},
                         {u"id"_s, o->id},
                         {u"parent"_s, o->json.value(u"parent"_s)},
                         {u"created_time"_s, o->json.value(u"created_time"_s)},
                         {u"last_edited_time"_s, o->json.value(u"last_edited_time"_s)},
                         {u"created_by"_s, user},
                         {u"last_edited_by"_s, user},
                         {u"has_children"_s, true},
                         {u"archived"_s, o->archived},
                         {u"in_trash"_s, o->archived},
                         {u"type"_s, type},
                         {type, QJsonObject{{u"title"_s, o->title}}}});
}

} // namespace desk::sandbox::notion
