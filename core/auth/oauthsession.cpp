#include "auth/oauthsession.h"

#include "auth/accountlookup.h"
#include "auth/loopbackreplyhandler.h"
#include "auth/pkce.h"
#include "auth/tokenresponse.h"
#include "common/appsettings.h"
#include "credentials/credentialstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QOAuth2AuthorizationCodeFlow>
#include <QPointer>
#include <QTimer>
#include <QVector>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcAuth, "desk.core.auth")

constexpr int DefaultLoginTimeoutMs = 5 * 60 * 1000;
constexpr int TokenRequestTimeoutMs = 30000;
constexpr int RevokeTimeoutMs = 10000;
const QString RefreshKind = QStringLiteral("refresh_token");
const QString AccessKind = QStringLiteral("access_token");

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::OAuthSession", text);
}

const char *stateName(OAuthSession::State s)
{
    switch (s) {
    case OAuthSession::State::Disconnected:
        return "disconnected";
    case OAuthSession::State::Restoring:
        return "restoring";
    case OAuthSession::State::Connecting:
        return "connecting";
    case OAuthSession::State::Connected:
        return "connected";
    case OAuthSession::State::ReconnectNeeded:
        return "reconnect-needed";
    }
    return "?";
}

Error storeError(CredentialStore::Status status, const QString &detail)
{
    QString message;
    switch (status) {
    case CredentialStore::Status::NoBackend:
        message = tr("No system keychain is available to keep your sign-in.");
        break;
    case CredentialStore::Status::AccessDenied:
        message = tr("Access to the system keychain was denied.");
        break;
    default:
        message = tr("The system keychain reported an error.");
        break;
    }
    return Error(Error::Kind::Keychain, message, QStringLiteral("credential store: ") + detail);
}
} // namespace

class OAuthSession::Private
{
public:
    Private(OAuthSession *q, AccountLookup lookup, ProviderProfile profile, CredentialStore &store,
            QNetworkAccessManager &network)
        : q(q)
        , lookup(std::move(lookup))
        , profile(std::move(profile))
        , store(store)
        , network(network)
    {
        refreshTimer.setSingleShot(true);
        loginTimer.setSingleShot(true);
    }

    OAuthSession *q;
    AccountLookup lookup;
    ProviderProfile profile;
    CredentialStore &store;
    QNetworkAccessManager &network;
    AppSettings *settings = nullptr;
    std::unique_ptr<AppSettings> ownSettings;

    State state = State::Disconnected;
    AccountInfo account;
    QByteArray accessToken;
    QByteArray refreshToken;
    QDateTime expiry;
    qint64 lifetime = -1;
    QHash<QString, QString> extras; // ProviderProfile::tokenResponseExtras, never secrets
    Error lastError;
    quint64 generation = 0; // bumped by disconnect: late results of older work are dropped

    // Sign-in in progress.
    std::unique_ptr<QOAuth2AuthorizationCodeFlow> flow;
    QPointer<LoopbackReplyHandler> handler;
    QByteArray verifier;
    QString loginState;
    QUrl authorizationUrl;
    QPointer<QNetworkReply> loginReply;
    QTimer loginTimer;
    int loginTimeoutMs = DefaultLoginTimeoutMs;
    State stateBeforeLogin = State::Disconnected;
    quint64 loginId = 0;
    bool loginActive = false;

    // Refresh.
    QVector<std::function<void(const Error &)>> refreshWaiters;
    QPointer<QNetworkReply> refreshReply;
    // From the refresh request until its tokens are saved and applied: a rotated
    // refresh token must not be used again while the new pair is being written.
    bool refreshInFlight = false;
    QTimer refreshTimer;
    int refreshRetries = 0;

    AppSettings &appSettings()
    {
        if (!settings) {
            ownSettings = std::make_unique<AppSettings>();
            settings = ownSettings.get();
        }
        return *settings;
    }
    QString ns() const { return OAuthSession::storageNamespace(profile); }
    QString key(const QString &accountId, const QString &kind) const
    {
        return CredentialStore::key(ns(), accountId, kind);
    }

    void setState(State s)
    {
        if (state == s)
            return;
        qCInfo(lcAuth) << "session" << ns() << "state" << stateName(state) << "->" << stateName(s);
        state = s;
        Q_EMIT q->stateChanged(s);
    }

    // ---- token endpoint -------------------------------------------------
    QNetworkReply *postToken(const OAuthParams::Parameters &grantParams);
    Result<TokenResponse> parseTokens(const QByteArray &body) const
    {
        return parseTokenResponse(body, profile.expiresInRequired, profile.tokenResponseExtras);
    }
    Error tokenError(QNetworkReply *reply, const QByteArray &body, bool refreshing) const;

    // ---- sign-in --------------------------------------------------------
    void startLogin(UrlOpener opener);
    // One credential as the store answered for it.
    struct StoredToken
    {
        CredentialStore::Status status;
        QByteArray value;
        QString detail;
    };
    void restoreFrom(const QString &accountId, const StoredToken &refresh,
                     const StoredToken &access);
    void failLoginSoon(const Error &error);
    void onRedirectError(const QString &error, const QString &description);
    Error listenForRedirect();
    QUrl prepareAuthorizationUrl();
    void finishLogin(const Error &error);
    void exchangeCode(const QString &code);
    void onLoginTokens(const TokenResponse &tokens, const QByteArray &body);
    void endLoginMachinery();

