#include <catch2/catch.hpp>

#include "common/accountinfo.h"
#include "common/appsettings.h"
#include "providers/hubspot/hubspotspec.h"

#include <QJsonDocument>
#include <QSet>

using namespace desk;

TEST_CASE("HubSpot profile for the real service", "[hubspot]")
{
    const ProviderSpec &hs = hubspot::declaration();
    CHECK(hs.id == QStringLiteral("hubspot"));
    CHECK(ProviderRegistry::find(QStringLiteral("hubspot")) != nullptr);
    ProviderSettings s;
    s.clientId = QStringLiteral("cid");
    s.clientSecret = QStringLiteral("csecret");
    const ProviderProfile p = hs.profile(s);
    CHECK_FALSE(p.isSandbox);
    CHECK(p.authorizeUrl == QUrl(QStringLiteral("https://app.hubspot.com/oauth/authorize")));
    CHECK(p.tokenUrl == QUrl(QStringLiteral("https://api.hubapi.com/oauth/2026-09/token")));
    CHECK(p.revokeUrl == QUrl(QStringLiteral("https://api.hubapi.com/oauth/2026-09/token/revoke")));
    CHECK(p.metadataUrl ==
          QUrl(QStringLiteral("https://api.hubapi.com/oauth/2026-09/token/introspect")));
    CHECK(p.apiBaseUrl == QUrl(QStringLiteral("https://api.hubapi.com")));
    CHECK(p.clientId == QStringLiteral("cid"));
    CHECK(p.clientSecret == QStringLiteral("csecret"));
    CHECK(p.pkceRequired);
    CHECK(p.redirectUri() == QUrl(QStringLiteral("http://localhost:47110/callback")));
    CHECK(p.scopes == hubspot::defaultScopes());
    CHECK(p.scopes.join(QLatin1Char(' ')) ==
          QStringLiteral("oauth crm.objects.contacts.read crm.objects.companies.read "
                         "crm.objects.deals.read tickets crm.objects.owners.read"));
}

TEST_CASE("HubSpot profile for the sandbox puts every URL on its base with the demo client",
          "[hubspot]")
{
    const ProviderSpec &hs = hubspot::declaration();
    ProviderSettings s;
    s.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/"));
    s.redirectPort = 50001;
    const ProviderProfile p = hs.profile(s);
    CHECK(p.isSandbox);
    for (const QUrl &u : {p.authorizeUrl, p.tokenUrl, p.revokeUrl, p.metadataUrl, p.apiBaseUrl}) {
        CHECK(u.host() == QStringLiteral("127.0.0.1"));
        CHECK(u.port() == 8123);
    }
    CHECK(p.authorizeUrl.path() == QStringLiteral("/oauth/authorize"));
    CHECK(p.tokenUrl.path() == QStringLiteral("/oauth/2026-09/token"));
    CHECK(p.revokeUrl.path() == QStringLiteral("/oauth/2026-09/token/revoke"));
    CHECK(p.metadataUrl.path() == QStringLiteral("/oauth/2026-09/token/introspect"));
    CHECK(p.clientId == QStringLiteral("desk-demo-client"));
    CHECK(p.clientSecret == QStringLiteral("desk-demo-secret"));
    CHECK(p.redirectUri() == QUrl(QStringLiteral("http://localhost:50001/callback")));
}

TEST_CASE("HubSpot object types and display names", "[hubspot]")
{
    const ProviderSpec &hs = hubspot::declaration();
    CHECK(hs.objectTypes() == QStringList{QStringLiteral("contacts"), QStringLiteral("companies"),
                                          QStringLiteral("deals"), QStringLiteral("tickets")});
    CHECK(hs.defaultObjectTypes() == hs.objectTypes());
    CHECK(hs.typeDisplayName(QStringLiteral("contacts")) == QStringLiteral("Contacts"));
    CHECK(hs.typeDisplayName(QStringLiteral("tickets")) == QStringLiteral("Tickets"));
    CHECK(hs.typeDisplayName(QStringLiteral("line_items")) == QStringLiteral("Line_items"));
}

