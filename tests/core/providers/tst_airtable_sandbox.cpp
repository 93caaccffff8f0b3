// Airtable against the sandbox: sign-in with PKCE and HTTP Basic, rotating
// refresh tokens stored safely, bases -> tables -> records (on demand), the
// per-base limit of 5 requests/s kept with zero 429s, and the 30 s penalty
// (shortened) waited out when a client does go over.
#include <catch2/catch.hpp>

#include "auth/pkce.h"
#include "engine/loadengine.h"
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

const QByteArray kPat = "pat-airtable-test-token";

QStringList dataArgs(int bases, int tables, int records, QStringList extra = {})
{
    return QStringList{QStringLiteral("--airtable-bases"),   QString::number(bases),
                       QStringLiteral("--airtable-tables"),  QString::number(tables),
                       QStringLiteral("--airtable-records"), QString::number(records),
                       QStringLiteral("--airtable-pat"),     QString::fromLatin1(kPat)} +
           extra;
}

int tokenStatus(ProviderRig &rig, const QList<QPair<QString, QString>> &fields)
{
    HttpProbe probe;
    QUrlQuery form;
    for (const auto &f : fields)
        form.addQueryItem(f.first, QString::fromLatin1(QUrl::toPercentEncoding(f.second)));
    const QByteArray basic =
        "Basic " + QByteArray("desk-airtable-demo:desk-airtable-secret").toBase64();
    return probe
        .post(rig.sandbox.url(QStringLiteral("/airtable/oauth2/v1/token")),
              form.toString(QUrl::FullyEncoded).toLatin1(), "application/x-www-form-urlencoded",
              {{"Authorization", basic}})
        .status;
}

int whoamiStatus(ProviderRig &rig, const QByteArray &token)
{
    HttpProbe probe;
    return probe
        .get(rig.sandbox.url(QStringLiteral("/airtable/v0/meta/whoami")),
             {{"Authorization", HttpProbe::bearer(token)}})
        .status;
}

} // namespace

TEST_CASE("Airtable login: PKCE S256, Basic client auth, identity from whoami", "[sandbox][auth]")
{
    ProviderRig rig(QStringLiteral("airtable"), dataArgs(1, 1, 1));
    REQUIRE(rig.sandbox.started());
    CHECK(rig.profile.tokenRequestStyle == ProviderProfile::TokenRequestStyle::FormBasicAuth);
    REQUIRE(rig.login());
    const QUrlQuery q(rig.authorizationUrl);
    CHECK(rig.authorizationUrl.path() == QStringLiteral("/airtable/oauth2/v1/authorize"));
    CHECK(q.queryItemValue(QStringLiteral("code_challenge_method")) == QStringLiteral("S256"));
    CHECK(q.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded) ==
          QStringLiteral("data.records:read schema.bases:read user.email:read"));
    CHECK(q.queryItemValue(QStringLiteral("response_type")) == QStringLiteral("code"));

    // The secret went in the Basic header, not in the body; the verifier matches.
    const QStringList verifiers =
        authtest::formValues(rig.nam.bodies, QStringLiteral("code_verifier"));
    REQUIRE(verifiers.size() == 1);
    CHECK(QString::fromLatin1(Pkce::challengeS256(verifiers.first().toLatin1())) ==
          q.queryItemValue(QStringLiteral("code_challenge")));
    CHECK(authtest::formValues(rig.nam.bodies, QStringLiteral("client_secret")).isEmpty());

    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK(rig.connectedAccount.accountId.startsWith(QStringLiteral("usr")));
    CHECK(rig.connectedAccount.userEmail == QStringLiteral("demo.user@example.com"));
    CHECK(rig.connectedAccount.scopes.contains(QStringLiteral("schema.bases:read")));
    CHECK(rig.session->accessTokenExpiry() > QDateTime::currentDateTimeUtc().addSecs(3000));
    CHECK(rig.store.value(rig.key(QStringLiteral("access_token"))) == rig.session->bearerToken());
    CHECK_FALSE(rig.store.value(rig.key(QStringLiteral("refresh_token"))).isEmpty());
    CHECK(whoamiStatus(rig, rig.session->bearerToken()) == 200);
}

