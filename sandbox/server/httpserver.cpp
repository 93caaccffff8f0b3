#include "httpserver.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "desk.sandbox.http")

namespace desk::sandbox {

namespace {

constexpr int kMaxHeadBytes = 64 * 1024;
constexpr qint64 kMaxBodyBytes = 16 * 1024 * 1024;
constexpr int kIdleTimeoutMs = 120 * 1000;

HttpResponse genericError(int status, const QString &message, const QString &category)
{
    return HttpResponse::json(status, QJsonObject{{u"status"_s, u"error"_s},
                                                  {u"message"_s, message},
                                                  {u"correlationId"_s, newCorrelationId()},
                                                  {u"category"_s, category}});
}

HttpResponse faultResponse(int status)
{
    switch (status) {
    case 502:
        return genericError(502, u"Bad gateway (injected fault)"_s, u"BAD_GATEWAY"_s);
    case 503:
        return genericError(503, u"Service unavailable (injected fault)"_s,
                            u"SERVICE_UNAVAILABLE"_s);
    case 504:
        return genericError(504, u"Gateway timeout (injected fault)"_s, u"GATEWAY_TIMEOUT"_s);
    case 529: {
        HttpResponse r =
            genericError(529, u"Service overloaded (injected fault)"_s, u"SERVICE_OVERLOAD"_s);
        r.setHeader("Retry-After", "1");
        return r;
    }
    default:
        return genericError(500, u"Internal error (injected fault)"_s, u"INTERNAL_ERROR"_s);
    }
}

} // namespace

HttpServer::HttpServer(const Router *router, const ServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_options(options)
    , m_faults(options.faultSeed, options.faultRate)
{
    m_faults.setKinds(options.faultKinds);
    m_faults.setAfter(options.faultAfter);
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

bool HttpServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        new HttpConnection(this, socket);
}

HttpResponse HttpServer::dispatch(const HttpRequest &request, QString *logPath)
{
    const RouteMatch match = m_router->match(request.method, request.path);
    *logPath = match.logPath;
    if (!match.route) {
        if (const Handler *fallback = m_router->fallback(request.path))
            return (*fallback)(request, PathParams{{u"status"_s, QString::number(match.status)}});
        if (match.status == 405)
            return genericError(405, u"Method not allowed"_s, u"METHOD_NOT_ALLOWED"_s);
        return genericError(404, u"No route for this path"_s, u"OBJECT_NOT_FOUND"_s);
    }
    HttpResponse response = match.route->handler(request, match.params);
    const bool eligible = match.route->kind == RouteKind::Data ||
                          (m_options.faultsOnAllRoutes && match.route->kind != RouteKind::Control);
    if (eligible && m_options.faultRate > 0.0) {
        const FaultInjector::Kind kind = m_faults.next();
        if (kind != FaultInjector::Kind::None) {
            ++m_stats.faults;
            if (const int status = FaultInjector::statusOf(kind)) {
                response = faultResponse(status);
            } else if (kind == FaultInjector::Kind::Reset) {
                response.fault = HttpResponse::Fault::Reset;
            } else if (kind == FaultInjector::Kind::Truncate) {
                response.fault = HttpResponse::Fault::Truncate;
            } else if (kind == FaultInjector::Kind::Malformed) {
                // Complete on the wire (right Content-Length), broken as JSON.
                response.body = response.body.left(response.body.size() / 2) + "}\x01]";
            } else if (kind == FaultInjector::Kind::ContentType) {
                response = HttpResponse::html(
                    200, u"<!doctype html><title>Maintenance</title><p>Back soon.</p>"_s);
            } else if (kind == FaultInjector::Kind::TooMany) {
                response = genericError(
                    429, u"You have reached your ten_secondly_rolling limit (injected fault)."_s,
                    u"RATE_LIMITS"_s);
                response.setHeader("Retry-After", "1");
            } else if (kind == FaultInjector::Kind::Huge) {
                // Valid JSON of the documented shape, padded: only its size is wrong.
                const qsizetype size = qsizetype(m_options.hugeBodyMb) * 1024 * 1024;
                QByteArray body;
                body.reserve(size + 64);
                body = "{\"results\":[],\"padding\":\"";
                body.append(size, 'x');
                body.append("\"}");
                response.status = 200;
                response.contentType = "application/json";
                response.body = body;
            }
            // A provider may answer status faults in its own error shape.
            const FaultShaper *shaper = m_router->faultShaper(request.path);
            if (shaper && (FaultInjector::statusOf(kind) || kind == FaultInjector::Kind::TooMany))
                response = (*shaper)(response);
            response.logNote = "fault=" + FaultInjector::name(kind);
        }
    }
    return response;
}

void HttpServer::countWritten(const HttpResponse &response)
{
    ++m_stats.requests;
    if (response.status == 429)
        ++m_stats.rateLimited;
}

HttpConnection::HttpConnection(HttpServer *server, QTcpSocket *socket)
    : QObject(server), m_server(server), m_socket(socket)
{
    socket->setParent(this);
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_socket && !m_busy)
            m_socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    m_idle.start();
    if (socket->bytesAvailable() > 0)
        onReadyRead();
}

void HttpConnection::onReadyRead()
{
    if (!m_socket)
        return;
    m_buffer += m_socket->readAll();
    m_idle.start();
    processNext();
}

void HttpConnection::writeSimpleError(int status)
{
    if (!m_socket)
        return;
    const QByteArray body = reasonPhrase(status);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                    "\r\nContent-Type: text/plain\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_closing = true;
    m_socket->disconnectFromHost();
}

bool HttpConnection::parseHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return false;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return false;
    HttpRequest r;
    r.method = requestLine.at(0);
    r.target = requestLine.at(1);
    r.httpVersion = requestLine.at(2);
    if (!r.target.startsWith('/'))
        return false;
    const int q = r.target.indexOf('?');
    const QByteArray rawPath = q < 0 ? r.target : r.target.left(q);
    r.rawQuery = q < 0 ? QByteArray() : r.target.mid(q + 1);
    r.path = QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
    r.query = parseFormEncoded(r.rawQuery);
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const int colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        r.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    r.localPort = m_socket ? m_socket->localPort() : 0;
    m_current = r;
    return true;
}

