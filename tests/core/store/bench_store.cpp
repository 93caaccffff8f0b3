// Item store benchmark (figures, not a test): applies N synthetic CRM contacts
// in pages of 100 as one full load, re-applies some unchanged, reopens the store
// and reads every row through the chunked reader as the tree does at start-up.
//
//   integrations-store-bench [--count N]... [--page 100] [--dir DIR] [--discard]
//
// Prints time per page, totals, time to the first chunk, rows/s, quick_check
// time, peak RSS and file size. Default counts: 100000 and 1000000 (run one
// count per process for a clean peak RSS).
#include "store/itemstore.h"
#include "store/storereader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace desk;

namespace {

ItemPresentation presentation()
{
    ItemPresentation p;
    p.types = {{QStringLiteral("companies"), QStringLiteral("Companies"), {}, true, false},
               {QStringLiteral("contacts"), QStringLiteral("Contacts"), {}, false, false}};
    ValueColumn email;
    email.propertyByType = {{QStringLiteral("contacts"), QStringLiteral("email")}};
    ValueColumn owner;
    owner.propertyByType = {{QStringLiteral("contacts"), QStringLiteral("hubspot_owner_id")}};
    ValueColumn stage;
    stage.propertyByType = {{QStringLiteral("contacts"), QStringLiteral("lifecyclestage")}};
    p.columns = {email, owner, stage};
    p.groupings = {{QStringLiteral("association:companies"), {}, QStringLiteral("companies"), {}}};
    return p;
}

// About what a HubSpot contact page gives per record (~1 KB stored).
IntegrationItem contact(qint64 n)
{
    static const QStringList firstNames = {QStringLiteral("Ada"), QStringLiteral("Grace"),
                                           QStringLiteral("Alan"), QStringLiteral("Edsger")};
    static const QStringList stages = {QStringLiteral("lead"), QStringLiteral("customer"),
                                       QStringLiteral("opportunity")};
    IntegrationItem item;
    item.id = QString::number(100000000 + n);
    item.type = QStringLiteral("contacts");
    const QString first = firstNames.at(int(n % firstNames.size()));
    const QString last = QStringLiteral("Lastname%1").arg(n);
    item.name = first + QLatin1Char(' ') + last;
    item.created = QDateTime::fromMSecsSinceEpoch(1600000000000 + n * 1000, Qt::UTC);
    item.modified = QDateTime::fromMSecsSinceEpoch(1700000000000 + n * 1000, Qt::UTC);
    item.url =
        QUrl(QStringLiteral("https://app.hubspot.com/contacts/24681357/record/0-1/") + item.id);
    const QString owner = QString::number(70 + n % 9);
    item.properties = {
        {QStringLiteral("email"),
         QStringLiteral("%1.%2@example%3.test").arg(first.toLower(), last.toLower()).arg(n % 97)},
        {QStringLiteral("firstname"), first},
        {QStringLiteral("lastname"), last},
        {QStringLiteral("phone"),
         QStringLiteral("+1 555 %1").arg(n % 10000000, 7, 10, QLatin1Char('0'))},
        {QStringLiteral("company"), QStringLiteral("Company %1").arg(n % 20000)},
        {QStringLiteral("jobtitle"), QStringLiteral("Engineer")},
        {QStringLiteral("lifecyclestage"), stages.at(int(n % stages.size()))},
        {QStringLiteral("hubspot_owner_id"), owner},
        {QStringLiteral("createdate"), item.created.toString(Qt::ISODateWithMs)},
        {QStringLiteral("lastmodifieddate"), item.modified.toString(Qt::ISODateWithMs)},
        {QStringLiteral("hs_object_id"), item.id},
    };
    item.labels = {{QStringLiteral("hubspot_owner_id"), QStringLiteral("Owner %1").arg(owner)},
                   {QStringLiteral("lifecyclestage"), stages.at(int(n % stages.size())).toUpper()}};
    item.associations = {{QStringLiteral("companies"), {QString::number(500000 + n % 20000)}}};
    return item;
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

qint64 filesSize(const QString &databasePath)
{
    qint64 total = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        total += QFileInfo(databasePath + suffix).size();
    return total;
}

// Process CPU time (user + system, all threads) in seconds.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double percentile(QVector<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(qMin(int(values.size()) - 1, int(p * values.size())));
}

StorePage pageOf(qint64 first, int size, bool last)
{
    StorePage page;
    page.items.reserve(size);
    for (qint64 n = first; n < first + size; ++n)
        page.items.append(contact(n));
    TypeSyncProgress progress;
    progress.type = QStringLiteral("contacts");
    progress.resumeCursors.insert(QStringLiteral("main"), QString::number(first + size));
    progress.fullLoadComplete = last;
    page.progress = {progress};
    return page;
}

void printPages(const char *what, const QVector<double> &ms, double totalS, double cpuS,
                qint64 items)
{
    std::printf("  %s: %lld items in %d pages, %.2f s total, %.0f items/s, CPU %.2f s "
                "(%.1f us per item, includes building the pages)\n",
                what, static_cast<long long>(items), int(ms.size()), totalS, items / totalS, cpuS,
                cpuS * 1e6 / items);
    std::printf("    ms per page: median %.2f, p90 %.2f, p99 %.2f, max %.2f\n", percentile(ms, 0.5),
                percentile(ms, 0.9), percentile(ms, 0.99), percentile(ms, 1.0));
}

bool writePhase(ItemStore &store, qint64 count, int pageSize)
{
    if (!store.beginFullLoad(QStringLiteral("contacts"))) {
        std::printf("beginFullLoad failed\n");
        return false;
    }
    QVector<double> pageMs;
    QElapsedTimer total;
    total.start();
    double cpu = cpuSeconds();
    for (qint64 first = 0; first < count; first += pageSize) {
        const int size = int(qMin<qint64>(pageSize, count - first));
        const StorePage page = pageOf(first, size, first + size >= count);
        QElapsedTimer timer;
        timer.start();
        auto applied = store.applyPage(page);
        pageMs.append(timer.nsecsElapsed() / 1e6);
        if (!applied) {
            std::printf("page at %lld failed: %s\n", static_cast<long long>(first),
                        qPrintable(applied.error().detail));
            return false;
        }
    }
    printPages("apply (new)", pageMs, total.nsecsElapsed() / 1e9, cpuSeconds() - cpu, count);
    std::printf("    last page (completes the load: sweep): %.1f ms\n", pageMs.last());
    // A refresh that brings 10,000 items again, unchanged (plus page building).
    pageMs.clear();
    total.restart();
    cpu = cpuSeconds();
    const qint64 again = qMin<qint64>(count, 10000);
    for (qint64 first = 0; first < again; first += pageSize) {
        StorePage page = pageOf(first, pageSize, false);
        page.progress.clear();
        QElapsedTimer timer;
        timer.start();
        if (!store.applyPage(page))
            return false;
        pageMs.append(timer.nsecsElapsed() / 1e6);
    }
    printPages("re-apply (unchanged)", pageMs, total.nsecsElapsed() / 1e9, cpuSeconds() - cpu,
               again);
    return true;
}

void readPhase(ItemStore &store, bool discard)
{
    RowBatch kept;
    qint64 rows = 0;
    double firstMs = -1;
    QElapsedTimer timer;
    timer.start();
    const double cpu = cpuSeconds();
    StoreReader *reader = store.readRows(ReadOptions{});
    QEventLoop loop;
    QObject::connect(reader, &StoreReader::rows, reader, [&](const RowBatch &batch) {
        if (firstMs < 0)
            firstMs = timer.nsecsElapsed() / 1e6;
        rows += batch.size();
        if (!discard)
            kept += batch;
    });
    Error result;
    QObject::connect(reader, &StoreReader::finished, &loop, [&](const Error &error) {
        result = error;
        loop.quit();
    });
    loop.exec();
    const double totalS = timer.nsecsElapsed() / 1e9;
    std::printf("  read rows: %lld rows, first chunk after %.1f ms, total %.2f s, %.0f rows/s, CPU "
                "%.2f s%s%s\n",
                static_cast<long long>(rows), firstMs, totalS, rows / totalS, cpuSeconds() - cpu,
                discard ? " (rows discarded)" : " (rows kept, as the tree does)",
                result ? " ERROR" : "");
    std::printf("  peak RSS after reading: %.0f MiB\n", peakRssMiB());
}

int runOne(const QString &directory, qint64 count, int pageSize, bool discard)
{
    std::printf("%lld contacts, pages of %d, store in %s\n", static_cast<long long>(count),
                pageSize, qPrintable(directory));
    StoreOptions options;
    options.directory = directory;
    options.providerId = QStringLiteral("bench");
    options.accountId = QStringLiteral("24681357");
    options.presentation = presentation();
    QString path;
    {
        auto opened = ItemStore::open(options);
        if (!opened) {
            std::printf("open failed: %s\n", qPrintable(opened.error().detail));
            return 1;
        }
        path = opened.value().store->databasePath();
        if (!writePhase(*opened.value().store, count, pageSize))
            return 1;
        std::printf("  peak RSS after writing: %.0f MiB\n", peakRssMiB());
        std::printf("  files while open: %.1f MiB\n", filesSize(path) / 1048576.0);
    }
    std::printf("  file after close: %.1f MiB (%.0f bytes per item)\n", filesSize(path) / 1048576.0,
                double(filesSize(path)) / count);
    QElapsedTimer timer;
    timer.start();
    auto opened = ItemStore::open(options);
    if (!opened)
        return 1;
    std::printf("  reopen: %.1f ms\n", timer.nsecsElapsed() / 1e6);
    ItemStore &store = *opened.value().store;
    timer.restart();
    const qint64 counted = store.count().value();
    std::printf("  count(): %lld in %.1f ms\n", static_cast<long long>(counted),
                timer.nsecsElapsed() / 1e6);
    readPhase(store, discard);
    timer.restart();
    const Error check = store.checkIntegrity();
    std::printf("  quick_check: %s in %.2f s\n", check ? "FAILED" : "ok",
                timer.nsecsElapsed() / 1e9);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("count"), QStringLiteral("Contacts to write (repeatable)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("page"), QStringLiteral("Items per page."),
                      QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("dir"),
                      QStringLiteral("Parent folder for the stores (default: a temporary one)."),
                      QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("discard"), QStringLiteral("Count rows read instead of keeping them.")});
    parser.addOption({QStringLiteral("keep"), QStringLiteral("Keep the stores (needs --dir).")});
    parser.process(app);
    QStringList counts = parser.values(QStringLiteral("count"));
    if (counts.isEmpty())
        counts = {QStringLiteral("100000"), QStringLiteral("1000000")};
    QTemporaryDir temporary(parser.isSet(QStringLiteral("dir"))
                                ? parser.value(QStringLiteral("dir")) +
                                      QStringLiteral("/store-bench-XXXXXX")
                                : QDir::tempPath() + QStringLiteral("/store-bench-XXXXXX"));
    if (!temporary.isValid()) {
        std::printf("cannot create a temporary folder\n");
        return 1;
    }
    for (const QString &count : counts) {
        const QString directory = temporary.path() + QStringLiteral("/") + count;
        if (int status =
                runOne(directory, count.toLongLong(), parser.value(QStringLiteral("page")).toInt(),
                       parser.isSet(QStringLiteral("discard"))))
            return status;
        if (parser.isSet(QStringLiteral("keep")) && parser.isSet(QStringLiteral("dir")))
            temporary.setAutoRemove(false);
        else
            ItemStore::forgetDirectory(directory);
    }
    return 0;
}
