// Notion demo workspace: generation from --seed (pages, databases with one or
// more data sources, rows, orphans, block parents, trash) and id lookups.
#include "notiondata.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace desk::sandbox::notion {

namespace {

constexpr qint64 kStartMs = 1672531200000LL; // 2023-01-01T00:00:00Z
constexpr qint64 kEndMs = 1780272000000LL;   // 2026-06-01T00:00:00Z

QString shortId(Prng &rng)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString s;
    for (int i = 0; i < 4; ++i)
        s.append(QLatin1Char(alphabet[rng.below(62)]));
    return s;
}

const QStringList kPageTitles = {
    u"Meeting notes"_s,        u"Q3 planning"_s,         u"Onboarding checklist"_s,
    u"Design review"_s,        u"Team handbook"_s,       u"Product roadmap"_s,
    u"Sprint retrospective"_s, u"Reading list"_s,        u"Travel plans"_s,
    u"Interview questions"_s,  u"Release checklist"_s,   u"Brainstorm: new features"_s,
    u"Weekly sync"_s,          u"Customer interviews"_s, u"Style guide"_s,
    u"Budget 2025"_s,          u"Offsite agenda"_s,      u"Café recommendations"_s,
    u"Research: pricing"_s,    u"How we work"_s};
const QStringList kHiddenTitles = {u"Private notes"_s, u"Leadership"_s, u"Archive 2022"_s,
                                   u"Personal"_s};
const QStringList kIcons = {u"📄"_s, u"📝"_s, u"🗓️"_s, u"🚀"_s, u"📚"_s, u"✅"_s, u"💡"_s, u"🎯"_s};

struct DatabaseTemplate
{
    QString title;
    QString titleProperty;
    QString icon;
};
const QVector<DatabaseTemplate> kDatabases = {{u"Tasks"_s, u"Task"_s, u"✅"_s},
                                              {u"Projects"_s, u"Name"_s, u"🚀"_s},
                                              {u"Meeting notes"_s, u"Title"_s, u"🗓️"_s},
                                              {u"Reading list"_s, u"Name"_s, u"📚"_s},
                                              {u"Bugs"_s, u"Summary"_s, u"🐞"_s},
                                              {u"Contacts"_s, u"Name"_s, u"👤"_s},
                                              {u"Content calendar"_s, u"Post"_s, u"📰"_s},
                                              {u"OKRs"_s, u"Objective"_s, u"🎯"_s}};
// Names of the further data sources of a multi-source database.
const QStringList kSourceSuffixes = {u"Imported"_s, u"EU team"_s, u"2025"_s, u"Backlog"_s};
const QStringList kRowWords = {u"Update"_s, u"Fix"_s,    u"Plan"_s,    u"Write"_s,  u"Review"_s,
                               u"Call"_s,   u"Design"_s, u"Publish"_s, u"Migrate"_s};
const QStringList kRowObjects = {u"landing page"_s,     u"billing export"_s, u"Q4 goals"_s,
                                 u"onboarding email"_s, u"API client"_s,     u"team offsite"_s,
                                 u"docs search"_s,      u"dark mode"_s};
const QStringList kStatuses = {u"Not started"_s, u"In progress"_s, u"Done"_s};
const QStringList kStatusColors = {u"gray"_s, u"blue"_s, u"green"_s};
const QStringList kTags = {u"Frontend"_s, u"Backend"_s, u"Docs"_s, u"Urgent"_s};
const QStringList kTagColors = {u"purple"_s, u"orange"_s, u"yellow"_s, u"red"_s};

QJsonObject textRun(const QString &text, bool bold)
{
    return QJsonObject{
        {u"type"_s, u"text"_s},
        {u"text"_s, QJsonObject{{u"content"_s, text}, {u"link"_s, QJsonValue::Null}}},
        {u"annotations"_s, QJsonObject{{u"bold"_s, bold},
                                       {u"italic"_s, false},
                                       {u"strikethrough"_s, false},
                                       {u"underline"_s, false},
                                       {u"code"_s, false},
                                       {u"color"_s, u"default"_s}}},
        {u"plain_text"_s, text},
        {u"href"_s, QJsonValue::Null}};
}

