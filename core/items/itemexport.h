#pragma once

#include "items/integrationitem.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace desk {

// Writes items as JSON (one array), JSONL (one object a line), CSV or a plain-text
// tree. Field names are IntegrationItem's member names; CSV flattens
// `properties` into "properties.<name>" columns, `associations` into
// "associations.<type>" columns (ids joined by ';'), `labels` into
// "labels.<property>" columns and `problems` into one "problems" column (when
// an item has any). Only the provider's data, its labels and problems are
// written. Shared by the CLI and the desktop app's Export.
//
// JSON and JSONL stream (every write() goes straight to the device); CSV and the
// tree need every item first (the column set / the parents), so they buffer
// until finish().
class ItemWriter
{
    Q_DECLARE_TR_FUNCTIONS(desk::ItemWriter)
public:
    enum class Format
    {
        Json,
        Jsonl,
        Csv,
        Tree
    };

    static std::optional<Format>
    formatFromName(const QString &name); // "json", "jsonl", "csv", "tree"
    static QString formatName(Format format);
    static QStringList formatNames();

    ItemWriter(QIODevice &device, Format format);
    ~ItemWriter();

    ItemWriter(const ItemWriter &) = delete;
    ItemWriter &operator=(const ItemWriter &) = delete;

    void write(const ItemBatch &items);
    // Completes the document (closing bracket, CSV/tree body). Returns false and
    // sets errorString() when the device refused data.
    bool finish();
    QString errorString() const { return m_error; }
    qint64 itemsWritten() const { return m_count; }

    // One-shot helpers.
    static QByteArray toJson(const ItemBatch &items);
    static QByteArray toJsonl(const ItemBatch &items);
    static QByteArray toCsv(const ItemBatch &items);
    static QByteArray toTree(const ItemBatch &items);

    // Fills empty parentName fields from parents present in `items` (a contact
    // streamed before its company arrived gets the company's name).
    static void resolveParentNames(ItemBatch &items);

private:
    void put(const QByteArray &bytes);

    QIODevice &m_device;
    Format m_format;
    ItemBatch m_buffer; // CSV and tree only
    qint64 m_count = 0;
    bool m_finished = false;
    QString m_error;
};

} // namespace desk
