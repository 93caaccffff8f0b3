#pragma once

// Reading a store off the UI thread: StoreReader delivers rows or full items in
// chunks, in store order, from a worker thread with its own connection;
// ItemCursor pulls full items on whatever thread calls it.

#include "common/error.h"
#include "common/result.h"
#include "items/integrationitem.h"
#include "items/itemrow.h"
#include "store/storedb.h"

#include <QAtomicInteger>
#include <QObject>
#include <QSemaphore>
#include <QStringList>
#include <QThread>
#include <memory>

namespace desk {

struct ReadOptions
{
    int firstChunk = 500; // small, so the first rows arrive at once
    int chunk = 5000;
    QStringList types;    // only these types; empty = all
    int queuedChunks = 4; // chunks read ahead of the receiver at most
};

// Runs one read in a worker thread. Signals arrive on the thread that created
// the reader (a queued connection), in store order; then finished() once.
class StoreReader : public QObject
{
    Q_OBJECT

public:
    enum class What
    {
        Rows,
        Items
    };
    StoreReader(store::DbTarget target, What what, ReadOptions options, QObject *parent);
    ~StoreReader() override; // cancels and waits for the worker

    void start();
    // No rows or items are delivered after this returns; finished(Cancelled) follows.
    void cancel();
    bool isFinished() const { return m_finished; }
    // Blocks until the worker thread has ended (its last signals may still be queued).
    bool waitForWorker(int timeoutMs = -1);

signals:
    void rows(const desk::RowBatch &rows);
    void items(const desk::ItemBatch &items);
    void finished(const desk::Error &error); // Error() when everything was delivered

private:
    void work();
    bool post(std::function<void()> delivery);
    void finish(const Error &error);

    store::DbTarget m_target;
    What m_what;
    ReadOptions m_options;
    QSemaphore m_room;
    QAtomicInteger<int> m_cancelled{0};
    std::unique_ptr<QThread> m_thread;
    bool m_finished = false;
};

// Full items in store order, pulled in batches. The connection opens on the first
// next() and belongs to that thread: use and destroy the cursor there. Reads one
// snapshot: the data as of the first call.
class ItemCursor
{
public:
    ItemCursor(store::DbTarget target, QStringList types);
    ~ItemCursor();
    ItemCursor(const ItemCursor &) = delete;
    ItemCursor &operator=(const ItemCursor &) = delete;

    // Up to `max` items; an empty batch at the end.
    Result<ItemBatch> next(int max = 1000);
    // Rows instead of items (what StoreReader uses for the tree).
    Result<RowBatch> nextRows(int max);
    // Any thread: the next call returns Error(Cancelled).
    void cancel() { m_cancelled.storeRelaxed(1); }

private:
    Error ensureOpen();
    bool fetch(int max, bool withBody, Error *error);
    void shareWithPrevious(ItemRow &row);

    store::DbTarget m_target;
    QStringList m_types;
    std::unique_ptr<store::Db> m_db;
    std::unique_ptr<QSqlQuery> m_query;
    qint64 m_lastSeq = 0;
    ItemRow m_previous;
    bool m_queryHasBody = false;
    bool m_inTransaction = false;
    QAtomicInteger<int> m_cancelled{0};
};

} // namespace desk