    // ---- storage ---------------------------------------------------------
    // Writes the refresh token (when there is one) and then the access token.
    // The refresh token goes first so a rotated one is never lost.
    void saveTokens(const QString &accountId, const TokenResponse &tokens,
                    std::function<void(const Error &)> done);
    void applyTokens(const TokenResponse &tokens);
    void persistMeta();

    // ---- refresh ---------------------------------------------------------
    void startRefresh();
    void onRefreshReply(QNetworkReply *reply, const QByteArray &usedRefreshToken);
    void saveRefreshed(const TokenResponse &tokens, const QByteArray &usedRefreshToken);
    void finishRefresh(const Error &error);
    void scheduleRefresh();
    void onRefreshTimer();

    // ---- restore ---------------------------------------------------------
    void finishRestore(State s);

    // ---- disconnect -------------------------------------------------------
    // Stops a refresh in flight; its waiters hear "signed out".
    void dropRefresh();
    void revoke(const QByteArray &token, bool isRefreshToken,
                std::function<void(const Error &)> done);
};

// =========================================================================

OAuthSession::OAuthSession(AccountLookup lookup, ProviderProfile profile, CredentialStore &store,
                           QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(lookup), std::move(profile), store, network))
{
    qRegisterMetaType<desk::Error>();
    qRegisterMetaType<desk::AccountInfo>();
    connect(&d->refreshTimer, &QTimer::timeout, this, [this] { d->onRefreshTimer(); });
    connect(&d->loginTimer, &QTimer::timeout, this, [this] {
        const int minutes = qMax(1, d->loginTimeoutMs / 60000);
        d->finishLogin(
            Error(Error::Kind::Timeout,
                  d->loginTimeoutMs >= 60000
                      ? QCoreApplication::translate("desk::OAuthSession",
                                                    "Sign-in timed out after %n minute(s).",
                                                    nullptr, minutes)
                      : tr("Sign-in timed out."),
                  QStringLiteral("no valid redirect within %1 ms").arg(d->loginTimeoutMs)));
    });
}

OAuthSession::~OAuthSession()
{
    d->loginActive = false;
    ++d->generation;
    // No callback may run while we are being destroyed.
    for (QNetworkReply *reply : {d->loginReply.data(), d->refreshReply.data()}) {
        if (!reply)
            continue;
        // Not abort(): an error already queued by the network thread would then be
        // reported a second time (Qt 6.4 warns). Deleting the reply ends its request.
        reply->disconnect(this);
        reply->deleteLater();
    }
    if (d->handler)
        d->handler->close();
}

OAuthSession::State OAuthSession::state() const
{
    return d->state;
}
AccountInfo OAuthSession::account() const
{
    return d->account;
}
QString OAuthSession::tokenExtra(const QString &name) const
{
    return d->extras.value(name);
}

QUrl OAuthSession::apiBaseUrl() const
{
    if (!d->profile.apiBaseUrlExtra.isEmpty()) {
        const QUrl own(d->extras.value(d->profile.apiBaseUrlExtra));
        if (own.isValid() && !own.host().isEmpty() &&
            (own.scheme() == QLatin1String("https") || own.scheme() == QLatin1String("http")))
            return own;
    }
    return d->profile.apiBaseUrl;
}

const ProviderProfile &OAuthSession::profile() const
{
    return d->profile;
}
QDateTime OAuthSession::accessTokenExpiry() const
{
    return d->expiry;
}
void OAuthSession::setLoginTimeout(int milliseconds)
{
    d->loginTimeoutMs = qMax(1, milliseconds);
}
int OAuthSession::loginTimeout() const
{
    return d->loginTimeoutMs;
}
bool OAuthSession::isLoginInProgress() const
{
    return d->loginActive;
}
quint16 OAuthSession::redirectPort() const
{
    return d->handler ? d->handler->port() : 0;
}
Error OAuthSession::lastError() const
{
    return d->lastError;
}
void OAuthSession::setAppSettings(AppSettings *settings)
{
    d->settings = settings;
}
CredentialStore &OAuthSession::credentialStore() const
{
    return d->store;
}
QString OAuthSession::storageNamespace() const
{
    return d->ns();
}

QString OAuthSession::storageNamespace(const ProviderProfile &profile)
{
    return profile.isSandbox ? profile.id + QStringLiteral("-sandbox") : profile.id;
}

QString OAuthSession::clientSecretKey(const QString &providerId)
{
    return CredentialStore::key(providerId, QStringLiteral("app"), QStringLiteral("client_secret"));
}

QString OAuthSession::credentialKey(const QString &kind) const
{
    return d->key(d->account.accountId, kind);
}

QByteArray OAuthSession::bearerToken() const
{
    return d->state == State::Connected ||
                   (d->state == State::Connecting && !d->accessToken.isEmpty())
               ? d->accessToken
               : QByteArray();
}

bool OAuthSession::tokenNeedsRefresh() const
{
    if (d->accessToken.isEmpty())
        return !d->refreshToken.isEmpty();
    return TokenTiming::needsRefresh(d->expiry, d->lifetime, QDateTime::currentDateTimeUtc());
}

