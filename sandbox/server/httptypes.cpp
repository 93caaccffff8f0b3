#include "httptypes.h"

#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace desk::sandbox {

Pairs parseFormEncoded(const QByteArray &text)
{
    Pairs pairs;
    for (const QByteArray &part : text.split('&')) {
        if (part.isEmpty())
            continue;
        const int eq = part.indexOf('=');
        QByteArray name = eq < 0 ? part : part.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        pairs.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return pairs;
}

QByteArray formEncode(const Pairs &pairs)
{
    QByteArray out;
    for (const auto &p : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += p.first.toUtf8().toPercentEncoding() + '=' + p.second.toUtf8().toPercentEncoding();
    }
    return out;
}

QString pairValue(const Pairs &pairs, const QString &name)
{
    for (const auto &p : pairs)
        if (p.first == name)
            return p.second;
    return {};
}

QByteArray HttpRequest::header(const QByteArray &lowerCaseName) const
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return h.second;
    return {};
}

bool HttpRequest::hasQuery(const QString &name) const
{
    for (const auto &p : query)
        if (p.first == name)
            return true;
    return false;
}

QString HttpRequest::queryValue(const QString &name) const
{
    return pairValue(query, name);
}

QStringList HttpRequest::queryList(const QString &name) const
{
    QStringList values;
    for (const auto &p : query) {
        if (p.first != name)
            continue;
        for (const QString &v : p.second.split(u',')) {
            const QString t = v.trimmed();
            if (!t.isEmpty())
                values.append(t);
        }
    }
    return values;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json;charset=utf-8";
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::json(int status, const QJsonArray &array)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json;charset=utf-8";
    r.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::html(int status, const QString &html)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "text/html; charset=utf-8";
    r.body = html.toUtf8();
    return r;
}

HttpResponse HttpResponse::text(int status, const QByteArray &text)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "text/plain; charset=utf-8";
    r.body = text;
    return r;
}

HttpResponse HttpResponse::redirect(const QUrl &location)
{
    HttpResponse r;
    r.status = 302;
    r.headers.append({"Location", location.toEncoded()});
    return r;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse r;
    r.status = status;
    return r;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 207:
        return "Multi-Status";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Site Overloaded"; // non-standard; Notion's service_overload
    default:
        return "Unknown";
    }
}

QString htmlEscape(const QString &text)
{
    return text.toHtmlEscaped();
}

QString newCorrelationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace desk::sandbox