TEST_CASE("Airtable refresh rotates both tokens, the new pair is stored first", "[sandbox][auth]")
{
    ProviderRig rig(QStringLiteral("airtable"), dataArgs(1, 1, 1));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    const QByteArray oldAccess = rig.session->bearerToken();
    const QByteArray oldRefresh = rig.store.value(rig.key(QStringLiteral("refresh_token")));
    REQUIRE_FALSE(oldRefresh.isEmpty());
    const int opsBefore = rig.store.operations().size();

    // Two refreshes asked at once are merged into one token request.
    int calls = 0;
    Error first, second;
    rig.session->refreshAccessToken([&](const Error &e) {
        first = e;
        ++calls;
    });
    rig.session->refreshAccessToken([&](const Error &e) {
        second = e;
        ++calls;
    });
    REQUIRE(waitUntil([&] { return calls == 2; }, 15000));
    CHECK_FALSE(first.isError());
    CHECK_FALSE(second.isError());
    CHECK(requestLines(rig.sandbox, "POST", "/airtable/oauth2/v1/token").size() == 2); // code + 1

    const QByteArray newAccess = rig.session->bearerToken();
    const QByteArray newRefresh = rig.store.value(rig.key(QStringLiteral("refresh_token")));
    CHECK(newAccess != oldAccess);
    CHECK(newRefresh != oldRefresh);
    CHECK(rig.store.value(rig.key(QStringLiteral("access_token"))) == newAccess);
    // The rotated refresh token was written before the access token (and nothing removed).
    const QStringList ops = rig.store.operations().mid(opsBefore);
    REQUIRE(ops.size() == 2);
    CHECK(ops.at(0) == QStringLiteral("write ") + rig.key(QStringLiteral("refresh_token")));
    CHECK(ops.at(1) == QStringLiteral("write ") + rig.key(QStringLiteral("access_token")));

    // Airtable invalidated the old pair; the new one works.
    CHECK(tokenStatus(rig, {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                            {QStringLiteral("refresh_token"), QString::fromLatin1(oldRefresh)}}) ==
          400);
    CHECK(whoamiStatus(rig, oldAccess) == 401);
    CHECK(whoamiStatus(rig, newAccess) == 200);

    // A restart picks up the new pair and can refresh again with it.
    REQUIRE(rig.restore());
    CHECK(rig.session->state() == OAuthSession::State::Connected);
    CHECK(rig.session->bearerToken() == newAccess);
    CHECK_FALSE(rig.refresh().isError());
    CHECK(rig.session->bearerToken() != newAccess);
    CHECK(whoamiStatus(rig, rig.session->bearerToken()) == 200);
}

TEST_CASE("Airtable: a pair rotated elsewhere ends in reconnect-needed after one refresh",
          "[sandbox][auth]")
{
    ProviderRig rig(QStringLiteral("airtable"), dataArgs(2, 1, 5));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    // Someone else (another app instance) rotated the pair: our access token is dead,
    // but our refresh token too -> the client must report "reconnect".
    const QByteArray refresh = rig.store.value(rig.key(QStringLiteral("refresh_token")));
    REQUIRE(tokenStatus(rig, {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                              {QStringLiteral("refresh_token"), QString::fromLatin1(refresh)}}) ==
            200);
    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 20000));
    CHECK_FALSE(run.outcome->complete);
    CHECK(run.outcome->error.kind == Error::Kind::ReconnectNeeded);
    CHECK(rig.session->state() == OAuthSession::State::ReconnectNeeded);
    CHECK(client.statistics().refreshes == 1);
}

