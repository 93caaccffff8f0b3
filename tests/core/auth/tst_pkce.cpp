#include <catch2/catch.hpp>

#include "auth/pkce.h"

#include <QSet>
#include <QUrlQuery>

using namespace desk;

TEST_CASE("PKCE S256 matches RFC 7636 Appendix B", "[pkce]")
{
    const QByteArray verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    REQUIRE(Pkce::isValidVerifier(verifier));
    CHECK(Pkce::challengeS256(verifier) ==
          QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

TEST_CASE("PKCE verifiers are 43-128 unreserved characters and unique", "[pkce]")
{
    QSet<QByteArray> seen;
    for (int length : {1, 43, 64, 100, 128, 500}) {
        const QByteArray v = Pkce::generateVerifier(length);
        CHECK(v.size() == qBound(43, length, 128));
        CHECK(Pkce::isValidVerifier(v));
        CHECK_FALSE(v.contains('='));
        seen.insert(v);
    }
    for (int i = 0; i < 200; ++i)
        seen.insert(Pkce::generateVerifier());
    CHECK(seen.size() == 206);
    CHECK_FALSE(Pkce::isValidVerifier(QByteArray(42, 'a')));
    CHECK_FALSE(Pkce::isValidVerifier(QByteArray(129, 'a')));
    CHECK_FALSE(Pkce::isValidVerifier(QByteArray(43, 'a') + '+'));
    // Challenge of any verifier: 43 base64url characters, no padding.
    const QByteArray c = Pkce::challengeS256(Pkce::generateVerifier());
    CHECK(c.size() == 43);
    CHECK(QByteArray::fromBase64(c, QByteArray::Base64UrlEncoding).size() == 32);
}

TEST_CASE("state carries at least 128 bits, base64url without padding", "[pkce]")
{
    QSet<QString> seen;
    for (int i = 0; i < 500; ++i) {
        const QString s = OAuthParams::generateState();
        REQUIRE(s.size() == 43); // 32 bytes
        for (const QChar c : s)
            REQUIRE((c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')));
        seen.insert(s);
    }
    CHECK(seen.size() == 500);
    // Asking for less than 16 bytes still gives 128 bits.
    const QByteArray raw = QByteArray::fromBase64(OAuthParams::generateState(4).toLatin1(),
                                                  QByteArray::Base64UrlEncoding);
    CHECK(raw.size() == 16);

    // Bits are not stuck: over 500 states of 256 bits every bit position takes both values.
    QVector<int> ones(256, 0);
    for (const QString &s : qAsConst(seen)) {
        const QByteArray b = QByteArray::fromBase64(s.toLatin1(), QByteArray::Base64UrlEncoding);
        for (int bit = 0; bit < 256; ++bit)
            ones[bit] += (uchar(b[bit / 8]) >> (bit % 8)) & 1;
    }
    for (int bit = 0; bit < 256; ++bit) {
        CHECK(ones[bit] > 150); // expected 250, binomial sd ~11
        CHECK(ones[bit] < 350);
    }
}

TEST_CASE("query and form encoding escapes every reserved character", "[pkce]")
{
    const QString tricky =
        QStringLiteral("a b+c&d=e#f%g/h?i:j@k;l,m\"n'o<p>q[r]s{t}u|v\\w^x`y~z.-_ äö€ 🙂");
    const OAuthParams::Parameters params{
        {QStringLiteral("client_id"), tricky},
        {QStringLiteral("redirect_uri"), QStringLiteral("http://localhost:47110/callback")},
        {QStringLiteral("scope"), QStringLiteral("oauth crm.objects.contacts.read a+b")},
        {QStringLiteral("state"), tricky},
        {QStringLiteral("k&=+"), QStringLiteral("v")},
    };
    const QByteArray encoded = OAuthParams::encode(params);
    for (const char c : encoded)
        REQUIRE(QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%&=")
                    .contains(c));
    CHECK(encoded.contains("scope=oauth%20crm.objects.contacts.read%20a%2Bb"));
    CHECK(encoded.contains("redirect_uri=http%3A%2F%2Flocalhost%3A47110%2Fcallback"));
    CHECK(encoded.contains("k%26%3D%2B=v"));

    const QUrl url = OAuthParams::withQuery(
        QUrl(QStringLiteral("https://app.example/oauth/authorize?x=1")), params);
    const QByteArray wire = url.toEncoded();
    CHECK(wire.startsWith("https://app.example/oauth/authorize?x=1&client_id="));
    CHECK_FALSE(wire.contains('+'));
    CHECK_FALSE(wire.contains(' '));
    CHECK_FALSE(wire.contains('#'));
    // Every value comes back intact when a server decodes it (percent-decoding only).
    const QUrlQuery back(url);
    CHECK(back.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) == tricky);
    CHECK(back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) == tricky);
    CHECK(back.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded) ==
          QStringLiteral("oauth crm.objects.contacts.read a+b"));
    // (QUrlQuery's own key lookup cannot find keys holding '+'; compare decoded pairs.)
    bool foundTrickyKey = false;
    for (const auto &item : back.queryItems(QUrl::FullyDecoded))
        if (item.first == QStringLiteral("k&=+") && item.second == QStringLiteral("v"))
            foundTrickyKey = true;
    CHECK(foundTrickyKey);
    CHECK(back.queryItemValue(QStringLiteral("x")) == QStringLiteral("1"));
}
