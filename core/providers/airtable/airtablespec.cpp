// Airtable's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/airtable/airtablespec.h"

#include "providers/airtable/airtableplan.h"
#include "providers/providerkit.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace desk::airtable {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::AirtableProvider", text);
}

ItemPresentation presentation()
{
    ItemPresentation p;
    TypePresentation records{QStringLiteral("records"), tr("Records"), QStringLiteral("tables")};
    records.isDefault = false; // many: loaded when a table is opened
    p.types = {
        {QStringLiteral("bases"), tr("Bases"), {}, true},
        {QStringLiteral("tables"), tr("Tables"), QStringLiteral("bases"), true, true},
        records,
    };
    ValueColumn parent{tr("Parent"), {}};
    parent.parentName = true;
    ValueColumn details{tr("Details"),
                        {{QStringLiteral("bases"), QStringLiteral("permissionLevel")},
                         {QStringLiteral("tables"), QStringLiteral("description")}}};
    p.columns = {details, parent};
    p.hierarchy = true;
    p.webAppName = QStringLiteral("Airtable");
    return p;
}

} // namespace

QStringList defaultScopes()
{
    return {QStringLiteral("data.records:read"), QStringLiteral("schema.bases:read"),
            QStringLiteral("user.email:read")};
}

Result<AccountInfo> parseWhoAmI(const QByteArray &body)
{
    const auto o = providerkit::accountObject(body, {{"email", QJsonValue::String}});
    if (!o)
        return Error(Error::Kind::BadResponse, tr("Airtable sent unexpected account information."),
                     QStringLiteral("whoami: unexpected body"));
    AccountInfo a;
    a.accountId = o->value(QStringLiteral("id")).toString();
    a.userEmail = o->value(QStringLiteral("email")).toString();
    a.accountName = a.userEmail;
    for (const QJsonValue s : o->value(QStringLiteral("scopes")).toArray())
        if (s.isString())
            a.scopes << s.toString();
    return a;
}

ApiErrorBody readErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    ApiErrorBody read;
    const QJsonValue error = object.value(QStringLiteral("error"));
    if (error.isObject()) {
        read.code = error.toObject().value(QStringLiteral("type")).toString();
        read.message = error.toObject().value(QStringLiteral("message")).toString();
    } else if (error.isString()) {
        read.code = error.toString();
    }
    const QJsonArray errors = object.value(QStringLiteral("errors")).toArray();
    if (!errors.isEmpty() && errors.first().isObject()) {
        const QJsonObject first = errors.first().toObject();
        if (read.code.isEmpty())
            read.code = first.value(QStringLiteral("error")).toString();
        if (read.message.isEmpty())
            read.message = first.value(QStringLiteral("message")).toString();
    }
    return read;
}

ProviderSpec declaration()
{
    ProviderSpec s(QStringLiteral("airtable"), QStringLiteral("Airtable"),
                   tr("Airtable (sandbox)"));
    s.plan = &plan;
    s.children = &children; // a table's records, when it is opened
    s.dialect = &dialect;
    s.itemPresentation = presentation();
    // Tables need their bases, records their tables.
    s.typePrerequisites = {{QStringLiteral("tables"), {QStringLiteral("bases")}},
                           {QStringLiteral("records"), {QStringLiteral("tables")}}};
    s.defaultScopes = defaultScopes();
    s.tokenRequestStyle = ProviderProfile::TokenRequestStyle::FormBasicAuth;
    s.endpoints.authorize = QUrl(QStringLiteral("https://airtable.com/oauth2/v1/authorize"));
    s.endpoints.token = QUrl(QStringLiteral("https://airtable.com/oauth2/v1/token"));
    s.endpoints.metadata = QUrl(QStringLiteral("https://api.airtable.com/v0/meta/whoami"));
    s.endpoints.api = QUrl(QStringLiteral("https://api.airtable.com"));
    s.endpoints.web = QUrl(QStringLiteral("https://airtable.com"));
    // The sandbox has no record pages: links keep airtable.com's shape.
    s.sandbox.authorize = QStringLiteral("/airtable/oauth2/v1/authorize");
    s.sandbox.token = QStringLiteral("/airtable/oauth2/v1/token");
    s.sandbox.metadata = QStringLiteral("/airtable/v0/meta/whoami");
    s.sandbox.api = QStringLiteral("/airtable");
    s.demoClient = {QStringLiteral("desk-airtable-demo"), QStringLiteral("desk-airtable-secret")};
    s.account.serviceName = QStringLiteral("Airtable");
    s.account.endpointName = QStringLiteral("whoami");
    s.account.unauthorizedStatuses = {401, 403};
    s.account.parse = &parseWhoAmI;
    return s;
}

} // namespace desk::airtable
