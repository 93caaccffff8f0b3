// integrations-bench: loads sandbox HubSpot accounts through desk::ApiClient +
// the load engine running the HubSpot provider, as the app does, and prints:
//   throttled   --latency-ms 250 --rate-limit 20/1000, 20,000 contacts + 500
//               companies + 500 deals + 200 tickets: share of the general budget
//               used, what the search budget added, 429s;
//   unthrottled no limit in practice (100,000 per second, announced in the
//               rate-limit headers; search off), 40,000 contacts + 4,000 companies + 12,000
//               deals + 4,000 tickets: records/s, and in the same run HubSpot's
//               official Node SDK getAll() (tests/sdk/hubspot/) on the same sandbox;
//   sync        100,000 contacts: requests of a full load, of a refresh after 1 %
//               of the contacts changed, and of a refresh with nothing changed.
// See docs/benchmarks.md.
#include "auth/accesstokenprovider.h"
#include "engine/loadengine.h"
#include "net/apiclient.h"
#include "providers/providerspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>
#include <cstdio>
#include <optional>
#include <sys/resource.h>

using namespace desk;

namespace {

class BenchTokens : public AccessTokenProvider
{
public:
    explicit BenchTokens(QByteArray token) : m_token(std::move(token)) {}
    QByteArray bearerToken() const override { return m_token; }
    bool tokenNeedsRefresh() const override { return false; }
    void refreshAccessToken(std::function<void(const Error &)> done) override
    {
        done(Error(Error::Kind::ReconnectNeeded, QStringLiteral("static token")));
    }

private:
    QByteArray m_token;
};

// The items of the account as the caller keeps them (what the item store is to
// the app), so that a sync can read what it had.
class MemorySource : public ItemSource
{
public:
    std::optional<IntegrationItem> item(const ItemKey &key) const override
    {
        const auto it = m_items.constFind(key);
        return it == m_items.cend() ? std::nullopt : std::optional<IntegrationItem>(*it);
    }
    QVector<ItemKey> keys() const override { return m_items.keys().toVector(); }
    void add(const ItemBatch &batch)
    {
        for (const IntegrationItem &item : batch)
            m_items.insert(ItemKey{item.type, item.id}, item);
    }
    void remove(const QVector<ItemKey> &keys)
    {
        for (const ItemKey &key : keys)
            m_items.remove(key);
    }
    int size() const { return int(m_items.size()); }

private:
    QHash<ItemKey, IntegrationItem> m_items;
};

double cpuSecondsOf(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

// Blocks in the event loop (no spinning: that would inflate the CPU figures)
// until done() or the timeout; a ticking timer wakes it to check.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QTimer tick;
    tick.start(50);
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return done();
}

// integrations-sandbox from the bench's own bin directory, with a private-app token.
class Sandbox
{
public:
    QByteArray token =
        "pat-bench-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    QUrl base;
    QString error;

    bool start(const QStringList &arguments)
    {
        m_process.setProgram(QCoreApplication::applicationDirPath() +
                             QStringLiteral("/integrations-sandbox"));
        m_process.setArguments(QStringList{QStringLiteral("--port"), QStringLiteral("0"),
                                           QStringLiteral("--quiet"),
                                           QStringLiteral("--private-app-token"),
                                           QString::fromLatin1(token)} +
                               arguments);
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            error = QStringLiteral("cannot start %1").arg(m_process.program());
            return false;
        }
        static const QRegularExpression ready(
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QByteArray out;
        waitFor(
            [&] {
                out += m_process.readAllStandardOutput();
                const auto match = ready.match(QString::fromUtf8(out));
                if (match.hasMatch())
                    base = QUrl(match.captured(1));
                return base.isValid() || m_process.state() != QProcess::Running;
            },
            300000);
        if (!base.isValid())
            error = QStringLiteral("the sandbox did not start: ") +
                    QString::fromUtf8(m_process.readAllStandardError());
        return base.isValid();
    }

