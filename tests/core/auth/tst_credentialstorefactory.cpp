// CredentialStoreFactory: keychain when the Secret Service answers, memory with a
// warning when it does not (no D-Bus session), never a file.
#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "credentials/credentialstorefactory.h"
#include "credentials/keychaincredentialstore.h"
#include "credentials/memorycredentialstore.h"

#include <QProcess>

using namespace desk;
using namespace authtest;

// Runs in a child process with DBUS_SESSION_BUS_ADDRESS pointing nowhere (the
// session bus connection, or its failure, is cached per process).
TEST_CASE("no D-Bus child", "[.][nodbus-child]")
{
    REQUIRE(qgetenv("DBUS_SESSION_BUS_ADDRESS") == "unix:path=/nonexistent/desk-test-bus");
    qunsetenv("DESK_CREDENTIAL_STORE");
    CredentialStoreChoice choice = CredentialStoreFactory::createBlocking(5000);
    REQUIRE(choice.store);
    CHECK_FALSE(choice.store->persistent());
    CHECK(dynamic_cast<MemoryCredentialStore *>(choice.store.get()) != nullptr);
    CHECK(choice.probeStatus != CredentialStore::Status::Ok);
    CHECK(choice.warning.contains(QStringLiteral("memory")));
    CHECK(choice.warning.contains(QStringLiteral("sign in again")));
    CHECK_FALSE(choice.detail.isEmpty());
    // The fallback works.
    bool written = false;
    choice.store->write(QStringLiteral("a/b/c"), "x",
                        [&](CredentialStore::Status s, const QString &) {
                            CHECK(s == CredentialStore::Status::Ok);
                            written = true;
                        });
    CHECK(waitUntil([&] { return written; }));
}

TEST_CASE("without a D-Bus session the factory falls back to memory and says so", "[keychain]")
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/desk-test-bus"));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("[nodbus-child]")});
    REQUIRE(child.waitForFinished(30000));
    const QByteArray out = child.readAllStandardOutput() + child.readAllStandardError();
    INFO(out.toStdString());
    CHECK(child.exitCode() == 0);
    CHECK(out.contains("All tests passed"));
    CHECK(out.contains("keeping credentials in memory only"));
}

TEST_CASE("DESK_CREDENTIAL_STORE=memory forces the in-memory store", "[keychain]")
{
    qputenv("DESK_CREDENTIAL_STORE", "memory");
    CredentialStoreChoice choice = CredentialStoreFactory::createBlocking();
    qunsetenv("DESK_CREDENTIAL_STORE");
    REQUIRE(choice.store);
    CHECK_FALSE(choice.store->persistent());
    CHECK_FALSE(choice.warning.isEmpty());
}

TEST_CASE("with a working Secret Service the factory picks the keychain", "[keychain]")
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        FAIL("needs a D-Bus session with gnome-keyring (scripts/test provides one)");
    CredentialStoreChoice choice = CredentialStoreFactory::createBlocking(10000);
    REQUIRE(choice.store);
    INFO(choice.detail.toStdString());
    CHECK(choice.store->persistent());
    CHECK(dynamic_cast<KeychainCredentialStore *>(choice.store.get()) != nullptr);
    CHECK(choice.warning.isEmpty());
}