QString slug(const QString &title)
{
    QString out;
    for (const QChar c : title) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out.append(c);
        else if (!out.isEmpty() && !out.endsWith(u'-'))
            out.append(u'-');
    }
    while (out.endsWith(u'-'))
        out.chop(1);
    return out;
}

QJsonObject optionList(const QStringList &names, const QStringList &colors, Prng &ids)
{
    QJsonArray options;
    for (int i = 0; i < names.size(); ++i)
        options.append(QJsonObject{
            {u"id"_s, shortId(ids)}, {u"name"_s, names.at(i)}, {u"color"_s, colors.at(i)}});
    return QJsonObject{{u"options"_s, options}};
}

QJsonObject schemaEntry(Prng &ids, const QString &name, const QString &type,
                        const QJsonObject &config)
{
    return QJsonObject{
        {u"id"_s, shortId(ids)}, {u"name"_s, name}, {u"type"_s, type}, {type, config}};
}

QJsonObject propertyValue(const QJsonObject &schema, const QString &name, const QJsonValue &value)
{
    const QJsonObject s = schema.value(name).toObject();
    const QString type = s.value(u"type"_s).toString();
    return QJsonObject{{u"id"_s, s.value(u"id"_s)}, {u"type"_s, type}, {type, value}};
}

} // namespace

QString notionUuid(Prng &rng)
{
    const QByteArray hex = QByteArray::number(rng.next(), 16).rightJustified(16, '0') +
                           QByteArray::number(rng.next(), 16).rightJustified(16, '0');
    QByteArray v = hex;
    v[12] = '4';                                                         // version 4
    v[16] = "89ab"[QByteArray("0123456789abcdef").indexOf(hex[16]) % 4]; // variant
    return QString::fromLatin1(v.left(8) + '-' + v.mid(8, 4) + '-' + v.mid(12, 4) + '-' +
                               v.mid(16, 4) + '-' + v.mid(20, 12));
}

// Rich text for a title; some titles come in two runs, so clients must join
// every run's plain_text.
QJsonArray notionRichText(const QString &title, bool split)
{
    QJsonArray a;
    if (title.isEmpty())
        return a;
    const int space = title.indexOf(u' ');
    if (split && space > 0) {
        a.append(textRun(title.left(space + 1), false));
        a.append(textRun(title.mid(space + 1), true));
    } else {
        a.append(textRun(title, false));
    }
    return a;
}

QString notionUrl(const QString &title, const QString &id)
{
    QString compact = id;
    compact.remove(u'-');
    const QString s = slug(title);
    return u"https://www.notion.so/"_s + (s.isEmpty() ? QString() : s + u'-') + compact;
}

qint64 notionMinuteFloor(qint64 ms)
{
    return ms - ms % 60000;
}

QString notionDatabaseTitle(int templateIndex)
{
    const int n = int(kDatabases.size());
    return kDatabases.at(templateIndex % n).title +
           (templateIndex >= n ? u' ' + QString::number(templateIndex / n + 1) : QString());
}

QString notionRowTitle(Prng &rng)
{
    return rng.pick(kRowWords) + u' ' + rng.pick(kRowObjects);
}

QString notionPageTitle(Prng &rng)
{
    return rng.pick(kPageTitles);
}

QJsonObject notionDatabaseSchema(int templateIndex, Prng &ids, QString *titleProperty)
{
    const DatabaseTemplate &tpl = kDatabases.at(templateIndex % kDatabases.size());
    *titleProperty = tpl.titleProperty;
    QJsonObject schema;
    schema.insert(tpl.titleProperty, QJsonObject{{u"id"_s, u"title"_s},
                                                 {u"name"_s, tpl.titleProperty},
                                                 {u"type"_s, u"title"_s},
                                                 {u"title"_s, QJsonObject{}}});
    schema.insert(u"Status"_s, schemaEntry(ids, u"Status"_s, u"select"_s,
                                           optionList(kStatuses, kStatusColors, ids)));
    schema.insert(u"Tags"_s, schemaEntry(ids, u"Tags"_s, u"multi_select"_s,
                                         optionList(kTags, kTagColors, ids)));
    schema.insert(u"Due"_s, schemaEntry(ids, u"Due"_s, u"date"_s, QJsonObject{}));
    schema.insert(u"Done"_s, schemaEntry(ids, u"Done"_s, u"checkbox"_s, QJsonObject{}));
    schema.insert(u"Estimate"_s, schemaEntry(ids, u"Estimate"_s, u"number"_s,
                                             QJsonObject{{u"format"_s, u"number"_s}}));
    return schema;
}

