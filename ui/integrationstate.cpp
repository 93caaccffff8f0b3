// IntegrationState: one integration's connection, items and load, kept across switches.
#include "integrationstate.h"

#include "displayformat.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcIntegration, "desk.ui.integration")

namespace desk {

IntegrationState::IntegrationState(const ProviderSpec &provider, CredentialStore &credentials,
                                   const WindowConnection::Overrides &overrides, QObject *parent)
    : QObject(parent), m_connection(new WindowConnection(provider, credentials, overrides, this))
{}

IntegrationState::~IntegrationState()
{
    delete m_loader.data(); // before the connection and its client
}

void IntegrationState::attach(ItemLoader *loader)
{
    m_loader = loader;
    connect(loader, &ItemLoader::itemsReady, this, &IntegrationState::addItems);
    connect(loader, &ItemLoader::progressChanged, this, [this](const LoadProgress &progress) {
        m_progress = progress;
        Q_EMIT progressChanged(progress);
    });
    connect(loader, &ItemLoader::finished, this, &IntegrationState::onFinished);
}

bool IntegrationState::start()
{
    if (isLoading())
        return false;
    delete m_loader.data(); // it uses the connection's previous client
    ItemLoader *loader = m_connection->createLoader(this);
    if (!loader)
        return false;
    attach(loader);
    m_seen.clear();
    m_resumed = false;
    m_received = 0;
    m_loading = true;
    m_progress.reset();
    m_timer.start();
    qCInfo(lcIntegration) << "load started";
    // What is shown stays until the load replaces it: nothing is cleared here.
    loader->start(m_connection->loadRequest());
    return true;
}

bool IntegrationState::resume()
{
    if (!canResume())
        return false;
    m_resumed = true;
    m_received = 0; // the summary counts this run, from now
    m_loading = true;
    m_progress.reset();
    m_timer.start();
    qCInfo(lcIntegration) << "load resumed";
    m_loader->resume();
    return true;
}

void IntegrationState::cancel()
{
    if (isLoading())
        m_loader->cancel();
}

void IntegrationState::stop()
{
    delete m_loader.data();
    m_loading = false;
}

void IntegrationState::forgetItems()
{
    m_items.clear();
    m_seen.clear();
    m_summary.clear();
    m_progress.reset();
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

void IntegrationState::onFinished(const LoadOutcome &outcome)
{
    m_loading = false;
    m_summary = outcome.types;
    if (outcome.complete && !m_resumed) {
        // Items of a completely read type that this load did not deliver are gone.
        QSet<QString> done;
        for (const TypeProgress &t : outcome.types)
            if (t.done)
                done.insert(t.type);
        QVector<ItemKey> gone;
        for (const ItemKey &key : m_items.keys())
            if (done.contains(key.type) && !m_seen.contains(key))
                gone.append(key);
        if (!gone.isEmpty()) {
            m_items.remove(gone);
            Q_EMIT rowsGone(gone);
        }
    }
    qCInfo(lcIntegration) << "load finished complete" << outcome.complete << "cancelled"
                          << outcome.cancelled << "received" << m_received << "in"
                          << m_timer.elapsed() << "ms";
    Q_EMIT loadFinished(outcome);
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
    if (m_resumed)
        return tr("Resumed load ended: %1 more in %2; %3 in all.")
            .arg(DisplayFormat::number(m_received), time, DisplayFormat::items(itemsShown));
    return tr("Loaded %1 in %2.").arg(DisplayFormat::items(m_seen.size()), time);
}

} // namespace desk
