#pragma once

// Helpers for the black-box tests of the sandbox's Airtable imitation: OAuth
// with PKCE and HTTP Basic, API calls, base and record paging, and the
// change-set control endpoint.
#include "notiontestutil.h"

namespace sandboxtest {

inline const QString kAtClient = QStringLiteral("desk-airtable-demo");
inline const QString kAtSecret = QStringLiteral("desk-airtable-secret");
inline const QString kAtScopes =
    QStringLiteral("data.records:read schema.bases:read user.email:read");
inline const QString kAtPat = QStringLiteral("patSandboxTest.0123456789");

QUrl atAuthorizeUrl(const SandboxProcess &sandbox, const QList<QPair<QString, QString>> &extra,
                    const QString &scopes = kAtScopes, const QString &clientId = kAtClient);
QList<QPair<QString, QString>> atPkceParams(const Pkce &pkce);
HttpResult atTokenRequest(SandboxProcess &sandbox, HttpProbe &probe,
                          const QList<QPair<QString, QString>> &body,
                          const QByteArray &authorization);
HttpResult atExchange(SandboxProcess &sandbox, HttpProbe &probe, const QString &code,
                      const QString &verifier,
                      const QByteArray &authorization = basicAuth(kAtClient, kAtSecret));
HttpResult atRefresh(SandboxProcess &sandbox, HttpProbe &probe, const QString &refreshToken);
// Authorize (auto-consent) + exchange; returns the token response.
QJsonObject atLogin(SandboxProcess &sandbox, HttpProbe &probe, const QString &scopes = kAtScopes);

HttpResult atGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                 const QString &token = kAtPat);
QString atErrorType(const HttpResult &r);
QString atEncode(const QString &text); // percent-encoded for a query value
QJsonArray atAllBases(SandboxProcess &sandbox, HttpProbe &probe, int *requests = nullptr);
// The tables of a base (meta endpoint).
QJsonArray atTables(SandboxProcess &sandbox, HttpProbe &probe, const QString &base);

struct RecordPages
{
    QStringList ids;
    QJsonArray records;
    int requests = 0;
};
// Follows offset from `/v0/{base}/{table}?pageSize=N` plus `query` (e.g. "&sort…").
RecordPages atAllRecords(SandboxProcess &sandbox, HttpProbe &probe, const QString &base,
                         const QString &table, int pageSize, const QString &query = QString());

// POST /airtable/_sandbox/changes.
HttpResult atChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body);

} // namespace sandboxtest
