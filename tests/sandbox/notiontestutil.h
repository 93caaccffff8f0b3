#pragma once

// Helpers for the black-box tests of the sandbox's Notion imitation: OAuth
// with HTTP Basic and a JSON token request, API calls with a Notion-Version,
// search/query paging, titles, and the change-set control endpoint.
#include "sandboxtestutil.h"

namespace sandboxtest {

inline const QString kNtClient = QStringLiteral("desk-notion-demo");
inline const QString kNtSecret = QStringLiteral("desk-notion-secret");
inline const QString kNtInternal = QStringLiteral("ntn_internal_sandbox_test_token");
inline const QByteArray kNtLegacy = "2022-06-28";
inline const QByteArray kNtDataSources = "2025-09-03";
inline const QByteArray kNtNewest = "2026-03-11";

QByteArray basicAuth(const QString &id, const QString &secret);
QUrl ntAuthorizeUrl(const SandboxProcess &sandbox, const QString &owner = QStringLiteral("user"));
HttpResult ntToken(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body,
                   const QByteArray &authorization = basicAuth(kNtClient, kNtSecret));
QJsonObject ntCodeBody(const QString &code);
QString ntAuthorizeCode(SandboxProcess &sandbox, HttpProbe &probe);
// Authorize (auto-consent) and exchange: the token response.
QJsonObject ntLogin(SandboxProcess &sandbox, HttpProbe &probe);

// Empty version: no Notion-Version header.
HttpProbe::Headers ntHeaders(const QString &token, const QByteArray &version);
HttpResult ntPost(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                  const QJsonObject &body, const QString &token = kNtInternal,
                  const QByteArray &version = kNtLegacy);
HttpResult ntGet(SandboxProcess &sandbox, HttpProbe &probe, const QString &path,
                 const QString &token = kNtInternal, const QByteArray &version = kNtLegacy);
QString ntErrorCode(const HttpResult &r);

struct NtPages
{
    QJsonArray results;
    int requests = 0;
};
// Follows next_cursor from `body` (plus page_size) until has_more is false;
// every page must be 200 and of the list type the version uses.
NtPages ntListAll(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body, int pageSize,
                  const QByteArray &version = kNtLegacy,
                  const QString &path = QStringLiteral("/v1/search"));
// {"property":"object","value":kind} (kind empty: no filter).
QJsonObject ntObjectFilter(const QString &kind);

QString ntPlainText(const QJsonArray &richText);
// The title-typed property of a page (exactly one exists).
QJsonArray ntPageTitle(const QJsonObject &page, int *titleProperties);
// A page's or data source's or database's title as plain text.
QString ntTitle(const QJsonObject &object);
QStringList ntIds(const QJsonArray &results);

// POST /notion/_sandbox/changes.
HttpResult ntChanges(SandboxProcess &sandbox, HttpProbe &probe, const QJsonObject &body);

} // namespace sandboxtest
