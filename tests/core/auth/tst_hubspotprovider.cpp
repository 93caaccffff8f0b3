#include <catch2/catch.hpp>

#include "common/accountinfo.h"
#include "common/appsettings.h"
#include "providers/hubspot/hubspotspec.h"

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
    CHECK(p.tokenUrl == QUrl(QStringLiteral("https://api.hubapi.com/oauth/v3/token")));
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
    CHECK(p.tokenUrl.path() == QStringLiteral("/oauth/v3/token"));
    CHECK(p.metadataUrl.path() == QStringLiteral("/oauth/v1/access-tokens/"));
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

TEST_CASE("HubSpot access-token metadata parsing", "[hubspot]")
{
    auto r = hubspot::parseAccessTokenMetadata(
        R"({"token":"x","user":"demo.user@example.com","hub_domain":"demo-company.sandbox.local",
            "scopes":["oauth","tickets"],"hub_id":24681357,"app_id":1,"expires_in":1799,"user_id":7,"token_type":"access"})");
    REQUIRE(r.ok());
    CHECK(r.value().accountId == QStringLiteral("24681357"));
    CHECK(r.value().accountName == QStringLiteral("demo-company.sandbox.local"));
    CHECK(r.value().userEmail == QStringLiteral("demo.user@example.com"));
    CHECK(r.value().scopes == QStringList{QStringLiteral("oauth"), QStringLiteral("tickets")});
    CHECK(r.value().summary().contains(QStringLiteral("24681357")));
    CHECK(r.value().summary().contains(QStringLiteral("demo.user@example.com")));

    for (const char *bad : {"", "[]", "{}", R"({"hub_id":null})", R"({"hub_id":1,"user":5})",
                            R"({"hub_id":1,"scopes":"oauth"})", R"({"hub_id":0})"}) {
        INFO(bad);
        const auto b = hubspot::parseAccessTokenMetadata(QByteArray(bad));
        REQUIRE_FALSE(b.ok());
        CHECK(b.error().kind == Error::Kind::BadResponse);
    }
    CHECK_FALSE(AccountInfo().isValid());
}
