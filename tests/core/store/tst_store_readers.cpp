// Reading a store off the UI thread: the chunked row reader delivers every row
// once and in order, can be cancelled, reads one snapshot; item readers and
// cursors give full items for export.
#include "store/itemstore.h"
#include "store/storereader.h"
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

using namespace desk;
using namespace desk::storetest;

namespace {

void fill(ItemStore &store, int count)
{
    for (int first = 0; first < count; first += 1000)
        REQUIRE(store.applyPage(pageOf(contacts(first, qMin(1000, count - first)))).ok());
}

struct Collected
{
    QVector<int> chunkSizes;
    RowBatch rows;
    ItemBatch items;
    QVector<Error> finished;
};

Collected collect(StoreReader *reader, int cancelAfterChunks = -1)
{
    Collected out;
    QObject::connect(reader, &StoreReader::rows, reader,
                     [&out, reader, cancelAfterChunks](const RowBatch &rows) {
                         out.chunkSizes.append(rows.size());
                         out.rows += rows;
                         if (out.chunkSizes.size() == cancelAfterChunks)
                             reader->cancel();
                     });
    QObject::connect(reader, &StoreReader::items, reader, [&out](const ItemBatch &items) {
        out.chunkSizes.append(items.size());
        out.items += items;
    });
    QSignalSpy finished(reader, &StoreReader::finished);
    REQUIRE(finished.wait(60000));
    // Nothing may arrive after finished().
    QCoreApplication::processEvents();
    QThread::msleep(50);
    QCoreApplication::processEvents();
    for (const QList<QVariant> &args : finished)
        out.finished.append(args.at(0).value<Error>());
    return out;
}

} // namespace

TEST_CASE("The row reader delivers every row once, in store order, first chunk small", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    fill(*store, 12345);
    StoreReader *reader = store->readRows(ReadOptions{100, 2000, {}, 2});
    const Collected got = collect(reader);
    REQUIRE(got.finished.size() == 1);
    CHECK_FALSE(got.finished.at(0));
    REQUIRE(got.rows.size() == 12345);
    for (int i = 0; i < got.rows.size(); ++i) {
        if (got.rows.at(i).id != contact(i).id) {
            FAIL("row " << i << " is " << got.rows.at(i).id.toStdString());
        }
    }
    REQUIRE(got.chunkSizes.size() == 8);
    CHECK(got.chunkSizes.first() == 100);
    CHECK(got.chunkSizes.at(1) == 2000);
    CHECK(got.chunkSizes.last() == 245);
    CHECK(got.rows.at(7).values[0] ==
          contact(7).properties.value(QStringLiteral("email")).toString());
}

TEST_CASE("A cancelled row reader delivers nothing more and says it was cancelled", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    fill(*store, 20000);
    StoreReader *reader = store->readRows(ReadOptions{10, 100, {}, 3});
    const Collected got = collect(reader, 2);
    CHECK(got.chunkSizes == QVector<int>{10, 100});
    REQUIRE(got.finished.size() == 1);
    CHECK(got.finished.at(0).kind == Error::Kind::Cancelled);
}

TEST_CASE("A reader sees the data as of its start while pages are written", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    fill(*store, 3000);
    StoreReader *reader = store->readRows(ReadOptions{100, 100, {}, 1});
    QSignalSpy firstChunk(reader, &StoreReader::rows);
    REQUIRE(firstChunk.wait(10000));
    // Written while the reader is in the middle: not part of its snapshot.
    REQUIRE(store->applyPage(pageOf(contacts(5000, 500))).ok());
    ItemBatch renamed = contacts(2999, 1);
    renamed[0].name = QStringLiteral("Renamed later");
    REQUIRE(store->applyPage(pageOf(renamed)).ok());
    const Collected rest = collect(reader);
    REQUIRE(rest.finished.size() == 1);
    RowBatch all;
    for (const QList<QVariant> &args : firstChunk) // the spy saw every chunk
        all += args.at(0).value<RowBatch>();
    CHECK(all.size() == 3000);
    CHECK(all.last().name == contact(2999).name);
    CHECK(store->count().value() == 3500);
}

TEST_CASE("The item reader gives full items of the chosen types for export", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    fill(*store, 1500);
    REQUIRE(store->applyPage(pageOf({record(1), page(2), record(3)})).ok());
    StoreReader *reader = store->readItems(
        ReadOptions{1, 1000, {QStringLiteral("records"), QStringLiteral("pages")}, 2});
    const Collected got = collect(reader);
    REQUIRE(got.finished.size() == 1);
    CHECK_FALSE(got.finished.at(0));
    REQUIRE(got.items.size() == 3);
    checkSameItem(got.items.at(0), record(1));
    checkSameItem(got.items.at(1), page(2));
    checkSameItem(got.items.at(2), record(3));
}

TEST_CASE("An item cursor works on a worker thread and can be cancelled", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    fill(*store, 2500);
    std::unique_ptr<ItemCursor> cursor = store->itemCursor();
    int total = 0;
    bool inOrder = true;
    Error cancelled;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        for (auto batch = cursor->next(700); batch.ok() && !batch.value().isEmpty();
             batch = cursor->next(700)) {
            for (const IntegrationItem &item : batch.value())
                inOrder = inOrder && item.id == contact(total++).id;
            if (total >= 1400)
                cursor->cancel();
        }
        cancelled = cursor->next(700).error();
        cursor.reset(); // its connection belongs to this thread
    }));
    worker->start();
    REQUIRE(worker->wait(30000));
    CHECK(total == 1400);
    CHECK(inOrder);
    CHECK(cancelled.kind == Error::Kind::Cancelled);
}

TEST_CASE("The in-memory store serves readers too", "[store]")
{
    auto opened = ItemStore::open(options(QString()));
    REQUIRE(opened.ok());
    ItemStore &store = *opened.value().store;
    fill(store, 2100);
    const Collected got = collect(store.readRows(ReadOptions{50, 1000, {}, 2}));
    CHECK(got.rows.size() == 2100);
    REQUIRE(got.finished.size() == 1);
    CHECK_FALSE(got.finished.at(0));
}

TEST_CASE("Reading an empty store finishes at once with no rows", "[store]")
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const Collected got = collect(store->readRows(ReadOptions{}));
    CHECK(got.rows.isEmpty());
    CHECK(got.chunkSizes.isEmpty());
    REQUIRE(got.finished.size() == 1);
    CHECK_FALSE(got.finished.at(0));
}
