// `integrations-cli load`: loads every object of the signed-in account (or of a
// private-app token) and writes it as JSON, JSONL, CSV or a tree. Progress goes
// to stderr, data to stdout or --output. See docs/cli.md ("load").
#include "loadcommand.h"

#include "auth/statictokenprovider.h"
#include "clicontext.h"
#include "items/itemexport.h"
#include "net/apiclient.h"
#include "providers/itemloader.h"
#include "providers/providerspec.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSaveFile>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <unistd.h>

using namespace desk;
using namespace desk::cli;

namespace {

std::atomic<bool> g_loadInterrupted{false};

void onLoadSignal(int)
{
    g_loadInterrupted = true;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

void printErr(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

// "contacts:phone,deals:hs_priority" (repeatable) -> type -> names.
bool parseProperties(const QStringList &values, QHash<QString, QStringList> *out, QString *bad)
{
    for (const QString &value : values) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const int colon = part.indexOf(QLatin1Char(':'));
            if (colon <= 0 || colon == part.size() - 1) {
                *bad = part;
                return false;
            }
            (*out)[part.left(colon).trimmed()].append(part.mid(colon + 1).trimmed());
        }
    }
    return true;
}

QString progressLine(const LoadProgress &progress, bool final)
{
    QStringList parts;
    for (const TypeProgress &t : progress.types) {
        QString part = t.type + QLatin1Char(' ') + QString::number(t.loaded);
        if (t.total >= 0)
            part += QLatin1Char('/') + QString::number(t.total);
        if (t.done)
            part += QStringLiteral(" done");
        else if (t.error)
            part += QStringLiteral(" stopped");
        else if (!final)
            part += QStringLiteral(" (%1 pages)").arg(t.pages);
        parts.append(part);
    }
    return parts.join(QStringLiteral(" | ")) +
           QStringLiteral(" | %1 req/s").arg(progress.requestsPerSecond, 0, 'f', 1);
}

} // namespace

