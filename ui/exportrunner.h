#pragma once

// ExportRunner: writes items to a file on a worker thread, with progress and
// cancel. The file appears only when everything was written (QSaveFile): a
// cancelled or failed export leaves no file and no half file behind.

#include "common/error.h"
#include "common/result.h"
#include "items/integrationitem.h"
#include "items/itemexport.h"
#include "items/itemrow.h"

#include <QAtomicInteger>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <functional>
#include <memory>

namespace desk {

// Where an export reads its items: called on the worker thread only, in
// batches; an empty batch ends the export.
class ExportSource
{
public:
    virtual ~ExportSource() = default;
    virtual Result<ItemBatch> next(int max) = 0;
};

struct ExportJob
{
    QString path;
    ItemWriter::Format format = ItemWriter::Format::Json;
    std::unique_ptr<ExportSource> source;
    qint64 expected = -1;              // items to write, for the progress (-1: unknown)
    std::optional<QSet<ItemKey>> only; // Export Selected: only these
    // Names of parents (filled into items whose parentName is empty).
    QHash<ItemKey, QString> parentNames;
};

class ExportRunner : public QObject
{
    Q_OBJECT
public:
    explicit ExportRunner(QObject *parent = nullptr);
    ~ExportRunner() override; // cancels and waits

    // Starts one export; false when one is running.
    bool start(ExportJob job);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    qint64 written() const { return m_written.loadRelaxed(); }
    qint64 expected() const { return m_expected; }
    QString path() const { return m_path; }
    // Blocks until the running export ended (tests, quitting).
    void wait();

    static ItemWriter::Format formatForPath(const QString &path); // .json / .jsonl / .csv
    // Fills an empty parentName from `names` (the same rule for the details
    // pane, Export Selected and Export All).
    static void resolveParentName(IntegrationItem &item, const QHash<ItemKey, QString> &names);

Q_SIGNALS:
    void progress(qint64 written, qint64 expected);
    // Error() when the file was written; Cancelled when the user stopped it.
    void finished(const desk::Error &error, qint64 written);

private:
    Error run(ExportJob &job);
    void onWorkerDone();

    std::unique_ptr<QThread> m_thread;
    QAtomicInteger<int> m_cancel{0};
    QAtomicInteger<qint64> m_written{0};
    qint64 m_expected = -1;
    QString m_path;
    Error m_result;
    QTimer m_progressTimer;
};

} // namespace desk

namespace desk {

// Items by key from a lookup that is safe to call on the worker thread (e.g. a
// copy of an implicitly shared container).
class KeyedExportSource : public ExportSource
{
public:
    KeyedExportSource(QVector<ItemKey> keys,
                      std::function<std::optional<IntegrationItem>(const ItemKey &)> lookup)
        : m_keys(std::move(keys)), m_lookup(std::move(lookup))
    {}
    Result<ItemBatch> next(int max) override
    {
        ItemBatch batch;
        while (m_next < m_keys.size() && batch.size() < max)
            if (std::optional<IntegrationItem> item = m_lookup(m_keys.at(m_next++)))
                batch.append(std::move(*item));
        return batch;
    }

private:
    QVector<ItemKey> m_keys;
    std::function<std::optional<IntegrationItem>(const ItemKey &)> m_lookup;
    int m_next = 0;
};

} // namespace desk
