// integrations-cli: sign in, inspect and sign out of an integration, and load its
// items, without a window. See docs/cli.md.
#include "clicontext.h"
#include "loadcommand.h"

#include "credentials/credentialstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QProcess>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <limits>

using namespace desk;
using namespace desk::cli;

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
        "  status   Show the provider, account, scopes and access-token expiry\n"
        "  logout   Revoke the sign-in at the provider and delete it from the keychain\n"
        "  load     Load the account's items (see integrations-cli load --help)\n"
        "\n"
        "Run integrations-cli <command> --help for the options of a command.\n");
}

// Parses `arguments` (program + command + options) for a command; prints errors.
bool parse(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
           const QString &description, int *exitCode)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    CliContext::addCommonOptions(parser);
    QStringList args = arguments;
    args.removeAt(1); // the command
    if (!parser.parse(args)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(command), qPrintable(parser.errorText()));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText().replace(
                       QCoreApplication::applicationFilePath().section(QLatin1Char('/'), -1),
                       QStringLiteral("integrations-cli ") + command)),
                   stdout);
        *exitCode = ExitOk;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "%s: unexpected argument \"%s\"\n", qPrintable(command),
                     qPrintable(parser.positionalArguments().first()));
        *exitCode = ExitUsage;
        return false;
    }
    return true;
}

QString describeExpiry(const QDateTime &expiry)
{
    if (!expiry.isValid())
        return QStringLiteral("unknown");
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(expiry);
    const QString when = expiry.toUTC().toString(Qt::ISODate);
    if (seconds <= 0)
        return when + QStringLiteral(" (expired)");
    if (seconds < 120)
        return when + QStringLiteral(" (in %1 s)").arg(seconds);
    return when + QStringLiteral(" (in %1 min)").arg(seconds / 60);
}

