// What the shared machinery reads from a ProviderSpec: profile, types, catalog,
// load definition, account lookup.
#include "providers/providerspec.h"

#include "common/appsettings.h"
#include "common/urlutil.h"
#include "engine/loadengine.h"

namespace desk {

namespace {

void applySandbox(const ProviderSpec &spec, const ProviderSettings &settings, ProviderProfile &p)
{
    const QUrl base = settings.sandboxUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    const QUrl root = base.adjusted(QUrl::StripTrailingSlash);
    p.isSandbox = true;
    p.displayName = spec.sandboxDisplayName.isEmpty() ? spec.displayName : spec.sandboxDisplayName;
    p.authorizeUrl = appendPath(base, spec.sandbox.authorize);
    p.tokenUrl = appendPath(base, spec.sandbox.token);
    p.revokeUrl = spec.sandbox.revoke.isEmpty() ? QUrl() : appendPath(base, spec.sandbox.revoke);
    p.metadataUrl =
        spec.sandbox.metadata.isEmpty() ? QUrl() : appendPath(base, spec.sandbox.metadata);
    p.apiBaseUrl = spec.sandbox.api.isEmpty() ? root : appendPath(base, spec.sandbox.api);
    p.webBaseUrl = spec.sandbox.webOnSandbox ? root : spec.endpoints.web;
    p.clientId = settings.clientId.isEmpty() ? spec.demoClient.id : settings.clientId;
    p.clientSecret = settings.clientSecret.isEmpty() && settings.clientId.isEmpty()
                         ? spec.demoClient.secret
                         : settings.clientSecret;
}

} // namespace

ProviderProfile ProviderSpec::profile(const ProviderSettings &settings) const
{
    ProviderProfile p;
    p.id = id;
    p.displayName = displayName;
    p.scopes = settings.scopes.isEmpty() ? defaultScopes : settings.scopes;
    p.redirectPort =
        settings.redirectPort ? settings.redirectPort : AppSettings::DefaultRedirectPort;
    p.redirectPath = redirectPath;
    p.pkceRequired = pkceRequired;
    p.tokenRequestStyle = tokenRequestStyle;
    p.expiresInRequired = expiresInRequired;
    p.extraAuthorizeParameters = extraAuthorizeParameters;
    p.revokeStyle = revokeStyle;
    p.tokenResponseExtras = tokenResponseExtras;
    p.apiBaseUrlExtra = apiBaseUrlExtra;
    p.readTokenError = readTokenError;
    if (!settings.sandboxUrl.isEmpty()) {
        applySandbox(*this, settings, p);
        return p;
    }
    p.authorizeUrl = endpoints.authorize;
    p.tokenUrl = endpoints.token;
    p.revokeUrl = endpoints.revoke;
    p.metadataUrl = endpoints.metadata;
    p.apiBaseUrl = endpoints.api;
    p.webBaseUrl = endpoints.web;
    p.clientId = settings.clientId;
    p.clientSecret = settings.clientSecret;
    return p;
}

QStringList ProviderSpec::objectTypes() const
{
    QStringList types;
    for (const TypePresentation &type : itemPresentation.types)
        if (type.selectable)
            types.append(type.id);
    return types;
}

QStringList ProviderSpec::defaultObjectTypes() const
{
    QStringList types;
    for (const TypePresentation &type : itemPresentation.types)
        if (type.selectable && type.isDefault)
            types.append(type.id);
    return types;
}

QString ProviderSpec::typeDisplayName(const QString &type) const
{
    return itemPresentation.typeName(type);
}

TypeCatalog ProviderSpec::catalog() const
{
    TypeCatalog catalog;
    catalog.serviceName = displayName;
    catalog.types = objectTypes();
    catalog.defaults = defaultObjectTypes();
    catalog.aliases = typeAliases;
    catalog.prerequisites = typePrerequisites;
    for (const TypePresentation &type : itemPresentation.types) {
        if (!type.selectable)
            catalog.ignored.append(type.id);
        if (type.container)
            catalog.nameTypes.append(type.id);
    }
    return catalog;
}

LoadDefinition ProviderSpec::load() const
{
    LoadDefinition definition;
    definition.catalog = catalog();
    definition.dialect = dialect;
    definition.plan = plan;
    definition.children = children;
    return definition;
}

ItemLoader *ProviderSpec::createLoader(ApiClient &client, const ProviderProfile &profile,
                                       QObject *parent) const
{
    return new LoadEngine(client, profile, load(), parent);
}

void ProviderSpec::fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                                const QByteArray &accessToken,
                                std::function<void(const Result<AccountInfo> &)> done) const
{
    lookUpAccount(network, profile, accessToken, tokenAccount.isValid() ? tokenAccount : account,
                  std::move(done));
}

} // namespace desk
