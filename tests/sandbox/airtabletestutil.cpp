#include "airtabletestutil.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sandboxtest {

QUrl atAuthorizeUrl(const SandboxProcess &sandbox, const QList<QPair<QString, QString>> &extra,
                    const QString &scopes, const QString &clientId)
{
    QList<QPair<QString, QString>> q = {{u"client_id"_s, clientId},
                                        {u"redirect_uri"_s, kRedirectUri},
                                        {u"response_type"_s, u"code"_s},
                                        {u"scope"_s, scopes},
                                        {u"state"_s, u"at-state-1"_s}};
    q += extra;
    QUrl url = sandbox.url(u"/airtable/oauth2/v1/authorize"_s);
    url.setQuery(QString::fromLatin1(form(q)));
    return url;
}

QList<QPair<QString, QString>> atPkceParams(const Pkce &pkce)
{
    return {{u"code_challenge"_s, pkce.challenge}, {u"code_challenge_method"_s, u"S256"_s}};
}

HttpResult atTokenRequest(SandboxProcess &sandbox, HttpProbe &probe,
                          const QList<QPair<QString, QString>> &body,
                          const QByteArray &authorization)
{
    HttpProbe::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    return probe.post(sandbox.url(u"/airtable/oauth2/v1/token"_s), form(body),
                      "application/x-www-form-urlencoded", headers);
}

HttpResult atExchange(SandboxProcess &sandbox, HttpProbe &probe, const QString &code,
                      const QString &verifier, const QByteArray &authorization)
{
    return atTokenRequest(sandbox, probe,
                          {{u"grant_type"_s, u"authorization_code"_s},
                           {u"code"_s, code},
                           {u"code_verifier"_s, verifier},
                           {u"redirect_uri"_s, kRedirectUri}},
                          authorization);
}

HttpResult atRefresh(SandboxProcess &sandbox, HttpProbe &probe, const QString &refreshToken)
{
    return atTokenRequest(
        sandbox, probe, {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, refreshToken}},
        basicAuth(kAtClient, kAtSecret));
}

QJsonObject atLogin(SandboxProcess &sandbox, HttpProbe &probe, const QString &scopes)
{
    const Pkce pkce = makePkce();
    const HttpResult r = probe.get(atAuthorizeUrl(sandbox, atPkceParams(pkce), scopes));
    REQUIRE(r.status == 302);
    const QString code = locationQueryItem(r, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());
    const HttpResult t = atExchange(sandbox, probe, code, pkce.verifier);
    INFO(t.body.toStdString());
    REQUIRE(t.status == 200);
    return t.json().object();
}

HttpResult atGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                 const QString &token)
{
    return probe.get(sandbox.url(u"/airtable"_s + path), bearer(token));
}

QString atErrorType(const HttpResult &r)
{
    return r.json().object().value(u"error"_s).toObject().value(u"type"_s).toString();
}

QString atEncode(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QJsonArray atAllBases(SandboxProcess &sandbox, HttpProbe &probe, int *requests)
{
    QJsonArray bases;
    QString offset;
    int n = 0;
    do {
        const HttpResult r =
            atGet(sandbox, probe,
                  u"/v0/meta/bases"_s +
                      (offset.isEmpty() ? QString() : u"?offset="_s + atEncode(offset)));
        REQUIRE(r.status == 200);
        const QJsonObject o = r.json().object();
        for (const QJsonValue &b : o.value(u"bases"_s).toArray())
            bases.append(b);
        offset = o.value(u"offset"_s).toString();
        ++n;
    } while (!offset.isEmpty() && n < 100);
    if (requests)
        *requests = n;
    return bases;
}

QJsonArray atTables(SandboxProcess &sandbox, HttpProbe &probe, const QString &base)
{
    const HttpResult r = atGet(sandbox, probe, u"/v0/meta/bases/"_s + base + u"/tables"_s);
    REQUIRE(r.status == 200);
    return r.json().object().value(u"tables"_s).toArray();
}

RecordPages atAllRecords(SandboxProcess &sandbox, HttpProbe &probe, const QString &base,
                         const QString &table, int pageSize, const QString &query)
{
    RecordPages out;
    QString offset;
    do {
        QString path =
            u"/v0/"_s + base + u'/' + table + u"?pageSize="_s + QString::number(pageSize) + query;
        if (!offset.isEmpty())
            path += u"&offset="_s + atEncode(offset);
        const HttpResult r = atGet(sandbox, probe, path);
        INFO(r.body.toStdString());
        REQUIRE(r.status == 200);
        const QJsonObject o = r.json().object();
        const QJsonArray records = o.value(u"records"_s).toArray();
        CHECK(records.size() <= pageSize);
        for (const QJsonValue &v : records) {
            out.ids.append(v.toObject().value(u"id"_s).toString());
            out.records.append(v);
        }
        offset = o.value(u"offset"_s).toString();
        ++out.requests;
    } while (!offset.isEmpty() && out.requests < 1000);
    return out;
}

HttpResult atChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body)
{
    return probe.post(sandbox.url(u"/airtable/_sandbox/changes"_s),
                      QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

} // namespace sandboxtest