QJsonObject notionPageJson(const QString &id, const QString &title, const QString &icon,
                           const QJsonObject &properties)
{
    return QJsonObject{{u"object"_s, u"page"_s},
                       {u"id"_s, id},
                       {u"cover"_s, QJsonValue::Null},
                       {u"icon"_s, icon.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(QJsonObject{{u"type"_s, u"emoji"_s},
                                                                           {u"emoji"_s, icon}})},
                       {u"properties"_s, properties},
                       {u"url"_s, notionUrl(title, id)},
                       {u"public_url"_s, QJsonValue::Null}};
}

QJsonObject notionDataSourceJson(const QString &id, const QString &title, const QJsonObject &schema,
                                 const QJsonValue &icon)
{
    return QJsonObject{{u"object"_s, u"data_source"_s},
                       {u"id"_s, id},
                       {u"title"_s, notionRichText(title, false)},
                       {u"description"_s, QJsonArray{}},
                       {u"properties"_s, schema},
                       {u"icon"_s, icon},
                       {u"cover"_s, QJsonValue::Null},
                       {u"url"_s, notionUrl(QString(), id)},
                       {u"public_url"_s, QJsonValue::Null}};
}

// A row's property values for `schema` (the title property holds `title`).
QJsonObject notionRowProperties(const QJsonObject &schema, const QString &title, Prng &rng)
{
    QJsonObject properties;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (it.value().toObject().value(u"type"_s).toString() == u"title"_s)
            properties.insert(
                it.key(), propertyValue(schema, it.key(), notionRichText(title, rng.chance(0.2))));
    }
    const QJsonArray statusOptions = schema.value(u"Status"_s)
                                         .toObject()
                                         .value(u"select"_s)
                                         .toObject()
                                         .value(u"options"_s)
                                         .toArray();
    properties.insert(u"Status"_s,
                      propertyValue(schema, u"Status"_s,
                                    rng.chance(0.9) ? statusOptions.at(int(rng.below(3)))
                                                    : QJsonValue(QJsonValue::Null)));
    QJsonArray chosen;
    for (const QJsonValue &t : schema.value(u"Tags"_s)
                                   .toObject()
                                   .value(u"multi_select"_s)
                                   .toObject()
                                   .value(u"options"_s)
                                   .toArray())
        if (rng.chance(0.3))
            chosen.append(t);
    properties.insert(u"Tags"_s, propertyValue(schema, u"Tags"_s, chosen));
    const qint64 due = kStartMs + qint64(rng.below(quint64(kEndMs - kStartMs)));
    const QString dueDate =
        QDateTime::fromMSecsSinceEpoch(due, Qt::UTC).date().toString(Qt::ISODate);
    properties.insert(
        u"Due"_s,
        propertyValue(schema, u"Due"_s,
                      rng.chance(0.7) ? QJsonValue(QJsonObject{{u"start"_s, dueDate},
                                                               {u"end"_s, QJsonValue::Null},
                                                               {u"time_zone"_s, QJsonValue::Null}})
                                      : QJsonValue(QJsonValue::Null)));
    properties.insert(u"Done"_s, propertyValue(schema, u"Done"_s, rng.chance(0.4)));
    properties.insert(u"Estimate"_s,
                      propertyValue(schema, u"Estimate"_s,
                                    rng.chance(0.8) ? QJsonValue(int(rng.range(1, 13)))
                                                    : QJsonValue(QJsonValue::Null)));
    return properties;
}

QJsonObject notionMakeRow(NotionObject &row, const NotionObject &source, Prng &rng)
{
    row.parentType = NotionObject::Parent::DataSource;
    row.parentId = source.id;
    row.databaseId = source.parentId;
    row.title = notionRowTitle(rng);
    return notionRowProperties(source.json.value(u"properties"_s).toObject(), row.title, rng);
}

