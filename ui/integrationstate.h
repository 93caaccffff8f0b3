#pragma once

// IntegrationState: one integration as the window keeps it while it runs —
// its connection, its items, its load (started, resumed, ended) and what the
// progress row said last — so that switching away and back loses nothing and
// nothing of one integration shows on another's screen.

#include "providers/itemloader.h"
#include "windowconnection.h"
#include "windowitems.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <optional>

namespace desk {

class IntegrationState : public QObject
{
    Q_OBJECT
public:
    IntegrationState(const ProviderSpec &provider, CredentialStore &credentials,
                     const WindowConnection::Overrides &overrides, QObject *parent = nullptr);
    ~IntegrationState() override;

    const ProviderSpec &provider() const { return m_connection->provider(); }
    WindowConnection &connection() const { return *m_connection; }
    const WindowItems &items() const { return m_items; }
    Connection &core() const { return m_connection->core(); }
    bool isLoading() const { return m_loading; }
    bool canResume() const { return !m_loading && core().canResume(); }
    const std::optional<LoadProgress> &lastProgress() const { return m_progress; }
    const QVector<TypeProgress> &summary() const { return m_summary; }
    // When the stored items were last known complete (invalid: never synced, no store).
    QDateTime asOf() const;

    // False when not connected or already loading. `incremental`: a refresh (each
    // type's changes since its last sync), else a full load.
    bool start(bool incremental = false);
    bool resume();
    void cancel();
    void stop();                           // disconnect: what runs stops
    Error forgetItems();                   // the local copy on disk goes too
    void addItems(const ItemBatch &batch); // as if loaded (tests, children)
    // Every item again as rows (switching back to this integration): those held
    // in memory at once, then the stored ones from a reader.
    void replayRows();
    void stopReplay();

    // What the empty tree says (`haveItems`: the filter hides them all).
    QString placeholderText(bool haveItems) const;
    // The status bar's line for a load that ended complete.
    QString finishedText(qint64 itemsShown) const;

Q_SIGNALS:
    void rowsArrived(const desk::RowBatch &rows);
    void rowsGone(const QVector<desk::ItemKey> &keys);
    void progressChanged(const desk::LoadProgress &progress);
    void loadFinished(const desk::LoadOutcome &outcome);
    // The stored copy was opened, read into the window or synced: its age changed.
    void storeShown();

private:
    void onFinished(const LoadResult &result);
    void onStoreOpened(ItemStore *store);
    StoreReader *readStoredRows(ItemStore &store);
    void replayMemory(const QVector<ItemKey> &keys, int from, int generation);

    WindowConnection *m_connection = nullptr;
    WindowItems m_items;
    QPointer<StoreReader> m_reader; // the stored rows, read at open or replayed
    int m_replayGeneration = 0;
    bool m_loading = false;
    bool m_resumed = false;
    bool m_refreshed = false; // the last load was a refresh
    ChangeSummary m_changes;  // what the last load changed in the store
    QSet<ItemKey> m_seen;     // delivered by the running full load (its end removes the others)
    qint64 m_received = 0;
    QElapsedTimer m_timer;
    std::optional<LoadProgress> m_progress;
    QVector<TypeProgress> m_summary;
};

} // namespace desk
