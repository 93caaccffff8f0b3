// HubSpot's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/hubspot/hubspotspec.h"

#include "common/jsonnumber.h"
#include "common/urlutil.h"
#include "providers/hubspot/hubspotapi.h"
#include "providers/hubspot/hubspotpage.h"
#include "providers/hubspot/hubspotplan.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace desk::hubspot {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::HubSpotProvider", text);
}

ItemPresentation presentation()
{
    const QString companies = QStringLiteral("companies");
    ItemPresentation p;
    // Contacts, deals and tickets hang under their primary company, a grouping
    // ("By Company") rather than a hierarchy of HubSpot's own.
    p.types = {
        {QStringLiteral("contacts"), tr("Contacts"), {}},
        {companies, tr("Companies"), {}, true},
        {QStringLiteral("deals"), tr("Deals"), {}},
        {QStringLiteral("tickets"), tr("Tickets"), {}},
    };
    ValueColumn email{tr("Email / Domain"),
                      {{QStringLiteral("contacts"), QStringLiteral("email")},
                       {companies, QStringLiteral("domain")}}};
    ValueColumn amount{tr("Amount"), {{QStringLiteral("deals"), QStringLiteral("amount")}}};
    amount.numeric = true;
    ValueColumn stage{tr("Stage"),
                      {{QStringLiteral("deals"), QStringLiteral("dealstage")},
                       {QStringLiteral("tickets"), QStringLiteral("hs_pipeline_stage")}}};
    ValueColumn owner{tr("Owner"), {}};
    for (const QString &type : objectTypes())
        owner.propertyByType.insert(type, QStringLiteral("hubspot_owner_id"));
    p.columns = {email, amount, stage, owner};
    p.groupings = {
        {QStringLiteral("association:companies"), tr("By Company"), companies, tr("No company")}};
    p.hierarchy = false; // the primary company is a grouping, not a tree of its own
    p.webAppName = QStringLiteral("HubSpot");
    return p;
}

AccountLookup oauthAccount()
{
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("HubSpot");
    lookup.endpointName = QStringLiteral("token introspection");
    lookup.unauthorizedStatuses = {400, 401};
    lookup.introspection = true;
    lookup.parse = &parseIntrospection;
    lookup.fromTokenResponse = [](const QJsonObject &response) -> std::optional<AccountInfo> {
        const Result<AccountInfo> account = accountFromTokenResponse(response);
        return account.ok() ? std::optional<AccountInfo>(account.value()) : std::nullopt;
    };
    return lookup;
}

AccountLookup tokenAccount(const Api &api)
{
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("HubSpot");
    lookup.endpointName = QStringLiteral("account details");
    lookup.unauthorizedStatuses = {401, 403};
    lookup.apiPath = api.accountDetails();
    lookup.parse = &parseAccountDetails;
    return lookup;
}

Error unexpected(const QString &what)
{
    return Error(Error::Kind::BadResponse, tr("HubSpot sent unexpected account information."),
                 what + QStringLiteral(": unexpected body"));
}

// A hub id: a positive whole number, or its text.
QString hubIdOf(const QJsonValue &value)
{
    if (const std::optional<qint64> number = jsonWholeNumber(value); number && *number > 0)
        return QString::number(*number);
    if (value.isString() && !value.toString().isEmpty())
        return value.toString();
    return {};
}

// Optional string members: absent, null or a string; nullopt when one is anything else.
std::optional<QStringList> optionalStrings(const QJsonObject &o, QStringList names)
{
    QStringList values;
    for (const QString &name : names) {
        const QJsonValue v = o.value(name);
        if (!v.isUndefined() && !v.isNull() && !v.isString())
            return std::nullopt;
        values.append(v.toString());
    }
    return values;
}

