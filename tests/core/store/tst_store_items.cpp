// ItemStore items: every field survives the store, typed columns match
// ItemRow::fromItem, change detection counts, failing pages leave nothing, and
// rows follow a presentation change.
#include "store/itemstore.h"
#include "store/storecodec.h"
#include "store/storereader.h"
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace desk;
using namespace desk::storetest;

namespace {

ItemRow rowFor(const IntegrationItem &item)
{
    return ItemRow::fromItem(item, presentation());
}

void checkSameRow(const ItemRow &actual, const ItemRow &expected)
{
    CHECK(actual.type == expected.type);
    CHECK(actual.id == expected.id);
    CHECK(actual.name == expected.name);
    CHECK(actual.parentType == expected.parentType);
    CHECK(actual.parentId == expected.parentId);
    CHECK(actual.parentName == expected.parentName);
    CHECK(actual.groupParentId == expected.groupParentId);
    CHECK(actual.values == expected.values);
    CHECK(actual.createdMs == expected.createdMs);
    CHECK(actual.modifiedMs == expected.modifiedMs);
    CHECK(actual.flags == expected.flags);
}

} // namespace

TEST_CASE("Every field of items shaped like each provider's survives the store", "[store]")
{
    QTemporaryDir dir;
    const ItemBatch items = {contact(1), record(2), page(3), company(4)};
    {
        auto store = openStore(dir.path());
        REQUIRE(store->applyPage(pageOf(items)).ok());
        for (const IntegrationItem &expected : items) {
            auto read = store->item({expected.type, expected.id});
            REQUIRE(read.ok());
            REQUIRE(read.value().has_value());
            checkSameItem(*read.value(), expected);
        }
    }
    // ...and after closing and opening again.
    auto store = openStore(dir.path());
    for (const IntegrationItem &expected : items) {
        auto read = store->item({expected.type, expected.id});
        REQUIRE(read.ok());
        REQUIRE(read.value().has_value());
        checkSameItem(*read.value(), expected);
    }
    CHECK_FALSE(
        store->item({QStringLiteral("contacts"), QStringLiteral("nope")}).value().has_value());
}

TEST_CASE("The in-memory store keeps the same fields and writes no file", "[store]")
{
    auto opened = ItemStore::open(options(QString()));
    REQUIRE(opened.ok());
    ItemStore &store = *opened.value().store;
    CHECK(store.inMemory());
    CHECK(store.databasePath().isEmpty());
    REQUIRE(store.applyPage(pageOf({page(7), record(8)})).ok());
    checkSameItem(*store.item({QStringLiteral("pages"), page(7).id}).value(), page(7));
    checkSameItem(*store.item({QStringLiteral("records"), record(8).id}).value(), record(8));
    CHECK(store.count().value() == 2);
}

TEST_CASE("Added rows carry the typed columns the tree shows", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    QSignalSpy added(store.get(), &ItemStore::rowsAdded);
    const ItemBatch items = {contact(1), record(2), page(3), company(4)};
    REQUIRE(store->applyPage(pageOf(items)).ok());
    REQUIRE(added.count() == 1);
    const RowBatch rows = added.at(0).at(0).value<RowBatch>();
    REQUIRE(rows.size() == items.size());
    for (int i = 0; i < items.size(); ++i)
        checkSameRow(rows.at(i), rowFor(items.at(i)));
    // The values the tree shows, spelled out for one contact and one record.
    CHECK(rows.at(0).values[0] == QStringLiteral("ada1@example.test"));
    CHECK(rows.at(0).values[1] == QStringLiteral("Grace Hopper"));
    CHECK(rows.at(0).groupParentId == QStringLiteral("501"));
    CHECK(rows.at(1).values[0] == QStringLiteral("urgent, q3"));
    CHECK(rows.at(1).values[2] == QStringLiteral("Projects"));
    CHECK(rows.at(2).has(ItemRow::HasProblems));
    CHECK(rows.at(3).has(ItemRow::Container));
}

TEST_CASE("Counts are kept in total and per type", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(
        store->applyPage(pageOf(contacts(0, 30) + ItemBatch{record(1), record(2), page(1)})).ok());
    CHECK(store->count().value() == 33);
    CHECK(store->count(QStringLiteral("contacts")).value() == 30);
    CHECK(store->count(QStringLiteral("deals")).value() == 0);
    const QHash<QString, qint64> counts = store->countsByType().value();
    CHECK(counts.value(QStringLiteral("contacts")) == 30);
    CHECK(counts.value(QStringLiteral("records")) == 2);
    CHECK(counts.value(QStringLiteral("pages")) == 1);
    CHECK(counts.size() == 3);
}

