// `integrations-cli load` and `sync`, through the Connection. `load` reads every
// object of the account (or of an access token) and writes it as JSON, JSONL,
// CSV or a tree, to stdout or --output, and into the local copy; `load
// --offline` writes the same from the local copy without the network; `sync`
// brings the local copy up to date (a full load the first time, changes after)
// and prints what changed. Progress goes to stderr. See docs/cli.md.
#include "clicontext.h"

#include "items/itemexport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSaveFile>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>

namespace desk::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

void printErr(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

enum class Command
{
    Load,
    Sync,
};

// The options of load and sync beyond the common ones, read and checked.
struct LoadArgs
{
    ItemWriter::Format format = ItemWriter::Format::Json;
    QString outputPath;
    QString tokenVariable; // --private-app-token-env / --access-token-env
    QString accountId;     // --hub-id / --account-id
    bool quiet = false;
    bool offline = false;
    int maxAttempts = 0;
};

void addLoadOptions(QCommandLineParser &parser, Command command)
{
    parser.addOption({QStringLiteral("objects"),
                      tr("Object types to load, comma separated (default: the saved ones, else "
                         "the provider's defaults)."),
                      QStringLiteral("types")});
    parser.addOption(
        {QStringLiteral("properties"),
         tr("Extra properties as type:name, comma separated or repeated (e.g. contacts:phone)."),
         QStringLiteral("list")});
    parser.addOption(
        {QStringLiteral("private-app-token-env"),
         tr("Use the private-app (or access) token in environment variable NAME instead of the "
            "stored sign-in. Tokens are never read from the command line."),
         QStringLiteral("name")});
    parser.addOption({QStringLiteral("access-token-env"), tr("Same as --private-app-token-env."),
                      QStringLiteral("name")});
    parser.addOption({{QStringLiteral("hub-id"), QStringLiteral("account-id")},
                      tr("Account id when loading with a token (default: asked of the provider)."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("quiet"), tr("No progress on stderr.")});
    parser.addOption({QStringLiteral("max-attempts"),
                      tr("Tries per request on server errors, timeouts and resets (default 6)."),
                      QStringLiteral("n")});
    if (command == Command::Sync)
        return;
    parser.addOption({QStringLiteral("format"),
                      tr("Output format: json (default), jsonl, csv or tree."),
                      QStringLiteral("format"), QStringLiteral("json")});
    parser.addOption({QStringLiteral("output"), tr("Write the data to FILE instead of stdout."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("offline"), tr("Write what the local copy holds, without the network.")});
}

Result<LoadArgs> readLoadArgs(const QCommandLineParser &parser, Command command)
{
    LoadArgs args;
    if (command == Command::Load) {
        const auto format = ItemWriter::formatFromName(parser.value(QStringLiteral("format")));
        if (!format)
            return Error(Error::Kind::Configuration,
                         QStringLiteral("--format must be one of %1")
                             .arg(ItemWriter::formatNames().join(QStringLiteral(", "))));
        args.format = *format;
        args.outputPath = parser.value(QStringLiteral("output"));
        args.offline = parser.isSet(QStringLiteral("offline"));
    }
    args.tokenVariable = parser.isSet(QStringLiteral("private-app-token-env"))
                             ? parser.value(QStringLiteral("private-app-token-env"))
                             : parser.value(QStringLiteral("access-token-env"));
    args.accountId = parser.value(QStringLiteral("hub-id"));
    args.quiet = parser.isSet(QStringLiteral("quiet"));
    if (parser.isSet(QStringLiteral("max-attempts"))) {
        bool ok = false;
        args.maxAttempts = parser.value(QStringLiteral("max-attempts")).toInt(&ok);
        if (!ok || args.maxAttempts < 1 || args.maxAttempts > 100)
            return Error(Error::Kind::Configuration,
                         QStringLiteral("--max-attempts needs a number 1-100"));
    }
    return args;
}

// Connects with the token from the environment, or restores the stored sign-in.
int connectForLoad(CliContext &ctx, const LoadArgs &args)
{
    if (args.tokenVariable.isEmpty())
        return ctx.requireSignedIn();
    const QByteArray token = qgetenv(args.tokenVariable.toLocal8Bit().constData()).trimmed();
    if (token.isEmpty()) {
        ctx.error(
            QStringLiteral("environment variable %1 is empty or not set").arg(args.tokenVariable));
        return ExitUsage;
    }
    Connection &connection = ctx.connection();
    bool done = false;
    Error failure;
    auto onDone = QObject::connect(&connection, &Connection::connected, &connection,
                                   [&done] { done = true; });
    auto onFail = QObject::connect(&connection, &Connection::signInFailed, &connection,
                                   [&](const Error &error) {
                                       failure = error;
                                       done = true;
                                   });
    // The account only serves object URLs and the local copy's name: a failed
    // lookup still loads (in memory), as the token alone decides what is read.
    connection.connectWithAccessToken(token, AccessTokenOptions{false, args.accountId, false});
    CliContext::waitFor([&] { return done; }, 60000);
    QObject::disconnect(onDone);
    QObject::disconnect(onFail);
    if (failure || connection.state() != Connection::State::Connected) {
        ctx.error(failure ? failure.message : tr("the access token could not be used"));
        return failure ? exitCodeFor(failure) : ExitFailure;
    }
    return ExitOk;
}

// Where the items go: a file (replaced when the load ends) or stdout.
class Output
{
public:
    Error open(const QString &path, ItemWriter::Format format)
    {
        if (!path.isEmpty()) {
            m_file = std::make_unique<QSaveFile>(path);
            if (!m_file->open(QIODevice::WriteOnly))
                return Error(
                    Error::Kind::Storage,
                    QStringLiteral("cannot write %1: %2").arg(path, m_file->errorString()));
            m_writer = std::make_unique<ItemWriter>(*m_file, format);
            return {};
        }
        m_stdout.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle);
        m_writer = std::make_unique<ItemWriter>(m_stdout, format);
        return {};
    }
    ItemWriter &writer() { return *m_writer; }
    // Completes the document; the error text when it could not be written.
    QString finish()
    {
        bool written = m_writer->finish();
        if (m_file)
            written = written && m_file->commit();
        else
            m_stdout.flush();
        if (written)
            return {};
        return m_file ? m_file->errorString() : m_writer->errorString();
    }

private:
    std::unique_ptr<QSaveFile> m_file;
    QFile m_stdout;
    std::unique_ptr<ItemWriter> m_writer;
};

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

// Progress on stderr: a live line on a terminal, a line every 2 s otherwise.
class ProgressPrinter
{
public:
    explicit ProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDERR_FILENO) == 1)
    {
        m_sinceLine.start();
    }
    void show(const LoadProgress &progress)
    {
        m_last = progress;
        if (m_quiet || m_sinceLine.elapsed() < (m_tty ? 100 : 2000))
            return;
        const QByteArray line = progressLine(progress, false).toLocal8Bit();
        if (m_tty)
            std::fprintf(stderr, "\r\033[K%s", line.constData());
        else
            std::fprintf(stderr, "%s\n", line.constData());
        m_liveLine = m_tty;
        std::fflush(stderr);
        m_sinceLine.restart();
    }
    void clear()
    {
        if (m_liveLine)
            std::fputs("\r\033[K", stderr);
        m_liveLine = false;
    }
    const LoadProgress &last() const { return m_last; }

private:
    bool m_quiet;
    bool m_tty;
    bool m_liveLine = false;
    QElapsedTimer m_sinceLine;
    LoadProgress m_last;
};