TEST_CASE("HubSpot identity from the token response, the introspection and the account details",
          "[hubspot]")
{
    // The token response's optional fields, when present.
    auto r = hubspot::accountFromTokenResponse(
        QJsonDocument::fromJson(R"({"expires_in":1800,"token_type":"bearer","token_use":"access_token",
            "hub_id":24681357,"user_id":7654321,"scopes":["oauth","tickets"]})")
            .object());
    REQUIRE(r.ok());
    CHECK(r.value().accountId == QStringLiteral("24681357"));
    CHECK(r.value().scopes == QStringList{QStringLiteral("oauth"), QStringLiteral("tickets")});
    CHECK(r.value().summary().contains(QStringLiteral("24681357")));
    // Without them (only the five required fields): ask the introspection instead.
    CHECK_FALSE(hubspot::accountFromTokenResponse(
                    QJsonDocument::fromJson(R"({"expires_in":1800,"token_type":"bearer"})").object())
                    .ok());
    CHECK(hubspot::declaration().account.fromTokenResponse);
    CHECK(hubspot::declaration().account.introspection);

    auto i = hubspot::parseIntrospection(
        R"({"active":true,"token":"x","user":"demo.user@example.com","hub_domain":"demo-company.sandbox.local",
            "scopes":["oauth","tickets"],"hub_id":24681357,"app_id":1,"expires_in":1799,"user_id":7,
            "token_type":"bearer","token_use":"access_token"})");
    REQUIRE(i.ok());
    CHECK(i.value().accountId == QStringLiteral("24681357"));
    CHECK(i.value().accountName == QStringLiteral("demo-company.sandbox.local"));
    CHECK(i.value().userEmail == QStringLiteral("demo.user@example.com"));
    CHECK(i.value().summary().contains(QStringLiteral("demo.user@example.com")));
    const auto inactive = hubspot::parseIntrospection(R"({"active":false})");
    REQUIRE_FALSE(inactive.ok());
    CHECK(inactive.error().kind == Error::Kind::Unauthorized);

    auto d = hubspot::parseAccountDetails(
        R"({"portalId":24681357,"accountType":"STANDARD","timeZone":"Europe/Berlin"})");
    REQUIRE(d.ok());
    CHECK(d.value().accountId == QStringLiteral("24681357"));

    for (const char *bad : {"", "[]", "{}", R"({"hub_id":null})", R"({"hub_id":1,"user":5})",
                            R"({"hub_id":1,"scopes":"oauth"})", R"({"hub_id":0})"}) {
        INFO(bad);
        const auto b = hubspot::parseIntrospection(QByteArray(bad));
        REQUIRE_FALSE(b.ok());
        CHECK(b.error().kind == Error::Kind::BadResponse);
    }
    CHECK_FALSE(hubspot::parseAccountDetails("{}").ok());
    CHECK_FALSE(AccountInfo().isValid());
}

TEST_CASE("A token given directly (a service key too) is identified by the account details",
          "[hubspot]")
{
    const ProviderSpec spec = hubspot::declaration();
    CHECK(spec.tokenAccount.isValid());
    CHECK(spec.tokenAccount.apiPath == QStringLiteral("/account-info/2026-09/details"));
    CHECK_FALSE(spec.tokenAccount.tokenInPath);
}

TEST_CASE("HubSpot's token errors: its legacy status names are read by its own reader",
          "[hubspot]")
{
    OAuthErrorBody e = hubspot::readTokenError(
        R"({"error":"invalid_grant","error_description":"bad token","status":"BAD_REFRESH_TOKEN","message":"m"})");
    CHECK(e.isInvalidGrant());
    CHECK(e.code() == QStringLiteral("invalid_grant/BAD_REFRESH_TOKEN"));
    e = hubspot::readTokenError(R"({"status":"BAD_REFRESH_TOKEN","message":"gone"})");
    CHECK(e.isInvalidGrant());
    e = hubspot::readTokenError(R"({"status":"EXPIRED_REFRESH_TOKEN","message":"gone"})");
    CHECK(e.isInvalidGrant());
    e = hubspot::readTokenError(R"({"status":"BAD_CLIENT_SECRET","message":"no"})");
    CHECK(e.isInvalidClient());
    CHECK_FALSE(e.isInvalidGrant());
    // The shared reader knows RFC 6749 only.
    CHECK_FALSE(parseOAuthError(R"({"status":"BAD_REFRESH_TOKEN","message":"gone"})")
                    .isInvalidGrant());
    CHECK(hubspot::declaration().profile({}).readTokenError);
}

