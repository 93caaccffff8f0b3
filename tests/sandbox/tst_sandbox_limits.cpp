// Black-box tests of the sandbox's rate limiting, fault injection and process behaviour.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

QStringList faultSequence(const QString &seed, int requests)
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"off"_s,
                            u"--fault-rate"_s, u"0.5"_s, u"--seed"_s, seed});
    REQUIRE(sandbox.started());
    QStringList outcomes;
    for (int i = 0; i < requests; ++i)
        outcomes.append(rawOutcome(
            sandbox.port(), "GET",
            "/crm/v3/objects/contacts?limit=5&after=" + QByteArray::number(i), kPrivateToken));
    return outcomes;
}

} // namespace

TEST_CASE("rate-limit headers count down and the window answers 429 when exhausted",
          "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"5/2500"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (int i = 0; i < 5; ++i) {
        const HttpResult r = apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken);
        REQUIRE(r.status == 200);
        CHECK(r.header("X-HubSpot-RateLimit-Max") == "5");
        CHECK(r.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "2500");
        CHECK(r.header("X-HubSpot-RateLimit-Remaining") == QByteArray::number(4 - i));
    }
    const HttpResult limited = apiGet(sandbox, probe, u"/crm/v3/objects/companies"_s, kToken);
    INFO(limited.body.toStdString());
    REQUIRE(limited.status == 429);
    const QJsonObject body = limited.json().object();
    CHECK(body.value(u"status"_s).toString() == u"error"_s);
    CHECK(body.value(u"errorType"_s).toString() == u"RATE_LIMIT"_s);
    CHECK(body.value(u"policyName"_s).toString() == u"TEN_SECONDLY_ROLLING"_s);
    CHECK(body.value(u"message"_s).toString().contains(u"ten secondly rate limit"_s));
    CHECK_FALSE(body.value(u"correlationId"_s).toString().isEmpty());
    CHECK(limited.header("Retry-After").isEmpty());
    CHECK(limited.header("X-HubSpot-RateLimit-Remaining") == "0");

    // OAuth endpoints are not rate limited.
    CHECK(probe.get(sandbox.url(u"/oauth/v1/access-tokens/"_s + kToken)).status == 200);

    QThread::msleep(2700); // the rolling window has passed
    const HttpResult again = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, kToken);
    CHECK(again.status == 200);
    CHECK(again.header("X-HubSpot-RateLimit-Remaining") == "4");

    REQUIRE(sandbox.stop() == 0);
    CHECK(sandbox.log().contains("1 rate-limited (429)"));
}

TEST_CASE("rate limit off never answers 429", "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"off"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    int ok = 0;
    for (int i = 0; i < 250; ++i)
        ok += apiGet(sandbox, probe, u"/crm/v3/objects/contacts?limit=1"_s, kToken).status == 200;
    CHECK(ok == 250);
}

TEST_CASE("faults are deterministic for a seed", "[sandbox][limits]")
{
    const QStringList a = faultSequence(u"42"_s, 60);
    const QStringList b = faultSequence(u"42"_s, 60);
    const QStringList c = faultSequence(u"43"_s, 60);
    INFO(a.join(u' ').toStdString());
    CHECK(a == b);
    CHECK(a != c);
    const QSet<QString> kinds(a.begin(), a.end());
    CHECK(kinds.contains(u"200"_s));
    int faults = 0;
    for (const QString &o : a)
        faults += o != u"200"_s;
    CHECK(faults > 10);
    CHECK(faults < 50);
    // Several kinds of fault show up: statuses, resets and truncated bodies.
    int statusKinds = 0;
    for (const QString &k : {u"500"_s, u"502"_s, u"503"_s, u"504"_s})
        statusKinds += kinds.contains(k);
    CHECK(statusKinds >= 2);
    CHECK(kinds.contains(u"reset"_s));
    CHECK(kinds.contains(u"truncated"_s));
}

TEST_CASE("faults spare the OAuth endpoints", "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--fault-rate"_s, u"1"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Tokens t = login(sandbox, probe);
    REQUIRE_FALSE(t.access.isEmpty());
    const HttpResult r = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, t.access);
    CHECK(r.status != 200); // every data request is faulted at rate 1
}

TEST_CASE("latency option delays responses", "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken, u"--latency-ms"_s, u"150"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    QElapsedTimer timer;
    timer.start();
    const HttpResult r = apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, kToken);
    CHECK(r.status == 200);
    CHECK(timer.elapsed() >= 140); // lower bound only: the server waits before answering
}

TEST_CASE("process: one ready line on stdout, clean exit on SIGTERM", "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    CHECK(apiGet(sandbox, probe, u"/crm/v3/objects/contacts"_s, kToken).status == 200);
    CHECK(sandbox.baseUrl().host() == u"127.0.0.1"_s);
    CHECK(sandbox.stop() == 0);
    CHECK(sandbox.standardOutput() ==
          "listening on http://127.0.0.1:" + QByteArray::number(sandbox.port()) + "\n");
    CHECK(sandbox.log().contains("served 1 requests"));
}

TEST_CASE("HTTP/1.1 handling: keep-alive, pipelining and malformed requests", "[sandbox][limits]")
{
    SandboxProcess sandbox({u"--private-app-token"_s, kToken});
    REQUIRE(sandbox.started());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, sandbox.port());
    REQUIRE(socket.waitForConnected(5000));
    const QByteArray request = "GET /crm/v3/objects/contacts?limit=1 HTTP/1.1\r\nHost: x\r\n"
                               "Authorization: Bearer " +
                               kPrivateToken + "\r\n\r\n";
    socket.write(request + request); // two pipelined requests on one connection
    QByteArray data;
    while (data.count("HTTP/1.1 200 OK") < 2 && socket.waitForReadyRead(5000))
        data += socket.readAll();
    CHECK(data.count("HTTP/1.1 200 OK") == 2);
    CHECK(socket.state() == QAbstractSocket::ConnectedState);

    QTcpSocket bad;
    bad.connectToHost(QHostAddress::LocalHost, sandbox.port());
    REQUIRE(bad.waitForConnected(5000));
    bad.write("NONSENSE\r\n\r\n");
    QByteArray reply;
    while (bad.waitForReadyRead(5000))
        reply += bad.readAll();
    CHECK(reply.startsWith("HTTP/1.1 400"));
}