TEST_CASE("Airtable loader: bases, tables, records on demand, each page once, no 429",
          "[sandbox][load]")
{
    const int bases = 4, tables = 2, records = 230; // bases: 2 pages; records: 3 pages per table
    ProviderRig rig(QStringLiteral("airtable"), dataArgs(bases, tables, records));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    loader->start({});
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 20000));
    REQUIRE(run.outcome->complete);
    const auto baseItems = run.ofType(QStringLiteral("bases"));
    const auto tableItems = run.ofType(QStringLiteral("tables"));
    CHECK(baseItems.size() == bases);
    CHECK(tableItems.size() == bases * tables);
    CHECK(run.ofType(QStringLiteral("records")).isEmpty()); // not until a table is opened
    QSet<QString> baseIds;
    for (const auto &b : baseItems) {
        CHECK(rig.provider.presentation().type(b.type)->container);
        CHECK(b.parentId.isEmpty());
        CHECK(b.url.toString() == QStringLiteral("https://airtable.com/") + b.id);
        baseIds.insert(b.id);
    }
    CHECK(baseIds.size() == bases);
    for (const auto &t : tableItems) {
        CHECK(baseIds.contains(t.parentId));
        CHECK(t.parentType == QStringLiteral("bases"));
        CHECK(rig.provider.presentation().type(t.type)->container);
        CHECK(rig.provider.presentation().type(t.type)->lazyChildren);
        CHECK_FALSE(t.properties.value(QStringLiteral("primaryField")).toString().isEmpty());
        CHECK(loader->canFetchChildren(t));
    }
    CHECK_FALSE(loader->canFetchChildren(baseItems.first()));
    CHECK(requestLines(rig.sandbox, "GET", "/airtable/v0/meta/bases ").size() == 2);

    // The user opens every table (all at once: the per-base budgets are shared).
    QElapsedTimer clock;
    clock.start();
    for (const auto &t : tableItems)
        loader->fetchChildren(t);
    loader->fetchChildren(tableItems.first()); // already running: ignored
    REQUIRE(waitUntil([&] { return run.childrenDone.size() >= tableItems.size(); }, 25000));
    const qint64 ms = clock.elapsed();
    CHECK(run.childrenDone.size() == tableItems.size());
    for (const auto &done : std::as_const(run.childrenDone))
        CHECK_FALSE(done.second.isError());
    const auto recordItems = run.ofType(QStringLiteral("records"));
    CHECK(recordItems.size() == bases * tables * records);
    QSet<QString> recordIds;
    QHash<QString, int> perTable;
    int unnamed = 0;
    for (const auto &r : recordItems) {
        recordIds.insert(r.id);
        ++perTable[r.parentId];
        CHECK(r.parentType == QStringLiteral("tables"));
        CHECK(r.created.isValid());
        CHECK(r.url.path().endsWith(r.parentId + QLatin1Char('/') + r.id));
        unnamed += r.name == QStringLiteral("Unnamed record");
    }
    CHECK(recordIds.size() == recordItems.size()); // each record exactly once
    for (const auto &t : tableItems)
        CHECK(perTable.value(t.id) == records);
    CHECK(unnamed < recordItems.size() / 10);
    // Exactly the pages needed: 3 per table (100 + 100 + 30), none twice.
    QList<QByteArray> recordRequests;
    for (const QByteArray &line : requestLines(rig.sandbox, "GET", "/airtable/v0/app"))
        recordRequests.append(line);
    CHECK(recordRequests.size() == bases * tables * 3);
    // Under the sandbox's 5 requests/s per base: zero 429s.
    CHECK(client.statistics().http429 == 0);
    CHECK(countContaining(requestLines(rig.sandbox, "GET", "/airtable/"), " 429 ") == 0);
    const double seconds = ms / 1000.0;
    WARN("Airtable records on demand: "
         << recordItems.size() << " records, " << recordRequests.size() << " requests in "
         << seconds << " s = " << recordItems.size() / seconds << " records/s, "
         << recordRequests.size() / seconds << " requests/s over " << bases
         << " bases (limit 5/s per base), 429s: " << client.statistics().http429);

    // Opening a table again reloads it (the UI replaces its children).
    run.items.clear();
    run.childrenDone.clear();
    loader->fetchChildren(tableItems.last());
    REQUIRE(waitUntil([&] { return !run.childrenDone.isEmpty(); }, 15000));
    CHECK(run.ofType(QStringLiteral("records")).size() == records);
}

