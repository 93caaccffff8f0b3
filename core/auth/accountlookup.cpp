#include "auth/accountlookup.h"

#include "auth/pkce.h"
#include "common/urlutil.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcAccount, "desk.core.auth.account")

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::AccountLookup", text);
}

QNetworkRequest accountRequest(const QUrl &url, const AccountLookup &lookup)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    for (const auto &header : lookup.headers)
        request.setRawHeader(header.first, header.second);
    return request;
}

QNetworkReply *sendAccountRequest(QNetworkAccessManager &network, const ProviderProfile &profile,
                                  const QByteArray &accessToken, const AccountLookup &lookup)
{
    if (!lookup.apiPath.isEmpty()) {
        QNetworkRequest request = accountRequest(appendPath(profile.apiBaseUrl, lookup.apiPath),
                                                 lookup);
        request.setRawHeader("Authorization", "Bearer " + accessToken);
        return network.get(request);
    }
    if (lookup.introspection) {
        QNetworkRequest request = accountRequest(profile.metadataUrl, lookup);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        OAuthParams::Parameters form{
            {QStringLiteral("token"), QString::fromUtf8(accessToken)},
            {QStringLiteral("token_type_hint"), QStringLiteral("access_token")},
            {QStringLiteral("client_id"), profile.clientId},
        };
        if (!profile.clientSecret.isEmpty())
            form << qMakePair(QStringLiteral("client_secret"), profile.clientSecret);
        return network.post(request, OAuthParams::encode(form));
    }
    QUrl url = profile.metadataUrl;
    if (lookup.tokenInPath) {
        QString path = url.path();
        if (!path.endsWith(QLatin1Char('/')))
            path += QLatin1Char('/');
        url.setPath(
            path + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(accessToken))),
            QUrl::StrictMode);
    }
    QNetworkRequest request = accountRequest(url, lookup);
    if (!lookup.tokenInPath)
        request.setRawHeader("Authorization", "Bearer " + accessToken);
    return network.get(request);
}

} // namespace

void lookUpAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                   const QByteArray &accessToken, const AccountLookup &lookup,
                   std::function<void(const Result<AccountInfo> &)> done)
{
    if ((lookup.apiPath.isEmpty() ? profile.metadataUrl.isEmpty()
                                  : profile.apiBaseUrl.isEmpty()) ||
        accessToken.isEmpty()) {
        done(Error(Error::Kind::Configuration,
                   tr("No account information endpoint is configured.")));
        return;
    }
    QNetworkReply *reply = sendAccountRequest(network, profile, accessToken, lookup);
    QObject::connect(
        reply, &QNetworkReply::finished, reply, [reply, lookup, done = std::move(done)] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            if (status == 0) {
                qCWarning(lcAccount) << lookup.endpointName << "failed:" << reply->error();
                const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                                      reply->error() == QNetworkReply::TimeoutError;
                done(Error(timedOut ? Error::Kind::Timeout : Error::Kind::Network,
                           tr("Could not reach %1 to read the account information.")
                               .arg(lookup.serviceName),
                           lookup.endpointName +
                               QStringLiteral(": network error %1").arg(int(reply->error()))));
                return;
            }
            const QString detail = lookup.endpointName + QStringLiteral(": HTTP %1").arg(status);
            if (status >= 500) {
                done(
                    Error(Error::Kind::Service,
                          tr("%1 is having trouble (HTTP %2).").arg(lookup.serviceName).arg(status),
                          detail, status));
                return;
            }
            if (status != 200) {
                const Error::Kind kind = lookup.unauthorizedStatuses.contains(status)
                                             ? Error::Kind::Unauthorized
                                         : status == 429 ? Error::Kind::RateLimited
                                                         : Error::Kind::Provider;
                done(Error(kind,
                           tr("%1 refused to give the account information (HTTP %2).")
                               .arg(lookup.serviceName)
                               .arg(status),
                           detail, status));
                return;
            }
            const Result<AccountInfo> parsed = lookup.parse(body);
            if (parsed)
                qCInfo(lcAccount) << "account identified:" << lookup.serviceName
                                  << parsed.value().accountId;
            done(parsed);
        });
}

} // namespace desk