// ---- token endpoint -----------------------------------------------------

QNetworkReply *OAuthSession::Private::postToken(const OAuthParams::Parameters &grantParams)
{
    QNetworkRequest request(profile.tokenUrl);
    request.setTransferTimeout(TokenRequestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    OAuthParams::Parameters params = grantParams;
    QByteArray body;
    using Style = ProviderProfile::TokenRequestStyle;
    if (profile.tokenRequestStyle == Style::FormBody) {
        params << qMakePair(QStringLiteral("client_id"), profile.clientId);
        if (!profile.clientSecret.isEmpty())
            params << qMakePair(QStringLiteral("client_secret"), profile.clientSecret);
    } else if (!profile.clientSecret.isEmpty()) {
        // RFC 6749 §2.3.1: form-urlencode id and secret, then Basic.
        const QByteArray credentials = QUrl::toPercentEncoding(profile.clientId) + ':' +
                                       QUrl::toPercentEncoding(profile.clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    } else {
        params << qMakePair(QStringLiteral("client_id"), profile.clientId);
    }
    if (profile.tokenRequestStyle == Style::JsonBasicAuth) {
        QJsonObject o;
        for (const auto &p : qAsConst(params))
            o.insert(p.first, p.second);
        body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    } else {
        body = OAuthParams::encode(params);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
    }
    return network.post(request, body);
}

Error OAuthSession::Private::tokenError(QNetworkReply *reply, const QByteArray &body,
                                        bool refreshing) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString who = profile.displayName.isEmpty() ? profile.id : profile.displayName;
    if (status == 0) {
        const auto e = reply->error();
        const QString detail =
            QStringLiteral("token endpoint unreachable: network error %1").arg(int(e));
        if (e == QNetworkReply::TimeoutError || e == QNetworkReply::OperationCanceledError)
            return Error(Error::Kind::Timeout, tr("%1 did not answer in time.").arg(who), detail);
        return Error(Error::Kind::Network,
                     tr("Could not reach %1. Check your network connection.").arg(who), detail);
    }
    const OAuthErrorBody oauth =
        profile.readTokenError ? profile.readTokenError(body) : parseOAuthError(body);
    const QString detail =
        QStringLiteral("token endpoint HTTP %1 %2").arg(status).arg(oauth.code());
    if (status >= 500)
        return Error(
            Error::Kind::Service,
            tr("%1 is having trouble right now (HTTP %2). Try again later.").arg(who).arg(status),
            detail, status);
    if (status == 429)
        return Error(Error::Kind::RateLimited,
                     tr("%1 is asking to slow down. Try again in a minute.").arg(who), detail,
                     status);
    if (status >= 200 && status < 300)
        return Error(Error::Kind::BadResponse, tr("The sign-in service sent an unexpected answer."),
                     detail, status);
    if (oauth.isInvalidClient())
        return Error(Error::Kind::Configuration,
                     tr("%1 rejected the app's client id or client secret.").arg(who), detail,
                     status);
    if (refreshing && (oauth.isInvalidGrant() || status == 400 || status == 401))
        return Error(Error::Kind::ReconnectNeeded,
                     tr("Your %1 sign-in is no longer valid. Sign in again.").arg(who), detail,
                     status);
    const QString text = oauth.text();
    return Error(Error::Kind::Provider,
                 text.isEmpty() ? tr("%1 refused the sign-in (HTTP %2).").arg(who).arg(status)
                                : tr("%1 refused the sign-in: %2").arg(who, text),
                 detail, status);
}

// ---- sign-in ------------------------------------------------------------

void OAuthSession::connectAccount(UrlOpener opener)
{
    if (d->loginActive)
        d->finishLogin(Error(Error::Kind::Cancelled, tr("Sign-in was restarted."),
                             QStringLiteral("superseded by a new sign-in")));
    d->startLogin(std::move(opener));
}

void OAuthSession::Private::failLoginSoon(const Error &error)
{
    // Reported from the event loop, so callers see connectAccount() return first;
    // a newer sign-in started meanwhile is not failed by this one's error.
    const quint64 id = loginId;
    QTimer::singleShot(0, q, [self = QPointer<OAuthSession>(q), error, id] {
        if (self && self->d->loginId == id && self->d->loginActive)
            self->d->finishLogin(error);
    });
}

void OAuthSession::Private::onRedirectError(const QString &error, const QString &description)
{
    const QString who = profile.displayName;
    if (error == QLatin1String("access_denied")) {
        finishLogin(Error(Error::Kind::AccessDenied, tr("Access to %1 was declined.").arg(who),
                          QStringLiteral("redirect error access_denied")));
        return;
    }
    finishLogin(Error(Error::Kind::Provider,
                      description.isEmpty() ? tr("%1 reported an error: %2").arg(who, error)
                                            : tr("%1 reported an error: %2").arg(who, description),
                      QStringLiteral("redirect error %1").arg(error.left(64))));
}

Error OAuthSession::Private::listenForRedirect()
{
    handler = new LoopbackReplyHandler(
        profile.redirectPort,
        profile.redirectPath.isEmpty() ? QStringLiteral("/callback") : profile.redirectPath, q);
    if (const Error listenError = handler->listen())
        return listenError;
    handler->setExpectedState(loginState);
    QObject::connect(handler, &LoopbackReplyHandler::authorizationCodeReceived, q,
                     [this](const QString &code) { exchangeCode(code); });
    QObject::connect(handler, &LoopbackReplyHandler::authorizationErrorReceived, q,
                     [this](const QString &error, const QString &description) {
                         onRedirectError(error, description);
                     });
    QObject::connect(handler, &LoopbackReplyHandler::requestRejected, q,
                     &OAuthSession::redirectRejected);
    return {};
}

QUrl OAuthSession::Private::prepareAuthorizationUrl()
{
    // The flow builds the authorization request; PKCE and our state are added
    // through the parameter hook (Qt 6.4 has no native PKCE).
    flow = std::make_unique<QOAuth2AuthorizationCodeFlow>(&network);
    flow->setAuthorizationUrl(profile.authorizeUrl);
    flow->setAccessTokenUrl(profile.tokenUrl);
    flow->setClientIdentifier(profile.clientId);
    flow->setScope(profile.scopes.join(QLatin1Char(' ')));
    flow->setReplyHandler(handler);
    flow->setState(loginState);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Qt >= 6.8 adds PKCE itself, but keeps its verifier private; the token request
    // is made here (strict parsing, error mapping), so PKCE stays ours.
    flow->setPkceMethod(QOAuth2AuthorizationCodeFlow::PkceMethod::None);
#endif
    const QByteArray challenge = Pkce::challengeS256(verifier);
    OAuthParams::Parameters authParams;
    flow->setModifyParametersFunction(
        [this, challenge, &authParams](QAbstractOAuth::Stage stage,
                                       QMultiMap<QString, QVariant> *p) {
            if (stage != QAbstractOAuth::Stage::RequestingAuthorization)
                return;
            p->replace(QStringLiteral("state"), loginState);
            p->replace(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
            p->replace(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
            for (const auto &extra : profile.extraAuthorizeParameters)
                p->replace(extra.first, extra.second);
            if (!profile.optionalScopes.isEmpty())
                p->replace(QStringLiteral("optional_scope"),
                           profile.optionalScopes.join(QLatin1Char(' ')));
            if (profile.scopes.isEmpty())
                p->remove(QStringLiteral("scope"));
            // Keep the final parameter set; the URL is encoded strictly below
            // (QUrlQuery leaves '+' unescaped, which servers read as a space).
            authParams.clear();
            for (auto it = p->cbegin(); it != p->cend(); ++it)
                authParams << qMakePair(it.key(), it.value().toString());
        });
    QUrl url;
    QObject::connect(flow.get(), &QAbstractOAuth::authorizeWithBrowser, q, [&](const QUrl &) {
        url = OAuthParams::withQuery(profile.authorizeUrl, authParams);
    });
    flow->grant();
    flow->setModifyParametersFunction({});
    QObject::disconnect(flow.get(), &QAbstractOAuth::authorizeWithBrowser, q, nullptr);
    return url;
}

void OAuthSession::Private::startLogin(UrlOpener opener)
{
    lastError = {};
    if (profile.clientId.isEmpty() || !profile.authorizeUrl.isValid() ||
        !profile.tokenUrl.isValid() || profile.authorizeUrl.isEmpty() ||
        profile.tokenUrl.isEmpty()) {
        const Error e(Error::Kind::Configuration,
                      tr("%1 is not configured: a client id is missing.").arg(profile.displayName),
                      QStringLiteral("profile lacks client id, authorize or token URL"));
        lastError = e;
        QTimer::singleShot(0, q, [self = QPointer<OAuthSession>(q), e] {
            if (self)
                Q_EMIT self->loginFailed(e);
        });
        return;
    }

    stateBeforeLogin =
        (state == State::Connecting || state == State::Restoring) ? State::Disconnected : state;
    ++loginId;
    loginActive = true;

    verifier = Pkce::generateVerifier(64);
    loginState = OAuthParams::generateState(32);
    if (const Error listenError = listenForRedirect()) {
        qCWarning(lcAuth) << "sign-in not started:" << listenError.detail;
        failLoginSoon(listenError);
        return;
    }
    authorizationUrl = prepareAuthorizationUrl();
    if (authorizationUrl.isEmpty()) {
        failLoginSoon(Error(Error::Kind::Configuration, tr("Could not prepare the sign-in."),
                            QStringLiteral("authorization URL was not produced")));
        return;
    }

    setState(State::Connecting);
    loginTimer.start(loginTimeoutMs);
    qCInfo(lcAuth) << "sign-in started for" << ns() << "redirect" << handler->callback()
                   << "timeout" << loginTimeoutMs << "ms";
    if (opener)
        opener(authorizationUrl);
    Q_EMIT q->authorizationUrlOpened();
}

void OAuthSession::cancelLogin()
{
    if (!d->loginActive)
        return;
    d->finishLogin(Error(Error::Kind::Cancelled, tr("Sign-in was cancelled."),
                         QStringLiteral("cancelled by the user")));
}

void OAuthSession::Private::endLoginMachinery()
{
    loginTimer.stop();
    if (handler) {
        handler->close();
        handler->deleteLater();
        handler = nullptr;
    }
    if (loginReply) {
        QNetworkReply *reply = loginReply;
        loginReply = nullptr;
        reply->disconnect(q);
        reply->deleteLater();
    }
    if (flow) {
        flow->setReplyHandler(nullptr);
        flow.release()->deleteLater();
    }
    verifier.fill('\0');
    verifier.clear();
    loginState.clear();
    authorizationUrl.clear();
}

void OAuthSession::Private::finishLogin(const Error &error)
{
    if (!loginActive)
        return;
    loginActive = false;
    endLoginMachinery();
    if (error) {
        lastError = error;
        qCWarning(lcAuth) << "sign-in failed:" << Error::kindName(error.kind) << error.detail;
        if (state == State::Connecting)
            setState(stateBeforeLogin);
        Q_EMIT q->loginFailed(error);
        return;
    }
    setState(State::Connected);
    qCInfo(lcAuth) << "signed in to" << ns() << "account" << account.accountId;
    if (!store.persistent())
        Q_EMIT q->warning(tr("No system keychain is available, so your sign-in is kept in memory "
                             "only: you will have to sign in again after a restart."));
    Q_EMIT q->connected(account);
}

void OAuthSession::Private::exchangeCode(const QString &code)
{
    if (!loginActive)
        return;
    qCInfo(lcAuth) << "exchanging the authorization code at the token endpoint";
    OAuthParams::Parameters params{
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
        {QStringLiteral("code"), code},
        {QStringLiteral("redirect_uri"),
         handler ? handler->callback() : profile.redirectUri().toString()},
        {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)},
    };
    QNetworkReply *reply = postToken(params);
    loginReply = reply;
    const quint64 id = loginId;
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply, id] {
        reply->deleteLater();
        if (id != loginId || !loginActive)
            return;
        loginReply = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status != 200) {
            finishLogin(tokenError(reply, body, false));
            return;
        }
        auto parsed = parseTokens(body);
        if (!parsed) {
            finishLogin(parsed.error());
            return;
        }
        onLoginTokens(parsed.value(), body);
    });
}

