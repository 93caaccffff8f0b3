// Notion against the sandbox at Notion-Version 2026-03-11: sign-in with HTTP
// Basic and a JSON token request, tokens without expiry (refresh only after a
// 401), the tree of pages, databases and their data sources (multi-source
// databases, rows under their data source, block parents, orphans, the trash
// left out), and the limits: the ~3 requests/s average kept with zero 429s,
// 429 and 529 waited out as Retry-After says, a known 60-second budget spent
// in bursts without a 429, the workspace's limit waited out however often.
#include <catch2/catch.hpp>

#include "engine/loadengine.h"
#include "notionrig.h"
#include "providerrig.h"
#include "support/httpprobe.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QUrlQuery>

using namespace desk;
using namespace provtest;

namespace {

const QByteArray kToken = sandboxtest::kNtInternal.toLatin1();

QStringList dataArgs(int pages, int databases, QStringList extra = {})
{
    return QStringList{QStringLiteral("--notion-pages"),     QString::number(pages),
                       QStringLiteral("--notion-databases"), QString::number(databases),
                       QStringLiteral("--notion-token"),     QString::fromLatin1(kToken)} +
           extra;
}

HttpProbe::Headers notionHeaders()
{
    return {{"Authorization", HttpProbe::bearer(kToken)}, {"Notion-Version", "2026-03-11"}};
}

using notionrig::id32;

// What the sandbox shows, read with the static token (its own rate bucket),
// politely paced.
notionrig::Truth groundTruth(SandboxProcess &sandbox)
{
    return notionrig::Truth::read(sandbox, QString::fromLatin1(kToken), 400);
}

QString joinedTitle(const QJsonObject &o)
{
    QJsonArray runs;
    if (o.value(QStringLiteral("object")).toString() != QLatin1String("page")) {
        runs = o.value(QStringLiteral("title")).toArray();
    } else {
        const QJsonObject props = o.value(QStringLiteral("properties")).toObject();
        for (auto it = props.begin(); it != props.end(); ++it)
            if (it.value().toObject().value(QStringLiteral("type")).toString() ==
                QLatin1String("title"))
                runs = it.value().toObject().value(QStringLiteral("title")).toArray();
    }
    QString t;
    for (const QJsonValue &r : runs)
        t += r.toObject().value(QStringLiteral("plain_text")).toString();
    return t.isEmpty() ? QStringLiteral("Untitled") : t;
}

} // namespace

TEST_CASE("Notion login: Basic auth, JSON token request, owner=user, no expiry", "[sandbox][auth]")
{
    ProviderRig rig(QStringLiteral("notion"), dataArgs(6, 1));
    REQUIRE(rig.sandbox.started());
    CHECK(rig.profile.tokenRequestStyle == ProviderProfile::TokenRequestStyle::JsonBasicAuth);
    REQUIRE(rig.login());
    const QUrlQuery q(rig.authorizationUrl);
    CHECK(rig.authorizationUrl.path() == QStringLiteral("/notion/v1/oauth/authorize"));
    CHECK(q.queryItemValue(QStringLiteral("owner")) == QStringLiteral("user"));
    CHECK(q.queryItemValue(QStringLiteral("response_type")) == QStringLiteral("code"));
    CHECK_FALSE(q.hasQueryItem(QStringLiteral("scope")));

    // The token request was JSON, without the secret in it.
    bool sawJson = false;
    for (const QByteArray &body : std::as_const(rig.nam.bodies)) {
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        if (o.value(QStringLiteral("grant_type")).toString() ==
            QLatin1String("authorization_code")) {
            sawJson = true;
            CHECK_FALSE(o.value(QStringLiteral("code")).toString().isEmpty());
            CHECK(o.value(QStringLiteral("redirect_uri"))
                      .toString()
                      .startsWith(QStringLiteral("http://localhost:")));
            CHECK_FALSE(o.contains(QStringLiteral("client_secret")));
        }
    }
    CHECK(sawJson);

    CHECK(rig.connectedAccount.accountName == QStringLiteral("Demo Workspace"));
    CHECK(rig.connectedAccount.userEmail == QStringLiteral("demo.user@example.com"));
    CHECK_FALSE(rig.connectedAccount.accountId.isEmpty());
    // No expires_in: no expiry, no scheduled refresh.
    CHECK_FALSE(rig.session->accessTokenExpiry().isValid());
    CHECK_FALSE(rig.session->tokenNeedsRefresh());
    CHECK_FALSE(rig.store.value(rig.key(QStringLiteral("refresh_token"))).isEmpty());

    REQUIRE(rig.restore());
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK_FALSE(rig.session->bearerToken().isEmpty());
}

