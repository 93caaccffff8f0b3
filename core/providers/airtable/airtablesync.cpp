// Airtable's sync tokens and what a load learns for the next (see airtablesync.h).
#include "providers/airtable/airtablesync.h"

#include "items/itemrow.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

namespace desk::airtable {

namespace {

const QString kRecords = QStringLiteral("records");
const QString kTables = QStringLiteral("tables");
const QString kBases = QStringLiteral("bases");
constexpr int kTokenVersion = 1;
constexpr int kIdSuffix = 14; // "rec" + 14 characters

bool compactId(const QString &id)
{
    static const QRegularExpression shape(QStringLiteral("^rec[A-Za-z0-9]{14}$"));
    return shape.match(id).hasMatch();
}

QJsonObject tableObject(const TableState &table)
{
    QStringList ids(table.ids.cbegin(), table.ids.cend());
    std::sort(ids.begin(), ids.end());
    QString compact;
    compact.reserve(ids.size() * kIdSuffix);
    QJsonArray other;
    for (const QString &id : std::as_const(ids)) {
        if (compactId(id))
            compact += QStringView(id).mid(3);
        else
            other.append(id);
    }
    QJsonObject recent;
    for (auto it = table.recent.cbegin(); it != table.recent.cend(); ++it)
        recent.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("base"), table.baseId},
                  {QStringLiteral("since"), table.since.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("ids"), compact}};
    if (!other.isEmpty())
        o.insert(QStringLiteral("otherIds"), other);
    if (!recent.isEmpty())
        o.insert(QStringLiteral("recent"), recent);
    return o;
}

std::optional<TableState> readTable(const QJsonObject &o)
{
    TableState table;
    table.baseId = o.value(QStringLiteral("base")).toString();
    table.since =
        QDateTime::fromString(o.value(QStringLiteral("since")).toString(), Qt::ISODateWithMs);
    const QString compact = o.value(QStringLiteral("ids")).toString();
    if (table.baseId.isEmpty() || !table.since.isValid() || compact.size() % kIdSuffix != 0)
        return std::nullopt;
    table.ids.reserve(compact.size() / kIdSuffix +
                      o.value(QStringLiteral("otherIds")).toArray().size());
    for (int at = 0; at < compact.size(); at += kIdSuffix)
        table.ids.insert(QStringLiteral("rec") + compact.mid(at, kIdSuffix));
    for (const QJsonValue &id : o.value(QStringLiteral("otherIds")).toArray())
        table.ids.insert(id.toString());
    const QJsonObject recent = o.value(QStringLiteral("recent")).toObject();
    for (auto it = recent.constBegin(); it != recent.constEnd(); ++it)
        table.recent.insert(it.key(), it.value().toString());
    return table;
}

QJsonObject tokenObject(const QString &token)
{
    const QJsonObject o = QJsonDocument::fromJson(token.toUtf8()).object();
    return o.value(QStringLiteral("v")).toInt() == kTokenVersion ? o : QJsonObject();
}

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString jsonString(const QString &text)
{
    const QString array =
        QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    return array.mid(1, array.size() - 2);
}

} // namespace

QString encodeTable(const QString &tableId, const TableState &table)
{
    // A JSON member on its own: the token is these parts joined, so a load
    // encodes each table once, when its listing ends.
    return jsonString(tableId) + QLatin1Char(':') + compactJson(tableObject(table));
}

QString recordsToken(const QHash<QString, QString> &tableParts)
{
    QStringList parts = tableParts.values();
    std::sort(parts.begin(), parts.end());
    return QStringLiteral("{\"v\":%1,\"tables\":{").arg(kTokenVersion) +
           parts.join(QLatin1Char(',')) + QStringLiteral("}}");
}

std::optional<QHash<QString, TableState>> decodeRecordsToken(const QString &token)
{
    const QJsonObject o = tokenObject(token);
    if (!o.value(QStringLiteral("tables")).isObject())
        return std::nullopt;
    QHash<QString, TableState> tables;
    const QJsonObject all = o.value(QStringLiteral("tables")).toObject();
    for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
        std::optional<TableState> table = readTable(it.value().toObject());
        if (!table)
            return std::nullopt; // not ours, or damaged: the refresh reads in full
        tables.insert(it.key(), std::move(*table));
    }
    return tables;
}

QString basesToken(const QStringList &baseIds)
{
    QStringList ids = baseIds;
    ids.sort();
    return compactJson(QJsonObject{{QStringLiteral("v"), kTokenVersion},
                                   {QStringLiteral("bases"), QJsonArray::fromStringList(ids)}});
}

QStringList decodeBasesToken(const QString &token)
{
    QStringList ids;
    for (const QJsonValue &id : tokenObject(token).value(QStringLiteral("bases")).toArray())
        ids.append(id.toString());
    return ids;
}

QString tablesToken(const QHash<QString, QString> &baseOfTable)
{
    QJsonObject tables;
    for (auto it = baseOfTable.cbegin(); it != baseOfTable.cend(); ++it)
        tables.insert(it.key(), it.value());
    return compactJson(
        QJsonObject{{QStringLiteral("v"), kTokenVersion}, {QStringLiteral("tables"), tables}});
}

QHash<QString, QString> decodeTablesToken(const QString &token)
{
    QHash<QString, QString> tables;
    const QJsonObject o = tokenObject(token).value(QStringLiteral("tables")).toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        tables.insert(it.key(), it.value().toString());
    return tables;
}

QString contentHash(const IntegrationItem &item)
{
    const QByteArray json = QJsonDocument(item.toJson()).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha1)
                                   .left(12)
                                   .toBase64(QByteArray::OmitTrailingEquals));
}

QVector<ItemKey> LoadSync::vanishedTable(const QString &tableId) const
{
    QVector<ItemKey> keys{{kTables, tableId}};
    const auto records = knownRecords.constFind(tableId);
    if (records != knownRecords.cend())
        for (const QString &id : records->ids)
            keys.append({kRecords, id});
    return keys;
}

QVector<ItemKey> LoadSync::vanishedBase(const QString &baseId) const
{
    QVector<ItemKey> keys{{kBases, baseId}};
    QSet<QString> tables;
    for (auto it = knownTables.cbegin(); it != knownTables.cend(); ++it)
        if (it.value() == baseId)
            tables.insert(it.key());
    for (auto it = knownRecords.cbegin(); it != knownRecords.cend(); ++it)
        if (it->baseId == baseId)
            tables.insert(it.key());
    for (const QString &table : std::as_const(tables))
        keys += vanishedTable(table);
    return keys;
}

} // namespace desk::airtable
