#pragma once

// WindowConnection: one integration's sign-in and loads for the window —
// its configuration (core/connection's one resolver), the OAuth
// session or a pasted access token, restore / connect / disconnect, and the
// ApiClient and loader of a load. It keeps to the shape of the shared
// desk::Connection (core/connection) so the window moves onto that without
// changing its wiring.

#include "auth/oauthsession.h"
#include "auth/providerprofile.h"
#include "common/accountinfo.h"
#include "common/error.h"
#include "connection/connectionconfig.h"
#include "providers/itemloader.h"
#include "providers/providerspec.h"
#include "settingsdialog.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <memory>

namespace desk {

class ApiClient;
class CredentialStore;

class WindowConnection : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        NotConnected,
        Restoring,
        Connecting,
        Connected,
        ReconnectNeeded
    };
    Q_ENUM(State)

    struct Overrides
    {
        QUrl sandboxUrl;          // non-empty: demo mode against this sandbox
        quint16 redirectPort = 0; // non-zero: overrides the configured port
    };

    WindowConnection(const ProviderSpec &provider, CredentialStore &credentials,
                     const Overrides &overrides, QObject *parent = nullptr);
    ~WindowConnection() override;

    const ProviderSpec &provider() const { return m_provider; }
    ProviderProfile profile() const { return m_profile; }
    State state() const { return m_state; }
    AccountInfo account() const { return m_account; }
    bool usesAccessToken() const { return m_staticTokens != nullptr; }
    bool isSandbox() const { return m_profile.isSandbox; }
    bool canSignIn() const { return m_profile.isSandbox || !m_profile.clientId.isEmpty(); }
    OAuthSession *session() const { return m_session.get(); }
    QString stateText() const; // "Connected as …", "Reconnect needed"

    // Settings as saved, with demo mode shown as it runs (a --sandbox run shows
    // "Use sandbox" and its URL).
    ConnectionSettings settings() const;
    // Saves (the secret to the keychain); true when sign-in is affected.
    bool applySettings(const ConnectionSettings &settings);

    void restore();
    void connectAccount(OAuthSession::UrlOpener opener);
    void cancelLogin();
    void connectWithAccessToken(const QByteArray &token);
    void disconnectAccount();
    void rebuild(bool restore); // after settings changed

    // A new loader on a fresh client (the caller owns it); nullptr when not connected.
    ItemLoader *createLoader(QObject *parent);
    LoadRequest loadRequest() const;

Q_SIGNALS:
    void stateChanged(desk::WindowConnection::State state);
    void connected(const desk::AccountInfo &account);
    void failed(const desk::Error &error, bool accessToken); // sign-in or token refused
    void warning(const QString &message);

private:
    void setState(State state, const AccountInfo &account = {});
    ConnectionFlags flags() const;
    void resolve(const std::optional<QString> &storedSecret, bool restore);
    void createSession(const ProviderSettings &settings, bool restore);
    void tryRestoreAccessToken();
    QString clientSecretKey() const;
    QString accessTokenKey() const;

    const ProviderSpec &m_provider;
    CredentialStore &m_credentials;
    Overrides m_overrides;
    QNetworkAccessManager m_network;
    ConnectionConfig m_config; // as last resolved
    ProviderProfile m_profile;
    std::unique_ptr<OAuthSession> m_session;
    std::unique_ptr<AccessTokenProvider> m_staticTokens;
    std::unique_ptr<ApiClient> m_client;
    State m_state = State::NotConnected;
    AccountInfo m_account;
    quint64 m_generation = 0;
    QString m_freshClientSecret; // just typed in Settings, while the keychain write is in flight
};

} // namespace desk
