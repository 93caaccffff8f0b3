#pragma once

// ItemStore: the local copy of one account's items and per-type sync state, in
// one SQLite file per account (or in memory). Pages are applied in one
// transaction each; after each write the store says which rows were added,
// updated or removed, so the tree can follow. See docs/store.md.

#include "common/error.h"
#include "common/result.h"
#include "items/integrationitem.h"
#include "items/itempresentation.h"
#include "items/itemrow.h"
#include "store/storereader.h"
#include "store/storetypes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <memory>
#include <optional>

namespace desk {

namespace store {
class Db;
struct DbTarget;
struct WriteStatements;
struct StoredItem;
} // namespace store

class ItemStore : public QObject
{
    Q_OBJECT

public:
    struct Opened
    {
        std::unique_ptr<ItemStore> store;
        // Set when the file could not be used and was replaced by an empty one: say
        // it to the user (kind Storage). The bad file is kept at `movedAside`.
        Error recovered;
        QString movedAside;
    };

    // Opens (creating if needed) the store in options.directory, or in memory when
    // it is empty. A file that is not a database, is truncated, damaged, of another
    // schema, provider or account is moved aside and replaced: the result then
    // carries `recovered`. Fails only when no usable store can be had (no
    // permission, disk full, busy beyond the timeout).
    static Result<Opened> open(const StoreOptions &options);

    // The folder for one account: <AppLocalDataLocation>/stores/<namespace>/<account>.
    // `credentialNamespace` separates a service from its sandbox ("<id>" vs "<id>-sandbox").
    static QString accountDirectory(const QString &credentialNamespace, const QString &accountId);
    // Deletes an account's folder (database, logs, moved-aside copies) without
    // opening it. The store must not be open.
    static Error forgetDirectory(const QString &directory);

    ~ItemStore() override;

    bool inMemory() const;
    QString directory() const;
    QString databasePath() const; // empty in memory
    const ItemPresentation &presentation() const;

    // --- Writes (all on the thread that opened the store) ---

    // Starts or resumes the full load of `type`; see FullLoadMode. Pages of the
    // load then name the type in their progress; the last one sets
    // fullLoadComplete, which removes the items of the type the load did not
    // deliver. A load that stops keeps everything and its resume cursors.
    Result<FullLoadTicket> beginFullLoad(const QString &type,
                                         FullLoadMode mode = FullLoadMode::Resume);
    // Upserts the page's items, deletes its removed keys and applies its progress,
    // in one transaction. On error nothing of the page is stored and no signal is
    // sent. Waits up to options.busyTimeoutMs for another process's write.
    Result<ChangeSummary> applyPage(const StorePage &page);
    // Sum of the summaries since the last call (e.g. one "Refresh"): "12 changed,
    // 3 new, 2 removed".
    ChangeSummary takeSessionSummary();

    // --- Reads on this thread ---

    Result<qint64> count(const QString &type = {}) const; // empty type = all items
    Result<QHash<QString, qint64>> countsByType() const;
    Result<std::optional<IntegrationItem>> item(const ItemKey &key) const;
    Result<TypeSyncState> syncState(const QString &type) const; // defaults for an unknown type
    Result<QVector<TypeSyncState>> syncStates() const;
    // When the data was last known complete: the oldest "last sync" among the
    // types that have one; invalid when nothing was ever synced.
    QDateTime asOf() const;
    // True when another connection (another window, the CLI) committed since the
    // last call; the tree should then read the rows again.
    bool changedElsewhere();
    // Full consistency check (PRAGMA quick_check); reads the whole file.
    Error checkIntegrity();

    // --- Reads on worker threads (own connections; WAL lets them run beside writes) ---

    // Every row, in store order, in chunks (the first small, so the tree shows
    // something at once); see StoreReader. Each reader sees one snapshot: the data
    // as of its start. The reader is a child of `parent` (or of the store).
    StoreReader *readRows(const ReadOptions &options, QObject *parent = nullptr);
    // Full items of `options.types` (all when empty), for export.
    StoreReader *readItems(const ReadOptions &options, QObject *parent = nullptr);
    // Pull-based iteration over full items, used from any one thread.
    std::unique_ptr<ItemCursor> itemCursor(const QStringList &types = {}) const;

    // Cancels the store's readers, closes it and deletes the account's folder; in
    // memory it empties the store. The object is unusable afterwards.
    Error forget();

signals:
    void rowsAdded(const desk::RowBatch &rows);
    void rowsUpdated(const desk::RowBatch &rows);
    void rowsRemoved(const QVector<desk::ItemKey> &keys);
    // A statement met a damaged file: the store is rebuilt on the next open.
    void damaged(const desk::Error &error);

private:
    ItemStore(StoreOptions options, std::unique_ptr<store::Db> db);
    static Result<Opened> openFile(const StoreOptions &options);
    Error recomputeRowsIfNeeded();
    Error writeMetaValue(const QString &key, const QString &value);
    store::DbTarget target() const;
    void trackReader(StoreReader *reader);
    void noteDamage() const; // reports damage if the connection met any
    void reportDamage(const QString &detail) const;
    Error checkPage(const StorePage &page) const;
    Result<ChangeSummary> writePage(const QVector<store::StoredItem> &items, const StorePage &page,
                                    RowBatch &added, RowBatch &updated, QVector<ItemKey> &removed);
    Result<qint64> sweep(const QString &type, qint64 generation, QVector<ItemKey> &removed);
    Error closedError() const;
    void checkpointSoon();
    static constexpr int kPagesPerCheckpoint = 32;

    StoreOptions m_options;
    QString m_path;
    std::unique_ptr<store::Db> m_db;
    std::unique_ptr<store::WriteStatements> m_statements;
    QHash<QString, qint64> m_openLoads; // type -> generation of this object's running full load
    QVector<QPointer<StoreReader>> m_readers;
    ChangeSummary m_session;
    qint64 m_dataVersion = -1;
    int m_pagesSinceCheckpoint = 0;
    std::unique_ptr<QThread> m_checkpointer;
    mutable bool m_damageReported = false;
};

} // namespace desk
