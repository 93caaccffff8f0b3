#include "items/itemexport.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <functional>

namespace desk {

namespace {

const QStringList &fixedColumns()
{
    static const QStringList columns{
        QStringLiteral("id"),       QStringLiteral("type"),       QStringLiteral("name"),
        QStringLiteral("parentId"), QStringLiteral("parentType"), QStringLiteral("parentName"),
        QStringLiteral("created"),  QStringLiteral("modified"),   QStringLiteral("url")};
    return columns;
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QByteArray csvCell(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    const bool quote = bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') ||
                       bytes.contains('\r') || bytes.startsWith(' ') || bytes.endsWith(' ');
    if (!quote)
        return bytes;
    bytes.replace("\"", "\"\"");
    return '"' + bytes + '"';
}

QString variantText(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return {};
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(';'));
    return value.toString();
}

QByteArray jsonLine(const IntegrationItem &item)
{
    return QJsonDocument(item.toJson()).toJson(QJsonDocument::Compact);
}

QString itemLabel(const IntegrationItem &item)
{
    const QString name = item.name.isEmpty() ? QStringLiteral("(no name)") : item.name;
    return name + QStringLiteral("  [") + item.type + QLatin1Char(' ') + item.id + QLatin1Char(']');
}

} // namespace

std::optional<ItemWriter::Format> ItemWriter::formatFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == QLatin1String("json"))
        return Format::Json;
    if (lower == QLatin1String("jsonl") || lower == QLatin1String("ndjson"))
        return Format::Jsonl;
    if (lower == QLatin1String("csv"))
        return Format::Csv;
    if (lower == QLatin1String("tree"))
        return Format::Tree;
    return std::nullopt;
}

QString ItemWriter::formatName(Format format)
{
    switch (format) {
    case Format::Json:
        return QStringLiteral("json");
    case Format::Jsonl:
        return QStringLiteral("jsonl");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Tree:
        return QStringLiteral("tree");
    }
    return {};
}

QStringList ItemWriter::formatNames()
{
    return {QStringLiteral("json"), QStringLiteral("jsonl"), QStringLiteral("csv"),
            QStringLiteral("tree")};
}

ItemWriter::ItemWriter(QIODevice &device, Format format) : m_device(device), m_format(format) {}

ItemWriter::~ItemWriter() = default;

void ItemWriter::put(const QByteArray &bytes)
{
    if (!m_error.isEmpty())
        return;
    if (m_device.write(bytes) != bytes.size())
        m_error = m_device.errorString().isEmpty() ? tr("could not write the output")
                                                   : m_device.errorString();
}

void ItemWriter::write(const ItemBatch &items)
{
    switch (m_format) {
    case Format::Json:
        for (const IntegrationItem &item : items) {
            put((m_count == 0 ? QByteArray("[\n") : QByteArray(",\n")) + jsonLine(item));
            ++m_count;
        }
        break;
    case Format::Jsonl:
        for (const IntegrationItem &item : items) {
            put(jsonLine(item) + '\n');
            ++m_count;
        }
        break;
    case Format::Csv:
    case Format::Tree:
        m_buffer += items;
        m_count += items.size();
        break;
    }
}

bool ItemWriter::finish()
{
    if (m_finished)
        return m_error.isEmpty();
    m_finished = true;
    switch (m_format) {
    case Format::Json:
        put(m_count == 0 ? QByteArray("[]\n") : QByteArray("\n]\n"));
        break;
    case Format::Jsonl:
        break;
    case Format::Csv:
        put(toCsv(m_buffer));
        break;
    case Format::Tree: {
        resolveParentNames(m_buffer);
        put(toTree(m_buffer));
        break;
    }
    }
    m_buffer.clear();
    return m_error.isEmpty();
}

QByteArray ItemWriter::toJson(const ItemBatch &items)
{
    QByteArray out;
    {
        // QBuffer would pull in another header for nothing; build directly.
        if (items.isEmpty())
            return QByteArrayLiteral("[]\n");
        out += "[\n";
        for (int i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += ",\n";
            out += jsonLine(items.at(i));
        }
        out += "\n]\n";
    }
    return out;
}

QByteArray ItemWriter::toJsonl(const ItemBatch &items)
{
    QByteArray out;
    for (const IntegrationItem &item : items)
        out += jsonLine(item) + '\n';
    return out;
}

namespace {

// Names in order of first appearance (stable across runs for the same data).
struct ColumnNames
{
    QStringList names;
    QSet<QString> seen;
    void add(const QString &name)
    {
        if (!seen.contains(name)) {
            seen.insert(name);
            names.append(name);
        }
    }
};

} // namespace

