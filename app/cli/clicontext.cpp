#include "clicontext.h"

#include "credentials/credentialstorefactory.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>

namespace desk::cli {

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

CliContext::CliContext(QString commandName) : m_command(std::move(commandName)) {}

CliContext::~CliContext()
{
    m_session.reset();
}

void CliContext::addCommonOptions(QCommandLineParser &parser)
{
    QStringList ids;
    for (const ProviderSpec *provider : ProviderRegistry::all())
        ids.append(provider->id);
    parser.addOption(
        {QStringLiteral("provider"),
         QCoreApplication::translate("cli", "Integration to use: %1 (default: hubspot).")
             .arg(ids.join(QStringLiteral(", "))),
         QStringLiteral("id"), QStringLiteral("hubspot")});
    parser.addOption(
        {QStringLiteral("sandbox"),
         QCoreApplication::translate("cli", "Use the local sandbox at URL with its demo client."),
         QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("no-sandbox"),
         QCoreApplication::translate("cli", "Use the real service even if the sandbox is saved.")});
    parser.addOption(
        {QStringLiteral("client-id"),
         QCoreApplication::translate(
             "cli",
             "OAuth client id (else $<PROVIDER>_CLIENT_ID, e.g. $HUBSPOT_CLIENT_ID, else saved)."),
         QStringLiteral("id")});
    parser.addOption(
        {QStringLiteral("client-secret"),
         QCoreApplication::translate(
             "cli", "OAuth client secret (else $<PROVIDER>_CLIENT_SECRET, else keychain)."),
         QStringLiteral("secret")});
    parser.addOption(
        {QStringLiteral("redirect-port"),
         QCoreApplication::translate("cli", "Loopback redirect port (default: saved, else 47110)."),
         QStringLiteral("port")});
    parser.addOption({QStringLiteral("timeout"),
                      QCoreApplication::translate(
                          "cli", "Give up signing in after this many seconds (default 300)."),
                      QStringLiteral("seconds")});
    parser.addOption(
        {QStringLiteral("no-browser"),
         QCoreApplication::translate("cli", "Only print the sign-in URL; do not open a browser.")});
}

QString CliContext::clientSecretKey(const QString &provider)
{
    return OAuthSession::clientSecretKey(provider); // same entry as the desktop app
}

void CliContext::error(const QString &line)
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

int CliContext::setUp(const QCommandLineParser &parser)
{
    const QString providerId = parser.value(QStringLiteral("provider"));
    m_provider = ProviderRegistry::find(providerId);
    if (!m_provider) {
        error(QCoreApplication::translate("cli", "unknown provider \"%1\"").arg(providerId));
        return ExitUsage;
    }
    const QString id = m_provider->id;
    m_settings = std::make_unique<AppSettings>();
    m_providerSettings = m_settings->providerSettings(id);
    m_noBrowser = parser.isSet(QStringLiteral("no-browser"));

    if (parser.isSet(QStringLiteral("no-sandbox")))
        m_providerSettings.sandboxUrl.clear();
    if (parser.isSet(QStringLiteral("sandbox"))) {
        const QUrl url = QUrl::fromUserInput(parser.value(QStringLiteral("sandbox")));
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            url.host().isEmpty()) {
            error(QCoreApplication::translate(
                "cli", "--sandbox needs an http(s) URL, e.g. http://127.0.0.1:8080"));
            return ExitUsage;
        }
        m_providerSettings.sandboxUrl = url;
    }

    const EnvironmentClient environment = clientFromEnvironment(id);
    const bool explicitClientId = parser.isSet(QStringLiteral("client-id"));
    if (explicitClientId)
        m_providerSettings.clientId = parser.value(QStringLiteral("client-id"));
    else if (!environment.clientId.isEmpty() && m_providerSettings.sandboxUrl.isEmpty())
        m_providerSettings.clientId = environment.clientId;
    else if (!m_providerSettings.sandboxUrl.isEmpty())
        m_providerSettings.clientId.clear(); // sandbox: its demo client

    if (parser.isSet(QStringLiteral("client-secret"))) {
        m_providerSettings.clientSecret = parser.value(QStringLiteral("client-secret"));
        m_secretFromOptions = true;
    } else if (!environment.clientSecret.isEmpty() &&
               (m_providerSettings.sandboxUrl.isEmpty() || explicitClientId)) {
        m_providerSettings.clientSecret = environment.clientSecret;
        m_secretFromOptions = true;
    }

    if (parser.isSet(QStringLiteral("redirect-port"))) {
        bool ok = false;
        const uint port = parser.value(QStringLiteral("redirect-port")).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            error(
                QCoreApplication::translate("cli", "--redirect-port needs a port number 1-65535"));
            return ExitUsage;
        }
        m_providerSettings.redirectPort = quint16(port);
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 24 * 3600) {
            error(QCoreApplication::translate("cli", "--timeout needs a number of seconds"));
            return ExitUsage;
        }
        m_timeoutMs = qMax(1, int(seconds * 1000));
    }

    CredentialStoreChoice choice = CredentialStoreFactory::createBlocking();
    m_store = std::move(choice.store);
    if (!choice.warning.isEmpty())
        info(QCoreApplication::translate("cli", "warning: %1").arg(choice.warning));

    // Real service without a secret on the command line: the keychain may have it.
    if (m_providerSettings.sandboxUrl.isEmpty() && m_providerSettings.clientSecret.isEmpty() &&
        !m_providerSettings.clientId.isEmpty()) {
        bool done = false;
        m_store->read(clientSecretKey(id), [&](CredentialStore::Status status,
                                               const QByteArray &secret, const QString &) {
            if (status == CredentialStore::Status::Ok)
                m_providerSettings.clientSecret = QString::fromUtf8(secret);
            done = true;
        });
        waitFor([&] { return done; }, 30000);
    }

    m_profile = m_provider->profile(m_providerSettings);
    m_session = std::make_unique<OAuthSession>(m_provider->account, m_profile, *m_store, m_network);
    m_session->setAppSettings(m_settings.get());
    m_session->setLoginTimeout(m_timeoutMs);
    QObject::connect(m_session.get(), &OAuthSession::warning, m_session.get(),
                     [this](const QString &message) {
                         info(QCoreApplication::translate("cli", "warning: %1").arg(message));
                     });
    return ExitOk;
}

OAuthSession::State CliContext::restoreSession()
{
    bool finished = false;
    auto connection = QObject::connect(m_session.get(), &OAuthSession::restoreFinished,
                                       m_session.get(), [&finished] { finished = true; });
    m_session->restore();
    waitFor([&] { return finished; }, 120000);
    QObject::disconnect(connection);
    return m_session->state();
}

int CliContext::requireSignedIn()
{
    switch (restoreSession()) {
    case OAuthSession::State::Connected:
        return ExitOk;
    case OAuthSession::State::ReconnectNeeded:
        error(QCoreApplication::translate("cli", "the stored sign-in is no longer valid: run "
                                                 "integrations-cli login"));
        return ExitReconnect;
    default:
        if (m_session->lastError())
            error(m_session->lastError().message);
        error(
            QCoreApplication::translate("cli", "not signed in to %1: run integrations-cli login%2")
                .arg(m_profile.displayName,
                     m_profile.isSandbox
                         ? QStringLiteral(" --sandbox ") + m_providerSettings.sandboxUrl.toString()
                         : QString()));
        return ExitNotSignedIn;
    }
}

} // namespace desk::cli
