// integrations-cli: exit codes, the common options as the connection's
// command-line layer, and CliContext (one Connection per command).
#include "clicontext.h"

#include "credentials/credentialstorefactory.h"
#include "credentials/memorycredentialstore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>

namespace desk::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

bool given(const QCommandLineParser &parser, const QString &name)
{
    return parser.optionNames().contains(name);
}

// "contacts:phone,deals:hs_priority" (repeatable) -> type -> names.
Result<QHash<QString, QStringList>> parseProperties(const QStringList &values)
{
    QHash<QString, QStringList> out;
    for (const QString &value : values) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const int colon = part.indexOf(QLatin1Char(':'));
            if (colon <= 0 || colon == part.size() - 1)
                return Error(Error::Kind::Configuration,
                             tr("--properties expects type:name, got \"%1\"").arg(part));
            out[part.left(colon).trimmed()].append(part.mid(colon + 1).trimmed());
        }
    }
    return out;
}

Result<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return Error(Error::Kind::Configuration, tr("--redirect-port needs a port number 1-65535"));
    return quint16(port);
}

} // namespace

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case Error::Kind::None:
        return ExitOk;
    case Error::Kind::Cancelled:
        return ExitCancelled;
    case Error::Kind::Timeout:
        return ExitTimeout;
    case Error::Kind::AccessDenied:
        return ExitDeclined;
    case Error::Kind::PortBusy:
        return ExitPortBusy;
    case Error::Kind::ReconnectNeeded:
    case Error::Kind::Unauthorized:
        return ExitReconnect;
    case Error::Kind::Configuration:
        return ExitUsage;
    default:
        return ExitFailure;
    }
}

void addCommonOptions(QCommandLineParser &parser)
{
    QStringList ids;
    for (const ProviderSpec *provider : ProviderRegistry::all())
        ids.append(provider->id);
    parser.addOption(
        {QStringLiteral("provider"),
         tr("Integration to use: %1 (default: hubspot).").arg(ids.join(QStringLiteral(", "))),
         QStringLiteral("id"), QStringLiteral("hubspot")});
    parser.addOption({QStringLiteral("sandbox"),
                      tr("Use the local sandbox at URL with its demo client."),
                      QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("no-sandbox"), tr("Use the real service even if the sandbox is saved.")});
    parser.addOption(
        {QStringLiteral("client-id"),
         tr("OAuth client id (else $<PROVIDER>_CLIENT_ID, e.g. $HUBSPOT_CLIENT_ID, else saved)."),
         QStringLiteral("id")});
    parser.addOption({QStringLiteral("client-secret"),
                      tr("OAuth client secret (else $<PROVIDER>_CLIENT_SECRET, else keychain)."),
                      QStringLiteral("secret")});
    parser.addOption(
        {QStringLiteral("redirect-port"),
         tr("Loopback redirect port (else $<PROVIDER>_REDIRECT_PORT, else saved, else 47110)."),
         QStringLiteral("port")});
    parser.addOption({QStringLiteral("timeout"),
                      tr("Give up signing in after this many seconds (default 300)."),
                      QStringLiteral("seconds")});
    parser.addOption(
        {QStringLiteral("no-browser"), tr("Only print the sign-in URL; do not open a browser.")});
    parser.addOption({QStringLiteral("no-local-copy"),
                      tr("Keep the items in memory only for this run (no local copy on disk).")});
}

Result<ConnectionFlags> flagsFromOptions(const QCommandLineParser &parser)
{
    ConnectionFlags flags;
    if (parser.isSet(QStringLiteral("no-sandbox")))
        flags.sandboxUrl = QUrl();
    if (parser.isSet(QStringLiteral("sandbox"))) {
        const Result<QUrl> url =
            parseSandboxUrl(parser.value(QStringLiteral("sandbox")), QStringLiteral("--sandbox"));
        if (!url)
            return url.error();
        flags.sandboxUrl = url.value();
    }
    if (parser.isSet(QStringLiteral("client-id")))
        flags.clientId = parser.value(QStringLiteral("client-id"));
    if (parser.isSet(QStringLiteral("client-secret")))
        flags.clientSecret = parser.value(QStringLiteral("client-secret"));
    if (parser.isSet(QStringLiteral("redirect-port"))) {
        const Result<quint16> port = parsePort(parser.value(QStringLiteral("redirect-port")));
        if (!port)
            return port.error();
        flags.redirectPort = port.value();
    }
    if (parser.isSet(QStringLiteral("no-local-copy")))
        flags.keepLocalCopy = false;
    if (given(parser, QStringLiteral("objects"))) {
        QStringList types;
        for (const QString &type :
             parser.value(QStringLiteral("objects")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            types.append(type.trimmed());
        flags.objectTypes = types;
    }
    if (given(parser, QStringLiteral("properties"))) {
        const auto extra = parseProperties(parser.values(QStringLiteral("properties")));
        if (!extra)
            return extra.error();
        flags.extraProperties = extra.value();
    }
    return flags;
}

CliContext::CliContext(QString commandName, CliServices services)
    : m_command(std::move(commandName)), m_services(std::move(services))
{}

CliContext::~CliContext()
{
    m_connection.reset();
}

void CliContext::error(const QString &line) const
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(m_command), line.toLocal8Bit().constData());
    std::fflush(stderr);
}