TEST_CASE("Notion: an access token that stops working is refreshed once after the 401",
          "[sandbox][auth]")
{
    // The sandbox can expire tokens without saying so in the token response.
    ProviderRig rig(
        QStringLiteral("notion"),
        dataArgs(6, 1, {QStringLiteral("--notion-token-lifetime"), QStringLiteral("1")}));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    const QByteArray oldRefresh = rig.store.value(rig.key(QStringLiteral("refresh_token")));
    authtest::spin(1300);
    CHECK_FALSE(rig.session->tokenNeedsRefresh()); // it cannot know

    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 20000));
    CHECK(run.outcome->complete);
    CHECK(client.statistics().refreshes >= 1);
    CHECK(client.statistics().unauthorized >= 1);
    const QByteArray newRefresh = rig.store.value(rig.key(QStringLiteral("refresh_token")));
    CHECK_FALSE(newRefresh.isEmpty());
    CHECK(newRefresh != oldRefresh);
}

TEST_CASE("Notion loader: every object once, parents right, orphans kept, no 429",
          "[sandbox][load]")
{
    const int pages = 150, databases = 6;
    ProviderRig rig(QStringLiteral("notion"), dataArgs(pages, databases));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    QElapsedTimer clock;
    clock.start();
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 25000));
    const qint64 ms = clock.elapsed();
    REQUIRE(run.outcome->complete);
    CHECK(client.statistics().http429 == 0);
    CHECK(countContaining(requestLines(rig.sandbox, "POST", "/notion/v1/search"), " 429 ") == 0);

    // The root first, then nothing before its parent.
    REQUIRE_FALSE(run.items.isEmpty());
    CHECK(run.items.first().type == QStringLiteral("workspace"));
    CHECK(run.items.first().name == QStringLiteral("Demo Workspace"));
    QHash<QString, int> position;
    QHash<QString, IntegrationItem> byId;
    for (int i = 0; i < run.items.size(); ++i) {
        const IntegrationItem &item = run.items.at(i);
        CHECK_FALSE(position.contains(item.id)); // each object exactly once
        position.insert(item.id, i);
        byId.insert(item.id, item);
        if (i > 0) {
            REQUIRE(position.contains(item.parentId));
            CHECK(byId.value(item.parentId).type == item.parentType);
            CHECK(byId.value(item.parentId).name == item.parentName);
        }
    }

    // Compare with what the sandbox shows (read separately, with another token).
    const notionrig::Truth truth = groundTruth(rig.sandbox);
    CHECK(truth.pages < pages); // the trash is left out
    CHECK(truth.databases == databases);
    CHECK(truth.dataSources > databases); // multi-source databases
    CHECK(run.items.size() == truth.size() + 1);
    CHECK(run.outcome->types.size() == 3);
    for (const TypeProgress &type : run.outcome->types)
        CHECK(type.loaded == (type.type == QLatin1String("pages")          ? truth.pages
                              : type.type == QLatin1String("data_sources") ? truth.dataSources
                                                                           : truth.databases));
    // Every page of the search was asked for exactly once, each database once.
    const int searchPages = (truth.pages + truth.dataSources + 99) / 100;
    CHECK(requestLines(rig.sandbox, "POST", "/notion/v1/search").size() == searchPages * 2);
    CHECK(requestLines(rig.sandbox, "GET", "/notion/v1/databases/").size() == databases * 2);
    HttpProbe probe;
    QHash<QString, QString> blockPage; // block id -> page holding it
    int orphans = 0, blockChildren = 0, untitled = 0, underPages = 0, rows = 0;
    for (auto it = truth.objects.cbegin(); it != truth.objects.cend(); ++it) {
        const QJsonObject &o = it.value();
        const QString id = it.key();
        REQUIRE(byId.contains(id));
        const IntegrationItem item = byId.value(id);
        CHECK(item.type == truth.types.value(id));
        CHECK(item.name == joinedTitle(o));
        CHECK_FALSE(item.properties.contains(QStringLiteral("inTrash")));
        untitled += item.name == QStringLiteral("Untitled");
        const QJsonObject parent = o.value(QStringLiteral("parent")).toObject();
        const QString kind = parent.value(QStringLiteral("type")).toString();
        QString expected;
        if (kind == QLatin1String("workspace")) {
            expected = QStringLiteral("workspace");
        } else if (kind == QLatin1String("block_id")) {
            ++blockChildren;
            const QString blockId = parent.value(QStringLiteral("block_id")).toString();
            if (!blockPage.contains(blockId)) {
                authtest::spin(350);
                const HttpResult block =
                    probe.get(rig.sandbox.url(QStringLiteral("/notion/v1/blocks/") + blockId),
                              notionHeaders());
                REQUIRE(block.status == 200);
                blockPage.insert(blockId, id32(block.json()
                                                   .object()
                                                   .value(QStringLiteral("parent"))
                                                   .toObject()
                                                   .value(QStringLiteral("page_id"))
                                                   .toString()));
            }
            expected = blockPage.value(blockId);
            if (!truth.objects.contains(expected))
                expected = QStringLiteral("workspace");
        } else {
            const QString p = id32(parent.value(kind).toString());
            expected = truth.objects.contains(p) ? p : QStringLiteral("workspace");
            if (!truth.objects.contains(p)) {
                ++orphans;
                // Kept under the root, and it says which parent is missing.
                CHECK(item.problems.join(QLatin1Char(' ')).contains(p));
            }
            underPages += kind == QLatin1String("page_id") && truth.objects.contains(p);
            rows += kind == QLatin1String("data_source_id") && truth.objects.contains(p);
        }
        CHECK(item.parentId == expected);
    }
    CHECK(orphans > 0);
    CHECK(blockChildren > 0);
    CHECK(untitled >= 1);
    CHECK(underPages > 0);
    CHECK(rows > 0);
    const int requests = int(client.statistics().sent);
    WARN("Notion load: " << truth.size() << " objects, " << requests << " requests in " << ms
                         << " ms = " << requests * 1000.0 / ms
                         << " requests/s (limit ~3/s), 429s: " << client.statistics().http429
                         << ", orphans " << orphans << ", block children " << blockChildren);
}

