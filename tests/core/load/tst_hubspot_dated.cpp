// HubSpot's date-based API (2026-09) against the sandbox with the legacy paths off: no request
// goes to a retired API, the version is one value every path follows, every association of every
// object is kept whichever side it is read from, and the client copes with both readings of the
// points the documentation leaves open (toObjectId's JSON type, rate-limit headers on the
// date-based paths).
#include "hubspottestutil.h"
#include "providers/hubspot/hubspotpage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <cstdio>

using namespace desk;
using namespace hubspottest;

namespace {

// Every id `from`/`id` is associated with, as the server pages them (associations batch read).
QStringList associatedIds(SandboxProcess &sandbox, const QString &from, const QString &id,
                          const QString &to)
{
    HttpProbe probe;
    QStringList ids;
    QString after;
    for (int page = 0; page < 100; ++page) {
        QJsonObject input{{QStringLiteral("id"), id}};
        if (!after.isEmpty())
            input.insert(QStringLiteral("after"), after);
        const HttpResult r =
            sandboxtest::postJson(sandbox, probe,
                                  QStringLiteral("/crm/associations/2026-09/") + from +
                                      QLatin1Char('/') + to + QStringLiteral("/batch/read"),
                                  QJsonObject{{QStringLiteral("inputs"), QJsonArray{input}}},
                                  QString::fromLatin1(kToken));
        REQUIRE((r.status == 200 || r.status == 207));
        const auto batch = hubspot::parseAssociationBatchPage(r.json());
        REQUIRE(batch.ok());
        ids += batch.value().links.value(id);
        after = batch.value().more.value(id);
        if (after.isEmpty())
            break;
    }
    return ids;
}

// The fan-out records keep every association, from both sides.
void checkFanout(SandboxProcess &sandbox, const LoadRun &run, const QString &type,
                 const QString &id)
{
    INFO(type.toStdString() << " " << id.toStdString());
    const QStringList expected = associatedIds(sandbox, type, id, QStringLiteral("contacts"));
    REQUIRE(expected.size() >= 1500);
    const IntegrationItem *item = run.find(type, id);
    REQUIRE(item);
    CHECK(item->associations.value(QStringLiteral("contacts")) == expected);
    CHECK(item->problems.isEmpty());
    int missing = 0;
    for (const QString &contact : expected) {
        const IntegrationItem *other = run.find(QStringLiteral("contacts"), contact);
        if (!other || !other->associations.value(type).contains(id))
            ++missing;
    }
    CHECK(missing == 0);
}

} // namespace

TEST_CASE("HubSpot loads through the date-based API alone: no request goes to a legacy path",
          "[hubspot][dated]")
{
    SandboxProcess sandbox(loggedArgs(400, 60, 120, 80));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    run.start();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    for (const QString &type : hubspot::objectTypes())
        CHECK(run.ids(type) == groundTruth(sandbox, type));
    const QByteArray log = sandbox.log();
    INFO(legacyRequests(log).join(QLatin1Char('\n')).toStdString());
    CHECK(legacyRequests(log).isEmpty());
    CHECK(countOf(log, "GET /crm/owners/2026-09 200") >= 1);
    CHECK(countOf(log, "GET /crm/pipelines/2026-09/deals 200") == 1);
    CHECK(countOf(log, "GET /crm/objects/2026-09/contacts 200") >= 4);
}

