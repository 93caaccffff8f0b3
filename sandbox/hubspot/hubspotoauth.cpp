#include "hubspotoauth.h"

#include "hubspotversions.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOAuth, "desk.sandbox.hubspot.oauth")

namespace desk::sandbox::hubspot {

namespace {

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomUuidLike()
{
    const QByteArray hex =
        QByteArray::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, '0') +
        QByteArray::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, '0');
    return QString::fromLatin1(hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' +
                               hex.mid(16, 4) + '-' + hex.mid(20, 12));
}

// HubSpot's OAuth error body: legacy status/message/correlationId plus RFC 6749 fields.
HttpResponse oauthError(const QString &status, const QString &error, const QString &message)
{
    return HttpResponse::json(400, QJsonObject{{u"status"_s, status},
                                               {u"message"_s, message},
                                               {u"correlationId"_s, newCorrelationId()},
                                               {u"error"_s, error},
                                               {u"error_description"_s, message}});
}

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QUrl withQuery(const QString &redirectUri, const Pairs &params)
{
    QUrl url(redirectUri);
    QUrlQuery query(url);
    for (const auto &p : params)
        query.addQueryItem(p.first, QString::fromLatin1(QUrl::toPercentEncoding(p.second)));
    url.setQuery(query);
    return url;
}

bool validVerifier(const QString &verifier)
{
    static const QRegularExpression re(u"^[A-Za-z0-9\\-._~]{43,128}$"_s);
    return re.match(verifier).hasMatch();
}

QString s256(const QString &verifier)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const char kPageStyle[] = R"(
:root { color-scheme: light dark; --bg:#f5f8fa; --card:#ffffff; --fg:#33475b; --muted:#516f90;
        --accent:#ff7a59; --border:#cbd6e2; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#1b2330; --card:#253342; --fg:#eaf0f6; --muted:#99afc4; --accent:#ff8f73;
          --border:#425b76; } }
body { margin:0; font:15px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
main { max-width:520px; margin:48px auto; background:var(--card); border:1px solid var(--border);
       border-radius:8px; padding:28px 32px; }
h1 { font-size:20px; margin:0 0 8px; } p.muted { color:var(--muted); margin-top:0; }
ul { padding-left:20px; } li code { font-size:13px; }
.buttons { display:flex; gap:12px; justify-content:flex-end; margin-top:24px; }
button { font:inherit; padding:8px 20px; border-radius:4px; border:1px solid var(--border);
         background:transparent; color:var(--fg); cursor:pointer; }
button#allow { background:var(--accent); border-color:var(--accent); color:#fff; }
table { border-collapse:collapse; width:100%; } td { border-top:1px solid var(--border);
        padding:6px 4px; vertical-align:top; } td:first-child { color:var(--muted); width:40%; }
)";

} // namespace

HubSpotOAuth::HubSpotOAuth(const OAuthConfig &config) : m_config(config)
{
    if (m_config.redirectUris.isEmpty())
        m_config.redirectUris = {u"http://localhost:47110/callback"_s};
    m_clock.start();
}

const QList<QPair<QString, QString>> &HubSpotOAuth::knownScopes()
{
    static const QList<QPair<QString, QString>> scopes = {
        {u"oauth"_s, u"Basic OAuth access (required)"_s},
        {u"crm.objects.contacts.read"_s, u"View contacts"_s},
        {u"crm.objects.contacts.write"_s, u"Edit contacts"_s},
        {u"crm.objects.companies.read"_s, u"View companies"_s},
        {u"crm.objects.companies.write"_s, u"Edit companies"_s},
        {u"crm.objects.deals.read"_s, u"View deals"_s},
        {u"crm.objects.deals.write"_s, u"Edit deals"_s},
        {u"tickets"_s, u"View and edit tickets"_s},
        {u"crm.objects.owners.read"_s, u"View users and teams (owners)"_s},
        {u"crm.schemas.contacts.read"_s, u"View contact properties"_s},
        {u"crm.schemas.companies.read"_s, u"View company properties"_s},
        {u"crm.schemas.deals.read"_s, u"View deal properties"_s},
        {u"crm.lists.read"_s, u"View lists"_s},
        {u"content"_s, u"Website content"_s},
        {u"e-commerce"_s, u"Products and line items"_s}};
    return scopes;
}

