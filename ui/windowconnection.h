#pragma once

// WindowConnection: one integration's sign-in and loads for the window —
// its configuration (core/connection's one resolver), the OAuth
// session or a pasted access token, restore / connect / disconnect — the
// window's face of desk::Connection (core/connection), which owns the client,
// the loads and the account's local copy.

#include "auth/providerprofile.h"
#include "common/accountinfo.h"
#include "common/appsettings.h"
#include "common/error.h"
#include "connection/connection.h"
#include "connection/connectionconfig.h"
#include "providers/providerspec.h"
#include "settingsdialog.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <memory>

namespace desk {

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
    Connection &core() const { return *m_core; } // loads, the store, children
    ProviderProfile profile() const { return m_core->profile(); }
    State state() const;
    AccountInfo account() const { return m_core->account(); }
    bool usesAccessToken() const
    {
        return m_core->credentialKind() == Connection::CredentialKind::AccessToken;
    }
    bool isSandbox() const { return m_core->isSandbox(); }
    bool canSignIn() const { return isSandbox() || !profile().clientId.isEmpty(); }
    QString stateText() const; // "Connected as …", "Reconnect needed"

    // Settings as saved, with demo mode shown as it runs (a --sandbox run shows
    // "Use sandbox" and its URL).
    ConnectionSettings settings() const;
    // Saves (the secret to the keychain); true when sign-in is affected.
    bool applySettings(const ConnectionSettings &settings);

    void restore();
    void connectAccount(Connection::UrlOpener opener);
    void cancelLogin() { m_core->cancelSignIn(); }
    void connectWithAccessToken(const QByteArray &token);
    void disconnectAccount(LocalData localData = LocalData::Keep);
    void rebuild(bool restore); // after settings changed

Q_SIGNALS:
    void stateChanged(desk::WindowConnection::State state);
    void connected(const desk::AccountInfo &account);
    void failed(const desk::Error &error, bool accessToken); // sign-in or token refused
    void warning(const QString &message);

private:
    const ProviderSpec &m_provider;
    AppSettings m_settings;
    QNetworkAccessManager m_network;
    Overrides m_overrides;
    std::unique_ptr<Connection> m_core;
    bool m_tokenAttempt = false; // the sign-in under way checks an access token
};

} // namespace desk
