// WindowConnection: sign-in, credentials and loads of one integration for the window.
#include "windowconnection.h"

#include "auth/statictokenprovider.h"
#include "common/appsettings.h"
#include "credentials/credentialstore.h"
#include "net/apiclient.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcWinConn, "desk.ui.connection")

namespace desk {

WindowConnection::WindowConnection(const ProviderSpec &provider, CredentialStore &credentials,
                                   const Overrides &overrides, QObject *parent)
    : QObject(parent), m_provider(provider), m_credentials(credentials), m_overrides(overrides)
{}

WindowConnection::~WindowConnection()
{
    ++m_generation;
    m_client.reset();
}

ConnectionSettings WindowConnection::settings() const
{
    ConnectionSettings cs;
    AppSettings settings;
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
    AppSettings settings;
    const QString id = m_provider.id;
    settings.setClientId(id, after.clientId);
    settings.setRedirectPort(id, after.redirectPort);
    settings.setScopes(id, after.scopes);
    settings.setObjectTypes(id, after.objectTypes);
    if (!after.demoModeForced) {
        settings.setUseSandbox(id, after.useSandbox);
        settings.setSandboxUrl(id, after.sandboxUrl);
    }
    settings.setKeepLocalCopy(id, after.keepLocalCopy);
    settings.setExtraProperties(id, after.extraProperties);
    if (!after.clientSecret.isEmpty()) {
        m_freshClientSecret = after.clientSecret;
        QPointer<WindowConnection> self(this);
        m_credentials.write(
            clientSecretKey(), after.clientSecret.toUtf8(),
            [self](CredentialStore::Status status, const QString &detail) {
                if (!self || status == CredentialStore::Status::Ok)
                    return;
                qCWarning(lcWinConn) << "could not save the client secret:" << detail;
                Q_EMIT self->warning(tr("The client secret could not be saved in the keychain."));
            });
        settings.setHasClientSecret(id, true);
    } else if (after.clearSecret) {
        m_freshClientSecret.clear();
        m_credentials.remove(clientSecretKey(), [](CredentialStore::Status, const QString &) {});
        settings.setHasClientSecret(id, false);
    }
    settings.sync();
    return after.clientId != before.clientId || !after.clientSecret.isEmpty() ||
           after.clearSecret || after.redirectPort != before.redirectPort ||
           after.scopes != before.scopes || after.useSandbox != before.useSandbox ||
           after.sandboxUrl != before.sandboxUrl;
}

QString WindowConnection::clientSecretKey() const
{
    return CredentialStore::key(m_provider.id, QStringLiteral("app"),
                                QStringLiteral("client_secret"));
}

QString WindowConnection::accessTokenKey() const
{
    return StaticTokenProvider::storageKey(OAuthSession::storageNamespace(m_profile));
}

// The one rule of core/connection (defaults < settings < environment < the
// window's command line), the same the CLI resolves with.
ConnectionFlags WindowConnection::flags() const
{
    ConnectionFlags flags;
    if (!m_overrides.sandboxUrl.isEmpty())
        flags.sandboxUrl = m_overrides.sandboxUrl;
    if (m_overrides.redirectPort)
        flags.redirectPort = m_overrides.redirectPort;
    return flags;
}

void WindowConnection::rebuild(bool restore)
{
    const quint64 generation = ++m_generation;
    AppSettings settings;
    if (!m_freshClientSecret.isEmpty() || !settings.hasClientSecret(m_provider.id))
        return resolve(m_freshClientSecret.isEmpty() ? std::optional<QString>()
                                                     : std::optional<QString>(m_freshClientSecret),
                       restore);
    QPointer<WindowConnection> self(this);
    m_credentials.read(clientSecretKey(),
                       [self, generation, restore](CredentialStore::Status status,
                                                   const QByteArray &secret, const QString &) {
                           if (!self || generation != self->m_generation)
                               return;
                           self->resolve(status == CredentialStore::Status::Ok
                                             ? std::optional<QString>(QString::fromUtf8(secret))
                                             : std::optional<QString>(),
                                         restore);
                       });
}

void WindowConnection::resolve(const std::optional<QString> &storedSecret, bool restore)
{
    AppSettings settings;
    Result<ConnectionConfig> config =
        resolveConnectionConfig(m_provider, settings, systemEnvironment(), flags(), storedSecret);
    if (!config.ok()) {
        // An unusable environment value: say it, and run on the saved settings.
        Q_EMIT warning(config.error().message);
        config = resolveConnectionConfig(m_provider, settings, {}, flags(), storedSecret);
    }
    m_config = config.value();
    createSession(m_config.providerSettings(), restore);
}

void WindowConnection::createSession(const ProviderSettings &settings, bool restore)
{
    m_client.reset();
    m_session.reset();
    m_staticTokens.reset();
    m_profile = m_provider.profile(settings);
    m_session =
        std::make_unique<OAuthSession>(m_provider.account, m_profile, m_credentials, m_network);
    OAuthSession *session = m_session.get();
    connect(session, &OAuthSession::stateChanged, this, [this](OAuthSession::State state) {
        if (m_staticTokens)
            return;
        switch (state) {
        case OAuthSession::State::Disconnected:
            return setState(State::NotConnected);
        case OAuthSession::State::Restoring:
            return setState(State::Restoring);
        case OAuthSession::State::Connecting:
            return setState(State::Connecting);
        case OAuthSession::State::Connected:
            return setState(State::Connected, m_session->account());
        case OAuthSession::State::ReconnectNeeded:
            return setState(State::ReconnectNeeded, m_session->account());
        }
    });
    connect(session, &OAuthSession::connected, this, [this](const AccountInfo &account) {
        setState(State::Connected, account);
        Q_EMIT connected(account);
    });
    connect(session, &OAuthSession::loginFailed, this,
            [this](const Error &error) { Q_EMIT failed(error, false); });
    connect(session, &OAuthSession::disconnected, this, [this] {
        if (!m_staticTokens)
            setState(State::NotConnected);
    });
    connect(session, &OAuthSession::warning, this, &WindowConnection::warning);
    setState(State::NotConnected);
    if (restore)
        tryRestoreAccessToken();
}

void WindowConnection::restore()
{
    rebuild(true);
}

void WindowConnection::tryRestoreAccessToken()
{
    // A saved access token wins; otherwise the OAuth session restores itself.
    QPointer<WindowConnection> self(this);
    const quint64 generation = m_generation;
    setState(State::Restoring);
    m_credentials.read(accessTokenKey(),
                       [self, generation](CredentialStore::Status status, const QByteArray &token,
                                          const QString &) {
                           if (!self || generation != self->m_generation || !self->m_session)
                               return;
                           if (status == CredentialStore::Status::Ok && !token.isEmpty())
                               self->connectWithAccessToken(token);
                           else
                               self->m_session->restore();
                       });
}

void WindowConnection::setState(State state, const AccountInfo &account)
{
    if (state == State::Connected || state == State::ReconnectNeeded) {
        if (account.isValid())
            m_account = account;
    } else if (state == State::NotConnected) {
        m_account = {};
    }
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString WindowConnection::stateText() const
{
    switch (m_state) {
    case State::NotConnected:
        return tr("Not connected");
    case State::Restoring:
        return tr("Checking the saved sign-in…");
    case State::Connecting:
        return tr("Signing in…");
    case State::Connected:
        return m_staticTokens ? tr("Connected as %1 (access token)").arg(m_account.summary())
                              : tr("Connected as %1").arg(m_account.summary());
    case State::ReconnectNeeded:
        return tr("Reconnect needed");
    }
    return {};
}

void WindowConnection::connectAccount(OAuthSession::UrlOpener opener)
{
    if (m_session)
        m_session->connectAccount(std::move(opener));
}

void WindowConnection::cancelLogin()
{
    if (m_session && m_session->state() == OAuthSession::State::Connecting)
        m_session->cancelLogin();
}

void WindowConnection::connectWithAccessToken(const QByteArray &token)
{
    if (token.isEmpty())
        return;
    const quint64 generation = m_generation;
    QPointer<WindowConnection> self(this);
    setState(State::Connecting);
    m_provider.fetchAccount(
        m_network, m_profile, token, [self, generation, token](const Result<AccountInfo> &result) {
            if (!self || generation != self->m_generation)
                return;
            if (!result.ok()) {
                self->setState(State::NotConnected);
                Q_EMIT self->failed(result.error(), true);
                return;
            }
            self->m_staticTokens =
                std::make_unique<StaticTokenProvider>(token, self->m_provider.displayName);
            self->m_credentials.write(self->accessTokenKey(), token,
                                      [self](CredentialStore::Status status, const QString &) {
                                          if (self && status != CredentialStore::Status::Ok)
                                              Q_EMIT self->warning(
                                                  tr("The access token could not be saved in the "
                                                     "keychain; you will have to enter it again "
                                                     "next time."));
                                      });
            self->setState(State::Connected, result.value());
            Q_EMIT self->connected(result.value());
        });
}

void WindowConnection::disconnectAccount()
{
    m_client.reset();
    if (m_staticTokens) {
        m_staticTokens.reset();
        m_credentials.remove(accessTokenKey(), [](CredentialStore::Status, const QString &) {});
    } else if (m_session) {
        m_session->disconnectAccount();
    }
    setState(State::NotConnected);
}

ItemLoader *WindowConnection::createLoader(QObject *parent)
{
    AccessTokenProvider *tokens =
        m_staticTokens ? m_staticTokens.get() : static_cast<AccessTokenProvider *>(m_session.get());
    if (!tokens || m_state != State::Connected)
        return nullptr;
    m_client = std::make_unique<ApiClient>(m_network, *tokens);
    m_client->setBaseUrl(m_profile.apiBaseUrl);
    return m_provider.createLoader(*m_client, m_profile, parent);
}

LoadRequest WindowConnection::loadRequest() const
{
    LoadRequest request;
    request.objectTypes = m_config.objectTypes.value;
    request.extraProperties = m_config.extraProperties.value;
    request.accountId = m_account.accountId;
    return request;
}

} // namespace desk
