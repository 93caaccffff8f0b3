#include "scriptedserver.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

ScriptedServer::ScriptedServer(QObject *parent) : QObject(parent)
{
    clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::onConnection);
}

bool ScriptedServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

static QByteArray reasonFor(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

void ScriptedServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const int headEnd = buffer->indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            for (int i = 1; i < lines.size(); ++i) {
                const int colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                           lines.at(i).mid(colon + 1).trimmed());
            }
            const int length = request.headers.value("content-length").toInt();
            if (buffer->size() < headEnd + 4 + length)
                return;
            request.body = buffer->mid(headEnd + 4, length);
            buffer->clear();
            request.arrivedMs = clock.elapsed();
            requests.append(request);
            const Reply reply = handler ? handler(request) : Reply{};
            QPointer<QTcpSocket> guard(socket);
            auto answer = [guard, reply] {
                if (!guard)
                    return;
                if (reply.drop) {
                    guard->abort();
                    return;
                }
                QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' +
                                 reasonFor(reply.status) + "\r\n";
                out += "Content-Type: application/json\r\n";
                out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
                out += "Connection: close\r\n";
                for (const auto &header : reply.headers)
                    out += header.first + ": " + header.second + "\r\n";
                out += "\r\n";
                out += reply.truncate ? reply.body.left(reply.body.size() / 2) : reply.body;
                guard->write(out);
                guard->flush();
                guard->disconnectFromHost();
            };
            if (reply.delayMs > 0)
                QTimer::singleShot(reply.delayMs, this, answer);
            else
                answer();
        });
    }
}
