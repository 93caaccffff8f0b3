// integrations-desk-bench: 100,000 contacts streamed into the open window.
// Prints (does not assert) the longest event-loop stall, the time to the first
// painted row, total time and peak RSS.
//
//   integrations-desk-bench [--items N] [--batch N] [--source synthetic|sandbox] [--by-company]
//
// synthetic: batches of generated contacts are handed to the window's model one
//            event-loop turn apart (the UI cost alone);
// sandbox:   the real path - integrations-sandbox with N contacts, sign-in with
//            --auto-consent in the embedded browser, Load through the HubSpot loader.
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "itemfilterproxymodel.h"
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

IntegrationItem syntheticContact(int n)
{
    static const char *first[] = {"Ada",   "Ben",    "Chloe", "Dmitri", "Elena",
                                  "Farah", "Gustav", "Hana",  "Ivan",   "Jade"};
    static const char *last[] = {"Lovelace", "Okafor", "Martin", "Ivanov", "Rossi",
                                 "Khan",     "Berg",   "Sato",   "Petrov", "Lee"};
    IntegrationItem item;
    item.id = QString::number(100000 + n);
    item.type = QStringLiteral("contacts");
    item.name = QString::fromLatin1(first[n % 10]) + QLatin1Char(' ') +
                QString::fromLatin1(last[(n / 10) % 10]) + QLatin1Char(' ') + QString::number(n);
    item.parentId = n % 7 ? QString::number(500 + n % 2000) : QString();
    item.parentName =
        item.parentId.isEmpty() ? QString() : QStringLiteral("Company ") + item.parentId;
    item.created = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(n) * 97);
    item.modified = item.created.addDays(3);
    item.url = QUrl(QStringLiteral("https://app.hubspot.com/contacts/1/record/0-1/") + item.id);
    item.properties.insert(QStringLiteral("email"), QStringLiteral("person%1@example.com").arg(n));
    item.properties.insert(QStringLiteral("owner"), QStringLiteral("Owner %1").arg(n % 12));
    return item;
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
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Items per batch (synthetic)."),
                      QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("source"), QStringLiteral("synthetic or sandbox."),
                      QStringLiteral("SOURCE"), QStringLiteral("synthetic")});
    parser.addOption({QStringLiteral("by-company"), QStringLiteral("Use the By company view.")});
    parser.process(app);
    const int total = parser.value(QStringLiteral("items")).toInt();
    const int batchSize = qMax(1, parser.value(QStringLiteral("batch")).toInt());
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

    // Pre-generate (not measured).
    QVector<ItemBatch> batches;
    if (!sandboxMode) {
        for (int i = 0; i < total; i += batchSize) {
            ItemBatch batch;
            for (int n = i; n < qMin(total, i + batchSize); ++n)
                batch.append(syntheticContact(n));
            batches.append(batch);
        }
    }

    // Measurements.
    QElapsedTimer clock;
    qint64 longestStallAt = 0, longestStallItems = 0;
    qint64 longestStallMs = 0, lastTick = -1, firstRowMs = -1, firstPaintMs = -1, doneMs = -1;
    std::function<void()> finish;
    QTimer heartbeat;
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        if (lastTick >= 0 && now - lastTick > longestStallMs) {
            longestStallMs = now - lastTick;
            longestStallAt = now;
            longestStallItems = window.itemModel()->itemCount();
        }
        lastTick = now;
        if (!sandboxMode && doneMs < 0 && window.itemModel()->itemCount() >= total)
            finish();
    });
    struct PaintWatcher : QObject
    {
        std::function<void()> onPaint;
        bool eventFilter(QObject *o, QEvent *e) override
        {
            if (e->type() == QEvent::Paint && onPaint)
                onPaint();
            return QObject::eventFilter(o, e);
        }
    } paintWatcher;
    paintWatcher.onPaint = [&] {
        if (firstRowMs >= 0 && firstPaintMs < 0)
            firstPaintMs = clock.elapsed();
    };
    window.treeView()->viewport()->installEventFilter(&paintWatcher);
    QObject::connect(window.itemModel(), &QAbstractItemModel::rowsInserted, [&] {
        if (firstRowMs < 0) {
            firstRowMs = clock.elapsed();
            if (!qEnvironmentVariableIsSet("DESK_BENCH_COLLAPSED"))
                window.treeView()->expandToDepth(0); // the user opens the Contacts group at once
        }
    });

    finish = [&] {
        doneMs = clock.elapsed();
        // Keep the heartbeat for a moment: the final sort and paint count as stalls.
        QTimer::singleShot(300, &app, [&] {
            heartbeat.stop();
            app.quit();
        });
    };

    // Let the window settle before starting.
    QTimer::singleShot(500, &app, [&] {
        clock.start();
        heartbeat.start();
        if (sandboxMode) {
            QObject::connect(&window, &MainWindow::loadFinished, &app,
                             [&](const LoadOutcome &outcome) {
                                 if (!outcome.complete)
                                     std::fprintf(stderr, "load incomplete: %s\n",
                                                  qPrintable(outcome.error.message));
                                 finish();
                             });
            QObject::connect(&window, &MainWindow::accountStateChanged, &app,
                             [&](MainWindow::AccountState state) {
                                 if (state == MainWindow::AccountState::Connected) {
                                     clock.restart();
                                     lastTick = -1;
                                     longestStallMs = 0;
                                     window.action(QStringLiteral("load"))->trigger();
                                 }
                             });
            window.action(QStringLiteral("connect"))->trigger();
        } else {
            auto next = std::make_shared<int>(0);
            auto *feeder = new QTimer(&app);
            feeder->setInterval(0);
            QObject::connect(feeder, &QTimer::timeout, [&, next, feeder] {
                if (*next >= batches.size()) {
                    feeder->stop(); // the window drains its queue; the heartbeat sees the end
                    return;
                }
                window.appendItems(batches.at((*next)++));
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
    std::printf("integrations-desk-bench: source=%s items=%d loaded=%d view=%s batch=%d\n",
                sandboxMode ? "sandbox" : "synthetic", total, window.itemModel()->itemCount(),
                parser.isSet(QStringLiteral("by-company")) ? "by-company" : "by-type", batchSize);
    std::printf("  time to first row (model):   %lld ms\n", firstRowMs);
    std::printf("  time to first painted row:   %lld ms\n", firstPaintMs);
    std::printf("  total time:                  %lld ms\n", doneMs);
    std::printf(
        "  longest event-loop stall:    %lld ms (ended at %lld ms, %lld items in the model)\n",
        longestStallMs, longestStallAt, longestStallItems);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("  CPU time of this process:    %.2f s user + %.2f s system\n",
                usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
    std::printf("  peak RSS:                    %.1f MiB (%.1f MiB before streaming)\n",
                peakRssKiB() / 1024.0, rssBefore / 1024.0);
    return window.itemModel()->itemCount() >= total ? 0 : 1;
}
