#include "notiondata.h"

#include "server/prng.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace desk::sandbox::notion {

namespace {

constexpr qint64 kStartMs = 1672531200000LL; // 2023-01-01T00:00:00Z
constexpr qint64 kEndMs = 1780272000000LL;   // 2026-06-01T00:00:00Z

QString uuid(Prng &rng)
{
    const QByteArray hex = QByteArray::number(rng.next(), 16).rightJustified(16, '0') +
                           QByteArray::number(rng.next(), 16).rightJustified(16, '0');
    QByteArray v = hex;
    v[12] = '4';                                                         // version 4
    v[16] = "89ab"[QByteArray("0123456789abcdef").indexOf(hex[16]) % 4]; // variant
    return QString::fromLatin1(v.left(8) + '-' + v.mid(8, 4) + '-' + v.mid(12, 4) + '-' +
                               v.mid(16, 4) + '-' + v.mid(20, 12));
}

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

// Rich text for a title; some titles come in two runs, so clients must join
// every run's plain_text.
QJsonArray richText(const QString &title, bool split)
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

QString notionUrl(const QString &title, const QString &id)
{
    QString compact = id;
    compact.remove(u'-');
    const QString s = slug(title);
    return u"https://www.notion.so/"_s + (s.isEmpty() ? QString() : s + u'-') + compact;
}

qint64 minuteFloor(qint64 ms)
{
    return ms - ms % 60000;
}

} // namespace

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

