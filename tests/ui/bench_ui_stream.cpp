// integrations-desk-bench: contacts streamed into the open window.
// Prints (does not assert) the longest event-loop stall, the time to the first
// painted row, the time until every row is in the tree, peak RSS and how long
// filter keystrokes take to show their result.
//
//   integrations-desk-bench [--items N] [--batch N] [--rate B]
//                           [--source synthetic|sandbox|store] [--store-dir DIR] [--by-company]
//                           [--qt-layout] [--sort-at-once]
//
// synthetic: batches of rows (ItemRow, as the item store reports them) are
//            handed to the window, B batches per second (0: as fast as the
//            window takes them, one event-loop turn apart);
// sandbox:   the real path - integrations-sandbox with N contacts, sign-in with
//            --auto-consent in the embedded browser, Load through the HubSpot loader;
// store:     an ItemStore file with N contacts (filled once in DIR, reused after),
//            then a fresh window fed by the store's chunked row reader: timed from
//            before the window is made to the first painted rows and to all rows in.
// Then, with every row in: the filter box gets "z", "ze", ... "zephyr" (one
// keystroke each) and is cleared; each is timed until the tree has painted
// the result.
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "itemtreemodel.h"
#include "itemtreeview.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "providers/providerspec.h"
#include "store/itemstore.h"
#include "thememanager.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <ctime>
#include <limits>
#include <sys/resource.h>
#include <unistd.h>

using namespace desk;