void HubSpotOAuth::registerRoutes(Router &router)
{
    const RouteKind k = RouteKind::OAuth;
    router.add("GET", u"/oauth/authorize"_s, k,
               [this](const HttpRequest &r, const PathParams &) { return authorizeGet(r); });
    router.add("POST", u"/oauth/authorize"_s, k,
               [this](const HttpRequest &r, const PathParams &) { return authorizePost(r); });
    for (const DatedVersion &v : datedVersions()) {
        const QString base = u"/oauth/"_s + v.name + u"/token"_s;
        router.add("POST", base, k,
                   [this](const HttpRequest &r, const PathParams &) { return token(r, true); });
        router.add("POST", base + u"/introspect"_s, k,
                   [this](const HttpRequest &r, const PathParams &) { return datedIntrospect(r); });
        router.add("POST", base + u"/revoke"_s, k,
                   [this](const HttpRequest &r, const PathParams &) { return datedRevoke(r); });
    }
    if (!m_config.legacy) {
        const Handler gone = [](const HttpRequest &, const PathParams &) {
            return HttpResponse::json(
                404,
                QJsonObject{{u"category"_s, u"OBJECT_NOT_FOUND"_s},
                            {u"correlationId"_s, newCorrelationId()},
                            {u"message"_s, QString(u"This API is no longer available. "
                                                   "Use /oauth/"_s +
                                                   datedVersions().first().name + u"/token."_s)}});
        };
        for (const QString &prefix : {u"/oauth/v1"_s, u"/oauth/v3"_s})
            router.addFallback(prefix, gone);
        // Paths that carry a token keep being logged as their pattern.
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("DELETE")})
            for (const QString &path :
                 {u"/oauth/v1/refresh-tokens/{token}"_s, u"/oauth/v1/access-tokens/{token}"_s})
                router.add(method, path, k, gone, true);
        return;
    }
    for (const QString &path : {u"/oauth/v3/token"_s, u"/oauth/v1/token"_s})
        router.add("POST", path, k,
                   [this](const HttpRequest &r, const PathParams &) { return token(r, false); });
    router.add("POST", u"/oauth/v3/token/introspect"_s, k,
               [this](const HttpRequest &r, const PathParams &) { return introspect(r); });
    router.add("POST", u"/oauth/v3/token/revoke"_s, k,
               [this](const HttpRequest &r, const PathParams &) { return revoke(r); });
    router.add(
        "DELETE", u"/oauth/v1/refresh-tokens/{token}"_s, k,
        [this](const HttpRequest &, const PathParams &p) {
            return deleteRefreshToken(p.value(u"token"_s));
        },
        true);
    router.add(
        "GET", u"/oauth/v1/refresh-tokens/{token}"_s, k,
        [this](const HttpRequest &, const PathParams &p) {
            return refreshTokenInfo(p.value(u"token"_s));
        },
        true);
    router.add(
        "GET", u"/oauth/v1/access-tokens/{token}"_s, k,
        [this](const HttpRequest &, const PathParams &p) {
            return accessTokenInfo(p.value(u"token"_s));
        },
        true);
}

HttpResponse HubSpotOAuth::errorPage(const QString &title, const QString &detail) const
{
    const QString html = u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<title>"_s +
                         htmlEscape(title) + u"</title><style>"_s + QString::fromUtf8(kPageStyle) +
                         u"</style></head><body><main><h1 id=\"error-title\">"_s +
                         htmlEscape(title) + u"</h1><p id=\"error-detail\">"_s +
                         htmlEscape(detail) + u"</p></main></body></html>"_s;
    return HttpResponse::html(400, html);
}

