#include <catch2/catch.hpp>

#include "auth/loopbackreplyhandler.h"
#include "authtestutil.h"

#include <QNetworkInterface>
#include <QTcpServer>
#include <QTcpSocket>

using namespace desk;
using namespace authtest;

namespace {
struct Recorder
{
    QStringList codes;
    QStringList errors;
    QList<int> rejected;
    explicit Recorder(LoopbackReplyHandler &h)
    {
        QObject::connect(&h, &LoopbackReplyHandler::authorizationCodeReceived, &h,
                         [this](const QString &c) { codes << c; });
        QObject::connect(&h, &LoopbackReplyHandler::authorizationErrorReceived, &h,
                         [this](const QString &e, const QString &) { errors << e; });
        QObject::connect(&h, &LoopbackReplyHandler::requestRejected, &h,
                         [this](int status, const QString &) { rejected << status; });
    }
};

RawResponse get(quint16 port, const QByteArray &target)
{
    // rawRequest blocks; the handler lives in this thread, so run it through a
    // helper socket that we pump by hand.
    RawResponse r;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!waitUntil(
            [&] {
                return s.state() == QAbstractSocket::ConnectedState ||
                       s.state() == QAbstractSocket::UnconnectedState;
            },
            5000) ||
        s.state() != QAbstractSocket::ConnectedState)
        return r;
    s.write("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QByteArray all;
    waitUntil(
        [&] {
            all += s.readAll();
            return s.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    all += s.readAll();
    const int split = all.indexOf("\r\n\r\n");
    r.head = all.left(split);
    r.body = split < 0 ? QByteArray() : all.mid(split + 4);
    const QList<QByteArray> first = r.head.left(r.head.indexOf("\r\n")).split(' ');
    if (first.size() >= 2)
        r.status = first[1].toInt();
    return r;
}
} // namespace

TEST_CASE("callback() is exactly http://localhost:PORT/PATH", "[loopback]")
{
    LoopbackReplyHandler h(0, QStringLiteral("/callback"));
    REQUIRE_FALSE(h.listen().isError());
    CHECK(h.port() != 0);
    CHECK(h.callback() == QStringLiteral("http://localhost:%1/callback").arg(h.port()));
    CHECK(h.isListening());
    h.close();
    CHECK_FALSE(h.isListening());
}

TEST_CASE("forged or stale callbacks get 400 and the real one is accepted", "[loopback]")
{
    LoopbackReplyHandler h(0, QStringLiteral("/callback"));
    REQUIRE_FALSE(h.listen().isError());
    h.setExpectedState(QStringLiteral("good-state_123"));
    Recorder rec(h);
    const quint16 port = h.port();

    CHECK(get(port, "/callback?code=evil&state=wrong").status == 400);
    CHECK(get(port, "/callback?code=evil").status == 400);
    CHECK(get(port, "/other?code=evil&state=good-state_123").status == 400);
    CHECK(get(port, "/callback/x?code=evil&state=good-state_123").status == 400);
    CHECK(get(port, "/callbackx?code=evil&state=good-state_123").status == 400);
    CHECK(get(port, "/callback?code=a&code=b&state=good-state_123").status == 400);
    CHECK(get(port, "/callback?state=good-state_123&state=good-state_123&code=a").status == 400);
    CHECK(get(port, "/callback?state=good-state_123").status == 400); // neither code nor error
    CHECK(get(port, "/favicon.ico").status == 400);
    CHECK(h.isListening());
    CHECK(rec.codes.isEmpty());
    CHECK(rec.rejected.size() == 9);

    const RawResponse ok = get(port, "/callback?code=the%2Bcode&state=good-state_123");
    CHECK(ok.status == 200);
    CHECK(ok.head.contains("Content-Type: text/html"));
    CHECK(ok.head.contains("Cache-Control: no-store"));
    CHECK_FALSE(ok.body.contains("the+code"));
    CHECK_FALSE(ok.body.contains("the%2Bcode"));
    REQUIRE(rec.codes.size() == 1);
    CHECK(rec.codes.first() == QStringLiteral("the+code"));
    // Closed after the first valid callback.
    CHECK_FALSE(h.isListening());
    spin(50);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, port);
    CHECK_FALSE(late.waitForConnected(1000));
}

TEST_CASE("an error callback with the right state is reported once", "[loopback]")
{
    LoopbackReplyHandler h(0, QStringLiteral("/cb"));
    REQUIRE_FALSE(h.listen().isError());
    h.setExpectedState(QStringLiteral("s"));
    Recorder rec(h);
    CHECK(get(h.port(), "/cb?error=access_denied&state=other").status == 400);
    const RawResponse r =
        get(h.port(), "/cb?error=access_denied&error_description=The+user+denied&state=s");
    CHECK(r.status == 200);
    CHECK(r.body.contains("Sign-in not completed"));
    CHECK(rec.errors == QStringList{QStringLiteral("access_denied")});
    CHECK(rec.codes.isEmpty());
}

TEST_CASE("non-GET methods and garbage are refused", "[loopback]")
{
    LoopbackReplyHandler h(0, QStringLiteral("/callback"));
    REQUIRE_FALSE(h.listen().isError());
    h.setExpectedState(QStringLiteral("s"));
    Recorder rec(h);
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, h.port());
    REQUIRE(s.waitForConnected(2000));
    s.write(
        "POST /callback?code=c&state=s HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    QByteArray all;
    waitUntil(
        [&] {
            all += s.readAll();
            return s.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    CHECK(all.startsWith("HTTP/1.1 405"));
    QTcpSocket g;
    g.connectToHost(QHostAddress::LocalHost, h.port());
    REQUIRE(g.waitForConnected(2000));
    g.write("NONSENSE\r\n\r\n");
    all.clear();
    waitUntil(
        [&] {
            all += g.readAll();
            return g.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    CHECK(all.startsWith("HTTP/1.1 400"));
    CHECK(rec.codes.isEmpty());
    CHECK(h.isListening());
}

TEST_CASE("a busy port is reported with the port and the setting", "[loopback]")
{
    QTcpServer squatter;
    REQUIRE(squatter.listen(QHostAddress::LocalHost, 0));
    LoopbackReplyHandler h(squatter.serverPort(), QStringLiteral("/callback"));
    const Error e = h.listen();
    CHECK(e.kind == Error::Kind::PortBusy);
    CHECK(e.message.contains(QString::number(squatter.serverPort())));
    CHECK(e.message.contains(QStringLiteral("Redirect port")));
    CHECK_FALSE(h.isListening());
}

TEST_CASE("the listener is not reachable on a non-loopback address", "[loopback][security]")
{
    LoopbackReplyHandler h(0, QStringLiteral("/callback"));
    REQUIRE_FALSE(h.listen().isError());
    QHostAddress external;
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (!a.isLoopback() && a.protocol() == QAbstractSocket::IPv4Protocol) {
            external = a;
            break;
        }
    }
    if (external.isNull()) {
        WARN("no non-loopback IPv4 address on this machine; reachability check skipped");
        return;
    }
    QTcpSocket s;
    s.connectToHost(external, h.port());
    const bool connected = s.waitForConnected(2000);
    CHECK_FALSE(connected);
    // And loopback does work, so the check above means something.
    QTcpSocket local;
    local.connectToHost(QHostAddress::LocalHost, h.port());
    CHECK(local.waitForConnected(2000));
}