TEST_CASE("Notion at 2026-03-11: each data source under its database, rows under their source, "
          "the trash not shown",
          "[sandbox][load]")
{
    // Limits off: this is about the tree.
    ProviderRig rig(QStringLiteral("notion"),
                    dataArgs(60, 6, {QStringLiteral("--notion-rate"), QStringLiteral("0")}));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 25000));
    REQUIRE(run.outcome->complete);
    // Every API request spoke a version the sandbox serves, none met a refusal
    // (the sign-in's authorize page answers with its redirect).
    for (const QByteArray method : {QByteArray("GET"), QByteArray("POST")})
        for (const QByteArray &line : requestLines(rig.sandbox, method, "/notion/v1/")) {
            if (line.contains("/notion/v1/oauth/"))
                continue;
            INFO(line.constData());
            CHECK(line.contains(" 200 "));
        }
    QHash<QString, IntegrationItem> byId;
    for (const IntegrationItem &item : std::as_const(run.items))
        byId.insert(item.id, item);

    HttpProbe probe;
    int multiSource = 0;
    for (const IntegrationItem &database : run.ofType(QStringLiteral("databases"))) {
        const HttpResult r =
            probe.get(rig.sandbox.url(QStringLiteral("/notion/v1/databases/") + database.id),
                      notionHeaders());
        REQUIRE(r.status == 200);
        const QJsonArray sources =
            r.json().object().value(QStringLiteral("data_sources")).toArray();
        multiSource += sources.size() > 1;
        for (const QJsonValue &source : sources) {
            const QString id = id32(source.toObject().value(QStringLiteral("id")).toString());
            REQUIRE(byId.contains(id));
            CHECK(byId.value(id).type == QStringLiteral("data_sources"));
            CHECK(byId.value(id).parentId == database.id);
            CHECK(byId.value(id).parentName == database.name);
        }
    }
    CHECK(multiSource == 2); // a third of the databases hold two data sources
    // Rows: pages under a data source, one query of it gives the same ones.
    int rows = 0;
    for (const IntegrationItem &source : run.ofType(QStringLiteral("data_sources"))) {
        const sandboxtest::NtPages queried = sandboxtest::ntListAll(
            rig.sandbox, probe, {}, 100, sandboxtest::kNtNewest,
            QStringLiteral("/v1/data_sources/") + source.id + QStringLiteral("/query"));
        QStringList expected, loaded;
        for (const QString &id : sandboxtest::ntIds(queried.results))
            expected.append(id32(id));
        for (const IntegrationItem &item : std::as_const(run.items))
            if (item.parentId == source.id && item.type == QLatin1String("pages"))
                loaded.append(item.id);
        expected.sort();
        loaded.sort();
        CHECK(loaded == expected);
        rows += int(loaded.size());
    }
    CHECK(rows > 0);
    // What is in the trash (pages, rows, a data source) is not shown.
    const sandboxtest::NtPages trash = sandboxtest::ntListAll(
        rig.sandbox, probe,
        QJsonObject{{QStringLiteral("filter"), QJsonObject{{QStringLiteral("in_trash"), true}}}},
        100, sandboxtest::kNtNewest);
    int trashedRows = 0, trashedSources = 0;
    for (const QJsonValue &v : trash.results) {
        const QJsonObject o = v.toObject();
        CHECK(o.value(QStringLiteral("in_trash")).toBool());
        CHECK_FALSE(byId.contains(id32(o.value(QStringLiteral("id")).toString())));
        trashedSources +=
            o.value(QStringLiteral("object")).toString() == QLatin1String("data_source");
        trashedRows +=
            o.value(QStringLiteral("parent")).toObject().value(QStringLiteral("type")).toString() ==
            QLatin1String("data_source_id");
    }
    CHECK(trashedRows >= 1);
    CHECK(trashedSources >= 1);
    CHECK(trash.results.size() >= 3);
}

