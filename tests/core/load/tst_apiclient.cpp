// desk::ApiClient against a scripted loopback server: retries, back-off,
// refresh on 401, 429 waits, malformed bodies, timeouts, cancel, pacing.
#include <catch2/catch.hpp>

#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/hubspot/hubspotapi.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>

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

    // Sends one GET and waits for its callback. `validate` (optional) reads the
    // body: a non-empty answer makes it malformed.
    Result<QJsonDocument> get(const QString &path,
                              std::function<QString(const QJsonDocument &)> validate = {})
    {
        std::optional<Result<QJsonDocument>> outcome;
        ApiRequest request;
        request.url = QUrl(path);
        if (!validate) {
            client.send(request, &context,
                        [&outcome](const Result<QJsonDocument> &r) { outcome = r; });
            REQUIRE(waitUntil([&] { return outcome.has_value(); }));
            return *outcome;
        }
        ApiReader<QJsonDocument> reader =
            [validate](const QJsonDocument &document) -> Result<QJsonDocument> {
            const QString problem = validate(document);
            if (!problem.isEmpty())
                return Error(Error::Kind::BadResponse, QStringLiteral("unreadable"), problem);
            return document;
        };
        client.read<QJsonDocument>(request, reader, &context,
                                   [&outcome](Result<QJsonDocument> r) { outcome = r; });
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

TEST_CASE("ApiClient sends the bearer token and returns the JSON body", "[apiclient]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &) { return json(R"({"answer":42})"); };
    const auto result = f.get(QStringLiteral("/crm/v3/owners?limit=100"));
    REQUIRE(result.ok());
    CHECK(result.value().object().value(QStringLiteral("answer")).toInt() == 42);
    REQUIRE(f.server.requests.size() == 1);
    CHECK(f.server.requests.at(0).headers.value("authorization") == "Bearer token-1");
    CHECK(f.server.requests.at(0).target == "/crm/v3/owners?limit=100");
    CHECK(f.client.statistics().sent == 1);
    CHECK(f.client.statistics().succeeded == 1);
}

TEST_CASE("ApiClient retries 5xx and dropped connections with back-off", "[apiclient]")
{
    Fixture f;
    int n = 0;
    f.server.handler = [&n](const ScriptedServer::Request &) {
        switch (n++) {
        case 0:
            return json(R"({"status":"error"})", 503);
        case 1: {
            Reply reply;
            reply.drop = true;
            return reply;
        }
        case 2:
            return json(R"({"status":"error"})", 500);
        default:
            return json(R"({"ok":true})");
        }
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE(result.ok());
    // Qt itself re-sends a GET once when the connection closes before any
    // answer, so the dropped connection may or may not reach our counters.
    CHECK(f.server.requests.size() == 4);
    CHECK(f.client.statistics().http5xx == 2);
    CHECK(f.client.statistics().retries >= 2);
}

TEST_CASE("ApiClient gives up after the attempt limit with a Service error", "[apiclient]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &) { return json("{}", 502); };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::Service);
    CHECK(result.error().httpStatus == 502);
    CHECK(f.server.requests.size() == f.client.retryPolicy().maxAttempts);
}

TEST_CASE("ApiClient retries malformed and truncated bodies, then reports BadResponse",
          "[apiclient]")
{
    SECTION("truncated once, then fine")
    {
        Fixture f;
        int n = 0;
        f.server.handler = [&n](const ScriptedServer::Request &) {
            Reply reply = json(R"({"results":[{"id":"1"},{"id":"2"}]})");
            reply.truncate = n++ == 0;
            return reply;
        };
        const auto result = f.get(QStringLiteral("/x"));
        REQUIRE(result.ok());
        CHECK(result.value().object().value(QStringLiteral("results")).toArray().size() == 2);
        CHECK(f.server.requests.size() == 2);
    }
    SECTION("always broken")
    {
        Fixture f;
        f.server.handler = [](const ScriptedServer::Request &) {
            return json(R"({"results":[{"id")");
        };
        const auto result = f.get(QStringLiteral("/x"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == Error::Kind::BadResponse);
        CHECK(f.server.requests.size() == f.client.retryPolicy().maxBadResponses);
    }
    SECTION("valid JSON that fails validation")
    {
        Fixture f;
        f.server.handler = [](const ScriptedServer::Request &) { return json(R"({"nothing":1})"); };
        const auto result = f.get(QStringLiteral("/x"), [](const QJsonDocument &document) {
            return document.object().contains(QStringLiteral("results"))
                       ? QString()
                       : QStringLiteral("no results");
        });
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == Error::Kind::BadResponse);
        CHECK(result.error().detail.contains(QStringLiteral("no results")));
    }
}

TEST_CASE("ApiClient parses a body once and hands the reader's typed value to the callback",
          "[apiclient]")
{
    Fixture f;
    int n = 0;
    f.server.handler = [&n](const ScriptedServer::Request &) {
        Reply reply = json(R"({"results":[{"id":"7"},{"id":"8"}]})");
        reply.truncate = n++ == 0; // the first body is not JSON: the reader never sees it
        return reply;
    };
    int reads = 0;
    std::optional<Result<QStringList>> outcome;
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/list"));
    f.client.read<QStringList>(
        request,
        [&reads](const QJsonDocument &document) -> Result<QStringList> {
            ++reads;
            QStringList ids;
            for (const QJsonValue &v : document.object().value(QStringLiteral("results")).toArray())
                ids.append(v.toObject().value(QStringLiteral("id")).toString());
            return ids;
        },
        &f.context, [&outcome](Result<QStringList> r) { outcome = std::move(r); });
    REQUIRE(waitUntil([&] { return outcome.has_value(); }));
    REQUIRE(outcome->ok());
    CHECK(outcome->value() == QStringList{QStringLiteral("7"), QStringLiteral("8")});
    CHECK(reads == 1);
    CHECK(f.server.requests.size() == 2);
}

TEST_CASE("ApiClient reports each exchange of a call, retries included, by its id", "[apiclient]")
{
    Fixture f;
    int n = 0;
    f.server.handler = [&n](const ScriptedServer::Request &) {
        return n++ < 2 ? json("{}", 503) : json(R"({"ok":true})");
    };
    QVector<quint64> exchanges;
    QObject::connect(&f.client, &ApiClient::exchangeFinished,
                     [&exchanges](quint64 id, int) { exchanges.append(id); });
    std::optional<Result<QJsonDocument>> outcome;
    const ApiClient::RequestId id =
        f.client.get(QUrl(QStringLiteral("/x")), &f.context,
                     [&outcome](const Result<QJsonDocument> &r) { outcome = r; });
    REQUIRE(waitUntil([&] { return outcome.has_value(); }));
    CHECK(outcome->ok());
    CHECK(exchanges == QVector<quint64>{id, id, id});
}

TEST_CASE("ApiClient refreshes once on 401 and retries with the new token", "[apiclient]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &request) {
        if (request.headers.value("authorization") == "Bearer token-2")
            return json(R"({"ok":true})");
        return json(R"({"status":"error","category":"EXPIRED_AUTHENTICATION"})", 401);
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE(result.ok());
    CHECK(f.tokens.refreshCalls == 1);
    REQUIRE(f.server.requests.size() == 2);
    CHECK(f.server.requests.at(1).headers.value("authorization") == "Bearer token-2");
}

TEST_CASE("ApiClient reports Unauthorized when the refreshed token is rejected too", "[apiclient]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &) {
        return json(R"({"status":"error"})", 401);
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::Unauthorized);
    CHECK(f.tokens.refreshCalls == 1);
    CHECK(f.server.requests.size() == 2);
}

TEST_CASE("ApiClient reports ReconnectNeeded when the refresh is refused", "[apiclient]")
{
    Fixture f;
    f.tokens.refreshError = Error(Error::Kind::ReconnectNeeded, QStringLiteral("sign in again"));
    f.server.handler = [](const ScriptedServer::Request &) {
        return json(R"({"status":"error"})", 401);
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == Error::Kind::ReconnectNeeded);
    CHECK(f.server.requests.size() == 1);
    // Later calls with the same dead token fail at once, without a request.
    const auto again = f.get(QStringLiteral("/y"));
    CHECK(again.error().kind == Error::Kind::ReconnectNeeded);
    CHECK(f.server.requests.size() == 1);
}

TEST_CASE("ApiClient refreshes ahead of time when the token says so", "[apiclient]")
{
    Fixture f;
    f.tokens.needsRefresh = true;
    f.server.handler = [](const ScriptedServer::Request &) { return json(R"({"ok":true})"); };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE(result.ok());
    CHECK(f.tokens.refreshCalls == 1);
    REQUIRE(f.server.requests.size() == 1);
    CHECK(f.server.requests.at(0).headers.value("authorization") == "Bearer token-2");
}

TEST_CASE("ApiClient waits out a 429 and retries", "[apiclient]")
{
    Fixture f;
    int n = 0;
    f.server.handler = [&n](const ScriptedServer::Request &) {
        if (n++ == 0) {
            Reply reply = json(R"({"status":"error","policyName":"TEN_SECONDLY_ROLLING"})", 429);
            reply.headers = {{"X-HubSpot-RateLimit-Max", "10"},
                             {"X-HubSpot-RateLimit-Remaining", "0"},
                             {"X-HubSpot-RateLimit-Interval-Milliseconds", "200"}};
            return reply;
        }
        return json(R"({"ok":true})");
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE(result.ok());
    CHECK(f.client.statistics().http429 == 1);
    REQUIRE(f.server.requests.size() == 2);
    // No Retry-After: the whole window (200 ms) is waited out before the retry.
    CHECK(f.server.requests.at(1).arrivedMs - f.server.requests.at(0).arrivedMs >= 190);
}

TEST_CASE("ApiClient times out a silent request and retries it", "[apiclient]")
{
    Fixture f;
    RetryPolicy policy = f.client.retryPolicy();
    policy.timeoutMs = 150;
    policy.maxAttempts = 2;
    f.client.setRetryPolicy(policy);
    int n = 0;
    f.server.handler = [&n](const ScriptedServer::Request &) {
        Reply reply = json(R"({"ok":true})");
        if (n++ == 0)
            reply.delayMs = 2000;
        return reply;
    };
    const auto result = f.get(QStringLiteral("/x"));
    REQUIRE(result.ok());
    CHECK(f.client.statistics().timeouts == 1);

    f.server.handler = [](const ScriptedServer::Request &) {
        Reply reply = json(R"({"ok":true})");
        reply.delayMs = 2000;
        return reply;
    };
    const auto failed = f.get(QStringLiteral("/y"));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == Error::Kind::Timeout);
}

TEST_CASE("ApiClient cancel aborts in-flight calls without calling back", "[apiclient]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &) {
        Reply reply = json(R"({"ok":true})");
        reply.delayMs = 3000;
        return reply;
    };
    bool called = false;
    const auto id = f.client.get(QUrl(QStringLiteral("/slow")), &f.context,
                                 [&called](const auto &) { called = true; });
    f.client.get(QUrl(QStringLiteral("/slow2")), &f.context,
                 [&called](const auto &) { called = true; });
    REQUIRE(waitUntil([&] { return f.server.requests.size() >= 1; }));
    f.client.cancel(id);
    f.client.cancelAll();
    CHECK(f.client.pendingCount() == 0);
    CHECK(f.client.pacer().inFlight() == 0);
    waitUntil([] { return false; }, 300);
    CHECK_FALSE(called);
}

