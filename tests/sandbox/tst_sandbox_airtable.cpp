// Black-box tests of the sandbox's Airtable imitation (served under /airtable):
// OAuth with required PKCE and HTTP Basic, rotating refresh tokens, meta and
// records endpoints with offset paging, per-base rate limit with a penalty.
#include "airtabletestutil.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QSet>
#include <QThread>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

TEST_CASE("Airtable OAuth: PKCE authorize, Basic token exchange, whoami", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();
    const HttpResult r = probe.get(atAuthorizeUrl(sandbox, atPkceParams(pkce)));
    REQUIRE(r.status == 302);
    CHECK(QUrl::fromEncoded(r.header("Location")).toString(QUrl::RemoveQuery) == kRedirectUri);
    CHECK(locationQueryItem(r, u"state"_s) == u"at-state-1"_s);
    const QString code = locationQueryItem(r, u"code"_s);
    REQUIRE_FALSE(code.isEmpty());

    const HttpResult t = atExchange(sandbox, probe, code, pkce.verifier);
    INFO(t.body.toStdString());
    REQUIRE(t.status == 200);
    const QJsonObject tokens = t.json().object();
    CHECK_FALSE(tokens.value(u"access_token"_s).toString().isEmpty());
    CHECK_FALSE(tokens.value(u"refresh_token"_s).toString().isEmpty());
    CHECK(tokens.value(u"token_type"_s).toString().compare(u"bearer"_s, Qt::CaseInsensitive) == 0);
    CHECK(tokens.value(u"scope"_s).toString() == kAtScopes);
    CHECK(tokens.value(u"expires_in"_s).toInt() == 3600);
    CHECK(tokens.value(u"refresh_expires_in"_s).toInt() > 3600);

    const HttpResult me =
        atGet(sandbox, probe, u"/v0/meta/whoami"_s, tokens.value(u"access_token"_s).toString());
    REQUIRE(me.status == 200);
    const QJsonObject who = me.json().object();
    CHECK(who.value(u"id"_s).toString().startsWith(u"usr"_s));
    CHECK(who.value(u"email"_s).toString() == u"demo.user@example.com"_s);
    CHECK(who.value(u"scopes"_s).toArray().size() == 3);

    // Codes are single use.
    const HttpResult again = atExchange(sandbox, probe, code, pkce.verifier);
    CHECK(again.status == 400);
    CHECK(again.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);

    // Nothing secret in the request log.
    REQUIRE(sandbox.stop() == 0);
    const QByteArray log = sandbox.log();
    CHECK_FALSE(log.contains(code.toLatin1()));
    CHECK_FALSE(log.contains(pkce.verifier.toLatin1()));
    CHECK_FALSE(log.contains(tokens.value(u"access_token"_s).toString().toLatin1()));
    CHECK(log.contains("POST /airtable/oauth2/v1/token 200"));
}

TEST_CASE("Airtable consent page: allow and deny buttons", "[sandbox][airtable]")
{
    SandboxProcess sandbox;
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();
    const QUrl url = atAuthorizeUrl(sandbox, atPkceParams(pkce));
    const HttpResult page = probe.get(url);
    REQUIRE(page.status == 200);
    CHECK(page.body.contains("<button id=\"allow\""));
    CHECK(page.body.contains("<button id=\"deny\""));
    CHECK(page.body.contains("action=\"/airtable/oauth2/v1/authorize\""));
    CHECK(page.body.contains("schema.bases:read"));

    QList<QPair<QString, QString>> fields;
    for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        fields.append(item);
    auto decide = [&](const QString &decision) {
        auto body = fields;
        body.append({u"decision"_s, decision});
        return probe.post(sandbox.url(u"/airtable/oauth2/v1/authorize"_s), form(body),
                          "application/x-www-form-urlencoded");
    };
    const HttpResult denied = decide(u"deny"_s);
    REQUIRE(denied.status == 302);
    CHECK(locationQueryItem(denied, u"error"_s) == u"access_denied"_s);
    CHECK(locationQueryItem(denied, u"state"_s) == u"at-state-1"_s);
    const HttpResult allowed = decide(u"allow"_s);
    REQUIRE(allowed.status == 302);
    const QString code = locationQueryItem(allowed, u"code"_s);
    CHECK(atExchange(sandbox, probe, code, pkce.verifier).status == 200);
}

