// Airtable's two limits against the sandbox: 5 requests/s per base and 50/s per
// user across all bases (the sandbox counts OAuth tokens too: the strict
// reading). Many bases load in parallel under the user's budget with zero
// 429s, with a personal access token and with OAuth; a client over the user's
// budget meets the limit (so the check can fail). The figures: "[.bench]".
#include <catch2/catch.hpp>

#include "airtablerig.h"
#include "auth/statictokenprovider.h"
#include "providerrig.h"

#include <QElapsedTimer>

using namespace desk;
using namespace attest;

namespace {

const QString kRecords = QStringLiteral("records");

struct Figures
{
    qint64 ms = 0;
    int records = 0;
    int requests = 0;
    qint64 http429 = 0;
    int networks = 0;
};

Figures loadRecords(AirtableLoad &load, int timeoutMs = 120000)
{
    QElapsedTimer clock;
    clock.start();
    const LoadOutcome &outcome = load.run(AirtableLoad::records(), timeoutMs);
    Figures f;
    f.ms = std::max<qint64>(1, clock.elapsed());
    INFO(outcome.error.detail.toStdString());
    REQUIRE(outcome.complete);
    f.records = load.type(kRecords)->loaded;
    f.requests = load.requests();
    f.http429 = load.client.statistics().http429;
    f.networks = load.client.networkCount();
    return f;
}

QString describe(const char *what, const Figures &f, int bases)
{
    const double s = f.ms / 1000.0;
    return QStringLiteral("%1: %2 records, %3 requests in %4 s = %5 records/s, %6 requests/s "
                          "(allowed: 5/s per base = %7/s over %8 bases, 50/s per user), "
                          "429s: %9, network managers: %10")
        .arg(QLatin1String(what))
        .arg(f.records)
        .arg(f.requests)
        .arg(s, 0, 'f', 1)
        .arg(f.records / s, 0, 'f', 0)
        .arg(f.requests / s, 0, 'f', 1)
        .arg(5 * bases)
        .arg(bases)
        .arg(f.http429)
        .arg(f.networks);
}

} // namespace

TEST_CASE("Airtable per-user limit across 15 bases: zero 429s, with a PAT and with OAuth",
          "[sandbox][airtable][pacing]")
{
    // 15 bases at 5/s each would be 75/s: the user's 50/s is what bounds the load.
    const int bases = 15;
    const QStringList args = dataArgs(bases, 1, 1000);
    Figures f;
    SECTION("personal access token")
    {
        SandboxProcess sandbox(args);
        REQUIRE(sandbox.started());
        StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
        AirtableLoad load(sandbox, tokens);
        f = loadRecords(load);
        CHECK(logCount(sandbox, "/airtable/v0/", " 429") == 0);
        WARN(describe("PAT, 15 bases", f, bases).toStdString());
    }
    SECTION("OAuth token (counted by the sandbox's per-user limit: the strict reading)")
    {
        provtest::ProviderRig rig(QStringLiteral("airtable"), args);
        REQUIRE(rig.sandbox.started());
        REQUIRE(rig.login());
        AirtableLoad load(rig.sandbox, *rig.session);
        f = loadRecords(load);
        CHECK(logCount(rig.sandbox, "/airtable/v0/", " 429") == 0);
        WARN(describe("OAuth, 15 bases", f, bases).toStdString());
    }
    CHECK(f.records == bases * 1000);
    CHECK(f.http429 == 0);
}

TEST_CASE("Airtable: a client over the user's budget meets 429s and waits them out",
          "[sandbox][airtable][pacing]")
{
    // The user's limit is 20/s here: the client's 50/s (and the bases' 75/s) go over it.
    SandboxProcess sandbox(
        dataArgs(15, 1, 1000,
                 {QStringLiteral("--airtable-penalty-ms"), QStringLiteral("500"),
                  QStringLiteral("--airtable-user-rate-limit"), QStringLiteral("20/1000")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad load(sandbox, tokens);
    LoadTuning tuning;
    tuning.sharedRequestsPerSecond = 1000; // wrong on purpose: only the bases' 5/s left
    tuning.rateLimitHoldMs = 500;
    load.engine->setTuning(tuning);
    const Figures f = loadRecords(load);
    CHECK(f.records == 15 * 1000);
    CHECK(f.http429 > 0);
    CHECK(logCount(sandbox, "/airtable/v0/", " 429") == f.http429);
    CHECK(load.client.statistics().failed == 0);
}

TEST_CASE("Airtable: bases and their tables load side by side", "[sandbox][airtable][pacing]")
{
    const int bases = 6;
    SandboxProcess sandbox(
        dataArgs(bases, 2, 300, {QStringLiteral("--latency-ms"), QStringLiteral("100")}));
    REQUIRE(sandbox.started());
    StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
    AirtableLoad load(sandbox, tokens);
    const Figures f = loadRecords(load);
    CHECK(f.records == bases * 2 * 300);
    CHECK(f.http429 == 0);
    // Every base's records were being read before any base's were done.
    QHash<QByteArray, int> first, last;
    const QList<QByteArray> paths = loggedPaths(sandbox);
    for (int i = 0; i < paths.size(); ++i) {
        const QList<QByteArray> parts = paths.at(i).split('/');
        if (parts.size() < 5 || parts.at(3) == "meta")
            continue; // "", airtable, v0, appX, tblY
        first.insert(parts.at(3), first.value(parts.at(3), i));
        last.insert(parts.at(3), i);
    }
    REQUIRE(first.size() == bases);
    int latestStart = 0, earliestEnd = int(paths.size());
    for (auto it = first.cbegin(); it != first.cend(); ++it) {
        latestStart = std::max(latestStart, it.value());
        earliestEnd = std::min(earliestEnd, last.value(it.key()));
    }
    CHECK(latestStart < earliestEnd);
    WARN(describe("6 bases x 2 tables, 100 ms latency", f, bases).toStdString());
}

TEST_CASE("Airtable load figures at 250 ms latency", "[.bench][airtable]")
{
    struct Case
    {
        const char *what;
        int bases, tables, records;
    };
    for (const Case &c : {Case{"10 bases x 2 tables x 2,000 records", 10, 2, 2000},
                          Case{"20 bases x 2 tables x 1,000 records", 20, 2, 1000},
                          Case{"1 base x 1 table x 10,000 records", 1, 1, 10000}}) {
        SandboxProcess sandbox(dataArgs(
            c.bases, c.tables, c.records,
            {QStringLiteral("--latency-ms"), QStringLiteral("250"), QStringLiteral("--quiet")}));
        REQUIRE(sandbox.started());
        StaticTokenProvider tokens(kPat, QStringLiteral("Airtable"));
        AirtableLoad load(sandbox, tokens);
        const Figures f = loadRecords(load, 300000);
        CHECK(f.records == c.bases * c.tables * c.records);
        CHECK(f.http429 == 0);
        WARN(describe(c.what, f, c.bases).toStdString());
    }
}