// Starts the load or sync and runs the event loop until it finished; SIGINT
// and SIGTERM cancel it (what was loaded is kept).
LoadResult runToEnd(Connection &connection, Command command, ProgressPrinter &progress)
{
    std::optional<LoadResult> result;
    QEventLoop loop;
    auto onProgress = QObject::connect(&connection, &Connection::progressChanged, &loop,
                                       [&progress](const LoadProgress &p) { progress.show(p); });
    auto onFinished =
        QObject::connect(&connection, &Connection::loadFinished, &loop, [&](const LoadResult &r) {
            result = r;
            loop.quit();
        });
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&] {
        if (interrupted() && !result)
            connection.cancel();
    });
    interruptPoll.start(100);
    if (command == Command::Load)
        connection.load(LoadOptions{false}); // every item, for the output
    else
        connection.refresh();
    if (!result)
        loop.exec();
    QObject::disconnect(onProgress);
    QObject::disconnect(onFinished);
    progress.clear();
    return *result;
}

// The summary line (unless quiet and complete) and the exit code of a load or sync.
int finishLoad(const LoadResult &result, const ProgressPrinter &progress, bool quiet,
               const QString &command)
{
    int total = 0;
    for (const TypeProgress &t : result.outcome.types)
        total += t.loaded;
    LoadProgress final;
    final.types = result.outcome.types;
    final.requestsPerSecond = progress.last().requestsPerSecond;
    if (!quiet || !result.complete())
        printErr(
            QStringLiteral("%1 %2 items in %3 s (%4) | %5 requests, %6 retries, %7 rate-limited")
                .arg(result.complete() ? QStringLiteral("Loaded") : QStringLiteral("Incomplete:"))
                .arg(total)
                .arg(result.elapsedMs / 1000.0, 0, 'f', 1)
                .arg(progressLine(final, true))
                .arg(result.requests)
                .arg(result.retries)
                .arg(result.rateLimited));
    if (result.complete())
        return ExitOk;
    const LoadOutcome &outcome = result.outcome;
    if (result.storeError)
        printErr(command + QStringLiteral(": ") + result.storeError.message);
    if (outcome.cancelled && !result.storeError) {
        printErr(command + QStringLiteral(": cancelled; what was loaded so far has been kept"));
        return ExitCancelled;
    }
    if (outcome.types.isEmpty() && outcome.error)
        printErr(command + QStringLiteral(": ") + outcome.error.message);
    for (const TypeProgress &t : outcome.types)
        if (!t.done)
            printErr(QStringLiteral("%1: %2 incomplete after %3 items: %4")
                         .arg(command, t.type)
                         .arg(t.loaded)
                         .arg(t.error ? t.error.message : tr("not finished")));
    const Error error = result.error();
    if (error.kind == Error::Kind::ReconnectNeeded || error.kind == Error::Kind::Unauthorized)
        printErr(command + tr(": sign in again with integrations-cli login, then try again"));
    const int code = exitCodeFor(error);
    return code == ExitOk ? ExitFailure : code;
}