namespace {
// The token endpoint's answer without its secrets, for AccountLookup::fromTokenResponse.
QJsonObject withoutTokens(const QByteArray &body)
{
    QJsonObject object = QJsonDocument::fromJson(body).object();
    for (const char *secret : {"access_token", "refresh_token", "id_token"})
        object.remove(QLatin1String(secret));
    return object;
}
} // namespace

void OAuthSession::Private::onLoginTokens(const TokenResponse &tokens, const QByteArray &body)
{
    const quint64 id = loginId;
    auto withAccount = [this, tokens, id](const Result<AccountInfo> &result) {
        if (id != loginId || !loginActive)
            return;
        if (!result) {
            finishLogin(result.error());
            return;
        }
        AccountInfo info = result.value();
        if (info.scopes.isEmpty())
            info.scopes = tokens.scopes;
        const QString previous = appSettings().currentAccount(ns());
        saveTokens(info.accountId, tokens, [this, tokens, info, previous, id](const Error &e) {
            if (id != loginId || !loginActive)
                return;
            if (e) {
                finishLogin(e);
                return;
            }
            // Another account was signed in before: its entries go.
            if (!previous.isEmpty() && previous != info.accountId) {
                for (const QString &kind : {RefreshKind, AccessKind})
                    store.remove(key(previous, kind),
                                 [](CredentialStore::Status, const QString &) {});
            }
            account = info;
            refreshToken = tokens.refreshToken;
            applyTokens(tokens);
            persistMeta();
            finishLogin({});
        });
    };
    std::optional<AccountInfo> fromTokens;
    if (lookup.fromTokenResponse)
        fromTokens = lookup.fromTokenResponse(withoutTokens(body));
    if (fromTokens && (profile.metadataUrl.isEmpty() || !lookup.isValid())) {
        withAccount(*fromTokens);
        return;
    }
    if (fromTokens) {
        // The lookup still says who signed in (the user, the account's name); if
        // it cannot be read, the account the token response named is enough
        // for a sign-in. A token the lookup refuses is refused, though.
        lookUpAccount(network, profile, tokens.accessToken, lookup,
                      [withAccount, fallback = *fromTokens](const Result<AccountInfo> &result) {
                          if (result || result.error().kind == Error::Kind::Unauthorized) {
                              withAccount(result);
                              return;
                          }
                          qCInfo(lcAuth) << "account lookup failed, using the token response's:"
                                         << result.error().detail;
                          withAccount(fallback);
                      });
        return;
    }
    if (profile.metadataUrl.isEmpty() || !lookup.isValid()) {
        AccountInfo info;
        info.accountId = QStringLiteral("default");
        info.scopes = tokens.scopes;
        withAccount(info);
        return;
    }
    lookUpAccount(network, profile, tokens.accessToken, lookup, withAccount);
}

