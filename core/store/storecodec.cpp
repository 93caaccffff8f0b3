// IntegrationItem <-> stored columns and JSON body; change hash; presentation fingerprint.
#include "store/storecodec.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QtEndian>
#include <algorithm>

namespace desk::store {

namespace {

// Bump when ItemRow::fromItem or the body layout changes meaning, so stores
// recompute their rows on the next open.
constexpr int kRowCodecVersion = 1;

const QString kUrl = QStringLiteral("url");
const QString kContainer = QStringLiteral("isContainer");
const QString kProperties = QStringLiteral("properties");
const QString kLabels = QStringLiteral("labels");
const QString kAssociations = QStringLiteral("associations");
const QString kProblems = QStringLiteral("problems");

QByteArray encodeBody(const IntegrationItem &item)
{
    QJsonObject body;
    if (!item.url.isEmpty())
        body.insert(kUrl, QString::fromUtf8(item.url.toEncoded()));
    if (item.isContainer)
        body.insert(kContainer, true);
    if (!item.properties.isEmpty()) {
        QJsonObject properties;
        for (auto it = item.properties.cbegin(); it != item.properties.cend(); ++it)
            properties.insert(it.key(), propertyToJson(it.value()));
        body.insert(kProperties, properties);
    }
    if (!item.labels.isEmpty()) {
        QJsonObject labels;
        for (auto it = item.labels.cbegin(); it != item.labels.cend(); ++it)
            labels.insert(it.key(), it.value());
        body.insert(kLabels, labels);
    }
    if (!item.associations.isEmpty()) {
        QJsonObject links;
        for (auto it = item.associations.cbegin(); it != item.associations.cend(); ++it)
            links.insert(it.key(), QJsonArray::fromStringList(it.value()));
        body.insert(kAssociations, links);
    }
    if (!item.problems.isEmpty())
        body.insert(kProblems, QJsonArray::fromStringList(item.problems));
    // QJsonObject keeps its keys sorted: equal content gives equal bytes.
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out.append(v.toString());
    return out;
}

void decodeBody(const QJsonObject &body, IntegrationItem &item)
{
    const QString url = body.value(kUrl).toString();
    if (!url.isEmpty())
        item.url = QUrl::fromEncoded(url.toUtf8());
    item.isContainer = body.value(kContainer).toBool();
    const QJsonObject properties = body.value(kProperties).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it)
        item.properties.insert(it.key(), propertyFromJson(it.value()));
    const QJsonObject labels = body.value(kLabels).toObject();
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        item.labels.insert(it.key(), it.value().toString());
    const QJsonObject links = body.value(kAssociations).toObject();
    for (auto it = links.constBegin(); it != links.constEnd(); ++it)
        item.associations.insert(it.key(), stringsOf(it.value()));
    item.problems = stringsOf(body.value(kProblems));
}

void addField(QCryptographicHash &hash, const QString &text)
{
    hash.addData(text.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
}

void addTime(QCryptographicHash &hash, std::optional<qint64> ms)
{
    addField(hash, ms ? QString::number(*ms) : QStringLiteral("-"));
}

std::optional<qint64> msOf(const QDateTime &time)
{
    if (!time.isValid())
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

QDateTime timeOf(std::optional<qint64> ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}

} // namespace

QJsonValue propertyToJson(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (value.typeId()) {
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QStringList:
        return QJsonArray::fromStringList(value.toStringList());
    default:
        return QJsonValue::fromVariant(value);
    }
}

QVariant propertyFromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QVariant();
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        // Lists of text are what providers hand over (multi-selects, linked ids).
        const QJsonArray array = value.toArray();
        const bool allText = std::all_of(array.begin(), array.end(),
                                         [](const QJsonValue &v) { return v.isString(); });
        if (allText)
            return stringsOf(value);
        return array.toVariantList();
    }
    default:
        return value.toVariant();
    }
}

StoredItem encodeItem(const IntegrationItem &item, const ItemPresentation &presentation)
{
    StoredItem stored;
    stored.row = ItemRow::fromItem(item, presentation);
    stored.createdMs = msOf(item.created);
    stored.modifiedMs = msOf(item.modified);
    stored.body = encodeBody(item);
    QCryptographicHash hash(QCryptographicHash::Md5);
    addField(hash, item.name);
    addField(hash, item.parentType);
    addField(hash, item.parentId);
    addField(hash, item.parentName);
    addTime(hash, stored.createdMs);
    addTime(hash, stored.modifiedMs);
    hash.addData(stored.body);
    stored.hash = qFromLittleEndian<qint64>(hash.result().constData());
    return stored;
}

IntegrationItem decodeItem(const ItemRow &row, std::optional<qint64> createdMs,
                           std::optional<qint64> modifiedMs, const QByteArray &body)
{
    IntegrationItem item;
    item.type = row.type;
    item.id = row.id;
    item.name = row.name;
    item.parentType = row.parentType;
    item.parentId = row.parentId;
    item.parentName = row.parentName;
    item.created = timeOf(createdMs);
    item.modified = timeOf(modifiedMs);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        item.isContainer = row.has(ItemRow::Container);
        item.problems << QCoreApplication::translate(
            "desk::ItemStore",
            "The stored details of this item could not be read. Load again to fetch them.");
        return item;
    }
    decodeBody(document.object(), item);
    return item;
}

QByteArray presentationFingerprint(const ItemPresentation &presentation)
{
    QStringList parts{QStringLiteral("codec=%1").arg(kRowCodecVersion)};
    for (const TypePresentation &type : presentation.types)
        parts << QStringLiteral("type=%1:%2%3")
                     .arg(type.id, QLatin1String(type.container ? "c" : ""),
                          QLatin1String(type.lazyChildren ? "l" : ""));
    const int columns = qMin(int(presentation.columns.size()), ItemRow::kValueSlots);
    for (int i = 0; i < columns; ++i) {
        const ValueColumn &column = presentation.columns.at(i);
        QStringList byType;
        for (auto it = column.propertyByType.cbegin(); it != column.propertyByType.cend(); ++it)
            byType << it.key() + QLatin1Char('>') + it.value();
        byType.sort();
        parts << QStringLiteral("column=%1:%2:%3")
                     .arg(byType.join(QLatin1Char(',')),
                          QLatin1String(column.preferLabel ? "label" : ""),
                          QLatin1String(column.parentName ? "parent" : ""));
    }
    if (!presentation.groupings.isEmpty())
        parts << QStringLiteral("grouping=") + presentation.groupings.first().associationType;
    return QCryptographicHash::hash(parts.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Md5)
        .toHex();
}

} // namespace desk::store