HttpResponse HubSpotOAuth::consentPage(const Pairs &params, const QStringList &scopes) const
{
    QString items;
    for (const QString &scope : scopes) {
        QString description;
        for (const auto &known : knownScopes())
            if (known.first == scope)
                description = known.second;
        items += u"<li><code>"_s + htmlEscape(scope) + u"</code> – "_s + htmlEscape(description) +
                 u"</li>"_s;
    }
    QString hidden;
    static const QStringList forwarded = {u"client_id"_s,
                                          u"redirect_uri"_s,
                                          u"scope"_s,
                                          u"optional_scope"_s,
                                          u"state"_s,
                                          u"code_challenge"_s,
                                          u"code_challenge_method"_s,
                                          u"response_type"_s};
    for (const auto &p : params)
        if (forwarded.contains(p.first))
            hidden += u"<input type=\"hidden\" name=\""_s + htmlEscape(p.first) + u"\" value=\""_s +
                      htmlEscape(p.second) + u"\">"_s;
    const QString html =
        u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Connect "_s +
        htmlEscape(m_config.appName) + u" to HubSpot</title><style>"_s +
        QString::fromUtf8(kPageStyle) + u"</style></head><body><main>"_s +
        u"<h1 id=\"app-name\">"_s + htmlEscape(m_config.appName) +
        u" wants to access your HubSpot account</h1>"_s + u"<p class=\"muted\">Account: "_s +
        htmlEscape(m_config.hubDomain) + u" (hub "_s + QString::number(m_config.hubId) +
        u") · signed in as "_s + htmlEscape(m_config.userEmail) + u"</p>"_s +
        u"<p>This app will be able to:</p><ul id=\"scopes\">"_s + items + u"</ul>"_s +
        u"<form method=\"post\" action=\"/oauth/authorize\">"_s + hidden +
        u"<div class=\"buttons\">"_s
        u"<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
        u"<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
        u"</div></form></main></body></html>"_s;
    return HttpResponse::html(200, html);
}

HttpResponse HubSpotOAuth::authorizeGet(const HttpRequest &request)
{
    return authorize(request.query, m_config.autoConsent ? u"allow"_s : QString());
}

HttpResponse HubSpotOAuth::authorizePost(const HttpRequest &request)
{
    const Pairs form = request.form();
    const QString decision = pairValue(form, u"decision"_s);
    if (decision != u"allow"_s && decision != u"deny"_s)
        return errorPage(u"Invalid request"_s,
                         u"The consent form was submitted without a decision."_s);
    return authorize(form, decision);
}

HttpResponse HubSpotOAuth::authorize(const Pairs &params, const QString &decision)
{
    const QString clientId = pairValue(params, u"client_id"_s);
    const QString redirectUri = pairValue(params, u"redirect_uri"_s);
    const QString state = pairValue(params, u"state"_s);
    if (clientId.isEmpty() || clientId != m_config.clientId)
        return errorPage(u"Unknown app"_s,
                         u"The client_id in this link does not belong to an app known to this "
                         "HubSpot sandbox."_s);
    if (redirectUri.isEmpty() || !m_config.redirectUris.contains(redirectUri))
        return errorPage(u"Redirect URL mismatch"_s,
                         u"The redirect_uri is not one of the app's registered redirect URLs."_s);

    auto redirectError = [&](const QString &error, const QString &description) {
        Pairs out{{u"error"_s, error}, {u"error_description"_s, description}};
        if (!state.isNull())
            out.append({u"state"_s, state});
        return HttpResponse::redirect(withQuery(redirectUri, out));
    };

    const QString responseType = pairValue(params, u"response_type"_s);
    if (!responseType.isEmpty() && responseType != u"code"_s)
        return redirectError(u"unsupported_response_type"_s,
                             u"Only response_type=code is supported"_s);

    QStringList known;
    for (const auto &k : knownScopes())
        known.append(k.first);
    const QStringList requested =
        pairValue(params, u"scope"_s).split(QRegularExpression(u"[\\s+]+"_s), Qt::SkipEmptyParts);
    if (requested.isEmpty())
        return redirectError(u"invalid_scope"_s, u"No scope requested"_s);
    QStringList granted;
    for (const QString &s : requested) {
        if (!known.contains(s))
            return redirectError(u"invalid_scope"_s, u"Unknown scope: "_s + s);
        if (!granted.contains(s))
            granted.append(s);
    }
    const QStringList optional = pairValue(params, u"optional_scope"_s)
                                     .split(QRegularExpression(u"[\\s+]+"_s), Qt::SkipEmptyParts);
    for (const QString &s : optional)
        if (known.contains(s) && !granted.contains(s))
            granted.append(s);

    const QString challenge = pairValue(params, u"code_challenge"_s);
    const QString method = pairValue(params, u"code_challenge_method"_s);
    if (!challenge.isEmpty()) {
        static const QRegularExpression b64url(u"^[A-Za-z0-9_-]{43}$"_s);
        if (method != u"S256"_s)
            return redirectError(u"invalid_request"_s, u"code_challenge_method must be S256"_s);
        if (!b64url.match(challenge).hasMatch())
            return redirectError(u"invalid_request"_s, u"Malformed code_challenge"_s);
    }

    if (decision.isEmpty())
        return consentPage(params, granted);
    if (decision == u"deny"_s)
        return redirectError(u"access_denied"_s, u"The user denied access"_s);

    Code code;
    code.clientId = clientId;
    code.redirectUri = redirectUri;
    code.scopes = granted;
    code.challenge = challenge;
    code.expiresAtMs = now() + qint64(m_config.codeLifetimeS) * 1000;
    const QString value = randomUuidLike();
    m_codes.insert(value, code);
    Pairs out{{u"code"_s, value}};
    if (!state.isNull())
        out.append({u"state"_s, state});
    return HttpResponse::redirect(withQuery(redirectUri, out));
}

