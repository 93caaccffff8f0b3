#pragma once

#include "faultinjector.h"
#include "router.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace desk::sandbox {

struct ServerOptions
{
    int latencyMs = 0;      // added before every response
    double faultRate = 0.0; // 0..1, per eligible request
    quint64 faultSeed = 1;
    bool faultsOnAllRoutes = false;          // default: Data routes only
    QVector<FaultInjector::Kind> faultKinds; // empty = FaultInjector::defaultKinds()
    quint64 faultAfter = 0;                  // first N eligible requests are spared
    int hugeBodyMb = 50;                     // size of a "huge" fault body
    bool logRequests = true;
};

struct ServerStats
{
    quint64 requests = 0;    // requests answered (including faulted ones)
    quint64 rateLimited = 0; // 429 responses
    quint64 faults = 0;      // injected faults
};

// A small HTTP/1.1 server on QTcpServer: keep-alive, pipelining (answered in
// order), Content-Length bodies, Expect: 100-continue, and fault injection
// (status, connection reset, truncated body) that a framework would hide.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    HttpServer(const Router *router, const ServerOptions &options, QObject *parent = nullptr);

    bool listen(quint16 port); // 127.0.0.1 only
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }
    const ServerStats &stats() const { return m_stats; }
    const ServerOptions &options() const { return m_options; }

    // Runs the route and the fault policy for one request.
    HttpResponse dispatch(const HttpRequest &request, QString *logPath);
    void countWritten(const HttpResponse &response);

private:
    void onNewConnection();

    const Router *m_router;
    ServerOptions m_options;
    FaultInjector m_faults;
    QTcpServer m_server;
    ServerStats m_stats;
};

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(HttpServer *server, QTcpSocket *socket);

private:
    void onReadyRead();
    void processNext();
    bool parseHead(const QByteArray &head);
    void handle(HttpRequest request);
    void finish(const HttpRequest &request, const HttpResponse &response, const QString &logPath,
                bool resume);
    void writeSimpleError(int status);

    HttpServer *m_server;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_busy = false;
    bool m_haveHead = false;
    bool m_closing = false;
    qint64 m_bodyLength = 0;
    HttpRequest m_current;
    QElapsedTimer m_requestTimer;
    QTimer m_idle;
};

} // namespace desk::sandbox