// load --offline: the local copy, in the requested format, no network.
int writeOffline(CliContext &ctx, const LoadArgs &args)
{
    Connection &connection = ctx.connection();
    if (Error error = connection.openLocalCopy()) {
        ctx.error(error.message);
        return ExitNoLocalCopy;
    }
    const TypeCatalog catalog = ctx.provider().catalog();
    const Result<QStringList> types = catalog.resolve(connection.config().objectTypes.value);
    if (!types) {
        ctx.error(types.error().message);
        return ExitUsage;
    }
    Output output;
    if (Error error = output.open(args.outputPath, args.format)) {
        ctx.error(error.message);
        return ExitFailure;
    }
    // The provider's root items (a workspace) come with every load: with it here too.
    std::unique_ptr<ItemCursor> cursor =
        connection.store()->itemCursor(types.value() + catalog.ignored);
    qint64 count = 0;
    for (;;) {
        Result<ItemBatch> batch = cursor->next(1000);
        if (!batch) {
            ctx.error(batch.error().message);
            output.finish();
            return ExitFailure;
        }
        if (batch.value().isEmpty())
            break;
        count += batch.value().size();
        output.writer().write(batch.value());
    }
    const QString failure = output.finish();
    if (!failure.isEmpty()) {
        ctx.error(QStringLiteral("could not write the output: %1").arg(failure));
        return ExitFailure;
    }
    if (!args.quiet) {
        const QDateTime asOf = connection.store()->asOf();
        printErr(QStringLiteral("Read %1 items from the local copy%2")
                     .arg(count)
                     .arg(asOf.isValid() ? QStringLiteral(" (as of ") + asOf.toString(Qt::ISODate) +
                                               QLatin1Char(')')
                                         : QString()));
    }
    return ExitOk;
}

