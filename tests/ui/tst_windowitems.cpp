// WindowItems: the window's full items come from the account's store; memory
// holds only what the store does not have yet, and export reads both once.
#include <catch2/catch.hpp>

#include "store/itemstore.h"
#include "uitestutil.h"
#include "windowitems.h"

#include <QSet>

using namespace desk;
using namespace desktest;

namespace {

std::unique_ptr<ItemStore> memoryStore()
{
    StoreOptions options; // no directory: in memory
    options.providerId = QStringLiteral("hubspot");
    options.accountId = QStringLiteral("acct-1");
    auto opened = ItemStore::open(options);
    REQUIRE(opened.ok());
    return std::move(opened.value().store);
}

void storeContacts(ItemStore &store, int count)
{
    StorePage page;
    for (int i = 0; i < count; ++i)
        page.items.append(contact(i));
    REQUIRE(store.applyPage(page).ok());
}

IntegrationItem renamed(int n, const QString &name)
{
    IntegrationItem item = contact(n);
    item.name = name;
    return item;
}

QVector<IntegrationItem> drain(ExportSource &source)
{
    QVector<IntegrationItem> all;
    for (;;) {
        Result<ItemBatch> batch = source.next(7); // small batches: the seams get crossed
        REQUIRE(batch.ok());
        if (batch.value().isEmpty())
            return all;
        all += batch.value();
    }
}

} // namespace

TEST_CASE("Window items: without a store everything stays in memory", "[windowitems]")
{
    WindowItems items;
    items.put({contact(1), contact(2)});
    CHECK(items.memoryCount() == 2);
    CHECK(items.keys().size() == 2);
    REQUIRE(items.item(ItemKey{QStringLiteral("contacts"), contact(2).id}).has_value());
    items.remove({ItemKey{QStringLiteral("contacts"), contact(1).id}});
    CHECK_FALSE(items.item(ItemKey{QStringLiteral("contacts"), contact(1).id}).has_value());
    CHECK(items.memoryCount() == 1);
}

TEST_CASE("Window items: a stored load leaves memory, an unstored one stays", "[windowitems]")
{
    auto store = memoryStore();
    storeContacts(*store, 20);
    WindowItems items;
    items.setStore(store.get());
    const ItemKey five{QStringLiteral("contacts"), contact(5).id};
    CHECK(items.memoryCount() == 0);
    CHECK(items.item(five)->name == contact(5).name); // read from the store

    items.beginLoad();
    items.put({renamed(5, QStringLiteral("Newer"))});
    CHECK(items.item(five)->name == QStringLiteral("Newer")); // memory is newer than the store
    CHECK(items.inMemory(five));

    SECTION("A page written: memory lets go of its items at once")
    {
        items.stored({five});
        CHECK(items.memoryCount() == 0);
        CHECK(items.item(five)->name == contact(5).name); // what the store holds
    }
    SECTION("Every page written: memory lets go and the store answers")
    {
        items.endLoad(true);
        CHECK(items.memoryCount() == 0);
        CHECK_FALSE(items.inMemory(five));
        CHECK(items.item(five)->name == contact(5).name);
    }
    SECTION("A page not written: the newer copy stays in memory")
    {
        items.endLoad(false);
        CHECK(items.memoryCount() == 1);
        CHECK(items.item(five)->name == QStringLiteral("Newer"));
    }
}

TEST_CASE("Window items: export gives every item once, memory's copy over the store's",
          "[windowitems]")
{
    auto store = memoryStore();
    storeContacts(*store, 30);
    WindowItems items;
    items.setStore(store.get());
    items.beginLoad();
    items.put({renamed(3, QStringLiteral("Newer")), contact(100)}); // one changed, one new

    SECTION("All")
    {
        const QVector<IntegrationItem> all = drain(*items.exportSource(std::nullopt));
        QSet<QString> ids;
        for (const IntegrationItem &item : all) {
            ids.insert(item.id);
            if (item.id == contact(3).id)
                CHECK(item.name == QStringLiteral("Newer"));
        }
        CHECK(all.size() == 31);
        CHECK(ids.size() == 31);
        CHECK(ids.contains(contact(100).id));
    }
    SECTION("Only some: the stored ones of their types, and memory's among them")
    {
        const QSet<ItemKey> only{ItemKey{QStringLiteral("contacts"), contact(3).id},
                                 ItemKey{QStringLiteral("contacts"), contact(7).id}};
        const QVector<IntegrationItem> read = drain(*items.exportSource(only));
        int threes = 0;
        for (const IntegrationItem &item : read)
            if (item.id == contact(3).id) {
                ++threes;
                CHECK(item.name == QStringLiteral("Newer"));
            }
        CHECK(threes == 1); // the runner keeps only `only`; the source never repeats a key
        CHECK(std::any_of(read.cbegin(), read.cend(),
                          [](const IntegrationItem &item) { return item.id == contact(7).id; }));
        CHECK_FALSE(std::any_of(read.cbegin(), read.cend(), [](const IntegrationItem &item) {
            return item.id == contact(100).id;
        }));
    }
}
