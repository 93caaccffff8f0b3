#pragma once

#include "auth/oauthsession.h"
#include "common/appsettings.h"
#include "common/error.h"
#include "credentials/credentialstore.h"
#include "providers/providerspec.h"

#include <QCommandLineParser>
#include <QNetworkAccessManager>
#include <QStringList>
#include <QTextStream>
#include <memory>

namespace desk::cli {

// Exit codes shared by every command (docs/cli.md).
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,     // the operation failed (network, provider, keychain...)
    ExitUsage = 2,       // bad command line / configuration
    ExitNotSignedIn = 3, // no stored sign-in (status, load)
    ExitReconnect = 4,   // stored sign-in no longer valid: run login again
    ExitDeclined = 5,    // the user declined on the consent page (access_denied)
    ExitTimeout = 6,     // no sign-in within --timeout
    ExitPortBusy = 7,    // the redirect port is taken
    ExitCancelled = 130, // interrupted (SIGINT)
};

// Maps an Error to the exit code above.
int exitCodeFor(const Error &error);

// Everything a command needs to talk to one provider: options parsed, the provider
// and its profile (sandbox or real, client id/secret from options, environment or
// saved settings), the credential store (keychain or memory fallback with a
// warning on stderr) and an OAuthSession. Used by login/status/logout and load.
class CliContext
{
public:
    explicit CliContext(QString commandName);
    ~CliContext();

    // Adds the shared options (--provider, --sandbox, --client-id, --client-secret,
    // --no-sandbox, --redirect-port, --timeout, --no-browser) to `parser`.
    static void addCommonOptions(QCommandLineParser &parser);

    // Reads the options (after parser.process/parse), picks the provider, the
    // profile and the store. On failure prints a one-line reason and returns the
    // exit code; 0 on success.
    int setUp(const QCommandLineParser &parser);

    // OAuthSession::restore() run to the end (after setUp()). Returns the state.
    OAuthSession::State restoreSession();
    // restoreSession(), then: ExitOk when signed in; otherwise prints a one-line
    // reason ("not signed in: run integrations-cli login ...") and returns
    // ExitNotSignedIn or ExitReconnect. For commands that need an account (load).
    int requireSignedIn();

    const ProviderSpec &provider() const { return *m_provider; }
    const ProviderProfile &profile() const { return m_profile; }
    ProviderSettings providerSettings() const { return m_providerSettings; }
    CredentialStore &store() { return *m_store; }
    QNetworkAccessManager &network() { return m_network; }
    AppSettings &settings() { return *m_settings; }
    OAuthSession &session() { return *m_session; }
    bool noBrowser() const { return m_noBrowser; }
    int timeoutMs() const { return m_timeoutMs; }
    bool usingSandbox() const { return m_profile.isSandbox; }
    // True when the client secret came from the command line / environment and
    // should be saved to the keychain after a successful login.
    bool clientSecretIsNew() const { return m_secretFromOptions; }

    // One-line messages. stderr for diagnostics, stdout for results.
    void error(const QString &line);
    void info(const QString &line);
    void out(const QString &line);

    // Runs the event loop until `done()` returns true or `timeoutMs` passed.
    static bool waitFor(const std::function<bool()> &done, int timeoutMs);

    static QString clientSecretKey(const QString &provider);

private:
    QString m_command;
    const ProviderSpec *m_provider = nullptr;
    ProviderSettings m_providerSettings;
    ProviderProfile m_profile;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
    QNetworkAccessManager m_network;
    std::unique_ptr<OAuthSession> m_session;
    bool m_noBrowser = false;
    bool m_secretFromOptions = false;
    int m_timeoutMs = 5 * 60 * 1000;
};

} // namespace desk::cli