// The state of one generate() run.
struct NotionData::Generation
{
    NotionData &d;
    const GeneratorConfig &config;
    Prng ids;
    Prng rng;
    qint64 clock = kStartMs;
    qint64 step = 60000;
    QVector<int> hiddenPages, regularPages, allPages, databases, liveSources;
    bool orphanDone = false, blockDone = false, untitledDone = false;
    int rowCount = 0;
    int trashedSource = -1; // a data source generated in the trash

    Generation(NotionData &data, const GeneratorConfig &c)
        : d(data)
        , config(c)
        , ids(Prng::mix(c.seed ^ 0x4e07104eULL))
        , rng(Prng::mix(c.seed ^ 0x9a6e5ULL))
    {}

    int add(NotionObject o)
    {
        clock += step / 2 + qint64(rng.below(quint64(step)));
        o.createdMs = notionMinuteFloor(clock);
        o.editedMs =
            notionMinuteFloor(std::min(kEndMs, o.createdMs + qint64(rng.below(200ULL * 86400000))));
        o.baseTitle = o.title;
        return d.append(std::move(o));
    }

    void pickParent(NotionObject &o, bool forceOrphan, bool forceBlock)
    {
        const double roll = rng.unit();
        if (allPages.isEmpty() && databases.isEmpty()) {
            o.parentType = NotionObject::Parent::Workspace; // the first object is top level
        } else if ((forceOrphan || roll < 0.05) && !hiddenPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Page;
            o.parentId = d.m_objects.at(rng.pick(hiddenPages)).id;
        } else if ((forceBlock || roll < 0.13) && !regularPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Block;
            o.blockPageId = d.m_objects.at(rng.pick(regularPages)).id;
            o.parentId = notionUuid(ids);
            d.m_blockPages.insert(o.parentId, o.blockPageId);
        } else if (roll < 0.30 || allPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Workspace;
        } else {
            o.parentType = NotionObject::Parent::Page;
            o.parentId = d.m_objects.at(rng.pick(allPages)).id;
        }
    }

    int addSource(int dbIndex, const QString &title, const QJsonObject &schema)
    {
        NotionObject s;
        s.kind = NotionObject::Kind::DataSource;
        s.id = notionUuid(ids);
        s.title = title;
        s.parentType = NotionObject::Parent::Database;
        s.parentId = d.m_objects.at(dbIndex).id;
        s.json = notionDataSourceJson(s.id, title, schema,
                                      d.m_objects.at(dbIndex).json.value(u"icon"_s));
        const int index = add(s);
        d.m_objects[dbIndex].dataSources.append(d.m_objects.at(index).id);
        return index;
    }

    // Databases sit on pages (or the workspace), never directly in another database.
    void addDatabase(bool multiSource)
    {
        const int ordinal = int(databases.size());
        NotionObject o;
        o.kind = NotionObject::Kind::Database;
        o.id = notionUuid(ids);
        o.title = notionDatabaseTitle(ordinal);
        pickParent(o, false, false);
        QString titleProperty;
        const QJsonObject schema = notionDatabaseSchema(ordinal, ids, &titleProperty);
        const QString icon = kDatabases.at(ordinal % kDatabases.size()).icon;
        o.json = QJsonObject{{u"object"_s, u"database"_s},
                             {u"id"_s, o.id},
                             {u"title"_s, notionRichText(o.title, false)},
                             {u"description"_s, QJsonArray{}},
                             {u"is_inline"_s, o.parentType == NotionObject::Parent::Block},
                             {u"url"_s, notionUrl(QString(), o.id)},
                             {u"public_url"_s, QJsonValue::Null},
                             {u"icon"_s, QJsonObject{{u"type"_s, u"emoji"_s}, {u"emoji"_s, icon}}},
                             {u"cover"_s, QJsonValue::Null}};
        const int dbIndex = add(o);
        databases.append(dbIndex);
        const QString title = d.m_objects.at(dbIndex).title;
        liveSources.append(addSource(dbIndex, title, schema));
        if (!multiSource)
            return;
        liveSources.append(addSource(
            dbIndex, title + u" · "_s + kSourceSuffixes.at(ordinal % kSourceSuffixes.size()),
            schema));
        if (trashedSource < 0) // the first multi-source database also has one in the trash
            trashedSource = addSource(dbIndex, title + u" · Old"_s, schema);
    }

