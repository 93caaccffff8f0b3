// integrations-bench: starts the sandbox (from the same bin directory) with a
// private-app token and loads 100,000 contacts + 20,000 companies + 50,000 deals
// through desk::ApiClient + the load engine running the HubSpot provider:
//   (a) with the sandbox's rate limit off, and
//   (b) under a scaled limit (default 100 per 1,000 ms),
// printing records/s, requests/s against the allowed rate, the client's 429
// count, CPU time and peak RSS. See docs/benchmarks.md.
#include "auth/accesstokenprovider.h"
#include "engine/loadengine.h"
#include "net/apiclient.h"
#include "providers/providerspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
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

struct Scenario
{
    QString name;
    QString rateLimit; // "off" or MAX/WINDOW_MS
    int contacts = 0;
    int companies = 0;
    int deals = 0;
};

struct Figures
{
    bool ok = false;
    QString error;
    qint64 items = 0;
    double seconds = 0;
    qint64 requests = 0;
    qint64 http429 = 0;
    qint64 retries = 0;
    double allowedPerSecond = 0; // 0 = unlimited
    int busiestWindow = 0;       // most requests answered within one interval
    int windowMax = 0;
    double cpuSeconds = 0;
    double sandboxCpuSeconds = 0;
    long peakRssMb = 0;
};