HttpResponse HubSpotOAuth::issueTokens(int grantId, bool dated)
{
    Grant &grant = m_grants[grantId];
    if (grant.refreshToken.isEmpty() || m_config.rotateRefreshTokens) {
        if (!grant.refreshToken.isEmpty())
            m_refreshTokens.remove(grant.refreshToken);
        grant.refreshToken = u"na1-"_s + randomUuidLike();
        m_refreshTokens.insert(grant.refreshToken, grantId);
    }
    AccessToken at;
    at.grantId = grantId;
    at.scopes = grant.scopes;
    at.expiresAtMs = now() + qint64(m_config.tokenLifetimeS) * 1000;
    const QString access = u"CK"_s + randomToken(48);
    m_accessTokens.insert(access, at);
    // AccessTokenResponse: the first five are required, the rest optional.
    QJsonObject body{{u"token_type"_s, u"bearer"_s},
                     {u"access_token"_s, access},
                     {u"refresh_token"_s, grant.refreshToken},
                     {u"expires_in"_s, m_config.tokenLifetimeS},
                     {u"token_use"_s, u"access_token"_s}};
    if (!dated || m_config.tokenOptionalFields) {
        body.insert(u"hub_id"_s, m_config.hubId);
        body.insert(u"user_id"_s, m_config.userId);
        body.insert(u"scopes"_s, toJsonArray(grant.scopes));
    }
    return HttpResponse::json(200, body);
}

// Date-based OAuth endpoints take every parameter in a form body, never in the query.
static bool formBodyOnly(const HttpRequest &request, HttpResponse *error)
{
    if (!request.rawQuery.isEmpty()) {
        *error = oauthError(u"BAD_REQUEST"_s, u"invalid_request"_s,
                            u"parameters must be sent in the request body, not the query"_s);
        return false;
    }
    if (!request.header("content-type").toLower().startsWith("application/x-www-form-urlencoded")) {
        *error = oauthError(u"BAD_REQUEST"_s, u"invalid_request"_s,
                            u"the body must be application/x-www-form-urlencoded"_s);
        return false;
    }
    return true;
}

