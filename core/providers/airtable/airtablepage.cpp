#include "providers/airtable/airtablepage.h"

#include "providers/pageparsing.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <iterator>

namespace desk::airtable {

namespace {

using pageparsing::numberText;

Error bad(const QString &detail)
{
    return pageparsing::unreadable(QStringLiteral("Airtable"),
                                   QStringLiteral("airtable: ") + detail);
}

// Optional string member: absent/null -> empty, present but not a string -> false.
bool optionalString(const QJsonObject &o, const char *key, QString *out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString())
        return false;
    *out = v.toString();
    return true;
}

bool requiredId(const QJsonObject &o, QString *out)
{
    const QJsonValue v = o.value(QStringLiteral("id"));
    if (!v.isString() || v.toString().isEmpty())
        return false;
    *out = v.toString();
    return true;
}

// Lower is cheaper to send for an id sweep; -1: not a candidate.
int sweepCost(const QString &type)
{
    static const QStringList byCost[] = {
        {QStringLiteral("checkbox")},
        {QStringLiteral("autoNumber"), QStringLiteral("number"), QStringLiteral("rating"),
         QStringLiteral("percent"), QStringLiteral("currency"), QStringLiteral("count"),
         QStringLiteral("duration")},
        {QStringLiteral("date"), QStringLiteral("dateTime"), QStringLiteral("createdTime"),
         QStringLiteral("lastModifiedTime"), QStringLiteral("singleSelect")},
    };
    for (int cost = 0; cost < int(std::size(byCost)); ++cost)
        if (byCost[cost].contains(type))
            return cost;
    return -1;
}

QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return numberText(v.toDouble());
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        for (const char *key : {"name", "email", "filename", "label", "text", "url", "id"}) {
            const QJsonValue member = o.value(QLatin1String(key));
            if (member.isString() && !member.toString().isEmpty())
                return member.toString();
        }
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    default:
        return QString();
    }
}

} // namespace

Result<BasesPage> parseBasesPage(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("bases: not a JSON object"));
    const QJsonObject o = document.object();
    const QJsonValue bases = o.value(QStringLiteral("bases"));
    if (!bases.isArray())
        return bad(QStringLiteral("bases: \"bases\" missing or not an array"));
    BasesPage page;
    for (const QJsonValue &value : bases.toArray()) {
        if (!value.isObject())
            return bad(QStringLiteral("bases: entry is not an object"));
        const QJsonObject b = value.toObject();
        Base base;
        if (!requiredId(b, &base.id))
            return bad(QStringLiteral("bases: entry without an id"));
        if (!optionalString(b, "name", &base.name) ||
            !optionalString(b, "permissionLevel", &base.permissionLevel))
            return bad(QStringLiteral("bases: name or permissionLevel is not a string"));
        page.bases.append(base);
    }
    if (!optionalString(o, "offset", &page.offset))
        return bad(QStringLiteral("bases: offset is not a string"));
    return page;
}

Result<QVector<Table>> parseTables(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("tables: not a JSON object"));
    const QJsonValue tables = document.object().value(QStringLiteral("tables"));
    if (!tables.isArray())
        return bad(QStringLiteral("tables: \"tables\" missing or not an array"));
    QVector<Table> out;
    for (const QJsonValue &value : tables.toArray()) {
        if (!value.isObject())
            return bad(QStringLiteral("tables: entry is not an object"));
        const QJsonObject t = value.toObject();
        Table table;
        if (!requiredId(t, &table.id))
            return bad(QStringLiteral("tables: entry without an id"));
        if (!optionalString(t, "name", &table.name) ||
            !optionalString(t, "description", &table.description) ||
            !optionalString(t, "primaryFieldId", &table.primaryFieldId))
            return bad(QStringLiteral("tables: name/description/primaryFieldId not a string"));
        const QJsonValue fields = t.value(QStringLiteral("fields"));
        if (!fields.isUndefined() && !fields.isNull() && !fields.isArray())
            return bad(QStringLiteral("tables: fields is not an array"));
        int cheapest = -1;
        for (const QJsonValue &f : fields.toArray()) {
            const QJsonObject field = f.toObject();
            const QString name = field.value(QStringLiteral("name")).toString();
            if (name.isEmpty())
                continue;
            table.fieldNames.append(name);
            const QString id = field.value(QStringLiteral("id")).toString();
            if (id == table.primaryFieldId)
                table.primaryFieldName = name;
            const int cost = sweepCost(field.value(QStringLiteral("type")).toString());
            if (!id.isEmpty() && cost >= 0 && (cheapest < 0 || cost < cheapest)) {
                cheapest = cost;
                table.sweepFieldId = id;
            }
        }
        if (table.sweepFieldId.isEmpty())
            table.sweepFieldId = table.primaryFieldId;
        const QJsonValue views = t.value(QStringLiteral("views"));
        if (!views.isUndefined() && !views.isNull() && !views.isArray())
            return bad(QStringLiteral("tables: views is not an array"));
        for (const QJsonValue &v : views.toArray()) {
            const QString name = v.toObject().value(QStringLiteral("name")).toString();
            if (!name.isEmpty())
                table.viewNames.append(name);
        }
        out.append(table);
    }
    return out;
}