// ---- storage --------------------------------------------------------------

void OAuthSession::Private::saveTokens(const QString &accountId, const TokenResponse &tokens,
                                       std::function<void(const Error &)> done)
{
    QPointer<OAuthSession> self(q);
    const QString accessKey = key(accountId, AccessKind);
    auto writeAccess = [this, self, accessKey, tokens, done](const Error &previous) {
        if (!self)
            return;
        if (previous) {
            done(previous);
            return;
        }
        store.write(accessKey, tokens.accessToken,
                    [self, done](CredentialStore::Status status, const QString &detail) {
                        if (!self)
                            return;
                        done(status == CredentialStore::Status::Ok ? Error()
                                                                   : storeError(status, detail));
                    });
    };
    if (tokens.refreshToken.isEmpty()) {
        writeAccess({});
        return;
    }
    store.write(key(accountId, RefreshKind), tokens.refreshToken,
                [writeAccess](CredentialStore::Status status, const QString &detail) {
                    writeAccess(status == CredentialStore::Status::Ok ? Error()
                                                                      : storeError(status, detail));
                });
}

void OAuthSession::Private::applyTokens(const TokenResponse &tokens)
{
    accessToken = tokens.accessToken;
    if (!tokens.refreshToken.isEmpty())
        refreshToken = tokens.refreshToken;
    lifetime = tokens.expiresIn;
    for (auto it = tokens.extras.cbegin(); it != tokens.extras.cend(); ++it)
        extras.insert(it.key(), it.value());
    expiry = tokens.expiresIn > 0 ? QDateTime::currentDateTimeUtc().addSecs(tokens.expiresIn)
                                  : QDateTime();
    refreshRetries = 0;
    scheduleRefresh();
}