HttpResponse HubSpotOAuth::token(const HttpRequest &request, bool dated)
{
    HttpResponse notForm;
    if (dated && !formBodyOnly(request, &notForm))
        return notForm;
    const Pairs form = request.form();
    const QString grantType = pairValue(form, u"grant_type"_s);
    const QString clientId = pairValue(form, u"client_id"_s);
    const QString secret = pairValue(form, u"client_secret"_s);
    if (grantType.isEmpty())
        return oauthError(u"BAD_GRANT_TYPE"_s, u"invalid_request"_s, u"missing grant_type"_s);
    if (grantType != u"authorization_code"_s && grantType != u"refresh_token"_s)
        return oauthError(u"BAD_GRANT_TYPE"_s, u"unsupported_grant_type"_s,
                          u"grant_type must be authorization_code or refresh_token"_s);
    if (clientId != m_config.clientId)
        return oauthError(u"BAD_CLIENT_ID"_s, u"invalid_client"_s,
                          u"missing or unknown client_id"_s);
    if (secret != m_config.clientSecret)
        return oauthError(u"BAD_CLIENT_SECRET"_s, u"invalid_client"_s,
                          u"missing or invalid client_secret"_s);

    if (grantType == u"authorization_code"_s) {
        const QString codeValue = pairValue(form, u"code"_s);
        const auto it = m_codes.constFind(codeValue);
        if (codeValue.isEmpty() || it == m_codes.constEnd())
            return oauthError(u"BAD_AUTH_CODE"_s, u"invalid_grant"_s,
                              u"missing or unknown code (codes are single use)"_s);
        const Code code = it.value();
        m_codes.remove(codeValue); // single use, whatever happens next
        if (now() >= code.expiresAtMs)
            return oauthError(u"EXPIRED_AUTH_CODE"_s, u"invalid_grant"_s,
                              u"authorization code expired"_s);
        if (code.clientId != clientId)
            return oauthError(u"BAD_AUTH_CODE"_s, u"invalid_grant"_s,
                              u"code was issued to another client"_s);
        if (pairValue(form, u"redirect_uri"_s) != code.redirectUri)
            return oauthError(u"BAD_REDIRECT_URI"_s, u"invalid_grant"_s,
                              u"redirect_uri does not match the authorization request"_s);
        if (!code.challenge.isEmpty()) {
            const QString verifier = pairValue(form, u"code_verifier"_s);
            if (!validVerifier(verifier) || s256(verifier) != code.challenge)
                return oauthError(u"BAD_CODE_VERIFIER"_s, u"invalid_grant"_s,
                                  u"code_verifier does not match the code_challenge"_s);
        }
        Grant grant;
        grant.clientId = clientId;
        grant.scopes = code.scopes;
        m_grants.append(grant);
        qCDebug(lcOAuth) << "authorization code redeemed; grant" << m_grants.size() - 1;
        return issueTokens(int(m_grants.size() - 1), dated);
    }

    const QString refresh = pairValue(form, u"refresh_token"_s);
    const auto it = m_refreshTokens.constFind(refresh);
    if (refresh.isEmpty() || it == m_refreshTokens.constEnd())
        return oauthError(u"BAD_REFRESH_TOKEN"_s, u"invalid_grant"_s,
                          u"missing or unknown refresh token"_s);
    const int grantId = it.value();
    if (m_grants.at(grantId).revoked || m_grants.at(grantId).clientId != clientId)
        return oauthError(u"BAD_REFRESH_TOKEN"_s, u"invalid_grant"_s,
                          u"refresh token revoked or issued to another client"_s);
    return issueTokens(grantId, dated);
}

const HubSpotOAuth::AccessToken *HubSpotOAuth::liveAccessToken(const QString &token,
                                                               bool *expired) const
{
    *expired = false;
    const auto it = m_accessTokens.constFind(token);
    if (it == m_accessTokens.constEnd() || it->revoked ||
        (it->grantId >= 0 && m_grants.at(it->grantId).revoked))
        return nullptr;
    if (now() >= it->expiresAtMs) {
        *expired = true;
        return nullptr;
    }
    return &it.value();
}

Authentication HubSpotOAuth::authenticate(const HttpRequest &request) const
{
    Authentication auth;
    const QByteArray header = request.header("authorization");
    if (header.isEmpty())
        return auth;
    if (!header.left(7).toLower().startsWith("bearer ")) {
        auth.state = Authentication::State::Unknown;
        return auth;
    }
    const QString token = QString::fromLatin1(header.mid(7).trimmed());
    if (!m_config.privateAppToken.isEmpty() && token == m_config.privateAppToken) {
        auth.state = Authentication::State::Ok;
        for (const auto &k : knownScopes())
            auth.scopes.append(k.first);
        auth.hubId = m_config.hubId;
        return auth;
    }
    bool expired = false;
    if (const AccessToken *at = liveAccessToken(token, &expired)) {
        auth.state = Authentication::State::Ok;
        auth.scopes = at->scopes;
        auth.hubId = m_config.hubId;
        return auth;
    }
    if (expired) {
        auth.state = Authentication::State::Expired;
        auth.expiredForMs = now() - m_accessTokens.value(token).expiresAtMs;
        return auth;
    }
    auth.state = Authentication::State::Unknown;
    return auth;
}