namespace {

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// A contact row as the store would report it (every 997th is a "Zephyr").
ItemRow syntheticContact(int n)
{
    static const char *first[] = {"Ada",   "Ben",    "Chloe", "Dmitri", "Elena",
                                  "Farah", "Gustav", "Hana",  "Ivan",   "Jade"};
    static const char *last[] = {"Lovelace", "Okafor", "Martin", "Ivanov", "Rossi",
                                 "Khan",     "Berg",   "Sato",   "Petrov", "Lee"};
    ItemRow row;
    row.id = QString::number(100000 + n);
    row.type = QStringLiteral("contacts");
    row.name = QString::fromLatin1(n % 997 == 0 ? "Zephyr" : first[(n * 7) % 10]) +
               QLatin1Char(' ') + QString::fromLatin1(last[(n / 10) % 10]) + QLatin1Char(' ') +
               QString::number((n * 7919) % 1000003);
    if (n % 7) {
        row.groupParentId = QString::number(500 + n % 2000);
        row.parentType = QStringLiteral("companies");
        row.parentId = row.groupParentId;
        row.parentName = QStringLiteral("Company ") + row.groupParentId;
    }
    row.values[0] = QStringLiteral("person%1@example.com").arg(n);
    row.values[3] = QStringLiteral("Owner %1").arg(n % 12);
    row.createdMs = 1577836800000 + qint64(n) * 97000;
    row.modifiedMs = row.createdMs + 3 * 86400000ll;
    return row;
}

// CPU time of the calling (UI) thread in ms: what a step cost whatever the
// machine's load, beside the wall time the user waits.
double threadCpuMs()
{
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

struct Options
{
    int total = 100000;
    int batchSize = 1000;
    double rate = 0; // batches per second; 0 = as fast as the window takes them
    bool sandboxMode = false;
    bool storeMode = false;
    QString storeDir;
    bool byCompany = false;
    bool qtLayout = false;   // QTreeView's own relayout while streaming (the figure before)
    bool sortAtOnce = false; // re-sorts on the UI thread (the figure before)
};

// The synthetic contact as an item, with the properties the presentation's
// value columns read for the type, so the store computes the same row.
IntegrationItem syntheticItem(int n, const ItemPresentation &presentation)
{
    const ItemRow row = syntheticContact(n);
    IntegrationItem item;
    item.id = row.id;
    item.type = row.type;
    item.name = row.name;
    item.parentId = row.parentId;
    item.parentType = row.parentType;
    item.parentName = row.parentName;
    item.created = QDateTime::fromMSecsSinceEpoch(row.createdMs, Qt::UTC);
    item.modified = QDateTime::fromMSecsSinceEpoch(row.modifiedMs, Qt::UTC);
    for (int slot = 0; slot < int(presentation.columns.size()); ++slot) {
        const QString property = presentation.columns.at(slot).propertyByType.value(row.type);
        if (!property.isEmpty() && slot < ItemRow::kValueSlots && !row.values[slot].isEmpty())
            item.properties.insert(property, row.values[slot]);
    }
    if (!row.groupParentId.isEmpty() && !presentation.groupings.isEmpty())
        item.associations.insert(presentation.groupings.first().associationType,
                                 {row.groupParentId});
    return item;
}

StoreOptions benchStoreOptions(const Options &o, const ProviderSpec &provider)
{
    StoreOptions options;
    options.directory = o.storeDir;
    options.providerId = provider.id;
    options.accountId = QStringLiteral("bench-%1").arg(o.total);
    options.presentation = provider.presentation();
    return options;
}

// The store file with o.total contacts: reused when it has them, else filled
// (one full load, pages of 1,000). Not timed with the window.
bool fillStore(const Options &o, const ProviderSpec &provider)
{
    auto opened = ItemStore::open(benchStoreOptions(o, provider));
    if (!opened) {
        std::fprintf(stderr, "store: %s\n", qPrintable(opened.error().detail));
        return false;
    }
    ItemStore &store = *opened.value().store;
    if (store.count().value() == o.total)
        return true;
    std::printf("filling %s with %d contacts...\n", qPrintable(store.databasePath()), o.total);
    const QString type = syntheticContact(0).type;
    if (!store.beginFullLoad(type, FullLoadMode::Restart))
        return false;
    constexpr int kPage = 1000;
    for (int first = 0; first < o.total; first += kPage) {
        StorePage page;
        for (int n = first; n < qMin(o.total, first + kPage); ++n)
            page.items.append(syntheticItem(n, provider.presentation()));
        TypeSyncProgress progress;
        progress.type = type;
        progress.fullLoadComplete = first + kPage >= o.total;
        page.progress = {progress};
        if (const auto applied = store.applyPage(page); !applied) {
            std::fprintf(stderr, "store: %s\n", qPrintable(applied.error().detail));
            return false;
        }
    }
    return store.count().value() == o.total;
}

// integrations-sandbox with `total` contacts and no rate limit; its URL, or empty.
QUrl startSandbox(QProcess &sandbox, int total, quint16 redirectPort)
{
    sandbox.setProgram(QCoreApplication::applicationDirPath() +
                       QStringLiteral("/integrations-sandbox"));
    sandbox.setArguments(
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--contacts"),
         QString::number(total), QStringLiteral("--companies"), QStringLiteral("0"),
         QStringLiteral("--deals"), QStringLiteral("0"), QStringLiteral("--tickets"),
         QStringLiteral("0"), QStringLiteral("--rate-limit"), QStringLiteral("off"),
         QStringLiteral("--auto-consent"), QStringLiteral("--quiet"),
         QStringLiteral("--redirect-uri"),
         QStringLiteral("http://localhost:%1/callback").arg(redirectPort)});
    sandbox.start();
    if (!sandbox.waitForStarted(10000) || !sandbox.waitForReadyRead(120000))
        return {};
    const QString line = QString::fromUtf8(sandbox.readLine()).trimmed();
    return QUrl(line.mid(QStringLiteral("listening on ").size()));
}

// Paint events of the tree's viewport: the first painted row, and "the view
// shows it" for a timed step (one-shot callback after the next paint).
struct PaintWatcher : QObject
{
    std::function<void()> onPaint;
    bool eventFilter(QObject *o, QEvent *e) override
    {
        const bool result = QObject::eventFilter(o, e);
        if (e->type() == QEvent::Paint && onPaint)
            onPaint();
        return result;
    }
};

// Every event delivery timed (wall and this thread's CPU): the slow ones of the
// current event-loop turn, nested, so the longest stall of each phase can be
// told apart into what ran in it (a timer's slot, the view's delayed layout, a paint).
class TracingApp : public QApplication
{
public:
    using QApplication::QApplication;
    struct Slow
    {
        int depth;
        double wallMs, cpuMs;
        QString what;
    };
    bool notify(QObject *receiver, QEvent *event) override
    {
        const int depth = m_depth++;
        // The receiver may be gone after its own event: read what names it first.
        const int type = event->type();
        const char *cls = receiver->metaObject()->className();
        const char *parentCls =
            receiver->parent() ? receiver->parent()->metaObject()->className() : nullptr;
        const QString name = receiver->objectName();
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = cpuNow();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double wall = timer.nsecsElapsed() / 1e6, cpu = cpuNow() - cpu0;
        if (depth == 0)
            m_topCpu += cpu;
        if (cpu >= 4 && depth < 6)
            m_slow.push_back({depth, wall, cpu, describe(cls, name, parentCls, type)});
        return result;
    }
    // The slow deliveries since the last call, innermost first as delivered.
    std::vector<Slow> takeSlow(double *topCpu)
    {
        *topCpu = std::exchange(m_topCpu, 0);
        return std::exchange(m_slow, {});
    }
    static double cpuNow()
    {
        timespec t{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
    }

private:
    static QString describe(const char *cls, const QString &name, const char *parentCls, int type)
    {
        QString text = QStringLiteral("event %1 to ").arg(type) + QString::fromLatin1(cls);
        if (!name.isEmpty())
            text += QLatin1Char('"') + name + QLatin1Char('"');
        if (parentCls)
            text += QStringLiteral(" of ") + QString::fromLatin1(parentCls);
        return text;
    }
    int m_depth = 0;
    double m_topCpu = 0;
    std::vector<Slow> m_slow;
};

// The measurements and the scripted steps around one window.
class Bench
{
public:
    Bench(TracingApp &app, MainWindow &window, const Options &options)
        : m_app(app), m_window(window), m_o(options)
    {}
    // `sinceStart` runs from before the window was made (store mode times from there).
    void start(const QElapsedTimer *sinceStart = nullptr);
    void report(const char *view) const;

private:
    void tick();
    void allIn();
    void feed();
    void keystroke(int i);
    void resort(int i);
    void afterNextPaint(std::function<void()> then);
    void startStoreReader();
    void measureLayouts();