TEST_CASE("Notion 429 carries Retry-After, a client paced too fast waits and completes",
          "[sandbox][load]")
{
    ProviderRig rig(QStringLiteral("notion"),
                    dataArgs(24, 2,
                             {QStringLiteral("--notion-retry-after"), QStringLiteral("1"),
                              QStringLiteral("--notion-burst"), QStringLiteral("1"),
                              QStringLiteral("--notion-rate"), QStringLiteral("10")}));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    auto *loader =
        static_cast<LoadEngine *>(rig.provider.createLoader(client, rig.profile, nullptr));
    std::unique_ptr<ItemLoader> owner(loader);
    LoadTuning tuning;
    tuning.requestsPerSecond = 40; // wrong on purpose
    tuning.pageSize = 10;
    loader->setTuning(tuning);
    LoadRun run;
    run.attach(*loader);
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 25000));
    REQUIRE(run.outcome->complete);
    CHECK(client.statistics().http429 > 0);
    const notionrig::Truth truth = groundTruth(rig.sandbox);
    CHECK(run.items.size() == truth.size() + 1);
    CHECK(truth.pages + truth.dataSources + truth.databases == truth.size());
}

TEST_CASE("Notion requests without the version header are refused by the sandbox", "[sandbox]")
{
    // The header is the client's business: a bare client gets 400 missing_version.
    ProviderRig rig(QStringLiteral("notion"), dataArgs(6, 1));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient bare(rig.nam, *rig.session);
    bare.setBaseUrl(rig.profile.apiBaseUrl);
    Result<QJsonDocument> result = Error();
    bool done = false;
    bare.get(QUrl(QStringLiteral("/v1/users/me")), nullptr, [&](const Result<QJsonDocument> &r) {
        result = r;
        done = true;
    });
    REQUIRE(waitUntil([&] { return done; }));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().httpStatus == 400);
    CHECK(result.error().detail.contains(QStringLiteral("missing_version")));

    ApiClient configured(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(configured, rig.profile, nullptr));
    // The newest version, the one the client's parsers read.
    CHECK(configured.defaultHeaders().contains(
        qMakePair(QByteArray("Notion-Version"), QByteArray("2026-03-11"))));
    done = false;
    configured.get(QUrl(QStringLiteral("/v1/users/me")), nullptr,
                   [&](const Result<QJsonDocument> &r) {
                       result = r;
                       done = true;
                   });
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(result.ok());
}

