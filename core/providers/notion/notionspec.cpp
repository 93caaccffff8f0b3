// Notion's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/notion/notionspec.h"

#include "providers/notion/notionapi.h"
#include "providers/notion/notionpage.h"
#include "providers/notion/notionplan.h"
#include "providers/providerkit.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace desk::notion {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::NotionProvider", text);
}

ItemPresentation presentation()
{
    ItemPresentation p;
    TypePresentation workspace{QStringLiteral("workspace"), tr("Workspace"), {}, true};
    workspace.selectable = false; // the root the load makes, not a type to choose
    // Databases are containers of data sources (the tables); rows are pages
    // under their data source.
    p.types = {
        workspace,
        {kPages, tr("Pages"), {}, true},
        {kDatabases, tr("Databases"), {}, true},
        {kDataSources, tr("Data sources"), kDatabases, true},
    };
    ValueColumn parent{tr("Parent"), {}};
    parent.parentName = true;
    ValueColumn details{
        tr("Details"),
        {{kDatabases, QStringLiteral("description")}, {kDataSources, QStringLiteral("columns")}}};
    p.columns = {details, parent};
    p.hierarchy = true;
    p.webAppName = QStringLiteral("Notion");
    return p;
}

} // namespace

Result<AccountInfo> parseBotUser(const QByteArray &body)
{
    const auto o = providerkit::accountObject(body, {{"bot", QJsonValue::Object}});
    if (!o)
        return Error(Error::Kind::BadResponse, tr("Notion sent unexpected account information."),
                     QStringLiteral("users/me: unexpected body"));
    AccountInfo a;
    a.accountId = o->value(QStringLiteral("id")).toString();
    const QJsonObject b = o->value(QStringLiteral("bot")).toObject();
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

ProviderSpec declaration()
{
    ProviderSpec s(QStringLiteral("notion"), QStringLiteral("Notion"), tr("Notion (sandbox)"));
    s.itemPresentation = presentation();
    s.typeAliases = {{QStringLiteral("page"), kPages},
                     {QStringLiteral("rows"), kPages},
                     {QStringLiteral("database"), kDatabases},
                     {QStringLiteral("data_source"), kDataSources},
                     {QStringLiteral("data source"), kDataSources},
                     {QStringLiteral("data sources"), kDataSources},
                     {QStringLiteral("datasources"), kDataSources}};
    // Rows hang under data sources, data sources under databases: what is
    // shown of one needs the others (a database without its data sources is
    // an empty shell).
    s.typePrerequisites = {{kPages, {kDataSources, kDatabases}},
                           {kDataSources, {kDatabases}},
                           {kDatabases, {kDataSources}}};
    // No scopes: access is chosen on Notion's consent page. PKCE is not
    // documented by Notion; the session sends it anyway (ignored).
    s.pkceRequired = false;
    s.expiresInRequired = false;
    s.tokenRequestStyle = ProviderProfile::TokenRequestStyle::JsonBasicAuth;
    s.extraAuthorizeParameters = {qMakePair(QStringLiteral("owner"), QStringLiteral("user"))};
    s.account.serviceName = QStringLiteral("Notion");
    s.account.endpointName = QStringLiteral("users/me");
    s.account.headers = {{"Notion-Version", kVersion}};
    s.account.parse = &parseBotUser;
    const QString api = QStringLiteral("https://api.notion.com");
    s.endpoints = {QUrl(api + QStringLiteral("/v1/oauth/authorize")),
                   QUrl(api + QStringLiteral("/v1/oauth/token")),
                   QUrl(),
                   QUrl(api + QStringLiteral("/v1/users/me")),
                   QUrl(api),
                   QUrl(QStringLiteral("https://www.notion.so"))};
    const QString sandbox = QStringLiteral("/notion");
    s.sandbox = {sandbox + QStringLiteral("/v1/oauth/authorize"),
                 sandbox + QStringLiteral("/v1/oauth/token"), QString(),
                 sandbox + QStringLiteral("/v1/users/me"), sandbox};
    s.demoClient = {QStringLiteral("desk-notion-demo"), QStringLiteral("desk-notion-secret")};
    s.dialect = &dialect;
    s.plan = &plan;
    return s;
}

} // namespace desk::notion
