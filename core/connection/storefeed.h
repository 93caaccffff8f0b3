#pragma once

// StoreFeed: writes what a loader emits into the account's ItemStore. Items and
// removed keys are gathered until the loader's next checkpoint; everything up
// to a checkpoint is then written in one transaction together with the
// stream's resume cursor and, when types completed, their sync state (a full
// load's completion also removes the items it did not deliver). Checkpoints
// that arrive in one turn of the event loop share a transaction. Whenever the
// process stops, the store holds whole checkpoints only: no cursor is ever
// ahead of the items stored, so the next load continues where it says.

#include "common/error.h"
#include "engine/itemloader.h"
#include "store/itemstore.h"
#include "store/storeitemsource.h"

#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>

namespace desk {

class StoreFeed : public QObject
{
    Q_OBJECT
public:
    explicit StoreFeed(ItemStore &store, QObject *parent = nullptr);

    // A load of `types` (resolved: the provider's order, prerequisites added)
    // is about to start. Full: every type's full load begins in the store,
    // continuing one that stopped when `resumeInterrupted` (its cursors go to
    // request.resumeCursors). Incremental: a type whose last full load did not
    // complete is read in full the same way (an empty SyncState makes the
    // provider read it in full); the others get their stored sync state. A type
    // the provider then reads in full anyway (no changes stream) begins its
    // full load at its first checkpoint.
    Error beginLoad(LoadMode mode, const QStringList &types, bool resumeInterrupted,
                    LoadRequest &request);

    void addItems(const ItemBatch &items);
    void addRemoved(const QVector<ItemKey> &keys);
    void addCheckpoint(const LoadCheckpoint &checkpoint);
    // Writes the checkpoints gathered so far; with `everything`, also what came
    // after the last one (items without progress: the end of a load or fetch).
    Error flush(bool everything = false);
    // The load ended: writes what is left. Returns what the load changed.
    ChangeSummary endLoad();
    // The loader resumes the load that ended (same types, same full loads).
    void resumeLoad();

    QStringList readInFull() const { return m_full; }
    QStringList readChanges() const { return m_changes; }
    QStringList resumed() const { return m_resumed; }
    Error error() const { return m_error; }

Q_SIGNALS:
    // A write failed; nothing more is written (the caller stops the load).
    void failed(const desk::Error &error);
    // These items are in the store now (written, or found unchanged there).
    void stored(const QVector<desk::ItemKey> &keys);

private:
    struct Gathered
    {
        ItemBatch items;
        QVector<ItemKey> removed;
        QMap<QString, TypeSyncProgress> progress; // by type
        bool isEmpty() const { return items.isEmpty() && removed.isEmpty() && progress.isEmpty(); }
    };

    Error beginFull(const QString &type, FullLoadMode mode, LoadRequest *request);
    TypeSyncProgress &progressOf(const QString &type);
    void scheduleFlush();
    Error write(Gathered &gathered);

    ItemStore &m_store;
    // The store as what the loader already knows (LoadRequest::known): the
    // names of parents this load has not read, the other sides of a deleted
    // item's associations.
    StoreItemSource m_known{&m_store};
    LoadMode m_mode = LoadMode::Full;
    QSet<QString> m_types;     // of the load
    QSet<QString> m_fullTypes; // whose full load began in the store
    QStringList m_full, m_changes, m_resumed;
    Gathered m_open;  // since the last checkpoint
    Gathered m_ready; // whole checkpoints, not written yet
    bool m_flushQueued = false;
    bool m_loading = false;
    Error m_error;
    ChangeSummary m_summary;
};

} // namespace desk
