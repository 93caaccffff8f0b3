// Notion's declaration: identity, types and their presentation, endpoints,
// sign-in, account lookup, API dialect and load plan.
#include "providers/notion/notionspec.h"

#include "providers/notion/notionpage.h"
#include "providers/notion/notionplan.h"

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
    p.types = {
        {QStringLiteral("pages"), tr("Pages"), {}, true},
        {QStringLiteral("databases"), tr("Databases"), {}, true},
        workspace,
    };
    ValueColumn parent{tr("Parent"), {}};
    parent.parentName = true;
    ValueColumn details{tr("Details"),
                        {{QStringLiteral("databases"), QStringLiteral("description")}}};
    p.columns = {parent, details};
    p.hierarchy = true;
    p.webAppName = QStringLiteral("Notion");
    return p;
}

ProviderSpec make()
{
    const QUrl api(QStringLiteral("https://api.notion.com"));
    ProviderSpec s;
    s.id = QStringLiteral("notion");
    s.displayName = QStringLiteral("Notion");
    s.sandboxDisplayName = tr("Notion (sandbox)");
    s.presentation = presentation();
    s.endpoints.authorize = QUrl(QStringLiteral("https://api.notion.com/v1/oauth/authorize"));
    s.endpoints.token = QUrl(QStringLiteral("https://api.notion.com/v1/oauth/token"));
    s.endpoints.metadata = QUrl(QStringLiteral("https://api.notion.com/v1/users/me"));
    s.endpoints.api = api;
    s.endpoints.web = QUrl(QStringLiteral("https://www.notion.so"));
    s.sandbox.authorize = QStringLiteral("/notion/v1/oauth/authorize");
    s.sandbox.token = QStringLiteral("/notion/v1/oauth/token");
    s.sandbox.metadata = QStringLiteral("/notion/v1/users/me");
    s.sandbox.api = QStringLiteral("/notion");
    s.demoClient = {QStringLiteral("desk-notion-demo"), QStringLiteral("desk-notion-secret")};
    // No scopes: access is chosen on Notion's consent page. PKCE is not
    // documented by Notion; the session sends it anyway (ignored).
    s.pkceRequired = false;
    s.tokenRequestStyle = ProviderProfile::TokenRequestStyle::JsonBasicAuth;
    s.expiresInRequired = false;
    s.extraAuthorizeParameters = {qMakePair(QStringLiteral("owner"), QStringLiteral("user"))};
    s.account.serviceName = QStringLiteral("Notion");
    s.account.endpointName = QStringLiteral("users/me");
    s.account.headers = {{"Notion-Version", kVersion}};
    s.account.parse = &parseBotUser;
    s.dialect = &dialect;
    s.plan = &plan;
    return s;
}

} // namespace

const ProviderSpec &spec()
{
    static const ProviderSpec instance = make();
    return instance;
}

Result<AccountInfo> parseBotUser(const QByteArray &body)
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

ApiErrorBody readErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    ApiErrorBody read;
    read.code = object.value(QStringLiteral("code")).toString();
    read.message = object.value(QStringLiteral("message")).toString();
    return read;
}

} // namespace desk::notion
