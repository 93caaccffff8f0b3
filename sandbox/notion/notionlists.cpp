// Notion's lists: search (pages and databases, or pages and data sources,
// by version), database query (2022-06-28) and data source query (2025-09-03
// on), with in_trash filters, last_edited_time sorts, timestamp filters and
// opaque cursors that stay valid while the data changes.
#include "notionapi.h"

#include "server/isotime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::notion {

namespace {

constexpr int kMaxPageSize = 100;
constexpr int kMaxCursors = 100000;

// Parses the JSON body; an empty body counts as {}.
bool parseBody(const HttpRequest &request, QJsonObject *out)
{
    *out = {};
    if (request.body.trimmed().isEmpty())
        return true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

} // namespace

bool NotionApi::inTrash(const NotionObject &o, ApiVersion v) const
{
    switch (o.kind) {
    case NotionObject::Kind::Page:
        return o.inTrash;
    case NotionObject::Kind::Database:
        return hasDataSources(v) ? o.inTrash : m_data->legacyInTrash(o);
    case NotionObject::Kind::DataSource: {
        const NotionObject *db = m_data->find(o.parentId);
        return o.inTrash || (db && db->inTrash);
    }
    }
    return o.inTrash;
}

qint64 NotionApi::editedMs(const NotionObject &o, ApiVersion v) const
{
    if (o.kind == NotionObject::Kind::Database && !hasDataSources(v))
        return m_data->legacyEditedMs(o);
    return o.editedMs;
}

QString NotionApi::issueCursor(const QString &scope, const Entry &next)
{
    QString id = notionUuid(m_cursorIds);
    while (m_cursors.contains(id))
        id = notionUuid(m_cursorIds);
    m_cursors.insert(id, Cursor{scope, next});
    m_cursorOrder.push_back(id);
    if (int(m_cursorOrder.size()) > kMaxCursors) {
        m_cursors.remove(m_cursorOrder.front());
        m_cursorOrder.pop_front();
    }
    return id;
}

HttpResponse NotionApi::listPage(const QVector<Entry> &entries, bool descending,
                                 const QString &scope, const QJsonObject &body, ApiVersion v,
                                 const char *listType)
{
    int pageSize = kMaxPageSize;
    if (body.contains(u"page_size"_s)) {
        const QJsonValue value = body.value(u"page_size"_s);
        const double d = value.toDouble(-1);
        if (!value.isDouble() || d != double(int(d)) || d < 1 || d > kMaxPageSize)
            return fail(400, u"validation_error"_s,
                        u"body failed validation: body.page_size should be an integer between 1 "
                        "and 100."_s);
        pageSize = int(d);
    }
    // A cursor remembers where the next item sat in the order, not its position:
    // items edited meanwhile move, the rest of the list is neither skipped nor repeated.
    auto before = [descending](const Entry &a, const Entry &b) {
        if (a.key != b.key)
            return descending ? a.key > b.key : a.key < b.key;
        return a.order < b.order;
    };
    int start = 0;
    const QJsonValue cursor = body.value(u"start_cursor"_s);
    if (!cursor.isUndefined() && !cursor.isNull()) {
        const auto it = m_cursors.constFind(cursor.toString());
        if (!cursor.isString() || it == m_cursors.constEnd() || it->scope != scope)
            return fail(400, u"validation_error"_s,
                        u"body failed validation: body.start_cursor should be a valid cursor "
                        "returned by a previous request with the same parameters."_s);
        start = int(std::partition_point(entries.begin(), entries.end(),
                                         [&](const Entry &e) { return before(e, it->next); }) -
                    entries.begin());
    }
    const int end = std::min<int>(int(entries.size()), start + pageSize);
    QJsonArray results;
    for (int i = start; i < end; ++i) {
        const NotionObject &o = *entries.at(i).object;
        if (o.kind == NotionObject::Kind::Database && !hasDataSources(v) &&
            m_data->liveSourceCount(o) > 1)
            return multiSourceError(o, v);
        results.append(m_data->render(o, v));
    }
    const bool more = end < entries.size();
    return HttpResponse::json(
        200, QJsonObject{{u"object"_s, u"list"_s},
                         {u"results"_s, results},
                         {u"next_cursor"_s, more ? QJsonValue(issueCursor(scope, entries.at(end)))
                                                 : QJsonValue(QJsonValue::Null)},
                         {u"has_more"_s, more},
                         {u"type"_s, QLatin1String(listType)},
                         {QLatin1String(listType), QJsonObject{}},
                         {u"request_id"_s, m_requestId}});
}

// filter: {"property":"object","value":…,"in_trash"?:bool} or {"in_trash":bool}.
bool NotionApi::parseSearchFilter(const QJsonObject &body, ApiVersion v, QString *kind,
                                  TrashFilter *trash, HttpResponse *error) const
{
    if (!body.contains(u"filter"_s))
        return true;
    const QString objects =
        hasDataSources(v) ? u"\"page\" or \"data_source\""_s : u"\"page\" or \"database\""_s;
    const QJsonValue value = body.value(u"filter"_s);
    const QJsonObject filter = value.toObject();
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        if (it.key() == u"archived"_s) {
            *error = fail(400, u"validation_error"_s,
                          knowsArchived(v)
                              ? u"body failed validation: body.filter.archived is not a search "
                                "filter; use body.filter.in_trash."_s
                              : u"body failed validation: body.filter.archived is not supported "
                                "in 2026-03-11; use in_trash."_s);
            return false;
        }
        if (it.key() != u"property"_s && it.key() != u"value"_s && it.key() != u"in_trash"_s) {
            *error = fail(400, u"validation_error"_s,
                          u"body failed validation: body.filter."_s + it.key() +
                              u" should be not present."_s);
            return false;
        }
    }
    const bool byObject = filter.contains(u"value"_s) || filter.contains(u"property"_s);
    *kind = filter.value(u"value"_s).toString();
    const bool kindOk =
        *kind == u"page"_s || *kind == (hasDataSources(v) ? u"data_source"_s : u"database"_s);
    const QJsonValue trashed = filter.value(u"in_trash"_s);
    if (!value.isObject() || (!byObject && trashed.isUndefined()) ||
        (byObject && (filter.value(u"property"_s).toString() != u"object"_s || !kindOk)) ||
        (!trashed.isUndefined() && !trashed.isBool())) {
        *error =
            fail(400, u"validation_error"_s,
                 u"body failed validation: body.filter should be {\"property\": \"object\", "
                 "\"value\": "_s +
                     objects +
                     u", \"in_trash\"?: boolean} or {\"in_trash\": boolean} (Notion-Version "_s +
                     QLatin1String(versionName(v)) + u")."_s);
        return false;
    }
    trash->trashed = trashed.toBool(false);
    return true;
}