TEST_CASE("Airtable authorize errors: PKCE is required", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();

    const HttpResult noPkce = probe.get(atAuthorizeUrl(sandbox, {}));
    REQUIRE(noPkce.status == 302);
    CHECK(locationQueryItem(noPkce, u"error"_s) == u"invalid_request"_s);
    CHECK_FALSE(locationQueryItem(noPkce, u"error_description"_s).isEmpty());
    CHECK(locationQueryItem(noPkce, u"state"_s) == u"at-state-1"_s);
    CHECK(locationQueryItem(noPkce, u"code"_s).isEmpty());

    const HttpResult plain =
        probe.get(atAuthorizeUrl(sandbox, {{u"code_challenge"_s, pkce.challenge},
                                           {u"code_challenge_method"_s, u"plain"_s}}));
    CHECK(locationQueryItem(plain, u"error"_s) == u"invalid_request"_s);

    const HttpResult badScope = probe.get(
        atAuthorizeUrl(sandbox, atPkceParams(pkce), u"data.records:read crm.everything"_s));
    CHECK(locationQueryItem(badScope, u"error"_s) == u"invalid_scope"_s);

    const HttpResult unknownClient =
        probe.get(atAuthorizeUrl(sandbox, atPkceParams(pkce), kAtScopes, u"someone-else"_s));
    CHECK(unknownClient.status == 400);
    CHECK(unknownClient.header("Location").isEmpty());

    QUrl wrongRedirect = atAuthorizeUrl(sandbox, atPkceParams(pkce));
    QUrlQuery q(wrongRedirect);
    q.removeQueryItem(u"redirect_uri"_s);
    q.addQueryItem(u"redirect_uri"_s, u"http://localhost:9/evil"_s);
    wrongRedirect.setQuery(q);
    const HttpResult evil = probe.get(wrongRedirect);
    CHECK(evil.status == 400);
    CHECK(evil.header("Location").isEmpty());
}

TEST_CASE("Airtable token errors: verifier, client authentication, redirect", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    auto freshCode = [&](Pkce *pkce) {
        *pkce = makePkce();
        const HttpResult r = probe.get(atAuthorizeUrl(sandbox, atPkceParams(*pkce)));
        return locationQueryItem(r, u"code"_s);
    };
    Pkce pkce;

    SECTION("wrong verifier")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r = atExchange(sandbox, probe, code, makePkce().verifier);
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
        // The failed attempt consumed the code.
        CHECK(atExchange(sandbox, probe, code, pkce.verifier).status == 400);
    }
    SECTION("missing verifier")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r = atTokenRequest(sandbox, probe,
                                            {{u"grant_type"_s, u"authorization_code"_s},
                                             {u"code"_s, code},
                                             {u"redirect_uri"_s, kRedirectUri}},
                                            basicAuth(kAtClient, kAtSecret));
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_request"_s);
    }
    SECTION("wrong secret in Basic")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r =
            atExchange(sandbox, probe, code, pkce.verifier, basicAuth(kAtClient, u"nope"_s));
        CHECK(r.status == 401);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_client"_s);
    }
    SECTION("client_id in the body is not enough when the integration has a secret")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r = atTokenRequest(sandbox, probe,
                                            {{u"grant_type"_s, u"authorization_code"_s},
                                             {u"client_id"_s, kAtClient},
                                             {u"code"_s, code},
                                             {u"code_verifier"_s, pkce.verifier},
                                             {u"redirect_uri"_s, kRedirectUri}},
                                            {});
        CHECK(r.status == 401);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_client"_s);
    }
    SECTION("redirect_uri must match")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r =
            atTokenRequest(sandbox, probe,
                           {{u"grant_type"_s, u"authorization_code"_s},
                            {u"code"_s, code},
                            {u"code_verifier"_s, pkce.verifier},
                            {u"redirect_uri"_s, u"http://localhost:47110/other"_s}},
                           basicAuth(kAtClient, kAtSecret));
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    }
    SECTION("JSON body is rejected")
    {
        const QString code = freshCode(&pkce);
        const HttpResult r = probe.post(
            sandbox.url(u"/airtable/oauth2/v1/token"_s),
            "{\"grant_type\":\"authorization_code\",\"code\":\"" + code.toLatin1() + "\"}",
            "application/json", {{"Authorization", basicAuth(kAtClient, kAtSecret)}});
        CHECK(r.status == 400);
        CHECK(r.json().object().value(u"error"_s).toString() == u"invalid_request"_s);
    }
}

