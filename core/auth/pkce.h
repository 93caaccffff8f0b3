#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace desk {

// RFC 7636 PKCE (S256) and the other small pieces of the authorization request:
// a strong `state`, strict percent-encoding of query and form parameters.
namespace Pkce {

// A fresh code verifier: `length` characters (clamped to 43..128) from the
// unreserved base64url alphabet, drawn from QRandomGenerator::system().
QByteArray generateVerifier(int length = 64);

// BASE64URL-ENCODE(SHA256(ASCII(verifier))), no padding.
QByteArray challengeS256(const QByteArray &verifier);

// True when `verifier` is 43..128 characters of [A-Za-z0-9-._~].
bool isValidVerifier(const QByteArray &verifier);

} // namespace Pkce

namespace OAuthParams {

using Parameters = QList<QPair<QString, QString>>;

// An unguessable `state`: `bytes` (at least 16, i.e. 128 bits) random bytes from
// QRandomGenerator::system(), base64url without padding.
QString generateState(int bytes = 32);

// "a=b&c=d" with every key and value percent-encoded except RFC 3986 unreserved
// characters (so '+', '&', '=', '#', '%', ' ' and non-ASCII are always escaped).
QByteArray encode(const Parameters &parameters);

// `base` with `parameters` appended to its query, strictly encoded.
QUrl withQuery(const QUrl &base, const Parameters &parameters);

} // namespace OAuthParams

} // namespace desk
