#include "auth/tokenresponse.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <cmath>

namespace desk {

namespace {
Error bad(const QString &detail)
{
    return Error(Error::Kind::BadResponse,
                 QCoreApplication::translate("desk::OAuth",
                                             "The sign-in service sent an unexpected answer."),
                 detail);
}

// Present and not null.
bool present(const QJsonObject &o, const QString &key)
{
    const auto it = o.constFind(key);
    return it != o.constEnd() && !it->isNull() && !it->isUndefined();
}
} // namespace

namespace {
void readExtras(const QJsonObject &o, const QStringList &names, TokenResponse *t)
{
    for (const QString &name : names) {
        const QJsonValue v = o.value(name);
        if (v.isString() && !v.toString().isEmpty())
            t->extras.insert(name, v.toString().left(2000));
        else if (v.isDouble() && std::isfinite(v.toDouble()))
            t->extras.insert(name, QString::number(v.toDouble(), 'g', 17));
    }
}
} // namespace

Result<TokenResponse> parseTokenResponse(const QByteArray &body, bool requireExpiresIn,
                                         const QStringList &extras)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return bad(QStringLiteral("token response is not JSON (%1 bytes): %2")
                       .arg(body.size())
                       .arg(parseError.errorString()));
    if (!doc.isObject())
        return bad(QStringLiteral("token response is not a JSON object"));
    const QJsonObject o = doc.object();

    TokenResponse t;
    const QJsonValue access = o.value(QStringLiteral("access_token"));
    if (!access.isString() || access.toString().isEmpty())
        return bad(
            QStringLiteral("token response: access_token missing or not a non-empty string"));
    t.accessToken = access.toString().toUtf8();

    if (present(o, QStringLiteral("expires_in"))) {
        const QJsonValue v = o.value(QStringLiteral("expires_in"));
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() <= 0 ||
            v.toDouble() > 10.0 * 365 * 24 * 3600)
            return bad(QStringLiteral("token response: expires_in is not a positive number"));
        t.expiresIn = qint64(v.toDouble());
        if (t.expiresIn < 1)
            t.expiresIn = 1;
    } else if (requireExpiresIn) {
        return bad(QStringLiteral("token response: expires_in missing"));
    }

    if (present(o, QStringLiteral("refresh_token"))) {
        const QJsonValue v = o.value(QStringLiteral("refresh_token"));
        if (!v.isString())
            return bad(QStringLiteral("token response: refresh_token is not a string"));
        t.refreshToken = v.toString().toUtf8();
    }
    if (present(o, QStringLiteral("token_type"))) {
        const QJsonValue v = o.value(QStringLiteral("token_type"));
        if (!v.isString())
            return bad(QStringLiteral("token response: token_type is not a string"));
        t.tokenType = v.toString();
        if (t.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
            return bad(QStringLiteral("token response: token_type \"%1\" is not bearer")
                           .arg(t.tokenType.left(32)));
    }
    if (present(o, QStringLiteral("scope"))) {
        const QJsonValue v = o.value(QStringLiteral("scope"));
        if (!v.isString())
            return bad(QStringLiteral("token response: scope is not a string"));
        t.scopes = v.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    if (present(o, QStringLiteral("scopes"))) {
        const QJsonValue v = o.value(QStringLiteral("scopes"));
        if (!v.isArray())
            return bad(QStringLiteral("token response: scopes is not an array"));
        t.scopes.clear();
        for (const QJsonValue s : v.toArray()) {
            if (!s.isString())
                return bad(QStringLiteral("token response: scopes has a non-string entry"));
            t.scopes << s.toString();
        }
    }
    readExtras(o, extras, &t);
    return t;
}

OAuthErrorBody parseOAuthError(const QByteArray &body)
{
    OAuthErrorBody e;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return e;
    const QJsonObject o = doc.object();
    auto str = [&o](const char *key) {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isString() ? v.toString().left(500) : QString();
    };
    e.error = str("error");
    e.description = str("error_description");
    e.status = str("status");
    e.message = str("message");
    e.valid = !(e.error.isEmpty() && e.status.isEmpty() && e.message.isEmpty());
    e.invalidGrant = e.error == QLatin1String("invalid_grant");
    e.invalidClient = e.error == QLatin1String("invalid_client");
    return e;
}

QString OAuthErrorBody::text() const
{
    if (!description.isEmpty())
        return description;
    return message;
}

QString OAuthErrorBody::code() const
{
    QStringList parts;
    if (!error.isEmpty())
        parts << error;
    if (!status.isEmpty() && status != QLatin1String("error"))
        parts << status;
    return parts.join(QLatin1Char('/'));
}

qint64 TokenTiming::refreshLeadSeconds(qint64 lifetimeSeconds)
{
    return qBound(qint64(1), lifetimeSeconds / 10, qint64(300));
}

QDateTime TokenTiming::refreshAt(const QDateTime &expiry, qint64 lifetimeSeconds)
{
    if (!expiry.isValid())
        return {};
    return expiry.addSecs(-refreshLeadSeconds(lifetimeSeconds));
}

bool TokenTiming::needsRefresh(const QDateTime &expiry, qint64 lifetimeSeconds,
                               const QDateTime &now)
{
    if (!expiry.isValid())
        return false; // no expiry known (provider gives none): refresh only on 401
    return now >= refreshAt(expiry, lifetimeSeconds);
}

} // namespace desk