HttpResponse NotionApi::search(const HttpRequest &request, ApiVersion v)
{
    QJsonObject body;
    if (!parseBody(request, &body))
        return fail(400, u"invalid_json"_s, u"Error parsing JSON body."_s);
    QString kind;
    TrashFilter trash;
    HttpResponse error;
    if (!parseSearchFilter(body, v, &kind, &trash, &error))
        return error;
    bool descending = true;
    if (body.contains(u"sort"_s)) {
        const QJsonObject sort = body.value(u"sort"_s).toObject();
        const QString direction = sort.value(u"direction"_s).toString();
        if (sort.value(u"timestamp"_s).toString() != u"last_edited_time"_s ||
            (direction != u"ascending"_s && direction != u"descending"_s))
            return fail(400, u"validation_error"_s,
                        u"body failed validation: body.sort.timestamp should be "
                        "\"last_edited_time\" and body.sort.direction \"ascending\" or "
                        "\"descending\"."_s);
        descending = direction == u"descending"_s;
    }
    const QString query = body.value(u"query"_s).toString().trimmed();
    const bool modern = hasDataSources(v);
    QVector<Entry> entries;
    const QVector<NotionObject> &objects = m_data->objects();
    for (int i = 0; i < objects.size(); ++i) {
        const NotionObject &o = objects.at(i);
        const bool isPage = o.kind == NotionObject::Kind::Page;
        const bool listed = isPage || (modern ? o.kind == NotionObject::Kind::DataSource
                                              : o.kind == NotionObject::Kind::Database);
        if (!o.shared || !listed || (!kind.isEmpty() && (kind == u"page"_s) != isPage))
            continue;
        if (inTrash(o, v) != trash.trashed)
            continue;
        if (!modern && m_config.legacyOmitMultiSource && !isPage && m_data->liveSourceCount(o) > 1)
            continue;
        if (!query.isEmpty() && !o.title.contains(query, Qt::CaseInsensitive))
            continue;
        entries.append(Entry{&o, editedMs(o, v), i});
    }
    std::sort(entries.begin(), entries.end(), [descending](const Entry &a, const Entry &b) {
        if (a.key != b.key)
            return descending ? a.key > b.key : a.key < b.key;
        return a.order < b.order;
    });
    const QString scope = u"search|"_s + QLatin1String(versionName(v)) + u'|' + kind + u'|' +
                          QString::number(trash.trashed) + u'|' + QString::number(descending) +
                          u'|' + query;
    return listPage(entries, descending, scope, body, v,
                    modern ? "page_or_data_source" : "page_or_database");
}