namespace {

// No request left while a 429 or 529 said to wait (Retry-After in seconds).
void checkWaitsHonoured(const notionrig::TimingNetworkAccessManager &nam)
{
    int checked = 0;
    for (const auto &answer : nam.answers) {
        if (answer.status != 429 && answer.status != 529)
            continue;
        const qint64 until = answer.at + answer.retryAfter.toLongLong() * 1000;
        for (qint64 sent : nam.sent)
            CHECK_FALSE((sent > answer.at + 10 && sent < until - 30));
        ++checked;
    }
    CHECK(checked > 0);
}

QStringList idsOf(const QMap<QString, QJsonObject> &contents)
{
    QStringList ids;
    for (auto it = contents.cbegin(); it != contents.cend(); ++it)
        ids.append(it.key());
    return ids;
}

QStringList idsOf(const notionrig::Truth &truth)
{
    QStringList ids{QStringLiteral("workspace/workspace")};
    for (auto it = truth.types.cbegin(); it != truth.types.cend(); ++it)
        ids.append(it.value() + QLatin1Char('/') + it.key());
    ids.sort();
    return ids;
}

} // namespace

TEST_CASE("Notion 429 and 529 with Retry-After are waited out and the load completes exact",
          "[sandbox][load][limits]")
{
    const QStringList data = dataArgs(80, 4,
                                      {QStringLiteral("--notion-rate"), QStringLiteral("0"),
                                       QStringLiteral("--seed"), QStringLiteral("5")});
    SandboxProcess faulty(
        data + QStringList{QStringLiteral("--fault-rate"), QStringLiteral("0.3"),
                           QStringLiteral("--fault-kinds"), QStringLiteral("429,529"),
                           QStringLiteral("--notion-retry-after"), QStringLiteral("2"),
                           QStringLiteral("--notion-overload-retry-after"), QStringLiteral("1")});
    SandboxProcess twin(data); // the same data, no faults: the ground truth
    REQUIRE(faulty.started());
    REQUIRE(twin.started());
    LoadTuning tuning = notionrig::StoreRig::fast();
    tuning.pageSize = 10; // more requests, more faults
    notionrig::StoreRig rig(faulty, kToken, tuning);
    QElapsedTimer clock;
    clock.start();
    const LoadOutcome outcome = rig.load(LoadMode::Full);
    REQUIRE(outcome.complete);
    const notionrig::Truth truth = notionrig::Truth::read(twin, QString::fromLatin1(kToken));
    CHECK(idsOf(rig.contents()) == idsOf(truth)); // every item, once
    for (const TypeProgress &type : outcome.types)
        CHECK(type.loaded == (type.type == QLatin1String("pages")          ? truth.pages
                              : type.type == QLatin1String("data_sources") ? truth.dataSources
                                                                           : truth.databases));
    int got429 = 0, got529 = 0;
    for (const auto &answer : rig.nam.answers) {
        got429 += answer.status == 429;
        got529 += answer.status == 529;
    }
    CHECK(got429 > 0);
    CHECK(got529 > 0);
    CHECK(rig.client.statistics().http429 == got429);
    CHECK(rig.client.statistics().overloaded == got529);
    CHECK(rig.client.statistics().http5xx == 0); // a 529 is "slow down", not service trouble
    CHECK(countContaining(requestLines(faulty, "POST", "/notion/v1/search"), " 429 ") +
              countContaining(requestLines(faulty, "GET", "/notion/v1/"), " 429 ") ==
          got429);
    checkWaitsHonoured(rig.nam);
    WARN("Notion with injected 429s and 529s: " << rig.requests() << " requests, " << got429
                                                << " 429s, " << got529 << " 529s, "
                                                << clock.elapsed() << " ms");
}