TEST_CASE("The API version is one value: a spec built with another one uses it in every URL",
          "[hubspot]")
{
    const QString other = QStringLiteral("2027-03");
    const ProviderSpec spec = hubspot::declaration(other);
    ProviderSettings s;
    s.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/"));
    const ProviderProfile p = spec.profile(s);
    for (const QUrl &u : {p.tokenUrl, p.revokeUrl, p.metadataUrl})
        CHECK(u.path().contains(QStringLiteral("/2027-03/")));
    CHECK(spec.tokenAccount.apiPath == QStringLiteral("/account-info/2027-03/details"));
    const hubspot::Api api{other};
    for (const QString &path :
         {api.objects(QStringLiteral("contacts")), api.batchRead(QStringLiteral("deals")),
          api.search(QStringLiteral("tickets")),
          api.associations(QStringLiteral("deals"), QStringLiteral("contacts")), api.owners(),
          api.pipelines(QStringLiteral("deals")), api.accountDetails(), api.token()})
        CHECK(path.contains(QStringLiteral("/2027-03")));
    // Every request of a plan for that spec (its first requests; the load
    // against the sandbox checks all of them: tst_hubspot_dated).
    PlanContext context;
    context.request.objectTypes = spec.objectTypes();
    const LoadPlan plan = spec.plan(context);
    REQUIRE_FALSE(plan.streams.isEmpty());
    for (const StreamSpec &stream : plan.references + plan.streams) {
        INFO(stream.key.toStdString());
        CHECK(stream.request(QString()).url.path().contains(QStringLiteral("/2027-03")));
    }
}

TEST_CASE("An incremental load reads a type incrementally only with a mark and a recent sweep",
          "[hubspot][sync]")
{
    const ProviderSpec spec = hubspot::declaration();
    PlanContext context;
    context.request.objectTypes = spec.objectTypes();
    context.request.mode = LoadMode::Incremental;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString mark = QStringLiteral("hs1:") + QString::number(now.toMSecsSinceEpoch() - 60000);
    context.request.syncStates = {
        {QStringLiteral("contacts"), SyncState{mark, now.addSecs(-3600)}},       // incremental
        {QStringLiteral("companies"), SyncState{mark, now.addDays(-2)}},         // sweep due
        {QStringLiteral("deals"), SyncState{QString(), now.addSecs(-60)}},       // no mark yet
        {QStringLiteral("tickets"), SyncState{QStringLiteral("x"), now}}};      // not ours
    const LoadPlan plan = spec.plan(context);
    QSet<QString> incremental, full;
    for (const StreamSpec &stream : plan.streams)
        (stream.incremental ? incremental : full).insert(stream.type);
    CHECK(incremental == QSet<QString>{QStringLiteral("contacts")});
    CHECK(full.contains(QStringLiteral("companies")));
    CHECK(full.contains(QStringLiteral("deals")));
    CHECK(full.contains(QStringLiteral("tickets")));
    CHECK_FALSE(full.contains(QStringLiteral("contacts")));
    // Changes through search, deletions through the archived listing.
    QStringList keys;
    for (const StreamSpec &stream : plan.streams)
        if (stream.incremental)
            keys.append(stream.key);
    CHECK(keys.contains(QStringLiteral("contacts:changes")));
    CHECK(keys.contains(QStringLiteral("contacts:archived")));
    for (const StreamSpec &stream : plan.streams)
        if (stream.key == QLatin1String("contacts:archived"))
            CHECK(stream.request(QString()).url.query().contains(QStringLiteral("archived=true")));
}
