// integrations-cli login, status and logout, through the Connection.
#include "clicontext.h"

#include "auth/oauthsession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QProcess>
#include <limits>

namespace desk::cli {

namespace {

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

// Remember the choices (never the secret) so status/logout/load work without them.
void rememberChoices(CliContext &ctx, const QCommandLineParser &parser)
{
    AppSettings &s = ctx.settings();
    const QString id = ctx.provider().id;
    const ConnectionConfig &config = ctx.connection().config();
    s.setUseSandbox(id, config.usesSandbox());
    if (config.usesSandbox())
        s.setSandboxUrl(id, config.sandboxUrl.value);
    else if (!config.clientId.value.isEmpty())
        s.setClientId(id, config.clientId.value);
    if (parser.isSet(QStringLiteral("redirect-port")))
        s.setRedirectPort(id, config.redirectPort.value);
    s.sync();
    const ConfigSource secretSource = config.clientSecret.source;
    if (config.usesSandbox() || config.clientSecret.value.isEmpty() ||
        (secretSource != ConfigSource::CommandLine && secretSource != ConfigSource::Environment))
        return;
    bool saved = false;
    ctx.connection().saveClientSecret(config.clientSecret.value, [&saved](const Error &error) {
        if (error)
            CliContext::info(QStringLiteral("warning: the client secret could not be saved to the "
                                            "keychain"));
        saved = true;
    });
    CliContext::waitFor([&] { return saved; }, 30000);
}

// Runs the sign-in to its end; the account, or the error.
Result<AccountInfo> signIn(CliContext &ctx)
{
    Connection &connection = ctx.connection();
    bool finished = false;
    Error failure;
    AccountInfo account;
    QObject::connect(&connection, &Connection::connected, &connection, [&](const AccountInfo &a) {
        account = a;
        finished = true;
    });
    QObject::connect(&connection, &Connection::signInFailed, &connection, [&](const Error &e) {
        failure = e;
        finished = true;
    });
    const bool openBrowser = !ctx.noBrowser();
    connection.connectAccount([openBrowser](const QUrl &url) {
        // The one place an authorization URL is ever shown.
        CliContext::out(QStringLiteral("Open this URL to sign in: ") +
                        url.toString(QUrl::FullyEncoded));
        if (openBrowser && !QProcess::startDetached(QStringLiteral("xdg-open"),
                                                    {url.toString(QUrl::FullyEncoded)}))
            CliContext::info(
                QStringLiteral("Could not start a browser; open the URL above yourself."));
    });
    CliContext::waitFor(
        [&] {
            if (interrupted() && !finished)
                connection.cancelSignIn();
            return finished;
        },
        std::numeric_limits<int>::max());
    if (failure)
        return failure;
    return account;
}

void printAccount(CliContext &ctx, Connection::State state)
{
    const AccountInfo a = ctx.connection().account();
    ctx.out(QStringLiteral("state: %1")
                .arg(state == Connection::State::Connected ? QStringLiteral("signed in")
                                                           : QStringLiteral("reconnect needed")));
    ctx.out(QStringLiteral("account: %1%2")
                .arg(a.accountId, a.accountName.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" (") + a.accountName + QLatin1Char(')')));
    ctx.out(
        QStringLiteral("user: %1").arg(a.userEmail.isEmpty() ? QStringLiteral("-") : a.userEmail));
    ctx.out(QStringLiteral("scopes: %1").arg(a.scopes.join(QLatin1Char(' '))));
    if (state == Connection::State::Connected)
        ctx.out(
            QStringLiteral("access token expires: %1")
                .arg(ctx.connection().credentialKind() == Connection::CredentialKind::AccessToken
                         ? QStringLiteral("never (access token)")
                         : describeExpiry(ctx.connection().accessTokenExpiry())));
}

void printLocalCopy(CliContext &ctx)
{
    Connection &connection = ctx.connection();
    ItemStore *store = connection.store();
    if (!store) {
        ctx.out(QStringLiteral("local copy: %1")
                    .arg(connection.keepsLocalCopy() ? QStringLiteral("none yet")
                                                     : QStringLiteral("off (memory only)")));
        return;
    }
    const Result<qint64> count = store->count();
    const QDateTime asOf = store->asOf();
    ctx.out(QStringLiteral("local copy: %1, %2 items%3")
                .arg(store->inMemory() ? QStringLiteral("memory only") : store->directory())
                .arg(count ? count.value() : 0)
                .arg(asOf.isValid() ? QStringLiteral(", as of ") + asOf.toString(Qt::ISODate)
                                    : QString()));
}

// Where each setting came from: "  client id: x (environment HUBSPOT_CLIENT_ID)".
void printSettings(CliContext &ctx)
{
    ctx.out(QStringLiteral("settings:"));
    const auto lines = ctx.connection().config().describe();
    for (const ConnectionConfig::Line &line : lines)
        ctx.out(QStringLiteral("  %1: %2 (%3%4)")
                    .arg(line.name, line.value, configSourceName(line.source),
                         line.origin.isEmpty() ? QString() : QLatin1Char(' ') + line.origin));
}

} // namespace