    // POST /_sandbox/changes.
    bool change(const QJsonObject &changes)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(base.resolved(QUrl(QStringLiteral("/_sandbox/changes"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply =
            network.post(request, QJsonDocument(changes).toJson(QJsonDocument::Compact));
        waitFor([reply] { return reply->isFinished(); }, 120000);
        const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        reply->deleteLater();
        return ok;
    }

    // Stops it; its summary line says how many 429s it answered.
    void stop()
    {
        const double before = cpuSecondsOf(RUSAGE_CHILDREN);
        m_process.terminate();
        if (!m_process.waitForFinished(20000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        cpuSeconds = cpuSecondsOf(RUSAGE_CHILDREN) - before;
        static const QRegularExpression summary(QStringLiteral("(\\d+) rate-limited"));
        const auto match = summary.match(QString::fromUtf8(m_process.readAllStandardError()));
        served429 = match.hasMatch() ? match.captured(1).toLongLong() : -1;
    }
    double cpuSeconds = 0;
    qint64 served429 = -1;

private:
    QProcess m_process;
};

struct Figures
{
    bool ok = false;
    QString error;
    qint64 items = 0;
    double seconds = 0;
    qint64 general = 0; // requests of the general budget (everything but search)
    qint64 search = 0;
    qint64 http429 = 0;
    qint64 retries = 0;
    int busiestWindow = 0; // general requests answered within any one interval
    double cpuSeconds = 0;
    LoadOutcome outcome;
};

struct LoadSetup
{
    LoadRequest request;
    LoadTuning tuning;
    int windowMs = 0;              // the general limit's interval, for the busiest window
    MemorySource *keep = nullptr;  // items emitted go here (and removals come out)
};

Figures load(const Sandbox &sandbox, const LoadSetup &setup)
{
    Figures figures;
    QNetworkAccessManager network;
    BenchTokens tokens(sandbox.token);
    ApiClient client(network, tokens);
    client.setBaseUrl(sandbox.base);
    ProviderProfile profile;
    profile.apiBaseUrl = sandbox.base;
    profile.webBaseUrl = sandbox.base;
    LoadEngine loader(client, profile, ProviderRegistry::find(QStringLiteral("hubspot"))->load());
    loader.setTuning(setup.tuning);
    std::optional<LoadOutcome> outcome;
    QVector<qint64> generalAt;
    QElapsedTimer clock;
    QObject::connect(&loader, &ItemLoader::itemsReady, &loader, [&](const ItemBatch &batch) {
        figures.items += batch.size();
        if (setup.keep)
            setup.keep->add(batch);
    });
    QObject::connect(&loader, &ItemLoader::itemsRemoved, &loader,
                     [&](const QVector<ItemKey> &keys) {
                         if (setup.keep)
                             setup.keep->remove(keys);
                     });
    QObject::connect(&loader, &ItemLoader::finished, &loader,
                     [&](const LoadOutcome &o) { outcome = o; });
    QObject::connect(&client, &ApiClient::requestFinished, &client,
                     [&](const QString &tag, int) {
                         if (tag.endsWith(QLatin1String(":search"))) {
                             ++figures.search;
                         } else {
                             ++figures.general;
                             generalAt.append(clock.elapsed());
                         }
                     });
    const double cpuBefore = cpuSecondsOf(RUSAGE_SELF);
    clock.start();
    loader.start(setup.request);
    waitFor([&] { return outcome.has_value(); }, 60 * 60 * 1000);
    figures.seconds = clock.elapsed() / 1000.0;
    figures.cpuSeconds = cpuSecondsOf(RUSAGE_SELF) - cpuBefore;
    figures.http429 = client.statistics().http429;
    figures.retries = client.statistics().retries;
    for (int first = 0, last = 0; setup.windowMs > 0 && last < generalAt.size(); ++last) {
        while (generalAt.at(last) - generalAt.at(first) >= setup.windowMs)
            ++first;
        figures.busiestWindow = std::max(figures.busiestWindow, last - first + 1);
    }
    figures.ok = outcome && outcome->complete;
    if (outcome) {
        figures.outcome = *outcome;
        if (!outcome->complete)
            figures.error = outcome->error.message + QStringLiteral(" (") +
                            outcome->error.detail + QLatin1Char(')');
    }
    return figures;
}

QStringList counts(int contacts, int companies, int deals, int tickets)
{
    return {QStringLiteral("--contacts"),  QString::number(contacts),
            QStringLiteral("--companies"), QString::number(companies),
            QStringLiteral("--deals"),     QString::number(deals),
            QStringLiteral("--tickets"),   QString::number(tickets)};
}

void printLoad(const char *label, const Figures &f, double allowedPerSecond)
{
    std::printf("   %-12s %lld records in %.2f s = %.0f records/s%s\n", label, f.items, f.seconds,
                f.items / f.seconds, f.ok ? "" : "  (INCOMPLETE)");
    if (!f.ok)
        std::printf("                FAILED: %s\n", qPrintable(f.error));
    std::printf("                general requests %lld = %.1f/s", f.general, f.general / f.seconds);
    if (allowedPerSecond > 0)
        std::printf(" = %.1f %% of the allowed %.0f/s (busiest window %d)",
                    100.0 * f.general / f.seconds / allowedPerSecond, allowedPerSecond,
                    f.busiestWindow);
    std::printf("; search requests %lld = %.1f/s\n", f.search, f.search / f.seconds);
    std::printf("                429s %lld (client), retries %lld, client CPU %.2f s\n", f.http429,
                f.retries, f.cpuSeconds);
}

LoadTuning tuningFrom(const QCommandLineParser &parser)
{
    LoadTuning tuning;
    if (parser.isSet(QStringLiteral("index-lag-ms")))
        tuning.indexLagMs = parser.value(QStringLiteral("index-lag-ms")).toLongLong();
    if (parser.isSet(QStringLiteral("partitions")))
        tuning.partitions = parser.value(QStringLiteral("partitions")).toInt();
    return tuning;
}

bool throttled(const QCommandLineParser &parser, double scale)
{
    std::printf("\n== throttled: --latency-ms 250 --rate-limit 20/1000 (search: its own 5/1000)\n");
    Sandbox sandbox;
    if (!sandbox.start(counts(int(20000 * scale), int(500 * scale), int(500 * scale),
                              int(200 * scale)) +
                       QStringList{QStringLiteral("--latency-ms"), QStringLiteral("250"),
                                   QStringLiteral("--rate-limit"), QStringLiteral("20/1000")})) {
        std::printf("   FAILED: %s\n", qPrintable(sandbox.error));
        return false;
    }
    LoadSetup setup;
    setup.tuning = tuningFrom(parser);
    setup.windowMs = 1000;
    const Figures f = load(sandbox, setup);
    sandbox.stop();
    printLoad("loader", f, 20.0);
    std::printf("                the sandbox answered %lld 429s\n", sandbox.served429);
    return f.ok && f.http429 == 0;
}

// HubSpot's Node SDK getAll() through the legacy /crm/v3 paths: "total records=N … records_per_s=X".
bool runSdk(const QString &script, const Sandbox &sandbox, const QStringList &options,
            qint64 *records, double *seconds)
{
    QProcess node;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HUBSPOT_ACCESS_TOKEN"), QString::fromLatin1(sandbox.token));
    node.setProcessEnvironment(environment);
    node.start(QStringLiteral("node"), QStringList{script, sandbox.base.toString()} + options);
    if (!node.waitForFinished(30 * 60 * 1000) || node.exitCode() != 0) {
        std::printf("   SDK FAILED: %s\n", node.readAllStandardError().constData());
        return false;
    }
    static const QRegularExpression total(
        QStringLiteral("total records=(\\d+) unique=\\d+ seconds=([0-9.]+)"));
    const auto match = total.match(QString::fromUtf8(node.readAllStandardOutput()));
    if (!match.hasMatch())
        return false;
    *records = match.captured(1).toLongLong();
    *seconds = match.captured(2).toDouble();
    return true;
}

bool unthrottled(const QCommandLineParser &parser, double scale)
{
    // A limit no load reaches, announced in the headers: with the limit off the
    // sandbox sends none, and the client then keeps HubSpot's documented 100 per
    // 10 s (the safe reading), which would measure that default, not the client.
    std::printf("\n== unthrottled: --rate-limit 100000/1000 (in the headers) "
                "--search-rate-limit off\n");
    Sandbox sandbox;
    if (!sandbox.start(counts(int(40000 * scale), int(4000 * scale), int(12000 * scale),
                              int(4000 * scale)) +
                       QStringList{QStringLiteral("--rate-limit"), QStringLiteral("100000/1000"),
                                   QStringLiteral("--search-rate-limit"), QStringLiteral("off")})) {
        std::printf("   FAILED: %s\n", qPrintable(sandbox.error));
        return false;
    }
    LoadSetup setup;
    setup.tuning = tuningFrom(parser);
    const Figures f = load(sandbox, setup);
    printLoad("loader", f, 0);
    bool ok = f.ok;
    const QString script = parser.value(QStringLiteral("sdk"));
    // As it comes (no associations), and asking for the associations inline as
    // the loader does (the SDK does not follow their paging).
    const QList<std::pair<const char *, QStringList>> sdkRuns = {
        {"Node SDK", {}}, {"SDK + assoc.", {QStringLiteral("--associations")}}};
    for (const auto &[label, options] : script.isEmpty() ? decltype(sdkRuns)() : sdkRuns) {
        qint64 records = 0;
        double seconds = 0;
        if (!runSdk(script, sandbox, options, &records, &seconds)) {
            ok = false;
            continue;
        }
        const double sdkRate = records / seconds;
        std::printf("   %-12s %lld records in %.2f s = %.0f records/s (the same sandbox)\n", label,
                    records, seconds, sdkRate);
        std::printf("   loader / %s %.2fx the records/s\n", label, f.items / f.seconds / sdkRate);
    }
    sandbox.stop();
    return ok;
}

bool sync(const QCommandLineParser &parser, double scale)
{
    const int contacts = int(100000 * scale);
    std::printf("\n== sync: %d contacts + 1,000 companies + 1,000 deals + 500 tickets, limits off\n",
                contacts);
    Sandbox sandbox;
    if (!sandbox.start(counts(contacts, 1000, 1000, 500) +
                       QStringList{QStringLiteral("--rate-limit"), QStringLiteral("off"),
                                   QStringLiteral("--search-rate-limit"), QStringLiteral("off")})) {
        std::printf("   FAILED: %s\n", qPrintable(sandbox.error));
        return false;
    }
    MemorySource kept;
    LoadSetup setup;
    setup.tuning = tuningFrom(parser);
    setup.keep = &kept;
    setup.request.known = &kept;
    const Figures full = load(sandbox, setup);
    printLoad("full load", full, 0);
    const int changed = contacts / 100;
    sandbox.change(QJsonObject{{QStringLiteral("type"), QStringLiteral("contacts")},
                               {QStringLiteral("modify"), changed * 3 / 5},
                               {QStringLiteral("add"), changed / 5},
                               {QStringLiteral("delete"), changed / 5}});
    setup.request.mode = LoadMode::Incremental;
    setup.request.syncStates = full.outcome.syncStates;
    const Figures refresh = load(sandbox, setup);
    printLoad("1 % changed", refresh, 0);
    setup.request.syncStates = refresh.outcome.syncStates;
    const Figures unchanged = load(sandbox, setup);
    printLoad("unchanged", unchanged, 0);
    sandbox.stop();
    const double fullRequests = double(full.general + full.search);
    std::printf("   refresh after 1 %% changed: %lld requests = %.1f %% of the full load's %.0f\n",
                refresh.general + refresh.search,
                100.0 * (refresh.general + refresh.search) / fullRequests, fullRequests);
    std::printf("   refresh with nothing changed: %lld requests = %.1f %% of the full load's\n",
                unchanged.general + unchanged.search,
                100.0 * (unchanged.general + unchanged.search) / fullRequests);
    return full.ok && refresh.ok && unchanged.ok;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("integrations-bench"));
    QLoggingCategory::setFilterRules(QStringLiteral("desk.*.info=false\ndesk.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Loads sandbox HubSpot accounts through the product's client and prints "
                       "rate use, records/s (beside HubSpot's Node SDK) and sync request counts."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("only"),
                      QStringLiteral("Run only 'throttled', 'unthrottled' or 'sync'."),
                      QStringLiteral("run")});
    parser.addOption({QStringLiteral("scale"),
                      QStringLiteral("Multiply every record count by F (default 1)."),
                      QStringLiteral("F"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("sdk"),
                      QStringLiteral("The SDK harness to run beside the unthrottled load "
                                     "(empty: none)."),
                      QStringLiteral("getall.js"),
                      QStringLiteral(DESK_SOURCE_DIR "/tests/sdk/hubspot/getall.js")});
    parser.addOption({QStringLiteral("index-lag-ms"),
                      QStringLiteral("LoadTuning::indexLagMs (default: the provider's)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("partitions"),
                      QStringLiteral("LoadTuning::partitions (default: the provider's choice)."),
                      QStringLiteral("N")});
    parser.process(app);

    const double scale = parser.value(QStringLiteral("scale")).toDouble();
    if (scale <= 0) {
        std::fprintf(stderr, "--scale needs a positive number\n");
        return 2;
    }
    const QString only = parser.value(QStringLiteral("only"));
    bool ok = true;
    if (only.isEmpty() || only == QLatin1String("throttled"))
        ok = throttled(parser, scale) && ok;
    if (only.isEmpty() || only == QLatin1String("unthrottled"))
        ok = unthrottled(parser, scale) && ok;
    if (only.isEmpty() || only == QLatin1String("sync"))
        ok = sync(parser, scale) && ok;
    std::fflush(stdout);
    return ok ? 0 : 1;
}
