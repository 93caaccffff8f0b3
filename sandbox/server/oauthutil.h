#pragma once

// Provider-neutral OAuth helpers shared by the provider imitations: random
// token material, PKCE S256, redirect URLs with query items, HTTP Basic client
// credentials and a plain consent page with <button id="allow"/"deny">.
#include "httptypes.h"

#include <QStringList>

namespace desk::sandbox {

QString randomToken(int bytes);                    // base64url, no padding
QString randomUuid();                              // 8-4-4-4-12 lowercase hex
bool validPkceVerifier(const QString &verifier);   // 43..128 unreserved characters
bool validPkceChallenge(const QString &challenge); // 43 base64url characters
QString pkceS256(const QString &verifier);
QUrl urlWithQuery(const QString &base, const Pairs &params);

// "Authorization: Basic base64(id:secret)". Returns false when the header is
// absent; *malformed is set when it is present but not decodable.
bool basicCredentials(const HttpRequest &request, QString *id, QString *secret, bool *malformed);

struct ConsentPage
{
    QString providerName;                  // "Airtable"
    QString appName;                       // "Integrations Desk"
    QString accountLine;                   // "Signed in as ..."
    QList<QPair<QString, QString>> scopes; // scope, description
    QString formAction;                    // absolute path of the POST target
    Pairs hiddenFields;                    // forwarded request parameters
    QString accent = QStringLiteral("#2d7ff9");
};
HttpResponse consentPageResponse(const ConsentPage &page);
HttpResponse htmlErrorPage(int status, const QString &title, const QString &detail);

} // namespace desk::sandbox