TEST_CASE("Notion budget per window known: spent in bursts, several in flight, no 429",
          "[sandbox][load][limits]")
{
    // The per-connection budget of the newest model, with a short window so the
    // test is quick (the real one is 60 s); the 3/s average is off.
    const QStringList data =
        dataArgs(150, 6,
                 {QStringLiteral("--notion-rate"), QStringLiteral("0"),
                  QStringLiteral("--notion-window-budget"), QStringLiteral("10/3000")});
    SandboxProcess sandbox(data);
    REQUIRE(sandbox.started());
    LoadTuning tuning;
    tuning.windowRequests = 10;
    tuning.windowMs = 3000;
    notionrig::StoreRig rig(sandbox, kToken, tuning);
    QElapsedTimer clock;
    clock.start();
    const LoadOutcome outcome = rig.load(LoadMode::Full);
    const qint64 ms = clock.elapsed();
    REQUIRE(outcome.complete);
    CHECK(rig.client.statistics().http429 == 0);
    const int requests = rig.requests();
    REQUIRE(requests > 10);         // more than one window
    CHECK(ms >= 3000);              // ... so it waited for the next one
    CHECK(rig.nam.maxInFlight > 1); // databases and blocks side by side with the search
    // Never more than the budget in any window; faster than 3/s at the start.
    for (int i = 0; i + 10 < rig.nam.sent.size(); ++i)
        CHECK(rig.nam.sent.at(i + 10) - rig.nam.sent.at(i) >= 3000);
    CHECK(rig.nam.sent.at(9) - rig.nam.sent.first() < 1500); // 3/s would take 3 s
    WARN("Notion within a budget of 10 per 3 s: " << requests << " requests in " << ms
                                                  << " ms, up to " << rig.nam.maxInFlight
                                                  << " in flight, 0 429s");

    // Told a budget above the real one: the 429's Retry-After (the rest of the
    // window) is waited out.
    LoadTuning wrong = tuning;
    wrong.windowRequests = 40;
    notionrig::StoreRig greedy(sandbox, kToken, wrong);
    authtest::spin(3100); // a fresh window
    REQUIRE(greedy.load(LoadMode::Full).complete);
    CHECK(greedy.client.statistics().http429 > 0);
    CHECK(greedy.contents().size() == rig.contents().size());
    checkWaitsHonoured(greedy.nam);
}

TEST_CASE("Notion workspace limit: waited out however often it comes, the progress shows the wait",
          "[sandbox][load][limits]")
{
    SandboxProcess sandbox(
        dataArgs(60, 3,
                 {QStringLiteral("--notion-rate"), QStringLiteral("0"),
                  QStringLiteral("--notion-workspace-limit"), QStringLiteral("3/1500"),
                  QStringLiteral("--notion-workspace-retry-after"), QStringLiteral("2")}));
    REQUIRE(sandbox.started());
    LoadTuning tuning = notionrig::StoreRig::fast();
    tuning.pageSize = 20;
    notionrig::StoreRig rig(sandbox, kToken, tuning);
    RetryPolicy strict = rig.client.retryPolicy();
    strict.maxRateLimitRetries = 1; // a limit of our own would fail the load at the second 429
    rig.client.setRetryPolicy(strict);
    const LoadOutcome outcome = rig.load(LoadMode::Full);
    REQUIRE(outcome.complete);
    int workspace429 = 0;
    for (const auto &answer : rig.nam.answers)
        workspace429 += answer.status == 429 &&
                        answer.reason == QByteArray("public_api_space_request_rate_limit");
    CHECK(workspace429 > 2);
    CHECK(rig.client.statistics().http429 == workspace429);
    checkWaitsHonoured(rig.nam);
    qint64 longestWait = 0;
    for (const LoadProgress &p : std::as_const(rig.progress))
        longestWait = std::max(longestWait, p.waitingMs);
    CHECK(longestWait > 1000);
    CHECK(longestWait <= 2000);
    CHECK(rig.contents().size() > 60 / 2);
}
