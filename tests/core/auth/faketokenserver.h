#pragma once

// A tiny HTTP server on 127.0.0.1 that answers every request with a scripted
// response (status + body), optionally after a delay, and counts requests.

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

class FakeTokenServer : public QTcpServer
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
    };

    FakeTokenServer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    QUrl url(const QString &path = QStringLiteral("/token")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
    }

    Answer answer;
    int requests = 0;
    QList<QByteArray> requestBodies;

private:
    void onData(QTcpSocket *s)
    {
        QByteArray buf = s->property("buf").toByteArray() + s->readAll();
        const int headEnd = buf.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            s->setProperty("buf", buf);
            return;
        }
        int length = 0;
        for (const QByteArray &line : buf.left(headEnd).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toInt();
        if (buf.size() < headEnd + 4 + length) {
            s->setProperty("buf", buf);
            return;
        }
        s->setProperty("buf", QByteArray());
        ++requests;
        requestBodies << buf.mid(headEnd + 4, length);
        const Answer a = answer;
        auto send = [s, a] {
            QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) +
                             " X\r\nContent-Type: application/json\r\n"
                             "Connection: close\r\nContent-Length: " +
                             QByteArray::number(a.body.size()) + "\r\n\r\n" + a.body;
            s->write(out);
            s->disconnectFromHost();
        };
        if (a.delayMs > 0)
            QTimer::singleShot(a.delayMs, s, send);
        else
            send();
    }
};
