// StoreFeed: loader → store, one transaction per checkpoint (or per turn).
#include "connection/storefeed.h"

#include <QLoggingCategory>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcFeed, "desk.core.connection.feed", QtInfoMsg)
} // namespace

StoreFeed::StoreFeed(ItemStore &store, QObject *parent) : QObject(parent), m_store(store) {}

Error StoreFeed::beginFull(const QString &type, FullLoadMode mode, LoadRequest *request)
{
    const Result<FullLoadTicket> ticket = m_store.beginFullLoad(type, mode);
    if (!ticket)
        return ticket.error();
    m_fullTypes.insert(type);
    if (!m_full.contains(type))
        m_full.append(type);
    if (ticket.value().resumed && request) {
        m_resumed.append(type);
        const QMap<QString, QString> &cursors = ticket.value().resumeCursors;
        for (auto it = cursors.cbegin(); it != cursors.cend(); ++it)
            if (!it.value().isEmpty())
                request->resumeCursors.insert(it.key(), it.value());
    }
    return {};
}

Error StoreFeed::beginLoad(LoadMode mode, const QStringList &types, bool resumeInterrupted,
                           LoadRequest &request)
{
    request.known = &m_known;
    m_mode = mode;
    m_types = QSet<QString>(types.cbegin(), types.cend());
    m_fullTypes.clear();
    m_full.clear();
    m_changes.clear();
    m_resumed.clear();
    m_summary = {};
    m_error = {};
    m_loading = true;
    request.mode = mode;
    for (const QString &type : types) {
        if (mode == LoadMode::Full) {
            const FullLoadMode how =
                resumeInterrupted ? FullLoadMode::Resume : FullLoadMode::Restart;
            if (Error error = beginFull(type, how, &request))
                return error;
            continue;
        }
        const Result<TypeSyncState> state = m_store.syncState(type);
        if (!state)
            return state.error();
        if (!state.value().fullLoadComplete) {
            // Never loaded, or its full load stopped: read it in full, from where it stopped.
            if (Error error = beginFull(type, FullLoadMode::Resume, &request))
                return error;
            request.syncStates.insert(type, SyncState{});
            continue;
        }
        request.syncStates.insert(type,
                                  SyncState{state.value().syncToken, state.value().lastFullSweep});
    }
    return {};
}

void StoreFeed::addItems(const ItemBatch &items)
{
    if (!m_error)
        m_open.items += items;
}

void StoreFeed::addRemoved(const QVector<ItemKey> &keys)
{
    if (!m_error)
        m_open.removed += keys;
}

TypeSyncProgress &StoreFeed::progressOf(const QString &type)
{
    TypeSyncProgress &progress = m_ready.progress[type];
    progress.type = type;
    return progress;
}

void StoreFeed::addCheckpoint(const LoadCheckpoint &checkpoint)
{
    if (m_error)
        return;
    m_ready.items += std::exchange(m_open.items, {});
    m_ready.removed += std::exchange(m_open.removed, {});
    if (checkpoint.kind == LoadCheckpoint::Kind::Page && m_loading) {
        for (const QString &type : checkpoint.types) {
            if (!m_types.contains(type))
                continue;
            if (checkpoint.incremental) {
                if (!m_changes.contains(type) && !m_fullTypes.contains(type))
                    m_changes.append(type);
                continue;
            }
            // A refresh whose provider reads this type in full: a full load of it.
            if (!m_fullTypes.contains(type)) {
                if (Error error = beginFull(type, FullLoadMode::Resume, nullptr)) {
                    m_error = error;
                    Q_EMIT failed(error);
                    return;
                }
            }
            progressOf(type).resumeCursors.insert(checkpoint.streamKey, checkpoint.resumeCursor);
        }
    }
    if (m_loading) {
        for (const QString &type : checkpoint.completedTypes) {
            if (!m_types.contains(type))
                continue;
            TypeSyncProgress &progress = progressOf(type);
            const QString token = checkpoint.syncStates.value(type).token;
            if (!token.isEmpty())
                progress.syncToken = token;
            if (m_fullTypes.contains(type))
                progress.fullLoadComplete = true;
            else
                progress.syncComplete = true;
        }
    }
    scheduleFlush();
}

void StoreFeed::scheduleFlush()
{
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_flushQueued = false;
        flush();
    });
}

Error StoreFeed::write(Gathered &gathered)
{
    if (gathered.isEmpty())
        return {};
    StorePage page;
    page.items = std::move(gathered.items);
    page.removed = std::move(gathered.removed);
    for (const TypeSyncProgress &progress : std::as_const(gathered.progress))
        page.progress.append(progress);
    gathered = {};
    const Result<ChangeSummary> summary = m_store.applyPage(page);
    if (!summary) {
        m_error = summary.error();
        qCWarning(lcFeed).noquote()
            << "a page of" << page.items.size() << "items could not be stored:" << m_error.detail;
        Q_EMIT failed(m_error);
        return m_error;
    }
    m_summary += summary.value();
    if (!page.items.isEmpty()) {
        QVector<ItemKey> keys;
        keys.reserve(page.items.size());
        for (const IntegrationItem &item : std::as_const(page.items))
            keys.append(ItemKey{item.type, item.id});
        Q_EMIT stored(keys);
    }
    return {};
}

Error StoreFeed::flush(bool everything)
{
    if (m_error)
        return m_error;
    if (Error error = write(m_ready))
        return error;
    if (everything)
        return write(m_open);
    return {};
}

ChangeSummary StoreFeed::endLoad()
{
    flush(true);
    m_loading = false;
    return std::exchange(m_summary, {});
}

void StoreFeed::resumeLoad()
{
    m_error = {};
    m_summary = {};
    m_loading = true;
}

} // namespace desk
