#include "items/integrationitem.h"
#include "common/jsonnumber.h"

#include <QJsonArray>
#include <QJsonValue>

namespace desk {

namespace {

QJsonValue dateToJson(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue(QJsonValue::Null);
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime dateFromJson(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time;
}

} // namespace

// Field names are the struct's member names, so JSON, JSONL and CSV exports
// read the same as the code.
QJsonObject IntegrationItem::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("type"), type);
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("parentId"), parentId);
    object.insert(QStringLiteral("parentType"), parentType);
    object.insert(QStringLiteral("parentName"), parentName);
    object.insert(QStringLiteral("created"), dateToJson(created));
    object.insert(QStringLiteral("modified"), dateToJson(modified));
    object.insert(QStringLiteral("url"), url.isEmpty() ? QString() : url.toString());
    object.insert(QStringLiteral("properties"), QJsonObject::fromVariantMap(properties));
    QJsonObject links;
    for (auto it = associations.cbegin(); it != associations.cend(); ++it)
        links.insert(it.key(), QJsonArray::fromStringList(it.value()));
    object.insert(QStringLiteral("associations"), links);
    if (!labels.isEmpty()) {
        QJsonObject human;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            human.insert(it.key(), it.value());
        object.insert(QStringLiteral("labels"), human);
    }
    if (!problems.isEmpty())
        object.insert(QStringLiteral("problems"), QJsonArray::fromStringList(problems));
    return object;
}

IntegrationItem IntegrationItem::fromJson(const QJsonObject &object)
{
    IntegrationItem item;
    // Ids may come back as numbers from hand-written files; accept both.
    const QJsonValue idValue = object.value(QStringLiteral("id"));
    const std::optional<qint64> numericId = jsonWholeNumber(idValue);
    item.id = numericId ? QString::number(*numericId) : idValue.toString();
    item.type = object.value(QStringLiteral("type")).toString();
    item.name = object.value(QStringLiteral("name")).toString();
    item.parentId = object.value(QStringLiteral("parentId")).toString();
    item.parentType = object.value(QStringLiteral("parentType")).toString();
    item.parentName = object.value(QStringLiteral("parentName")).toString();
    item.created = dateFromJson(object.value(QStringLiteral("created")));
    item.modified = dateFromJson(object.value(QStringLiteral("modified")));
    const QString url = object.value(QStringLiteral("url")).toString();
    if (!url.isEmpty())
        item.url = QUrl(url);
    item.properties = object.value(QStringLiteral("properties")).toObject().toVariantMap();
    const QJsonObject links = object.value(QStringLiteral("associations")).toObject();
    for (auto it = links.constBegin(); it != links.constEnd(); ++it) {
        QStringList ids;
        const QJsonArray array = it.value().toArray();
        for (const QJsonValue &value : array) {
            const std::optional<qint64> number = jsonWholeNumber(value);
            ids.append(number ? QString::number(*number) : value.toString());
        }
        item.associations.insert(it.key(), ids);
    }
    const QJsonObject human = object.value(QStringLiteral("labels")).toObject();
    for (auto it = human.constBegin(); it != human.constEnd(); ++it)
        item.labels.insert(it.key(), it.value().toString());
    for (const QJsonValue &value : object.value(QStringLiteral("problems")).toArray())
        item.problems.append(value.toString());
    return item;
}

} // namespace desk