TEST_CASE("Change detection counts new, changed, unchanged and removed items exactly", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    auto first = store->applyPage(pageOf(contacts(0, 20)));
    REQUIRE(first.ok());
    CHECK(first.value() == ChangeSummary{20, 0, 0, 0});

    QSignalSpy added(store.get(), &ItemStore::rowsAdded);
    QSignalSpy updated(store.get(), &ItemStore::rowsUpdated);
    QSignalSpy removed(store.get(), &ItemStore::rowsRemoved);
    ItemBatch again = contacts(0, 20); // same content: nothing changed
    again[3].properties.insert(QStringLiteral("email"), QStringLiteral("new@example.test"));
    again[4].labels.insert(QStringLiteral("hubspot_owner_id"), QStringLiteral("Someone else"));
    again[5].modified = again[5].modified.addSecs(1);
    again[6].associations[QStringLiteral("deals")].append(QStringLiteral("9002"));
    again += contacts(100, 3);
    const QVector<ItemKey> gone = {{QStringLiteral("contacts"), contact(10).id},
                                   {QStringLiteral("contacts"), contact(11).id},
                                   {QStringLiteral("contacts"), QStringLiteral("never-stored")}};
    again.removeAt(11);
    again.removeAt(10);
    auto second = store->applyPage(pageOf(again, gone));
    REQUIRE(second.ok());
    CHECK(second.value() == ChangeSummary{3, 4, 14, 2});
    CHECK(second.value().text() == QStringLiteral("4 changed, 3 new, 2 removed"));
    REQUIRE(updated.count() == 1);
    const RowBatch changedRows = updated.at(0).at(0).value<RowBatch>();
    REQUIRE(changedRows.size() == 4);
    CHECK(changedRows.at(0).id == contact(3).id);
    CHECK(changedRows.at(0).values[0] == QStringLiteral("new@example.test"));
    CHECK(changedRows.at(1).values[1] == QStringLiteral("Someone else"));
    REQUIRE(added.count() == 1);
    CHECK(added.at(0).at(0).value<RowBatch>().size() == 3);
    REQUIRE(removed.count() == 1);
    const auto removedKeys = removed.at(0).at(0).value<QVector<ItemKey>>();
    CHECK(removedKeys == QVector<ItemKey>{gone.at(0), gone.at(1)});
    CHECK(store->count().value() == 21);

    ChangeSummary session = store->takeSessionSummary();
    CHECK(session == ChangeSummary{23, 4, 14, 2});
    CHECK(store->takeSessionSummary() == ChangeSummary{});
    auto unchanged = store->applyPage(pageOf(contacts(0, 3)));
    CHECK(unchanged.value().text() == QStringLiteral("No changes"));
}

TEST_CASE("An item delivered and removed in the same page is removed", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->applyPage(pageOf({contact(1)})).ok());
    ItemBatch items = {contact(2), contact(1), contact(1)};
    items[2].name = QStringLiteral("Renamed");
    QSignalSpy added(store.get(), &ItemStore::rowsAdded);
    QSignalSpy updated(store.get(), &ItemStore::rowsUpdated);
    QSignalSpy removed(store.get(), &ItemStore::rowsRemoved);
    auto summary = store->applyPage(pageOf(items, {{QStringLiteral("contacts"), contact(1).id},
                                                   {QStringLiteral("contacts"), contact(2).id}}));
    REQUIRE(summary.ok());
    CHECK(summary.value() == ChangeSummary{0, 0, 0, 1});
    CHECK(added.isEmpty());
    CHECK(updated.isEmpty());
    REQUIRE(removed.count() == 1);
    CHECK(removed.at(0).at(0).value<QVector<ItemKey>>().size() == 1);
    CHECK(store->count().value() == 0);
}

TEST_CASE("A key delivered twice in one page keeps the last version", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    ItemBatch items = {contact(1), contact(1)};
    items[1].name = QStringLiteral("Second");
    auto summary = store->applyPage(pageOf(items));
    REQUIRE(summary.ok());
    CHECK(summary.value() == ChangeSummary{1, 0, 0, 0});
    CHECK(store->item({QStringLiteral("contacts"), contact(1).id}).value()->name ==
          QStringLiteral("Second"));
}

