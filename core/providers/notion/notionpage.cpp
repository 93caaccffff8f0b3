// Notion response parsers (pages, data sources, databases, lists, blocks) and
// the mapping of what they read to items.
#include "providers/notion/notionpage.h"

#include "providers/pageparsing.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

namespace desk::notion {

namespace {

using pageparsing::numberText;

Error bad(const QString &detail)
{
    return pageparsing::unreadable(QStringLiteral("Notion"), QStringLiteral("notion: ") + detail);
}

QString nameOf(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    for (const char *key : {"name", "plain_text", "email", "id"}) {
        const QJsonValue member = o.value(QLatin1String(key));
        if (member.isString() && !member.toString().isEmpty())
            return member.toString();
    }
    return QString();
}

} // namespace

QString normalizeId(const QString &id)
{
    QString out;
    out.reserve(32);
    for (const QChar c : id) {
        if (c == QLatin1Char('-'))
            continue;
        const QChar lower = c.toLower();
        if (!((lower >= QLatin1Char('0') && lower <= QLatin1Char('9')) ||
              (lower >= QLatin1Char('a') && lower <= QLatin1Char('f'))))
            return QString();
        out.append(lower);
    }
    return out.size() == 32 ? out : QString();
}

QString plainText(const QJsonValue &richText)
{
    QString text;
    for (const QJsonValue &run : richText.toArray()) {
        const QJsonObject o = run.toObject();
        const QJsonValue plain = o.value(QStringLiteral("plain_text"));
        if (plain.isString()) {
            text += plain.toString();
            continue;
        }
        // Without plain_text: text.content.
        text +=
            o.value(QStringLiteral("text")).toObject().value(QStringLiteral("content")).toString();
    }
    return text;
}

Parent parseParent(const QJsonValue &value)
{
    Parent p;
    const QJsonObject o = value.toObject();
    p.type = o.value(QStringLiteral("type")).toString();
    const QString &type = p.type;
    if (type == QLatin1String("workspace")) {
        p.kind = Parent::Kind::Workspace;
        return p;
    }
    static const struct
    {
        const char *type;
        Parent::Kind kind;
    } kinds[] = {{"page_id", Parent::Kind::Page},
                 {"database_id", Parent::Kind::Database},
                 {"data_source_id", Parent::Kind::DataSource},
                 {"block_id", Parent::Kind::Block}};
    for (const auto &k : kinds)
        if (type == QLatin1String(k.type))
            p.kind = k.kind;
    if (p.kind == Parent::Kind::Unknown) {
        // e.g. agent_id: the id is kept for the problem text.
        p.id = normalizeId(o.value(type).toString());
        return p;
    }
    p.id = normalizeId(o.value(type).toString());
    if (p.kind == Parent::Kind::DataSource)
        p.databaseId = normalizeId(o.value(QStringLiteral("database_id")).toString());
    if (p.id.isEmpty())
        p.kind = Parent::Kind::Unknown;
    return p;
}

QVariant flattenProperty(const QJsonObject &property)
{
    const QString type = property.value(QStringLiteral("type")).toString();
    const QJsonValue v = property.value(type);
    if (type == QLatin1String("title") || type == QLatin1String("rich_text"))
        return plainText(v);
    if (type == QLatin1String("select") || type == QLatin1String("status"))
        return v.isObject() ? QVariant(nameOf(v)) : QVariant();
    if (type == QLatin1String("multi_select") || type == QLatin1String("people") ||
        type == QLatin1String("relation") || type == QLatin1String("files")) {
        QStringList list;
        for (const QJsonValue &entry : v.toArray())
            list.append(nameOf(entry));
        return list;
    }
    if (type == QLatin1String("date")) {
        if (!v.isObject())
            return QVariant();
        const QString start = v.toObject().value(QStringLiteral("start")).toString();
        const QString end = v.toObject().value(QStringLiteral("end")).toString();
        return end.isEmpty() ? start : start + QStringLiteral(" → ") + end;
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return numberText(v.toDouble());
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return QVariant();
    return QString::fromUtf8(
        QJsonDocument(v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
            .toJson(QJsonDocument::Compact));
}

namespace {

QString flag(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

Error readContainer(const QJsonObject &o, const QJsonValue &properties, Object &obj)
{
    const QJsonValue title = o.value(QStringLiteral("title"));
    if (!title.isUndefined() && !title.isNull() && !title.isArray())
        return bad(QStringLiteral("title is not an array"));
    obj.title = plainText(title);
    const QString description = plainText(o.value(QStringLiteral("description")));
    if (!description.isEmpty())
        obj.properties.insert(QStringLiteral("description"), description);
    if (o.value(QStringLiteral("is_inline")).isBool())
        obj.properties.insert(QStringLiteral("inline"),
                              flag(o.value(QStringLiteral("is_inline")).toBool()));
    if (obj.kind == Object::Kind::DataSource ||
        (obj.kind == Object::Kind::Database && properties.isObject())) {
        // The schema: a data source's (a database's before data sources existed).
        QStringList columns;
        const QJsonObject schema = properties.toObject();
        for (auto it = schema.constBegin(); it != schema.constEnd(); ++it)
            columns.append(it.key());
        obj.properties.insert(QStringLiteral("columns"), columns);
    }
    if (obj.kind != Object::Kind::Database)
        return Error();
    const QJsonValue sources = o.value(QStringLiteral("data_sources"));
    if (!sources.isUndefined() && !sources.isNull() && !sources.isArray())
        return bad(QStringLiteral("database data_sources is not an array"));
    for (const QJsonValue &source : sources.toArray()) {
        const QString id = normalizeId(source.toObject().value(QStringLiteral("id")).toString());
        if (id.isEmpty())
            return bad(QStringLiteral("database data source without a valid id"));
        obj.dataSources.append(id);
    }
    return Error();
}

void readPageProperties(const QJsonValue &properties, Object &obj)
{
    const QJsonObject props = properties.toObject();
    for (auto it = props.constBegin(); it != props.constEnd(); ++it) {
        const QJsonObject property = it.value().toObject();
        if (property.value(QStringLiteral("type")).toString() == QLatin1String("title")) {
            obj.title = plainText(property.value(QStringLiteral("title")));
            continue;
        }
        obj.properties.insert(it.key(), flattenProperty(property));
    }
    if (obj.isArchived)
        obj.properties.insert(QStringLiteral("archived"), flag(true));
}

} // namespace

Result<Object> parseObject(const QJsonObject &o)
{
    Object obj;
    const QString kind = o.value(QStringLiteral("object")).toString();
    if (kind == QLatin1String("database"))
        obj.kind = Object::Kind::Database;
    else if (kind == QLatin1String("data_source"))
        obj.kind = Object::Kind::DataSource;
    else if (kind != QLatin1String("page"))
        return bad(QStringLiteral("result is neither a page, a data source nor a database"));
    obj.id = normalizeId(o.value(QStringLiteral("id")).toString());
    if (obj.id.isEmpty())
        return bad(QStringLiteral("result without a valid id"));
    const QJsonValue parent = o.value(QStringLiteral("parent"));
    if (!parent.isObject())
        return bad(QStringLiteral("result without a parent object"));
    obj.parent = parseParent(parent);
    const QJsonValue properties = o.value(QStringLiteral("properties"));
    if (!properties.isUndefined() && !properties.isNull() && !properties.isObject())
        return bad(QStringLiteral("properties is not an object"));
    // 2026-03-11 sends only in_trash; earlier versions archived as well.
    obj.inTrash = o.value(QStringLiteral("in_trash")).toBool() ||
                  o.value(QStringLiteral("archived")).toBool();
    obj.isArchived = o.value(QStringLiteral("is_archived")).toBool();
    if (obj.kind == Object::Kind::Page) {
        readPageProperties(properties, obj);
    } else if (const Error error = readContainer(o, properties, obj)) {
        return error;
    }
    obj.created = QDateTime::fromString(o.value(QStringLiteral("created_time")).toString(),
                                        Qt::ISODateWithMs);
    obj.edited = QDateTime::fromString(o.value(QStringLiteral("last_edited_time")).toString(),
                                       Qt::ISODateWithMs);
    obj.url = QUrl(o.value(QStringLiteral("url")).toString());
    return obj;
}

Result<Object> parseObjectDocument(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("object: not a JSON object"));
    return parseObject(document.object());
}

Result<SearchPage> parseSearchPage(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("list: not a JSON object"));
    const QJsonObject o = document.object();
    const QJsonValue results = o.value(QStringLiteral("results"));
    if (!results.isArray())
        return bad(QStringLiteral("list: results missing or not an array"));
    SearchPage page;
    for (const QJsonValue &value : results.toArray()) {
        if (!value.isObject())
            return bad(QStringLiteral("list: result is not an object"));
        auto object = parseObject(value.toObject());
        if (!object.ok())
            return object.error();
        page.results.append(object.value());
    }
    const QJsonValue hasMore = o.value(QStringLiteral("has_more"));
    if (!hasMore.isBool())
        return bad(QStringLiteral("list: has_more missing or not a boolean"));
    page.hasMore = hasMore.toBool();
    const QJsonValue next = o.value(QStringLiteral("next_cursor"));
    if (!next.isNull() && !next.isUndefined() && !next.isString())
        return bad(QStringLiteral("list: next_cursor is not a string"));
    if (page.hasMore) {
        if (next.toString().isEmpty())
            return bad(QStringLiteral("list: has_more without next_cursor"));
        page.nextCursor = next.toString();
    }
    return page;
}

Result<Parent> parseBlockParent(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("block: not a JSON object"));
    const QJsonValue parent = document.object().value(QStringLiteral("parent"));
    if (!parent.isObject())
        return bad(QStringLiteral("block: parent missing"));
    return parseParent(parent);
}

QString itemType(Object::Kind kind)
{
    switch (kind) {
    case Object::Kind::Page:
        break;
    case Object::Kind::DataSource:
        return kDataSources;
    case Object::Kind::Database:
        return kDatabases;
    }
    return kPages;
}

IntegrationItem workspaceItem(const QString &name)
{
    IntegrationItem item;
    item.id = kWorkspace;
    item.type = kWorkspace;
    item.name = name.isEmpty() ? QCoreApplication::translate("desk::Notion", "Workspace") : name;
    return item;
}

IntegrationItem toItem(const Object &object)
{
    IntegrationItem item;
    item.id = object.id;
    item.type = itemType(object.kind);
    item.name = object.title.trimmed().isEmpty()
                    ? QCoreApplication::translate("desk::Notion", "Untitled")
                    : object.title;
    item.created = object.created;
    item.modified = object.edited;
    item.url = object.url;
    item.properties = object.properties;
    if (object.inTrash)
        item.properties.insert(QStringLiteral("inTrash"), QStringLiteral("true"));
    item.parentId = object.parent.id;
    switch (object.parent.kind) {
    case Parent::Kind::Block:
        item.properties.insert(QStringLiteral("parentBlock"), object.parent.id);
        Q_FALLTHROUGH();
    case Parent::Kind::Workspace:
    case Parent::Kind::Unknown:
        item.parentId = kWorkspace;
        item.parentType = kWorkspace;
        break;
    case Parent::Kind::Page:
        item.parentType = kPages;
        break;
    case Parent::Kind::Database:
        item.parentType = kDatabases;
        break;
    case Parent::Kind::DataSource:
        item.parentType = kDataSources;
        break;
    }
    return item;
}

} // namespace desk::notion
