// Connection: configuration, the one credentials holder and its state.
// The local copy: connectionstore.cpp; loads and children: connectionloads.cpp.
#include "connection/connection_p.h"

#include "common/appsettings.h"
#include "credentials/credentialstorefactory.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcConnection, "desk.core.connection", QtInfoMsg)
} // namespace

void TokenRelay::refreshAccessToken(std::function<void(const Error &)> done)
{
    if (!target) {
        done(Error(Error::Kind::ReconnectNeeded, Connection::tr("Not connected."),
                   QStringLiteral("no credentials")));
        return;
    }
    target->refreshAccessToken(std::move(done));
}

Connection::Private::Private(Connection *q, const ProviderSpec &spec,
                             const ConnectionServices &services, const ConnectionFlags &flags)
    : q(q)
    , spec(spec)
    , settings(*services.settings)
    , environment(services.environment)
    , flags(flags)
    , credentials(*services.credentials)
{
    if (services.network) {
        network = services.network;
    } else {
        ownNetwork = std::make_unique<QNetworkAccessManager>();
        network = ownNetwork.get();
    }
    credentials.setFallbackHandler(
        [this](const QString &) { warn(CredentialStoreFactory::fallbackWarning()); });
}

void Connection::Private::warn(const QString &message)
{
    if (message.isEmpty() || warned.contains(message))
        return;
    warned.insert(message);
    Q_EMIT q->warning(message);
}

void Connection::Private::resolve()
{
    Result<ConnectionConfig> resolved =
        resolveConnectionConfig(spec, settings, environment, flags, storedSecret);
    if (!resolved) {
        configError = resolved.error();
        ConnectionConfig fallback;
        fallback.providerId = spec.id;
        config = fallback;
        profile = spec.profile(ProviderSettings());
        qCWarning(lcConnection).noquote() << "configuration unusable:" << configError.message;
        return;
    }
    configError = {};
    config = std::move(resolved).value();
    profile = spec.profile(config.providerSettings());
}

bool Connection::Private::needsStoredSecret() const
{
    return !secretRead && !config.usesSandbox() && !config.clientId.value.isEmpty() &&
           config.clientSecret.source == ConfigSource::Default;
}

void Connection::Private::prepare(std::function<void()> then)
{
    if (!needsStoredSecret()) {
        if (!session)
            buildSession();
        then();
        return;
    }
    afterPrepare.append(std::move(then));
    if (secretReading)
        return;
    secretReading = true;
    QPointer<Connection> self(q);
    credentials.read(
        OAuthSession::clientSecretKey(spec.id),
        [self](CredentialStore::Status status, const QByteArray &secret, const QString &) {
            if (!self)
                return;
            Private &d = *self->d;
            d.secretReading = false;
            d.secretRead = true;
            if (status == CredentialStore::Status::Ok)
                d.storedSecret = QString::fromUtf8(secret);
            d.resolve();
            d.buildSession();
            const auto waiting = std::exchange(d.afterPrepare, {});
            for (const auto &run : waiting)
                run();
        });
}

void Connection::Private::buildSession()
{
    ++generation;
    dropLoader();
    session.reset();
    if (kind == CredentialKind::OAuth)
        kind = CredentialKind::None;
    if (kind == CredentialKind::None)
        relay.target = nullptr;
    session = std::make_unique<OAuthSession>(spec.account, profile, credentials, *network);
    session->setAppSettings(&settings);
    session->setLoginTimeout(signInTimeout);
    connectSession();
}

void Connection::Private::connectSession()
{
    OAuthSession *s = session.get();
    QObject::connect(s, &OAuthSession::stateChanged, q,
                     [this](OAuthSession::State st) { onSessionState(st); });
    QObject::connect(s, &OAuthSession::connected, q, [this](const AccountInfo &account) {
        staticToken.reset();
        kind = CredentialKind::OAuth;
        relay.target = session.get();
        lastError = {};
        openStoreFor(account.accountId);
        setState(State::Connected);
        Q_EMIT q->connected(account);
    });
    QObject::connect(s, &OAuthSession::loginFailed, q, [this](const Error &error) {
        lastError = error;
        Q_EMIT q->signInFailed(error);
    });
    QObject::connect(s, &OAuthSession::warning, q, [this](const QString &m) { warn(m); });
    QObject::connect(s, &OAuthSession::authorizationUrlOpened, q,
                     &Connection::authorizationUrlOpened);
    QObject::connect(s, &OAuthSession::redirectRejected, q, &Connection::redirectRejected);
}