int runLoadCommand(QCoreApplication &app, const QStringList &arguments)
{
    Q_UNUSED(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Load every object of the account and write it out."));
    parser.addHelpOption();
    CliContext::addCommonOptions(parser);
    parser.addOption({QStringLiteral("objects"),
                      tr("Object types to load, comma separated (default: all: "
                         "contacts,companies,deals,tickets)."),
                      QStringLiteral("types")});
    parser.addOption(
        {QStringLiteral("properties"),
         tr("Extra properties as type:name, comma separated or repeated (e.g. contacts:phone)."),
         QStringLiteral("list")});
    parser.addOption({QStringLiteral("format"),
                      tr("Output format: json (default), jsonl, csv or tree."),
                      QStringLiteral("format"), QStringLiteral("json")});
    parser.addOption({QStringLiteral("output"), tr("Write the data to FILE instead of stdout."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("private-app-token-env"),
         tr("Use the private-app (or access) token in environment variable NAME instead of the "
            "stored sign-in. Tokens are never read from the command line."),
         QStringLiteral("name")});
    parser.addOption({QStringLiteral("access-token-env"), tr("Same as --private-app-token-env."),
                      QStringLiteral("name")});
    parser.addOption(
        {QStringLiteral("hub-id"),
         tr("Account (hub) id for object URLs when loading with a token (default: asked of the "
            "provider)."),
         QStringLiteral("id")});
    parser.addOption({QStringLiteral("quiet"), tr("No progress on stderr.")});
    parser.addOption({QStringLiteral("max-attempts"),
                      tr("Tries per request on server errors, timeouts and resets (default 6)."),
                      QStringLiteral("n")});

    QStringList args = arguments;
    args.removeAt(1); // "load"
    if (!parser.parse(args)) {
        printErr(QStringLiteral("load: ") + parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        help.replace(program.isEmpty() ? QStringLiteral("integrations-cli") : program,
                     QStringLiteral("integrations-cli load"));
        std::fputs(qPrintable(help), stdout);
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("load: unexpected argument \"%1\"")
                     .arg(parser.positionalArguments().first()));
        return ExitUsage;
    }

    const auto format = ItemWriter::formatFromName(parser.value(QStringLiteral("format")));
    if (!format) {
        printErr(QStringLiteral("load: --format must be one of %1")
                     .arg(ItemWriter::formatNames().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    LoadRequest request;
    for (const QString &type :
         parser.value(QStringLiteral("objects")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        request.objectTypes.append(type.trimmed());
    QString badProperty;
    if (!parseProperties(parser.values(QStringLiteral("properties")), &request.extraProperties,
                         &badProperty)) {
        printErr(
            QStringLiteral("load: --properties expects type:name, got \"%1\"").arg(badProperty));
        return ExitUsage;
    }

    // Credentials: a token from the environment, or the stored sign-in.
    const QString tokenEnv = parser.isSet(QStringLiteral("private-app-token-env"))
                                 ? parser.value(QStringLiteral("private-app-token-env"))
                                 : parser.value(QStringLiteral("access-token-env"));
    std::unique_ptr<CliContext> context;
    std::unique_ptr<StaticTokenProvider> staticTokens;
    std::unique_ptr<QNetworkAccessManager> ownNetwork;
    AccessTokenProvider *tokens = nullptr;
    QNetworkAccessManager *network = nullptr;
    const ProviderSpec *provider = nullptr;
    ProviderProfile profile;

    if (!tokenEnv.isEmpty()) {
        const QByteArray token = qgetenv(tokenEnv.toLocal8Bit().constData()).trimmed();
        if (token.isEmpty()) {
            printErr(
                QStringLiteral("load: environment variable %1 is empty or not set").arg(tokenEnv));
            return ExitUsage;
        }
        provider = ProviderRegistry::find(parser.value(QStringLiteral("provider")));
        if (!provider) {
            printErr(QStringLiteral("load: unknown provider \"%1\"")
                         .arg(parser.value(QStringLiteral("provider"))));
            return ExitUsage;
        }
        ProviderSettings settings;
        if (parser.isSet(QStringLiteral("sandbox"))) {
            settings.sandboxUrl = QUrl::fromUserInput(parser.value(QStringLiteral("sandbox")));
            if (!settings.sandboxUrl.isValid() || settings.sandboxUrl.host().isEmpty()) {
                printErr(QStringLiteral(
                    "load: --sandbox needs an http(s) URL, e.g. http://127.0.0.1:8080"));
                return ExitUsage;
            }
        }
        profile = provider->profile(settings);
        staticTokens = std::make_unique<StaticTokenProvider>(token, provider->displayName);
        ownNetwork = std::make_unique<QNetworkAccessManager>();
        tokens = staticTokens.get();
        network = ownNetwork.get();
        request.accountId = parser.value(QStringLiteral("hub-id"));
        if (request.accountId.isEmpty()) {
            // Best effort: the hub id only serves the object URLs.
            bool done = false;
            provider->fetchAccount(*network, profile, token,
                                   [&](const Result<AccountInfo> &account) {
                                       if (account.ok())
                                           request.accountId = account.value().accountId;
                                       done = true;
                                   });
            CliContext::waitFor([&] { return done; }, 30000);
        }
    } else {
        context = std::make_unique<CliContext>(QStringLiteral("load"));
        const int code = context->setUp(parser);
        if (code != ExitOk)
            return code;
        const OAuthSession::State state = context->restoreSession();
        if (state == OAuthSession::State::ReconnectNeeded) {
            context->error(tr("the stored sign-in is no longer valid: run integrations-cli login"));
            return ExitReconnect;
        }
        if (state != OAuthSession::State::Connected) {
            context->error(tr(
                "not signed in: run integrations-cli login (or use --private-app-token-env NAME)"));
            return ExitNotSignedIn;
        }
        provider = &context->provider();
        profile = context->profile();
        tokens = &context->session();
        network = &context->network();
        request.accountId = parser.isSet(QStringLiteral("hub-id"))
                                ? parser.value(QStringLiteral("hub-id"))
                                : context->session().account().accountId;
    }

    // Output: a file (written whole or not at all... except that an incomplete
    // load still writes what it got) or stdout.
    std::unique_ptr<QSaveFile> file;
    QFile standardOutput;
    QIODevice *device = nullptr;
    const QString outputPath = parser.value(QStringLiteral("output"));
    if (!outputPath.isEmpty()) {
        file = std::make_unique<QSaveFile>(outputPath);
        if (!file->open(QIODevice::WriteOnly)) {
            printErr(
                QStringLiteral("load: cannot write %1: %2").arg(outputPath, file->errorString()));
            return ExitFailure;
        }
        device = file.get();
    } else {
        standardOutput.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle);
        device = &standardOutput;
    }
    ItemWriter writer(*device, *format);

    ApiClient client(*network, *tokens);
    client.setBaseUrl(profile.apiBaseUrl);
    if (parser.isSet(QStringLiteral("max-attempts"))) {
        bool ok = false;
        const int attempts = parser.value(QStringLiteral("max-attempts")).toInt(&ok);
        if (!ok || attempts < 1 || attempts > 100) {
            printErr(QStringLiteral("load: --max-attempts needs a number 1-100"));
            return ExitUsage;
        }
        RetryPolicy policy = client.retryPolicy();
        policy.maxAttempts = attempts;
        policy.maxBadResponses = std::min(policy.maxBadResponses, attempts);
        client.setRetryPolicy(policy);
    }
    std::unique_ptr<ItemLoader> loader(provider->createLoader(client, profile, nullptr));
    if (!loader) {
        printErr(QStringLiteral("load: %1 cannot load items yet").arg(provider->displayName));
        return ExitFailure;
    }

    // Progress: a live line on a terminal, a line every few seconds otherwise.
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    QElapsedTimer sinceLine;
    sinceLine.start();
    bool liveLineShown = false;
    LoadProgress lastProgress;
    auto showProgress = [&](const LoadProgress &progress, bool force) {
        lastProgress = progress;
        if (quiet)
            return;
        if (tty) {
            if (!force && sinceLine.elapsed() < 100)
                return;
            std::fprintf(stderr, "\r\033[K%s",
                         progressLine(progress, false).toLocal8Bit().constData());
            liveLineShown = true;
        } else {
            if (!force && sinceLine.elapsed() < 2000)
                return;
            std::fprintf(stderr, "%s\n", progressLine(progress, false).toLocal8Bit().constData());
        }
        std::fflush(stderr);
        sinceLine.restart();
    };

    std::optional<LoadOutcome> outcome;
    QObject::connect(loader.get(), &ItemLoader::itemsReady, loader.get(),
                     [&writer](const ItemBatch &batch) { writer.write(batch); });
    QObject::connect(loader.get(), &ItemLoader::progressChanged, loader.get(),
                     [&](const LoadProgress &progress) { showProgress(progress, false); });
    QObject::connect(loader.get(), &ItemLoader::finished, loader.get(),
                     [&outcome](const LoadOutcome &o) { outcome = o; });

    g_loadInterrupted = false;
    auto previousInt = std::signal(SIGINT, onLoadSignal);
    auto previousTerm = std::signal(SIGTERM, onLoadSignal);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, loader.get(), [&] {
        if (g_loadInterrupted && !outcome)
            loader->cancel();
    });
    interruptPoll.start(100);

    QElapsedTimer clock;
    clock.start();
    loader->start(request);
    // Block in the event loop until finished (CliContext::waitFor polls with
    // processEvents(flags, 50), which spins a core for the whole load).
    {
        QEventLoop loop;
        QObject::connect(loader.get(), &ItemLoader::finished, &loop, &QEventLoop::quit,
                         Qt::QueuedConnection);
        if (!outcome)
            loop.exec();
    }
    interruptPoll.stop();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);

    // Write whatever arrived, complete or not.
    bool written = writer.finish();
    if (file)
        written = written && file->commit();
    else
        standardOutput.flush();

    if (!quiet && tty && liveLineShown)
        std::fputs("\r\033[K", stderr);
    const double seconds = clock.elapsed() / 1000.0;
    int total = 0;
    for (const TypeProgress &t : outcome->types)
        total += t.loaded;
    LoadProgress finalProgress;
    finalProgress.types = outcome->types;
    finalProgress.requestsPerSecond = lastProgress.requestsPerSecond;
    if (!quiet || !outcome->complete) {
        printErr(
            QStringLiteral("%1 %2 items in %3 s (%4) | %5 requests, %6 retries, %7 rate-limited")
                .arg(outcome->complete ? QStringLiteral("Loaded") : QStringLiteral("Incomplete:"))
                .arg(total)
                .arg(seconds, 0, 'f', 1)
                .arg(progressLine(finalProgress, true))
                .arg(client.statistics().sent)
                .arg(client.statistics().retries)
                .arg(client.statistics().http429));
    }
    if (!written) {
        printErr(QStringLiteral("load: could not write the output: %1")
                     .arg(file ? file->errorString() : writer.errorString()));
        return ExitFailure;
    }
    if (outcome->complete)
        return ExitOk;
    if (outcome->cancelled) {
        printErr(QStringLiteral("load: cancelled; what was loaded so far has been written"));
        return ExitCancelled;
    }
    if (outcome->types.isEmpty() && outcome->error)
        printErr(QStringLiteral("load: ") + outcome->error.message);
    for (const TypeProgress &t : outcome->types)
        if (!t.done)
            printErr(QStringLiteral("load: %1 incomplete after %2 items: %3")
                         .arg(t.type)
                         .arg(t.loaded)
                         .arg(t.error ? t.error.message : tr("not finished")));
    if (outcome->error.kind == Error::Kind::ReconnectNeeded ||
        outcome->error.kind == Error::Kind::Unauthorized)
        printErr(tr("load: sign in again with integrations-cli login, then load again"));
    const int code = exitCodeFor(outcome->error);
    return code == ExitOk ? ExitFailure : code;
}
