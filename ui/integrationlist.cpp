// IntegrationList: the integrations the window holds, and the one on screen.
#include "integrationlist.h"

namespace desk {

IntegrationList::IntegrationList(CredentialStore &credentials,
                                 const WindowConnection::Overrides &overrides, bool restoreSessions,
                                 QObject *parent)
    : QObject(parent)
    , m_credentials(credentials)
    , m_overrides(overrides)
    , m_restore(restoreSessions)
{}

IntegrationList::~IntegrationList()
{
    qDeleteAll(m_all);
}

IntegrationState &IntegrationList::open(const ProviderSpec &provider)
{
    if (IntegrationState *existing = m_all.value(&provider))
        return *existing;
    auto *s = new IntegrationState(provider, m_credentials, m_overrides);
    m_all.insert(&provider, s);
    WindowConnection *c = &s->connection();
    connect(c, &WindowConnection::stateChanged, this, [this, s] {
        if (s == m_current)
            Q_EMIT stateChanged();
    });
    connect(c, &WindowConnection::connected, this, [this, s] {
        if (s == m_current)
            Q_EMIT connected();
    });
    connect(c, &WindowConnection::failed, this, [this, s](const Error &error, bool token) {
        if (s == m_current)
            Q_EMIT failed(error, token);
    });
    connect(c, &WindowConnection::warning, this, [this, s](const QString &text) {
        if (s == m_current)
            Q_EMIT warning(text);
    });
    connect(s, &IntegrationState::rowsArrived, this, [this, s](const RowBatch &rows) {
        if (s == m_current)
            Q_EMIT rowsArrived(rows);
    });
    connect(s, &IntegrationState::rowsGone, this, [this, s](const QVector<ItemKey> &keys) {
        if (s == m_current)
            Q_EMIT rowsGone(keys);
    });
    connect(s, &IntegrationState::progressChanged, this, [this, s](const LoadProgress &progress) {
        if (s == m_current)
            Q_EMIT progressChanged(progress);
    });
    connect(s, &IntegrationState::loadFinished, this, [this, s](const LoadOutcome &outcome) {
        if (s == m_current)
            Q_EMIT loadFinished(outcome);
    });
    connect(s, &IntegrationState::storeShown, this, [this, s] {
        if (s == m_current)
            Q_EMIT stateChanged(); // the header shows the stored copy's age
    });
    c->rebuild(m_restore);
    return *s;
}

IntegrationState &IntegrationList::select(const ProviderSpec &provider)
{
    stopReplay();
    IntegrationState &state = open(provider);
    m_current = &state;
    state.replayRows();
    return state;
}

void IntegrationList::stopReplay()
{
    if (m_current)
        m_current->stopReplay();
}

} // namespace desk