TEST_CASE("Airtable public client: client_id in the body", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--airtable-client-secret="_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const Pkce pkce = makePkce();
    const HttpResult r = probe.get(atAuthorizeUrl(sandbox, atPkceParams(pkce)));
    const HttpResult t = atTokenRequest(sandbox, probe,
                                        {{u"grant_type"_s, u"authorization_code"_s},
                                         {u"client_id"_s, kAtClient},
                                         {u"code"_s, locationQueryItem(r, u"code"_s)},
                                         {u"code_verifier"_s, pkce.verifier},
                                         {u"redirect_uri"_s, kRedirectUri}},
                                        {});
    INFO(t.body.toStdString());
    CHECK(t.status == 200);
}

TEST_CASE("Airtable refresh rotates both tokens", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonObject first = atLogin(sandbox, probe);
    const QString access1 = first.value(u"access_token"_s).toString();
    const QString refresh1 = first.value(u"refresh_token"_s).toString();
    REQUIRE(atGet(sandbox, probe, u"/v0/meta/bases"_s, access1).status == 200);

    const HttpResult r = atRefresh(sandbox, probe, refresh1);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject second = r.json().object();
    const QString access2 = second.value(u"access_token"_s).toString();
    const QString refresh2 = second.value(u"refresh_token"_s).toString();
    CHECK(access2 != access1);
    CHECK(refresh2 != refresh1);
    CHECK(second.value(u"scope"_s).toString() == kAtScopes);
    CHECK(second.value(u"expires_in"_s).toInt() == 3600);

    // The old pair is dead at once.
    const HttpResult reuse = atRefresh(sandbox, probe, refresh1);
    CHECK(reuse.status == 400);
    CHECK(reuse.json().object().value(u"error"_s).toString() == u"invalid_grant"_s);
    const HttpResult oldAccess = atGet(sandbox, probe, u"/v0/meta/bases"_s, access1);
    CHECK(oldAccess.status == 401);
    CHECK(atErrorType(oldAccess) == u"AUTHENTICATION_REQUIRED"_s);

    CHECK(atGet(sandbox, probe, u"/v0/meta/bases"_s, access2).status == 200);
    CHECK(atRefresh(sandbox, probe, refresh2).status == 200);
}

TEST_CASE("Airtable access tokens expire", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s, u"--airtable-token-lifetime"_s, u"1"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonObject tokens = atLogin(sandbox, probe);
    CHECK(tokens.value(u"expires_in"_s).toInt() == 1);
    QThread::msleep(1200);
    const HttpResult r =
        atGet(sandbox, probe, u"/v0/meta/bases"_s, tokens.value(u"access_token"_s).toString());
    CHECK(r.status == 401);
    CHECK(atErrorType(r) == u"AUTHENTICATION_REQUIRED"_s);
    CHECK(atRefresh(sandbox, probe, tokens.value(u"refresh_token"_s).toString()).status == 200);
}