void Connection::Private::setState(State next)
{
    if (state == next)
        return;
    state = next;
    qCInfo(lcConnection) << spec.id << "state" << int(next);
    Q_EMIT q->stateChanged(next);
}

void Connection::Private::onSessionState(OAuthSession::State sessionState)
{
    if (kind == CredentialKind::AccessToken)
        return; // the static token's state is the connection's own
    switch (sessionState) {
    case OAuthSession::State::Disconnected:
        setState(State::Disconnected);
        break;
    case OAuthSession::State::Restoring:
        setState(State::Restoring);
        break;
    case OAuthSession::State::Connecting:
        setState(State::Connecting);
        break;
    case OAuthSession::State::Connected:
        kind = CredentialKind::OAuth;
        relay.target = session.get();
        setState(State::Connected);
        break;
    case OAuthSession::State::ReconnectNeeded:
        setState(State::ReconnectNeeded);
        break;
    }
}

bool Connection::Private::busy() const
{
    return loading || state == State::Connecting || state == State::Restoring ||
           (session && session->isLoginInProgress());
}

// ---- static tokens ------------------------------------------------------------

void Connection::Private::useStaticToken(const QByteArray &token, const AccountInfo &account,
                                         bool remember)
{
    staticToken = std::make_unique<StaticTokenProvider>(token, spec.displayName);
    kind = CredentialKind::AccessToken;
    relay.target = staticToken.get();
    tokenAccount = account;
    lastError = {};
    if (remember) {
        QPointer<Connection> self(q);
        StaticTokenProvider::save(
            credentials, OAuthSession::storageNamespace(profile), token,
            [self](CredentialStore::Status status, const QString &) {
                if (self && status != CredentialStore::Status::Ok)
                    self->d->warn(
                        Connection::tr("The access token could not be saved in the keychain; "
                                       "you will have to enter it again next time."));
            });
    }
    openStoreFor(account.accountId);
    setState(State::Connected);
    Q_EMIT q->connected(account);
}

void Connection::Private::finishTokenCheck(quint64 gen, const QByteArray &token,
                                           const AccessTokenOptions &options,
                                           const Result<AccountInfo> &account)
{
    if (gen != generation)
        return;
    if (account.ok()) {
        useStaticToken(token, account.value(), options.remember);
        return;
    }
    const Error &error = account.error();
    const bool noLookup = error.kind == Error::Kind::Configuration;
    if (noLookup || !options.requireAccount) {
        // No way to ask (or the caller does without): like an OAuth session
        // without a lookup, the account is "default" when one is required.
        AccountInfo unknown;
        if (options.requireAccount)
            unknown.accountId = QStringLiteral("default");
        else
            qCInfo(lcConnection).noquote() << "account unknown:" << error.detail;
        useStaticToken(token, unknown, options.remember);
        return;
    }
    lastError = error;
    setState(error.kind == Error::Kind::Unauthorized ? State::ReconnectNeeded
                                                     : State::Disconnected);
    Q_EMIT q->signInFailed(error);
}

void Connection::Private::restoreOAuth()
{
    QPointer<Connection> self(q);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(session.get(), &OAuthSession::restoreFinished, q,
                                   [self, connection](OAuthSession::State) {
                                       QObject::disconnect(*connection);
                                       if (!self)
                                           return;
                                       Private &d = *self->d;
                                       if (d.session->state() == OAuthSession::State::Connected) {
                                           d.kind = CredentialKind::OAuth;
                                           d.relay.target = d.session.get();
                                           d.openStoreFor(d.session->account().accountId);
                                       }
                                       d.lastError = d.session->lastError();
                                       d.onSessionState(d.session->state());
                                       Q_EMIT self->restoreFinished(d.state);
                                   });
    session->restore();
}

void Connection::Private::dropCredentials()
{
    ++generation;
    staticToken.reset();
    tokenAccount = {};
    kind = CredentialKind::None;
    relay.target = nullptr;
}

// ---- Connection ---------------------------------------------------------------

