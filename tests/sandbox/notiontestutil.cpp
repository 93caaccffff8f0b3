#include "notiontestutil.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sandboxtest {

QByteArray basicAuth(const QString &id, const QString &secret)
{
    const QByteArray pair = id.toUtf8() + ':' + secret.toUtf8();
    return "Basic " + pair.toBase64();
}

QUrl ntAuthorizeUrl(const SandboxProcess &sandbox, const QString &owner)
{
    QList<QPair<QString, QString>> q = {{u"client_id"_s, kNtClient},
                                        {u"response_type"_s, u"code"_s},
                                        {u"owner"_s, owner},
                                        {u"redirect_uri"_s, kRedirectUri},
                                        {u"state"_s, u"nt-state-1"_s}};
    QUrl url = sandbox.url(u"/notion/v1/oauth/authorize"_s);
    url.setQuery(QString::fromLatin1(form(q)));
    return url;
}

HttpResult ntToken(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body,
                   const QByteArray &authorization)
{
    HttpProbe::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    return probe.post(sandbox.url(u"/notion/v1/oauth/token"_s),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
                      headers);
}

QJsonObject ntCodeBody(const QString &code)
{
    return QJsonObject{{u"grant_type"_s, u"authorization_code"_s},
                       {u"code"_s, code},
                       {u"redirect_uri"_s, kRedirectUri}};
}

QString ntAuthorizeCode(SandboxProcess &sandbox, HttpProbe &probe)
{
    const HttpResult r = probe.get(ntAuthorizeUrl(sandbox));
    REQUIRE(r.status == 302);
    return locationQueryItem(r, u"code"_s);
}

QJsonObject ntLogin(SandboxProcess &sandbox, HttpProbe &probe)
{
    const HttpResult t = ntToken(sandbox, probe, ntCodeBody(ntAuthorizeCode(sandbox, probe)));
    INFO(t.body.toStdString());
    REQUIRE(t.status == 200);
    return t.json().object();
}

HttpProbe::Headers ntHeaders(const QString &token, const QByteArray &version)
{
    HttpProbe::Headers h;
    if (!token.isEmpty())
        h.append({"Authorization", "Bearer " + token.toLatin1()});
    if (!version.isEmpty())
        h.append({"Notion-Version", version});
    return h;
}

HttpResult ntPost(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                  const QJsonObject &body, const QString &token, const QByteArray &version)
{
    return probe.post(sandbox.url(u"/notion"_s + path),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
                      ntHeaders(token, version));
}

HttpResult ntGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                 const QString &token, const QByteArray &version)
{
    return probe.get(sandbox.url(u"/notion"_s + path), ntHeaders(token, version));
}

QString ntErrorCode(const HttpResult &r)
{
    return r.json().object().value(u"code"_s).toString();
}

NtPages ntListAll(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body, int pageSize,
                  const QByteArray &version, const QString &path)
{
    const QString listType =
        version == kNtLegacy ? u"page_or_database"_s : u"page_or_data_source"_s;
    NtPages out;
    QJsonValue cursor;
    do {
        QJsonObject page = body;
        page.insert(u"page_size"_s, pageSize);
        if (cursor.isString())
            page.insert(u"start_cursor"_s, cursor);
        const HttpResult r = ntPost(sandbox, probe, path, page, kNtInternal, version);
        INFO(r.body.toStdString());
        REQUIRE(r.status == 200);
        const QJsonObject o = r.json().object();
        CHECK(o.value(u"object"_s).toString() == u"list"_s);
        CHECK(o.value(u"type"_s).toString() == listType);
        CHECK(o.value(listType).isObject());
        const QJsonArray results = o.value(u"results"_s).toArray();
        CHECK(results.size() <= pageSize);
        for (const QJsonValue &v : results)
            out.results.append(v);
        const bool more = o.value(u"has_more"_s).toBool();
        cursor = o.value(u"next_cursor"_s);
        CHECK(more == cursor.isString());
        ++out.requests;
        if (!more)
            break;
    } while (out.requests < 1000);
    return out;
}

QJsonObject ntObjectFilter(const QString &kind)
{
    if (kind.isEmpty())
        return {};
    return QJsonObject{
        {u"filter"_s, QJsonObject{{u"property"_s, u"object"_s}, {u"value"_s, kind}}}};
}

QString ntPlainText(const QJsonArray &richText)
{
    QString s;
    for (const QJsonValue &v : richText)
        s += v.toObject().value(u"plain_text"_s).toString();
    return s;
}

QJsonArray ntPageTitle(const QJsonObject &page, int *titleProperties)
{
    QJsonArray title;
    *titleProperties = 0;
    const QJsonObject props = page.value(u"properties"_s).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QJsonObject p = it.value().toObject();
        if (p.value(u"type"_s).toString() == u"title"_s) {
            ++*titleProperties;
            title = p.value(u"title"_s).toArray();
        }
    }
    return title;
}

QString ntTitle(const QJsonObject &object)
{
    if (object.value(u"object"_s).toString() != u"page"_s)
        return ntPlainText(object.value(u"title"_s).toArray());
    int n = 0;
    return ntPlainText(ntPageTitle(object, &n));
}

QStringList ntIds(const QJsonArray &results)
{
    QStringList out;
    for (const QJsonValue &v : results)
        out.append(v.toObject().value(u"id"_s).toString());
    return out;
}

HttpResult ntChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body)
{
    return probe.post(sandbox.url(u"/notion/_sandbox/changes"_s),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

} // namespace sandboxtest
