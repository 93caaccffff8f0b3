#pragma once

// IntegrationList: every integration the window has opened, each kept with
// its connection, items and load while the window lives, and which one is on
// screen. Only the one on screen speaks: its rows, progress, load results and
// sign-in events are forwarded; switching back to one gives its items again
// in chunks (the first small, as the store's start-up reader delivers them).

#include "integrationstate.h"

#include <QHash>
#include <QObject>

namespace desk {

class IntegrationList : public QObject
{
    Q_OBJECT
public:
    IntegrationList(CredentialStore &credentials, const WindowConnection::Overrides &overrides,
                    bool restoreSessions, QObject *parent = nullptr);
    ~IntegrationList() override;

    // Makes `provider` the one on screen (opening it the first time) and
    // replays its items as rows.
    IntegrationState &select(const ProviderSpec &provider);
    IntegrationState *current() const { return m_current; }
    QList<IntegrationState *> all() const { return m_all.values(); }
    void stopReplay();

Q_SIGNALS:
    void rowsArrived(const desk::RowBatch &rows);
    void rowsGone(const QVector<desk::ItemKey> &keys);
    void progressChanged(const desk::LoadProgress &progress);
    void loadFinished(const desk::LoadOutcome &outcome);
    void stateChanged();
    void connected();
    void failed(const desk::Error &error, bool accessToken);
    void warning(const QString &message);

private:
    IntegrationState &open(const ProviderSpec &provider);

    CredentialStore &m_credentials;
    WindowConnection::Overrides m_overrides;
    bool m_restore = true;
    QHash<const ProviderSpec *, IntegrationState *> m_all;
    IntegrationState *m_current = nullptr;
};

} // namespace desk