Connection::Connection(const ProviderSpec &spec, const ConnectionServices &services,
                       const ConnectionFlags &flags, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, spec, services, flags))
{
    Q_ASSERT(services.settings && services.credentials);
    d->resolve();
}

Connection::~Connection()
{
    d->generation += 1;
    d->dropLoader();
    d->closeStore();
    d->session.reset();
}

const ProviderSpec &Connection::spec() const
{
    return d->spec;
}

const ConnectionConfig &Connection::config() const
{
    return d->config;
}

Error Connection::configError() const
{
    return d->configError;
}

ProviderProfile Connection::profile() const
{
    return d->profile;
}

bool Connection::isSandbox() const
{
    return d->profile.isSandbox;
}

QString Connection::credentialNamespace() const
{
    return OAuthSession::storageNamespace(d->profile);
}

bool Connection::setFlags(const ConnectionFlags &flags)
{
    d->flags = flags;
    return reloadConfiguration();
}

bool Connection::reloadConfiguration()
{
    if (d->busy() || d->state == State::Connected)
        return false;
    d->secretRead = false;
    d->storedSecret.reset();
    d->resolve();
    d->session.reset();
    d->dropLoader();
    d->closeStore();
    d->dropCredentials();
    d->setState(State::Disconnected);
    return true;
}

void Connection::saveClientSecret(const QString &secret, std::function<void(const Error &)> done)
{
    d->storedSecret = secret;
    d->secretRead = true;
    d->settings.setHasClientSecret(d->spec.id, true);
    d->settings.sync();
    if (d->state != State::Connected && !d->busy()) {
        d->resolve();
        d->session.reset();
    }
    QPointer<Connection> self(this);
    d->credentials.write(OAuthSession::clientSecretKey(d->spec.id), secret.toUtf8(),
                         [self, done](CredentialStore::Status status, const QString &detail) {
                             Error error;
                             if (status != CredentialStore::Status::Ok)
                                 error = Error(Error::Kind::Keychain,
                                               tr("The client secret could not be saved in the "
                                                  "keychain."),
                                               detail);
                             if (self && done)
                                 done(error);
                         });
}

void Connection::forgetClientSecret()
{
    d->storedSecret.reset();
    d->secretRead = true;
    d->settings.setHasClientSecret(d->spec.id, false);
    d->settings.sync();
    d->credentials.remove(OAuthSession::clientSecretKey(d->spec.id),
                          [](CredentialStore::Status, const QString &) {});
    if (d->state != State::Connected && !d->busy()) {
        d->resolve();
        d->session.reset();
    }
}

Connection::State Connection::state() const
{
    return d->state;
}

Connection::CredentialKind Connection::credentialKind() const
{
    return d->kind;
}

AccountInfo Connection::account() const
{
    if (d->kind == CredentialKind::AccessToken)
        return d->tokenAccount;
    return d->session ? d->session->account() : AccountInfo();
}

QDateTime Connection::accessTokenExpiry() const
{
    if (d->kind == CredentialKind::AccessToken || !d->session)
        return {};
    return d->session->accessTokenExpiry();
}

bool Connection::credentialsPersistent() const
{
    return d->credentials.persistent();
}

Error Connection::lastError() const
{
    return d->lastError;
}

bool Connection::isSignInInProgress() const
{
    return d->session && d->session->isLoginInProgress();
}

quint16 Connection::signInPort() const
{
    return d->session ? d->session->redirectPort() : 0;
}

void Connection::setSignInTimeout(int milliseconds)
{
    d->signInTimeout = milliseconds;
    if (d->session)
        d->session->setLoginTimeout(milliseconds);
}

