#pragma once

// One provider connection's sign-in and tokens (OAuthSession). ui/ and the CLI
// use it; it knows a provider only through plain values (ProviderProfile,
// AccountLookup). Extend, do not break.

#include "auth/accesstokenprovider.h"
#include "auth/accountlookup.h"
#include "auth/providerprofile.h"
#include "common/accountinfo.h"
#include "common/error.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace desk {

class AppSettings;
class CredentialStore;

// One provider connection: sign-in (authorization code + PKCE, loopback
// redirect), token lifecycle (refresh ahead of expiry, one refresh on 401,
// rotation saved before the old token is dropped), identity and disconnect.
// Tokens are kept in the CredentialStore, never anywhere else.
class OAuthSession : public QObject, public AccessTokenProvider
{
    Q_OBJECT
public:
    enum class State
    {
        Disconnected,
        Restoring,
        Connecting,
        Connected,
        ReconnectNeeded
    };
    Q_ENUM(State)

    // How the authorization URL reaches the user: embedded browser (UI),
    // system browser or a printed line (CLI).
    using UrlOpener = std::function<void(const QUrl &authorizationUrl)>;

    // `lookup`: how to ask who signed in (ProviderSpec::account); without one
    // (or without profile.metadataUrl) the account is called "default".
    OAuthSession(AccountLookup lookup, ProviderProfile profile, CredentialStore &store,
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

    // --- extensions (issue 3) ---
    // Non-secret bookkeeping (current account id, token expiry, identity cache).
    // Without this call the session uses the user's AppSettings. Not owned.
    void setAppSettings(AppSettings *settings);
    // Where this session's secrets live: "hubspot", or "hubspot-sandbox" for the
    // sandbox. Keys are CredentialStore::key(storageNamespace(), accountId, kind) with
    // kind "refresh_token" / "access_token".
    QString storageNamespace() const;
    static QString storageNamespace(const ProviderProfile &profile);
    QString credentialKey(const QString &kind) const; // for the current account
    // Where a provider's OAuth client secret lives (real service only; the sandbox's
    // demo secret is public): key(providerId, "app", "client_secret"). Shared by the
    // CLI and the desktop app.
    static QString clientSecretKey(const QString &providerId);
    CredentialStore &credentialStore() const;
    int loginTimeout() const;
    bool isLoginInProgress() const;
    // The loopback port of the sign-in in progress (0 when none); with
    // profile().redirectPort == 0 an ephemeral port is used (tests only).
    quint16 redirectPort() const;
    // The last error seen by login, restore or refresh (empty when none).
    Error lastError() const;
    // A field the token endpoint sent that the profile keeps
    // (ProviderProfile::tokenResponseExtras); empty when it did not send it.
    QString tokenExtra(const QString &name) const;
    // The account's API base URL: the token response's own one
    // (ProviderProfile::apiBaseUrlExtra) when it sent one, else profile().apiBaseUrl.
    QUrl apiBaseUrl() const;

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

    // --- extensions (issue 3) ---
    // restore() is done; state() tells where it ended.
    void restoreFinished(desk::OAuthSession::State state);
    // The authorization URL is ready and was handed to the opener.
    void authorizationUrlOpened();
    // The loopback listener answered a request with an HTTP error and keeps waiting
    // (forged or stale callback, wrong path). No secrets in `reason`.
    void redirectRejected(int httpStatus, const QString &reason);
    // An access token was obtained with the refresh grant.
    void tokenRefreshed(const QDateTime &expiry);
    // disconnectAccount() finished: revokeError (best effort, informational) and
    // storeError (the keychain entries could not all be deleted) may be set.
    // Emitted right before disconnected().
    void disconnectFinished(const desk::Error &revokeError, const desk::Error &storeError);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace desk