void HttpConnection::processNext()
{
    while (!m_busy && !m_closing && m_socket) {
        if (!m_haveHead) {
            const int end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_buffer.size() > kMaxHeadBytes)
                    writeSimpleError(431);
                return;
            }
            const QByteArray head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
            if (!parseHead(head)) {
                writeSimpleError(400);
                return;
            }
            if (m_current.header("transfer-encoding").toLower().contains("chunked")) {
                writeSimpleError(411);
                return;
            }
            bool ok = true;
            const QByteArray cl = m_current.header("content-length");
            m_bodyLength = cl.isEmpty() ? 0 : cl.toLongLong(&ok);
            if (!ok || m_bodyLength < 0) {
                writeSimpleError(400);
                return;
            }
            if (m_bodyLength > kMaxBodyBytes) {
                writeSimpleError(413);
                return;
            }
            m_haveHead = true;
            m_requestTimer.start();
            if (m_bodyLength > m_buffer.size() &&
                m_current.header("expect").toLower() == "100-continue")
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (m_buffer.size() < m_bodyLength)
            return;
        m_current.body = m_buffer.left(int(m_bodyLength));
        m_buffer.remove(0, int(m_bodyLength));
        m_haveHead = false;
        handle(std::move(m_current));
        m_current = HttpRequest();
    }
}

void HttpConnection::handle(HttpRequest request)
{
    m_busy = true;
    QString logPath;
    HttpResponse response = m_server->dispatch(request, &logPath);
    const int latency = m_server->options().latencyMs;
    if (latency > 0) {
        QTimer::singleShot(latency, this, [this, request, response, logPath] {
            finish(request, response, logPath, true);
        });
    } else {
        finish(request, response, logPath, false);
    }
}

void HttpConnection::finish(const HttpRequest &request, const HttpResponse &response,
                            const QString &logPath, bool resume)
{
    m_busy = false;
    m_server->countWritten(response);
    const qint64 ms = m_requestTimer.elapsed();
    if (m_server->options().logRequests) {
        const QByteArray status = response.fault == HttpResponse::Fault::Reset
                                      ? QByteArray("---")
                                      : QByteArray::number(response.status);
        qCInfo(lcHttp).noquote().nospace()
            << QString::fromLatin1(request.method) << ' ' << logPath << ' '
            << QString::fromLatin1(status) << ' ' << ms << " ms"
            << (response.logNote.isEmpty() ? QString()
                                           : u" "_s + QString::fromLatin1(response.logNote));
    }
    if (!m_socket)
        return;

    if (response.fault == HttpResponse::Fault::Reset) {
        // SO_LINGER {on, 0} makes close() send RST instead of FIN.
        struct linger lin = {1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
        m_closing = true;
        m_socket->abort();
        deleteLater();
        return;
    }

    const QByteArray connectionHeader = request.header("connection").toLower();
    const bool keepAlive = request.httpVersion == "HTTP/1.1"
                               ? !connectionHeader.contains("close")
                               : connectionHeader.contains("keep-alive");
    const bool close = !keepAlive || response.fault == HttpResponse::Fault::Truncate;

    QByteArray out;
    out.reserve(response.body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) +
           "\r\n";
    out += "Server: integrations-sandbox\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "\r\n";
    if (request.method != "HEAD") {
        if (response.fault == HttpResponse::Fault::Truncate)
            out += response.body.left(response.body.size() / 2);
        else
            out += response.body;
    }
    m_socket->write(out);
    if (close) {
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    if (resume)
        processNext();
}

} // namespace desk::sandbox
