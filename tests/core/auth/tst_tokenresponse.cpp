#include <catch2/catch.hpp>

#include "auth/tokenresponse.h"

using namespace desk;

TEST_CASE("token response: the documented HubSpot shape parses", "[token]")
{
    const auto r = parseTokenResponse(
        R"({"token_type":"bearer","access_token":"CKabc","refresh_token":"na1-xyz",
        "expires_in":1800,"token_use":"access_token","hub_id":24681357,"user_id":1,"scopes":["oauth","tickets"]})");
    REQUIRE(r.ok());
    CHECK(r.value().accessToken == "CKabc");
    CHECK(r.value().refreshToken == "na1-xyz");
    CHECK(r.value().expiresIn == 1800);
    CHECK(r.value().scopes == QStringList{QStringLiteral("oauth"), QStringLiteral("tickets")});
}

TEST_CASE("token response: optional fields may be missing or null", "[token]")
{
    auto r = parseTokenResponse(R"({"access_token":"a","expires_in":60})");
    REQUIRE(r.ok());
    CHECK(r.value().refreshToken.isEmpty());
    CHECK(r.value().tokenType.isEmpty());
    r = parseTokenResponse(
        R"({"access_token":"a","expires_in":60.7,"refresh_token":null,"scope":"x y","token_type":"Bearer"})");
    REQUIRE(r.ok());
    CHECK(r.value().expiresIn == 60);
    CHECK(r.value().scopes == QStringList{QStringLiteral("x"), QStringLiteral("y")});
    // Providers without expires_in (Notion) when allowed.
    r = parseTokenResponse(R"({"access_token":"a"})", false);
    REQUIRE(r.ok());
    CHECK(r.value().expiresIn == -1);
}

TEST_CASE("token response: missing required fields, wrong types and garbage are BadResponse",
          "[token]")
{
    const char *bad[] = {
        "",
        "garbage",
        "<html>502 Bad Gateway</html>",
        R"({"access_token":"a","expires_in":60)", // truncated
        "[]",
        "\"access_token\"",
        R"({})",
        R"({"expires_in":60})",
        R"({"access_token":"","expires_in":60})",
        R"({"access_token":42,"expires_in":60})",
        R"({"access_token":null,"expires_in":60})",
        R"({"access_token":"a"})",
        R"({"access_token":"a","expires_in":"1800"})",
        R"({"access_token":"a","expires_in":0})",
        R"({"access_token":"a","expires_in":-5})",
        R"({"access_token":"a","expires_in":true})",
        R"({"access_token":"a","expires_in":60,"refresh_token":7})",
        R"({"access_token":"a","expires_in":60,"refresh_token":{}})",
        R"({"access_token":"a","expires_in":60,"token_type":"mac"})",
        R"({"access_token":"a","expires_in":60,"token_type":1})",
        R"({"access_token":"a","expires_in":60,"scopes":"oauth"})",
        R"({"access_token":"a","expires_in":60,"scopes":["oauth",1]})",
        R"({"access_token":"a","expires_in":60,"scope":["oauth"]})",
        R"({"access_token":["a"],"expires_in":60})",
    };
    for (const char *body : bad) {
        INFO(body);
        const auto r = parseTokenResponse(QByteArray(body));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == Error::Kind::BadResponse);
        CHECK_FALSE(r.error().message.isEmpty());
    }
}

TEST_CASE("token response: error details never contain the token", "[token]")
{
    const auto r = parseTokenResponse(
        R"({"access_token":"SECRET-TOKEN-123","expires_in":"x","refresh_token":"SECRET-R"})");
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(r.error().detail.contains(QStringLiteral("SECRET")));
    CHECK_FALSE(r.error().message.contains(QStringLiteral("SECRET")));
}

TEST_CASE("OAuth error bodies: RFC 6749 codes, and a provider's own fields kept for its reader",
          "[token]")
{
    auto e = parseOAuthError(
        R"({"error":"invalid_grant","error_description":"bad token","status":"BAD_REFRESH_TOKEN","message":"m"})");
    CHECK(e.valid);
    CHECK(e.isInvalidGrant());
    CHECK(e.text() == QStringLiteral("bad token"));
    CHECK(e.code() == QStringLiteral("invalid_grant/BAD_REFRESH_TOKEN"));
    // A status name alone means nothing to the shared reader (a provider's reader
    // may know it, see tst_hubspotprovider).
    e = parseOAuthError(
        R"({"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token"})");
    CHECK(e.valid);
    CHECK_FALSE(e.isInvalidGrant());
    CHECK(e.status == QStringLiteral("BAD_REFRESH_TOKEN"));
    CHECK(e.text() == QStringLiteral("missing or unknown refresh token"));
    e = parseOAuthError(R"({"error":"invalid_client","status":"BAD_CLIENT_SECRET"})");
    CHECK(e.isInvalidClient());
    CHECK_FALSE(e.isInvalidGrant());
    e = parseOAuthError("not json");
    CHECK_FALSE(e.valid);
    CHECK_FALSE(e.isInvalidGrant());
}

TEST_CASE("refresh scheduling: 10% ahead, between 1 s and 5 min", "[token]")
{
    CHECK(TokenTiming::refreshLeadSeconds(1800) == 180);
    CHECK(TokenTiming::refreshLeadSeconds(3600) == 300);
    CHECK(TokenTiming::refreshLeadSeconds(86400) == 300);
    CHECK(TokenTiming::refreshLeadSeconds(60) == 6);
    CHECK(TokenTiming::refreshLeadSeconds(5) == 1);
    CHECK(TokenTiming::refreshLeadSeconds(-1) == 1);

    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2026-01-01T12:00:00Z"), Qt::ISODate);
    const QDateTime expiry = now.addSecs(1800);
    CHECK(TokenTiming::refreshAt(expiry, 1800) == now.addSecs(1620));
    CHECK_FALSE(TokenTiming::needsRefresh(expiry, 1800, now));
    CHECK_FALSE(TokenTiming::needsRefresh(expiry, 1800, now.addSecs(1619)));
    CHECK(TokenTiming::needsRefresh(expiry, 1800, now.addSecs(1620)));
    CHECK(TokenTiming::needsRefresh(expiry, 1800, now.addSecs(4000)));
    // Unknown expiry: never refreshed ahead of time (only on a 401).
    CHECK_FALSE(TokenTiming::needsRefresh(QDateTime(), 1800, now));
}

TEST_CASE("token response: the extras a profile names are kept as text, others not", "[token]")
{
    const auto r = parseTokenResponse(
        R"({"access_token":"a","expires_in":60,"api_domain":"https://eu1.api.example",
        "hub_id":24681357,"nested":{"x":1},"secret_thing":"s"})",
        true,
        {QStringLiteral("api_domain"), QStringLiteral("hub_id"), QStringLiteral("nested"),
         QStringLiteral("absent")});
    REQUIRE(r.ok());
    CHECK(r.value().extras.value(QStringLiteral("api_domain")) ==
          QStringLiteral("https://eu1.api.example"));
    CHECK(r.value().extras.value(QStringLiteral("hub_id")) == QStringLiteral("24681357"));
    CHECK_FALSE(r.value().extras.contains(QStringLiteral("nested"))); // not a string/number
    CHECK_FALSE(r.value().extras.contains(QStringLiteral("absent")));
    CHECK_FALSE(r.value().extras.contains(QStringLiteral("secret_thing"))); // not named
}