HttpResponse HubSpotOAuth::introspect(const HttpRequest &request)
{
    const Pairs form = request.form();
    const QString clientId = pairValue(form, u"client_id"_s);
    if (!clientId.isNull() && clientId != m_config.clientId)
        return oauthError(u"BAD_CLIENT_ID"_s, u"invalid_client"_s, u"unknown client_id"_s);
    const QString secret = pairValue(form, u"client_secret"_s);
    if (!secret.isNull() && secret != m_config.clientSecret)
        return oauthError(u"BAD_CLIENT_SECRET"_s, u"invalid_client"_s, u"invalid client_secret"_s);
    const QString token = pairValue(form, u"token"_s);
    if (token.isEmpty())
        return oauthError(u"MISSING_TOKEN"_s, u"invalid_request"_s, u"missing token"_s);

    QJsonObject out{{u"active"_s, false}};
    bool expired = false;
    if (const AccessToken *at = liveAccessToken(token, &expired)) {
        const qint64 remainingS = (at->expiresAtMs - now()) / 1000;
        out = QJsonObject{{u"active"_s, true},
                          {u"token_use"_s, u"access_token"_s},
                          {u"token_type"_s, u"bearer"_s},
                          {u"client_id"_s, m_config.clientId},
                          {u"hub_id"_s, m_config.hubId},
                          {u"hub_domain"_s, m_config.hubDomain},
                          {u"user_id"_s, m_config.userId},
                          {u"user"_s, m_config.userEmail},
                          {u"app_id"_s, m_config.appId},
                          {u"scopes"_s, toJsonArray(at->scopes)},
                          {u"scope"_s, at->scopes.join(u' ')},
                          {u"expires_in"_s, remainingS},
                          {u"exp"_s, QDateTime::currentSecsSinceEpoch() + remainingS}};
    } else if (const auto it = m_refreshTokens.constFind(token);
               it != m_refreshTokens.constEnd() && !m_grants.at(it.value()).revoked) {
        const Grant &g = m_grants.at(it.value());
        out = QJsonObject{{u"active"_s, true},
                          {u"token_use"_s, u"refresh_token"_s},
                          {u"client_id"_s, g.clientId},
                          {u"hub_id"_s, m_config.hubId},
                          {u"hub_domain"_s, m_config.hubDomain},
                          {u"user_id"_s, m_config.userId},
                          {u"user"_s, m_config.userEmail},
                          {u"scopes"_s, toJsonArray(g.scopes)},
                          {u"scope"_s, g.scopes.join(u' ')}};
    }
    return HttpResponse::json(200, out);
}

// A refresh token ends its grant (and every access token of it); an access token
// ends only itself.
void HubSpotOAuth::revokeToken(const QString &token)
{
    if (const auto it = m_refreshTokens.constFind(token); it != m_refreshTokens.constEnd())
        revokeGrant(it.value());
    else if (auto at = m_accessTokens.find(token); at != m_accessTokens.end())
        at->revoked = true;
}

void HubSpotOAuth::revokeGrant(int grantId)
{
    Grant &g = m_grants[grantId];
    g.revoked = true;
    m_refreshTokens.remove(g.refreshToken);
}

HttpResponse HubSpotOAuth::revoke(const HttpRequest &request)
{
    const Pairs form = request.form();
    const QString clientId = pairValue(form, u"client_id"_s);
    if (!clientId.isNull() && clientId != m_config.clientId)
        return oauthError(u"BAD_CLIENT_ID"_s, u"invalid_client"_s, u"unknown client_id"_s);
    const QString secret = pairValue(form, u"client_secret"_s);
    if (!secret.isNull() && secret != m_config.clientSecret)
        return oauthError(u"BAD_CLIENT_SECRET"_s, u"invalid_client"_s, u"invalid client_secret"_s);
    const QString token = pairValue(form, u"token"_s);
    if (token.isEmpty())
        return oauthError(u"MISSING_TOKEN"_s, u"invalid_request"_s, u"missing token"_s);
    revokeToken(token); // RFC 7009: unknown tokens are not an error
    return HttpResponse::empty(200);
}

HttpResponse HubSpotOAuth::deleteRefreshToken(const QString &token)
{
    const auto it = m_refreshTokens.constFind(token);
    if (it == m_refreshTokens.constEnd())
        return HttpResponse::json(404, QJsonObject{{u"status"_s, u"error"_s},
                                                   {u"message"_s, u"refresh token not found"_s},
                                                   {u"correlationId"_s, newCorrelationId()},
                                                   {u"category"_s, u"OBJECT_NOT_FOUND"_s}});
    revokeGrant(it.value());
    return HttpResponse::empty(204);
}