// The counts a sync prints on stdout: what changed, and how each type was read.
void printSyncSummary(const LoadResult &result)
{
    const ChangeSummary &c = result.changes;
    CliContext::out(
        QStringLiteral("%1: %2 new, %3 changed, %4 removed, %5 unchanged | %6 requests")
            .arg(result.complete() ? QStringLiteral("Synced") : QStringLiteral("Incomplete"))
            .arg(c.added)
            .arg(c.changed)
            .arg(c.removed)
            .arg(c.unchanged)
            .arg(result.requests));
    if (!result.readChanges.isEmpty())
        CliContext::out(QStringLiteral("read changes: ") +
                        result.readChanges.join(QStringLiteral(", ")));
    if (!result.readInFull.isEmpty())
        CliContext::out(QStringLiteral("read in full: ") +
                        result.readInFull.join(QStringLiteral(", ")));
    if (!result.resumed.isEmpty())
        CliContext::out(QStringLiteral("resumed: ") + result.resumed.join(QStringLiteral(", ")));
}

int runLoadOrSync(const QStringList &arguments, Command command)
{
    const QString name = command == Command::Load ? QStringLiteral("load") : QStringLiteral("sync");
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommand(parser, arguments, name,
                      command == Command::Load
                          ? tr("Load every object of the account and write it out.")
                          : tr("Bring the local copy up to date and print what changed."),
                      &code, [command](QCommandLineParser &p) { addLoadOptions(p, command); }))
        return code;
    const Result<LoadArgs> args = readLoadArgs(parser, command);
    if (!args) {
        printErr(name + QStringLiteral(": ") + args.error().message);
        return ExitUsage;
    }
    CliContext ctx(name);
    const bool network = !args.value().offline;
    if ((code = ctx.setUp(parser, network && args.value().tokenVariable.isEmpty())) != ExitOk)
        return code;
    if (!network)
        return writeOffline(ctx, args.value());
    if ((code = connectForLoad(ctx, args.value())) != ExitOk)
        return code;
    Connection &connection = ctx.connection();
    if (args.value().maxAttempts > 0)
        connection.setMaxAttempts(args.value().maxAttempts);
    std::unique_ptr<Output> output;
    if (command == Command::Load) {
        output = std::make_unique<Output>();
        if (Error error = output->open(args.value().outputPath, args.value().format)) {
            ctx.error(error.message);
            return ExitFailure;
        }
        QObject::connect(&connection, &Connection::itemsLoaded, &connection,
                         [&output](const ItemBatch &items) { output->writer().write(items); });
    }
    ProgressPrinter progress(args.value().quiet);
    const LoadResult result = runToEnd(connection, command, progress);
    // Write whatever arrived, complete or not.
    const QString failure = output ? output->finish() : QString();
    if (command == Command::Sync)
        printSyncSummary(result);
    const int exit = finishLoad(result, progress, args.value().quiet, name);
    if (!failure.isEmpty()) {
        ctx.error(QStringLiteral("could not write the output: %1").arg(failure));
        return ExitFailure;
    }
    return exit;
}

} // namespace

int runLoad(const QStringList &arguments)
{
    return runLoadOrSync(arguments, Command::Load);
}

int runSync(const QStringList &arguments)
{
    return runLoadOrSync(arguments, Command::Sync);
}

} // namespace desk::cli
