#include "auth/pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace desk {

namespace {
constexpr auto Base64UrlNoPad = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    auto *generator = QRandomGenerator::system();
    for (int i = 0; i < count; ++i)
        bytes[i] = char(generator->bounded(256));
    return bytes;
}
} // namespace

QByteArray Pkce::generateVerifier(int length)
{
    length = qBound(43, length, 128);
    // Every base64url character is unreserved; 3 random bytes give 4 characters.
    const QByteArray encoded = randomBytes((length * 3) / 4 + 3).toBase64(Base64UrlNoPad);
    return encoded.left(length);
}

QByteArray Pkce::challengeS256(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256).toBase64(Base64UrlNoPad);
}

bool Pkce::isValidVerifier(const QByteArray &verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const char c : verifier) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (!ok)
            return false;
    }
    return true;
}

QString OAuthParams::generateState(int bytes)
{
    return QString::fromLatin1(randomBytes(qMax(16, bytes)).toBase64(Base64UrlNoPad));
}

QByteArray OAuthParams::encode(const Parameters &parameters)
{
    QByteArray out;
    for (const auto &p : parameters) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(p.first) + '=' + QUrl::toPercentEncoding(p.second);
    }
    return out;
}

QUrl OAuthParams::withQuery(const QUrl &base, const Parameters &parameters)
{
    QUrl url = base;
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    const QByteArray added = encode(parameters);
    if (!query.isEmpty() && !added.isEmpty())
        query += '&';
    query += added;
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

} // namespace desk