// in_trash (and, before 2026-03-11, its alias archived): true lists only trashed rows.
bool NotionApi::parseQueryTrash(const QJsonObject &body, ApiVersion v, TrashFilter *trash,
                                HttpResponse *error) const
{
    const QJsonValue inTrash = body.value(u"in_trash"_s);
    const QJsonValue archived = body.value(u"archived"_s);
    if (!archived.isUndefined() && !knowsArchived(v)) {
        *error = fail(400, u"validation_error"_s,
                      u"body failed validation: body.archived is not supported in 2026-03-11; "
                      "use body.in_trash."_s);
        return false;
    }
    if ((!inTrash.isUndefined() && !inTrash.isBool()) ||
        (!archived.isUndefined() && !archived.isBool()) ||
        (inTrash.isBool() && archived.isBool() && inTrash.toBool() != archived.toBool())) {
        *error = fail(400, u"validation_error"_s,
                      u"body failed validation: body.in_trash should be a boolean (and agree with "
                      "body.archived when both are sent)."_s);
        return false;
    }
    trash->trashed = inTrash.toBool(false) || archived.toBool(false);
    return true;
}

// Timestamp filters and and/or of them. Property filters are not imitated, and
// refused rather than ignored, so a client never takes unfiltered rows for filtered ones.
bool NotionApi::parseTimestampFilter(const QJsonValue &filter,
                                     std::function<bool(const NotionObject &)> *match,
                                     HttpResponse *error) const
{
    const QJsonObject f = filter.toObject();
    const auto refuse = [&](const QString &why) {
        *error = fail(400, u"validation_error"_s, u"body failed validation: body.filter "_s + why);
        return false;
    };
    if (!filter.isObject())
        return refuse(u"should be an object."_s);
    for (const QString &group : {u"and"_s, u"or"_s}) {
        if (!f.contains(group))
            continue;
        QVector<std::function<bool(const NotionObject &)>> parts;
        for (const QJsonValue &part : f.value(group).toArray()) {
            std::function<bool(const NotionObject &)> m;
            if (!parseTimestampFilter(part, &m, error))
                return false;
            parts.append(m);
        }
        const bool all = group == u"and"_s;
        *match = [parts, all](const NotionObject &o) {
            for (const auto &p : parts)
                if (p(o) != all)
                    return !all;
            return all;
        };
        return true;
    }
    const QString timestamp = f.value(u"timestamp"_s).toString();
    if (timestamp != u"created_time"_s && timestamp != u"last_edited_time"_s)
        return refuse(u"is not imitated: the sandbox supports timestamp filters on created_time "
                      "and last_edited_time, and and/or of them."_s);
    const QJsonObject condition = f.value(timestamp).toObject();
    static const QStringList operators = {u"after"_s, u"before"_s, u"on_or_after"_s,
                                          u"on_or_before"_s, u"equals"_s};
    if (condition.size() != 1 || !operators.contains(condition.begin().key()))
        return refuse(u"."_s + timestamp +
                      u" should hold one of after, before, on_or_after, on_or_before, equals."_s);
    const QString op = condition.begin().key();
    qint64 at = 0;
    bool dateOnly = false;
    if (!parseIsoInstant(condition.begin().value().toString(), &at, &dateOnly))
        return refuse(u"."_s + timestamp + u'.' + op + u" should be an ISO 8601 date."_s);
    const bool created = timestamp == u"created_time"_s;
    *match = [created, op, at, dateOnly](const NotionObject &o) {
        const qint64 t = created ? o.createdMs : o.editedMs;
        if (op == u"after"_s)
            return t > at;
        if (op == u"before"_s)
            return t < at;
        if (op == u"on_or_after"_s)
            return t >= at;
        if (op == u"on_or_before"_s)
            return t <= at;
        return dateOnly ? t >= at && t < at + 86400000 : t == at;
    };
    return true;
}