TEST_CASE("Another API version is one value: every request of a load follows it",
          "[hubspot][dated]")
{
    // The sandbox also serves 2026-03 (still supported): a spec built with it
    // must not send a single 2026-09 path.
    SandboxProcess sandbox(
        loggedArgs(250, 40, 60, 30, {QStringLiteral("--fanout-contacts"), QStringLiteral("150")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl(), kToken, QStringLiteral("2026-03"));
    run.tune([](LoadTuning &t) { t.partitions = 2; }); // search and batch reads too
    run.start();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK(run.ids(QStringLiteral("contacts")).size() == 250);
    int requests = 0;
    for (const QString &line : requestLines(sandbox.log())) {
        INFO(line.toStdString());
        CHECK_FALSE(line.contains(QStringLiteral("2026-09")));
        if (line.contains(QStringLiteral(" /crm/"))) {
            CHECK(line.contains(QStringLiteral("/2026-03")));
            ++requests;
        }
    }
    CHECK(requests > 10);
    CHECK(countOf(sandbox.log(), "/crm/associations/2026-03/") > 0);
    CHECK(countOf(sandbox.log(), "/batch/read") > 0);
}

TEST_CASE("A deal and a company with 1,500 contacts keep all of them, whichever side reads them",
          "[hubspot][associations]")
{
    const QStringList data{QStringLiteral("--fanout-contacts"), QStringLiteral("1500")};
    SECTION("read by the list cursors (inline, continued by the associations batch read)")
    {
        SandboxProcess sandbox(sandboxArgs(1600, 20, 20, 10, data));
        REQUIRE(sandbox.started());
        LoadRun run(sandbox.baseUrl());
        run.tune([](LoadTuning &t) { t.partitions = -1; });
        run.start();
        REQUIRE(run.wait());
        REQUIRE(run.outcome->complete);
        checkFanout(sandbox, run, QStringLiteral("deals"), QStringLiteral("4000001"));
        checkFanout(sandbox, run, QStringLiteral("companies"), QStringLiteral("2000001"));
    }
    SECTION("read by id in chunks (batch reads and associations batch reads)")
    {
        // Round trips long enough that the search route finishes before the lists.
        SandboxProcess sandbox(loggedArgs(
            1600, 20, 20, 10,
            data + QStringList{QStringLiteral("--latency-ms"), QStringLiteral("200"),
                               QStringLiteral("--search-rate-limit"), QStringLiteral("off")}));
        REQUIRE(sandbox.started());
        LoadRun run(sandbox.baseUrl());
        run.tune([](LoadTuning &t) {
            t.partitions = 3;
            t.indexLagMs = 0;
        });
        run.start();
        REQUIRE(run.wait());
        REQUIRE(run.outcome->complete);
        // How many contacts the chunks read before the list gets there depends
        // on timing; that they read some (and lost none of their links) does not.
        CHECK(countOf(sandbox.log(), "POST /crm/objects/2026-09/contacts/batch/read 200") > 0);
        CHECK(countOf(sandbox.log(), "GET /crm/objects/2026-09/contacts 200") < 16);
        checkFanout(sandbox, run, QStringLiteral("deals"), QStringLiteral("4000001"));
        checkFanout(sandbox, run, QStringLiteral("companies"), QStringLiteral("2000001"));
    }
}

TEST_CASE("toObjectId as a JSON string or a number: the same associations", "[hubspot][unverified]")
{
    // Unverified: the spec says string, HubSpot's v4 sent numbers.
    QHash<QString, QHash<QString, QStringList>> seen[2];
    int i = 0;
    for (const char *reading : {"string", "number"}) {
        INFO(reading);
        SandboxProcess sandbox(
            sandboxArgs(400, 20, 40, 20,
                        {QStringLiteral("--hubspot-to-object-id"), QString::fromLatin1(reading),
                         QStringLiteral("--fanout-contacts"), QStringLiteral("300")}));
        REQUIRE(sandbox.started());
        LoadRun run(sandbox.baseUrl());
        run.start();
        REQUIRE(run.wait());
        REQUIRE(run.outcome->complete);
        for (const IntegrationItem &item : std::as_const(run.items))
            seen[i].insert(item.type + QLatin1Char('/') + item.id, item.associations);
        ++i;
    }
    CHECK(seen[0].size() == 480);
    CHECK(seen[0] == seen[1]);
    CHECK(seen[0].value(QStringLiteral("deals/4000001")).value(QStringLiteral("contacts")).size() >=
          300);
}

TEST_CASE("Without rate-limit headers on the date-based paths the documented limit paces the load",
          "[hubspot][unverified][pacing]")
{
    // Unverified whether the date-based paths send X-HubSpot-RateLimit-*: with
    // none, the client takes the documented 100 per 10 s instead of "unlimited".
    SandboxProcess sandbox(
        sandboxArgs(12000, 100, 100, 50,
                    {QStringLiteral("--hubspot-rate-headers"), QStringLiteral("off"),
                     QStringLiteral("--rate-limit"), QStringLiteral("100/10000")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    run.tune([](LoadTuning &t) { t.partitions = -1; });
    run.start();
    REQUIRE(run.wait(120000));
    CHECK(run.outcome->complete);
    CHECK(run.ids(QStringLiteral("contacts")).size() == 12000);
    CHECK(run.client.statistics().sent > 100); // more than one window's worth
#if defined(__SANITIZE_ADDRESS__)
    // Under the sanitizers the client and the sandbox run several times slower
    // and their round trips vary by more than the pacer's margin allows for, so
    // a request can reach the window's edge late; the normal build holds the
    // claim of none. A 429 is still waited out and the load stays exact.
    CHECK(run.client.statistics().http429 <= 2);
#else
    CHECK(run.client.statistics().http429 == 0);
#endif
    std::fprintf(stderr, "no rate headers: %lld requests, %lld 429s\n",
                 run.client.statistics().sent, run.client.statistics().http429);
}
