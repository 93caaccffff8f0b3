#pragma once

// CONTRACT (issue 3 implements; ui/ and the CLI use it). Extend, do not break.

#include "auth/accesstokenprovider.h"
#include "auth/accountinfo.h"
#include "auth/providerprofile.h"
#include "common/error.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace desk {

class CredentialStore;
class Provider;

// One provider connection: sign-in (authorization code + PKCE, loopback
// redirect), token lifecycle (refresh ahead of expiry, one refresh on 401,
// rotation saved before the old token is dropped), identity and disconnect.
// Tokens are kept in the CredentialStore, never anywhere else.
class OAuthSession : public QObject, public AccessTokenProvider
{
    Q_OBJECT
public:
    enum class State { Disconnected, Restoring, Connecting, Connected, ReconnectNeeded };
    Q_ENUM(State)

    // How the authorization URL reaches the user: embedded browser (UI),
    // system browser or a printed line (CLI).
    using UrlOpener = std::function<void(const QUrl &authorizationUrl)>;

    OAuthSession(const Provider &provider, ProviderProfile profile, CredentialStore &store,
                 QNetworkAccessManager &network, QObject *parent = nullptr);
    ~OAuthSession() override;

    State state() const;
    AccountInfo account() const;
    const ProviderProfile &profile() const;
    QDateTime accessTokenExpiry() const;

    // Loads saved credentials; ends in Connected, ReconnectNeeded or Disconnected.
    void restore();
    // Starts sign-in; ends with connected() or loginFailed(). Timeout default 5 min.
    void connectAccount(UrlOpener opener);
    void setLoginTimeout(int milliseconds);
    // Aborts a sign-in in progress (loginFailed with kind Cancelled).
    void cancelLogin();
    // Revokes at the provider (best effort) and deletes stored credentials.
    void disconnectAccount();

    // AccessTokenProvider
    QByteArray bearerToken() const override;
    bool tokenNeedsRefresh() const override;
    void refreshAccessToken(std::function<void(const Error &)> done) override;

Q_SIGNALS:
    void stateChanged(desk::OAuthSession::State state);
    void connected(const desk::AccountInfo &account);
    void loginFailed(const desk::Error &error);
    void disconnected();
    // Non-fatal problems the user should see (e.g. "credentials will not persist").
    void warning(const QString &message);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace desk
