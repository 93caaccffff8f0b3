// WindowConnection: the window's face of one integration's desk::Connection.
#include "windowconnection.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcWinConn, "desk.ui.connection")

namespace desk {

namespace {
ConnectionFlags windowFlags(const WindowConnection::Overrides &overrides)
{
    ConnectionFlags flags;
    if (!overrides.sandboxUrl.isEmpty())
        flags.sandboxUrl = overrides.sandboxUrl;
    if (overrides.redirectPort)
        flags.redirectPort = overrides.redirectPort;
    return flags;
}
} // namespace

WindowConnection::WindowConnection(const ProviderSpec &provider, CredentialStore &credentials,
                                   const Overrides &overrides, QObject *parent)
    : QObject(parent), m_provider(provider), m_overrides(overrides)
{
    ConnectionServices services;
    services.settings = &m_settings;
    services.credentials = &credentials;
    services.network = &m_network;
    m_core = std::make_unique<Connection>(provider, services, windowFlags(overrides));
    Connection *core = m_core.get();
    connect(core, &Connection::stateChanged, this, [this] { Q_EMIT stateChanged(state()); });
    connect(core, &Connection::connected, this, [this](const AccountInfo &account) {
        m_tokenAttempt = false;
        Q_EMIT connected(account);
    });
    connect(core, &Connection::signInFailed, this, [this](const Error &error) {
        Q_EMIT failed(error, std::exchange(m_tokenAttempt, false));
    });
    connect(core, &Connection::warning, this, &WindowConnection::warning);
}

WindowConnection::~WindowConnection() = default;

WindowConnection::State WindowConnection::state() const
{
    switch (m_core->state()) {
    case Connection::State::Disconnected:
        return State::NotConnected;
    case Connection::State::Restoring:
        return State::Restoring;
    case Connection::State::Connecting:
        return State::Connecting;
    case Connection::State::Connected:
        return State::Connected;
    case Connection::State::ReconnectNeeded:
        // A refused token that was never connected leaves nothing to reconnect.
        return m_core->credentialKind() == Connection::CredentialKind::None
                   ? State::NotConnected
                   : State::ReconnectNeeded;
    }
    return State::NotConnected;
}

ConnectionSettings WindowConnection::settings() const
{
    ConnectionSettings cs;
    const AppSettings &settings = m_settings;
    const QString id = m_provider.id;
    cs.clientId = settings.clientId(id);
    cs.redirectPort = settings.redirectPort(id);
    cs.scopes = settings.scopes(id);
    cs.objectTypes = settings.objectTypes(id);
    cs.useSandbox = settings.useSandbox(id);
    cs.sandboxUrl = settings.sandboxUrl(id);
    cs.extraProperties = settings.extraProperties(id);
    cs.hasStoredSecret = settings.hasClientSecret(id);
    cs.keepLocalCopy = settings.keepLocalCopy(id);
    if (!m_overrides.sandboxUrl.isEmpty()) { // what runs, not what is saved
        cs.useSandbox = true;
        cs.sandboxUrl = m_overrides.sandboxUrl;
        cs.demoModeForced = true;
    }
    return cs;
}

bool WindowConnection::applySettings(const ConnectionSettings &after)
{
    const ConnectionSettings before = settings();
    AppSettings &settings = m_settings;
    const QString id = m_provider.id;
    settings.setClientId(id, after.clientId);
    settings.setRedirectPort(id, after.redirectPort);
    settings.setScopes(id, after.scopes);
    settings.setObjectTypes(id, after.objectTypes);
    if (!after.demoModeForced) {
        settings.setUseSandbox(id, after.useSandbox);
        settings.setSandboxUrl(id, after.sandboxUrl);
    }
    settings.setExtraProperties(id, after.extraProperties);
    if (!after.clientSecret.isEmpty()) {
        QPointer<WindowConnection> self(this);
        m_core->saveClientSecret(after.clientSecret, [self](const Error &error) {
            if (self && error.isError())
                Q_EMIT self->warning(tr("The client secret could not be saved in the keychain."));
        });
    } else if (after.clearSecret) {
        m_core->forgetClientSecret();
    }
    settings.sync();
    if (after.keepLocalCopy != before.keepLocalCopy)
        m_core->setKeepLocalCopy(after.keepLocalCopy); // saved; the store moves to disk or memory
    return after.clientId != before.clientId || !after.clientSecret.isEmpty() ||
           after.clearSecret || after.redirectPort != before.redirectPort ||
           after.scopes != before.scopes || after.useSandbox != before.useSandbox ||
           after.sandboxUrl != before.sandboxUrl;
}

void WindowConnection::restore()
{
    m_core->restore();
}

void WindowConnection::rebuild(bool restore)
{
    if (m_core->reloadConfiguration() && restore)
        m_core->restore();
}

QString WindowConnection::stateText() const
{
    const AccountInfo a = account();
    switch (state()) {
    case State::NotConnected:
        return tr("Not connected");
    case State::Restoring:
        return tr("Checking the saved sign-in…");
    case State::Connecting:
        return tr("Signing in…");
    case State::Connected:
        return usesAccessToken() ? tr("Connected as %1 (access token)").arg(a.summary())
                                 : tr("Connected as %1").arg(a.summary());
    case State::ReconnectNeeded:
        return tr("Reconnect needed");
    }
    return {};
}

void WindowConnection::connectAccount(Connection::UrlOpener opener)
{
    m_tokenAttempt = false;
    m_core->connectAccount(std::move(opener));
}

void WindowConnection::connectWithAccessToken(const QByteArray &token)
{
    if (token.isEmpty())
        return;
    m_tokenAttempt = true;
    m_core->connectWithAccessToken(token);
}

void WindowConnection::disconnectAccount(LocalData localData)
{
    m_core->disconnectAccount(localData);
}

} // namespace desk
