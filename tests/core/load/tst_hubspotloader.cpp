// The HubSpot provider on the load engine against the sandbox (date-based API only, the legacy
// paths switched off): paging, mapping, pacing, faults, token expiry and revocation, cancel and
// resume.
#include <catch2/catch.hpp>

#include "items/itemexport.h"
#include "hubspottestutil.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/hubspot/hubspotpage.h"
#include "providers/hubspot/hubspotplan.h"
#include "providers/hubspot/hubspotspec.h"
#include "sandboxtestutil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSet>
#include <QThread>
#include <QUrlQuery>
#include <cstdio>
#include <optional>

using namespace desk;
using loadtest::TestTokens;
using loadtest::waitUntil;

using hubspottest::countOf;
using hubspottest::groundTruth;
using hubspottest::kHubId;
using hubspottest::kToken;
using hubspottest::LoadRun;
using hubspottest::sandboxArgs;

TEST_CASE("Loader pages every type completely: each id once, in server order", "[loader][paging]")
{
    SandboxProcess sandbox(sandboxArgs(250, 40, 120, 30));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    run.start();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK_FALSE(run.outcome->error);
    for (const QString &type : hubspot::objectTypes()) {
        INFO(type.toStdString());
        const QStringList expected = groundTruth(sandbox, type);
        const QStringList got = run.ids(type);
        CHECK(got == expected);
        CHECK(QSet<QString>(got.begin(), got.end()).size() == got.size());
        const TypeProgress *progress = run.progressOf(type);
        REQUIRE(progress);
        CHECK(progress->done);
        CHECK(progress->loaded == expected.size());
        CHECK(progress->total == expected.size());
        CHECK(progress->pages >= (expected.size() + 99) / 100);
    }
    CHECK(run.items.size() == 250 + 40 + 120 + 30);
    CHECK(run.finishedCount == 1);
}