void NotionData::generate(const GeneratorConfig &config)
{
    m_objects.clear();
    m_index.clear();
    m_blockPages.clear();
    Prng ids(Prng::mix(config.seed ^ 0x4e07104eULL));
    workspaceId = uuid(ids);
    botId = uuid(ids);
    userId = uuid(ids);
    const QJsonObject user{{u"object"_s, u"user"_s}, {u"id"_s, userId}};

    Prng rng(Prng::mix(config.seed ^ 0x9a6e5ULL));
    const int hidden = config.pages > 0 ? std::max(1, config.pages / 25) : 0;
    const int total = config.pages + config.databases;
    qint64 clock = kStartMs;
    const qint64 step =
        std::max<qint64>(60000, (kEndMs - kStartMs) / 2 / std::max(1, total + hidden));

    auto add = [&](NotionObject o) {
        clock += step / 2 + qint64(rng.below(quint64(step)));
        o.createdMs = minuteFloor(clock);
        o.editedMs =
            minuteFloor(std::min(kEndMs, o.createdMs + qint64(rng.below(200ULL * 86400000))));
        m_index.insert(o.id, int(m_objects.size()));
        m_objects.append(std::move(o));
        return int(m_objects.size() - 1);
    };

    QVector<int> hiddenPages, regularPages, allPages, databases;
    for (int h = 0; h < hidden; ++h) {
        NotionObject o;
        o.id = uuid(ids);
        o.title = kHiddenTitles.at(h % kHiddenTitles.size());
        o.shared = false;
        hiddenPages.append(add(o));
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

    auto pickParent = [&](NotionObject &o, bool forceOrphan, bool forceBlock) {
        const double roll = rng.unit();
        if (allPages.isEmpty() && databases.isEmpty()) {
            o.parentType = NotionObject::Parent::Workspace; // the first object is top level
        } else if ((forceOrphan || roll < 0.05) && !hiddenPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Page;
            o.parentId = m_objects.at(rng.pick(hiddenPages)).id;
        } else if ((forceBlock || roll < 0.13) && !regularPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Block;
            o.blockPageId = m_objects.at(rng.pick(regularPages)).id;
            o.parentId = uuid(ids);
            m_blockPages.insert(o.parentId, o.blockPageId);
        } else if (roll < 0.30 || allPages.isEmpty()) {
            o.parentType = NotionObject::Parent::Workspace;
        } else {
            o.parentType = NotionObject::Parent::Page;
            o.parentId = m_objects.at(rng.pick(allPages)).id;
        }
    };

    int pageNumber = 0;
    bool orphanDone = false, blockDone = false, untitledDone = false;
    int rowCount = 0;
    QHash<int, QJsonObject> schemas; // database index -> properties schema
    QHash<int, QString> titleProperty;
    for (int k = 0; k < total; ++k) {
        NotionObject o;
        o.id = uuid(ids);
        const QString icon = rng.chance(0.6) ? rng.pick(kIcons) : QString();
        if (isDatabase[k]) {
            const int d = int(databases.size());
            const DatabaseTemplate &tpl = kDatabases.at(d % kDatabases.size());
            o.kind = NotionObject::Kind::Database;
            o.title = tpl.title + (d >= kDatabases.size()
                                       ? u' ' + QString::number(d / kDatabases.size() + 1)
                                       : QString());
            pickParent(o, false, false);
            // Databases sit on pages (or the workspace), never directly in another database.
            QJsonObject schema;
            schema.insert(tpl.titleProperty, QJsonObject{{u"id"_s, u"title"_s},
                                                         {u"name"_s, tpl.titleProperty},
                                                         {u"type"_s, u"title"_s},
                                                         {u"title"_s, QJsonObject{}}});
            QJsonArray statusOptions, tagOptions;
            for (int i = 0; i < kStatuses.size(); ++i)
                statusOptions.append(QJsonObject{{u"id"_s, shortId(ids)},
                                                 {u"name"_s, kStatuses.at(i)},
                                                 {u"color"_s, kStatusColors.at(i)}});
            for (int i = 0; i < kTags.size(); ++i)
                tagOptions.append(QJsonObject{{u"id"_s, shortId(ids)},
                                              {u"name"_s, kTags.at(i)},
                                              {u"color"_s, kTagColors.at(i)}});
            schema.insert(u"Status"_s,
                          QJsonObject{{u"id"_s, shortId(ids)},
                                      {u"name"_s, u"Status"_s},
                                      {u"type"_s, u"select"_s},
                                      {u"select"_s, QJsonObject{{u"options"_s, statusOptions}}}});
            schema.insert(u"Tags"_s, QJsonObject{{u"id"_s, shortId(ids)},
                                                 {u"name"_s, u"Tags"_s},
                                                 {u"type"_s, u"multi_select"_s},
                                                 {u"multi_select"_s,
                                                  QJsonObject{{u"options"_s, tagOptions}}}});
            schema.insert(u"Due"_s, QJsonObject{{u"id"_s, shortId(ids)},
                                                {u"name"_s, u"Due"_s},
                                                {u"type"_s, u"date"_s},
                                                {u"date"_s, QJsonObject{}}});
            schema.insert(u"Done"_s, QJsonObject{{u"id"_s, shortId(ids)},
                                                 {u"name"_s, u"Done"_s},
                                                 {u"type"_s, u"checkbox"_s},
                                                 {u"checkbox"_s, QJsonObject{}}});
            schema.insert(u"Estimate"_s,
                          QJsonObject{{u"id"_s, shortId(ids)},
                                      {u"name"_s, u"Estimate"_s},
                                      {u"type"_s, u"number"_s},
                                      {u"number"_s, QJsonObject{{u"format"_s, u"number"_s}}}});
            const int index = add(o);
            NotionObject &db = m_objects[index];
            db.json = QJsonObject{{u"object"_s, u"database"_s},
                                  {u"id"_s, db.id},
                                  {u"title"_s, richText(db.title, false)},
                                  {u"description"_s, QJsonArray{}},
                                  {u"properties"_s, schema},
                                  {u"is_inline"_s, db.parentType == NotionObject::Parent::Block},
                                  {u"url"_s, notionUrl(QString(), db.id)},
                                  {u"public_url"_s, QJsonValue::Null}};
            db.json.insert(u"icon"_s, QJsonObject{{u"type"_s, u"emoji"_s}, {u"emoji"_s, tpl.icon}});
            schemas.insert(index, schema);
            titleProperty.insert(index, tpl.titleProperty);
            databases.append(index);
            continue;
        }

        o.kind = NotionObject::Kind::Page;
        const int n = pageNumber++;
        const bool specialsDone = orphanDone && blockDone && untitledDone;
        const bool lastChanceForRow = n == config.pages - 1 && rowCount == 0;
        const bool row = !databases.isEmpty() &&
                         ((n > 3 && specialsDone && rng.chance(0.35)) || lastChanceForRow);
        rowCount += row;
        QJsonObject properties;
        if (row) {
            const int dbIndex = rng.pick(databases);
            o.parentType = NotionObject::Parent::Database;
            o.parentId = m_objects.at(dbIndex).id;
            o.title = rng.pick(kRowWords) + u' ' + rng.pick(kRowObjects);
            const QJsonObject schema = schemas.value(dbIndex);
            const QString tp = titleProperty.value(dbIndex);
            properties.insert(tp, QJsonObject{{u"id"_s, u"title"_s},
                                              {u"type"_s, u"title"_s},
                                              {u"title"_s, richText(o.title, rng.chance(0.2))}});
            const QJsonObject status = schema.value(u"Status"_s).toObject();
            const QJsonArray statusOptions =
                status.value(u"select"_s).toObject().value(u"options"_s).toArray();
            properties.insert(
                u"Status"_s,
                QJsonObject{{u"id"_s, status.value(u"id"_s)},
                            {u"type"_s, u"select"_s},
                            {u"select"_s, rng.chance(0.9) ? statusOptions.at(int(rng.below(3)))
                                                          : QJsonValue(QJsonValue::Null)}});
            const QJsonObject tags = schema.value(u"Tags"_s).toObject();
            QJsonArray chosen;
            for (const QJsonValue &t :
                 tags.value(u"multi_select"_s).toObject().value(u"options"_s).toArray())
                if (rng.chance(0.3))
                    chosen.append(t);
            properties.insert(u"Tags"_s, QJsonObject{{u"id"_s, tags.value(u"id"_s)},
                                                     {u"type"_s, u"multi_select"_s},
                                                     {u"multi_select"_s, chosen}});
            const qint64 due = kStartMs + qint64(rng.below(quint64(kEndMs - kStartMs)));
            properties.insert(
                u"Due"_s,
                QJsonObject{
                    {u"id"_s, schema.value(u"Due"_s).toObject().value(u"id"_s)},
                    {u"type"_s, u"date"_s},
                    {u"date"_s, rng.chance(0.7)
                                    ? QJsonValue(QJsonObject{
                                          {u"start"_s, QDateTime::fromMSecsSinceEpoch(due, Qt::UTC)
                                                           .date()
                                                           .toString(Qt::ISODate)},
                                          {u"end"_s, QJsonValue::Null},
                                          {u"time_zone"_s, QJsonValue::Null}})
                                    : QJsonValue(QJsonValue::Null)}});
            properties.insert(
                u"Done"_s, QJsonObject{{u"id"_s, schema.value(u"Done"_s).toObject().value(u"id"_s)},
                                       {u"type"_s, u"checkbox"_s},
                                       {u"checkbox"_s, rng.chance(0.4)}});
            properties.insert(
                u"Estimate"_s,
                QJsonObject{{u"id"_s, schema.value(u"Estimate"_s).toObject().value(u"id"_s)},
                            {u"type"_s, u"number"_s},
                            {u"number"_s, rng.chance(0.8) ? QJsonValue(int(rng.range(1, 13)))
                                                          : QJsonValue(QJsonValue::Null)}});
        } else {
            // From the 3rd page on, the first regular pages are an orphan (parent not
            // shared), a child of a block and an untitled page, so even small
            // workspaces have every case.
            const bool forceOrphan = n >= 2 && !orphanDone;
            const bool forceBlock = n >= 2 && orphanDone && !blockDone;
            pickParent(o, forceOrphan, forceBlock);
            orphanDone = orphanDone || forceOrphan;
            blockDone = blockDone || forceBlock;
            o.title = rng.pick(kPageTitles);
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
                                          {u"title"_s, richText(o.title, rng.chance(0.25))}});
        }
        const int index = add(o);
        NotionObject &page = m_objects[index];
        page.json = QJsonObject{
            {u"object"_s, u"page"_s},
            {u"id"_s, page.id},
            {u"cover"_s, QJsonValue::Null},
            {u"icon"_s, icon.isEmpty()
                            ? QJsonValue(QJsonValue::Null)
                            : QJsonValue(QJsonObject{{u"type"_s, u"emoji"_s}, {u"emoji"_s, icon}})},
            {u"properties"_s, properties},
            {u"url"_s, notionUrl(page.title, page.id)},
            {u"public_url"_s, QJsonValue::Null}};
        allPages.append(index);
        if (!row)
            regularPages.append(index);
    }

    // A few leaf pages are in the trash (archived): still returned, flagged.
    QSet<QString> parents;
    for (const NotionObject &o : m_objects)
        if (!o.parentId.isEmpty())
            parents.insert(o.parentType == NotionObject::Parent::Block ? o.blockPageId
                                                                       : o.parentId);
    int toArchive = config.pages >= 20 ? std::max(1, config.pages / 40) : 0;
    for (int i = int(m_objects.size()) - 1; i >= 0 && toArchive > 0; i -= 3) {
        NotionObject &o = m_objects[i];
        if (o.shared && o.kind == NotionObject::Kind::Page && !parents.contains(o.id)) {
            o.archived = true;
            --toArchive;
        }
    }

    for (NotionObject &o : m_objects) {
        QJsonObject parent;
        switch (o.parentType) {
        case NotionObject::Parent::Workspace:
            parent = QJsonObject{{u"type"_s, u"workspace"_s}, {u"workspace"_s, true}};
            break;
        case NotionObject::Parent::Page:
            parent = QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, o.parentId}};
            break;
        case NotionObject::Parent::Database:
            parent = QJsonObject{{u"type"_s, u"database_id"_s}, {u"database_id"_s, o.parentId}};
            break;
        case NotionObject::Parent::Block:
            parent = QJsonObject{{u"type"_s, u"block_id"_s}, {u"block_id"_s, o.parentId}};
            break;
        }
        o.json.insert(u"parent"_s, parent);
        o.json.insert(u"created_time"_s, isoTime(o.createdMs));
        o.json.insert(u"last_edited_time"_s, isoTime(o.editedMs));
        o.json.insert(u"created_by"_s, user);
        o.json.insert(u"last_edited_by"_s, user);
        o.json.insert(u"archived"_s, o.archived);
        o.json.insert(u"in_trash"_s, o.archived);
        if (o.kind == NotionObject::Kind::Database && !o.json.contains(u"cover"_s))
            o.json.insert(u"cover"_s, QJsonValue::Null);
    }
}

} // namespace desk::sandbox::notion
