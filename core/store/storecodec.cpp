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
const QString kProperties = QStringLiteral("properties");
const QString kLabels = QStringLiteral("labels");
const QString kAssociations = QStringLiteral("associations");
const QString kProblems = QStringLiteral("problems");

// A small JSON writer: QJsonObject's generic one costs more than the rest of a
// write together. Output is compact JSON that QJsonDocument reads back; keys come
// in a fixed order (sorted), so equal content gives equal bytes for the hash.
void appendString(QByteArray &out, const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<uchar>(utf8.at(i));
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.constData() + plainFrom, i - plainFrom);
        plainFrom = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out.append(utf8.constData() + plainFrom, utf8.size() - plainFrom);
    out += '"';
}

void appendStrings(QByteArray &out, const QStringList &list)
{
    out += '[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            out += ',';
        appendString(out, list.at(i));
    }
    out += ']';
}

void appendProperty(QByteArray &out, const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        out += "null";
        return;
    }
    switch (value.typeId()) {
    case QMetaType::QString:
        appendString(out, value.toString());
        return;
    case QMetaType::QStringList:
        appendStrings(out, value.toStringList());
        return;
    default: {
        // Rare (numbers, booleans, nested values): the generic writer, unwrapped.
        const QByteArray wrapped =
            QJsonDocument(QJsonArray{propertyToJson(value)}).toJson(QJsonDocument::Compact);
        out += wrapped.mid(1, wrapped.size() - 2);
    }
    }
}

template <typename Map, typename Append>
void appendObject(QByteArray &out, const char *key, const Map &map, Append append)
{
    if (map.isEmpty())
        return;
    if (out.size() > 1)
        out += ',';
    appendString(out, QLatin1String(key));
    out += ":{";
    QStringList keys = map.keys();
    keys.sort();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0)
            out += ',';
        appendString(out, keys.at(i));
        out += ':';
        append(out, map.value(keys.at(i)));
    }
    out += '}';
}

QByteArray encodeBody(const IntegrationItem &item)
{
    QByteArray out;
    out.reserve(512);
    out += '{';
    appendObject(out, "associations", item.associations, appendStrings);
    appendObject(out, "labels", item.labels, appendString);
    if (!item.problems.isEmpty()) {
        out += out.size() > 1 ? ",\"problems\":" : "\"problems\":";
        appendStrings(out, item.problems);
    }
    appendObject(out, "properties", item.properties, appendProperty);
    if (!item.url.isEmpty()) {
        out += out.size() > 1 ? ",\"url\":" : "\"url\":";
        appendString(out, QString::fromUtf8(item.url.toEncoded()));
    }
    out += '}';
    return out;
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