void CliContext::info(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

void CliContext::out(const QString &line)
{
    std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

bool CliContext::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    // A real event loop sleeps until something happens; the predicate is checked
    // a few times a second (processEvents(WaitForMoreEvents, ms) would spin).
    if (done())
        return true;
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

int CliContext::setUp(const QCommandLineParser &parser, bool keychain)
{
    const QString providerId = parser.value(QStringLiteral("provider"));
    m_provider = ProviderRegistry::find(providerId);
    if (!m_provider) {
        error(tr("unknown provider \"%1\"").arg(providerId));
        return ExitUsage;
    }
    const Result<ConnectionFlags> flags = flagsFromOptions(parser);
    if (!flags) {
        error(flags.error().message);
        return ExitUsage;
    }
    int timeoutMs = 5 * 60 * 1000;
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 24 * 3600) {
            error(tr("--timeout needs a number of seconds"));
            return ExitUsage;
        }
        timeoutMs = qMax(1, int(seconds * 1000));
    }
    m_noBrowser = parser.isSet(QStringLiteral("no-browser"));

    m_settings = m_services.settings;
    if (!m_settings) {
        m_ownSettings = std::make_unique<AppSettings>();
        m_settings = m_ownSettings.get();
    }
    m_credentials = m_services.credentials;
    if (!m_credentials && keychain) {
        CredentialStoreChoice choice = CredentialStoreFactory::createBlocking();
        m_ownCredentials = std::move(choice.store);
        if (!choice.warning.isEmpty())
            info(tr("warning: %1").arg(choice.warning));
    } else if (!m_credentials) {
        m_ownCredentials = std::make_unique<MemoryCredentialStore>();
    }
    if (!m_credentials)
        m_credentials = m_ownCredentials.get();

    ConnectionServices services;
    services.settings = m_settings;
    services.credentials = m_credentials;
    if (m_services.environment)
        services.environment = *m_services.environment;
    m_connection = std::make_unique<Connection>(*m_provider, services, flags.value());
    if (m_connection->configError()) {
        error(m_connection->configError().message);
        return ExitUsage;
    }
    m_connection->setSignInTimeout(timeoutMs);
    QObject::connect(m_connection.get(), &Connection::warning, m_connection.get(),
                     [](const QString &message) { info(tr("warning: %1").arg(message)); });
    return ExitOk;
}

Connection::State CliContext::restore()
{
    bool finished = false;
    auto connection = QObject::connect(m_connection.get(), &Connection::restoreFinished,
                                       m_connection.get(), [&finished] { finished = true; });
    m_connection->restore();
    waitFor([&] { return finished; }, 120000);
    QObject::disconnect(connection);
    return m_connection->state();
}

int CliContext::requireSignedIn()
{
    switch (restore()) {
    case Connection::State::Connected:
        return ExitOk;
    case Connection::State::ReconnectNeeded:
        error(tr("the stored sign-in is no longer valid: run integrations-cli login"));
        return ExitReconnect;
    default: {
        if (m_connection->lastError())
            error(m_connection->lastError().message);
        const ConnectionConfig &config = m_connection->config();
        error(tr("not signed in to %1: run integrations-cli login%2 (or use "
                 "--private-app-token-env NAME)")
                  .arg(m_connection->profile().displayName,
                       config.usesSandbox()
                           ? QStringLiteral(" --sandbox ") + config.sandboxUrl.value.toString()
                           : QString()));
        return ExitNotSignedIn;
    }
    }
}

bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
                  const QString &description, int *exitCode,
                  const std::function<void(QCommandLineParser &)> &addOptions)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    addCommonOptions(parser);
    if (addOptions)
        addOptions(parser);
    QStringList args = arguments;
    args.removeAt(1); // the command
    if (!parser.parse(args)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(command), qPrintable(parser.errorText()));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        const QString program = arguments.value(0).section(QLatin1Char('/'), -1);
        help.replace(QStringLiteral("Usage: ") + program,
                     QStringLiteral("Usage: integrations-cli ") + command);
        std::fputs(qPrintable(help), stdout);
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

} // namespace desk::cli