    TracingApp &m_app;
    MainWindow &m_window;
    // What ran in the longest stall (by UI CPU) of each phase.
    QString m_stallParts[3];
    QStringList m_longTurns; // filtering and re-sorting turns of 30 ms of UI CPU or more
    int m_layoutsAtTick = 0;
    double m_layoutMsAtTick = 0;
    Options m_o;
    QElapsedTimer m_clock;
    QTimer m_heartbeat, m_ping, m_feeder;
    PaintWatcher m_paints;
    std::function<void()> m_afterPaint;
    int m_phase = 0; // 0 streaming, 1 filter keystrokes, 2 re-sorting
    int m_next = 0;  // next synthetic row
    double m_lastTickCpu = 0, m_stallCpuMs[3] = {0, 0, 0}; // streaming, filtering, re-sorting
    qint64 m_lastTick = -1, m_firstRowMs = -1, m_firstPaintMs = -1, m_doneMs = -1;
    qint64 m_stallMs = 0, m_stallAt = 0, m_stallRows = 0, m_filterStallMs = 0, m_sortStallMs = 0;
    qint64 m_pingLateMs = 0, m_nextPingDue = -1;
    QVector<QPair<QString, qint64>> m_keystrokes, m_sorts;
    QVector<double> m_keystrokeCpu, m_sortCpu;
    // Relayout of every row with all of them in: bulk / QTreeView's own, wall and CPU ms.
    double m_layoutBulkMs = -1, m_layoutBulkCpu = -1, m_layoutQtMs = -1, m_layoutQtCpu = -1;
    int m_matches = -1;
    double m_slowestBatchCpu = 0; // the window's appendRows() of one batch, UI CPU
    int m_slowestBatchAt = 0;     // rows stored after it
    std::unique_ptr<ItemStore> m_store;
    bool m_readerDone = false;
    qint64 m_readerDoneMs = -1;
    const QStringList m_typed{QStringLiteral("z"),
                              QStringLiteral("ze"),
                              QStringLiteral("zep"),
                              QStringLiteral("zeph"),
                              QStringLiteral("zephy"),
                              QStringLiteral("zephyr"),
                              QString()};
};

void Bench::tick()
{
    // A 1 ms heartbeat: the longest gap between ticks is the longest stall.
    const qint64 now = m_clock.elapsed();
    const qint64 gap = m_lastTick >= 0 ? now - m_lastTick : 0;
    // The same gap in this thread's CPU time: the stall an idle machine would
    // show, whatever the other processes on the cores.
    const double cpu = threadCpuMs();
    const double cpuGap = m_lastTick >= 0 ? cpu - m_lastTickCpu : 0;
    m_lastTickCpu = cpu;
    double topCpu = 0;
    const std::vector<TracingApp::Slow> slow = m_app.takeSlow(&topCpu);
    const bool longest = m_phase >= 0 && m_phase <= 2 && cpuGap > m_stallCpuMs[m_phase];
    if (longest || ((m_phase == 1 || m_phase == 2) && cpuGap >= 30)) {
        auto *view = qobject_cast<ItemTreeView *>(m_window.treeView());
        QString parts = QStringLiteral("%1 ms wall, %2 ms CPU (%3 ms CPU in events; %4 "
                                       "relayouts, %5 ms wall):")
                            .arg(gap)
                            .arg(cpuGap, 0, 'f', 1)
                            .arg(topCpu, 0, 'f', 1)
                            .arg(view ? view->layoutCount() - m_layoutsAtTick : 0)
                            .arg(view ? view->layoutMsTotal() - m_layoutMsAtTick : 0, 0, 'f', 1);
        for (const TracingApp::Slow &s : slow)
            parts += QStringLiteral("\n      %1%2 ms (%3 CPU) %4")
                         .arg(QString(2 * s.depth, QLatin1Char(' ')))
                         .arg(s.wallMs, 0, 'f', 1)
                         .arg(s.cpuMs, 0, 'f', 1)
                         .arg(s.what);
        if (longest) {
            m_stallCpuMs[m_phase] = cpuGap;
            m_stallParts[m_phase] = parts;
        }
        if ((m_phase == 1 || m_phase == 2) && cpuGap >= 30)
            m_longTurns.append(QString::fromLatin1(m_phase == 1 ? "filtering" : "re-sorting") +
                               QStringLiteral(", ") + parts);
    }
    if (auto *view = qobject_cast<ItemTreeView *>(m_window.treeView())) {
        m_layoutsAtTick = view->layoutCount();
        m_layoutMsAtTick = view->layoutMsTotal();
    }
    ItemTreeModel *model = m_window.itemModel();
    if (m_phase == 0 && gap > m_stallMs) {
        m_stallMs = gap;
        m_stallAt = now;
        m_stallRows = model->itemCount() - model->pendingRows();
    }
    if (m_phase == 1)
        m_filterStallMs = qMax(m_filterStallMs, gap);
    if (m_phase == 2)
        m_sortStallMs = qMax(m_sortStallMs, gap);
    m_lastTick = now;
    if (!m_o.sandboxMode && m_doneMs < 0 && model->itemCount() >= m_o.total &&
        model->pendingRows() == 0 && (!m_o.storeMode || m_readerDone))
        allIn();
}

void Bench::afterNextPaint(std::function<void()> then)
{
    m_window.treeView()->viewport()->update();
    m_afterPaint = std::move(then);
}

void Bench::allIn()
{
    m_doneMs = m_clock.elapsed();
    // The last rows' relayout and paint still count as streaming.
    QTimer::singleShot(1000, &m_app, [this] {
        measureLayouts();
        m_phase = 1;
        keystroke(0);
    });
}

void Bench::measureLayouts()
{
    // The view's full relayout (what every turn with inserts, a removal, a
    // sort or a filter costs it), best of three each way; not counted as a stall.
    auto *view = qobject_cast<ItemTreeView *>(m_window.treeView());
    if (!view)
        return;
    m_phase = 3;
    for (const bool bulk : {true, false}) {
        view->setBulkLayoutEnabled(bulk);
        double wall = 1e9, cpu = 1e9;
        for (int i = 0; i < 3; ++i) {
            const double cpu0 = threadCpuMs();
            QElapsedTimer timer;
            timer.start();
            view->doItemsLayout();
            wall = qMin(wall, timer.nsecsElapsed() / 1e6);
            cpu = qMin(cpu, threadCpuMs() - cpu0);
        }
        (bulk ? m_layoutBulkMs : m_layoutQtMs) = wall;
        (bulk ? m_layoutBulkCpu : m_layoutQtCpu) = cpu;
        if (bulk && !view->lastLayoutWasFast())
            m_layoutBulkMs = m_layoutBulkCpu = -1; // built without Qt's private headers
    }
    view->setBulkLayoutEnabled(!m_o.qtLayout);
    m_lastTick = -1;
}

void Bench::keystroke(int i)
{
    if (i >= m_typed.size()) {
        resort(0);
        return;
    }
    QElapsedTimer answer;
    answer.start();
    const double cpu0 = threadCpuMs();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        QObject::connect(m_window.itemModel(), &ItemTreeModel::filterApplied, &m_app,
                         [this, i, answer, cpu0, connection](const QString &) {
                             QObject::disconnect(*connection);
                             afterNextPaint([this, i, answer, cpu0] {
                                 m_keystrokes.append({m_typed.at(i), answer.elapsed()});
                                 m_keystrokeCpu.append(threadCpuMs() - cpu0);
                                 if (i == m_typed.size() - 2)
                                     m_matches = m_window.itemModel()->visibleItemCount();
                                 QTimer::singleShot(300, &m_app, [this, i] { keystroke(i + 1); });
                             });
                         });
    m_window.filterEdit()->setText(m_typed.at(i));
}

void Bench::resort(int i)
{
    // A click on the Created header, then back on Name.
    m_phase = 2;
    if (i >= 2) {
        m_heartbeat.stop();
        m_app.quit();
        return;
    }
    QElapsedTimer answer;
    answer.start();
    const double cpu0 = threadCpuMs();
    const int column = i == 0 ? m_window.itemModel()->createdColumn() : ItemTreeModel::NameColumn;
    auto shown = [this, i, column, answer, cpu0] {
        afterNextPaint([this, i, column, answer, cpu0] {
            m_sorts.append({m_window.itemModel()->headerData(column, Qt::Horizontal).toString(),
                            answer.elapsed()});
            m_sortCpu.append(threadCpuMs() - cpu0);
            QTimer::singleShot(300, &m_app, [this, i] { resort(i + 1); });
        });
    };
    m_window.treeView()->sortByColumn(column, Qt::AscendingOrder);
    if (!m_window.itemModel()->isSortPending()) {
        shown();
        return;
    }
    // Sorted on a worker: timed until the new order is applied and painted
    // (the CPU figure is this thread's only).
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(m_window.itemModel(), &ItemTreeModel::sortApplied, &m_app,
                                   [connection, shown] {
                                       QObject::disconnect(*connection);
                                       shown();
                                   });
}

void Bench::feed()
{
    // Rows are made as they are fed (a million pre-built rows would weigh on the
    // memory figure); making them is part of the cost. "max": every turn brings
    // what a store would have committed meanwhile (batches for up to 4 ms); a
    // rate: the batches due by the clock.
    QElapsedTimer slice;
    slice.start();
    const qint64 due = m_o.rate > 0
                           ? qint64(m_clock.elapsed() * m_o.rate / 1000.0 + 1) * m_o.batchSize
                           : qint64(m_o.total);
    while (m_next < m_o.total && m_next < due) {
        RowBatch batch;
        batch.reserve(m_o.batchSize);
        for (int n = m_next; n < qMin(m_o.total, m_next + m_o.batchSize); ++n)
            batch.append(syntheticContact(n));
        m_next += m_o.batchSize;
        const double cpu0 = threadCpuMs();
        m_window.appendRows(batch);
        const double cpu = threadCpuMs() - cpu0;
        if (cpu > m_slowestBatchCpu) {
            m_slowestBatchCpu = cpu;
            m_slowestBatchAt = m_window.itemModel()->itemCount();
        }
        if (m_o.rate <= 0 && slice.elapsed() >= 4)
            break;
    }
    if (m_next >= m_o.total)
        m_feeder.stop(); // the window drains its queue; the heartbeat sees the end
}

void Bench::startStoreReader()
{
    const ProviderSpec *provider = ProviderRegistry::all().first();
    auto opened = ItemStore::open(benchStoreOptions(m_o, *provider));
    if (!opened) {
        std::fprintf(stderr, "store: %s\n", qPrintable(opened.error().detail));
        m_app.exit(1);
        return;
    }
    m_store = std::move(opened.value().store);
    // Chunks of --batch rows, one read ahead: queued chunks are all delivered
    // in one pass of the event loop, so more or larger ones are one long stall.
    ReadOptions options;
    options.chunk = m_o.batchSize;
    options.firstChunk = qMin(options.firstChunk, m_o.batchSize);
    options.queuedChunks = 1;
    StoreReader *reader = m_store->readRows(options);
    QObject::connect(reader, &StoreReader::rows, &m_window,
                     [this](const RowBatch &rows) { m_window.appendRows(rows); });
    QObject::connect(reader, &StoreReader::finished, &m_app, [this](const Error &error) {
        if (error)
            std::fprintf(stderr, "reader: %s\n", qPrintable(error.detail));
        m_readerDone = true;
        m_readerDoneMs = m_clock.elapsed();
    });
    reader->start();
}

void Bench::start(const QElapsedTimer *sinceStart)
{
    m_heartbeat.setInterval(1);
    QObject::connect(&m_heartbeat, &QTimer::timeout, [this] { tick(); });
    // A precise 50 ms ping: how late it fires is what a user would feel.
    m_ping.setTimerType(Qt::PreciseTimer);
    m_ping.setInterval(50);
    QObject::connect(&m_ping, &QTimer::timeout, [this] {
        const qint64 now = m_clock.elapsed();
        if (m_nextPingDue >= 0 && m_phase == 0 && m_doneMs < 0)
            m_pingLateMs = qMax(m_pingLateMs, now - m_nextPingDue);
        m_nextPingDue = now + 50;
    });
    m_paints.onPaint = [this] {
        if (m_firstRowMs >= 0 && m_firstPaintMs < 0)
            m_firstPaintMs = m_clock.elapsed();
        if (m_afterPaint)
            QTimer::singleShot(0, &m_app, std::exchange(m_afterPaint, nullptr));
    };
    m_window.treeView()->viewport()->installEventFilter(&m_paints);
    QObject::connect(m_window.itemModel(), &QAbstractItemModel::rowsInserted, [this] {
        if (m_firstRowMs >= 0)
            return;
        m_firstRowMs = m_clock.elapsed();
        if (!qEnvironmentVariableIsSet("DESK_BENCH_COLLAPSED"))
            m_window.treeView()->expandToDepth(0); // the user opens the Contacts group at once
    });
    if (auto *view = qobject_cast<ItemTreeView *>(m_window.treeView()))
        view->setBulkLayoutEnabled(!m_o.qtLayout);
    if (m_o.sortAtOnce)
        m_window.itemModel()->setBackgroundSortThreshold(std::numeric_limits<int>::max());
    m_clock.start();
    if (sinceStart)
        m_clock = *sinceStart;
    m_heartbeat.start();
    m_ping.start();
    if (m_o.storeMode) {
        startStoreReader();
        return;
    }
    if (m_o.sandboxMode) {
        QObject::connect(&m_window, &MainWindow::loadFinished, &m_app,
                         [this](const LoadOutcome &outcome) {
                             if (!outcome.complete)
                                 std::fprintf(stderr, "load incomplete: %s\n",
                                              qPrintable(outcome.error.message));
                             allIn();
                         });
        QObject::connect(&m_window, &MainWindow::accountStateChanged, &m_app,
                         [this](MainWindow::AccountState state) {
                             if (state != MainWindow::AccountState::Connected)
                                 return;
                             m_clock.restart();
                             m_lastTick = -1;
                             m_stallMs = m_pingLateMs = 0;
                             m_window.action(QStringLiteral("load"))->trigger();
                         });
        m_window.action(QStringLiteral("connect"))->trigger();
        return;
    }
    m_feeder.setTimerType(Qt::PreciseTimer);
    m_feeder.setInterval(m_o.rate > 0 ? qMax(1, int(1000 / m_o.rate / 4)) : 0);
    QObject::connect(&m_feeder, &QTimer::timeout, [this] { feed(); });
    m_feeder.start();
}

void Bench::report(const char *view) const
{
    std::printf("integrations-desk-bench: source=%s items=%d loaded=%d view=%s batch=%d rate=%s "
                "layout=%s sort=%s\n",
                m_o.sandboxMode ? "sandbox" : (m_o.storeMode ? "store" : "synthetic"), m_o.total,
                m_window.itemModel()->itemCount(), view, m_o.batchSize,
                m_o.rate > 0 ? qPrintable(QString::number(m_o.rate) + QStringLiteral("/s")) : "max",
                m_o.qtLayout ? "qt" : "bulk", m_o.sortAtOnce ? "at-once" : "worker");
    std::printf("  time to first row (model):   %lld ms\n", m_firstRowMs);
    std::printf("  time to first painted row:   %lld ms\n", m_firstPaintMs);
    std::printf("  all rows in the tree:        %lld ms\n", m_doneMs);
    if (m_o.storeMode)
        std::printf("  store reader finished:       %lld ms (from before the window was made)\n",
                    m_readerDoneMs);
    std::printf(
        "  longest event-loop stall:    %lld ms while streaming (ended at %lld ms, %lld rows "
        "in the tree); %lld ms while filtering; %lld ms while re-sorting\n",
        m_stallMs, m_stallAt, m_stallRows, m_filterStallMs, m_sortStallMs);
    std::printf("  longest stall in UI CPU:     %.0f ms while streaming; %.0f ms while filtering; "
                "%.0f ms while re-sorting\n",
                m_stallCpuMs[0], m_stallCpuMs[1], m_stallCpuMs[2]);
    static const char *phases[] = {"streaming", "filtering", "re-sorting"};
    for (int p = 0; p < 3; ++p)
        std::printf("  longest stall %s: %s\n", phases[p], qPrintable(m_stallParts[p]));
    for (const QString &turn : m_longTurns)
        std::printf("  turn of 30+ ms CPU %s\n", qPrintable(turn));
    if (!m_o.sandboxMode && !m_o.storeMode)
        std::printf("  slowest batch handed over:   %.1f ms CPU (%d rows stored after it)\n",
                    m_slowestBatchCpu, m_slowestBatchAt);
    std::printf("  50 ms ping, latest by:       %lld ms\n", m_pingLateMs);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("  CPU time of this process:    %.2f s user + %.2f s system\n",
                usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
    std::printf("  relayout of every row:       %.1f ms (%.1f ms CPU) bulk; %.1f ms (%.1f ms CPU) "
                "QTreeView's own\n",
                m_layoutBulkMs, m_layoutBulkCpu, m_layoutQtMs, m_layoutQtCpu);
    for (int k = 0; k < m_keystrokes.size(); ++k)
        std::printf("  filter \"%s\" shown after:%*s %lld ms (%.0f ms CPU)\n",
                    qPrintable(m_keystrokes.at(k).first), int(8 - m_keystrokes.at(k).first.size()),
                    "", m_keystrokes.at(k).second, m_keystrokeCpu.value(k));
    std::printf("  \"zephyr\" matches:            %d\n", m_matches);
    for (int k = 0; k < m_sorts.size(); ++k)
        std::printf("  sorted by %s, shown after:%*s %lld ms (%.0f ms CPU)\n",
                    qPrintable(m_sorts.at(k).first), int(9 - m_sorts.at(k).first.size()), "",
                    m_sorts.at(k).second, m_sortCpu.value(k));
}

Options parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("items"), QStringLiteral("Contacts to stream."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Rows per batch (synthetic)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("rate"),
                      QStringLiteral("Batches per second (synthetic); 0 = as fast as possible."),
                      QStringLiteral("B"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("source"), QStringLiteral("synthetic, sandbox or store."),
                      QStringLiteral("SOURCE"), QStringLiteral("synthetic")});
    parser.addOption({QStringLiteral("store-dir"),
                      QStringLiteral("Folder of the store (source store); filled once, reused."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("by-company"), QStringLiteral("Use the By company view.")});
    parser.addOption(
        {QStringLiteral("qt-layout"),
         QStringLiteral("Lay the rows out with QTreeView's own code while streaming.")});
    parser.addOption({QStringLiteral("sort-at-once"),
                      QStringLiteral("Re-sort on the UI thread instead of on a worker.")});
    parser.process(app);
    Options o;
    o.total = parser.value(QStringLiteral("items")).toInt();
    o.batchSize = qMax(1, parser.value(QStringLiteral("batch")).toInt());
    o.rate = parser.value(QStringLiteral("rate")).toDouble();
    o.sandboxMode = parser.value(QStringLiteral("source")) == QLatin1String("sandbox");
    o.storeMode = parser.value(QStringLiteral("source")) == QLatin1String("store");
    o.storeDir = parser.value(QStringLiteral("store-dir"));
    if (o.storeDir.isEmpty())
        o.storeDir = QDir::tempPath() + QStringLiteral("/integrations-desk-bench-store");
    o.byCompany = parser.isSet(QStringLiteral("by-company"));
    o.qtLayout = parser.isSet(QStringLiteral("qt-layout"));
    o.sortAtOnce = parser.isSet(QStringLiteral("sort-at-once"));
    return o;
}

} // namespace

int main(int argc, char *argv[])
{
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8()); // never the user's settings
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    TracingApp app(argc, argv);
    QApplication::setOrganizationName(AppSettings::organizationName());
    QApplication::setApplicationName(QStringLiteral("Integrations Desk Bench"));
    const Options options = parseOptions(app);

