#include "providers/hubspot/hubspotprovider.h"
#include "common/jsonnumber.h"
#include "providers/accountlookup.h"

#include "common/urlutil.h"

#include "common/appsettings.h"

#include <QCoreApplication>
#include <QJsonArray>
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
    return QCoreApplication::translate("desk::HubSpotProvider", text);
}

} // namespace

QStringList HubSpotProvider::defaultScopes()
{
    return {QStringLiteral("oauth"),
            QStringLiteral("crm.objects.contacts.read"),
            QStringLiteral("crm.objects.companies.read"),
            QStringLiteral("crm.objects.deals.read"),
            QStringLiteral("tickets"),
            QStringLiteral("crm.objects.owners.read")};
}

ProviderProfile HubSpotProvider::profile(const ProviderSettings &settings) const
{
    ProviderProfile p;
    p.id = id();
    p.displayName = displayName();
    p.scopes = settings.scopes.isEmpty() ? defaultScopes() : settings.scopes;
    p.redirectPort =
        settings.redirectPort ? settings.redirectPort : AppSettings::DefaultRedirectPort;
    p.redirectPath = QStringLiteral("/callback");
    p.pkceRequired = true;
    p.tokenRequestStyle = ProviderProfile::TokenRequestStyle::FormBody;

    if (!settings.sandboxUrl.isEmpty()) {
        const QUrl base = settings.sandboxUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
        p.isSandbox = true;
        p.displayName = tr("HubSpot (sandbox)");
        p.authorizeUrl = appendPath(base, QStringLiteral("/oauth/authorize"));
        p.tokenUrl = appendPath(base, QStringLiteral("/oauth/v3/token"));
        p.revokeUrl = appendPath(base, QStringLiteral("/oauth/v3/token/revoke"));
        p.metadataUrl = appendPath(base, QStringLiteral("/oauth/v1/access-tokens/"));
        p.apiBaseUrl = base.adjusted(QUrl::StripTrailingSlash);
        p.webBaseUrl = base.adjusted(QUrl::StripTrailingSlash);
        p.clientId = settings.clientId.isEmpty() ? defaultSandboxClientId() : settings.clientId;
        p.clientSecret = settings.clientSecret.isEmpty() && settings.clientId.isEmpty()
                             ? defaultSandboxClientSecret()
                             : settings.clientSecret;
        return p;
    }
    p.authorizeUrl = QUrl(QStringLiteral("https://app.hubspot.com/oauth/authorize"));
    p.tokenUrl = QUrl(QStringLiteral("https://api.hubapi.com/oauth/v3/token"));
    p.revokeUrl = QUrl(QStringLiteral("https://api.hubapi.com/oauth/v3/token/revoke"));
    p.metadataUrl = QUrl(QStringLiteral("https://api.hubapi.com/oauth/v1/access-tokens/"));
    p.apiBaseUrl = QUrl(QStringLiteral("https://api.hubapi.com"));
    p.webBaseUrl = QUrl(QStringLiteral("https://app.hubspot.com"));
    p.clientId = settings.clientId;
    p.clientSecret = settings.clientSecret;
    return p;
}

QStringList HubSpotProvider::objectTypes() const
{
    return {QStringLiteral("contacts"), QStringLiteral("companies"), QStringLiteral("deals"),
            QStringLiteral("tickets")};
}

QStringList HubSpotProvider::defaultObjectTypes() const
{
    return objectTypes();
}

QString HubSpotProvider::typeDisplayName(const QString &type) const
{
    if (type == QLatin1String("contacts"))
        return tr("Contacts");
    if (type == QLatin1String("companies"))
        return tr("Companies");
    if (type == QLatin1String("deals"))
        return tr("Deals");
    if (type == QLatin1String("tickets"))
        return tr("Tickets");
    return capitalisedTypeName(type);
}

Result<AccountInfo> HubSpotProvider::parseAccessTokenMetadata(const QByteArray &body)
{
    const Error bad(Error::Kind::BadResponse, tr("HubSpot sent unexpected account information."),
                    QStringLiteral("access-token metadata: unexpected body"));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return bad;
    const QJsonObject o = doc.object();
    AccountInfo a;
    const QJsonValue hubId = o.value(QStringLiteral("hub_id"));
    if (const std::optional<qint64> number = jsonWholeNumber(hubId); number && *number > 0)
        a.accountId = QString::number(*number);
    else if (hubId.isString() && !hubId.toString().isEmpty())
        a.accountId = hubId.toString();
    else
        return bad;
    const QJsonValue domain = o.value(QStringLiteral("hub_domain"));
    const QJsonValue user = o.value(QStringLiteral("user"));
    if ((!domain.isUndefined() && !domain.isNull() && !domain.isString()) ||
        (!user.isUndefined() && !user.isNull() && !user.isString()))
        return bad;
    a.accountName = domain.toString();
    a.userEmail = user.toString();
    a.accountLabel = tr("hub %1").arg(a.accountId);
    const QJsonValue scopes = o.value(QStringLiteral("scopes"));
    if (scopes.isArray()) {
        for (const QJsonValue s : scopes.toArray())
            if (s.isString())
                a.scopes << s.toString();
    } else if (!scopes.isUndefined() && !scopes.isNull()) {
        return bad;
    }
    return a;
}

void HubSpotProvider::fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                                   const QByteArray &accessToken,
                                   std::function<void(const Result<AccountInfo> &)> done) const
{
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("HubSpot");
    lookup.endpointName = QStringLiteral("access-token metadata");
    lookup.unauthorizedStatuses = {401, 404};
    lookup.tokenInPath = true; // HubSpot's API; the URL is never logged
    lookup.parse = &HubSpotProvider::parseAccessTokenMetadata;
    lookUpAccount(network, profile, accessToken, lookup, std::move(done));
}

ItemPresentation HubSpotProvider::presentation() const
{
    const QString contacts = QStringLiteral("contacts"), companies = QStringLiteral("companies"),
                  deals = QStringLiteral("deals"), tickets = QStringLiteral("tickets");
    ItemPresentation p;
    for (const QString &type : objectTypes())
        p.types.append({type, typeDisplayName(type), {}, type == companies, false});
    const QString owner = QStringLiteral("hubspot_owner_id");
    p.columns = {
        {tr("Email / Domain"),
         {{contacts, QStringLiteral("email")}, {companies, QStringLiteral("domain")}}},
        {tr("Amount"), {{deals, QStringLiteral("amount")}}, false, true},
        {tr("Stage"),
         {{deals, QStringLiteral("dealstage")}, {tickets, QStringLiteral("hs_pipeline_stage")}}},
        {tr("Owner"), {{contacts, owner}, {companies, owner}, {deals, owner}, {tickets, owner}}},
    };
    p.groupings = {
        {QStringLiteral("association:companies"), tr("By Company"), companies, tr("No company")}};
    p.webAppName = displayName();
    return p;
}

} // namespace desk
