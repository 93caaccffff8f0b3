// integrations-desk-ping: how long the real window keeps a user waiting. It
// opens the MainWindow, gives it N contacts (in their companies), and pings
// the event loop every 50 ms (UiPing) through: the rows arriving, typing a
// filter and clearing it, a reload's rows arriving again over the loaded tree,
// Export All to JSON, and quitting. Prints the longest stall of each step and
// the process's memory. With --sandbox the rows come the real way: the window
// connects to integrations-sandbox (a private-app token) and loads N contacts
// through the loader and the account's store, and "reload" is a second Load.
//   integrations-desk-ping [--items N] [--companies N] [--sandbox] [--latency-ms MS]
#include "credentials/memorycredentialstore.h"
#include "exportcontroller.h"
#include "itemtreemodel.h"
#include "mainwindow.h"
#include "support/sandboxprocess.h"
#include "thememanager.h"
#include "uiping.h"
#include "uitestutil.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <memory>

using namespace desk;
using namespace desktest;

namespace {
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

void report(const char *step, const UiPing &ping, qint64 elapsedMs)
{
    std::printf("%-34s %7lld ms   longest stall %5lld ms   stalls >50 ms: %d\n", step,
                static_cast<long long>(elapsedMs), static_cast<long long>(ping.longestStallMs()),
                ping.stallsOver(50));
    std::fflush(stdout);
}

ItemBatch makeItems(int items, int companies)
{
    ItemBatch batch;
    batch.reserve(items + companies);
    for (int c = 0; c < companies; ++c)
        batch.append(company(c));
    for (int i = 0; i < items; ++i) {
        const int c = companies > 0 ? i % companies : -1;
        batch.append(c < 0 ? contact(i) : contact(i, company(c).id, company(c).name));
    }
    return batch;
}

// Hands `items` to the window in pages, as a load does, pinging until the tree has them.
qint64 deliver(MainWindow &window, const ItemBatch &items, UiPing &ping, int expected)
{
    QElapsedTimer clock;
    clock.start();
    ping.start();
    for (int at = 0; at < items.size(); at += 1000) {
        window.appendItems(items.mid(at, 1000));
        QTest::qWait(1);
    }
    waitFor(
        [&] {
            return window.itemModel()->itemCount() >= expected &&
                   window.itemModel()->pendingRows() == 0;
        },
        600000);
    ping.stop();
    return clock.elapsed();
}
// Triggers Load and pings until the load finished and the tree has every row.
qint64 loadFromSandbox(MainWindow &window, UiPing &ping, int expected)
{
    QElapsedTimer clock;
    clock.start();
    bool finished = false;
    const auto connection = QObject::connect(&window, &MainWindow::loadFinished,
                                             [&finished](const LoadOutcome &) { finished = true; });
    ping.start();
    window.action(QStringLiteral("load"))->trigger();
    waitFor(
        [&] {
            return finished && window.itemModel()->itemCount() >= expected &&
                   window.itemModel()->pendingRows() == 0;
        },
        1800000);
    ping.stop();
    QObject::disconnect(connection);
    return clock.elapsed();
}

std::unique_ptr<SandboxProcess> startSandbox(int items, int companies, int latencyMs,
                                             const QByteArray &token)
{
    auto sandbox = std::make_unique<SandboxProcess>(QStringList{
        QStringLiteral("--private-app-token"), QString::fromLatin1(token),
        QStringLiteral("--contacts"), QString::number(items), QStringLiteral("--companies"),
        QString::number(companies), QStringLiteral("--deals"), QStringLiteral("0"),
        QStringLiteral("--tickets"), QStringLiteral("0"), QStringLiteral("--latency-ms"),
        QString::number(latencyMs), QStringLiteral("--rate-limit"), QStringLiteral("off"),
        QStringLiteral("--search-rate-limit"), QStringLiteral("off"),
        QStringLiteral("--hubspot-legacy"), QStringLiteral("off")});
    return sandbox->started() ? std::move(sandbox) : nullptr;
}
// With DESK_PING_TRACE set: every event delivery of 20 ms or more, nested ones
// indented, so a stall can be told apart into what ran in it.
class PingApp : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        static const bool trace = qEnvironmentVariableIsSet("DESK_PING_TRACE");
        if (!trace)
            return QApplication::notify(receiver, event);
        const int depth = m_depth++;
        const int type = event->type();
        QByteArray what =
            QByteArray(receiver->metaObject()->className()) + ' ' + receiver->objectName().toUtf8();
        if (const QObject *parent = receiver->parent())
            what += QByteArray(" of ") + parent->metaObject()->className();
        QElapsedTimer timer;
        timer.start();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        if (timer.elapsed() >= 20 && depth < 4)
            qInfo("%*sslow delivery: %lld ms, event %d to %s", 2 * depth, "",
                  static_cast<long long>(timer.elapsed()), type, what.constData());
        return result;
    }

