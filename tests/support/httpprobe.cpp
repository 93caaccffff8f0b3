#include "httpprobe.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpResult HttpProbe::get(const QUrl &url, const Headers &headers, int timeoutMs)
{
    return send("GET", url, {}, headers, timeoutMs);
}

HttpResult HttpProbe::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                           const Headers &headers, int timeoutMs)
{
    Headers all = headers;
    all.append({"Content-Type", contentType});
    return send("POST", url, body, all, timeoutMs);
}

HttpResult HttpProbe::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                           const Headers &headers, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nullptr;
    if (body.isEmpty() && verb == "GET") {
        reply = m_manager.get(request);
    } else {
        reply = m_manager.sendCustomRequest(request, verb, body);
    }
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.networkError = int(reply->error());
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}
