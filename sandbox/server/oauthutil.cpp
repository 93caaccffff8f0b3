#include "oauthutil.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace desk::sandbox {

namespace {

const char kStyle[] = R"(
:root { color-scheme: light dark; --bg:#f6f7f9; --card:#ffffff; --fg:#1f2328; --muted:#59636e;
        --border:#d1d9e0; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#161a1f; --card:#21262d; --fg:#e6edf3; --muted:#9198a1; --border:#3d444d; } }
body { margin:0; font:15px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
main { max-width:520px; margin:48px auto; background:var(--card); border:1px solid var(--border);
       border-radius:8px; padding:28px 32px; }
h1 { font-size:20px; margin:0 0 8px; } p.muted { color:var(--muted); margin-top:0; }
ul { padding-left:20px; } li code { font-size:13px; }
.buttons { display:flex; gap:12px; justify-content:flex-end; margin-top:24px; }
button { font:inherit; padding:8px 20px; border-radius:4px; border:1px solid var(--border);
         background:transparent; color:var(--fg); cursor:pointer; }
)";

} // namespace

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomUuid()
{
    const QByteArray hex =
        QByteArray::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, '0') +
        QByteArray::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, '0');
    return QString::fromLatin1(hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' +
                               hex.mid(16, 4) + '-' + hex.mid(20, 12));
}

bool validPkceVerifier(const QString &verifier)
{
    static const QRegularExpression re(u"^[A-Za-z0-9\\-._~]{43,128}$"_s);
    return re.match(verifier).hasMatch();
}

bool validPkceChallenge(const QString &challenge)
{
    static const QRegularExpression re(u"^[A-Za-z0-9_-]{43}$"_s);
    return re.match(challenge).hasMatch();
}

QString pkceS256(const QString &verifier)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QUrl urlWithQuery(const QString &base, const Pairs &params)
{
    QUrl url(base);
    QUrlQuery query(url);
    for (const auto &p : params)
        query.addQueryItem(p.first, QString::fromLatin1(QUrl::toPercentEncoding(p.second)));
    url.setQuery(query);
    return url;
}

bool basicCredentials(const HttpRequest &request, QString *id, QString *secret, bool *malformed)
{
    *malformed = false;
    const QByteArray header = request.header("authorization").trimmed();
    if (header.isEmpty() || !header.left(6).toLower().startsWith("basic "))
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(header.mid(6).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const int colon = decoded.decoded.indexOf(':');
    if (!decoded || colon < 0) {
        *malformed = true;
        return true;
    }
    // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
    *id = QString::fromUtf8(QByteArray::fromPercentEncoding(decoded.decoded.left(colon)));
    *secret = QString::fromUtf8(QByteArray::fromPercentEncoding(decoded.decoded.mid(colon + 1)));
    return true;
}

HttpResponse consentPageResponse(const ConsentPage &page)
{
    QString items;
    for (const auto &scope : page.scopes)
        items += u"<li><code>"_s + htmlEscape(scope.first) + u"</code>"_s +
                 (scope.second.isEmpty() ? QString() : u" – "_s + htmlEscape(scope.second)) +
                 u"</li>"_s;
    QString hidden;
    for (const auto &p : page.hiddenFields)
        hidden += u"<input type=\"hidden\" name=\""_s + htmlEscape(p.first) + u"\" value=\""_s +
                  htmlEscape(p.second) + u"\">"_s;
    const QString html =
        u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Connect "_s +
        htmlEscape(page.appName) + u" to "_s + htmlEscape(page.providerName) +
        u"</title><style>"_s + QString::fromUtf8(kStyle) + u"button#allow { background:"_s +
        page.accent + u"; border-color:"_s + page.accent +
        u"; color:#fff; }</style></head><body><main>"_s + u"<h1 id=\"app-name\">"_s +
        htmlEscape(page.appName) + u" wants to access your "_s + htmlEscape(page.providerName) +
        u" account</h1><p class=\"muted\" id=\"account\">"_s + htmlEscape(page.accountLine) +
        u"</p>"_s +
        (items.isEmpty()
             ? QString()
             : u"<p>This app will be able to:</p><ul id=\"scopes\">"_s + items + u"</ul>"_s) +
        u"<form method=\"post\" action=\""_s + htmlEscape(page.formAction) + u"\">"_s + hidden +
        u"<div class=\"buttons\">"_s
        u"<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
        u"<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
        u"</div></form></main></body></html>"_s;
    return HttpResponse::html(200, html);
}

HttpResponse htmlErrorPage(int status, const QString &title, const QString &detail)
{
    const QString html = u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<title>"_s +
                         htmlEscape(title) + u"</title><style>"_s + QString::fromUtf8(kStyle) +
                         u"</style></head><body><main><h1 id=\"error-title\">"_s +
                         htmlEscape(title) + u"</h1><p id=\"error-detail\">"_s +
                         htmlEscape(detail) + u"</p></main></body></html>"_s;
    return HttpResponse::html(status, html);
}

} // namespace desk::sandbox
