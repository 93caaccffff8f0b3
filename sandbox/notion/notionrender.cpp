// How each Notion-Version shows a page, database or data source: parents,
// archived/in_trash, databases with properties (2022-06-28) or with
// data_sources (2025-09-03 on), and the data source object itself.
#include "notiondata.h"

using namespace Qt::StringLiterals;

namespace desk::sandbox::notion {

QJsonObject NotionData::parentJson(const NotionObject &o, ApiVersion version) const
{
    switch (o.parentType) {
    case NotionObject::Parent::Workspace:
        return QJsonObject{{u"type"_s, u"workspace"_s}, {u"workspace"_s, true}};
    case NotionObject::Parent::Page:
        return QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, o.parentId}};
    case NotionObject::Parent::Block:
        return QJsonObject{{u"type"_s, u"block_id"_s}, {u"block_id"_s, o.parentId}};
    case NotionObject::Parent::Database:
        return QJsonObject{{u"type"_s, u"database_id"_s}, {u"database_id"_s, o.parentId}};
    case NotionObject::Parent::DataSource:
        if (!hasDataSources(version))
            return QJsonObject{{u"type"_s, u"database_id"_s}, {u"database_id"_s, o.databaseId}};
        return QJsonObject{{u"type"_s, u"data_source_id"_s},
                           {u"data_source_id"_s, o.parentId},
                           {u"database_id"_s, o.databaseId}};
    }
    return {};
}

QJsonObject NotionData::render(const NotionObject &o, ApiVersion version) const
{
    QJsonObject j = o.json;
    const QJsonObject user{{u"object"_s, u"user"_s}, {u"id"_s, userId}};
    bool inTrash = o.inTrash;
    qint64 edited = o.editedMs;
    j.insert(u"parent"_s, parentJson(o, version));
    switch (o.kind) {
    case NotionObject::Kind::Page:
        j.insert(u"created_by"_s, user);
        j.insert(u"last_edited_by"_s, user);
        if (hasDataSources(version))
            j.insert(u"is_locked"_s, false);
        if (!knowsArchived(version))
            j.insert(u"is_archived"_s, false);
        break;
    case NotionObject::Kind::Database:
        if (hasDataSources(version)) {
            QJsonArray sources;
            for (const QString &id : o.dataSources) {
                const NotionObject *s = find(id);
                if (s && !s->inTrash)
                    sources.append(QJsonObject{{u"id"_s, s->id}, {u"name"_s, s->title}});
            }
            j.insert(u"data_sources"_s, sources);
            j.insert(u"is_locked"_s, false);
        } else {
            // One database, one table: its (only) data source's schema.
            if (const NotionObject *s =
                    o.dataSources.isEmpty() ? nullptr : find(o.dataSources.first()))
                j.insert(u"properties"_s, s->json.value(u"properties"_s));
            j.insert(u"created_by"_s, user);
            j.insert(u"last_edited_by"_s, user);
            inTrash = legacyInTrash(o);
            edited = legacyEditedMs(o);
        }
        break;
    case NotionObject::Kind::DataSource:
        if (const NotionObject *db = find(o.parentId)) {
            j.insert(u"database_parent"_s, parentJson(*db, version));
            j.insert(u"is_inline"_s, db->json.value(u"is_inline"_s));
        }
        j.insert(u"created_by"_s, user);
        j.insert(u"last_edited_by"_s, user);
        break;
    }
    j.insert(u"created_time"_s, isoTime(o.createdMs));
    j.insert(u"last_edited_time"_s, isoTime(edited));
    j.insert(u"in_trash"_s, inTrash);
    if (knowsArchived(version))
        j.insert(u"archived"_s, inTrash);
    return j;
}

void NotionData::retitle(NotionObject &o, const QString &title)
{
    o.title = title;
    if (o.kind != NotionObject::Kind::Page) {
        o.json.insert(u"title"_s, notionRichText(title, false));
        return;
    }
    QJsonObject properties = o.json.value(u"properties"_s).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        QJsonObject p = it.value().toObject();
        if (p.value(u"type"_s).toString() == u"title"_s) {
            p.insert(u"title"_s, notionRichText(title, false));
            it.value() = p;
        }
    }
    o.json.insert(u"properties"_s, properties);
    o.json.insert(u"url"_s, notionUrl(title, o.id));
}

} // namespace desk::sandbox::notion