HttpResponse HubSpotOAuth::accessTokenInfo(const QString &token)
{
    bool expired = false;
    const AccessToken *at = liveAccessToken(token, &expired);
    if (!at)
        at = privateToken(token);
    if (expired)
        return HttpResponse::json(401, QJsonObject{{u"status"_s, u"error"_s},
                                                   {u"message"_s, u"The access token expired"_s},
                                                   {u"correlationId"_s, newCorrelationId()},
                                                   {u"category"_s, u"EXPIRED_AUTHENTICATION"_s}});
    if (!at)
        return HttpResponse::json(404, QJsonObject{{u"status"_s, u"error"_s},
                                                   {u"message"_s, u"access token not found"_s},
                                                   {u"correlationId"_s, newCorrelationId()},
                                                   {u"category"_s, u"OBJECT_NOT_FOUND"_s}});
    return HttpResponse::json(200, QJsonObject{{u"token"_s, token},
                                               {u"user"_s, m_config.userEmail},
                                               {u"hub_domain"_s, m_config.hubDomain},
                                               {u"scopes"_s, toJsonArray(at->scopes)},
                                               {u"hub_id"_s, m_config.hubId},
                                               {u"app_id"_s, m_config.appId},
                                               {u"expires_in"_s, (at->expiresAtMs - now()) / 1000},
                                               {u"user_id"_s, m_config.userId},
                                               {u"token_type"_s, u"access"_s}});
}

HttpResponse HubSpotOAuth::refreshTokenInfo(const QString &token)
{
    const auto it = m_refreshTokens.constFind(token);
    if (it == m_refreshTokens.constEnd() || m_grants.at(it.value()).revoked)
        return HttpResponse::json(404, QJsonObject{{u"status"_s, u"error"_s},
                                                   {u"message"_s, u"refresh token not found"_s},
                                                   {u"correlationId"_s, newCorrelationId()},
                                                   {u"category"_s, u"OBJECT_NOT_FOUND"_s}});
    const Grant &g = m_grants.at(it.value());
    return HttpResponse::json(200, QJsonObject{{u"token"_s, token},
                                               {u"user"_s, m_config.userEmail},
                                               {u"hub_domain"_s, m_config.hubDomain},
                                               {u"scopes"_s, toJsonArray(g.scopes)},
                                               {u"hub_id"_s, m_config.hubId},
                                               {u"client_id"_s, g.clientId},
                                               {u"user_id"_s, m_config.userId},
                                               {u"token_type"_s, u"refresh"_s}});
}

const HubSpotOAuth::AccessToken *HubSpotOAuth::privateToken(const QString &token) const
{
    if (token.isEmpty() || token != m_config.privateAppToken)
        return nullptr;
    static AccessToken info;
    info.scopes.clear();
    for (const auto &k : knownScopes())
        info.scopes.append(k.first);
    info.expiresAtMs = now() + 10LL * 365 * 86400 * 1000;
    return &info;
}

// PublicAccessTokenInfoResponse: every field but hub_domain and user is required;
// there is no `exp`.
QJsonObject HubSpotOAuth::accessTokenJson(const QString &token, const QStringList &scopes,
                                          qint64 remainingS) const
{
    const QJsonObject signedToken{
        {u"appId"_s, m_config.appId},
        {u"appInstallId"_s,
         QString(QString::number(m_config.appId) + u'-' + QString::number(m_config.hubId))},
        {u"audience"_s, u"integrations-sandbox"_s},
        {u"expiresAt"_s, QDateTime::currentMSecsSinceEpoch() + remainingS * 1000},
        {u"hubId"_s, m_config.hubId},
        {u"hublet"_s, u"na1"_s},
        {u"installingUserId"_s, m_config.userId},
        {u"isPrivateDistribution"_s, false},
        {u"isServiceAccount"_s, false},
        {u"isUserLevel"_s, false},
        {u"newSignature"_s, u"sandbox-signature"_s},
        {u"scopeToScopeGroupPks"_s, QString()},
        {u"scopes"_s, scopes.join(u' ')},
        {u"signature"_s, u"sandbox-signature"_s},
        {u"trialScopeToScopeGroupPks"_s, QString()},
        {u"trialScopes"_s, QString()},
        {u"userId"_s, m_config.userId}};
    return QJsonObject{{u"active"_s, true},
                       {u"app_id"_s, m_config.appId},
                       {u"client_id"_s, m_config.clientId},
                       {u"expires_in"_s, remainingS},
                       {u"hub_id"_s, m_config.hubId},
                       {u"hub_domain"_s, m_config.hubDomain},
                       {u"is_private_distribution"_s, false},
                       {u"scopes"_s, toJsonArray(scopes)},
                       {u"signed_access_token"_s, signedToken},
                       {u"token"_s, token},
                       {u"token_type"_s, u"bearer"_s},
                       {u"token_use"_s, u"access_token"_s},
                       {u"user"_s, m_config.userEmail},
                       {u"user_id"_s, m_config.userId}};
}