TEST_CASE("Airtable scopes gate endpoints", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString token =
        atLogin(sandbox, probe, u"data.records:read"_s).value(u"access_token"_s).toString();
    const HttpResult bases = atGet(sandbox, probe, u"/v0/meta/bases"_s, token);
    CHECK(bases.status == 403);
    CHECK(atErrorType(bases) == u"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"_s);
    const HttpResult me = atGet(sandbox, probe, u"/v0/meta/whoami"_s, token);
    REQUIRE(me.status == 200);
    CHECK_FALSE(me.json().object().contains(u"email"_s));
}

TEST_CASE("Airtable data: bases, tables and records, each page exactly once", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--airtable-pat"_s, kAtPat, u"--airtable-rate-limit"_s, u"off"_s,
                            u"--airtable-bases"_s, u"7"_s, u"--airtable-tables"_s, u"2"_s,
                            u"--airtable-records"_s, u"53"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;

    int baseRequests = 0;
    const QJsonArray bases = atAllBases(sandbox, probe, &baseRequests);
    CHECK(baseRequests == 3); // 3 + 3 + 1
    QSet<QString> baseIds;
    for (const QJsonValue &v : bases) {
        const QJsonObject b = v.toObject();
        CHECK(b.value(u"id"_s).toString().startsWith(u"app"_s));
        CHECK(b.value(u"id"_s).toString().size() == 17);
        CHECK_FALSE(b.value(u"name"_s).toString().isEmpty());
        CHECK_FALSE(b.value(u"permissionLevel"_s).toString().isEmpty());
        baseIds.insert(b.value(u"id"_s).toString());
    }
    CHECK(bases.size() == 7);
    CHECK(baseIds.size() == 7);

    const QString baseId = bases.at(1).toObject().value(u"id"_s).toString();
    const HttpResult tablesReply =
        atGet(sandbox, probe, u"/v0/meta/bases/"_s + baseId + u"/tables"_s);
    REQUIRE(tablesReply.status == 200);
    const QJsonArray tables = tablesReply.json().object().value(u"tables"_s).toArray();
    REQUIRE(tables.size() == 2);
    QSet<QString> types;
    for (const QJsonValue &tv : tables) {
        const QJsonObject t = tv.toObject();
        CHECK(t.value(u"id"_s).toString().startsWith(u"tbl"_s));
        const QJsonArray fields = t.value(u"fields"_s).toArray();
        REQUIRE(fields.size() >= 5);
        CHECK(fields.at(0).toObject().value(u"id"_s).toString() ==
              t.value(u"primaryFieldId"_s).toString());
        for (const QJsonValue &f : fields)
            types.insert(f.toObject().value(u"type"_s).toString());
        CHECK_FALSE(t.value(u"views"_s).toArray().isEmpty());
        CHECK(t.value(u"views"_s)
                  .toArray()
                  .at(0)
                  .toObject()
                  .value(u"id"_s)
                  .toString()
                  .startsWith(u"viw"_s));
    }
    CHECK(types.size() >= 6);
    CHECK(types.contains(u"multipleRecordLinks"_s)); // the second table links to the first

    const QJsonObject table = tables.at(1).toObject();
    const QString tableId = table.value(u"id"_s).toString();
    const RecordPages paged = atAllRecords(sandbox, probe, baseId, tableId, 10);
    CHECK(paged.requests == 6);
    CHECK(paged.ids.size() == 53);
    CHECK(QSet<QString>(paged.ids.begin(), paged.ids.end()).size() == 53);
    QSet<int> valueKinds;
    QString previousCreated;
    for (const QJsonValue &v : paged.records) {
        const QJsonObject rec = v.toObject();
        CHECK(rec.value(u"id"_s).toString().startsWith(u"rec"_s));
        const QString created = rec.value(u"createdTime"_s).toString();
        CHECK(created.endsWith(u'Z'));
        CHECK(created > previousCreated);
        previousCreated = created;
        const QJsonObject fields = rec.value(u"fields"_s).toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            valueKinds.insert(int(it.value().type()));
    }
    // The other table pages the same way; value kinds over both tables.
    const RecordPages firstTable = atAllRecords(
        sandbox, probe, baseId, tables.at(0).toObject().value(u"id"_s).toString(), 100);
    CHECK(firstTable.ids.size() == 53);
    for (const QJsonValue &v : firstTable.records) {
        const QJsonObject fields = v.toObject().value(u"fields"_s).toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            valueKinds.insert(int(it.value().type()));
    }
    CHECK(valueKinds.contains(int(QJsonValue::String)));
    CHECK(valueKinds.contains(int(QJsonValue::Double)));
    CHECK(valueKinds.contains(int(QJsonValue::Bool)));
    CHECK(valueKinds.contains(int(QJsonValue::Array)));
    CHECK(valueKinds.contains(int(QJsonValue::Object)));

    // The default page holds up to 100 records: one request, no offset.
    const HttpResult whole = atGet(sandbox, probe, u"/v0/"_s + baseId + u'/' + tableId);
    REQUIRE(whole.status == 200);
    CHECK(whole.json().object().value(u"records"_s).toArray().size() == 53);
    CHECK_FALSE(whole.json().object().contains(u"offset"_s));
    // By name (percent-encoded) gives the same records.
    const HttpResult byName =
        atGet(sandbox, probe,
              u"/v0/"_s + baseId + u'/' +
                  QString::fromLatin1(QUrl::toPercentEncoding(table.value(u"name"_s).toString())));
    CHECK(byName.body == whole.body);
    // One record.
    const HttpResult one =
        atGet(sandbox, probe, u"/v0/"_s + baseId + u'/' + tableId + u'/' + paged.ids.at(17));
    REQUIRE(one.status == 200);
    CHECK(one.json().object() == paged.records.at(17).toObject());

    CHECK(atGet(sandbox, probe, u"/v0/"_s + baseId + u'/' + tableId + u"?pageSize=101"_s).status ==
          422);
    // An offset that was never issued is invalid (an expired one is "not available").
    const HttpResult badOffset =
        atGet(sandbox, probe, u"/v0/"_s + baseId + u'/' + tableId + u"?offset=itrXYZ/rec1"_s);
    CHECK(badOffset.status == 422);
    CHECK(atErrorType(badOffset) == u"INVALID_OFFSET_VALUE"_s);
}

