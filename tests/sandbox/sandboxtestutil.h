#pragma once

// Helpers shared by the sandbox black-box tests: PKCE, the OAuth dance over
// plain HTTP, paging, and raw-socket requests for fault classification.
#include "support/httpprobe.h"
#include "support/sandboxprocess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace sandboxtest {

inline const QString kClientId = QStringLiteral("desk-demo-client");
inline const QString kClientSecret = QStringLiteral("desk-demo-secret");
inline const QString kRedirectUri = QStringLiteral("http://localhost:47110/callback");
inline const QString kDefaultScopes = QStringLiteral(
    "oauth crm.objects.contacts.read crm.objects.companies.read crm.objects.deals.read tickets "
    "crm.objects.owners.read");
inline const QByteArray kPrivateToken = "pat-na1-test-private-app-token";
// The date-based versions the sandbox is expected to serve (the tests' own list).
inline const QStringList kDatedVersions = {QStringLiteral("2026-09"), QStringLiteral("2026-03")};

struct Pkce
{
    QString verifier;
    QString challenge;
};
Pkce makePkce();
QString s256(const QString &verifier);

QByteArray form(const QList<QPair<QString, QString>> &pairs);
QUrl authorizeUrl(const SandboxProcess &sandbox, const QString &scopes, const QString &state,
                  const QString &challenge, const QString &redirectUri = kRedirectUri,
                  const QString &clientId = kClientId);
// Query item of a redirect's Location header (empty if absent).
QString locationQueryItem(const HttpResult &result, const QString &name);

struct CodeGrant
{
    QString code;
    QString verifier;
};
// Runs /oauth/authorize against a sandbox started with --auto-consent.
CodeGrant authorizeCode(SandboxProcess &sandbox, HttpProbe &probe,
                        const QString &scopes = kDefaultScopes);
HttpResult exchangeCode(SandboxProcess &sandbox, HttpProbe &probe, const QString &code,
                        const QString &verifier, const QString &secret = kClientSecret,
                        const QString &redirectUri = kRedirectUri,
                        const QString &path = QStringLiteral("/oauth/v3/token"),
                        const QString &clientId = kClientId);
HttpResult refresh(SandboxProcess &sandbox, HttpProbe &probe, const QString &refreshToken,
                   const QString &path = QStringLiteral("/oauth/v3/token"));

struct Tokens
{
    QString access;
    QString refresh;
    QJsonObject raw;
};
Tokens login(SandboxProcess &sandbox, HttpProbe &probe, const QString &scopes = kDefaultScopes);

HttpProbe::Headers bearer(const QString &token);
// POST of a JSON body (with a bearer when `token` is not empty).
HttpResult postJson(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                    const QJsonObject &body, const QString &token = QString());
// POST of a form body.
HttpResult postForm(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                    const QList<QPair<QString, QString>> &pairs);
// POST /_sandbox/changes; the answer's JSON (REQUIREs a 200).
QJsonObject applyChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &changes);
QStringList strings(const QJsonValue &array); // ["a","b"] -> {"a","b"}
// errors[0].context.<key> of an error or batch answer.
QStringList firstErrorContext(const HttpResult &result, const QString &key);
HttpResult apiGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &pathAndQuery,
                  const QString &token);

struct Paged
{
    QStringList ids; // in the order received
    int requests = 0;
    bool ok = true; // every page 200 and well formed
    QString failure;
    QJsonArray results; // all objects, when keepResults
};
// Follows paging.next.link from `firstPath` until the last page.
Paged pageAll(SandboxProcess &sandbox, HttpProbe &probe, const QString &firstPath,
              const QString &token, bool keepResults = false, int maxRequests = 5000);

bool strictlyAscendingNumeric(const QStringList &ids);

// Sends one HTTP/1.1 request with "Connection: close" on a fresh socket and
// classifies what came back: "200", "503", ..., "reset" (no bytes, connection
// dropped) or "truncated" (fewer body bytes than Content-Length).
QString rawOutcome(quint16 port, const QByteArray &method, const QByteArray &target,
                   const QByteArray &token);

} // namespace sandboxtest
