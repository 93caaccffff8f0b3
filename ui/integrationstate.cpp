// IntegrationState: one integration's connection, items and load, kept across switches.
#include "integrationstate.h"

#include "displayformat.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcIntegration, "desk.ui.integration")

namespace desk {

IntegrationState::IntegrationState(const ProviderSpec &provider, CredentialStore &credentials,
                                   const WindowConnection::Overrides &overrides, QObject *parent)
    : QObject(parent), m_connection(new WindowConnection(provider, credentials, overrides, this))
{
    Connection *c = &core();
    connect(c, &Connection::itemsLoaded, this, &IntegrationState::addItems);
    connect(c, &Connection::itemsStored, this,
            [this](const QVector<ItemKey> &keys) { m_items.stored(keys); });
    connect(c, &Connection::progressChanged, this, [this](const LoadProgress &progress) {
        m_progress = progress;
        Q_EMIT progressChanged(progress);
    });
    connect(c, &Connection::loadFinished, this, &IntegrationState::onFinished);
    connect(c, &Connection::storeOpened, this,
            [this](ItemStore *store, const Error &) { onStoreOpened(store); });
    connect(c, &Connection::storeClosing, this, [this] {
        stopReplay();
        m_items.setStore(nullptr);
    });
    if (ItemStore *store = c->store())
        onStoreOpened(store);
}

IntegrationState::~IntegrationState() = default;

// The items the store removed (a full load's end, a refresh's deletions) leave the window too.
void IntegrationState::onStoreOpened(ItemStore *store)
{
    m_items.setStore(store);
    connect(store, &ItemStore::rowsRemoved, this, [this](const QVector<ItemKey> &keys) {
        m_items.remove(keys);
        Q_EMIT rowsGone(keys);
    });
    const Result<qint64> stored = store->count();
    if (m_items.memoryCount() > 0 || !stored.ok() || stored.value() == 0)
        return;
    // Open on the stored copy at once: its rows go to the tree; the details read the store.
    m_reader = readStoredRows(*store);
    Q_EMIT storeShown(); // its age, before its rows
}

// The stored rows, in chunks of 1,000 with one read ahead (bigger ones stall the
// event loop), leaving out those memory holds newer.
StoreReader *IntegrationState::readStoredRows(ItemStore &store)
{
    if (m_reader)
        m_reader->cancel();
    ReadOptions options;
    options.chunk = 1000;
    options.queuedChunks = 1;
    StoreReader *reader = store.readRows(options, this);
    connect(reader, &StoreReader::rows, this, [this](RowBatch rows) {
        if (m_items.memoryCount() > 0)
            rows.removeIf([this](const ItemRow &row) {
                return m_items.inMemory(ItemKey{row.type, row.id});
            });
        if (!rows.isEmpty())
            Q_EMIT rowsArrived(rows);
    });
    connect(reader, &StoreReader::finished, this, [this, reader](const Error &error) {
        if (error.isError() && error.kind != Error::Kind::Cancelled)
            qCWarning(lcIntegration).noquote() << "stored rows not all read:" << error.detail;
        reader->deleteLater();
        Q_EMIT storeShown();
    });
    reader->start();
    return reader;
}

void IntegrationState::replayRows()
{
    stopReplay();
    if (ItemStore *store = core().store())
        m_reader = readStoredRows(*store);
    replayMemory(m_items.keys(), 0, m_replayGeneration);
}

// The rows of the items held in memory, a chunk per event-loop turn.
void IntegrationState::replayMemory(const QVector<ItemKey> &keys, int from, int generation)
{
    if (generation != m_replayGeneration || from >= keys.size())
        return;
    const ItemPresentation &presentation = provider().presentation();
    const int end = qMin(int(keys.size()), from + (from == 0 ? 500 : 5000));
    RowBatch rows;
    for (int i = from; i < end; ++i)
        if (const auto item = m_items.item(keys.at(i)))
            rows.append(ItemRow::fromItem(*item, presentation));
    Q_EMIT rowsArrived(rows);
    QTimer::singleShot(0, this,
                       [this, keys, end, generation] { replayMemory(keys, end, generation); });
}

void IntegrationState::stopReplay()
{
    ++m_replayGeneration;
    if (m_reader)
        m_reader->cancel();
}

QDateTime IntegrationState::asOf() const
{
    const ItemStore *store = core().store();
    return store ? store->asOf() : QDateTime();
}

bool IntegrationState::start(bool incremental)
{
    if (isLoading() || m_connection->state() != WindowConnection::State::Connected)
        return false;
    m_seen.clear();
    m_resumed = false;
    m_refreshed = incremental;
    m_changes = {};
    m_received = 0;
    m_loading = true;
    m_progress.reset();
    m_timer.start();
    m_items.beginLoad();
    qCInfo(lcIntegration) << (incremental ? "refresh started" : "load started");
    // What is shown stays until the load replaces it: nothing is cleared here.
    if (incremental)
        core().refresh();
    else
        core().load();
    return true;
}

bool IntegrationState::resume()
{
    if (!canResume())
        return false;
    m_resumed = true;
    m_refreshed = false;
    m_received = 0; // the summary counts this run, from now
    m_loading = true;
    m_progress.reset();
    m_timer.start();
    m_items.beginLoad();
    qCInfo(lcIntegration) << "load resumed";
    core().resume();
    return true;
}

void IntegrationState::cancel()
{
    if (isLoading())
        core().cancel();
}

void IntegrationState::stop()
{
    core().cancel();
    m_loading = false;
}

Error IntegrationState::forgetItems()
{
    if (m_reader)
        m_reader->cancel();
    // The account's files are deleted; while connected an empty copy takes their place.
    const Error error = core().forgetLocalData();
    if (error.isError())
        qCWarning(lcIntegration).noquote() << "local copy not deleted:" << error.detail;
    m_items.clear();
    m_seen.clear();
    m_summary.clear();
    m_progress.reset();
    Q_EMIT storeShown();
    return error;
}

void IntegrationState::addItems(const ItemBatch &batch)
{
    if (batch.isEmpty())
        return;
    m_items.put(batch);
    m_received += batch.size();
    RowBatch rows;
    rows.reserve(batch.size());
    const ItemPresentation &presentation = provider().presentation();
    for (const IntegrationItem &item : batch) {
        if (m_loading)
            m_seen.insert(ItemKey{item.type, item.id});
        rows.append(ItemRow::fromItem(item, presentation));
    }
    Q_EMIT rowsArrived(rows);
}

void IntegrationState::onFinished(const LoadResult &result)
{
    const LoadOutcome &outcome = result.outcome;
    m_loading = false;
    m_items.endLoad(!result.storeError && core().store());
    m_summary = outcome.types;
    m_changes = result.changes;
    qCInfo(lcIntegration) << "load finished complete" << outcome.complete << "cancelled"
                          << outcome.cancelled << "received" << m_received << "in"
                          << m_timer.elapsed() << "ms";
    Q_EMIT loadFinished(outcome);
    Q_EMIT storeShown(); // its new age
}

QString IntegrationState::placeholderText(bool haveItems) const
{
    using State = WindowConnection::State;
    if (isLoading())
        return tr("Loading…");
    if (haveItems)
        return tr("Nothing matches the filter.");
    switch (m_connection->state()) {
    case State::Connected:
        return tr("Press Load (Ctrl+L) to fetch the account's objects.");
    case State::ReconnectNeeded:
        return tr("Sign in again with Reconnect to load this account's objects.");
    case State::NotConnected:
        return m_connection->isSandbox()
                   ? tr("Press Connect to sign in to the demo account (sandbox).")
                   : tr("Press Connect to sign in to %1.").arg(provider().displayName);
    default:
        return {};
    }
}

QString IntegrationState::finishedText(qint64 itemsShown) const
{
    const QString time = DisplayFormat::seconds(m_timer.elapsed());
    if (m_refreshed) // "Refreshed in 2 s: 12 changed, 3 new, 2 removed."
        return tr("Refreshed in %1: %2.").arg(time, DisplayFormat::changes(m_changes));
    if (m_resumed)
        return tr("Resumed load ended: %1 more in %2; %3 in all.")
            .arg(DisplayFormat::number(m_received), time, DisplayFormat::items(itemsShown));
    return tr("Loaded %1 in %2.").arg(DisplayFormat::items(m_seen.size()), time);
}

} // namespace desk
