// integrations-cli as a library: the command dispatch, usage and interrupt
// handling. main.cpp (and a test build with more providers linked in) call run().
#include "clicontext.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace desk::cli {

namespace {

std::atomic<bool> g_interrupted{false};

void onSignal(int)
{
    g_interrupted = true;
}

QString usage()
{
    return QStringLiteral(
        "Usage: integrations-cli <command> [options]\n"
        "\n"
        "Commands:\n"
        "  login    Sign in (OAuth 2.0 + PKCE in the browser) and keep the sign-in in the "
        "keychain\n"
        "  status   Show the provider, account, scopes, access-token expiry, the local copy and "
        "where each setting came from\n"
        "  logout   Revoke the sign-in at the provider and delete it from the keychain "
        "(--forget-local-data: the local copy too)\n"
        "  load     Load the account's items and write them out (--offline: from the local copy)\n"
        "  sync     Bring the local copy up to date and print what changed\n"
        "\n"
        "Run integrations-cli <command> --help for the options of a command.\n");
}

} // namespace

bool interrupted()
{
    return g_interrupted;
}

int run(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The desktop app's name too: both find the same settings and local copies.
    QCoreApplication::setOrganizationName(AppSettings::organizationName());
    QCoreApplication::setApplicationName(AppSettings::applicationName());
    QCoreApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));
    // Quiet by default: the commands print their own one-line messages. DESK_VERBOSE=1
    // (or QT_LOGGING_RULES) shows the desk.* log on stderr.
    if (qEnvironmentVariableIntValue("DESK_VERBOSE") == 0)
        QLoggingCategory::setFilterRules(
            QStringLiteral("desk.*.debug=false\ndesk.*.info=false\ndesk.*.warning=false"));
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command == QLatin1String("login"))
        return runLogin(arguments);
    if (command == QLatin1String("status"))
        return runStatus(arguments);
    if (command == QLatin1String("logout"))
        return runLogout(arguments);
    if (command == QLatin1String("load"))
        return runLoad(arguments);
    if (command == QLatin1String("sync"))
        return runSync(arguments);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        std::printf("integrations-cli %s\n", DESK_VERSION);
        return ExitOk;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        std::fputs(qPrintable(usage()), stdout);
        return ExitOk;
    }
    std::fputs(qPrintable(usage()), stderr);
    if (!command.isEmpty())
        std::fprintf(stderr, "\nunknown command \"%s\"\n", qPrintable(command));
    return ExitUsage;
}

} // namespace desk::cli
