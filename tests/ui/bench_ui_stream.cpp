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
    const int total = parser.value(QStringLiteral("items")).toInt();
    const int batchSize = qMax(1, parser.value(QStringLiteral("batch")).toInt());
    const double rate = parser.value(QStringLiteral("rate")).toDouble();
    const bool sandboxMode = parser.value(QStringLiteral("source")) == QLatin1String("sandbox");

    // Quiet by default; DESK_BENCH_LOG_RULES (QLoggingCategory rules) to look inside.
    QLoggingCategory::setFilterRules(
        qEnvironmentVariable("DESK_BENCH_LOG_RULES",
                             QStringLiteral("desk.*.debug=false\ndesk.*.info=false\nqt.*=false")));

    // Optional real sandbox.
    QProcess sandbox;
    QUrl sandboxUrl;
    quint16 redirectPort = 0;
    if (sandboxMode) {
        redirectPort = freePort();
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
        if (!sandbox.waitForStarted(10000) || !sandbox.waitForReadyRead(120000)) {
            std::fprintf(stderr, "sandbox did not start\n");
            return 1;
        }
        const QString line = QString::fromUtf8(sandbox.readLine()).trimmed();
        sandboxUrl = QUrl(line.mid(QStringLiteral("listening on ").size()));
    }

    MemoryCredentialStore store;
    ThemeManager theme;
    theme.setMode(ThemeManager::Mode::Light);
    MainWindowOptions options;
    options.restoreSession = false;
    options.sandboxUrl = sandboxUrl;
    options.redirectPort = redirectPort;
    MainWindow window(store, theme, options);
    window.resize(1400, 900);
    window.show();
    if (parser.isSet(QStringLiteral("by-company")))
        window.action(QStringLiteral("groupByCompany"))->trigger();

    // Measurements: a 1 ms heartbeat (the longest gap is the longest stall) and
    // a precise 50 ms ping (how late it fires: what a user would feel).
    QElapsedTimer clock;
    qint64 longestStallAt = 0, longestStallItems = 0;
    qint64 longestStallMs = 0, lastTick = -1, firstRowMs = -1, firstPaintMs = -1, doneMs = -1;
    qint64 worstPingLateMs = 0, nextPingDue = -1;
    qint64 longestFilterStallMs = 0, longestSortStallMs = 0;
    int phase = 0; // 0 streaming, 1 filter keystrokes, 2 re-sorting
    bool streaming = true;
    std::function<void()> allIn;
    QTimer heartbeat;
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        const qint64 gap = lastTick >= 0 ? now - lastTick : 0;
        if (phase == 0 && gap > longestStallMs) {
            longestStallMs = gap;
            longestStallAt = now;
            longestStallItems = window.itemModel()->itemCount() - window.itemModel()->pendingRows();
        }
        if (phase == 1)
            longestFilterStallMs = qMax(longestFilterStallMs, gap);
        if (phase == 2)
            longestSortStallMs = qMax(longestSortStallMs, gap);
        lastTick = now;
        if (!sandboxMode && streaming && doneMs < 0 && window.itemModel()->itemCount() >= total &&
            window.itemModel()->pendingRows() == 0)
            allIn();
    });
    QTimer ping;
    ping.setTimerType(Qt::PreciseTimer);
    ping.setInterval(50);
    QObject::connect(&ping, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        if (nextPingDue >= 0 && streaming)
            worstPingLateMs = qMax(worstPingLateMs, now - nextPingDue);
        nextPingDue = now + 50;
    });
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
    } paintWatcher;
    std::function<void()> afterPaint; // one-shot
    paintWatcher.onPaint = [&] {
        if (firstRowMs >= 0 && firstPaintMs < 0)
            firstPaintMs = clock.elapsed();
        if (afterPaint)
            QTimer::singleShot(0, &app, std::exchange(afterPaint, nullptr));
    };
    window.treeView()->viewport()->installEventFilter(&paintWatcher);
    QObject::connect(window.itemModel(), &QAbstractItemModel::rowsInserted, [&] {
        if (firstRowMs < 0) {
            firstRowMs = clock.elapsed();
            if (!qEnvironmentVariableIsSet("DESK_BENCH_COLLAPSED"))
                window.treeView()->expandToDepth(0); // the user opens the Contacts group at once
        }
    });

    // The filter keystrokes, once every row is in: each is timed until the
    // tree has painted its result.
    QVector<QPair<QString, qint64>> keystrokes;
    const QStringList typed{QStringLiteral("z"),
                            QStringLiteral("ze"),
                            QStringLiteral("zep"),
                            QStringLiteral("zeph"),
                            QStringLiteral("zephy"),
                            QStringLiteral("zephyr"),
                            QString()};
    int shownAfterFilter = -1;
    // Then a click on the Created header and back on Name, each timed until painted.
    QVector<QPair<QString, qint64>> sorts;
    std::function<void(int)> resort = [&](int i) {
        phase = 2;
        if (i >= 2) {
            heartbeat.stop();
            app.quit();
            return;
        }
        QElapsedTimer answer;
        answer.start();
        const int column = i == 0 ? window.itemModel()->createdColumn() : ItemTreeModel::NameColumn;
        window.treeView()->sortByColumn(column, Qt::AscendingOrder);
        window.treeView()->viewport()->update();
        afterPaint = [&, i, column, answer] {
            sorts.append({window.itemModel()->headerData(column, Qt::Horizontal).toString(),
                          answer.elapsed()});
            QTimer::singleShot(300, &app, [&, i] { resort(i + 1); });
        };
    };
    std::function<void(int)> keystroke = [&](int i) {
        if (i >= typed.size()) {
            resort(0);
            return;
        }
        QElapsedTimer answer;
        answer.start();
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection =
            QObject::connect(window.itemModel(), &ItemTreeModel::filterApplied, &app,
                             [&, i, answer, connection](const QString &) {
                                 QObject::disconnect(*connection);
                                 window.treeView()->viewport()->update();
                                 afterPaint = [&, i, answer] {
                                     keystrokes.append({typed.at(i), answer.elapsed()});
                                     if (i == typed.size() - 2)
                                         shownAfterFilter = window.itemModel()->visibleItemCount();
                                     QTimer::singleShot(300, &app, [&, i] { keystroke(i + 1); });
                                 };
                             });
        window.filterEdit()->setText(typed.at(i));
    };

    allIn = [&] {
        doneMs = clock.elapsed();
        streaming = false;
        // The last rows' relayout and paint still count as streaming.
        QTimer::singleShot(1000, &app, [&] {
            phase = 1;
            keystroke(0);
        });
    };

    // Let the window settle before starting.
    QTimer::singleShot(500, &app, [&] {
        clock.start();
        heartbeat.start();
        ping.start();
        if (sandboxMode) {
            QObject::connect(&window, &MainWindow::loadFinished, &app,
                             [&](const LoadOutcome &outcome) {
                                 if (!outcome.complete)
                                     std::fprintf(stderr, "load incomplete: %s\n",
                                                  qPrintable(outcome.error.message));
                                 allIn();
                             });
            QObject::connect(&window, &MainWindow::accountStateChanged, &app,
                             [&](MainWindow::AccountState state) {
                                 if (state == MainWindow::AccountState::Connected) {
                                     clock.restart();
                                     lastTick = -1;
                                     longestStallMs = 0;
                                     worstPingLateMs = 0;
                                     window.action(QStringLiteral("load"))->trigger();
                                 }
                             });
            window.action(QStringLiteral("connect"))->trigger();
        } else {
            // Rows are made as they are fed (a million pre-built rows would
            // weigh on the memory figure); making them is part of the cost.
            // "max": every turn of the event loop brings what a store would
            // have committed meanwhile (batches for up to 4 ms); a rate: the
            // batches due by the clock.
            auto next = std::make_shared<int>(0);
            auto *feeder = new QTimer(&app);
            feeder->setTimerType(Qt::PreciseTimer);
            feeder->setInterval(rate > 0 ? qMax(1, int(1000 / rate / 4)) : 0);
            QObject::connect(feeder, &QTimer::timeout, [&, next, feeder] {
                QElapsedTimer slice;
                slice.start();
                const qint64 due = rate > 0
                                       ? qint64(clock.elapsed() * rate / 1000.0 + 1) * batchSize
                                       : qint64(total);
                while (*next < total && *next < due) {
                    RowBatch batch;
                    batch.reserve(batchSize);
                    for (int n = *next; n < qMin(total, *next + batchSize); ++n)
                        batch.append(syntheticContact(n));
                    *next += batchSize;
                    window.appendRows(batch);
                    if (rate <= 0 && slice.elapsed() >= 4)
                        break;
                }
                if (*next >= total)
                    feeder->stop(); // the window drains its queue; the heartbeat sees the end
            });
            feeder->start();
        }
    });

    const qint64 rssBefore = peakRssKiB();
    app.exec();
    if (sandbox.state() == QProcess::Running) {
        sandbox.terminate();
        sandbox.waitForFinished(5000);
    }
    std::printf("integrations-desk-bench: source=%s items=%d loaded=%d view=%s batch=%d rate=%s\n",
                sandboxMode ? "sandbox" : "synthetic", total, window.itemModel()->itemCount(),
                parser.isSet(QStringLiteral("by-company")) ? "by-company" : "by-type", batchSize,
                rate > 0 ? qPrintable(QString::number(rate) + QStringLiteral("/s")) : "max");
    std::printf("  time to first row (model):   %lld ms\n", firstRowMs);
    std::printf("  time to first painted row:   %lld ms\n", firstPaintMs);
    std::printf("  all rows in the tree:        %lld ms\n", doneMs);
    std::printf(
        "  longest event-loop stall:    %lld ms while streaming (ended at %lld ms, %lld rows in "
        "the tree); %lld ms while filtering; %lld ms while re-sorting\n",
        longestStallMs, longestStallAt, longestStallItems, longestFilterStallMs,
        longestSortStallMs);
    std::printf("  50 ms ping, latest by:       %lld ms\n", worstPingLateMs);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("  CPU time of this process:    %.2f s user + %.2f s system\n",
                usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
    std::printf("  peak RSS:                    %.1f MiB (%.1f MiB before streaming)\n",
                peakRssKiB() / 1024.0, rssBefore / 1024.0);
    for (const auto &[text, ms] : std::as_const(keystrokes))
        std::printf("  filter \"%s\" shown after:%*s %lld ms\n", qPrintable(text),
                    int(8 - text.size()), "", ms);
    std::printf("  \"zephyr\" matches:            %d\n", shownAfterFilter);
    for (const auto &[column, ms] : std::as_const(sorts))
        std::printf("  sorted by %s, shown after:%*s %lld ms\n", qPrintable(column),
                    int(9 - column.size()), "", ms);
    return window.itemModel()->itemCount() >= total ? 0 : 1;
}
