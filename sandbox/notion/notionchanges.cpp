// Change sets on the Notion workspace (POST /notion/_sandbox/changes and
// --notion-churn): modify retitles and moves last_edited_time to now, add
// creates objects with parents like generated ones, delete moves to the trash.
#include "notiondata.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace desk::sandbox::notion {

namespace {

const QStringList kChangeTypes = {u"pages"_s, u"rows"_s, u"data_sources"_s, u"databases"_s};

quint64 typeSalt(const QString &type)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : type)
        h = (h ^ c.unicode()) * 1099511628211ULL;
    return h;
}

} // namespace

QString NotionData::freshId(Prng &rng) const
{
    QString id = notionUuid(rng);
    while (m_index.contains(id) || m_blockPages.contains(id))
        id = notionUuid(rng);
    return id;
}

QVector<int> NotionData::changeCandidates(const QString &type, bool forDelete) const
{
    QSet<QString> liveParents; // only leaves are deleted, so no page is left under the trash
    if (forDelete)
        for (const NotionObject &o : m_objects)
            if (!o.inTrash && !o.parentId.isEmpty())
                liveParents.insert(o.parentType == NotionObject::Parent::Block ? o.blockPageId
                                                                               : o.parentId);
    QVector<int> out;
    for (int i = 0; i < m_objects.size(); ++i) {
        const NotionObject &o = m_objects.at(i);
        if (!o.shared || o.inTrash)
            continue;
        bool fits = false;
        if (type == u"pages"_s || type == u"rows"_s) {
            fits = o.kind == NotionObject::Kind::Page &&
                   (type == u"pages"_s || o.parentType == NotionObject::Parent::DataSource) &&
                   !liveParents.contains(o.id);
        } else if (type == u"data_sources"_s) {
            const NotionObject *db = find(o.parentId);
            fits = o.kind == NotionObject::Kind::DataSource && db && !db->inTrash;
        } else {
            fits = o.kind == NotionObject::Kind::Database;
        }
        if (fits)
            out.append(i);
    }
    return out;
}

void NotionData::trash(NotionObject &o, qint64 editedMs, QStringList *cascaded)
{
    o.inTrash = true;
    o.editedMs = editedMs;
    if (o.kind == NotionObject::Kind::Page)
        return;
    const QString id = o.id;
    const QStringList sources = o.dataSources;
    // Trashing a data source takes its rows along; a database its data sources.
    for (NotionObject &child : m_objects) {
        const bool row = child.parentType == NotionObject::Parent::DataSource &&
                         (child.parentId == id || sources.contains(child.parentId));
        const bool source =
            child.kind == NotionObject::Kind::DataSource && sources.contains(child.id);
        if ((row || source) && !child.inTrash) {
            child.inTrash = true;
            child.editedMs = editedMs;
            cascaded->append(child.id);
        }
    }
}

QString NotionData::addPage(Prng &rng, qint64 nowMs, bool row)
{
    NotionObject o;
    o.id = freshId(rng);
    QVector<int> sources, pages;
    for (int i = 0; i < m_objects.size(); ++i) {
        const NotionObject &c = m_objects.at(i);
        if (!c.shared || c.inTrash)
            continue;
        if (c.kind == NotionObject::Kind::DataSource)
            sources.append(i);
        else if (c.kind == NotionObject::Kind::Page)
            pages.append(i);
    }
    if (row && sources.isEmpty())
        return {};
    QJsonObject properties;
    if (row) {
        properties = notionMakeRow(o, m_objects.at(rng.pick(sources)), rng);
    } else {
        const double roll = rng.unit();
        if (roll < 0.3 || pages.isEmpty()) {
            o.parentType = NotionObject::Parent::Workspace;
        } else if (roll < 0.45) {
            o.parentType = NotionObject::Parent::Block;
            o.blockPageId = m_objects.at(rng.pick(pages)).id;
            o.parentId = freshId(rng);
            m_blockPages.insert(o.parentId, o.blockPageId);
        } else {
            o.parentType = NotionObject::Parent::Page;
            o.parentId = m_objects.at(rng.pick(pages)).id;
        }
        o.title = notionPageTitle(rng);
        properties.insert(u"title"_s, QJsonObject{{u"id"_s, u"title"_s},
                                                  {u"type"_s, u"title"_s},
                                                  {u"title"_s, notionRichText(o.title, false)}});
    }
    o.baseTitle = o.title;
    o.createdMs = o.editedMs = nowMs;
    o.json = notionPageJson(o.id, o.title, QString(), properties);
    return m_objects.at(append(std::move(o))).id;
}