TEST_CASE("Airtable error bodies", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--airtable-pat"_s, kAtPat});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const HttpResult noAuth = probe.get(sandbox.url(u"/airtable/v0/meta/bases"_s));
    CHECK(noAuth.status == 401);
    CHECK(atErrorType(noAuth) == u"AUTHENTICATION_REQUIRED"_s);
    CHECK(atGet(sandbox, probe, u"/v0/meta/bases"_s, u"not-a-token"_s).status == 401);

    const HttpResult unknownBase = atGet(sandbox, probe, u"/v0/appNOPENOPENOPE12/Tasks"_s);
    CHECK(unknownBase.status == 403);
    CHECK(atErrorType(unknownBase) == u"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"_s);

    const QString baseId = atAllBases(sandbox, probe).at(0).toObject().value(u"id"_s).toString();
    const HttpResult unknownTable = atGet(sandbox, probe, u"/v0/"_s + baseId + u"/NoSuchTable"_s);
    CHECK(unknownTable.status == 404);
    CHECK_FALSE(atErrorType(unknownTable).isEmpty());

    const HttpResult noRoute = atGet(sandbox, probe, u"/v1/nothing/here/at/all"_s);
    CHECK(noRoute.status == 404);
    CHECK(noRoute.json().object().value(u"error"_s).toString() == u"NOT_FOUND"_s);
}

