// Notion against the sandbox: sign-in with HTTP Basic and a JSON token request,
// tokens without expiry (refresh only after a 401), the page/database tree with
// block parents and orphans, and the ~3 requests/s limit kept with zero 429s.
#include <catch2/catch.hpp>

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

const QByteArray kToken = "ntn_static_test_token";

QStringList dataArgs(int pages, int databases, QStringList extra = {})
{
    return QStringList{QStringLiteral("--notion-pages"),     QString::number(pages),
                       QStringLiteral("--notion-databases"), QString::number(databases),
                       QStringLiteral("--notion-token"),     QString::fromLatin1(kToken)} +
           extra;
}

HttpProbe::Headers notionHeaders()
{
    return {{"Authorization", HttpProbe::bearer(kToken)}, {"Notion-Version", "2022-06-28"}};
}

QString id32(const QString &id)
{
    return QString(id).remove(QLatin1Char('-')).toLower();
}

// Everything search returns, read with the static token (its own rate bucket),
// politely paced.
QJsonArray groundTruth(SandboxProcess &sandbox)
{
    HttpProbe probe;
    QJsonArray all;
    QString cursor;
    for (int i = 0; i < 50; ++i) {
        QJsonObject body{{QStringLiteral("page_size"), 100}};
        if (!cursor.isEmpty())
            body.insert(QStringLiteral("start_cursor"), cursor);
        authtest::spin(400);
        const HttpResult r =
            probe.post(sandbox.url(QStringLiteral("/notion/v1/search")),
                       QJsonDocument(body).toJson(), "application/json", notionHeaders());
        REQUIRE(r.status == 200);
        const QJsonObject o = r.json().object();
        for (const QJsonValue &v : o.value(QStringLiteral("results")).toArray())
            all.append(v);
        if (!o.value(QStringLiteral("has_more")).toBool())
            break;
        cursor = o.value(QStringLiteral("next_cursor")).toString();
    }
    return all;
}

QString joinedTitle(const QJsonObject &o)
{
    QJsonArray runs;
    if (o.value(QStringLiteral("object")).toString() == QLatin1String("database")) {
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
        }
    }

    // Compare with what search returns (read separately, with another token).
    const QJsonArray truth = groundTruth(rig.sandbox);
    CHECK(truth.size() == pages + databases);
    CHECK(run.items.size() == truth.size() + 1);
    // Every page of the search was asked for exactly once.
    CHECK(requestLines(rig.sandbox, "POST", "/notion/v1/search").size() ==
          (truth.size() + 99) / 100 * 2); // ours + the ground truth's
    QSet<QString> shared;
    for (const QJsonValue &v : truth)
        shared.insert(id32(v.toObject().value(QStringLiteral("id")).toString()));
    HttpProbe probe;
    QHash<QString, QString> blockPage; // block id -> page holding it
    int orphans = 0, blockChildren = 0, untitled = 0, trashed = 0, underPages = 0, rows = 0;
    for (const QJsonValue &v : truth) {
        const QJsonObject o = v.toObject();
        const QString id = id32(o.value(QStringLiteral("id")).toString());
        REQUIRE(byId.contains(id));
        const IntegrationItem item = byId.value(id);
        CHECK(item.type == (o.value(QStringLiteral("object")).toString() == QLatin1String("page")
                                ? QStringLiteral("pages")
                                : QStringLiteral("databases")));
        CHECK(item.name == joinedTitle(o));
        untitled += item.name == QStringLiteral("Untitled");
        if (o.value(QStringLiteral("in_trash")).toBool()) {
            ++trashed;
            CHECK(item.properties.value(QStringLiteral("inTrash")).toString() ==
                  QStringLiteral("true"));
        }
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
            if (!shared.contains(expected))
                expected = QStringLiteral("workspace");
        } else {
            const QString p = id32(parent.value(kind).toString());
            expected = shared.contains(p) ? p : QStringLiteral("workspace");
            if (!shared.contains(p)) {
                ++orphans;
                // Kept under the root, and it says which parent is missing.
                CHECK(item.problems.join(QLatin1Char(' ')).contains(p));
            }
            underPages += kind == QLatin1String("page_id") && shared.contains(p);
            rows += kind == QLatin1String("database_id") && shared.contains(p);
        }
        CHECK(item.parentId == expected);
    }
    CHECK(orphans > 0);
    CHECK(blockChildren > 0);
    CHECK(untitled >= 1);
    CHECK(trashed >= 1);
    CHECK(underPages > 0);
    CHECK(rows > 0);
    const int requests = int(client.statistics().sent);
    WARN("Notion load: " << truth.size() << " objects, " << requests << " requests in " << ms
                         << " ms = " << requests * 1000.0 / ms
                         << " requests/s (limit ~3/s), 429s: " << client.statistics().http429
                         << ", orphans " << orphans << ", block children " << blockChildren);
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
    CHECK(run.items.size() == 24 + 2 + 1);
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
    done = false;
    configured.get(QUrl(QStringLiteral("/v1/users/me")), nullptr,
                   [&](const Result<QJsonDocument> &r) {
                       result = r;
                       done = true;
                   });
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(result.ok());
}