    void addPage(int n)
    {
        NotionObject o;
        o.id = notionUuid(ids);
        const QString icon = rng.chance(0.6) ? rng.pick(kIcons) : QString();
        const bool specialsDone = orphanDone && blockDone && untitledDone;
        const bool lastChanceForRow = n == config.pages - 1 && rowCount == 0;
        const bool row = !liveSources.isEmpty() &&
                         ((n > 3 && specialsDone && rng.chance(0.35)) || lastChanceForRow);
        rowCount += row;
        QJsonObject properties;
        if (row) {
            properties = notionMakeRow(o, d.m_objects.at(rng.pick(liveSources)), rng);
        } else {
            // From the 3rd page on, the first regular pages are an orphan (parent not
            // shared), a child of a block and an untitled page, so even small
            // workspaces have every case.
            const bool forceOrphan = n >= 2 && !orphanDone;
            const bool forceBlock = n >= 2 && orphanDone && !blockDone;
            pickParent(o, forceOrphan, forceBlock);
            orphanDone = orphanDone || forceOrphan;
            blockDone = blockDone || forceBlock;
            o.title = notionPageTitle(rng);
            if (o.title == u"Meeting notes"_s || o.title == u"Weekly sync"_s)
                o.title +=
                    u' ' +
                    QDateTime::fromMSecsSinceEpoch(clock, Qt::UTC).date().toString(Qt::ISODate);
            if (n >= 4 && !untitledDone) {
                o.title.clear(); // "Untitled" in Notion's UI: an empty title array
                untitledDone = true;
            }
            properties.insert(u"title"_s,
                              QJsonObject{{u"id"_s, u"title"_s},
                                          {u"type"_s, u"title"_s},
                                          {u"title"_s, notionRichText(o.title, rng.chance(0.25))}});
        }
        o.json = notionPageJson(o.id, o.title, icon, properties);
        const int index = add(o);
        allPages.append(index);
        if (!row)
            regularPages.append(index);
    }

    void trashSome();
};

// A few leaf pages, one row and a data source (with its rows) are in the trash:
// search leaves them out unless asked for the trash.
void NotionData::Generation::trashSome()
{
    QSet<QString> parents;
    for (const NotionObject &o : d.m_objects)
        if (!o.parentId.isEmpty())
            parents.insert(o.parentType == NotionObject::Parent::Block ? o.blockPageId
                                                                       : o.parentId);
    auto leafPage = [&](const NotionObject &o) {
        return o.shared && o.kind == NotionObject::Kind::Page && !o.inTrash &&
               !parents.contains(o.id);
    };
    int toTrash = config.pages >= 20 ? std::max(1, config.pages / 40) : 0;
    bool rowTrashed = false;
    for (int i = int(d.m_objects.size()) - 1; i >= 0 && toTrash > 0; i -= 3) {
        NotionObject &o = d.m_objects[i];
        if (leafPage(o)) {
            o.inTrash = true;
            rowTrashed = rowTrashed || o.parentType == NotionObject::Parent::DataSource;
            --toTrash;
        }
    }
    if (config.pages >= 20 && !rowTrashed) {
        for (int i = int(d.m_objects.size()) - 1; i >= 0; --i) {
            NotionObject &o = d.m_objects[i];
            if (leafPage(o) && o.parentType == NotionObject::Parent::DataSource) {
                o.inTrash = true;
                break;
            }
        }
    }
    if (trashedSource < 0)
        return;
    // The trashed data source keeps one row of its database (same schema), trashed with it.
    NotionObject &source = d.m_objects[trashedSource];
    source.inTrash = true;
    for (int i = int(d.m_objects.size()) - 1; i >= 0; --i) {
        NotionObject &o = d.m_objects[i];
        if (leafPage(o) && o.parentType == NotionObject::Parent::DataSource &&
            o.databaseId == source.parentId) {
            o.parentId = source.id;
            o.inTrash = true;
            break;
        }
    }
}

