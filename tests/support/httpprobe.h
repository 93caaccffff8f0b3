#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// Blocking HTTP for tests: runs a local event loop until the reply is done.
struct HttpResult
{
    int status = 0;     // HTTP status, 0 when no response
    int networkError = 0; // QNetworkReply::NetworkError
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

class HttpProbe
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpResult get(const QUrl &url, const Headers &headers = {}, int timeoutMs = 30000);
    HttpResult post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                    const Headers &headers = {}, int timeoutMs = 30000);
    HttpResult send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                    const Headers &headers, int timeoutMs);

    static QByteArray bearer(const QByteArray &token) { return "Bearer " + token; }

private:
    QNetworkAccessManager m_manager;
};
