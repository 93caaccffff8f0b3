// ItemStore loads and syncs: a completed full load removes exactly the items it
// did not see, a stopped one removes nothing and says where to resume, and the
// per-type sync state survives reopening.
#include "store/itemstore.h"
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace desk;
using namespace desk::storetest;

namespace {

const QString kContacts = QStringLiteral("contacts");
const QString kMain = QStringLiteral("main");

StorePage loadPage(const ItemBatch &items, const QString &cursor, bool last)
{
    StorePage page = pageOf(items);
    TypeSyncProgress progress;
    progress.type = kContacts;
    progress.resumeCursors.insert(kMain, cursor);
    progress.fullLoadComplete = last;
    page.progress = {progress};
    return page;
}

QSet<QString> storedIds(ItemStore &store, const QString &type)
{
    QSet<QString> ids;
    auto cursor = store.itemCursor({type});
    for (auto batch = cursor->next(100); batch.ok() && !batch.value().isEmpty();
         batch = cursor->next(100))
        for (const IntegrationItem &item : batch.value())
            ids.insert(item.id);
    return ids;
}

QSet<QString> idsOf(const ItemBatch &items)
{
    QSet<QString> ids;
    for (const IntegrationItem &item : items)
        ids.insert(item.id);
    return ids;
}

} // namespace

TEST_CASE("A completed full load removes exactly the items it did not see", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->beginFullLoad(kContacts).ok());
    REQUIRE(store->applyPage(loadPage(contacts(0, 10), QStringLiteral("p1"), true)).ok());
    // Other types are not touched by a contacts sweep.
    REQUIRE(store->applyPage(pageOf({record(1), page(1)})).ok());

    auto ticket = store->beginFullLoad(kContacts);
    REQUIRE(ticket.ok());
    CHECK_FALSE(ticket.value().resumed);
    CHECK(ticket.value().resumeCursors.isEmpty());
    QSignalSpy removed(store.get(), &ItemStore::rowsRemoved);
    // The second load sees 0-3 and 6-9, and a new 20; 4 and 5 are gone.
    REQUIRE(store->applyPage(loadPage(contacts(0, 4), QStringLiteral("p1"), false)).ok());
    CHECK(removed.isEmpty());
    auto last =
        store->applyPage(loadPage(contacts(6, 4) + contacts(20, 1), QStringLiteral("p2"), true));
    REQUIRE(last.ok());
    CHECK(last.value() == ChangeSummary{1, 0, 4, 2});
    REQUIRE(removed.count() == 1);
    QVector<ItemKey> keys = removed.at(0).at(0).value<QVector<ItemKey>>();
    std::sort(keys.begin(), keys.end(),
              [](const ItemKey &a, const ItemKey &b) { return a.id < b.id; });
    CHECK(keys == QVector<ItemKey>{{kContacts, contact(4).id}, {kContacts, contact(5).id}});
    CHECK(storedIds(*store, kContacts) == idsOf(contacts(0, 4) + contacts(6, 4) + contacts(20, 1)));
    CHECK(store->count(QStringLiteral("records")).value() == 1);
    CHECK(store->count(QStringLiteral("pages")).value() == 1);
    const TypeSyncState state = store->syncState(kContacts).value();
    CHECK(state.fullLoadComplete);
    CHECK(state.resumeCursors.isEmpty());
    CHECK(state.lastFullSweep.isValid());
}

TEST_CASE("A full load that stops removes nothing and records where to resume", "[store]")
{
    QTemporaryDir dir;
    qint64 generation = 0;
    {
        auto store = openStore(dir.path());
        REQUIRE(store->beginFullLoad(kContacts).ok());
        REQUIRE(store->applyPage(loadPage(contacts(0, 10), QStringLiteral("p1"), true)).ok());
        auto ticket = store->beginFullLoad(kContacts);
        generation = ticket.value().generation;
        REQUIRE(store->applyPage(loadPage(contacts(0, 3), QStringLiteral("after-3"), false)).ok());
        CHECK(store->count(kContacts).value() == 10);
        // The load stops here (cancel, error, crash): the store is closed.
    }
    auto store = openStore(dir.path());
    CHECK(store->count(kContacts).value() == 10);
    TypeSyncState state = store->syncState(kContacts).value();
    CHECK_FALSE(state.fullLoadComplete);
    CHECK(state.resumeCursors.value(kMain) == QStringLiteral("after-3"));

    auto resumed = store->beginFullLoad(kContacts, FullLoadMode::Resume);
    REQUIRE(resumed.ok());
    CHECK(resumed.value().resumed);
    CHECK(resumed.value().generation == generation);
    CHECK(resumed.value().resumeCursors.value(kMain) == QStringLiteral("after-3"));
    // The rest of the load: 3-7 (8 and 9 are gone). Items seen before the stop count.
    auto last = store->applyPage(loadPage(contacts(3, 5), QStringLiteral("end"), true));
    REQUIRE(last.ok());
    CHECK(last.value().removed == 2);
    CHECK(storedIds(*store, kContacts) == idsOf(contacts(0, 8)));
}