Result<RecordsPage> parseRecordsPage(const QJsonDocument &document)
{
    if (!document.isObject())
        return bad(QStringLiteral("records: not a JSON object"));
    const QJsonObject o = document.object();
    const QJsonValue records = o.value(QStringLiteral("records"));
    if (!records.isArray())
        return bad(QStringLiteral("records: \"records\" missing or not an array"));
    RecordsPage page;
    for (const QJsonValue &value : records.toArray()) {
        if (!value.isObject())
            return bad(QStringLiteral("records: entry is not an object"));
        const QJsonObject r = value.toObject();
        Record record;
        if (!requiredId(r, &record.id))
            return bad(QStringLiteral("records: entry without an id"));
        QString created;
        if (!optionalString(r, "createdTime", &created))
            return bad(QStringLiteral("records: createdTime is not a string"));
        record.createdTime = QDateTime::fromString(created, Qt::ISODateWithMs);
        const QJsonValue fields = r.value(QStringLiteral("fields"));
        if (!fields.isUndefined() && !fields.isNull() && !fields.isObject())
            return bad(QStringLiteral("records: fields is not an object"));
        record.fields = fields.toObject();
        page.records.append(record);
    }
    if (!optionalString(o, "offset", &page.offset))
        return bad(QStringLiteral("records: offset is not a string"));
    return page;
}

QVariant flattenValue(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList list;
        for (const QJsonValue &v : value.toArray())
            list.append(scalarText(v));
        return list;
    }
    if (value.isNull() || value.isUndefined())
        return QVariant();
    return scalarText(value);
}

QUrl webUrl(const QUrl &webBase, const QString &baseId, const QString &tableId,
            const QString &recordId)
{
    QUrl url = webBase;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    for (const QString &part : {baseId, tableId, recordId})
        if (!part.isEmpty())
            path += QLatin1Char('/') + part;
    url.setPath(path);
    return url;
}

IntegrationItem baseItem(const Base &base, const QUrl &webBase)
{
    IntegrationItem item;
    item.id = base.id;
    item.type = QStringLiteral("bases");
    item.name = base.name.isEmpty() ? base.id : base.name;
    item.url = webUrl(webBase, base.id);
    if (!base.permissionLevel.isEmpty())
        item.properties.insert(QStringLiteral("permissionLevel"), base.permissionLevel);
    return item;
}

IntegrationItem tableItem(const Table &table, const QString &baseId, const QString &baseName,
                          const QUrl &webBase)
{
    IntegrationItem item;
    item.id = table.id;
    item.type = QStringLiteral("tables");
    item.name = table.name.isEmpty() ? table.id : table.name;
    item.parentId = baseId;
    item.parentType = QStringLiteral("bases");
    item.parentName = baseName;
    item.url = webUrl(webBase, baseId, table.id);
    if (!table.description.isEmpty())
        item.properties.insert(QStringLiteral("description"), table.description);
    item.properties.insert(QStringLiteral("primaryField"), table.primaryFieldName);
    item.properties.insert(QStringLiteral("fields"), table.fieldNames);
    item.properties.insert(QStringLiteral("views"), table.viewNames);
    return item;
}

IntegrationItem recordItem(const Record &record, const QString &baseId, const QString &tableId,
                           const QString &tableName, const QString &primaryField,
                           const QUrl &webBase)
{
    IntegrationItem item;
    item.id = record.id;
    item.type = QStringLiteral("records");
    item.parentId = tableId;
    item.parentType = QStringLiteral("tables");
    item.parentName = tableName;
    item.created = record.createdTime;
    item.url = webUrl(webBase, baseId, tableId, record.id);
    for (auto it = record.fields.constBegin(); it != record.fields.constEnd(); ++it)
        item.properties.insert(it.key(), flattenValue(it.value()));
    QString name;
    if (!primaryField.isEmpty() && record.fields.contains(primaryField)) {
        const QVariant v = item.properties.value(primaryField);
        name = v.userType() == QMetaType::QStringList ? v.toStringList().join(QStringLiteral(", "))
                                                      : v.toString();
    }
    item.name =
        name.isEmpty() ? QCoreApplication::translate("desk::Airtable", "Unnamed record") : name;
    return item;
}

} // namespace desk::airtable
