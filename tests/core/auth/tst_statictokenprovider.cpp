#include <catch2/catch.hpp>

#include "auth/statictokenprovider.h"
#include "credentials/memorycredentialstore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

using namespace desk;

TEST_CASE("StaticTokenProvider gives its token and cannot refresh", "[static]")
{
    StaticTokenProvider p(QByteArrayLiteral("pat-na1-abc"));
    CHECK(p.bearerToken() == "pat-na1-abc");
    CHECK_FALSE(p.tokenNeedsRefresh());
    Error got(Error::Kind::None, {});
    int calls = 0;
    p.refreshAccessToken([&](const Error &e) {
        got = e;
        ++calls;
    });
    CHECK(calls == 1);
    CHECK(got.kind == Error::Kind::ReconnectNeeded);
    CHECK_FALSE(got.message.contains(QStringLiteral("pat-na1-abc")));
}

TEST_CASE("StaticTokenProvider keeps the token in the credential store", "[static]")
{
    MemoryCredentialStore store;
    bool written = false;
    StaticTokenProvider::save(store, QStringLiteral("hubspot"), "pat-na1-xyz",
                              [&](CredentialStore::Status s, const QString &) {
                                  CHECK(s == CredentialStore::Status::Ok);
                                  written = true;
                              });
    QDeadlineTimer deadline(5000);
    while (!written && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    REQUIRE(written);
    CHECK(store.contains(QStringLiteral("hubspot/private-app/access_token")));
    QByteArray loaded;
    bool read = false;
    StaticTokenProvider::load(
        store, QStringLiteral("hubspot"),
        [&](CredentialStore::Status s, const QByteArray &secret, const QString &) {
            CHECK(s == CredentialStore::Status::Ok);
            loaded = secret;
            read = true;
        });
    while (!read && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    CHECK(loaded == "pat-na1-xyz");
}