void OAuthSession::Private::persistMeta()
{
    AppSettings &s = appSettings();
    s.setAccountInfo(ns(), account);
    s.setAccessTokenExpiry(ns(), expiry, lifetime);
    s.setAccountExtras(ns(), extras);
    s.setReconnectNeeded(ns(), false);
    s.sync();
}

// ---- refresh ------------------------------------------------------------

void OAuthSession::refreshAccessToken(std::function<void(const Error &)> done)
{
    d->refreshWaiters.append(std::move(done));
    if (d->refreshReply || d->refreshInFlight) {
        qCDebug(lcAuth) << "refresh already running; request merged";
        return;
    }
    d->startRefresh();
}

void OAuthSession::Private::startRefresh()
{
    if (state == State::ReconnectNeeded || refreshToken.isEmpty()) {
        const Error e(
            Error::Kind::ReconnectNeeded,
            tr("Your %1 sign-in is no longer valid. Sign in again.").arg(profile.displayName),
            refreshToken.isEmpty() ? QStringLiteral("no refresh token")
                                   : QStringLiteral("credentials marked unusable"));
        QTimer::singleShot(0, q, [self = QPointer<OAuthSession>(q), e] {
            if (self)
                self->d->finishRefresh(e);
        });
        return;
    }
    qCInfo(lcAuth) << "refreshing the access token for" << ns();
    refreshInFlight = true;
    const QByteArray usedRefreshToken = refreshToken;
    QNetworkReply *reply = postToken({
        {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
        {QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken)},
    });
    refreshReply = reply;
    const quint64 gen = generation;
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply, gen, usedRefreshToken] {
        reply->deleteLater();
        if (refreshReply == reply)
            refreshReply = nullptr;
        if (gen != generation)
            return; // disconnected meanwhile
        onRefreshReply(reply, usedRefreshToken);
    });
}

void OAuthSession::Private::onRefreshReply(QNetworkReply *reply, const QByteArray &usedRefreshToken)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status != 200) {
        const Error e = tokenError(reply, body, true);
        if (e.kind == Error::Kind::ReconnectNeeded) {
            if (refreshToken != usedRefreshToken) {
                // A login replaced the tokens meanwhile; not our business.
                finishRefresh({});
                return;
            }
            // Unusable, but kept: the user sees "reconnect" and decides.
            appSettings().setReconnectNeeded(ns(), true);
            appSettings().sync();
            accessToken.clear();
            refreshTimer.stop();
            setState(State::ReconnectNeeded);
        }
        finishRefresh(e);
        return;
    }
    auto parsed = parseTokens(body);
    if (!parsed) {
        finishRefresh(parsed.error());
        return;
    }
    if (refreshToken != usedRefreshToken) {
        // A new sign-in replaced the tokens meanwhile: keep those.
        finishRefresh({});
        return;
    }
    saveRefreshed(parsed.value(), usedRefreshToken);
}

void OAuthSession::Private::saveRefreshed(const TokenResponse &tokens,
                                          const QByteArray &usedRefreshToken)
{
    const quint64 gen = generation;
    const bool rotated = !tokens.refreshToken.isEmpty() && tokens.refreshToken != usedRefreshToken;
    // Rotated refresh token: write it before dropping the old one.
    TokenResponse toSave = tokens;
    if (!rotated)
        toSave.refreshToken.clear();
    saveTokens(account.accountId, toSave, [this, tokens, rotated, gen](const Error &e) {
        if (gen != generation)
            return;
        if (e) {
            qCWarning(lcAuth) << "refreshed tokens could not be saved:" << e.detail;
            Q_EMIT q->warning(tr("Your sign-in could not be saved to the keychain; you may "
                                 "have to sign in again after a restart."));
        } else if (rotated)
            qCInfo(lcAuth) << "refresh token rotated; the new one was saved first";
        applyTokens(tokens);
        persistMeta();
        if (state != State::Connected && state != State::Connecting)
            setState(State::Connected);
        Q_EMIT q->tokenRefreshed(expiry);
        finishRefresh({});
    });
}

