// integrations-desk-bench: contacts streamed into the open window.
// Prints (does not assert) the longest event-loop stall, the time to the first
// painted row, the time until every row is in the tree, peak RSS and how long
// filter keystrokes take to show their result.
//
//   integrations-desk-bench [--items N] [--batch N] [--rate B] [--source synthetic|sandbox]
//                           [--by-company]
//
// synthetic: batches of rows (ItemRow, as the item store reports them) are
//            handed to the window, B batches per second (0: as fast as the
//            window takes them, one event-loop turn apart);
// sandbox:   the real path - integrations-sandbox with N contacts, sign-in with
//            --auto-consent in the embedded browser, Load through the HubSpot loader.
// Then, with every row in: the filter box gets "z", "ze", ... "zephyr" (one
// keystroke each) and is cleared; each is timed until the tree has painted
// the result.
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "itemtreemodel.h"
#include "logindialog.h"
#include "mainwindow.h"
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
    bool byCompany = false;
};

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

// The measurements and the scripted steps around one window.
class Bench
{
public:
    Bench(QApplication &app, MainWindow &window, const Options &options)
        : m_app(app), m_window(window), m_o(options)
    {}
    void start();
    void report(const char *view) const;

private:
    void tick();
    void allIn();
    void feed();
    void keystroke(int i);
    void resort(int i);
    void afterNextPaint(std::function<void()> then);

    QApplication &m_app;
    MainWindow &m_window;
    Options m_o;
    QElapsedTimer m_clock;
    QTimer m_heartbeat, m_ping, m_feeder;
    PaintWatcher m_paints;
    std::function<void()> m_afterPaint;
    int m_phase = 0; // 0 streaming, 1 filter keystrokes, 2 re-sorting
    int m_next = 0;  // next synthetic row
    qint64 m_lastTick = -1, m_firstRowMs = -1, m_firstPaintMs = -1, m_doneMs = -1;
    qint64 m_stallMs = 0, m_stallAt = 0, m_stallRows = 0, m_filterStallMs = 0, m_sortStallMs = 0;
    qint64 m_pingLateMs = 0, m_nextPingDue = -1;
    QVector<QPair<QString, qint64>> m_keystrokes, m_sorts;
    int m_matches = -1;
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
        model->pendingRows() == 0)
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
        m_phase = 1;
        keystroke(0);
    });
}

void Bench::keystroke(int i)
{
    if (i >= m_typed.size()) {
        resort(0);
        return;
    }
    QElapsedTimer answer;
    answer.start();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        QObject::connect(m_window.itemModel(), &ItemTreeModel::filterApplied, &m_app,
                         [this, i, answer, connection](const QString &) {
                             QObject::disconnect(*connection);
                             afterNextPaint([this, i, answer] {
                                 m_keystrokes.append({m_typed.at(i), answer.elapsed()});
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
    const int column = i == 0 ? m_window.itemModel()->createdColumn() : ItemTreeModel::NameColumn;
    m_window.treeView()->sortByColumn(column, Qt::AscendingOrder);
    afterNextPaint([this, i, column, answer] {
        m_sorts.append({m_window.itemModel()->headerData(column, Qt::Horizontal).toString(),
                        answer.elapsed()});
        QTimer::singleShot(300, &m_app, [this, i] { resort(i + 1); });
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
        m_window.appendRows(batch);
        if (m_o.rate <= 0 && slice.elapsed() >= 4)
            break;
    }
    if (m_next >= m_o.total)
        m_feeder.stop(); // the window drains its queue; the heartbeat sees the end
}

void Bench::start()
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
    m_clock.start();
    m_heartbeat.start();
    m_ping.start();
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
    std::printf("integrations-desk-bench: source=%s items=%d loaded=%d view=%s batch=%d rate=%s\n",
                m_o.sandboxMode ? "sandbox" : "synthetic", m_o.total,
                m_window.itemModel()->itemCount(), view, m_o.batchSize,
                m_o.rate > 0 ? qPrintable(QString::number(m_o.rate) + QStringLiteral("/s"))
                             : "max");
    std::printf("  time to first row (model):   %lld ms\n", m_firstRowMs);
    std::printf("  time to first painted row:   %lld ms\n", m_firstPaintMs);
    std::printf("  all rows in the tree:        %lld ms\n", m_doneMs);
    std::printf(
        "  longest event-loop stall:    %lld ms while streaming (ended at %lld ms, %lld rows "
        "in the tree); %lld ms while filtering; %lld ms while re-sorting\n",
        m_stallMs, m_stallAt, m_stallRows, m_filterStallMs, m_sortStallMs);
    std::printf("  50 ms ping, latest by:       %lld ms\n", m_pingLateMs);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("  CPU time of this process:    %.2f s user + %.2f s system\n",
                usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
    for (const auto &[text, ms] : std::as_const(m_keystrokes))
        std::printf("  filter \"%s\" shown after:%*s %lld ms\n", qPrintable(text),
                    int(8 - text.size()), "", ms);
    std::printf("  \"zephyr\" matches:            %d\n", m_matches);
    for (const auto &[column, ms] : std::as_const(m_sorts))
        std::printf("  sorted by %s, shown after:%*s %lld ms\n", qPrintable(column),
                    int(9 - column.size()), "", ms);
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
    parser.addOption({QStringLiteral("source"), QStringLiteral("synthetic or sandbox."),
                      QStringLiteral("SOURCE"), QStringLiteral("synthetic")});
    parser.addOption({QStringLiteral("by-company"), QStringLiteral("Use the By company view.")});
    parser.process(app);
    Options o;
    o.total = parser.value(QStringLiteral("items")).toInt();
    o.batchSize = qMax(1, parser.value(QStringLiteral("batch")).toInt());
    o.rate = parser.value(QStringLiteral("rate")).toDouble();
    o.sandboxMode = parser.value(QStringLiteral("source")) == QLatin1String("sandbox");
    o.byCompany = parser.isSet(QStringLiteral("by-company"));
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
    QApplication app(argc, argv);
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
    MemoryCredentialStore store;
    ThemeManager theme;
    theme.setMode(ThemeManager::Mode::Light);
    MainWindow window(store, theme, windowOptions);
    window.resize(1400, 900);
    window.show();
    if (options.byCompany)
        window.action(QStringLiteral("viewByGrouping"))->trigger();

    Bench bench(app, window, options);
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