TEST_CASE("Loader on an empty account finishes complete with nothing", "[loader][paging]")
{
    SandboxProcess sandbox(
        sandboxArgs(0, 0, 0, 0, {QStringLiteral("--archived"), QStringLiteral("0")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    run.start();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK(run.items.isEmpty());
    CHECK(run.outcome->types.size() == 4);
    for (const TypeProgress &p : run.outcome->types)
        CHECK(p.done);
}

TEST_CASE("Loader handles exactly 100 and 101 objects", "[loader][paging]")
{
    for (int count : {100, 101}) {
        INFO(count);
        SandboxProcess sandbox(sandboxArgs(count, 0, 0, 0));
        REQUIRE(sandbox.started());
        LoadRun run(sandbox.baseUrl());
        run.start({QStringLiteral("contacts")});
        REQUIRE(run.wait());
        CHECK(run.outcome->complete);
        const QStringList got = run.ids(QStringLiteral("contacts"));
        CHECK(got.size() == count);
        CHECK(got == groundTruth(sandbox, QStringLiteral("contacts")));
        CHECK(run.outcome->types.size() == 1);
    }
}

TEST_CASE("Loader maps properties, associations, owners, stages and parents", "[loader][mapping]")
{
    SandboxProcess sandbox(sandboxArgs(300, 50, 100, 40));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString token = QString::fromLatin1(kToken);

    // Reference data straight from the server.
    QSet<QString> ownerNames, ownerIds;
    const auto owners = sandboxtest::pageAll(
        sandbox, probe, QStringLiteral("/crm/owners/2026-09?limit=100"), token, true);
    REQUIRE(owners.ok);
    for (const QJsonValue &o : owners.results) {
        ownerIds.insert(o.toObject().value(QStringLiteral("id")).toString());
        ownerNames.insert(o.toObject().value(QStringLiteral("firstName")).toString() +
                          QLatin1Char(' ') +
                          o.toObject().value(QStringLiteral("lastName")).toString());
    }
    QSet<QString> dealStages, ticketStages;
    for (const auto &[path, set] : {std::pair<QString, QSet<QString> *>{
                                        QStringLiteral("/crm/pipelines/2026-09/deals"), &dealStages},
                                    {QStringLiteral("/crm/pipelines/2026-09/tickets"),
                                     &ticketStages}}) {
        const QJsonArray pipelines = sandboxtest::apiGet(sandbox, probe, path, token)
                                         .json()
                                         .object()
                                         .value(QStringLiteral("results"))
                                         .toArray();
        for (const QJsonValue &pipeline : pipelines)
            for (const QJsonValue &stage :
                 pipeline.toObject().value(QStringLiteral("stages")).toArray())
                set->insert(stage.toObject().value(QStringLiteral("label")).toString());
    }
    REQUIRE_FALSE(dealStages.isEmpty());
    // Raw associations of deals, for comparison.
    const auto rawDeals = sandboxtest::pageAll(
        sandbox, probe,
        QStringLiteral("/crm/objects/2026-09/deals?limit=100&associations=companies,contacts"),
        token, true);
    REQUIRE(rawDeals.ok);
    QHash<QString, QJsonObject> rawDealById;
    for (const QJsonValue &d : rawDeals.results)
        rawDealById.insert(d.toObject().value(QStringLiteral("id")).toString(), d.toObject());

    LoadRun run(sandbox.baseUrl());
    run.start({}, {{QStringLiteral("contacts"), {QStringLiteral("phone")}}});
    REQUIRE(run.wait());
    REQUIRE(run.outcome->complete);

    ItemBatch items = run.items;
    ItemWriter::resolveParentNames(items);
    QHash<QString, const IntegrationItem *> companies;
    for (const IntegrationItem &item : std::as_const(items))
        if (item.type == QLatin1String("companies"))
            companies.insert(item.id, &item);
    REQUIRE(companies.size() == 50);

    int withOwner = 0, withParent = 0, withoutParent = 0, withPhone = 0;
    for (const IntegrationItem &item : std::as_const(items)) {
        INFO(item.type.toStdString() << " " << item.id.toStdString());
        CHECK_FALSE(item.name.isEmpty());
        CHECK(item.url.toString() == QStringLiteral("https://app.hubspot.com/contacts/") + kHubId +
                                         QStringLiteral("/record/") +
                                         hubspot::objectTypeId(item.type) + QLatin1Char('/') +
                                         item.id);
        CHECK(item.created.isValid());
        CHECK(item.modified.isValid());
        CHECK(hubspot::declaration().presentation().type(item.type)->container ==
              (item.type == QLatin1String("companies")));
        CHECK(item.problems.isEmpty());
        const QVariant owner = item.properties.value(QStringLiteral("hubspot_owner_id"));
        if (!owner.isNull() && owner.isValid()) {
            ++withOwner;
            // The provider's value stays the id; the name is its label.
            CHECK(ownerIds.contains(owner.toString()));
            CHECK(ownerNames.contains(item.labels.value(QStringLiteral("hubspot_owner_id"))));
        }
        if (item.type == QLatin1String("contacts")) {
            withPhone += item.properties.contains(QStringLiteral("phone")) ? 1 : 0;
            const QString expectedName =
                QString(item.properties.value(QStringLiteral("firstname")).toString() +
                        QLatin1Char(' ') +
                        item.properties.value(QStringLiteral("lastname")).toString())
                    .trimmed();
            if (!expectedName.isEmpty())
                CHECK(item.name == expectedName);
        }
        if (item.type == QLatin1String("deals")) {
            CHECK(dealStages.contains(item.labels.value(QStringLiteral("dealstage"))));
            CHECK_FALSE(
                dealStages.contains(item.properties.value(QStringLiteral("dealstage")).toString()));
            CHECK(item.name == item.properties.value(QStringLiteral("dealname")).toString());
            // Associations are exactly the server's (unique ids).
            const QJsonObject raw = rawDealById.value(item.id);
            for (const QString &target :
                 {QStringLiteral("companies"), QStringLiteral("contacts")}) {
                QStringList rawIds;
                for (const QJsonValue &ref : raw.value(QStringLiteral("associations"))
                                                 .toObject()
                                                 .value(target)
                                                 .toObject()
                                                 .value(QStringLiteral("results"))
                                                 .toArray())
                    if (!rawIds.contains(ref.toObject().value(QStringLiteral("id")).toString()))
                        rawIds.append(ref.toObject().value(QStringLiteral("id")).toString());
                CHECK(item.associations.value(target) == rawIds);
            }
        }
        if (item.type == QLatin1String("tickets"))
            CHECK(ticketStages.contains(item.labels.value(QStringLiteral("hs_pipeline_stage"))));
        if (item.type != QLatin1String("companies")) {
            if (item.parentId.isEmpty()) {
                ++withoutParent;
                CHECK(item.associations.value(QStringLiteral("companies")).isEmpty());
            } else {
                ++withParent;
                CHECK(item.parentType == QStringLiteral("companies"));
                REQUIRE(companies.contains(item.parentId));
                CHECK(item.parentName == companies.value(item.parentId)->name);
                CHECK(item.associations.value(QStringLiteral("companies")).contains(item.parentId));
            }
        }
    }
    CHECK(withOwner > 0);
    CHECK(withParent > 0);
    CHECK(withPhone == 300);
    std::fprintf(stderr,
                 "mapping: %d items with owner names, %d with a company parent, %d without\n",
                 withOwner, withParent, withoutParent);

    // The tree puts children under their company.
    const QByteArray tree = ItemWriter::toTree(items);
    CHECK(tree.contains("├─ ") == true);
}

TEST_CASE("Loader paces several types under a tight limit without a single 429", "[loader][pacing]")
{
    // Without --quiet: the sandbox's request log is searched for 429s.
    // Tickets: enough pages that their total (the fourth search, at 4 per second)
    // comes before the last of them even on a loaded machine.
    QStringList args = sandboxArgs(2500, 600, 1200, 1000,
                                   {QStringLiteral("--rate-limit"), QStringLiteral("20/1000")});
    args.removeAll(QStringLiteral("--quiet"));
    SandboxProcess sandbox(args);
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    QElapsedTimer clock;
    clock.start();
    run.start();
    REQUIRE(run.wait(120000));
    const double seconds = clock.elapsed() / 1000.0;
    CHECK(run.outcome->complete);
    CHECK(run.items.size() == 2500 + 600 + 1200 + 1000);
    CHECK(run.client.statistics().http429 == 0);
    const QByteArray log = sandbox.log();
    CHECK(countOf(log, " 429 ") == 0);
    // Totals came from the search endpoint (its own budget, 4 per second) while
    // the pages were still loading, and match what the server holds.
    CHECK(countOf(log, "POST /crm/objects/2026-09/contacts/search 200") == 1);
    const QHash<QString, int> counts{{QStringLiteral("contacts"), 2500},
                                     {QStringLiteral("companies"), 600},
                                     {QStringLiteral("deals"), 1200},
                                     {QStringLiteral("tickets"), 1000}};
    for (const QString &type : hubspot::objectTypes()) {
        INFO(type.toStdString());
        const int expected = counts.value(type); // what --contacts etc. asked the sandbox for
        const TypeProgress *progress = run.progressOf(type);
        REQUIRE(progress);
        CHECK(progress->total == expected);
        CHECK(run.totalBeforeDone.value(type, -1) == expected);
    }
    CHECK(run.client.budgets().contains(QStringLiteral("hubspot-search")));
    const qint64 requests = run.client.statistics().sent;
    std::fprintf(stderr,
                 "pacing: %lld requests in %.2f s = %.1f req/s against 20 req/s allowed (%.0f %%), "
                 "429s: %lld\n",
                 requests, seconds, requests / seconds, 100.0 * requests / seconds / 20.0,
                 run.client.statistics().http429);
}

TEST_CASE("Loader ends complete and correct despite injected faults", "[loader][faults]")
{
    const QStringList data = sandboxArgs(900, 120, 300, 100);
    SandboxProcess clean(data + QStringList{QStringLiteral("--seed"), QStringLiteral("11")});
    REQUIRE(clean.started());
    QHash<QString, QStringList> expected;
    for (const QString &type : hubspot::objectTypes())
        expected.insert(type, groundTruth(clean, type));

    SECTION("errors, resets and truncated bodies")
    {
        SandboxProcess faulty(data + QStringList{QStringLiteral("--seed"), QStringLiteral("11"),
                                                 QStringLiteral("--fault-rate"),
                                                 QStringLiteral("0.2")});
        REQUIRE(faulty.started());
        LoadRun run(faulty.baseUrl());
        run.start();
        REQUIRE(run.wait());
        CHECK(run.outcome->complete);
        for (const QString &type : hubspot::objectTypes())
            CHECK(run.ids(type) == expected.value(type));
        const ApiStatistics &stats = run.client.statistics();
        CHECK(stats.retries > 0);
        std::fprintf(
            stderr, "faults: %lld sent, %lld retries (%lld 5xx, %lld network, %lld malformed)\n",
            stats.sent, stats.retries, stats.http5xx, stats.networkErrors, stats.badResponses);
    }
    SECTION("latency")
    {
        SandboxProcess slow(data + QStringList{QStringLiteral("--seed"), QStringLiteral("11"),
                                               QStringLiteral("--latency-ms"),
                                               QStringLiteral("40")});
        REQUIRE(slow.started());
        LoadRun run(slow.baseUrl());
        run.start();
        REQUIRE(run.wait());
        CHECK(run.outcome->complete);
        for (const QString &type : hubspot::objectTypes())
            CHECK(run.ids(type) == expected.value(type));
    }
}

namespace {
// OAuth tokens from the sandbox, refreshed through its token endpoint.
struct OAuthTokens
{
    explicit OAuthTokens(SandboxProcess &s) : sandbox(s) {}

    SandboxProcess &sandbox;
    HttpProbe probe;
    QString refreshToken;

    void signIn(TestTokens &tokens)
    {
        const auto grant = sandboxtest::authorizeCode(sandbox, probe);
        const HttpResult login = sandboxtest::exchangeCode(
            sandbox, probe, grant.code, grant.verifier, sandboxtest::kClientSecret,
            sandboxtest::kRedirectUri, QStringLiteral("/oauth/2026-09/token"));
        REQUIRE(login.status == 200);
        tokens.token = login.json().object().value(QStringLiteral("access_token")).toString().toLatin1();
        refreshToken = login.json().object().value(QStringLiteral("refresh_token")).toString();
        tokens.onRefresh = [this, &tokens](std::function<void(const Error &)> done) {
            QTimer::singleShot(0, [this, &tokens, done] {
                const HttpResult r = sandboxtest::refresh(sandbox, probe, refreshToken,
                                                          QStringLiteral("/oauth/2026-09/token"));
                if (r.status == 200) {
                    const QJsonObject o = r.json().object();
                    tokens.token = o.value(QStringLiteral("access_token")).toString().toLatin1();
                    if (o.contains(QStringLiteral("refresh_token")))
                        refreshToken = o.value(QStringLiteral("refresh_token")).toString();
                    done(Error());
                } else if (r.status == 400) {
                    done(Error(Error::Kind::ReconnectNeeded, QStringLiteral("sign in again"),
                               QString::fromUtf8(r.body)));
                } else {
                    done(Error(Error::Kind::Network, QStringLiteral("refresh failed")));
                }
            });
        };
    }

    void revoke()
    {
        const HttpResult r = probe.post(
            sandbox.url(QStringLiteral("/oauth/2026-09/token/revoke")),
            sandboxtest::form({{QStringLiteral("token"), refreshToken},
                               {QStringLiteral("client_id"), sandboxtest::kClientId},
                               {QStringLiteral("client_secret"), sandboxtest::kClientSecret}}),
            "application/x-www-form-urlencoded");
        REQUIRE((r.status == 200 || r.status == 204));
    }
};
} // namespace

TEST_CASE("Loader refreshes an access token that expires mid-load and completes", "[loader][auth]")
{
    // 1 s tokens; 30+ pages of contacts at 60 ms each outlive several of them.
    SandboxProcess sandbox(
        sandboxArgs(3000, 200, 400, 0,
                    {QStringLiteral("--auto-consent"), QStringLiteral("--token-lifetime"),
                     QStringLiteral("1"), QStringLiteral("--latency-ms"), QStringLiteral("60")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    OAuthTokens oauth(sandbox);
    oauth.signIn(run.tokens);
    run.start({QStringLiteral("contacts"), QStringLiteral("companies"), QStringLiteral("deals")});
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK(run.tokens.refreshCalls >= 1);
    CHECK(run.client.statistics().unauthorized >= 1);
    CHECK(run.ids(QStringLiteral("contacts")) == groundTruth(sandbox, QStringLiteral("contacts")));
    CHECK(run.ids(QStringLiteral("deals")) == groundTruth(sandbox, QStringLiteral("deals")));
}

TEST_CASE(
    "Loader keeps the partial result when the sign-in is revoked, and resumes after reconnecting",
    "[loader][auth][resume]")
{
    SandboxProcess sandbox(sandboxArgs(
        1500, 100, 0, 0,
        {QStringLiteral("--auto-consent"), QStringLiteral("--latency-ms"), QStringLiteral("30")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    OAuthTokens oauth(sandbox);
    oauth.signIn(run.tokens);
    bool revoked = false;
    QObject::connect(run.loader.get(), &ItemLoader::itemsReady, [&](const ItemBatch &) {
        if (!revoked && run.ids(QStringLiteral("contacts")).size() >= 300) {
            revoked = true;
            oauth.revoke(); // kills the refresh token and its access tokens
        }
    });
    run.start({QStringLiteral("contacts"), QStringLiteral("companies")});
    REQUIRE(run.wait());
    REQUIRE(revoked);
    CHECK_FALSE(run.outcome->complete);
    CHECK(run.outcome->error.kind == Error::Kind::ReconnectNeeded);
    const TypeProgress *contacts = run.progressOf(QStringLiteral("contacts"));
    REQUIRE(contacts);
    CHECK_FALSE(contacts->done);
    CHECK(contacts->error.kind == Error::Kind::ReconnectNeeded);
    CHECK(contacts->loaded >= 300);
    CHECK(contacts->loaded < 1500);
    const int kept = run.ids(QStringLiteral("contacts")).size();
    CHECK(kept == contacts->loaded);
    REQUIRE(run.loader->canResume());

    // Reconnect (a new sign-in) and resume from the kept cursor.
    oauth.signIn(run.tokens);
    run.outcome.reset();
    run.loader->resume();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK(run.ids(QStringLiteral("contacts")) == groundTruth(sandbox, QStringLiteral("contacts")));
    CHECK(run.ids(QStringLiteral("companies")) ==
          groundTruth(sandbox, QStringLiteral("companies")));
    CHECK_FALSE(run.loader->canResume());
}

TEST_CASE("Loader cancel stops at once and resume continues without duplicates",
          "[loader][cancel][resume]")
{
    SandboxProcess sandbox(
        sandboxArgs(1200, 0, 600, 0, {QStringLiteral("--latency-ms"), QStringLiteral("60")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    bool cancelled = false;
    QObject::connect(run.loader.get(), &ItemLoader::itemsReady, [&](const ItemBatch &) {
        if (!cancelled && run.batches >= 3) {
            cancelled = true;
            run.loader->cancel();
        }
    });
    run.start({QStringLiteral("contacts"), QStringLiteral("deals")});
    REQUIRE(waitUntil([&] { return cancelled; }));
    // finished() came synchronously, nothing is left in flight.
    REQUIRE(run.outcome.has_value());
    CHECK(run.outcome->cancelled);
    CHECK_FALSE(run.outcome->complete);
    CHECK(run.client.pendingCount() == 0);
    const int atCancel = run.items.size();
    waitUntil([] { return false; }, 400);
    CHECK(run.items.size() == atCancel);
    CHECK(run.finishedCount == 1);

    REQUIRE(run.loader->canResume());
    run.outcome.reset();
    run.loader->resume();
    REQUIRE(run.wait());
    CHECK(run.outcome->complete);
    CHECK(run.ids(QStringLiteral("contacts")) == groundTruth(sandbox, QStringLiteral("contacts")));
    CHECK(run.ids(QStringLiteral("deals")) == groundTruth(sandbox, QStringLiteral("deals")));
}

TEST_CASE("Loader resumes after failures until everything is there, each id once",
          "[loader][resume]")
{
    SandboxProcess sandbox(sandboxArgs(800, 150, 0, 0,
                                       {QStringLiteral("--fault-rate"), QStringLiteral("0.3"),
                                        QStringLiteral("--seed"), QStringLiteral("5")}));
    REQUIRE(sandbox.started());
    LoadRun run(sandbox.baseUrl());
    RetryPolicy noRetries = run.client.retryPolicy();
    noRetries.maxAttempts = 1; // every fault ends the type
    noRetries.maxBadResponses = 1;
    run.client.setRetryPolicy(noRetries);
    run.start({QStringLiteral("contacts"), QStringLiteral("companies")});
    REQUIRE(run.wait());
    int failures = 0;
    for (int round = 0; round < 100 && !run.outcome->complete; ++round) {
        ++failures;
        CHECK(run.outcome->error);
        REQUIRE(run.loader->canResume());
        run.outcome.reset();
        run.loader->resume();
        REQUIRE(run.wait());
    }
    CHECK(failures > 0);
    REQUIRE(run.outcome->complete);
    // Faults also hit the reference calls; the id lists are what matters here.
    HttpProbe probe;
    SandboxProcess clean(
        sandboxArgs(800, 150, 0, 0, {QStringLiteral("--seed"), QStringLiteral("5")}));
    REQUIRE(clean.started());
    CHECK(run.ids(QStringLiteral("contacts")) == groundTruth(clean, QStringLiteral("contacts")));
    CHECK(run.ids(QStringLiteral("companies")) == groundTruth(clean, QStringLiteral("companies")));
    std::fprintf(stderr, "resume: complete after %d failed rounds\n", failures);
}

namespace {
// Collects every Qt message while alive (and still passes them on).
class MessageCapture
{
public:
    MessageCapture()
    {
        s_messages.clear();
        m_previous = qInstallMessageHandler(&MessageCapture::handler);
        s_previous = m_previous;
    }
    ~MessageCapture()
    {
        qInstallMessageHandler(m_previous);
        s_previous = nullptr;
    }
    static QStringList messages() { return s_messages; }
    static int count(const QString &needle)
    {
        int n = 0;
        for (const QString &m : std::as_const(s_messages))
            n += m.contains(needle) ? 1 : 0;
        return n;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        s_messages.append(message);
        if (s_previous)
            s_previous(type, context, message);
    }
    QtMessageHandler m_previous = nullptr;
    static inline QStringList s_messages;
    static inline QtMessageHandler s_previous = nullptr;
};

const QString kReplyWarning = QStringLiteral("must only be called once");
} // namespace

TEST_CASE("A failing load never makes Qt warn that a reply failed twice", "[loader][faults]")
{
    MessageCapture capture;
    SECTION("resets, truncated and malformed bodies, server errors, timeouts")
    {
        SandboxProcess faulty(sandboxArgs(1500, 300, 300, 100,
                                          {QStringLiteral("--fault-rate"), QStringLiteral("0.35"),
                                           QStringLiteral("--fault-kinds"),
                                           QStringLiteral("500,reset,truncate,malformed"),
                                           QStringLiteral("--latency-ms"), QStringLiteral("15"),
                                           QStringLiteral("--seed"), QStringLiteral("3")}));
        REQUIRE(faulty.started());
        LoadRun run(faulty.baseUrl());
        RetryPolicy policy = run.client.retryPolicy();
        policy.timeoutMs = 40; // some answers come after the timeout aborted them
        run.client.setRetryPolicy(policy);
        run.start();
        REQUIRE(run.wait());
        const ApiStatistics &stats = run.client.statistics();
        CHECK(stats.networkErrors + stats.timeouts > 0);
        std::fprintf(stderr, "failing load: %lld sent, %lld network errors, %lld timeouts\n",
                     stats.sent, stats.networkErrors, stats.timeouts);
    }
    SECTION("the server goes away in the middle of a load")
    {
        auto sandbox = std::make_unique<SandboxProcess>(
            sandboxArgs(3000, 600, 0, 0, {QStringLiteral("--latency-ms"), QStringLiteral("20")}));
        REQUIRE(sandbox->started());
        LoadRun run(sandbox->baseUrl());
        bool stopped = false;
        QObject::connect(run.loader.get(), &ItemLoader::itemsReady, [&](const ItemBatch &) {
            if (!stopped && run.batches >= 4) {
                stopped = true;
                sandbox->stop();
            }
        });
        run.start({QStringLiteral("contacts"), QStringLiteral("companies")});
        REQUIRE(run.wait());
        REQUIRE(stopped);
        CHECK_FALSE(run.outcome->complete);
    }
    INFO(MessageCapture::messages().join(QLatin1Char('\n')).toStdString());
    CHECK(MessageCapture::count(kReplyWarning) == 0);
}

TEST_CASE("Cancelling a call whose error answer has already arrived makes no Qt warning",
          "[apiclient][faults]")
{
    // The exact case behind the warning: a call is cancelled (e.g. a load ends
    // while its totals are still out) after Qt's network thread has received its
    // error answer, but before the main thread has handled it.
    MessageCapture capture;
    SandboxProcess sandbox(
        sandboxArgs(10, 0, 0, 0, {QStringLiteral("--latency-ms"), QStringLiteral("300")}));
    REQUIRE(sandbox.started());
    QNetworkAccessManager network;
    TestTokens tokens;
    tokens.token = kToken;
    ApiClient client(network, tokens);
    client.setBaseUrl(sandbox.baseUrl());
    client.setPacerSetup([](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{100, 1000}}); // both go out at once
        pacer.setReserve(0);
    });
    QObject context;
    int firstDone = 0;
    bool secondDone = false;
    ApiClient::RequestId second = 0;
    // Unknown ids: 404, which is final (no retry).
    client.get(QUrl(QStringLiteral("/crm/objects/2026-09/contacts/999999991")), &context,
               [&](const Result<QJsonDocument> &r) {
                   ++firstDone;
                   CHECK_FALSE(r.ok());
                   client.cancel(second);
               });
    second = client.get(QUrl(QStringLiteral("/crm/objects/2026-09/contacts/999999992")), &context,
                        [&](const Result<QJsonDocument> &) { secondDone = true; });
    REQUIRE(waitUntil([&] { return client.statistics().sent == 2; }, 5000));
    waitUntil([] { return false; }, 50); // both requests are on the wire
    // The main thread is busy while both answers arrive on the network thread.
    QThread::msleep(700);
    REQUIRE(waitUntil([&] { return firstDone == 1; }, 5000));
    waitUntil([] { return false; }, 300);
    CHECK_FALSE(secondDone);
    CHECK(client.pendingCount() == 0);
    INFO(MessageCapture::messages().join(QLatin1Char('\n')).toStdString());
    CHECK(MessageCapture::count(kReplyWarning) == 0);
}
