// HubSpot's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/hubspot/hubspotspec.h"

#include "common/jsonnumber.h"
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

AccountLookup accountLookup()
{
    AccountLookup lookup;
    lookup.serviceName = QStringLiteral("HubSpot");
    lookup.endpointName = QStringLiteral("access-token metadata");
    lookup.unauthorizedStatuses = {401, 404};
    lookup.tokenInPath = true; // HubSpot's API; the URL is never logged
    lookup.parse = &parseAccessTokenMetadata;
    return lookup;
}

} // namespace

QStringList defaultScopes()
{
    return {QStringLiteral("oauth"),
            QStringLiteral("crm.objects.contacts.read"),
            QStringLiteral("crm.objects.companies.read"),
            QStringLiteral("crm.objects.deals.read"),
            QStringLiteral("tickets"),
            QStringLiteral("crm.objects.owners.read")};
}

Result<AccountInfo> parseAccessTokenMetadata(const QByteArray &body)
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

ProviderSpec declaration()
{
    ProviderSpec s(QStringLiteral("hubspot"), QStringLiteral("HubSpot"), tr("HubSpot (sandbox)"));
    s.endpoints = {QUrl(QStringLiteral("https://app.hubspot.com/oauth/authorize")),
                   QUrl(QStringLiteral("https://api.hubapi.com/oauth/v3/token")),
                   QUrl(QStringLiteral("https://api.hubapi.com/oauth/v3/token/revoke")),
                   QUrl(QStringLiteral("https://api.hubapi.com/oauth/v1/access-tokens/")),
                   QUrl(QStringLiteral("https://api.hubapi.com")),
                   QUrl(QStringLiteral("https://app.hubspot.com"))};
    s.sandbox = {QStringLiteral("/oauth/authorize"),
                 QStringLiteral("/oauth/v3/token"),
                 QStringLiteral("/oauth/v3/token/revoke"),
                 QStringLiteral("/oauth/v1/access-tokens/"),
                 QString(),
                 true};
    s.demoClient = {QStringLiteral("desk-demo-client"), QStringLiteral("desk-demo-secret")};
    s.defaultScopes = defaultScopes();
    s.account = accountLookup();
    s.itemPresentation = presentation();
    s.typeAliases = typeAliases();
    s.dialect = &dialect;
    s.plan = &plan;
    return s; // form-body token requests with PKCE and a revocable refresh token: the defaults
}

} // namespace desk::hubspot
