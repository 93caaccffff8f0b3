#include "providers/airtable/airtableprovider.h"
#include "providers/accountlookup.h"

#include "common/urlutil.h"

#include "common/appsettings.h"
#include "providers/airtable/airtableloader.h"

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
    return QCoreApplication::translate("desk::AirtableProvider", text);
}

} // namespace

QStringList AirtableProvider::defaultScopes()
{
    return {QStringLiteral("data.records:read"), QStringLiteral("schema.bases:read"),
            QStringLiteral("user.email:read")};
}

ProviderProfile AirtableProvider::profile(const ProviderSettings &settings) const
{
    ProviderProfile p;
    p.id = id();
    p.displayName = displayName();
    p.scopes = settings.scopes.isEmpty() ? defaultScopes() : settings.scopes;
    p.redirectPort =
        settings.redirectPort ? settings.redirectPort : AppSettings::DefaultRedirectPort;
    p.redirectPath = QStringLiteral("/callback");
    p.pkceRequired = true;
    p.tokenRequestStyle = ProviderProfile::TokenRequestStyle::FormBasicAuth;
    p.webBaseUrl = QUrl(QStringLiteral("https://airtable.com"));

    if (!settings.sandboxUrl.isEmpty()) {
        const QUrl base =
            appendPath(settings.sandboxUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment),
                       QStringLiteral("/airtable"));
        p.isSandbox = true;
        p.displayName = tr("Airtable (sandbox)");
        p.authorizeUrl = appendPath(base, QStringLiteral("/oauth2/v1/authorize"));
        p.tokenUrl = appendPath(base, QStringLiteral("/oauth2/v1/token"));
        p.metadataUrl = appendPath(base, QStringLiteral("/v0/meta/whoami"));
        p.apiBaseUrl = base;
        // The sandbox has no record pages: links point at airtable.com's shape.
        p.clientId = settings.clientId.isEmpty() ? defaultSandboxClientId() : settings.clientId;
        p.clientSecret = settings.clientSecret.isEmpty() && settings.clientId.isEmpty()
                             ? defaultSandboxClientSecret()
                             : settings.clientSecret;
        return p;
    }
    p.authorizeUrl = QUrl(QStringLiteral("https://airtable.com/oauth2/v1/authorize"));
    p.tokenUrl = QUrl(QStringLiteral("https://airtable.com/oauth2/v1/token"));
    p.metadataUrl = QUrl(QStringLiteral("https://api.airtable.com/v0/meta/whoami"));
    p.apiBaseUrl = QUrl(QStringLiteral("https://api.airtable.com"));
    p.clientId = settings.clientId;
    p.clientSecret = settings.clientSecret;
    return p;
}

QStringList AirtableProvider::objectTypes() const
{
    return AirtableLoader::supportedTypes();
}

QStringList AirtableProvider::defaultObjectTypes() const
{
    return AirtableLoader::defaultTypes();
}

QString AirtableProvider::typeDisplayName(const QString &type) const
{
    if (type == QLatin1String("bases"))
        return tr("Bases");
    if (type == QLatin1String("tables"))
        return tr("Tables");
    if (type == QLatin1String("records"))
        return tr("Records");
    return capitalisedTypeName(type);
}

Result<AccountInfo> AirtableProvider::parseWhoAmI(const QByteArray &body)
{
    const Error bad(Error::Kind::BadResponse, tr("Airtable sent unexpected account information."),
                    QStringLiteral("whoami: unexpected body"));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return bad;
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (!id.isString() || id.toString().isEmpty())
        return bad;
    const QJsonValue email = o.value(QStringLiteral("email"));
    if (!email.isUndefined() && !email.isNull() && !email.isString())
        return bad;
    AccountInfo a;
    a.accountId = id.toString();
    a.userEmail = email.toString();
    a.accountName = a.userEmail;
    for (const QJsonValue s : o.value(QStringLiteral("scopes")).toArray())
        if (s.isString())
            a.scopes << s.toString();
    return a;
}

void AirtableProvider::fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                                    const QByteArray &accessToken,
                                    std::function<void(const Result<AccountInfo> &)> done) const
{
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("Airtable");
    lookup.endpointName = QStringLiteral("whoami");
    lookup.unauthorizedStatuses = {401, 403};
    lookup.parse = &AirtableProvider::parseWhoAmI;
    lookUpAccount(network, profile, accessToken, lookup, std::move(done));
}

ItemLoader *AirtableProvider::createLoader(ApiClient &client, const ProviderProfile &profile,
                                           QObject *parent) const
{
    return new AirtableLoader(client, profile, parent);
}

ItemPresentation AirtableProvider::presentation() const
{
    const QString bases = QStringLiteral("bases"), tables = QStringLiteral("tables"),
                  records = QStringLiteral("records");
    ItemPresentation p;
    // The records of a table are loaded when the user opens it.
    p.types = {{bases, typeDisplayName(bases), {}, true, false},
               {tables, typeDisplayName(tables), bases, true, true},
               {records, typeDisplayName(records), tables, false, false}};
    ValueColumn details{
        tr("Details"),
        {{tables, QStringLiteral("description")}, {bases, QStringLiteral("permissionLevel")}}};
    ValueColumn parent{tr("Parent"), {}};
    parent.parentName = true;
    p.columns = {details, parent};
    p.hierarchy = true;
    p.webAppName = displayName();
    return p;
}

} // namespace desk
