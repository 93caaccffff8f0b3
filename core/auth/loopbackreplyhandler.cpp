#include "auth/loopbackreplyhandler.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcLoopback, "desk.core.auth.loopback")

constexpr int MaxRequestHead = 16 * 1024;
constexpr int SocketIdleMs = 10000;

// Constant-time comparison, so a local attacker cannot time the state check.
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < a.size(); ++i)
        diff |= uchar(a[i]) ^ uchar(b[i]);
    return diff == 0;
}
} // namespace

LoopbackReplyHandler::LoopbackReplyHandler(quint16 port, QString path, QObject *parent)
    : QAbstractOAuthReplyHandler(parent)
    , m_port(port)
    , m_path(path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path)
{}

LoopbackReplyHandler::~LoopbackReplyHandler()
{
    close();
}

QString LoopbackReplyHandler::portBusyMessage(quint16 port)
{
    return tr("Redirect port %1 is in use by another program. Close it or change Settings → "
              "Redirect port.")
        .arg(port);
}

Error LoopbackReplyHandler::listen()
{
    close();
    m_done = false;
    auto *v4 = new QTcpServer(this);
    if (!v4->listen(QHostAddress::LocalHost, m_port)) {
        const auto socketError = v4->serverError();
        const QString detail = QStringLiteral("loopback listen on 127.0.0.1:%1 failed: %2")
                                   .arg(m_port)
                                   .arg(v4->errorString());
        delete v4;
        if (socketError == QAbstractSocket::AddressInUseError)
            return Error(Error::Kind::PortBusy, portBusyMessage(m_port), detail);
        return Error(Error::Kind::Configuration,
                     tr("Could not open the sign-in redirect on port %1.").arg(m_port), detail);
    }
    m_port = v4->serverPort();
    m_servers << v4;

    // Browsers may resolve "localhost" to ::1 first. Listen there too, so no other
    // program can sit on [::1]:PORT and receive our redirect.
    auto *v6 = new QTcpServer(this);
    if (v6->listen(QHostAddress::LocalHostIPv6, m_port)) {
        m_servers << v6;
    } else if (v6->serverError() == QAbstractSocket::AddressInUseError) {
        const QString detail = QStringLiteral("loopback listen on [::1]:%1 failed: %2")
                                   .arg(m_port)
                                   .arg(v6->errorString());
        delete v6;
        close();
        return Error(Error::Kind::PortBusy, portBusyMessage(m_port), detail);
    } else {
        qCDebug(lcLoopback) << "no IPv6 loopback:" << v6->errorString();
        delete v6;
    }
    for (QTcpServer *server : qAsConst(m_servers))
        connect(server, &QTcpServer::newConnection, this, &LoopbackReplyHandler::onNewConnection);
    qCInfo(lcLoopback, "listening for the sign-in redirect on localhost:%u%s", unsigned(m_port),
           qPrintable(m_path));
    return {};
}

void LoopbackReplyHandler::close()
{
    for (QTcpServer *server : qAsConst(m_servers)) {
        server->close();
        server->deleteLater();
    }
    if (!m_servers.isEmpty())
        qCDebug(lcLoopback) << "redirect listener closed";
    m_servers.clear();
}

bool LoopbackReplyHandler::isListening() const
{
    return !m_servers.isEmpty();
}

quint16 LoopbackReplyHandler::port() const
{
    return m_port;
}

void LoopbackReplyHandler::setExpectedState(const QString &state)
{
    m_expectedState = state;
}

QString LoopbackReplyHandler::callback() const
{
    return QStringLiteral("http://localhost:%1%2").arg(m_port).arg(m_path);
}

void LoopbackReplyHandler::networkReplyFinished(QNetworkReply *)
{
    // Token requests are made and parsed by OAuthSession.
}