TEST_CASE("A page that fails half way leaves nothing of it behind", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->beginFullLoad(QStringLiteral("contacts")).ok());
    StorePage before = pageOf(contacts(0, 5));
    before.progress = {{QStringLiteral("contacts"),
                        QStringLiteral("token-1"),
                        {{QStringLiteral("main"), QStringLiteral("c1")}}}};
    REQUIRE(store->applyPage(before).ok());
    // A real failure inside the transaction: SQLite refuses the third insert.
    sqlOnFile(store->databasePath(),
              QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.id = '%1' "
                             "BEGIN SELECT RAISE(ABORT, 'refused'); END")
                  .arg(contact(52).id));

    QSignalSpy added(store.get(), &ItemStore::rowsAdded);
    QSignalSpy updated(store.get(), &ItemStore::rowsUpdated);
    QSignalSpy removed(store.get(), &ItemStore::rowsRemoved);
    ItemBatch items = contacts(50, 5);
    ItemBatch changed = contacts(0, 1);
    changed[0].name = QStringLiteral("Changed");
    StorePage failing = pageOf(changed + items, {{QStringLiteral("contacts"), contact(4).id}});
    failing.progress = {{QStringLiteral("contacts"),
                         QStringLiteral("token-2"),
                         {{QStringLiteral("main"), QStringLiteral("c2")}},
                         true}};
    auto result = store->applyPage(failing);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::Storage);
    CHECK_FALSE(result.error().message.isEmpty());

    CHECK(added.isEmpty());
    CHECK(updated.isEmpty());
    CHECK(removed.isEmpty());
    CHECK(store->count().value() == 5);
    CHECK(store->item({QStringLiteral("contacts"), contact(0).id}).value()->name ==
          contact(0).name);
    CHECK(store->item({QStringLiteral("contacts"), contact(4).id}).value().has_value());
    CHECK_FALSE(store->item({QStringLiteral("contacts"), contact(50).id}).value().has_value());
    const TypeSyncState state = store->syncState(QStringLiteral("contacts")).value();
    CHECK(state.syncToken == QStringLiteral("token-1"));
    CHECK(state.resumeCursors.value(QStringLiteral("main")) == QStringLiteral("c1"));
    CHECK_FALSE(state.fullLoadComplete);

    // The store stays usable: without the trigger the same page goes in.
    sqlOnFile(store->databasePath(), QStringLiteral("DROP TRIGGER refuse"));
    auto retried = store->applyPage(failing);
    REQUIRE(retried.ok());
    // contacts 1-3 came in the first page of this load: the sweep keeps them.
    CHECK(retried.value() == ChangeSummary{5, 1, 0, 1});
    CHECK(store->count().value() == 9);
}

TEST_CASE("Items without a type or id are refused before anything is written", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    ItemBatch items = contacts(0, 3);
    items[1].id.clear();
    auto result = store->applyPage(pageOf(items));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::BadResponse);
    CHECK(store->count().value() == 0);
    auto badKey = store->applyPage(pageOf({}, {{QStringLiteral("contacts"), QString()}}));
    CHECK_FALSE(badKey.ok());
}

TEST_CASE("A changed presentation recomputes the rows from the stored items", "[store]")
{
    QTemporaryDir dir;
    {
        auto store = openStore(dir.path());
        REQUIRE(store->applyPage(pageOf({contact(1), record(2)})).ok());
    }
    StoreOptions changed = options(dir.path());
    changed.presentation.columns.swapItemsAt(0, 1); // Owner first, then Email
    changed.presentation.types[1].container = true; // contacts become containers
    auto opened = ItemStore::open(changed);
    REQUIRE(opened.ok());
    CHECK_FALSE(opened.value().recovered);
    auto &store = *opened.value().store;
    ItemRow expected = ItemRow::fromItem(contact(1), changed.presentation);
    CHECK(expected.values[0] == QStringLiteral("Grace Hopper"));
    RowBatch rows;
    auto cursor = store.itemCursor();
    for (auto batch = cursor->nextRows(10); batch.ok() && !batch.value().isEmpty();
         batch = cursor->nextRows(10))
        rows += batch.value();
    REQUIRE(rows.size() == 2);
    checkSameRow(rows.at(0), expected);
    checkSameRow(rows.at(1), ItemRow::fromItem(record(2), changed.presentation));
    checkSameItem(*store.item({QStringLiteral("contacts"), contact(1).id}).value(), contact(1));
}