    // Quiet by default; DESK_BENCH_LOG_RULES (QLoggingCategory rules) to look inside.
    QLoggingCategory::setFilterRules(
        qEnvironmentVariable("DESK_BENCH_LOG_RULES",
                             QStringLiteral("desk.*.debug=false\ndesk.*.info=false\nqt.*=false")));

    QProcess sandbox;
    MainWindowOptions windowOptions;
    windowOptions.restoreSession = false;
    if (options.sandboxMode) {
        windowOptions.redirectPort = freePort();
        windowOptions.sandboxUrl = startSandbox(sandbox, options.total, windowOptions.redirectPort);
        if (windowOptions.sandboxUrl.isEmpty()) {
            std::fprintf(stderr, "sandbox did not start\n");
            return 1;
        }
    }
    if (options.storeMode && !fillStore(options, *ProviderRegistry::all().first()))
        return 1;
    QElapsedTimer sinceStart; // store mode: the window's start counts
    sinceStart.start();
    MemoryCredentialStore store;
    ThemeManager theme;
    theme.setMode(ThemeManager::Mode::Light);
    MainWindow window(store, theme, windowOptions);
    window.resize(1400, 900);
    window.show();
    if (options.byCompany)
        window.action(QStringLiteral("viewByGrouping"))->trigger();

    Bench bench(app, window, options);
    if (options.storeMode)
        bench.start(&sinceStart); // at once: the window's start is part of the figure
    else
        QTimer::singleShot(500, &app, [&] { bench.start(); }); // let the window settle first
    const qint64 rssBefore = peakRssKiB();
    app.exec();
    if (sandbox.state() == QProcess::Running) {
        sandbox.terminate();
        sandbox.waitForFinished(5000);
    }
    bench.report(options.byCompany ? "by-company" : "by-type");
    std::printf("  peak RSS:                    %.1f MiB (%.1f MiB before streaming)\n",
                peakRssKiB() / 1024.0, rssBefore / 1024.0);
    return window.itemModel()->itemCount() >= options.total ? 0 : 1;
}
