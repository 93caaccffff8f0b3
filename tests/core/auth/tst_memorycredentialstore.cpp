#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "credentials/memorycredentialstore.h"

using namespace desk;
using namespace authtest;

TEST_CASE("MemoryCredentialStore: write, read, overwrite, remove, not found", "[store]")
{
    MemoryCredentialStore store;
    CHECK_FALSE(store.persistent());
    const QString key = CredentialStore::key(QStringLiteral("hubspot"), QStringLiteral("1"),
                                             QStringLiteral("refresh_token"));
    CHECK(key == QStringLiteral("hubspot/1/refresh_token"));

    CredentialStore::Status status = CredentialStore::Status::Ok;
    QByteArray value;
    bool done = false;
    auto reader = [&](CredentialStore::Status s, const QByteArray &v, const QString &) {
        status = s;
        value = v;
        done = true;
    };
    auto writer = [&](CredentialStore::Status s, const QString &) {
        status = s;
        done = true;
    };

    store.read(key, reader);
    CHECK_FALSE(done); // asynchronous, like a keychain
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::NotFound);

    const QByteArray binary("\x00\x01\xff secret", 10);
    done = false;
    store.write(key, binary, writer);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::Ok);
    done = false;
    store.read(key, reader);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::Ok);
    CHECK(value == binary);

    done = false;
    store.write(key, "second", writer);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(store.value(key) == "second");

    done = false;
    store.remove(key, writer);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::Ok);
    CHECK_FALSE(store.contains(key));
    done = false;
    store.remove(key, writer);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::NotFound);

    store.setFailure(CredentialStore::Status::AccessDenied);
    done = false;
    store.write(key, "x", writer);
    REQUIRE(waitUntil([&] { return done; }));
    CHECK(status == CredentialStore::Status::AccessDenied);
    CHECK_FALSE(store.contains(key));
}

TEST_CASE("MemoryCredentialStore: callbacks never run after the store is gone", "[store]")
{
    bool called = false;
    {
        MemoryCredentialStore store;
        store.read(QStringLiteral("a/b/c"), [&](CredentialStore::Status, const QByteArray &,
                                                const QString &) { called = true; });
    }
    spin(50);
    CHECK_FALSE(called);
}
