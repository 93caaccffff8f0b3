#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>
#include <QVector>
#include <functional>

// A tiny HTTP/1.1 server for unit tests of the API client: every request is
// answered by `handler` (one response per connection, then close). Loopback only.
class ScriptedServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray target;                     // path and query
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        qint64 arrivedMs = 0;
    };

    struct Reply
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body = "{}";
        int delayMs = 0;       // answer after this long
        bool drop = false;     // close the connection without answering
        bool truncate = false; // announce the full length, send half, close
    };

    explicit ScriptedServer(QObject *parent = nullptr);
    bool listen();
    QUrl url() const;

    std::function<Reply(const Request &)> handler;
    QVector<Request> requests;
    QElapsedTimer clock;

private:
    void onConnection();

    QTcpServer m_server;
};