double cpuSecondsOf(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024; // kB on Linux
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

Figures run(const Scenario &scenario, bool keepItems, bool urls)
{
    Figures figures;
    const QByteArray token =
        "pat-bench-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);

    QProcess sandbox;
    sandbox.setProgram(QCoreApplication::applicationDirPath() +
                       QStringLiteral("/integrations-sandbox"));
    sandbox.setArguments({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--quiet"),
                          QStringLiteral("--private-app-token"), QString::fromLatin1(token),
                          QStringLiteral("--contacts"), QString::number(scenario.contacts),
                          QStringLiteral("--companies"), QString::number(scenario.companies),
                          QStringLiteral("--deals"), QString::number(scenario.deals),
                          QStringLiteral("--tickets"), QStringLiteral("0"),
                          QStringLiteral("--rate-limit"), scenario.rateLimit});
    sandbox.setProcessChannelMode(QProcess::SeparateChannels);
    sandbox.start();
    if (!sandbox.waitForStarted(10000)) {
        figures.error = QStringLiteral("cannot start %1").arg(sandbox.program());
        return figures;
    }
    QUrl base;
    static const QRegularExpression ready(
        QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
    QByteArray out;
    waitFor(
        [&] {
            out += sandbox.readAllStandardOutput();
            const auto match = ready.match(QString::fromUtf8(out));
            if (match.hasMatch())
                base = QUrl(match.captured(1));
            return base.isValid() || sandbox.state() != QProcess::Running;
        },
        120000);
    if (!base.isValid()) {
        figures.error = QStringLiteral("the sandbox did not start: ") +
                        QString::fromUtf8(sandbox.readAllStandardError());
        return figures;
    }

    int max = 0, window = 0;
    const QStringList parts = scenario.rateLimit.split(QLatin1Char('/'));
    if (parts.size() == 2) {
        max = parts.at(0).toInt();
        window = parts.at(1).toInt();
        figures.allowedPerSecond = max * 1000.0 / window;
    }

    QNetworkAccessManager network;
    BenchTokens tokens(token);
    ApiClient client(network, tokens);
    client.setBaseUrl(base);
    ProviderProfile profile;
    profile.apiBaseUrl = base;
    profile.webBaseUrl = base;
    LoadEngine loader(client, profile, ProviderRegistry::find(QStringLiteral("hubspot"))->load());
    LoadTuning tuning;
    tuning.totals = false; // keep the request count to the list pages
    loader.setTuning(tuning);

    ItemBatch kept;
    qint64 items = 0;
    std::optional<LoadOutcome> outcome;
    QVector<qint64> finishedAt;
    QElapsedTimer clock;
    QObject::connect(&loader, &ItemLoader::itemsReady, &loader, [&](const ItemBatch &batch) {
        items += batch.size();
        if (keepItems)
            kept += batch;
    });
    QObject::connect(&loader, &ItemLoader::finished, &loader,
                     [&](const LoadOutcome &o) { outcome = o; });
    QObject::connect(&client, &ApiClient::requestFinished, &client,
                     [&](const QString &, int) { finishedAt.append(clock.elapsed()); });

    LoadRequest request;
    request.objectTypes = {QStringLiteral("contacts"), QStringLiteral("companies"),
                           QStringLiteral("deals")};
    if (urls)
        request.accountId = QStringLiteral("24681357"); // without it items carry no URL
    const double cpuBefore = cpuSecondsOf(RUSAGE_SELF);
    clock.start();
    loader.start(request);
    waitFor([&] { return outcome.has_value(); }, 30 * 60 * 1000);
    figures.seconds = clock.elapsed() / 1000.0;
    figures.cpuSeconds = cpuSecondsOf(RUSAGE_SELF) - cpuBefore;
    figures.peakRssMb = peakRssMb();
    figures.items = items;
    figures.requests = client.statistics().sent;
    figures.http429 = client.statistics().http429;
    figures.retries = client.statistics().retries;
    // Busiest window: the most requests answered within any span of one
    // interval (the server allows Max; the client aims at Max-1).
    if (window > 0) {
        int first = 0;
        for (int last = 0; last < finishedAt.size(); ++last) {
            while (finishedAt.at(last) - finishedAt.at(first) >= window)
                ++first;
            figures.busiestWindow = std::max(figures.busiestWindow, last - first + 1);
        }
        figures.windowMax = max;
    }
    figures.ok = outcome && outcome->complete;
    if (outcome && !outcome->complete)
        figures.error = outcome->error.message + QStringLiteral(" (") + outcome->error.detail +
                        QLatin1Char(')');

    const double childCpuBefore = cpuSecondsOf(RUSAGE_CHILDREN);
    sandbox.terminate();
    if (!sandbox.waitForFinished(10000)) {
        sandbox.kill();
        sandbox.waitForFinished(5000);
    }
    figures.sandboxCpuSeconds = cpuSecondsOf(RUSAGE_CHILDREN) - childCpuBefore;
    return figures;
}

void print(const Scenario &scenario, const Figures &f)
{
    std::printf("\n== %s: %d contacts + %d companies + %d deals, rate limit %s\n",
                qPrintable(scenario.name), scenario.contacts, scenario.companies, scenario.deals,
                qPrintable(scenario.rateLimit));
    if (!f.ok) {
        std::printf("   FAILED: %s\n", qPrintable(f.error));
    }
    std::printf("   records      %lld in %.2f s = %.0f records/s\n", f.items, f.seconds,
                f.items / f.seconds);
    std::printf("   requests     %lld = %.1f requests/s", f.requests, f.requests / f.seconds);
    if (f.allowedPerSecond > 0)
        std::printf(" = %.1f %% of the allowed %.1f/s; busiest window %d of %d",
                    100.0 * f.requests / f.seconds / f.allowedPerSecond, f.allowedPerSecond,
                    f.busiestWindow, f.windowMax);
    std::printf("\n   429s         %lld (client count), retries %lld\n", f.http429, f.retries);
    std::printf("   CPU          %.2f s client (%.1f %% of wall), %.2f s sandbox\n", f.cpuSeconds,
                100.0 * f.cpuSeconds / f.seconds, f.sandboxCpuSeconds);
    std::printf("   peak RSS     %ld MiB (client process)\n", f.peakRssMb);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("integrations-bench"));
    QLoggingCategory::setFilterRules(QStringLiteral("desk.*.info=false\ndesk.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Loads 100,000 contacts + 20,000 companies + 50,000 deals from the sandbox "
                       "(a) with the rate "
                       "limit off and (b) under a scaled limit, and prints the figures."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("scale"),
                      QStringLiteral("Multiply the limited run's counts by F (default 1)."),
                      QStringLiteral("F"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("unlimited-scale"),
                      QStringLiteral("Multiply the unlimited run's counts by F (default 1)."),
                      QStringLiteral("F"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("rate-limit"),
                      QStringLiteral("Limit for run (b), MAX/WINDOW_MS (default 100/1000)."),
                      QStringLiteral("spec"), QStringLiteral("100/1000")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("Run only 'unlimited' or 'limited'."),
                      QStringLiteral("run")});
    parser.addOption({QStringLiteral("discard"),
                      QStringLiteral("Count items instead of keeping them in memory.")});
    parser.addOption({QStringLiteral("no-urls"),
                      QStringLiteral("Load without an account id (items get no URL).")});
    parser.process(app);

    const double scale = parser.value(QStringLiteral("scale")).toDouble();
    const double unlimitedScale = parser.value(QStringLiteral("unlimited-scale")).toDouble();
    if (scale <= 0 || unlimitedScale <= 0) {
        std::fprintf(stderr, "--scale needs a positive number\n");
        return 2;
    }
    const QString only = parser.value(QStringLiteral("only"));
    const bool keep = !parser.isSet(QStringLiteral("discard"));

    QVector<Scenario> scenarios;
    if (only.isEmpty() || only == QLatin1String("unlimited"))
        scenarios.append({QStringLiteral("(a) rate limit off"), QStringLiteral("off"),
                          int(100000 * unlimitedScale), int(20000 * unlimitedScale),
                          int(50000 * unlimitedScale)});
    if (only.isEmpty() || only == QLatin1String("limited"))
        scenarios.append({QStringLiteral("(b) scaled limit"),
                          parser.value(QStringLiteral("rate-limit")), int(100000 * scale),
                          int(20000 * scale), int(50000 * scale)});

    bool allOk = true;
    for (const Scenario &scenario : std::as_const(scenarios)) {
        const Figures figures = run(scenario, keep, !parser.isSet(QStringLiteral("no-urls")));
        print(scenario, figures);
        allOk = allOk && figures.ok;
    }
    return allOk ? 0 : 1;
}
