// The ApiClient extensions made for Airtable and Notion, against a scripted
// loopback server: rate budgets that hold one another up only within a budget,
// default and per-request headers, JSON bodies, and the providers' error shapes.
#include <catch2/catch.hpp>

#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/airtable/airtablespec.h"
#include "providers/hubspot/hubspotapi.h"
#include "scriptedserver.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <optional>

using namespace desk;
using loadtest::TestTokens;
using loadtest::waitUntil;
using Reply = ScriptedServer::Reply;

namespace {

struct Fixture
{
    ScriptedServer server;
    QNetworkAccessManager network;
    TestTokens tokens;
    ApiClient client{network, tokens};
    QObject context;

    Fixture()
    {
        REQUIRE(server.listen());
        client.setBaseUrl(server.url());
        RetryPolicy policy;
        policy.baseDelayMs = 5;
        policy.maxDelayMs = 40;
        policy.timeoutMs = 5000;
        client.setRetryPolicy(policy);
    }

    Result<QJsonDocument> send(ApiRequest request)
    {
        std::optional<Result<QJsonDocument>> outcome;
        client.send(request, &context, [&outcome](const Result<QJsonDocument> &r) { outcome = r; });
        REQUIRE(waitUntil([&] { return outcome.has_value(); }));
        return *outcome;
    }
};

Reply json(const QByteArray &body, int status = 200)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    return reply;
}

} // namespace

TEST_CASE("a 429 holds its own budget only, other budgets go on", "[apiclient][budgets]")
{
    Fixture f;
    f.client.setPacerSetup([](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{5, 1000}});
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(30000); // Airtable: 30 s, no Retry-After
    });
    int aCalls = 0;
    f.server.handler = [&aCalls](const ScriptedServer::Request &request) {
        if (request.target.startsWith("/appA")) {
            ++aCalls;
            return json(R"({"errors":[{"error":"RATE_LIMIT_REACHED","message":"slow"}]})", 429);
        }
        return json(R"({"ok":true})");
    };
    std::optional<Result<QJsonDocument>> a;
    ApiRequest held;
    held.url = QUrl(QStringLiteral("/appA/tbl"));
    held.budget = QStringLiteral("appA");
    f.client.send(held, &f.context, [&a](const Result<QJsonDocument> &r) { a = r; });
    REQUIRE(waitUntil([&] { return aCalls == 1; }, 5000));

    // appB: 8 requests at 5 per second, while appA waits its 30 s.
    int bDone = 0;
    for (int i = 0; i < 8; ++i) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/appB/tbl?i=%1").arg(i));
        request.budget = QStringLiteral("appB");
        f.client.send(request, &f.context, [&bDone](const Result<QJsonDocument> &r) {
            CHECK(r.ok());
            ++bDone;
        });
    }
    REQUIRE(waitUntil([&] { return bDone == 8; }, 5000));
    CHECK(aCalls == 1); // still held
    CHECK_FALSE(a.has_value());
    CHECK(f.client.pacer(QStringLiteral("appA")).delayMs() > 25000);
    CHECK(f.client.pacer(QStringLiteral("appB")).delayMs() < 1100);
    CHECK(f.client.statistics().http429 == 1);
    // appB kept its own window: never more than 5 arrivals within a second.
    QVector<qint64> arrivals;
    for (const auto &request : std::as_const(f.server.requests))
        if (request.target.startsWith("/appB"))
            arrivals.append(request.arrivedMs);
    REQUIRE(arrivals.size() == 8);
    for (int i = 5; i < arrivals.size(); ++i)
        CHECK(arrivals.at(i) - arrivals.at(i - 5) >= 1000);
    f.client.cancelAll();
}

TEST_CASE("default and per-request headers, JSON POST bodies", "[apiclient][budgets]")
{
    Fixture f;
    f.client.setDefaultHeader("Notion-Version", "2022-06-28");
    ScriptedServer::Request seen;
    f.server.handler = [&seen](const ScriptedServer::Request &request) {
        seen = request;
        return json(R"({"object":"list","results":[],"has_more":false,"next_cursor":null})");
    };
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(QStringLiteral("/v1/search"));
    request.body = R"({"page_size":100})";
    request.headers = {{"X-Extra", "1"}};
    REQUIRE(f.send(request).ok());
    CHECK(seen.method == "POST");
    CHECK(seen.headers.value("notion-version") == "2022-06-28");
    CHECK(seen.headers.value("x-extra") == "1");
    CHECK(seen.headers.value("content-type").startsWith("application/json"));
    CHECK(seen.headers.value("authorization") == "Bearer token-1");
    CHECK(seen.body == R"({"page_size":100})");
}