TEST_CASE("The presentation fingerprint follows what rows depend on, not titles", "[store]")
{
    const ItemPresentation base = presentation();
    ItemPresentation retitled = base;
    retitled.columns[0].title = QStringLiteral("Courriel");
    retitled.types[0].displayName = QStringLiteral("Entreprises");
    retitled.groupings[0].title = QStringLiteral("Par entreprise");
    CHECK(store::presentationFingerprint(retitled) == store::presentationFingerprint(base));
    ItemPresentation otherProperty = base;
    otherProperty.columns[0].propertyByType[QStringLiteral("contacts")] = QStringLiteral("phone");
    CHECK(store::presentationFingerprint(otherProperty) != store::presentationFingerprint(base));
    ItemPresentation lazy = base;
    lazy.types[4].lazyChildren = true;
    CHECK(store::presentationFingerprint(lazy) != store::presentationFingerprint(base));
    ItemPresentation noGrouping = base;
    noGrouping.groupings.clear();
    CHECK(store::presentationFingerprint(noGrouping) != store::presentationFingerprint(base));
}

TEST_CASE("Text that JSON must escape survives the store unchanged", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QString tricky = QStringLiteral("quote \" backslash \\ newline \n tab \t cr \r ") +
                           QChar(0x01) + QChar(0x1f) + QStringLiteral(" ünïcödé ✓ ") +
                           QString::fromUtf8("\xF0\x9F\x98\x80") +
                           QStringLiteral(" </script> \u2028");
    IntegrationItem item = contact(1);
    item.name = tricky;
    item.parentName = tricky;
    item.properties.insert(tricky, tricky);
    item.properties.insert(QStringLiteral("list"), QStringList{tricky, QString(), tricky});
    item.labels.insert(tricky, tricky);
    item.associations.insert(tricky, {tricky});
    item.problems = {tricky};
    item.url = QUrl(QStringLiteral("https://example.test/a b/%E2%9C%93?q=\"x\"#frag"));
    REQUIRE(store->applyPage(pageOf({item})).ok());
    checkSameItem(*store->item({item.type, item.id}).value(), item);
    // Delivered again unchanged, it is recognised as such.
    CHECK(store->applyPage(pageOf({item})).value() == ChangeSummary{0, 0, 1, 0});
}

TEST_CASE("Stored property values keep their types through JSON", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    IntegrationItem item = record(1);
    item.properties.insert(QStringLiteral("Count"), qint64(42));
    item.properties.insert(QStringLiteral("Ratio"), 0.25);
    item.properties.insert(QStringLiteral("Done"), true);
    REQUIRE(store->applyPage(pageOf({item})).ok());
    const IntegrationItem read = *store->item({item.type, item.id}).value();
    CHECK(read.properties.value(QStringLiteral("Tags")).typeId() == QMetaType::QStringList);
    CHECK(read.properties.value(QStringLiteral("Count")).toLongLong() == 42);
    CHECK(read.properties.value(QStringLiteral("Ratio")).toDouble() == 0.25);
    CHECK(read.properties.value(QStringLiteral("Done")).toBool());
    CHECK_FALSE(read.properties.value(QStringLiteral("Blank")).isValid());
}

TEST_CASE("An item whose stored details cannot be read says so instead of vanishing", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    REQUIRE(store->applyPage(pageOf({contact(1), contact(2)})).ok());
    sqlOnFile(store->databasePath(),
              QStringLiteral("UPDATE items SET body = x'7b226e6f74206a736f6e' WHERE id = '%1'")
                  .arg(contact(1).id));
    const auto read = store->item({QStringLiteral("contacts"), contact(1).id});
    REQUIRE(read.ok());
    REQUIRE(read.value().has_value());
    const IntegrationItem &item = *read.value();
    CHECK(item.name == contact(1).name);
    CHECK(item.modified == contact(1).modified);
    REQUIRE(item.problems.size() == 1);
    CHECK(item.problems.first().contains(QStringLiteral("could not be read")));
    checkSameItem(*store->item({QStringLiteral("contacts"), contact(2).id}).value(), contact(2));
}
