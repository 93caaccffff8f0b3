#pragma once

// Helpers for the auth tests: event-loop waits, a free port, a "browser" that
// follows the sign-in URL like a real one would, a network manager that records
// what the app sends, and log capture.

#include <QBuffer>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

namespace authtest {

inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 15000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

inline void spin(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
}

// A port that was free a moment ago on 127.0.0.1 and ::1.
inline quint16 freePort()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            continue;
        const quint16 port = probe.serverPort();
        QTcpServer v6;
        if (v6.listen(QHostAddress::LocalHostIPv6, port) ||
            v6.serverError() != QAbstractSocket::AddressInUseError)
            return port;
    }
    return 0;
}

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QByteArray location;
};

// Sends one raw HTTP/1.1 request to host:port and reads the answer (blocking).
inline RawResponse rawRequest(const QString &host, quint16 port, const QByteArray &requestLine,
                              int timeoutMs = 5000)
{
    RawResponse r;
    QTcpSocket s;
    s.connectToHost(host, port);
    if (!s.waitForConnected(timeoutMs))
        return r;
    s.write(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.waitForBytesWritten(timeoutMs);
    QByteArray all;
    QDeadlineTimer deadline(timeoutMs);
    while (s.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        if (s.waitForReadyRead(100))
            all += s.readAll();
    }
    all += s.readAll();
    const int split = all.indexOf("\r\n\r\n");
    r.head = all.left(split);
    r.body = split < 0 ? QByteArray() : all.mid(split + 4);
    const QList<QByteArray> first = r.head.left(r.head.indexOf("\r\n")).split(' ');
    if (first.size() >= 2)
        r.status = first[1].toInt();
    return r;
}

// Blocking GET through QNetworkAccessManager without following redirects.
struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QUrl location;
};

inline HttpAnswer httpGet(QNetworkAccessManager &nam, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nam.get(request);
    waitUntil([reply] { return reply->isFinished(); }, 15000);
    HttpAnswer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.location = reply->header(QNetworkRequest::LocationHeader).toUrl();
    reply->deleteLater();
    return a;
}

inline HttpAnswer httpPostForm(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &form)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = nam.post(request, form);
    waitUntil([reply] { return reply->isFinished(); }, 15000);
    HttpAnswer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.location = reply->header(QNetworkRequest::LocationHeader).toUrl();
    reply->deleteLater();
    return a;
}

// Records the bodies the app sends (so tests know every secret to search logs for).
class RecordingNetworkAccessManager : public QNetworkAccessManager
{
public:
    QList<QByteArray> bodies;
    QList<QUrl> urls;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        urls << request.url();
        if (outgoingData)
            bodies << outgoingData->peek(1 << 20);
        return QNetworkAccessManager::createRequest(op, request, outgoingData);
    }
};

// Every value of form field `name` in the recorded bodies.
inline QStringList formValues(const QList<QByteArray> &bodies, const QString &name)
{
    QStringList out;
    for (const QByteArray &b : bodies) {
        const QUrlQuery q(QString::fromLatin1(b));
        const QString v = q.queryItemValue(name, QUrl::FullyDecoded);
        if (!v.isEmpty())
            out << v;
    }
    return out;
}

// Captures every log message while alive (all desk.* categories at debug).
class LogCapture
{
public:
    LogCapture();
    ~LogCapture();
    QString text() const;

private:
    QtMessageHandler m_previous;
};

} // namespace authtest