TEST_CASE("Airtable rate limit: 5 requests/s per base, then a penalty wait",
          "[sandbox][airtable][limits]")
{
    SandboxProcess sandbox({u"--airtable-pat"_s, kAtPat, u"--airtable-penalty-ms"_s, u"5000"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QJsonArray bases = atAllBases(sandbox, probe); // meta/bases is not per base
    const QString a = bases.at(0).toObject().value(u"id"_s).toString();
    const QString b = bases.at(1).toObject().value(u"id"_s).toString();
    const QString tablesA = u"/v0/meta/bases/"_s + a + u"/tables"_s;
    const QString tableA = atGet(sandbox, probe, tablesA)
                               .json()
                               .object()
                               .value(u"tables"_s)
                               .toArray()
                               .at(0)
                               .toObject()
                               .value(u"id"_s)
                               .toString();
    // 1 request so far; 4 more (records count against the same base) fill the second.
    for (int i = 0; i < 4; ++i)
        REQUIRE(atGet(sandbox, probe, u"/v0/"_s + a + u'/' + tableA + u"?pageSize=1"_s).status ==
                200);
    const HttpResult limited = atGet(sandbox, probe, tablesA);
    INFO(limited.body.toStdString());
    REQUIRE(limited.status == 429);
    const QJsonArray errors = limited.json().object().value(u"errors"_s).toArray();
    REQUIRE(errors.size() == 1);
    CHECK(errors.at(0).toObject().value(u"error"_s).toString() == u"RATE_LIMIT_REACHED"_s);
    CHECK_FALSE(errors.at(0).toObject().value(u"message"_s).toString().isEmpty());

    // Another base is not affected.
    CHECK(atGet(sandbox, probe, u"/v0/meta/bases/"_s + b + u"/tables"_s).status == 200);

    // After the one-second window, base A is still in its penalty.
    QThread::msleep(1300);
    CHECK(atGet(sandbox, probe, tablesA).status == 429);
    CHECK(atGet(sandbox, probe, u"/v0/"_s + a + u'/' + tableA).status == 429);

    QThread::msleep(4200); // past the 5 s penalty
    CHECK(atGet(sandbox, probe, tablesA).status == 200);

    REQUIRE(sandbox.stop() == 0);
    CHECK(sandbox.log().contains("3 rate-limited (429)"));
}

TEST_CASE("Airtable data is deterministic per seed", "[sandbox][airtable]")
{
    auto snapshot = [](const QString &seed) {
        SandboxProcess sandbox(
            {u"--airtable-pat"_s, kAtPat, u"--seed"_s, seed, u"--airtable-rate-limit"_s, u"off"_s});
        REQUIRE(sandbox.started());
        HttpProbe probe;
        QByteArray out;
        const QJsonArray bases = atAllBases(sandbox, probe);
        out += QJsonDocument(bases).toJson();
        const QString base = bases.at(2).toObject().value(u"id"_s).toString();
        const HttpResult tables = atGet(sandbox, probe, u"/v0/meta/bases/"_s + base + u"/tables"_s);
        out += tables.body;
        const QString table = tables.json()
                                  .object()
                                  .value(u"tables"_s)
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(u"id"_s)
                                  .toString();
        out += QJsonDocument(atAllRecords(sandbox, probe, base, table, 50).records).toJson();
        return out;
    };
    const QByteArray a = snapshot(u"7"_s);
    CHECK(a == snapshot(u"7"_s));
    CHECK(a != snapshot(u"8"_s));
}

TEST_CASE("Airtable faults hit data endpoints only", "[sandbox][airtable]")
{
    SandboxProcess sandbox({u"--airtable-pat"_s, kAtPat, u"--fault-rate"_s, u"1"_s,
                            u"--airtable-rate-limit"_s, u"off"_s, u"--auto-consent"_s});
    REQUIRE(sandbox.started());
    for (int i = 0; i < 6; ++i)
        CHECK(rawOutcome(sandbox.port(), "GET", "/airtable/v0/meta/bases", kAtPat.toLatin1()) !=
              u"200"_s);
    HttpProbe probe;
    const Pkce pkce = makePkce();
    CHECK(probe.get(atAuthorizeUrl(sandbox, atPkceParams(pkce))).status == 302);
}