private:
    int m_depth = 0;
};
} // namespace

int main(int argc, char *argv[])
{
    PingApp app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("items"), QStringLiteral("Contacts (100000)."),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("companies"), QStringLiteral("Companies (260)."),
                      QStringLiteral("n"), QStringLiteral("260")});
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("Load them from integrations-sandbox through the store.")});
    parser.addOption({QStringLiteral("latency-ms"),
                      QStringLiteral("The sandbox's round-trip latency (0)."), QStringLiteral("ms"),
                      QStringLiteral("0")});
    parser.process(app);
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    QApplication::setOrganizationName(QStringLiteral("Integrations Desk Ping"));
    const int items = parser.value(QStringLiteral("items")).toInt();
    const int companies = parser.value(QStringLiteral("companies")).toInt();

    const bool fromSandbox = parser.isSet(QStringLiteral("sandbox"));
    const QByteArray token = "pat-ping-" + QByteArray::number(QCoreApplication::applicationPid());
    std::unique_ptr<SandboxProcess> sandbox;
    if (fromSandbox &&
        !(sandbox = startSandbox(items, companies,
                                 parser.value(QStringLiteral("latency-ms")).toInt(), token))) {
        std::fprintf(stderr, "integrations-sandbox did not start\n");
        return 1;
    }

    MemoryCredentialStore credentials;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    if (sandbox)
        options.sandboxUrl = sandbox->baseUrl();
    auto window = std::make_unique<MainWindow>(credentials, theme, options);
    window->selectProvider(QStringLiteral("hubspot"));
    window->resize(1400, 900);
    window->show();
    QTest::qWaitForWindowExposed(window.get());
    std::printf("window with %d contacts and %d companies%s; ping every 50 ms\n", items, companies,
                sandbox ? " loaded from the sandbox through the store" : "");
    if (sandbox) {
        window->connectWithAccessToken(token);
        if (!waitFor([&] { return window->accountState() == MainWindow::AccountState::Connected; },
                     30000)) {
            std::fprintf(stderr, "not connected to the sandbox\n");
            return 1;
        }
    }
    const qint64 rssStart = residentKiB();

    UiPing ping;
    const ItemBatch all = sandbox ? ItemBatch() : makeItems(items, companies);
    auto rowsArrive = [&] {
        return sandbox ? loadFromSandbox(*window, ping, items + companies)
                       : deliver(*window, all, ping, items + companies);
    };
    qint64 ms = rowsArrive();
    report("load: rows arrive", ping, ms);
    QTest::qWait(500);
    std::printf("memory: %lld MiB resident after loading (%lld MiB at start)\n",
                static_cast<long long>(residentKiB() / 1024),
                static_cast<long long>(rssStart / 1024));

    QElapsedTimer clock;
    QLineEdit *filter = window->filterEdit();
    ping.start();
    clock.start();
    QTest::keyClicks(filter, QStringLiteral("zephyr"), Qt::NoModifier, 30);
    waitFor([&] { return window->itemModel()->appliedFilter() == QStringLiteral("zephyr"); },
            60000);
    QTest::qWait(200);
    ping.stop();
    report("filter: type \"zephyr\"", ping, clock.elapsed());
    ping.start();
    clock.restart();
    filter->clear();
    waitFor([&] { return window->itemModel()->appliedFilter().isEmpty(); }, 60000);
    QTest::qWait(200);
    ping.stop();
    report("filter: clear", ping, clock.elapsed());

    ms = rowsArrive();
    report("reload: rows arrive again", ping, ms);
    QTest::qWait(500);
    std::printf("memory: %lld MiB resident after the reload\n",
                static_cast<long long>(residentKiB() / 1024));

    QTemporaryDir out;
    ping.start();
    clock.restart();
    window->exportToFile(out.filePath(QStringLiteral("all.json")), false);
    waitFor([&] { return !window->exporter()->isRunning(); }, 600000);
    ping.stop();
    report("export all to JSON", ping, clock.elapsed());

    ping.start();
    clock.restart();
    window->close();
    const qint64 hidden = clock.elapsed();
    QApplication::processEvents();
    window.reset();
    ping.stop();
    std::printf("%-34s %7lld ms   (window gone after %lld ms)\n", "quit: close and tear down",
                static_cast<long long>(clock.elapsed()), static_cast<long long>(hidden));
    return 0;
}
