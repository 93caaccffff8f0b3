#include "airtableoauth.h"

#include "server/oauthutil.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAirtableOAuth, "desk.sandbox.airtable.oauth")

namespace desk::sandbox::airtable {

namespace {

HttpResponse tokenError(int status, const QString &error, const QString &description)
{
    return HttpResponse::json(
        status, QJsonObject{{u"error"_s, error}, {u"error_description"_s, description}});
}

QString path(const char *suffix)
{
    return QLatin1String(kPrefix) + QLatin1String(suffix);
}

} // namespace

AirtableOAuth::AirtableOAuth(const OAuthConfig &config) : m_config(config)
{
    if (m_config.redirectUris.isEmpty())
        m_config.redirectUris = {u"http://localhost:47110/callback"_s};
    m_clock.start();
}

const QList<QPair<QString, QString>> &AirtableOAuth::knownScopes()
{
    static const QList<QPair<QString, QString>> scopes = {
        {u"data.records:read"_s, u"See the data in records"_s},
        {u"data.records:write"_s, u"Create, edit, and delete records"_s},
        {u"data.recordComments:read"_s, u"See comments in records"_s},
        {u"data.recordComments:write"_s, u"Create, edit, and delete record comments"_s},
        {u"schema.bases:read"_s, u"See the structure of a base, like table names or field types"_s},
        {u"schema.bases:write"_s, u"Edit the structure of a base"_s},
        {u"webhook:manage"_s, u"View, create, delete webhooks for a base"_s},
        {u"user.email:read"_s, u"See the user's email address"_s}};
    return scopes;
}

void AirtableOAuth::registerRoutes(Router &router)
{
    const RouteKind k = RouteKind::OAuth;
    router.add("GET", path("/oauth2/v1/authorize"), k,
               [this](const HttpRequest &r, const PathParams &) {
                   return authorize(r.query, m_config.autoConsent ? u"allow"_s : QString());
               });
    router.add(
        "POST", path("/oauth2/v1/authorize"), k, [this](const HttpRequest &r, const PathParams &) {
            const Pairs form = r.form();
            const QString decision = pairValue(form, u"decision"_s);
            if (decision != u"allow"_s && decision != u"deny"_s)
                return htmlErrorPage(400, u"Invalid request"_s,
                                     u"The consent form was submitted without a decision."_s);
            return authorize(form, decision);
        });
    router.add("POST", path("/oauth2/v1/token"), k,
               [this](const HttpRequest &r, const PathParams &) { return token(r); });
}

HttpResponse AirtableOAuth::authorize(const Pairs &params, const QString &decision)
{
    const QString clientId = pairValue(params, u"client_id"_s);
    const QString redirectUri = pairValue(params, u"redirect_uri"_s);
    const QString state = pairValue(params, u"state"_s);
    if (clientId.isEmpty() || clientId != m_config.clientId)
        return htmlErrorPage(400, u"Unknown integration"_s,
                             u"The client_id in this link does not belong to an OAuth "
                             "integration known to this Airtable sandbox."_s);
    if (redirectUri.isEmpty() || !m_config.redirectUris.contains(redirectUri))
        return htmlErrorPage(400, u"Invalid redirect URI"_s,
                             u"The redirect_uri is not registered for this integration."_s);

    auto redirectError = [&](const QString &error, const QString &description) {
        Pairs out{{u"error"_s, error}, {u"error_description"_s, description}};
        if (!state.isNull())
            out.append({u"state"_s, state});
        return HttpResponse::redirect(urlWithQuery(redirectUri, out));
    };
    if (pairValue(params, u"response_type"_s) != u"code"_s)
        return redirectError(u"unsupported_response_type"_s, u"response_type must be code"_s);
    if (state.isEmpty())
        return redirectError(u"invalid_request"_s, u"state is required"_s);
    const QString challenge = pairValue(params, u"code_challenge"_s);
    const QString method = pairValue(params, u"code_challenge_method"_s);
    if (challenge.isEmpty())
        return redirectError(u"invalid_request"_s, u"code_challenge is required (PKCE)"_s);
    if (method != u"S256"_s)
        return redirectError(u"invalid_request"_s, u"code_challenge_method must be S256"_s);
    if (!validPkceChallenge(challenge))
        return redirectError(u"invalid_request"_s, u"Malformed code_challenge"_s);

    const QStringList requested =
        pairValue(params, u"scope"_s).split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
    if (requested.isEmpty())
        return redirectError(u"invalid_scope"_s, u"No scope requested"_s);
    QList<QPair<QString, QString>> described;
    for (const QString &s : requested) {
        QString description;
        for (const auto &k : knownScopes())
            if (k.first == s)
                description = k.second;
        if (description.isEmpty())
            return redirectError(u"invalid_scope"_s, u"Unknown scope: "_s + s);
        described.append({s, description});
    }

    if (decision.isEmpty()) {
        ConsentPage page;
        page.providerName = u"Airtable"_s;
        page.appName = m_config.appName;
        page.accountLine = u"Signed in as "_s + m_config.userEmail + u" · all bases"_s;
        page.scopes = described;
        page.formAction = path("/oauth2/v1/authorize");
        page.accent = u"#2d7ff9"_s;
        static const QStringList forwarded = {
            u"client_id"_s, u"redirect_uri"_s,   u"response_type"_s,        u"scope"_s,
            u"state"_s,     u"code_challenge"_s, u"code_challenge_method"_s};
        for (const auto &p : params)
            if (forwarded.contains(p.first))
                page.hiddenFields.append(p);
        return consentPageResponse(page);
    }
    if (decision == u"deny"_s)
        return redirectError(u"access_denied"_s, u"The user denied access to the integration"_s);

    Code code;
    code.redirectUri = redirectUri;
    code.scopes = requested;
    code.challenge = challenge;
    code.expiresAtMs = now() + qint64(m_config.codeLifetimeS) * 1000;
    const QString value = randomToken(32);
    m_codes.insert(value, code);
    return HttpResponse::redirect(
        urlWithQuery(redirectUri, {{u"code"_s, value}, {u"state"_s, state}}));
}

HttpResponse AirtableOAuth::issue(int grantId)
{
    Grant &g = m_grants[grantId];
    // Rotation: the previous pair stops working at once.
    m_refreshTokens.remove(g.refreshToken);
    m_accessTokens.remove(g.accessToken);
    g.refreshToken = u"oaar"_s + randomToken(48);
    g.accessToken = u"oaat"_s + randomToken(48);
    g.refreshExpiresAtMs = now() + qint64(m_config.refreshLifetimeS) * 1000;
    m_refreshTokens.insert(g.refreshToken, grantId);
    m_accessTokens.insert(g.accessToken,
                          AccessToken{grantId, now() + qint64(m_config.tokenLifetimeS) * 1000});
    return HttpResponse::json(200,
                              QJsonObject{{u"access_token"_s, g.accessToken},
                                          {u"refresh_token"_s, g.refreshToken},
                                          {u"token_type"_s, u"Bearer"_s},
                                          {u"scope"_s, g.scopes.join(u' ')},
                                          {u"expires_in"_s, m_config.tokenLifetimeS},
                                          {u"refresh_expires_in"_s, m_config.refreshLifetimeS}});
}

HttpResponse AirtableOAuth::token(const HttpRequest &request)
{
    const QByteArray contentType = request.header("content-type").toLower();
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
        return tokenError(400, u"invalid_request"_s,
                          u"The token request must be application/x-www-form-urlencoded"_s);
    const Pairs form = request.form();

    // Client authentication: Basic when the integration has a secret (the
    // secret may also come in the body); client_id in the body otherwise.
    QString basicId, basicSecret;
    bool malformed = false;
    const bool hasBasic = basicCredentials(request, &basicId, &basicSecret, &malformed);
    if (malformed)
        return tokenError(401, u"invalid_client"_s, u"Malformed Authorization header"_s);
    const QString bodyId = pairValue(form, u"client_id"_s);
    const QString clientId = hasBasic ? basicId : bodyId;
    const QString secret = hasBasic ? basicSecret : pairValue(form, u"client_secret"_s);
    if (clientId.isEmpty() || clientId != m_config.clientId ||
        (!bodyId.isEmpty() && bodyId != clientId))
        return tokenError(401, u"invalid_client"_s, u"Unknown client_id"_s);
    if (!m_config.clientSecret.isEmpty() && secret != m_config.clientSecret)
        return tokenError(401, u"invalid_client"_s,
                          secret.isEmpty()
                              ? u"This integration has a client secret: authenticate with "
                                "HTTP Basic"_s
                              : u"Invalid client secret"_s);

    const QString grantType = pairValue(form, u"grant_type"_s);
    if (grantType == u"authorization_code"_s) {
        const QString value = pairValue(form, u"code"_s);
        const auto it = m_codes.constFind(value);
        if (value.isEmpty() || it == m_codes.constEnd())
            return tokenError(400, u"invalid_grant"_s,
                              u"Invalid or already used authorization code"_s);
        const Code code = it.value();
        m_codes.remove(value);
        if (now() >= code.expiresAtMs)
            return tokenError(400, u"invalid_grant"_s, u"Authorization code expired"_s);
        if (pairValue(form, u"redirect_uri"_s) != code.redirectUri)
            return tokenError(400, u"invalid_grant"_s,
                              u"redirect_uri does not match the authorization request"_s);
        const QString verifier = pairValue(form, u"code_verifier"_s);
        if (verifier.isEmpty())
            return tokenError(400, u"invalid_request"_s, u"code_verifier is required"_s);
        if (!validPkceVerifier(verifier) || pkceS256(verifier) != code.challenge)
            return tokenError(400, u"invalid_grant"_s,
                              u"code_verifier does not match the code_challenge"_s);
        Grant g;
        g.scopes = code.scopes;
        m_grants.append(g);
        qCDebug(lcAirtableOAuth) << "authorization code redeemed; grant" << m_grants.size() - 1;
        return issue(int(m_grants.size() - 1));
    }
    if (grantType == u"refresh_token"_s) {
        const QString refresh = pairValue(form, u"refresh_token"_s);
        const auto it = m_refreshTokens.constFind(refresh);
        if (refresh.isEmpty() || it == m_refreshTokens.constEnd())
            return tokenError(400, u"invalid_grant"_s,
                              u"Invalid refresh token (refresh tokens are single use)"_s);
        const int grantId = it.value();
        if (now() >= m_grants.at(grantId).refreshExpiresAtMs)
            return tokenError(400, u"invalid_grant"_s, u"Refresh token expired"_s);
        return issue(grantId);
    }
    if (grantType.isEmpty())
        return tokenError(400, u"invalid_request"_s, u"grant_type is required"_s);
    return tokenError(400, u"unsupported_grant_type"_s,
                      u"grant_type must be authorization_code or refresh_token"_s);
}

Authentication AirtableOAuth::authenticate(const HttpRequest &request) const
{
    Authentication auth;
    const QByteArray header = request.header("authorization");
    if (header.isEmpty())
        return auth;
    auth.state = Authentication::State::Invalid;
    if (!header.left(7).toLower().startsWith("bearer "))
        return auth;
    const QString token = QString::fromLatin1(header.mid(7).trimmed());
    if (!m_config.personalAccessToken.isEmpty() && token == m_config.personalAccessToken) {
        auth.state = Authentication::State::Ok;
        auth.personalAccessToken = true;
        for (const auto &k : knownScopes())
            auth.scopes.append(k.first);
        return auth;
    }
    const auto it = m_accessTokens.constFind(token);
    if (it == m_accessTokens.constEnd())
        return auth;
    if (now() >= it->expiresAtMs) {
        auth.state = Authentication::State::Expired;
        return auth;
    }
    auth.state = Authentication::State::Ok;
    auth.grantId = it->grantId;
    auth.scopes = m_grants.at(it->grantId).scopes;
    return auth;
}

} // namespace desk::sandbox::airtable