int runLogin(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommand(
            parser, arguments, QStringLiteral("login"),
            QStringLiteral("Sign in to an integration in the browser (OAuth 2.0 + PKCE)."), &code))
        return code;
    CliContext ctx(QStringLiteral("login"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    const ConnectionConfig &config = ctx.connection().config();
    if (!config.usesSandbox() && config.clientId.value.isEmpty()) {
        ctx.error(QStringLiteral("no client id: pass --client-id, set %1, or use --sandbox URL")
                      .arg(environmentVariable(ctx.provider().id, "CLIENT_ID")));
        return ExitUsage;
    }
    const Result<AccountInfo> account = signIn(ctx);
    if (!account) {
        ctx.error(account.error().message);
        return exitCodeFor(account.error());
    }
    rememberChoices(ctx, parser);
    const AccountInfo &a = account.value();
    const QString who = a.userEmail.isEmpty() ? a.accountName : a.userEmail;
    ctx.out(QStringLiteral("Signed in as %1 (account %2%3).")
                .arg(who.isEmpty() ? QStringLiteral("?") : who, a.accountId,
                     a.accountName.isEmpty() ? QString() : QStringLiteral(", ") + a.accountName));
    return ExitOk;
}

int runStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommand(parser, arguments, QStringLiteral("status"),
                      QStringLiteral("Show who is signed in, when the access token expires and "
                                     "where each setting came from."),
                      &code))
        return code;
    CliContext ctx(QStringLiteral("status"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    const Connection::State state = ctx.restore();
    Connection &connection = ctx.connection();
    const ProviderProfile p = connection.profile();
    ctx.out(QStringLiteral("provider: %1%2")
                .arg(p.id, p.isSandbox ? QStringLiteral(" (sandbox ") +
                                             connection.config().sandboxUrl.value.toString() +
                                             QLatin1Char(')')
                                       : QString()));
    ctx.out(QStringLiteral("credentials: %1")
                .arg(connection.credentialsPersistent()
                         ? QStringLiteral("system keychain")
                         : QStringLiteral("memory only (not kept)")));
    const bool signedIn =
        state == Connection::State::Connected || state == Connection::State::ReconnectNeeded;
    if (signedIn)
        printAccount(ctx, state);
    else
        ctx.out(QStringLiteral("state: not signed in"));
    printLocalCopy(ctx);
    printSettings(ctx);
    if (state == Connection::State::ReconnectNeeded) {
        ctx.error(
            QStringLiteral("the stored sign-in is no longer valid: run integrations-cli login"));
        return ExitReconnect;
    }
    if (!signedIn) {
        if (connection.lastError())
            ctx.error(connection.lastError().message);
        return ExitNotSignedIn;
    }
    return ExitOk;
}

int runLogout(const QStringList &arguments)
{
    QCommandLineParser parser;
    int code = ExitOk;
    const auto options = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("forget-local-data"),
                     QStringLiteral("Also delete the account's local copy of its items.")});
    };
    if (!parseCommand(
            parser, arguments, QStringLiteral("logout"),
            QStringLiteral("Revoke the sign-in at the provider and delete it from the keychain."),
            &code, options))
        return code;
    CliContext ctx(QStringLiteral("logout"));
    if ((code = ctx.setUp(parser)) != ExitOk)
        return code;
    const Connection::State state = ctx.restore();
    Connection &connection = ctx.connection();
    const AccountInfo account = connection.account();
    const bool forget = parser.isSet(QStringLiteral("forget-local-data"));
    bool finished = false;
    Error revokeError, storeError;
    QObject::connect(&connection, &Connection::disconnectFinished, &connection,
                     [&](const Error &r, const Error &s) {
                         revokeError = r;
                         storeError = s;
                         finished = true;
                     });
    connection.disconnectAccount(forget ? LocalData::Forget : LocalData::Keep);
    CliContext::waitFor([&] { return finished; }, 60000);
    if (storeError) {
        ctx.error(storeError.message);
        return ExitFailure;
    }
    const QString id = connection.profile().id;
    const QString local = forget ? QStringLiteral("; local copy deleted") : QString();
    if (state == Connection::State::Disconnected && !account.isValid()) {
        ctx.out(QStringLiteral("Not signed in to %1%2.").arg(id, local));
        return ExitOk;
    }
    ctx.out(QStringLiteral("Signed out of %1 (account %2)%3%4.")
                .arg(id, account.accountId,
                     revokeError ? QStringLiteral("; access could not be revoked at the provider")
                     : connection.profile().revokeUrl.isEmpty()
                         ? QStringLiteral("; removed locally (the provider has no revocation "
                                          "endpoint: remove the app in its settings)")
                         : QStringLiteral("; access revoked"),
                     local));
    return ExitOk;
}

} // namespace desk::cli
