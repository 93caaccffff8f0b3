#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace desk::sandbox {

using Pairs = QList<QPair<QString, QString>>;

// Parses application/x-www-form-urlencoded text ('+' is a space), which is
// also how query strings are read, so both "a=1&a=2" and "a=1,2" survive.
Pairs parseFormEncoded(const QByteArray &text);
QByteArray formEncode(const Pairs &pairs);

struct HttpRequest
{
    QByteArray method;   // "GET", "POST", ...
    QByteArray target;   // raw request target, e.g. /a/b?x=1
    QString path;        // percent-decoded path, without query
    QByteArray rawQuery; // part after '?', undecoded
    Pairs query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    QByteArray httpVersion; // "HTTP/1.1"
    quint16 localPort = 0;

    QByteArray header(const QByteArray &lowerCaseName) const;
    bool hasQuery(const QString &name) const;
    QString queryValue(const QString &name) const; // first value, or null
    // Every value of a repeated parameter, each also split on commas; trimmed, no empties.
    QStringList queryList(const QString &name) const;
    Pairs form() const { return parseFormEncoded(body); } // body as form
};

QString pairValue(const Pairs &pairs, const QString &name); // first value or null

struct HttpResponse
{
    enum class Fault
    {
        None,
        Reset,
        Truncate
    };

    int status = 200;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Fault fault = Fault::None;
    QByteArray logNote; // appended to the request log line, e.g. "fault"

    void setHeader(const QByteArray &name, const QByteArray &value);

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    static HttpResponse html(int status, const QString &html);
    static HttpResponse text(int status, const QByteArray &text);
    static HttpResponse redirect(const QUrl &location);
    static HttpResponse empty(int status);
};

QByteArray reasonPhrase(int status);
QString htmlEscape(const QString &text);
QString newCorrelationId();

} // namespace desk::sandbox