TEST_CASE("Airtable loader with records eager: one base at 5/s, paced, no 429", "[sandbox][load]")
{
    const int records = 450; // 5 pages per table; 2 tables + 1 tables call = 11 requests per base
    ProviderRig rig(QStringLiteral("airtable"), dataArgs(1, 2, records));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    std::unique_ptr<ItemLoader> loader(rig.provider.createLoader(client, rig.profile, nullptr));
    LoadRun run;
    run.attach(*loader);
    QElapsedTimer clock;
    clock.start();
    LoadRequest request;
    request.objectTypes = {QStringLiteral("records")};
    loader->start(request);
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 20000));
    const qint64 ms = clock.elapsed();
    REQUIRE(run.outcome->complete);
    CHECK(run.ofType(QStringLiteral("records")).size() == 2 * records);
    CHECK(client.statistics().http429 == 0);
    // 11 requests on one base cannot take less than 2 s at 5 per rolling second.
    const int baseRequests = requestLines(rig.sandbox, "GET", "/airtable/v0/").size() -
                             requestLines(rig.sandbox, "GET", "/airtable/v0/meta/bases ").size() -
                             requestLines(rig.sandbox, "GET", "/airtable/v0/meta/whoami").size();
    CHECK(baseRequests == 11);
    CHECK(ms >= 1900);
    WARN("Airtable one base, eager: " << baseRequests << " requests in " << ms << " ms = "
                                      << baseRequests * 1000.0 / ms << " requests/s (limit 5)");
    // Parent chain base -> table -> record.
    QHash<QString, QString> parentOf;
    for (const auto &item : run.items)
        parentOf.insert(item.id, item.parentId);
    for (const auto &r : run.ofType(QStringLiteral("records"))) {
        const QString table = parentOf.value(r.id);
        REQUIRE(parentOf.contains(table));
        CHECK(run.ofType(QStringLiteral("bases")).first().id == parentOf.value(table));
    }
}

TEST_CASE("Airtable 429: the base is held, then the request is retried", "[sandbox][load]")
{
    // A client configured too fast meets the limit; the (shortened) penalty is waited out.
    ProviderRig rig(QStringLiteral("airtable"),
                    dataArgs(2, 2, 150,
                             {QStringLiteral("--airtable-rate-limit"), QStringLiteral("3/1000"),
                              QStringLiteral("--airtable-penalty-ms"), QStringLiteral("400")}));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    ApiClient client(rig.nam, *rig.session);
    auto *loader =
        static_cast<LoadEngine *>(rig.provider.createLoader(client, rig.profile, nullptr));
    std::unique_ptr<ItemLoader> owner(loader);
    LoadTuning tuning;
    tuning.requestsPerSecond = 50; // wrong on purpose
    tuning.rateLimitHoldMs = 500;
    loader->setTuning(tuning);
    LoadRun run;
    run.attach(*loader);
    LoadRequest request;
    request.objectTypes = {QStringLiteral("records")};
    loader->start(request);
    REQUIRE(waitUntil([&] { return run.outcome.has_value(); }, 25000));
    INFO(run.outcome->error.detail.toStdString());
    REQUIRE(run.outcome->complete);
    CHECK(run.ofType(QStringLiteral("records")).size() == 2 * 2 * 150);
    CHECK(client.statistics().http429 > 0);
    CHECK(client.statistics().failed == 0);
}