void Connection::restore()
{
    if (d->busy())
        return;
    if (d->configError) {
        d->lastError = d->configError;
        QTimer::singleShot(0, this, [this] { Q_EMIT restoreFinished(d->state); });
        return;
    }
    d->setState(State::Restoring);
    openLocalCopy(); // the last data at once, before the network answers
    d->prepare([this] {
        const quint64 gen = ++d->generation;
        QPointer<Connection> self(this);
        StaticTokenProvider::load(
            d->credentials, credentialNamespace(),
            [self, gen](CredentialStore::Status status, const QByteArray &token, const QString &) {
                if (!self || gen != self->d->generation)
                    return;
                if (status != CredentialStore::Status::Ok || token.isEmpty()) {
                    self->d->restoreOAuth();
                    return;
                }
                // A remembered access token wins over an OAuth session.
                auto once = std::make_shared<QMetaObject::Connection>();
                auto done = [self, once](Connection::State) {
                    QObject::disconnect(*once);
                    if (self)
                        Q_EMIT self->restoreFinished(self->d->state);
                };
                *once = QObject::connect(self.data(), &Connection::stateChanged, self.data(),
                                         [self, done](Connection::State st) {
                                             if (st != State::Connecting && st != State::Restoring)
                                                 done(st);
                                         });
                self->connectWithAccessToken(token, AccessTokenOptions{false, {}, true});
            });
    });
}

void Connection::connectAccount(UrlOpener opener)
{
    if (d->configError) {
        d->lastError = d->configError;
        QTimer::singleShot(0, this, [this] { Q_EMIT signInFailed(d->configError); });
        return;
    }
    if (d->loading || isSignInInProgress())
        return;
    d->prepare([this, opener] {
        if (!d->profile.isSandbox && d->profile.clientId.isEmpty()) {
            const Error error(
                Error::Kind::Configuration,
                tr("No client id for %1: enter your app's client ID in Settings, "
                   "or set %2.")
                    .arg(d->spec.displayName, environmentVariable(d->spec.id, "CLIENT_ID")));
            d->lastError = error;
            Q_EMIT signInFailed(error);
            return;
        }
        d->session->connectAccount(opener);
    });
}

void Connection::connectWithAccessToken(const QByteArray &token, const AccessTokenOptions &options)
{
    if (token.isEmpty() || d->loading)
        return;
    d->prepare([this, token, options] {
        const quint64 gen = ++d->generation;
        d->setState(State::Connecting);
        if (!options.accountId.isEmpty()) {
            AccountInfo known;
            known.accountId = options.accountId;
            QTimer::singleShot(0, this, [this, gen, token, options, known] {
                d->finishTokenCheck(gen, token, options, known);
            });
            return;
        }
        QPointer<Connection> self(this);
        d->spec.fetchAccount(*d->network, d->profile, token,
                             [self, gen, token, options](const Result<AccountInfo> &account) {
                                 if (self)
                                     self->d->finishTokenCheck(gen, token, options, account);
                             });
    });
}

void Connection::cancelSignIn()
{
    if (d->session && d->session->isLoginInProgress())
        d->session->cancelLogin();
}

void Connection::disconnectAccount(LocalData localData)
{
    cancel();
    cancelSignIn();
    d->dropLoader();
    if (localData == LocalData::Forget)
        forgetLocalData();
    d->closeStore();
    if (d->kind == CredentialKind::AccessToken) {
        d->dropCredentials();
        QPointer<Connection> self(this);
        StaticTokenProvider::remove(d->credentials, credentialNamespace(),
                                    [self](CredentialStore::Status status, const QString &detail) {
                                        if (!self)
                                            return;
                                        Error storeError;
                                        if (status != CredentialStore::Status::Ok &&
                                            status != CredentialStore::Status::NotFound)
                                            storeError = Error(
                                                Error::Kind::Keychain,
                                                tr("The access token could not be deleted from the "
                                                   "keychain."),
                                                detail);
                                        self->d->setState(State::Disconnected);
                                        Q_EMIT self->disconnectFinished({}, storeError);
                                        Q_EMIT self->disconnected();
                                    });
        return;
    }
    d->dropCredentials();
    if (!d->session)
        d->buildSession();
    QPointer<Connection> self(this);
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = QObject::connect(d->session.get(), &OAuthSession::disconnectFinished, this,
                             [self, once](const Error &revokeError, const Error &storeError) {
                                 QObject::disconnect(*once);
                                 if (!self)
                                     return;
                                 self->d->setState(State::Disconnected);
                                 Q_EMIT self->disconnectFinished(revokeError, storeError);
                                 Q_EMIT self->disconnected();
                             });
    // A stored access token of the namespace goes too (it would win the next restore).
    StaticTokenProvider::remove(d->credentials, credentialNamespace(),
                                [](CredentialStore::Status, const QString &) {});
    d->session->disconnectAccount();
}

} // namespace desk
