#pragma once

// What every integrations-cli command shares: exit codes, the common options
// and how they become the command-line layer of the connection
// (ConnectionFlags), and CliContext, which makes the one Connection a command
// talks through and waits for it. See docs/cli.md.

#include "common/appsettings.h"
#include "common/error.h"
#include "common/result.h"
#include "connection/connection.h"
#include "credentials/credentialstore.h"
#include "providers/providerspec.h"

#include <QCommandLineParser>
#include <QStringList>
#include <functional>
#include <memory>

namespace desk::cli {

// Exit codes shared by every command (docs/cli.md).
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,     // the operation failed (network, provider, keychain...)
    ExitUsage = 2,       // bad command line / configuration
    ExitNotSignedIn = 3, // no stored sign-in (status, load, sync)
    ExitReconnect = 4,   // stored sign-in no longer valid: run login again
    ExitDeclined = 5,    // the user declined on the consent page (access_denied)
    ExitTimeout = 6,     // no sign-in within --timeout
    ExitPortBusy = 7,    // the redirect port is taken
    ExitNoLocalCopy = 8, // load --offline: nothing stored for the account
    ExitCancelled = 130, // interrupted (SIGINT)
};

// Maps an Error to the exit code above.
int exitCodeFor(const Error &error);

// What a test (or another program) may put in place of the user's settings,
// keychain and environment. Empty members: the real ones.
struct CliServices
{
    AppSettings *settings = nullptr;
    CredentialStore *credentials = nullptr;
    std::optional<ConnectionEnvironment> environment;
};

// Adds the shared options (--provider, --sandbox, --no-sandbox, --client-id,
// --client-secret, --redirect-port, --timeout, --no-browser, --no-local-copy)
// to `parser`.
void addCommonOptions(QCommandLineParser &parser);
// The command-line layer of the parsed options (after parser.parse()), or a
// Configuration error naming the bad option.
Result<ConnectionFlags> flagsFromOptions(const QCommandLineParser &parser);

// One command's connection: the provider, its Connection (settings, then
// environment, then these options), the credential store and printing.
class CliContext
{
public:
    explicit CliContext(QString commandName, CliServices services = {});
    ~CliContext();

    // Reads the options (after parser.parse()), picks the provider and makes
    // the connection. `keychain` false: credentials in memory only (commands
    // that need none, e.g. load --offline). On failure prints a one-line
    // reason and returns the exit code; 0 on success.
    int setUp(const QCommandLineParser &parser, bool keychain = true);

    // Connection::restore() run to the end. Returns the state.
    Connection::State restore();
    // restore(), then: ExitOk when connected; otherwise prints a one-line
    // reason and returns ExitNotSignedIn or ExitReconnect.
    int requireSignedIn();

    const ProviderSpec &provider() const { return *m_provider; }
    Connection &connection() { return *m_connection; }
    AppSettings &settings() { return *m_settings; }
    CredentialStore &credentials() { return *m_credentials; }
    bool noBrowser() const { return m_noBrowser; }

    // One-line messages: stderr for diagnostics ("command: line"), stdout for results.
    void error(const QString &line) const;
    static void info(const QString &line);
    static void out(const QString &line);

    // Runs the event loop until `done()` returns true or `timeoutMs` passed.
    static bool waitFor(const std::function<bool()> &done, int timeoutMs);

private:
    QString m_command;
    CliServices m_services;
    const ProviderSpec *m_provider = nullptr;
    std::unique_ptr<AppSettings> m_ownSettings;
    AppSettings *m_settings = nullptr;
    std::unique_ptr<CredentialStore> m_ownCredentials;
    CredentialStore *m_credentials = nullptr;
    std::unique_ptr<Connection> m_connection;
    bool m_noBrowser = false;
};

// The commands (authcommands.cpp, loadcommand.cpp). `arguments` are the
// program's: program, command, options.
int runLogin(const QStringList &arguments);
int runStatus(const QStringList &arguments);
int runLogout(const QStringList &arguments);
int runLoad(const QStringList &arguments);
int runSync(const QStringList &arguments);

// Parses `arguments` for `command` with the common options plus what
// `addOptions` adds; handles --help and stray arguments. False: stop with *exitCode.
bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
                  const QString &description, int *exitCode,
                  const std::function<void(QCommandLineParser &)> &addOptions = {});

// Set by SIGINT/SIGTERM while a command runs.
bool interrupted();

// The whole program: integrations-cli's main() and the test build's.
int run(int argc, char **argv);

} // namespace desk::cli