TEST_CASE("Restart ignores a stopped load's cursors and starts a new generation", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    auto first = store->beginFullLoad(kContacts);
    REQUIRE(store->applyPage(loadPage(contacts(0, 2), QStringLiteral("c"), false)).ok());
    auto restarted = store->beginFullLoad(kContacts, FullLoadMode::Restart);
    REQUIRE(restarted.ok());
    CHECK_FALSE(restarted.value().resumed);
    CHECK(restarted.value().resumeCursors.isEmpty());
    CHECK(restarted.value().generation > first.value().generation);
    CHECK(store->syncState(kContacts).value().resumeCursors.isEmpty());
    // Nothing was delivered by the restarted load: completing it empties the type.
    auto done = store->applyPage(loadPage({}, QStringLiteral("end"), true));
    REQUIRE(done.ok());
    CHECK(done.value().removed == 2);
    CHECK(store->count(kContacts).value() == 0);
}

TEST_CASE("Items an incremental sync writes during a full load survive its sweep", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->beginFullLoad(kContacts).ok());
    REQUIRE(store->applyPage(loadPage(contacts(0, 5), QStringLiteral("p1"), true)).ok());
    REQUIRE(store->beginFullLoad(kContacts).ok());
    StorePage sync = pageOf(contacts(50, 1));
    TypeSyncProgress progress;
    progress.type = kContacts;
    progress.syncToken = QStringLiteral("hw-1");
    progress.syncComplete = true;
    sync.progress = {progress};
    REQUIRE(store->applyPage(sync).ok());
    auto last = store->applyPage(loadPage(contacts(0, 5), QStringLiteral("p1"), true));
    REQUIRE(last.ok());
    CHECK(last.value().removed == 0);
    CHECK(store->count(kContacts).value() == 6);
}

TEST_CASE("Completing a full load that was never started is refused", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->applyPage(pageOf(contacts(0, 3))).ok());
    auto result = store->applyPage(loadPage(contacts(0, 1), QStringLiteral("x"), true));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::Configuration);
    CHECK(store->count(kContacts).value() == 3);
}

TEST_CASE("Sync state round trips per type and gives the data's as-of time", "[store]")
{
    QTemporaryDir dir;
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    {
        auto store = openStore(dir.path());
        CHECK_FALSE(store->asOf().isValid());
        const TypeSyncState unknown = store->syncState(QStringLiteral("deals")).value();
        CHECK(unknown.type == QStringLiteral("deals"));
        CHECK(unknown.syncToken.isEmpty());
        CHECK_FALSE(unknown.lastSync.isValid());
        CHECK_FALSE(unknown.fullLoadComplete);

        REQUIRE(store->beginFullLoad(kContacts).ok());
        StorePage page = loadPage(contacts(0, 2), QStringLiteral("p1"), false);
        page.progress[0].resumeCursors.insert(QStringLiteral("partition-2"), QStringLiteral("q7"));
        page.progress[0].syncToken = QStringLiteral("1700000000000");
        REQUIRE(store->applyPage(page).ok());
        // A page names only the streams it advanced: the others keep their cursor.
        StorePage next = loadPage(contacts(2, 2), QStringLiteral("p2"), false);
        REQUIRE(store->applyPage(next).ok());
        REQUIRE(store->beginFullLoad(QStringLiteral("records")).ok());
        StorePage records = pageOf({record(1)});
        TypeSyncProgress done;
        done.type = QStringLiteral("records");
        done.fullLoadComplete = true;
        done.syncToken = QStringLiteral("cursor/with/slashes?and=query");
        records.progress = {done};
        REQUIRE(store->applyPage(records).ok());
    }
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    auto store = openStore(dir.path());
    const TypeSyncState contactsState = store->syncState(kContacts).value();
    CHECK(contactsState.syncToken == QStringLiteral("1700000000000"));
    CHECK(contactsState.resumeCursors ==
          QMap<QString, QString>{{kMain, QStringLiteral("p2")},
                                 {QStringLiteral("partition-2"), QStringLiteral("q7")}});
    CHECK_FALSE(contactsState.fullLoadComplete);
    CHECK_FALSE(contactsState.lastSync.isValid());
    CHECK(contactsState.fullLoadGeneration > 0);

    const TypeSyncState recordsState = store->syncState(QStringLiteral("records")).value();
    CHECK(recordsState.syncToken == QStringLiteral("cursor/with/slashes?and=query"));
    CHECK(recordsState.fullLoadComplete);
    CHECK(recordsState.lastSync >= before);
    CHECK(recordsState.lastSync <= after);
    CHECK(recordsState.lastFullSweep == recordsState.lastSync);
    CHECK(recordsState.resumeCursors.isEmpty());
    CHECK(store->asOf() == recordsState.lastSync);

    const QVector<TypeSyncState> all = store->syncStates().value();
    REQUIRE(all.size() == 2);
    CHECK(all.at(0).type == kContacts);
    CHECK(all.at(1).type == QStringLiteral("records"));
}