// "scopes": absent, null or an array of strings.
std::optional<QStringList> scopesOf(const QJsonObject &o)
{
    const QJsonValue scopes = o.value(QStringLiteral("scopes"));
    QStringList list;
    if (scopes.isUndefined() || scopes.isNull())
        return list;
    if (!scopes.isArray())
        return std::nullopt;
    for (const QJsonValue s : scopes.toArray())
        if (s.isString())
            list << s.toString();
    return list;
}

} // namespace

Result<AccountInfo> accountFromTokenResponse(const QJsonObject &o)
{
    AccountInfo a;
    a.accountId = hubIdOf(o.value(QStringLiteral("hub_id")));
    const std::optional<QStringList> scopes = scopesOf(o);
    if (a.accountId.isEmpty() || !scopes)
        return unexpected(QStringLiteral("token response"));
    a.scopes = *scopes;
    a.accountLabel = tr("hub %1").arg(a.accountId);
    return a;
}

Result<AccountInfo> parseIntrospection(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return unexpected(QStringLiteral("introspection"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("active")) == QJsonValue(false))
        return Error(Error::Kind::Unauthorized, tr("HubSpot no longer accepts this sign-in."),
                     QStringLiteral("introspection: the token is not active"));
    AccountInfo a;
    a.accountId = hubIdOf(o.value(QStringLiteral("hub_id")));
    const std::optional<QStringList> texts =
        optionalStrings(o, {QStringLiteral("hub_domain"), QStringLiteral("user")});
    const std::optional<QStringList> scopes = scopesOf(o);
    if (a.accountId.isEmpty() || !texts || !scopes)
        return unexpected(QStringLiteral("introspection"));
    a.accountName = texts->at(0);
    a.userEmail = texts->at(1);
    a.scopes = *scopes;
    a.accountLabel = tr("hub %1").arg(a.accountId);
    return a;
}

Result<AccountInfo> parseAccountDetails(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return unexpected(QStringLiteral("account details"));
    AccountInfo a;
    a.accountId = hubIdOf(doc.object().value(QStringLiteral("portalId")));
    if (a.accountId.isEmpty())
        return unexpected(QStringLiteral("account details"));
    a.accountLabel = tr("hub %1").arg(a.accountId);
    return a;
}

QStringList defaultScopes()
{
    return {QStringLiteral("oauth"),
            QStringLiteral("crm.objects.contacts.read"),
            QStringLiteral("crm.objects.companies.read"),
            QStringLiteral("crm.objects.deals.read"),
            QStringLiteral("tickets"),
            QStringLiteral("crm.objects.owners.read")};
}

ProviderSpec declaration(const QString &version)
{
    const Api api{version};
    const QUrl hubapi(QStringLiteral("https://api.hubapi.com"));
    ProviderSpec s(QStringLiteral("hubspot"), QStringLiteral("HubSpot"), tr("HubSpot (sandbox)"));
    s.endpoints = {QUrl(QStringLiteral("https://app.hubspot.com/oauth/authorize")),
                   appendPath(hubapi, api.token()),
                   appendPath(hubapi, api.revoke()),
                   appendPath(hubapi, api.introspect()),
                   hubapi,
                   QUrl(QStringLiteral("https://app.hubspot.com"))};
    s.sandbox = {QStringLiteral("/oauth/authorize"), api.token(), api.revoke(), api.introspect(),
                 QString(), true};
    s.demoClient = {QStringLiteral("desk-demo-client"), QStringLiteral("desk-demo-secret")};
    s.defaultScopes = defaultScopes();
    s.readTokenError = &readTokenError;
    s.account = oauthAccount();
    s.tokenAccount = tokenAccount(api);
    s.itemPresentation = presentation();
    s.typeAliases = typeAliases();
    s.dialect = &dialect;
    s.plan = [api](const PlanContext &context) { return plan(context, api); };
    // Form-body token requests with PKCE, a revocable refresh token (revoke
    // answers 200 or 204: either is success): the defaults.
    return s;
}

} // namespace desk::hubspot