// The date-based endpoints need the app's client_id and client_secret.
static bool clientAuthenticated(const Pairs &form, const OAuthConfig &config, HttpResponse *error)
{
    if (pairValue(form, u"client_id"_s) != config.clientId) {
        *error =
            oauthError(u"BAD_CLIENT_ID"_s, u"invalid_client"_s, u"missing or unknown client_id"_s);
        return false;
    }
    if (pairValue(form, u"client_secret"_s) != config.clientSecret) {
        *error = oauthError(u"BAD_CLIENT_SECRET"_s, u"invalid_client"_s,
                            u"missing or invalid client_secret"_s);
        return false;
    }
    return true;
}

// The date-based introspect and revoke: a form body with the client and a token.
static bool tokenForm(const HttpRequest &request, const OAuthConfig &config, QString *token,
                      HttpResponse *error)
{
    const Pairs form = request.form();
    if (!formBodyOnly(request, error) || !clientAuthenticated(form, config, error))
        return false;
    *token = pairValue(form, u"token"_s);
    if (token->isEmpty()) {
        *error = oauthError(u"MISSING_TOKEN"_s, u"invalid_request"_s, u"missing token"_s);
        return false;
    }
    return true;
}

HttpResponse HubSpotOAuth::datedIntrospect(const HttpRequest &request)
{
    HttpResponse error;
    QString token;
    if (!tokenForm(request, m_config, &token, &error))
        return error;
    bool expired = false;
    const AccessToken *at = liveAccessToken(token, &expired);
    if (!at)
        at = privateToken(token);
    if (at)
        return HttpResponse::json(
            200, accessTokenJson(token, at->scopes, (at->expiresAtMs - now()) / 1000));
    if (const auto it = m_refreshTokens.constFind(token);
        it != m_refreshTokens.constEnd() && !m_grants.at(it.value()).revoked) {
        // PublicRefreshTokenInfoResponse: no expires_in.
        const Grant &g = m_grants.at(it.value());
        return HttpResponse::json(200, QJsonObject{{u"active"_s, true},
                                                   {u"app_id"_s, m_config.appId},
                                                   {u"client_id"_s, g.clientId},
                                                   {u"hub_id"_s, m_config.hubId},
                                                   {u"hub_domain"_s, m_config.hubDomain},
                                                   {u"scopes"_s, toJsonArray(g.scopes)},
                                                   {u"token"_s, token},
                                                   {u"token_type"_s, u"bearer"_s},
                                                   {u"token_use"_s, u"refresh_token"_s},
                                                   {u"user"_s, m_config.userEmail},
                                                   {u"user_id"_s, m_config.userId}});
    }
    if (m_config.introspectInactiveError)
        return oauthError(u"BAD_TOKEN"_s, u"invalid_request"_s,
                          u"the token is invalid, expired or revoked"_s);
    return HttpResponse::json(200, QJsonObject{{u"active"_s, false}});
}

HttpResponse HubSpotOAuth::datedRevoke(const HttpRequest &request)
{
    HttpResponse error;
    QString token;
    if (!tokenForm(request, m_config, &token, &error))
        return error;
    revokeToken(token); // RFC 7009: an unknown token is not an error
    return HttpResponse::empty(m_config.revokeStatus);
}

} // namespace desk::sandbox::hubspot
