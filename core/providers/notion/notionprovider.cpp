#include "providers/notion/notionprovider.h"

#include "common/urlutil.h"

#include "common/appsettings.h"
#include "providers/notion/notionloader.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcNotionAuth, "desk.core.notion.auth")

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::NotionProvider", text);
}

} // namespace

ProviderProfile NotionProvider::profile(const ProviderSettings &settings) const
{
    ProviderProfile p;
    p.id = id();
    p.displayName = displayName();
    p.scopes = settings.scopes; // Notion has no scopes: access is chosen on its consent page
    p.redirectPort =
        settings.redirectPort ? settings.redirectPort : AppSettings::DefaultRedirectPort;
    p.redirectPath = QStringLiteral("/callback");
    // PKCE is not documented by Notion; the session sends it anyway (ignored).
    p.pkceRequired = false;
    p.tokenRequestStyle = ProviderProfile::TokenRequestStyle::JsonBasicAuth;
    p.expiresInRequired = false;
    p.extraAuthorizeParameters = {qMakePair(QStringLiteral("owner"), QStringLiteral("user"))};
    p.webBaseUrl = QUrl(QStringLiteral("https://www.notion.so"));

    QUrl api(QStringLiteral("https://api.notion.com"));
    if (!settings.sandboxUrl.isEmpty()) {
        api = appendPath(settings.sandboxUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment),
                     QStringLiteral("/notion"));
        p.isSandbox = true;
        p.displayName = tr("Notion (sandbox)");
        p.clientId = settings.clientId.isEmpty() ? defaultSandboxClientId() : settings.clientId;
        p.clientSecret = settings.clientSecret.isEmpty() && settings.clientId.isEmpty()
                             ? defaultSandboxClientSecret()
                             : settings.clientSecret;
    } else {
        p.clientId = settings.clientId;
        p.clientSecret = settings.clientSecret;
    }
    p.authorizeUrl = appendPath(api, QStringLiteral("/v1/oauth/authorize"));
    p.tokenUrl = appendPath(api, QStringLiteral("/v1/oauth/token"));
    p.metadataUrl = appendPath(api, QStringLiteral("/v1/users/me"));
    p.apiBaseUrl = api;
    return p;
}

QStringList NotionProvider::objectTypes() const
{
    return NotionLoader::supportedTypes();
}

QStringList NotionProvider::defaultObjectTypes() const
{
    return NotionLoader::defaultTypes();
}

QString NotionProvider::typeDisplayName(const QString &type) const
{
    if (type == QLatin1String("pages"))
        return tr("Pages");
    if (type == QLatin1String("databases"))
        return tr("Databases");
    if (type == QLatin1String("workspace"))
        return tr("Workspace");
    if (type.isEmpty())
        return type;
    return type.left(1).toUpper() + type.mid(1);
}

Result<AccountInfo> NotionProvider::parseBotUser(const QByteArray &body)
{
    const Error bad(Error::Kind::BadResponse, tr("Notion sent unexpected account information."),
                    QStringLiteral("users/me: unexpected body"));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return bad;
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (!id.isString() || id.toString().isEmpty())
        return bad;
    const QJsonValue bot = o.value(QStringLiteral("bot"));
    if (!bot.isUndefined() && !bot.isNull() && !bot.isObject())
        return bad;
    AccountInfo a;
    a.accountId = id.toString();
    const QJsonObject b = bot.toObject();
    a.accountName = b.value(QStringLiteral("workspace_name")).toString();
    a.accountLabel = a.accountName;
    a.userEmail = b.value(QStringLiteral("owner"))
                      .toObject()
                      .value(QStringLiteral("user"))
                      .toObject()
                      .value(QStringLiteral("person"))
                      .toObject()
                      .value(QStringLiteral("email"))
                      .toString();
    return a;
}

void NotionProvider::fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                                  const QByteArray &accessToken,
                                  std::function<void(const Result<AccountInfo> &)> done) const
{
    if (profile.metadataUrl.isEmpty() || accessToken.isEmpty()) {
        done(Error(Error::Kind::Configuration,
                   tr("No account information endpoint is configured.")));
        return;
    }
    QNetworkRequest request(profile.metadataUrl);
    request.setTransferTimeout(30000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Notion-Version", "2022-06-28");
    request.setRawHeader("Authorization", "Bearer " + accessToken);
    QNetworkReply *reply = network.get(request);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) {
            done(Error(reply->error() == QNetworkReply::OperationCanceledError ||
                               reply->error() == QNetworkReply::TimeoutError
                           ? Error::Kind::Timeout
                           : Error::Kind::Network,
                       tr("Could not reach Notion to read the account information."),
                       QStringLiteral("users/me: network error %1").arg(int(reply->error()))));
            return;
        }
        if (status != 200) {
            done(Error(status >= 500   ? Error::Kind::Service
                       : status == 401 ? Error::Kind::Unauthorized
                       : status == 429 ? Error::Kind::RateLimited
                                       : Error::Kind::Provider,
                       tr("Notion refused to give the account information (HTTP %1).").arg(status),
                       QStringLiteral("users/me: HTTP %1").arg(status), status));
            return;
        }
        const auto parsed = parseBotUser(body);
        if (parsed)
            qCInfo(lcNotionAuth) << "account identified: bot" << parsed.value().accountId;
        done(parsed);
    });
}

ItemLoader *NotionProvider::createLoader(ApiClient &client, const ProviderProfile &profile,
                                         QObject *parent) const
{
    return new NotionLoader(client, profile, parent);
}

} // namespace desk
