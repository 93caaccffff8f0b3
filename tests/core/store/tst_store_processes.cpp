// ItemStore across processes: a writer killed with SIGKILL mid-page leaves a
// store that opens, holds whole pages only, matches its sync state and lets the
// load continue; two processes writing one store at once both succeed.
#include "store/itemstore.h"
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QTemporaryDir>

using namespace desk;
using namespace desk::storetest;

namespace {

const QString kContacts = QStringLiteral("contacts");
constexpr int kPages = 400;
constexpr int kPageSize = 250;

// The helper's options: same provider and account, its (empty) presentation.
StoreOptions helperOptions(const QString &directory)
{
    StoreOptions o = options(directory);
    o.presentation = ItemPresentation();
    return o;
}

std::unique_ptr<ItemStore> openHelperStore(const QString &directory)
{
    auto opened = ItemStore::open(helperOptions(directory));
    INFO(opened.error().detail.toStdString());
    REQUIRE(opened.ok());
    REQUIRE_FALSE(opened.value().recovered);
    return std::move(opened.value().store);
}

std::unique_ptr<QProcess> startHelper(const QString &directory, const QString &type, int pages,
                                      int pageSize, const QString &prefix)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(DESK_STORE_HELPER));
    process->setArguments(
        {directory, type, QString::number(pages), QString::number(pageSize), prefix});
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start();
    REQUIRE(process->waitForStarted(10000));
    return process;
}

// Reads the helper's output until it reported `pages` more committed pages.
int waitForPages(QProcess &process, int pages)
{
    int seen = 0;
    while (seen < pages) {
        if (!process.canReadLine() && !process.waitForReadyRead(30000))
            break;
        while (process.canReadLine())
            if (process.readLine().startsWith("page "))
                ++seen;
    }
    return seen;
}

// After a kill: whole pages only, exactly those the resume cursor says are in.
int checkConsistent(ItemStore &store, int stale)
{
    CHECK_FALSE(store.checkIntegrity());
    const TypeSyncState state = store.syncState(kContacts).value();
    CHECK_FALSE(state.fullLoadComplete);
    const int committed = state.resumeCursors.value(QStringLiteral("main")).toInt();
    CHECK(committed > 0);
    CHECK(state.syncToken == QStringLiteral("token-%1").arg(committed - 1));
    CHECK(store.count(kContacts).value() == qint64(committed) * kPageSize + stale);
    // The first and last item of the last committed page are in, none of the next.
    for (const QString &id : {QStringLiteral("c-%1-0").arg(committed - 1),
                              QStringLiteral("c-%1-%2").arg(committed - 1).arg(kPageSize - 1)})
        CHECK(store.item({kContacts, id}).value().has_value());
    CHECK_FALSE(
        store.item({kContacts, QStringLiteral("c-%1-0").arg(committed)}).value().has_value());
    return committed;
}

} // namespace

TEST_CASE("A writer killed mid-page leaves a consistent store that the next load completes",
          "[store]")
{
    QTemporaryDir dir;
    constexpr int stale = 7;
    {
        // A first completed load with items the next one will not deliver.
        auto store = openHelperStore(dir.path());
        REQUIRE(store->beginFullLoad(kContacts).ok());
        StorePage page;
        for (int i = 0; i < stale; ++i)
            page.items.append(contact(i));
        TypeSyncProgress done;
        done.type = kContacts;
        done.fullLoadComplete = true;
        page.progress = {done};
        REQUIRE(store->applyPage(page).ok());
    }
    int committed = 0;
    for (int round = 0; round < 3; ++round) {
        auto helper = startHelper(dir.path(), kContacts, kPages, kPageSize, QStringLiteral("c"));
        REQUIRE(waitForPages(*helper, 3 + round * 2) == 3 + round * 2);
        helper->kill(); // SIGKILL, in the middle of writing the next page
        REQUIRE(helper->waitForFinished(10000));
        CHECK(helper->exitStatus() == QProcess::CrashExit);
        auto store = openHelperStore(dir.path());
        const int now = checkConsistent(*store, stale);
        CHECK(now > committed); // each run continued where the previous one stopped
        committed = now;
    }
    // A continuing load runs to the end and sweeps the stale items.
    auto helper = startHelper(dir.path(), kContacts, kPages, kPageSize, QStringLiteral("c"));
    REQUIRE(helper->waitForFinished(300000));
    CHECK(helper->exitStatus() == QProcess::NormalExit);
    CHECK(helper->exitCode() == 0);
    const QByteArray output = helper->readAllStandardOutput();
    CHECK(output.startsWith(QStringLiteral("start %1\n").arg(committed).toUtf8()));
    auto store = openHelperStore(dir.path());
    CHECK_FALSE(store->checkIntegrity());
    CHECK(store->count(kContacts).value() == qint64(kPages) * kPageSize);
    CHECK_FALSE(store->item({kContacts, contact(0).id}).value().has_value());
    const TypeSyncState state = store->syncState(kContacts).value();
    CHECK(state.fullLoadComplete);
    CHECK(state.resumeCursors.isEmpty());
    CHECK(state.syncToken == QStringLiteral("token-%1").arg(kPages - 1));
}

TEST_CASE("Two processes writing one store at once both complete without damage", "[store]")
{
    QTemporaryDir dir;
    auto mine = openHelperStore(dir.path());
    CHECK_FALSE(mine->changedElsewhere()); // first call: the baseline
    // Different types, and the same type with the same items from both.
    auto a = startHelper(dir.path(), kContacts, 60, 200, QStringLiteral("a"));
    auto b = startHelper(dir.path(), QStringLiteral("companies"), 60, 200, QStringLiteral("b"));
    REQUIRE(a->waitForFinished(300000));
    REQUIRE(b->waitForFinished(300000));
    CHECK(a->exitCode() == 0);
    CHECK(b->exitCode() == 0);
    auto c = startHelper(dir.path(), QStringLiteral("deals"), 40, 200, QStringLiteral("d"));
    auto d = startHelper(dir.path(), QStringLiteral("deals"), 40, 200, QStringLiteral("d"));
    REQUIRE(c->waitForFinished(300000));
    REQUIRE(d->waitForFinished(300000));
    CHECK(c->exitCode() == 0);
    CHECK(d->exitCode() == 0);

    CHECK(mine->changedElsewhere());
    CHECK_FALSE(mine->checkIntegrity());
    CHECK(mine->count(kContacts).value() == 60 * 200);
    CHECK(mine->count(QStringLiteral("companies")).value() == 60 * 200);
    CHECK(mine->count(QStringLiteral("deals")).value() == 40 * 200);
    for (const QString &type : {kContacts, QStringLiteral("companies"), QStringLiteral("deals")}) {
        const TypeSyncState state = mine->syncState(type).value();
        CHECK(state.fullLoadComplete);
        CHECK(state.resumeCursors.isEmpty());
    }
    // This process can still write after the others.
    REQUIRE(mine->applyPage(pageOf({record(1)})).ok());
    CHECK(mine->count().value() == 60 * 200 * 2 + 40 * 200 + 1);
}