QString NotionData::isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString NotionData::normalizeId(const QString &id) const
{
    static const QRegularExpression dashed(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    static const QRegularExpression compact(u"^[0-9a-fA-F]{32}$"_s);
    if (dashed.match(id).hasMatch())
        return id.toLower();
    if (compact.match(id).hasMatch()) {
        const QString l = id.toLower();
        return l.left(8) + u'-' + l.mid(8, 4) + u'-' + l.mid(12, 4) + u'-' + l.mid(16, 4) + u'-' +
               l.mid(20);
    }
    return {};
}

const NotionObject *NotionData::find(const QString &id) const
{
    const auto it = m_index.constFind(normalizeId(id));
    return it == m_index.constEnd() ? nullptr : &m_objects.at(it.value());
}

const NotionObject *NotionData::blockPage(const QString &blockId) const
{
    const auto it = m_blockPages.constFind(normalizeId(blockId));
    return it == m_blockPages.constEnd() ? nullptr : find(it.value());
}

int NotionData::append(NotionObject o)
{
    m_index.insert(o.id, int(m_objects.size()));
    m_objects.append(std::move(o));
    return int(m_objects.size() - 1);
}

int NotionData::liveSourceCount(const NotionObject &database) const
{
    int n = 0;
    for (const QString &id : database.dataSources)
        if (const NotionObject *s = find(id))
            n += !s->inTrash;
    return n;
}

bool NotionData::legacyInTrash(const NotionObject &database) const
{
    return database.inTrash || liveSourceCount(database) == 0;
}

qint64 NotionData::legacyEditedMs(const NotionObject &database) const
{
    qint64 edited = database.editedMs;
    for (const QString &id : database.dataSources)
        if (const NotionObject *s = find(id))
            edited = std::max(edited, s->editedMs);
    return edited;
}

void NotionData::generate(const GeneratorConfig &config)
{
    m_objects.clear();
    m_index.clear();
    m_blockPages.clear();
    Generation g(*this, config);
    workspaceId = notionUuid(g.ids);
    botId = notionUuid(g.ids);
    userId = notionUuid(g.ids);

    const int hidden = config.pages > 0 ? std::max(1, config.pages / 25) : 0;
    const int total = config.pages + config.databases;
    g.step = std::max<qint64>(60000, (kEndMs - kStartMs) / 2 / std::max(1, total + hidden));
    for (int h = 0; h < hidden; ++h) {
        NotionObject o;
        o.id = notionUuid(g.ids);
        o.title = kHiddenTitles.at(h % kHiddenTitles.size());
        o.shared = false;
        g.hiddenPages.append(g.add(o));
    }

    // Interleave databases among the pages.
    QVector<bool> isDatabase(total, false);
    for (int d = 0; d < config.databases; ++d)
        isDatabase[std::min(total - 1,
                            2 + int(qint64(d) * total / std::max(1, config.databases)))] = true;
    int placedDatabases = 0;
    for (bool b : isDatabase)
        placedDatabases += b;
    for (int k = 0; placedDatabases < config.databases && k < total; ++k)
        if (!isDatabase[k]) {
            isDatabase[k] = true;
            ++placedDatabases;
        }
    // Which databases hold two data sources: the 2nd, 5th, 8th… first, then the others.
    const int multi = config.multiSource >= 0 ? config.multiSource : config.databases / 3;
    QVector<int> multiOrder;
    for (int pass = 0; pass < 2; ++pass)
        for (int d = 0; d < config.databases; ++d)
            if ((d % 3 == 1) == (pass == 0))
                multiOrder.append(d);
    const QSet<int> multiSet(multiOrder.begin(),
                             multiOrder.begin() + std::min<int>(multi, int(multiOrder.size())));

    int pageNumber = 0;
    for (int k = 0; k < total; ++k) {
        if (isDatabase[k])
            g.addDatabase(multiSet.contains(int(g.databases.size())));
        else
            g.addPage(pageNumber++);
    }
    g.trashSome();
}

} // namespace desk::sandbox::notion
