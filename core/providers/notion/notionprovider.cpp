#include "providers/notion/notionprovider.h"
#include "providers/accountlookup.h"

#include "common/urlutil.h"

#include "common/appsettings.h"
#include "providers/notion/notionloader.h"
#include "providers/notion/notionpage.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace desk {

namespace {

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
    return capitalisedTypeName(type);
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
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("Notion");
    lookup.endpointName = QStringLiteral("users/me");
    lookup.headers = {{"Notion-Version", notion::kVersion}};
    lookup.parse = &NotionProvider::parseBotUser;
    lookUpAccount(network, profile, accessToken, lookup, std::move(done));
}

ItemLoader *NotionProvider::createLoader(ApiClient &client, const ProviderProfile &profile,
                                         QObject *parent) const
{
    return new NotionLoader(client, profile, parent);
}

ItemPresentation NotionProvider::presentation() const
{
    const QString workspace = QStringLiteral("workspace"), pages = QStringLiteral("pages"),
                  databases = QStringLiteral("databases");
    ItemPresentation p;
    p.types = {{workspace, typeDisplayName(workspace), {}, true, false},
               {pages, typeDisplayName(pages), {}, true, false},
               {databases, typeDisplayName(databases), {}, true, false}};
    ValueColumn details{tr("Details"), {{databases, QStringLiteral("description")}}};
    ValueColumn parent{tr("Parent"), {}};
    parent.parentName = true;
    p.columns = {details, parent};
    p.hierarchy = true;
    p.webAppName = displayName();
    return p;
}

} // namespace desk
