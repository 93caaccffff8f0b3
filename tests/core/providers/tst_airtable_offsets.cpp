// Airtable offsets that expire in the middle of a table, against the sandbox:
// after N pages and after N idle seconds the table is read to its end, every
// record emitted once and counted once, without an error; a listing that keeps
// expiring ends with an error that says so and keeps what came; a resume (in
// the same run or the next) never sends an offset again.
#include <catch2/catch.hpp>

#include "airtablerig.h"
#include "auth/statictokenprovider.h"
#include "providers/airtable/airtablelisting.h"

#include <QElapsedTimer>
#include <QThread>

using namespace desk;
using namespace attest;

namespace {

const QString kRecords = QStringLiteral("records");

void checkEachOnce(const AirtableLoad &load, int expected)
{
    const QHash<QString, int> times = load.timesEmitted(kRecords);
    CHECK(times.size() == expected);
    int twice = 0;
    for (int n : times)
        twice += n > 1;
    CHECK(twice == 0); // not even re-emitted: nothing downstream to replace
    REQUIRE(load.type(kRecords));
    CHECK(load.type(kRecords)->loaded == expected);
}

} // namespace

TEST_CASE("Airtable: offsets refused after N pages, every table read to its end, each record once",
          "[sandbox][airtable][offsets]")
{
    // 5 pages per table, and every listing is cut after 2: each table needs 3 listings.
    SandboxProcess sandbox(
        dataArgs(1, 2, 450, {QStringLiteral("--airtable-offset-pages"), QStringLiteral("2")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad load(sandbox, tokens);
    StoreSink sink;
    sink.attach(*load.engine, LoadMode::Full, allTypes());
    const LoadOutcome &outcome = load.run(AirtableLoad::records());
    INFO(outcome.error.detail.toStdString());
    REQUIRE(outcome.complete);
    CHECK_FALSE(outcome.error);
    checkEachOnce(load, 900);
    CHECK(logCount(sandbox, "/airtable/v0/app", " 422") == 4); // two per table
    CHECK(sink.count(kRecords) == 900);
    CHECK_FALSE(sink.error);
    CHECK(sink.summary.added == 900 + 2 + 1);
    CHECK(load.client.statistics().failed == 4); // the refused pages, and nothing else
}

TEST_CASE("Airtable: an offset that expired while the client was busy, the table still completes",
          "[sandbox][airtable][offsets]")
{
    SandboxProcess sandbox(
        dataArgs(1, 1, 500, {QStringLiteral("--airtable-offset-ttl"), QStringLiteral("1")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad load(sandbox, tokens);
    int recordPages = 0;
    load.onItems = [&recordPages](const ItemBatch &batch) {
        if (!batch.isEmpty() && batch.first().type == kRecords && ++recordPages == 2)
            QThread::msleep(1500); // the app is busy: page 3's offset ages past its second
    };
    const LoadOutcome &outcome = load.run(AirtableLoad::records());
    INFO(outcome.error.detail.toStdString());
    REQUIRE(outcome.complete);
    CHECK_FALSE(outcome.error);
    checkEachOnce(load, 500);
    CHECK(logCount(sandbox, "/airtable/v0/app", " 422") == 1);
    CHECK(load.items.last().type == kRecords);
}

TEST_CASE("Airtable: a listing that keeps expiring ends with a clear error, what came is kept",
          "[sandbox][airtable][offsets]")
{
    // Every offset is older than its second when it comes back: each listing
    // gives one page.
    SandboxProcess sandbox(dataArgs(1, 1, 500,
                                    {QStringLiteral("--airtable-offset-ttl"), QStringLiteral("1"),
                                     QStringLiteral("--latency-ms"), QStringLiteral("1100")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad load(sandbox, tokens);
    const LoadOutcome &outcome = load.run(AirtableLoad::records());
    CHECK_FALSE(outcome.complete);
    CHECK(outcome.error.kind == Error::Kind::Service);
    INFO(outcome.error.message.toStdString());
    CHECK(outcome.error.message.contains(QStringLiteral("kept ending the list")));
    // Three listings, one page each; a continuation re-reads the records created
    // in the second before the last one emitted and skips those emitted already.
    const int emitted = int(load.timesEmitted(kRecords).size());
    CHECK(emitted > 200);
    CHECK(emitted <= 300);
    CHECK(outcome.error.message.contains(QStringLiteral("%1 of its records").arg(emitted)));
    QString tableName;
    for (const IntegrationItem &item : std::as_const(load.items))
        if (item.type == QLatin1String("tables"))
            tableName = item.name;
    REQUIRE_FALSE(tableName.isEmpty());
    CHECK(outcome.error.message.contains(tableName));
    checkEachOnce(load, emitted);
    CHECK_FALSE(load.type(kRecords)->done);
    CHECK(load.type(QStringLiteral("tables"))->done);
    CHECK(logCount(sandbox, "/airtable/v0/app", " 422") == 3); // bounded: no fourth listing
}

TEST_CASE("Airtable: a resume, in this run or the next, never sends an offset again",
          "[sandbox][airtable][offsets][resume]")
{
    // Offsets live 2 s: long enough for a busy machine between pages, not for the pause below.
    SandboxProcess sandbox(
        dataArgs(1, 1, 600, {QStringLiteral("--airtable-offset-ttl"), QStringLiteral("2")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad first(sandbox, tokens);
    first.onItems = [&first](const ItemBatch &batch) {
        if (!batch.isEmpty() && batch.first().type == kRecords)
            first.engine->cancel(); // stops after the table's first page
    };
    const LoadOutcome stopped = first.run(AirtableLoad::records());
    REQUIRE(stopped.cancelled);
    const QHash<QString, int> before = first.timesEmitted(kRecords);
    REQUIRE(before.size() == 100);
    REQUIRE(stopped.resumeCursors.size() == 1);
    const QString cursor = stopped.resumeCursors.cbegin().value();
    CHECK(airtable::ListCursor::decode(cursor).offset.isEmpty()); // a position, not an offset
    QThread::msleep(2300); // every offset given so far has expired

    QHash<QString, int> after;
    SECTION("resume() in the same run")
    {
        first.onItems = {};
        first.outcome.reset();
        first.items.clear();
        REQUIRE(first.engine->canResume());
        first.engine->resume();
        REQUIRE(loadtest::waitUntil([&first] { return first.outcome.has_value(); }, 30000));
        REQUIRE(first.outcome->complete);
        after = first.timesEmitted(kRecords);
    }
    SECTION("the next run, from the resume cursors")
    {
        AirtableLoad next(sandbox, tokens);
        LoadRequest request = AirtableLoad::records();
        request.resumeCursors = stopped.resumeCursors;
        REQUIRE(next.run(request).complete);
        after = next.timesEmitted(kRecords);
    }
    CHECK(after.size() == 500); // the rest, each once
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        CHECK(it.value() == 1);
        CHECK_FALSE(before.contains(it.key()));
    }
    CHECK(logCount(sandbox, "/airtable/v0/app", " 422") == 0);
}