QByteArray ItemWriter::toCsv(const ItemBatch &items)
{
    // Columns: the fixed fields, then association types, property names and
    // label names; a "problems" column when an item has any.
    ColumnNames links, properties, labels;
    bool problems = false;
    for (const IntegrationItem &item : items) {
        QStringList keys = item.associations.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys))
            links.add(key);
        for (auto it = item.properties.cbegin(); it != item.properties.cend(); ++it)
            properties.add(it.key());
        QStringList labelKeys = item.labels.keys();
        labelKeys.sort();
        for (const QString &key : std::as_const(labelKeys))
            labels.add(key);
        problems = problems || !item.problems.isEmpty();
    }

    QByteArray out;
    QByteArrayList header;
    for (const QString &column : fixedColumns())
        header.append(csvCell(column));
    for (const QString &type : std::as_const(links.names))
        header.append(csvCell(QStringLiteral("associations.") + type));
    for (const QString &name : std::as_const(properties.names))
        header.append(csvCell(QStringLiteral("properties.") + name));
    for (const QString &name : std::as_const(labels.names))
        header.append(csvCell(QStringLiteral("labels.") + name));
    if (problems)
        header.append("problems");
    out += header.join(',') + "\r\n";

    for (const IntegrationItem &item : items) {
        QByteArrayList row;
        row << csvCell(item.id) << csvCell(item.type) << csvCell(item.name)
            << csvCell(item.parentId) << csvCell(item.parentType) << csvCell(item.parentName)
            << csvCell(dateText(item.created)) << csvCell(dateText(item.modified))
            << csvCell(item.url.isEmpty() ? QString() : item.url.toString());
        for (const QString &type : std::as_const(links.names))
            row << csvCell(item.associations.value(type).join(QLatin1Char(';')));
        for (const QString &name : std::as_const(properties.names))
            row << csvCell(variantText(item.properties.value(name)));
        for (const QString &name : std::as_const(labels.names))
            row << csvCell(item.labels.value(name));
        if (problems)
            row << csvCell(item.problems.join(QLatin1Char(' ')));
        out += row.join(',') + "\r\n";
    }
    return out;
}

QByteArray ItemWriter::toTree(const ItemBatch &items)
{
    // Roots: items without a parent or whose parent is not in the set. Children
    // are listed under their parent in the order they arrived.
    QHash<QString, int> indexByKey; // "type/id" -> index
    for (int i = 0; i < items.size(); ++i)
        indexByKey.insert(items.at(i).type + QLatin1Char('/') + items.at(i).id, i);
    QHash<int, QVector<int>> children;
    QVector<int> roots;
    for (int i = 0; i < items.size(); ++i) {
        const IntegrationItem &item = items.at(i);
        const int parent =
            item.parentId.isEmpty()
                ? -1
                : indexByKey.value(item.parentType + QLatin1Char('/') + item.parentId, -1);
        if (parent < 0 || parent == i)
            roots.append(i);
        else
            children[parent].append(i);
    }
    // Roots with children first, so the tree reads "companies with their
    // contacts, then everything without a company".
    std::stable_sort(roots.begin(), roots.end(),
                     [&](int a, int b) { return children.contains(a) && !children.contains(b); });

    QByteArray out;
    std::function<void(int, const QByteArray &)> emitNode = [&](int index,
                                                                const QByteArray &prefix) {
        const QVector<int> kids = children.value(index);
        for (int k = 0; k < kids.size(); ++k) {
            const bool last = k == kids.size() - 1;
            out +=
                prefix + (last ? "└─ " : "├─ ") + itemLabel(items.at(kids.at(k))).toUtf8() + '\n';
            emitNode(kids.at(k), prefix + (last ? "   " : "│  "));
        }
    };
    for (int root : std::as_const(roots)) {
        out += itemLabel(items.at(root)).toUtf8() + '\n';
        emitNode(root, QByteArray());
    }
    return out;
}

void ItemWriter::resolveParentNames(ItemBatch &items)
{
    QHash<QString, QString> names;
    for (const IntegrationItem &item : std::as_const(items))
        names.insert(item.type + QLatin1Char('/') + item.id, item.name);
    for (IntegrationItem &item : items)
        if (item.parentName.isEmpty() && !item.parentId.isEmpty())
            item.parentName = names.value(item.parentType + QLatin1Char('/') + item.parentId);
}

} // namespace desk