void OAuthSession::Private::finishRefresh(const Error &error)
{
    refreshInFlight = false;
    if (error) {
        lastError = error;
        qCWarning(lcAuth) << "refresh failed:" << Error::kindName(error.kind) << error.detail;
        if (error.kind != Error::Kind::ReconnectNeeded && state == State::Connected) {
            // Transient: the stored credentials stay; try again a little later.
            const int delay = qMin(600, 15 << qMin(refreshRetries, 5));
            ++refreshRetries;
            refreshTimer.start(delay * 1000);
        }
    } else {
        qCInfo(lcAuth) << "access token refreshed; expires" << expiry.toString(Qt::ISODate);
    }
    const auto waiters = std::move(refreshWaiters);
    refreshWaiters.clear();
    for (const auto &w : waiters)
        if (w)
            w(error);
}

void OAuthSession::Private::scheduleRefresh()
{
    refreshTimer.stop();
    if (!expiry.isValid() || refreshToken.isEmpty())
        return;
    const QDateTime at = TokenTiming::refreshAt(expiry, lifetime);
    const qint64 ms =
        qBound(qint64(0), QDateTime::currentDateTimeUtc().msecsTo(at), qint64(24) * 3600 * 1000);
    refreshTimer.start(int(ms));
}

void OAuthSession::Private::onRefreshTimer()
{
    if (state != State::Connected || refreshReply || refreshInFlight)
        return;
    q->refreshAccessToken([](const Error &) {});
}

// ---- restore ------------------------------------------------------------

void OAuthSession::restore()
{
    if (d->loginActive || d->state == State::Restoring)
        return;
    d->lastError = {};
    d->setState(State::Restoring);
    AppSettings &s = d->appSettings();
    const QString ns = d->ns();
    const QString accountId = s.currentAccount(ns);
    if (accountId.isEmpty()) {
        qCInfo(lcAuth) << "nothing to restore for" << ns;
        QTimer::singleShot(0, this, [self = QPointer<OAuthSession>(this)] {
            if (self)
                self->d->finishRestore(State::Disconnected);
        });
        return;
    }
    const quint64 gen = d->generation;
    QPointer<OAuthSession> self(this);
    d->store.read(d->key(accountId, RefreshKind), [self, gen, accountId](CredentialStore::Status rs,
                                                                         const QByteArray &refresh,
                                                                         const QString &rdetail) {
        if (!self || gen != self->d->generation)
            return;
        self->d->store.read(
            self->d->key(accountId, AccessKind),
            [self, gen, accountId, rs, refresh,
             rdetail](CredentialStore::Status as, const QByteArray &access, const QString &) {
                if (!self || gen != self->d->generation)
                    return;
                self->d->restoreFrom(accountId, {rs, refresh, rdetail}, {as, access, {}});
            });
    });
}

void OAuthSession::Private::restoreFrom(const QString &accountId, const StoredToken &refresh,
                                        const StoredToken &access)
{
    if (refresh.status != CredentialStore::Status::Ok &&
        refresh.status != CredentialStore::Status::NotFound) {
        lastError = storeError(refresh.status, refresh.detail);
        Q_EMIT q->warning(lastError.message);
        finishRestore(State::Disconnected);
        return;
    }
    AppSettings &s = appSettings();
    account = s.accountInfo(ns());
    refreshToken = refresh.status == CredentialStore::Status::Ok ? refresh.value : QByteArray();
    accessToken = access.status == CredentialStore::Status::Ok ? access.value : QByteArray();
    expiry = s.accessTokenExpiry(ns());
    lifetime = s.accessTokenLifetime(ns());
    if (refreshToken.isEmpty() && accessToken.isEmpty()) {
        qCInfo(lcAuth) << "no stored credentials for" << ns() << "account" << accountId;
        account = {};
        finishRestore(State::Disconnected);
        return;
    }
    if (s.reconnectNeeded(ns())) {
        accessToken.clear();
        finishRestore(State::ReconnectNeeded);
        return;
    }
    if (!accessToken.isEmpty() &&
        !TokenTiming::needsRefresh(expiry, lifetime, QDateTime::currentDateTimeUtc())) {
        scheduleRefresh();
        finishRestore(State::Connected);
        return;
    }
    if (refreshToken.isEmpty()) {
        accessToken.clear();
        finishRestore(State::ReconnectNeeded);
        return;
    }
    // Expired or about to: refresh now. A transient failure still restores the
    // (working) credentials.
    const quint64 gen = generation;
    q->refreshAccessToken([self = QPointer<OAuthSession>(q), gen](const Error &e) {
        if (!self || gen != self->d->generation)
            return;
        if (e.kind == Error::Kind::ReconnectNeeded) {
            self->d->finishRestore(State::ReconnectNeeded);
            return;
        }
        if (e) {
            // Transient: keep the credentials, try again later.
            Q_EMIT self->warning(e.message);
            self->d->refreshTimer.start(30000);
        }
        self->d->finishRestore(State::Connected);
    });
}