void LoopbackReplyHandler::onNewConnection()
{
    auto *server = qobject_cast<QTcpServer *>(sender());
    if (!server)
        return;
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        // Belt and braces: we only bound loopback addresses.
        if (!socket->peerAddress().isLoopback()) {
            qCWarning(lcLoopback) << "dropping non-loopback connection";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setParent(this);
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        connect(idle, &QTimer::timeout, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        idle->start(SocketIdleMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LoopbackReplyHandler::onReadyRead(QTcpSocket *socket)
{
    if (socket->property("desk_answered").toBool()) {
        socket->readAll();
        return;
    }
    QByteArray buffer = socket->property("desk_buffer").toByteArray() + socket->readAll();
    const int end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > MaxRequestHead)
            reject(socket, 431, QStringLiteral("request head too large"));
        else
            socket->setProperty("desk_buffer", buffer);
        return;
    }
    socket->setProperty("desk_buffer", QByteArray());
    handleRequest(socket, buffer.left(end));
}

LoopbackRequestCheck checkLoopbackRequest(const QByteArray &head, const QString &path,
                                          const QString &expectedState)
{
    LoopbackRequestCheck check;
    auto rejected = [&check](int status, const QString &reason) {
        check.status = status;
        check.reason = reason;
        return check;
    };
    const QByteArray requestLine =
        head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/1."))
        return rejected(400, QStringLiteral("malformed request line"));
    if (parts[0] != "GET")
        return rejected(405, QStringLiteral("method not allowed"));
    const QByteArray target = parts[1];
    const int q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    const QByteArray rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    if (rawPath != path.toUtf8())
        return rejected(400, QStringLiteral("wrong path"));
    const QUrlQuery query(QString::fromLatin1(rawQuery));
    for (const char *key : {"state", "code", "error"}) {
        if (query.allQueryItemValues(QLatin1String(key)).size() > 1)
            return rejected(400, QStringLiteral("duplicated parameter %1").arg(QLatin1String(key)));
    }
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (expectedState.isEmpty() || !sameSecret(state.toUtf8(), expectedState.toUtf8()))
        return rejected(400, state.isEmpty() ? QStringLiteral("missing state")
                                             : QStringLiteral("state mismatch"));
    const QString error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    if (error.isEmpty() && code.isEmpty())
        return rejected(400, QStringLiteral("neither code nor error"));
    check.status = 200;
    if (!error.isEmpty()) {
        check.error = error.left(200);
        check.description =
            query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded)
                .left(1000);
    } else {
        check.code = code;
    }
    return check;
}

void LoopbackReplyHandler::handleRequest(QTcpSocket *socket, const QByteArray &head)
{
    const LoopbackRequestCheck check = checkLoopbackRequest(head, m_path, m_expectedState);
    // Request line, method and path are checked before "already completed".
    const bool beforePath = check.reason == QLatin1String("malformed request line") ||
                            check.reason == QLatin1String("method not allowed") ||
                            check.reason == QLatin1String("wrong path");
    if (m_done && !beforePath) {
        reject(socket, 400, QStringLiteral("sign-in already completed"));
        return;
    }
    if (check.status != 200) {
        reject(socket, check.status, check.reason);
        return;
    }
    m_done = true;
    if (!check.error.isEmpty()) {
        reply(socket, 200, "OK", pageHtml(false));
        qCInfo(lcLoopback) << "sign-in redirect received with error" << check.error.left(64);
        close();
        Q_EMIT authorizationErrorReceived(check.error, check.description);
        return;
    }
    reply(socket, 200, "OK", pageHtml(true));
    qCInfo(lcLoopback) << "sign-in redirect received with an authorization code";
    close();
    Q_EMIT authorizationCodeReceived(check.code);
}

void LoopbackReplyHandler::reject(QTcpSocket *socket, int status, const QString &reason)
{
    qCWarning(lcLoopback) << "rejected a request on the redirect listener:" << status << reason;
    const QByteArray body =
        "<!doctype html><meta charset=\"utf-8\"><title>Integrations Desk</title>"
        "<p>" +
        tr("This sign-in link is not valid. Return to Integrations Desk.")
            .toHtmlEscaped()
            .toUtf8() +
        "</p>\n";
    reply(socket, status, status == 405 ? "Method Not Allowed" : "Bad Request", body);
    Q_EMIT requestRejected(status, reason);
}

void LoopbackReplyHandler::reply(QTcpSocket *socket, int status, const QByteArray &reason,
                                 const QByteArray &body)
{
    socket->setProperty("desk_answered", true);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n"
                "Cache-Control: no-store\r\n"
                "Referrer-Policy: no-referrer\r\n"
                "X-Content-Type-Options: nosniff\r\n"
                "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
                "Connection: close\r\n"
                "Content-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(response);
    // The answer must reach the browser even if the handler is deleted right after
    // (the sign-in ends): the socket lives on by itself until it is flushed and
    // closed, or its idle timer fires.
    socket->setParent(nullptr);
    socket->disconnectFromHost();
}

QByteArray LoopbackReplyHandler::pageHtml(bool success)
{
    const QString title = success ? tr("Signed in") : tr("Sign-in not completed");
    const QString text = success
                             ? tr("You can close this window and return to Integrations Desk.")
                             : tr("Sign-in was cancelled or refused. Return to Integrations Desk "
                                  "for details.");
    const QString html =
        QStringLiteral(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>%1 — Integrations "
            "Desk</title><style>body{font-family:sans-serif;margin:4em auto;max-width:32em;"
            "color:#222;background:#fff}@media (prefers-color-scheme: dark){body{color:#"
            "eee;background:#1e1e1e}}</style></head><body><h1>%1</h1><p>%2</p></body></"
            "html>\n")
            .arg(title.toHtmlEscaped(), text.toHtmlEscaped());
    return html.toUtf8();
}

} // namespace desk
