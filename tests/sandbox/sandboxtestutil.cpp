#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QUrlQuery>

namespace sandboxtest {

QString s256(const QString &verifier)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Pkce makePkce()
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    QString verifier;
    for (int i = 0; i < 64; ++i)
        verifier.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(66)]));
    return {verifier, s256(verifier)};
}

QByteArray form(const QList<QPair<QString, QString>> &pairs)
{
    QByteArray out;
    for (const auto &p : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(p.first) + '=' + QUrl::toPercentEncoding(p.second);
    }
    return out;
}

QUrl authorizeUrl(const SandboxProcess &sandbox, const QString &scopes, const QString &state,
                  const QString &challenge, const QString &redirectUri, const QString &clientId)
{
    QList<QPair<QString, QString>> q = {{QStringLiteral("client_id"), clientId},
                                        {QStringLiteral("redirect_uri"), redirectUri},
                                        {QStringLiteral("scope"), scopes},
                                        {QStringLiteral("state"), state}};
    if (!challenge.isEmpty()) {
        q.append({QStringLiteral("code_challenge"), challenge});
        q.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});
    }
    QUrl url = sandbox.url(QStringLiteral("/oauth/authorize"));
    url.setQuery(QString::fromLatin1(form(q)));
    return url;
}

QString locationQueryItem(const HttpResult &result, const QString &name)
{
    const QUrl location = QUrl::fromEncoded(result.header("Location"));
    return QUrlQuery(location).queryItemValue(name, QUrl::FullyDecoded);
}

CodeGrant authorizeCode(SandboxProcess &sandbox, HttpProbe &probe, const QString &scopes)
{
    const Pkce pkce = makePkce();
    const HttpResult r =
        probe.get(authorizeUrl(sandbox, scopes, QStringLiteral("st-1"), pkce.challenge));
    return {locationQueryItem(r, QStringLiteral("code")), pkce.verifier};
}

HttpResult exchangeCode(SandboxProcess &sandbox, HttpProbe &probe, const QString &code,
                        const QString &verifier, const QString &secret, const QString &redirectUri,
                        const QString &path, const QString &clientId)
{
    return probe.post(sandbox.url(path),
                      form({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                            {QStringLiteral("client_id"), clientId},
                            {QStringLiteral("client_secret"), secret},
                            {QStringLiteral("redirect_uri"), redirectUri},
                            {QStringLiteral("code"), code},
                            {QStringLiteral("code_verifier"), verifier}}),
                      "application/x-www-form-urlencoded");
}

HttpResult refresh(SandboxProcess &sandbox, HttpProbe &probe, const QString &refreshToken,
                   const QString &path)
{
    return probe.post(sandbox.url(path),
                      form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                            {QStringLiteral("client_id"), kClientId},
                            {QStringLiteral("client_secret"), kClientSecret},
                            {QStringLiteral("refresh_token"), refreshToken}}),
                      "application/x-www-form-urlencoded");
}

Tokens login(SandboxProcess &sandbox, HttpProbe &probe, const QString &scopes)
{
    const CodeGrant grant = authorizeCode(sandbox, probe, scopes);
    const HttpResult r = exchangeCode(sandbox, probe, grant.code, grant.verifier);
    const QJsonObject o = r.json().object();
    return {o.value(QStringLiteral("access_token")).toString(),
            o.value(QStringLiteral("refresh_token")).toString(), o};
}

HttpProbe::Headers bearer(const QString &token)
{
    return {{"Authorization", "Bearer " + token.toLatin1()}};
}

HttpResult postJson(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                    const QJsonObject &body, const QString &token)
{
    return probe.post(sandbox.url(path), QJsonDocument(body).toJson(QJsonDocument::Compact),
                      "application/json", token.isEmpty() ? HttpProbe::Headers() : bearer(token));
}

HttpResult postForm(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                    const QList<QPair<QString, QString>> &pairs)
{
    return probe.post(sandbox.url(path), form(pairs), "application/x-www-form-urlencoded");
}

QJsonObject applyChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &changes)
{
    const HttpResult r = postJson(sandbox, probe, QStringLiteral("/_sandbox/changes"), changes);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    return r.json().object();
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out.append(v.toString());
    return out;
}

QStringList firstErrorContext(const HttpResult &result, const QString &key)
{
    const QJsonObject first =
        result.json().object().value(QStringLiteral("errors")).toArray().at(0).toObject();
    return strings(first.value(QStringLiteral("context")).toObject().value(key));
}

HttpResult apiGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &pathAndQuery,
                  const QString &token)
{
    return probe.get(sandbox.url(pathAndQuery), bearer(token));
}

Paged pageAll(SandboxProcess &sandbox, HttpProbe &probe, const QString &firstPath,
              const QString &token, bool keepResults, int maxRequests)
{
    Paged paged;
    QUrl next = sandbox.url(firstPath);
    while (next.isValid() && paged.requests < maxRequests) {
        const HttpResult r = probe.get(next, bearer(token));
        ++paged.requests;
        const QJsonObject page = r.json().object();
        if (r.status != 200 || !page.value(QStringLiteral("results")).isArray()) {
            paged.ok = false;
            paged.failure =
                QStringLiteral("HTTP %1: %2").arg(r.status).arg(QString::fromUtf8(r.body));
            return paged;
        }
        for (const QJsonValue &v : page.value(QStringLiteral("results")).toArray()) {
            paged.ids.append(v.toObject().value(QStringLiteral("id")).toString());
            if (keepResults)
                paged.results.append(v);
        }
        if (!page.contains(QStringLiteral("paging")))
            break;
        const QJsonObject nextObject = page.value(QStringLiteral("paging"))
                                           .toObject()
                                           .value(QStringLiteral("next"))
                                           .toObject();
        const QString after = nextObject.value(QStringLiteral("after")).toString();
        next = QUrl(nextObject.value(QStringLiteral("link")).toString());
        if (after.isEmpty() || !next.isValid() ||
            QUrlQuery(next).queryItemValue(QStringLiteral("after")) != after) {
            paged.ok = false;
            paged.failure = QStringLiteral("paging.next without after/link");
            return paged;
        }
    }
    if (paged.requests >= maxRequests) {
        paged.ok = false;
        paged.failure = QStringLiteral("too many pages");
    }
    return paged;
}

bool strictlyAscendingNumeric(const QStringList &ids)
{
    qint64 previous = -1;
    for (const QString &id : ids) {
        bool ok = false;
        const qint64 value = id.toLongLong(&ok);
        if (!ok || value <= previous)
            return false;
        previous = value;
    }
    return true;
}

QString rawOutcome(quint16 port, const QByteArray &method, const QByteArray &target,
                   const QByteArray &token)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return QStringLiteral("connect-failed");
    socket.write(method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                 token + "\r\nConnection: close\r\n\r\n");
    socket.waitForBytesWritten(5000);
    QByteArray data;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10000))
        data += socket.readAll();
    data += socket.readAll();
    if (data.isEmpty())
        return QStringLiteral("reset");
    const int headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return QStringLiteral("truncated");
    const QByteArray head = data.left(headEnd);
    const QByteArray status = head.mid(9, 3);
    qint64 contentLength = -1;
    for (const QByteArray &line : head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            contentLength = line.mid(15).trimmed().toLongLong();
    }
    if (contentLength >= 0 && data.size() - headEnd - 4 < contentLength)
        return QStringLiteral("truncated");
    return QString::fromLatin1(status);
}

} // namespace sandboxtest