TEST_CASE("Airtable and Notion error bodies reach the error detail", "[apiclient][budgets]")
{
    // Each provider's reader of its error bodies, handed to the client as a value.
    Fixture f;
    f.client.setErrorReader(&airtable::readErrorBody);
    f.server.handler = [](const ScriptedServer::Request &request) {
        if (request.target.startsWith("/airtable"))
            return json(R"({"error":{"type":"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
                        "message":"Invalid permissions"}})",
                        403);
        if (request.target.startsWith("/old"))
            return json(R"({"error":"NOT_FOUND"})", 404);
        return json(R"({"object":"error","status":400,"code":"validation_error",
                    "message":"page_size should be at most 100"})",
                    400);
    };
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/airtable/v0/meta/bases/x/tables"));
    auto r = f.send(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == Error::Kind::Forbidden);
    CHECK(r.error().detail.contains(QStringLiteral("INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND")));
    CHECK(r.error().detail.contains(QStringLiteral("Invalid permissions")));
    request.url = QUrl(QStringLiteral("/old"));
    r = f.send(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail.contains(QStringLiteral("NOT_FOUND")));
    CHECK(r.error().code == QStringLiteral("NOT_FOUND"));
    f.client.setErrorReader({}); // Notion's bodies have the plain shape
    request.url = QUrl(QStringLiteral("/v1/search"));
    r = f.send(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == Error::Kind::Provider);
    CHECK(r.error().code == QStringLiteral("validation_error"));
    CHECK(r.error().detail.contains(QStringLiteral("validation_error")));
    CHECK(r.error().message.contains(QStringLiteral("page_size should be at most 100")));
}

TEST_CASE("HubSpot's MISSING_SCOPES answer reads as missing scopes, through its reader",
          "[apiclient][budgets]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &) {
        return json(R"({"status":"error","category":"MISSING_SCOPES","message":"needs tickets"})",
                    403);
    };
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/crm/v3/objects/tickets"));
    auto plain = f.send(request);
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().kind == Error::Kind::Forbidden);
    CHECK_FALSE(plain.error().message.contains(QStringLiteral("scopes")));
    f.client.setDialect(hubspot::dialect({}));
    auto read = f.send(request);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == QStringLiteral("MISSING_SCOPES"));
    CHECK(read.error().message.contains(QStringLiteral("missing scopes")));
}

TEST_CASE("a shared budget bounds the calls of every budget under it", "[apiclient][budgets]")
{
    Fixture f;
    f.client.setPacerSetup([](RatePacer &pacer, const QString &budget) {
        // Each base 5 per second, the user 6 per second across them.
        pacer.setFixedWindows({RatePacer::Window{budget == QLatin1String("user") ? 6 : 5, 1000}});
        pacer.setReserve(0);
        pacer.setMaxInFlight(20);
    });
    f.server.handler = [](const ScriptedServer::Request &) { return json(R"({"ok":true})"); };
    int done = 0;
    for (int i = 0; i < 12; ++i) {
        ApiRequest request;
        const QString base = QStringLiteral("app%1").arg(i % 3);
        request.url = QUrl(QStringLiteral("/%1/tbl?i=%2").arg(base).arg(i));
        request.budget = base;
        request.sharedBudgets = {QStringLiteral("user")};
        f.client.send(request, &f.context, [&done](const Result<QJsonDocument> &r) {
            CHECK(r.ok());
            ++done;
        });
    }
    REQUIRE(waitUntil([&] { return done == 12; }, 10000));
    // Three bases could send 15 in the first second; the user's 6 hold them to 6.
    QVector<qint64> arrivals;
    for (const auto &request : std::as_const(f.server.requests))
        arrivals.append(request.arrivedMs);
    REQUIRE(arrivals.size() == 12);
    std::sort(arrivals.begin(), arrivals.end());
    for (int i = 6; i < arrivals.size(); ++i)
        CHECK(arrivals.at(i) - arrivals.at(i - 6) >= 1000);
    CHECK(f.client.pacer(QStringLiteral("user")).inFlight() == 0);
}

TEST_CASE("429s from two budgets under a shared one hold the shared budget", "[apiclient][budgets]")
{
    Fixture f;
    f.client.setPacerSetup([](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{5, 1000}});
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(30000);
    });
    bool limited = true; // the user's limit: every base is refused
    f.server.handler = [&limited](const ScriptedServer::Request &) {
        return limited
                   ? json(R"({"errors":[{"error":"RATE_LIMIT_REACHED","message":"slow"}]})", 429)
                   : json(R"({"ok":true})");
    };
    auto call = [&f](const char *base) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/%1/tbl").arg(QLatin1String(base)));
        request.budget = QLatin1String(base);
        request.sharedBudgets = {QStringLiteral("user")};
        f.client.send(request, &f.context, [](const Result<QJsonDocument> &) {});
    };
    call("appA");
    REQUIRE(waitUntil([&] { return f.client.statistics().http429 == 1; }, 5000));
    // One 429: its own budget is held, the shared one not yet.
    CHECK(f.client.pacer(QStringLiteral("appA")).delayMs() > 25000);
    CHECK(f.client.pacer(QStringLiteral("user")).delayMs() == 0);
    call("appB");
    REQUIRE(waitUntil([&] { return f.client.statistics().http429 == 2; }, 5000));
    // A second budget refused within the first hold: the user's limit it is.
    CHECK(f.client.pacer(QStringLiteral("user")).delayMs() > 25000);
    call("appC");
    waitUntil([] { return false; }, 300);
    CHECK(f.client.statistics().http429 == 2); // appC waits without asking
    CHECK(f.server.requests.size() == 2);
    f.client.cancelAll();
}