TEST_CASE("ApiClient paces several concurrent callers without a 429", "[apiclient][pacing]")
{
    Fixture f;
    f.client.setRateHeaderReader(&hubspot::readRateHeaders); // the headers below are HubSpot's
    // A server with a real rolling limit: 5 per 300 ms, 429 beyond.
    constexpr int kMax = 5;
    constexpr int kWindow = 300;
    QVector<qint64> accepted;
    int rejected = 0;
    f.server.handler = [&](const ScriptedServer::Request &request) {
        const qint64 now = request.arrivedMs;
        int inWindow = 0;
        for (qint64 t : accepted)
            if (t > now - kWindow)
                ++inWindow;
        Reply reply = json(R"({"ok":true})");
        if (inWindow >= kMax) {
            ++rejected;
            reply.status = 429;
            reply.headers = {{"X-HubSpot-RateLimit-Max", "5"},
                             {"X-HubSpot-RateLimit-Remaining", "0"},
                             {"X-HubSpot-RateLimit-Interval-Milliseconds", "300"}};
            return reply;
        }
        accepted.append(now);
        reply.headers = {{"X-HubSpot-RateLimit-Max", "5"},
                         {"X-HubSpot-RateLimit-Remaining", QByteArray::number(kMax - inWindow - 1)},
                         {"X-HubSpot-RateLimit-Interval-Milliseconds", "300"}};
        return reply;
    };
    int done = 0;
    for (int i = 0; i < 16; ++i)
        f.client.get(QUrl(QStringLiteral("/n%1").arg(i)), &f.context, [&done](const auto &r) {
            CHECK(r.ok());
            ++done;
        });
    REQUIRE(waitUntil([&] { return done == 16; }));
    CHECK(rejected == 0);
    CHECK(f.client.statistics().http429 == 0);
    CHECK(f.client.pacer().mode() == RatePacer::Mode::Limited);
    // 16 requests at 4 per ~330 ms need at least three full windows.
    CHECK(f.server.requests.last().arrivedMs - f.server.requests.first().arrivedMs >= 3 * kWindow);
}