void OAuthSession::Private::finishRestore(State s)
{
    if (s != State::Disconnected)
        extras = appSettings().accountExtras(ns());
    if (state == State::Restoring || state == s || s == State::ReconnectNeeded)
        setState(s);
    qCInfo(lcAuth) << "restore of" << ns() << "ended:" << stateName(state);
    Q_EMIT q->restoreFinished(state);
}

// ---- disconnect -----------------------------------------------------------

void OAuthSession::disconnectAccount()
{
    if (d->loginActive)
        cancelLogin();
    ++d->generation;
    d->dropRefresh();

    AppSettings &s = d->appSettings();
    const QString ns = d->ns();
    const QString accountId =
        d->account.accountId.isEmpty() ? s.currentAccount(ns) : d->account.accountId;
    const QByteArray tokenToRevoke = d->refreshToken.isEmpty() ? d->accessToken : d->refreshToken;
    const bool revokingRefresh = !d->refreshToken.isEmpty();

    d->accessToken.fill('\0');
    d->accessToken.clear();
    d->refreshToken.fill('\0');
    d->refreshToken.clear();
    d->expiry = {};
    d->lifetime = -1;
    d->account = {};
    d->extras.clear();
    s.clearAccount(ns);
    s.sync();
    d->setState(State::Disconnected);
    qCInfo(lcAuth) << "disconnecting" << ns << "account" << accountId;

    struct Pending
    {
        int left = 0;
        Error revokeError;
        Error storeError;
    };
    auto pending = std::make_shared<Pending>();
    QPointer<OAuthSession> self(this);
    auto oneDone = [self, pending] {
        if (--pending->left > 0 || !self)
            return;
        if (pending->revokeError)
            Q_EMIT self->warning(pending->revokeError.message);
        if (pending->storeError)
            Q_EMIT self->warning(pending->storeError.message);
        Q_EMIT self->disconnectFinished(pending->revokeError, pending->storeError);
        Q_EMIT self->disconnected();
    };

    // Keychain entries.
    if (!accountId.isEmpty()) {
        for (const QString &kind : {RefreshKind, AccessKind}) {
            ++pending->left;
            d->store.remove(
                d->key(accountId, kind),
                [pending, oneDone](CredentialStore::Status status, const QString &detail) {
                    if (status != CredentialStore::Status::Ok &&
                        status != CredentialStore::Status::NotFound)
                        pending->storeError = storeError(status, detail);
                    oneDone();
                });
        }
    }

    // Revocation at the provider: best effort, bounded, never blocks the sign-out.
    ++pending->left;
    d->revoke(tokenToRevoke, revokingRefresh, [pending, oneDone](const Error &error) {
        pending->revokeError = error;
        oneDone();
    });
}

void OAuthSession::Private::dropRefresh()
{
    if (refreshReply) {
        QNetworkReply *reply = refreshReply;
        refreshReply = nullptr;
        reply->disconnect(q);
        reply->deleteLater();
    }
    refreshTimer.stop();
    refreshInFlight = false;
    const auto waiters = std::move(refreshWaiters);
    refreshWaiters.clear();
    const Error cancelled(Error::Kind::ReconnectNeeded, tr("Signed out."),
                          QStringLiteral("disconnected"));
    for (const auto &w : waiters)
        if (w)
            w(cancelled);
}

void OAuthSession::Private::revoke(const QByteArray &token, bool isRefreshToken,
                                   std::function<void(const Error &)> done)
{
    if (token.isEmpty() || profile.revokeUrl.isEmpty()) {
        QTimer::singleShot(0, q, [done] { done({}); });
        return;
    }
    QNetworkRequest request(profile.revokeUrl);
    request.setTransferTimeout(RevokeTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    OAuthParams::Parameters params{
        {QStringLiteral("token"), QString::fromUtf8(token)},
        {QStringLiteral("token_type_hint"),
         isRefreshToken ? QStringLiteral("refresh_token") : QStringLiteral("access_token")},
    };
    if (profile.revokeStyle == ProviderProfile::RevokeStyle::FormBasicAuth &&
        !profile.clientSecret.isEmpty()) {
        const QByteArray credentials = QUrl::toPercentEncoding(profile.clientId) + ':' +
                                       QUrl::toPercentEncoding(profile.clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    } else {
        params << qMakePair(QStringLiteral("client_id"), profile.clientId);
        if (!profile.clientSecret.isEmpty())
            params << qMakePair(QStringLiteral("client_secret"), profile.clientSecret);
    }
    QNetworkReply *reply = network.post(request, OAuthParams::encode(params));
    const QString who = profile.displayName;
    QObject::connect(reply, &QNetworkReply::finished, q, [reply, done, who] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            qCInfo(lcAuth) << "token revoked at the provider";
            done({});
            return;
        }
        const Error error(
            status == 0 ? Error::Kind::Network : Error::Kind::Provider,
            tr("Could not revoke access at %1; the local sign-in was removed anyway.").arg(who),
            QStringLiteral("revoke: HTTP %1, network error %2")
                .arg(status)
                .arg(int(reply->error())),
            status);
        qCWarning(lcAuth) << "revocation failed (ignored):" << error.detail;
        done(error);
    });
}

} // namespace desk