HttpResponse NotionApi::queryRows(const QJsonObject &body, const QString &scope, ApiVersion v,
                                  const std::function<bool(const NotionObject &)> &isRow)
{
    TrashFilter trash;
    HttpResponse error;
    if (!parseQueryTrash(body, v, &trash, &error))
        return error;
    std::function<bool(const NotionObject &)> match = [](const NotionObject &) { return true; };
    if (body.contains(u"filter"_s) &&
        !parseTimestampFilter(body.value(u"filter"_s), &match, &error))
        return error;
    QString sortBy; // empty: creation order
    bool descending = false;
    const QJsonArray sorts = body.value(u"sorts"_s).toArray();
    if (!sorts.isEmpty()) {
        const QJsonObject s = sorts.first().toObject();
        sortBy = s.value(u"timestamp"_s).toString();
        const QString direction = s.value(u"direction"_s).toString();
        if ((sortBy != u"created_time"_s && sortBy != u"last_edited_time"_s) ||
            (direction != u"ascending"_s && direction != u"descending"_s))
            return fail(400, u"validation_error"_s,
                        u"body failed validation: body.sorts[0] is not imitated: the sandbox "
                        "sorts by {\"timestamp\": \"created_time\" | \"last_edited_time\", "
                        "\"direction\": \"ascending\" | \"descending\"}."_s);
        descending = direction == u"descending"_s;
    }
    const QString resultType = body.value(u"result_type"_s).toString(u"page"_s);
    if (resultType != u"page"_s && resultType != u"data_source"_s)
        return fail(400, u"validation_error"_s,
                    u"body failed validation: body.result_type should be \"page\" or "
                    "\"data_source\"."_s);
    QVector<Entry> entries;
    const QVector<NotionObject> &objects = m_data->objects();
    for (int i = 0; i < objects.size() && resultType == u"page"_s; ++i) {
        const NotionObject &o = objects.at(i);
        if (!o.shared || !isRow(o) || o.inTrash != trash.trashed || !match(o))
            continue;
        const qint64 key = sortBy.isEmpty()              ? 0
                           : sortBy == u"created_time"_s ? o.createdMs
                                                         : o.editedMs;
        entries.append(Entry{&o, key, i});
    }
    std::stable_sort(entries.begin(), entries.end(), [descending](const Entry &a, const Entry &b) {
        return descending ? a.key > b.key : a.key < b.key;
    });
    return listPage(entries, descending,
                    scope + u'|' + QString::number(trash.trashed) + u'|' + sortBy +
                        QString::number(descending) + u'|' + compact(body.value(u"filter"_s)) +
                        u'|' + resultType,
                    body, v, hasDataSources(v) ? "page_or_data_source" : "page_or_database");
}

const NotionObject *NotionApi::queryTarget(const HttpRequest &request, const QString &id,
                                           NotionObject::Kind kind, QJsonObject *body,
                                           HttpResponse *error) const
{
    const char *what = kind == NotionObject::Kind::Database ? "database" : "data_source";
    if (!parseBody(request, body)) {
        *error = fail(400, u"invalid_json"_s, u"Error parsing JSON body."_s);
        return nullptr;
    }
    if (m_data->normalizeId(id).isEmpty()) {
        *error = invalidId(what, id);
        return nullptr;
    }
    const NotionObject *o = m_data->find(id);
    if (!o || !o->shared || o->kind != kind) {
        *error = notFound(what, id);
        return nullptr;
    }
    return o;
}

HttpResponse NotionApi::queryDatabase(const HttpRequest &request, const QString &id, ApiVersion v)
{
    if (hasDataSources(v))
        return fail(400, u"invalid_request_url"_s,
                    u"Invalid request URL: from Notion-Version 2025-09-03 on, query a data source "
                    "with POST /v1/data_sources/{data_source_id}/query."_s);
    QJsonObject body;
    HttpResponse error;
    const NotionObject *db = queryTarget(request, id, NotionObject::Kind::Database, &body, &error);
    if (!db)
        return error;
    if (m_data->liveSourceCount(*db) > 1)
        return multiSourceError(*db, v);
    const QString dbId = db->id;
    return queryRows(body, u"database|"_s + dbId, v, [dbId](const NotionObject &o) {
        return o.parentType == NotionObject::Parent::DataSource && o.databaseId == dbId;
    });
}

HttpResponse NotionApi::queryDataSource(const HttpRequest &request, const QString &id, ApiVersion v)
{
    if (!hasDataSources(v))
        return fail(400, u"invalid_request_url"_s,
                    u"Invalid request URL: data sources need Notion-Version 2025-09-03 or "
                    "later."_s);
    QJsonObject body;
    HttpResponse error;
    const NotionObject *source =
        queryTarget(request, id, NotionObject::Kind::DataSource, &body, &error);
    if (!source)
        return error;
    const QString sourceId = source->id;
    return queryRows(body, u"data_source|"_s + sourceId + QLatin1String(versionName(v)), v,
                     [sourceId](const NotionObject &o) {
                         return o.parentType == NotionObject::Parent::DataSource &&
                                o.parentId == sourceId;
                     });
}

} // namespace desk::sandbox::notion