TEST_CASE("a higher priority goes first within its budget", "[apiclient][budgets]")
{
    Fixture f;
    f.client.setPacerSetup([](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{1, 200}});
        pacer.setReserve(0);
    });
    f.server.handler = [](const ScriptedServer::Request &) { return json(R"({"ok":true})"); };
    QStringList order;
    auto call = [&](const QString &name, int priority) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/app/") + name);
        request.budget = QStringLiteral("app");
        request.priority = priority;
        f.client.send(request, &f.context,
                      [&order, name](const Result<QJsonDocument> &) { order.append(name); });
    };
    call(QStringLiteral("first"), 0);
    // "first" goes out at once; the window then holds the rest in the queue.
    REQUIRE(waitUntil([&] { return f.server.requests.size() == 1; }, 5000));
    call(QStringLiteral("new1"), 0);
    call(QStringLiteral("new2"), 0);
    call(QStringLiteral("next"), 1); // the next page of a listing
    REQUIRE(waitUntil([&] { return order.size() == 4; }, 5000));
    CHECK(order == QStringList{QStringLiteral("first"), QStringLiteral("next"),
                               QStringLiteral("new1"), QStringLiteral("new2")});
}

TEST_CASE("more than 6 in flight: the client adds network managers of its own",
          "[apiclient][budgets]")
{
    Fixture f;
    f.client.setPacerSetup([](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{100, 1000}});
        pacer.setReserve(0);
        pacer.setMaxInFlight(14);
    });
    int inFlightAtServer = 0, most = 0;
    f.server.handler = [&](const ScriptedServer::Request &) {
        most = std::max(most, ++inFlightAtServer);
        Reply reply = json(R"({"ok":true})");
        reply.delayMs = 300;
        QTimer::singleShot(300, [&inFlightAtServer] { --inFlightAtServer; });
        return reply;
    };
    int done = 0;
    for (int i = 0; i < 14; ++i) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/app/tbl?i=%1").arg(i));
        request.budget = QStringLiteral("app");
        f.client.send(request, &f.context, [&done](const Result<QJsonDocument> &r) {
            CHECK(r.ok());
            ++done;
        });
    }
    REQUIRE(waitUntil([&] { return done == 14; }, 10000));
    CHECK(f.client.networkCount() == 3); // 6 + 6 + 2
    CHECK(most > 6);                     // one manager alone would have queued them
}

TEST_CASE("a large body is parsed off the UI thread and read once, on it, intact", "[apiclient]")
{
    Fixture f;
    QByteArray big = R"({"results":[)";
    for (int i = 0; i < 5000; ++i)
        big += (i ? "," : "") + QByteArray(R"({"id":")") + QByteArray::number(i) +
               R"(","name":"Contact with a longish name )" + QByteArray::number(i) + R"("})";
    big += "]}";
    REQUIRE(big.size() > 256 * 1024); // well above what is parsed on the spot
    const bool malformed = GENERATE(false, true);
    int served = 0;
    f.server.handler = [&](const ScriptedServer::Request &) {
        ++served;
        return json(malformed ? big.left(big.size() - 2) : big);
    };
    RetryPolicy policy = f.client.retryPolicy();
    policy.maxBadResponses = 2;
    f.client.setRetryPolicy(policy);

    int reads = 0;
    bool onUiThread = true;
    std::optional<Result<int>> outcome;
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/big"));
    f.client.read<int>(
        request,
        [&](const QJsonDocument &document) -> Result<int> {
            ++reads;
            onUiThread =
                onUiThread && QThread::currentThread() == QCoreApplication::instance()->thread();
            return int(document.object().value(QStringLiteral("results")).toArray().size());
        },
        &f.context, [&outcome](Result<int> result) { outcome = std::move(result); });
    REQUIRE(waitUntil([&] { return outcome.has_value(); }));
    if (!malformed) {
        REQUIRE(outcome->ok());
        CHECK(outcome->value() == 5000);
        CHECK(reads == 1);
        CHECK(served == 1);
        CHECK(onUiThread);
    } else {
        REQUIRE_FALSE(outcome->ok());
        CHECK(outcome->error().kind == Error::Kind::BadResponse);
        CHECK(reads == 0);  // never handed to the reader
        CHECK(served == 2); // read again once, then given up
    }
}