int runLogin(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parse(parser, arguments, QStringLiteral("login"),
               QStringLiteral("Sign in to an integration in the browser (OAuth 2.0 + PKCE)."),
               &code))
        return code;
    CliContext ctx(QStringLiteral("login"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    if (ctx.profile().clientId.isEmpty()) {
        ctx.error(
            QStringLiteral("no client id: pass --client-id, set %1_CLIENT_ID, or use --sandbox URL")
                .arg(ctx.provider().id.toUpper()));
        return ExitUsage;
    }

    OAuthSession &session = ctx.session();
    bool finished = false;
    Error failure;
    AccountInfo account;
    QObject::connect(&session, &OAuthSession::connected, &session, [&](const AccountInfo &a) {
        account = a;
        finished = true;
    });
    QObject::connect(&session, &OAuthSession::loginFailed, &session, [&](const Error &e) {
        failure = e;
        finished = true;
    });
    const bool openBrowser = !ctx.noBrowser();
    session.connectAccount([&ctx, openBrowser](const QUrl &url) {
        // The one place an authorization URL is ever shown.
        ctx.out(QStringLiteral("Open this URL to sign in: ") + url.toString(QUrl::FullyEncoded));
        if (openBrowser && !QProcess::startDetached(QStringLiteral("xdg-open"),
                                                    {url.toString(QUrl::FullyEncoded)}))
            ctx.info(QStringLiteral("Could not start a browser; open the URL above yourself."));
    });
    CliContext::waitFor(
        [&] {
            if (g_interrupted && !finished)
                session.cancelLogin();
            return finished;
        },
        std::numeric_limits<int>::max());

    if (failure) {
        ctx.error(failure.message);
        return exitCodeFor(failure);
    }

    // Remember the choices (never the secret) so status/logout/load work without them.
    AppSettings &s = ctx.settings();
    const QString id = ctx.provider().id;
    const ProviderSettings ps = ctx.providerSettings();
    s.setUseSandbox(id, ctx.usingSandbox());
    if (ctx.usingSandbox())
        s.setSandboxUrl(id, ps.sandboxUrl);
    else if (!ps.clientId.isEmpty())
        s.setClientId(id, ps.clientId);
    if (parser.isSet(QStringLiteral("redirect-port")))
        s.setRedirectPort(id, ps.redirectPort);
    s.sync();
    if (!ctx.usingSandbox() && ctx.clientSecretIsNew() && !ps.clientSecret.isEmpty()) {
        bool saved = false;
        ctx.store().write(CliContext::clientSecretKey(id), ps.clientSecret.toUtf8(),
                          [&](CredentialStore::Status status, const QString &) {
                              if (status != CredentialStore::Status::Ok)
                                  ctx.info(QStringLiteral("warning: the client secret could not be "
                                                          "saved to the keychain"));
                              saved = true;
                          });
        CliContext::waitFor([&] { return saved; }, 30000);
    }
    QString who = account.userEmail.isEmpty() ? account.accountName : account.userEmail;
    ctx.out(QStringLiteral("Signed in as %1 (account %2%3).")
                .arg(who.isEmpty() ? QStringLiteral("?") : who, account.accountId,
                     account.accountName.isEmpty() ? QString()
                                                   : QStringLiteral(", ") + account.accountName));
    return ExitOk;
}

int runStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parse(parser, arguments, QStringLiteral("status"),
               QStringLiteral("Show who is signed in and when the access token expires."), &code))
        return code;
    CliContext ctx(QStringLiteral("status"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    const OAuthSession::State state = ctx.restoreSession();
    OAuthSession &session = ctx.session();
    const ProviderProfile &p = ctx.profile();
    ctx.out(QStringLiteral("provider: %1%2")
                .arg(p.id, p.isSandbox
                               ? QStringLiteral(" (sandbox ") +
                                     ctx.providerSettings().sandboxUrl.toString() + QLatin1Char(')')
                               : QString()));
    ctx.out(QStringLiteral("credentials: %1")
                .arg(ctx.store().persistent() ? QStringLiteral("system keychain")
                                              : QStringLiteral("memory only (not kept)")));
    switch (state) {
    case OAuthSession::State::Connected:
    case OAuthSession::State::ReconnectNeeded: {
        const AccountInfo a = session.account();
        ctx.out(QStringLiteral("state: %1")
                    .arg(state == OAuthSession::State::Connected
                             ? QStringLiteral("signed in")
                             : QStringLiteral("reconnect needed")));
        ctx.out(
            QStringLiteral("account: %1%2")
                .arg(a.accountId, a.accountName.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" (") + a.accountName + QLatin1Char(')')));
        ctx.out(QStringLiteral("user: %1")
                    .arg(a.userEmail.isEmpty() ? QStringLiteral("-") : a.userEmail));
        ctx.out(QStringLiteral("scopes: %1").arg(a.scopes.join(QLatin1Char(' '))));
        if (state == OAuthSession::State::Connected)
            ctx.out(QStringLiteral("access token expires: %1")
                        .arg(describeExpiry(session.accessTokenExpiry())));
        if (state == OAuthSession::State::ReconnectNeeded) {
            ctx.error(QStringLiteral(
                "the stored sign-in is no longer valid: run integrations-cli login"));
            return ExitReconnect;
        }
        return ExitOk;
    }
    default:
        ctx.out(QStringLiteral("state: not signed in"));
        if (session.lastError())
            ctx.error(session.lastError().message);
        return ExitNotSignedIn;
    }
}

int runLogout(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parse(
            parser, arguments, QStringLiteral("logout"),
            QStringLiteral("Revoke the sign-in at the provider and delete it from the keychain."),
            &code))
        return code;
    CliContext ctx(QStringLiteral("logout"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    const OAuthSession::State state = ctx.restoreSession();
    OAuthSession &session = ctx.session();
    const AccountInfo account = session.account();
    bool finished = false;
    Error revokeError;
    Error storeError;
    QObject::connect(&session, &OAuthSession::disconnectFinished, &session,
                     [&](const Error &r, const Error &s) {
                         revokeError = r;
                         storeError = s;
                     });
    QObject::connect(&session, &OAuthSession::disconnected, &session, [&] { finished = true; });
    session.disconnectAccount();
    CliContext::waitFor([&] { return finished; }, 60000);
    if (storeError) {
        ctx.error(storeError.message);
        return ExitFailure;
    }
    if (state == OAuthSession::State::Disconnected && !account.isValid()) {
        ctx.out(QStringLiteral("Not signed in to %1.").arg(ctx.profile().id));
        return ExitOk;
    }
    ctx.out(QStringLiteral("Signed out of %1 (account %2)%3.")
                .arg(ctx.profile().id, account.accountId,
                     revokeError ? QStringLiteral("; access could not be revoked at the provider")
                     : ctx.profile().revokeUrl.isEmpty()
                         ? QStringLiteral("; removed locally (the provider has no revocation "
                                          "endpoint: remove the app in its settings)")
                         : QStringLiteral("; access revoked")));
    return ExitOk;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(AppSettings::organizationName());
    QCoreApplication::setApplicationName(QStringLiteral("integrations-cli"));
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
        return runLoadCommand(app, arguments);
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