QString NotionData::addDataSource(Prng &rng, qint64 nowMs)
{
    QVector<int> databases;
    for (int i = 0; i < m_objects.size(); ++i) {
        const NotionObject &c = m_objects.at(i);
        if (c.shared && !c.inTrash && c.kind == NotionObject::Kind::Database &&
            !c.dataSources.isEmpty())
            databases.append(i);
    }
    if (databases.isEmpty())
        return {};
    const int dbIndex = rng.pick(databases);
    const NotionObject *first = find(m_objects.at(dbIndex).dataSources.first());
    NotionObject s;
    s.kind = NotionObject::Kind::DataSource;
    s.id = freshId(rng);
    s.title = m_objects.at(dbIndex).title + u" · Added "_s +
              QString::number(m_objects.at(dbIndex).dataSources.size());
    s.baseTitle = s.title;
    s.parentType = NotionObject::Parent::Database;
    s.parentId = m_objects.at(dbIndex).id;
    s.createdMs = s.editedMs = nowMs;
    s.json = first->json;
    s.json.insert(u"id"_s, s.id);
    s.json.insert(u"title"_s, notionRichText(s.title, false));
    s.json.insert(u"url"_s, notionUrl(QString(), s.id));
    const QString id = m_objects.at(append(std::move(s))).id;
    m_objects[dbIndex].dataSources.append(id);
    return id;
}

QString NotionData::addDatabase(Prng &rng, qint64 nowMs)
{
    int count = 0;
    QVector<int> pages;
    for (int i = 0; i < m_objects.size(); ++i) {
        const NotionObject &c = m_objects.at(i);
        count += c.kind == NotionObject::Kind::Database;
        if (c.shared && !c.inTrash && c.kind == NotionObject::Kind::Page &&
            c.parentType != NotionObject::Parent::DataSource)
            pages.append(i);
    }
    NotionObject db;
    db.kind = NotionObject::Kind::Database;
    db.id = freshId(rng);
    db.title = db.baseTitle = notionDatabaseTitle(count);
    if (!pages.isEmpty() && rng.chance(0.6)) {
        db.parentType = NotionObject::Parent::Page;
        db.parentId = m_objects.at(rng.pick(pages)).id;
    }
    db.createdMs = db.editedMs = nowMs;
    db.json = QJsonObject{{u"object"_s, u"database"_s},
                          {u"id"_s, db.id},
                          {u"title"_s, notionRichText(db.title, false)},
                          {u"description"_s, QJsonArray{}},
                          {u"is_inline"_s, false},
                          {u"url"_s, notionUrl(QString(), db.id)},
                          {u"public_url"_s, QJsonValue::Null},
                          {u"icon"_s, QJsonValue::Null},
                          {u"cover"_s, QJsonValue::Null}};
    QString titleProperty;
    const QJsonObject schema = notionDatabaseSchema(count, rng, &titleProperty);
    NotionObject s;
    s.kind = NotionObject::Kind::DataSource;
    s.id = freshId(rng);
    s.title = s.baseTitle = db.title;
    s.parentType = NotionObject::Parent::Database;
    s.parentId = db.id;
    s.createdMs = s.editedMs = nowMs;
    s.json = notionDataSourceJson(s.id, s.title, schema, QJsonValue::Null);
    db.dataSources.append(s.id);
    const QString id = m_objects.at(append(std::move(db))).id;
    append(std::move(s));
    return id;
}

QString NotionData::addObject(const QString &type, Prng &rng, qint64 nowMs)
{
    if (type == u"pages"_s)
        return addPage(rng, nowMs, rng.chance(0.35));
    if (type == u"rows"_s)
        return addPage(rng, nowMs, true);
    if (type == u"data_sources"_s)
        return addDataSource(rng, nowMs);
    return addDatabase(rng, nowMs);
}

ChangeOutcome NotionData::applyChanges(const ChangeRequest &change, qint64 nowMs)
{
    const QString &type = change.type;
    ChangeOutcome out;
    if (!kChangeTypes.contains(type)) {
        out.error = u"type must be one of "_s + kChangeTypes.join(u", "_s);
        return out;
    }
    // Like Notion's last_edited_time: minute precision, and never before existing edits.
    qint64 stamp = notionMinuteFloor(nowMs);
    for (const NotionObject &o : m_objects)
        stamp = std::max(stamp, o.editedMs);
    Prng rng(Prng::mix(change.seed ^ typeSalt(type)));

    QSet<int> modified;
    const QVector<int> candidates = changeCandidates(type, false);
    for (int pick : pickDistinct(rng, int(candidates.size()), change.modify)) {
        NotionObject &o = m_objects[candidates.at(pick)];
        ++o.revision;
        retitle(o, (o.baseTitle.isEmpty() ? u"Untitled"_s : o.baseTitle) + u" (edited "_s +
                       QString::number(o.revision) + u')');
        o.editedMs = stamp;
        modified.insert(candidates.at(pick));
        out.modified.append(o.id);
    }
    QVector<int> deletable;
    for (int i : changeCandidates(type, true))
        if (!modified.contains(i))
            deletable.append(i);
    QStringList cascaded;
    for (int pick : pickDistinct(rng, int(deletable.size()), change.remove)) {
        NotionObject &o = m_objects[deletable.at(pick)];
        if (o.inTrash) // taken along by an earlier delete of this set
            continue;
        trash(o, stamp, &cascaded);
        out.deleted.append(o.id);
    }
    for (int i = 0; i < change.add; ++i) {
        const QString id = addObject(type, rng, stamp);
        if (id.isEmpty())
            break; // nothing to add into (e.g. rows without a live data source)
        out.added.append(id);
    }
    return out;
}

} // namespace desk::sandbox::notion
