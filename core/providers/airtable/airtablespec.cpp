// Airtable's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/airtable/airtablespec.h"

#include "providers/airtable/airtableplan.h"

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
    p.columns = {parent, details};
    p.hierarchy = true;
    p.webAppName = QStringLiteral("Airtable");
    return p;
}

ProviderSpec make()
{
    ProviderSpec s;
    s.id = QStringLiteral("airtable");
    s.displayName = QStringLiteral("Airtable");
    s.sandboxDisplayName = tr("Airtable (sandbox)");
    s.presentation = presentation();
    // Tables need their bases, records their tables.
    s.typePrerequisites = {{QStringLiteral("tables"), {QStringLiteral("bases")}},
                           {QStringLiteral("records"), {QStringLiteral("tables")}}};
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
    s.defaultScopes = defaultScopes();
    s.tokenRequestStyle = ProviderProfile::TokenRequestStyle::FormBasicAuth;
    s.pkceRequired = true;
    s.account.serviceName = QStringLiteral("Airtable");
    s.account.endpointName = QStringLiteral("whoami");
    s.account.unauthorizedStatuses = {401, 403};
    s.account.parse = &parseWhoAmI;
    s.dialect = &dialect;
    s.plan = &plan;
    s.children = &children;
    return s;
}

} // namespace

const ProviderSpec &spec()
{
    static const ProviderSpec instance = make();
    return instance;
}

QStringList defaultScopes()
{
    return {QStringLiteral("data.records:read"), QStringLiteral("schema.bases:read"),
            QStringLiteral("user.email:read")};
}

Result<AccountInfo> parseWhoAmI(const QByteArray &body)
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

} // namespace desk::airtable
