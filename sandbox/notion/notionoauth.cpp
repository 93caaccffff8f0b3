#include "notionoauth.h"

#include "server/oauthutil.h"

#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNotionOAuth, "desk.sandbox.notion.oauth")

namespace desk::sandbox::notion {

namespace {

// Token endpoint errors carry both the OAuth fields (error, error_description)
// and Notion's error object fields, so clients reading either shape work.
HttpResponse tokenError(int status, const QString &error, const QString &description)
{
    return HttpResponse::json(status, QJsonObject{{u"error"_s, error},
                                                  {u"error_description"_s, description},
                                                  {u"object"_s, u"error"_s},
                                                  {u"status"_s, status},
                                                  {u"code"_s, error},
                                                  {u"message"_s, description},
                                                  {u"request_id"_s, randomUuid()}});
}

QString path(const char *suffix)
{
    return QLatin1String(kPrefix) + QLatin1String(suffix);
}

} // namespace

NotionOAuth::NotionOAuth(const OAuthConfig &config, const NotionData *data)
    : m_config(config), m_data(data)
{
    if (m_config.redirectUris.isEmpty())
        m_config.redirectUris = {u"http://localhost:47110/callback"_s};
    m_clock.start();
}

QJsonObject NotionOAuth::ownerJson() const
{
    return QJsonObject{
        {u"type"_s, u"user"_s},
        {u"user"_s, QJsonObject{{u"object"_s, u"user"_s},
                                {u"id"_s, m_data->userId},
                                {u"name"_s, m_data->userName},
                                {u"avatar_url"_s, QJsonValue::Null},
                                {u"type"_s, u"person"_s},
                                {u"person"_s, QJsonObject{{u"email"_s, m_data->userEmail}}}}}};
}

void NotionOAuth::registerRoutes(Router &router)
{
    const RouteKind k = RouteKind::OAuth;
    router.add("GET", path("/v1/oauth/authorize"), k,
               [this](const HttpRequest &r, const PathParams &) {
                   return authorize(r.query, m_config.autoConsent ? u"allow"_s : QString());
               });
    router.add(
        "POST", path("/v1/oauth/authorize"), k, [this](const HttpRequest &r, const PathParams &) {
            const Pairs form = r.form();
            const QString decision = pairValue(form, u"decision"_s);
            if (decision != u"allow"_s && decision != u"deny"_s)
                return htmlErrorPage(400, u"Invalid request"_s,
                                     u"The consent form was submitted without a decision."_s);
            return authorize(form, decision);
        });
    router.add("POST", path("/v1/oauth/token"), k,
               [this](const HttpRequest &r, const PathParams &) { return token(r); });
}

HttpResponse NotionOAuth::authorize(const Pairs &params, const QString &decision)
{
    const QString clientId = pairValue(params, u"client_id"_s);
    QString redirectUri = pairValue(params, u"redirect_uri"_s);
    const QString state = pairValue(params, u"state"_s);
    if (clientId.isEmpty() || clientId != m_config.clientId)
        return htmlErrorPage(400, u"Missing or invalid client_id"_s,
                             u"This link does not belong to an integration known to this Notion "
                             "sandbox."_s);
    const bool explicitRedirect = !redirectUri.isEmpty();
    if (!explicitRedirect)
        redirectUri = m_config.redirectUris.first();
    else if (!m_config.redirectUris.contains(redirectUri))
        return htmlErrorPage(400, u"Invalid redirect_uri"_s,
                             u"The redirect_uri is not registered for this integration."_s);

    auto redirectError = [&](const QString &error, const QString &description) {
        Pairs out{{u"error"_s, error}, {u"error_description"_s, description}};
        if (!state.isNull())
            out.append({u"state"_s, state});
        return HttpResponse::redirect(urlWithQuery(redirectUri, out));
    };
    if (pairValue(params, u"response_type"_s) != u"code"_s)
        return redirectError(u"unsupported_response_type"_s, u"response_type must be code"_s);
    if (pairValue(params, u"owner"_s) != u"user"_s)
        return redirectError(u"invalid_request"_s, u"owner must be user"_s);
    // PKCE is not part of Notion's documented flow: code_challenge is accepted and ignored.

    if (decision.isEmpty()) {
        ConsentPage page;
        page.providerName = u"Notion"_s;
        page.appName = m_config.appName;
        page.accountLine =
            u"Workspace "_s + m_data->workspaceName + u" · signed in as "_s + m_data->userEmail;
        page.scopes = {{u"Read content"_s, u"Pages and databases you share with it"_s},
                       {u"Read user information"_s, u"Including email addresses"_s}};
        page.formAction = path("/v1/oauth/authorize");
        page.accent = u"#2383e2"_s;
        static const QStringList forwarded = {
            u"client_id"_s, u"redirect_uri"_s,   u"response_type"_s,        u"owner"_s,
            u"state"_s,     u"code_challenge"_s, u"code_challenge_method"_s};
        for (const auto &p : params)
            if (forwarded.contains(p.first))
                page.hiddenFields.append(p);
        return consentPageResponse(page);
    }
    if (decision == u"deny"_s)
        return redirectError(u"access_denied"_s, u"user cancelled"_s);

    const QString value = randomUuid();
    m_codes.insert(value, Code{explicitRedirect ? redirectUri : QString(),
                               now() + qint64(m_config.codeLifetimeS) * 1000});
    Pairs out{{u"code"_s, value}};
    if (!state.isNull())
        out.append({u"state"_s, state});
    return HttpResponse::redirect(urlWithQuery(redirectUri, out));
}

HttpResponse NotionOAuth::issue(int grantId)
{
    Grant &g = m_grants[grantId];
    m_refreshTokens.remove(g.refreshToken); // rotation: the old refresh token is spent
    g.refreshToken = u"nrt_"_s + randomToken(36);
    m_refreshTokens.insert(g.refreshToken, grantId);
    const QString access = u"ntn_"_s + randomToken(36);
    m_accessTokens.insert(access,
                          AccessToken{grantId, m_config.tokenLifetimeS > 0
                                                   ? now() + qint64(m_config.tokenLifetimeS) * 1000
                                                   : 0});
    return HttpResponse::json(200, QJsonObject{{u"access_token"_s, access},
                                               {u"token_type"_s, u"bearer"_s},
                                               {u"refresh_token"_s, g.refreshToken},
                                               {u"bot_id"_s, m_data->botId},
                                               {u"workspace_id"_s, m_data->workspaceId},
                                               {u"workspace_name"_s, m_data->workspaceName},
                                               {u"workspace_icon"_s, m_data->workspaceIcon},
                                               {u"owner"_s, ownerJson()},
                                               {u"duplicated_template_id"_s, QJsonValue::Null},
                                               {u"request_id"_s, randomUuid()}});
}

HttpResponse NotionOAuth::token(const HttpRequest &request)
{
    QString id, secret;
    bool malformed = false;
    if (!basicCredentials(request, &id, &secret, &malformed) || malformed)
        return tokenError(401, u"invalid_client"_s,
                          u"Client authentication is required: Authorization: Basic "
                          "base64(client_id:client_secret)"_s);
    if (id != m_config.clientId || secret != m_config.clientSecret)
        return tokenError(401, u"invalid_client"_s, u"Invalid client credentials"_s);
    if (!request.header("content-type").toLower().startsWith("application/json"))
        return tokenError(400, u"invalid_request"_s,
                          u"Body failed validation: the token request must be a JSON object "
                          "(Content-Type: application/json)"_s);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return tokenError(400, u"invalid_request"_s, u"Body is not a JSON object"_s);
    const QJsonObject body = doc.object();
    const QString grantType = body.value(u"grant_type"_s).toString();

    if (grantType == u"authorization_code"_s) {
        const QString value = body.value(u"code"_s).toString();
        const auto it = m_codes.constFind(value);
        if (value.isEmpty() || it == m_codes.constEnd())
            return tokenError(400, u"invalid_grant"_s, u"Invalid code."_s);
        const Code code = it.value();
        m_codes.remove(value);
        if (now() >= code.expiresAtMs)
            return tokenError(400, u"invalid_grant"_s, u"Code expired."_s);
        const QString redirectUri = body.value(u"redirect_uri"_s).toString();
        if (!code.redirectUri.isEmpty() && redirectUri != code.redirectUri)
            return tokenError(400, u"invalid_grant"_s,
                              u"redirect_uri does not match the authorization request."_s);
        m_grants.append(Grant{});
        qCDebug(lcNotionOAuth) << "authorization code redeemed; grant" << m_grants.size() - 1;
        return issue(int(m_grants.size() - 1));
    }
    if (grantType == u"refresh_token"_s) {
        const QString refresh = body.value(u"refresh_token"_s).toString();
        const auto it = m_refreshTokens.constFind(refresh);
        if (refresh.isEmpty() || it == m_refreshTokens.constEnd())
            return tokenError(400, u"invalid_grant"_s,
                              u"Invalid refresh token (it may have been used already)."_s);
        return issue(it.value());
    }
    if (grantType.isEmpty())
        return tokenError(400, u"invalid_request"_s, u"grant_type is required."_s);
    return tokenError(400, u"unsupported_grant_type"_s,
                      u"grant_type must be authorization_code or refresh_token."_s);
}

Authentication NotionOAuth::authenticate(const HttpRequest &request) const
{
    Authentication auth;
    const QByteArray header = request.header("authorization");
    if (header.isEmpty())
        return auth;
    auth.state = Authentication::State::Invalid;
    if (!header.left(7).toLower().startsWith("bearer "))
        return auth;
    const QString token = QString::fromLatin1(header.mid(7).trimmed());
    if (!m_config.internalToken.isEmpty() && token == m_config.internalToken) {
        auth.state = Authentication::State::Ok;
        auth.connection = u"internal"_s;
        return auth;
    }
    const auto it = m_accessTokens.constFind(token);
    if (it == m_accessTokens.constEnd() || (it->expiresAtMs > 0 && now() >= it->expiresAtMs))
        return auth;
    auth.state = Authentication::State::Ok;
    auth.connection = u"grant-"_s + QString::number(it->grantId);
    return auth;
}

} // namespace desk::sandbox::notion
