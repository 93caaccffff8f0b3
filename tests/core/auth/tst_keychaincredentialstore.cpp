// KeychainCredentialStore against a real Secret Service (gnome-keyring). Run under
// scripts/test, or: dbus-run-session -- bash -c 'eval $(echo -n pw |
// gnome-keyring-daemon --unlock --components=secrets); ctest -L keychain'
#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "credentials/keychaincredentialstore.h"
#include "sandboxrig.h"

#include <QUuid>
#include <qt6keychain/keychain.h>

using namespace desk;
using namespace authtest;

namespace {
struct Outcome
{
    CredentialStore::Status status = CredentialStore::Status::OtherError;
    QByteArray secret;
    QString detail;
    bool done = false;
};

Outcome readKey(CredentialStore &store, const QString &key)
{
    Outcome o;
    store.read(key, [&](CredentialStore::Status s, const QByteArray &v, const QString &d) {
        o = {s, v, d, true};
    });
    waitUntil([&] { return o.done; }, 20000);
    return o;
}

Outcome writeKey(CredentialStore &store, const QString &key, const QByteArray &value)
{
    Outcome o;
    store.write(key, value, [&](CredentialStore::Status s, const QString &d) {
        o = {s, {}, d, true};
    });
    waitUntil([&] { return o.done; }, 20000);
    return o;
}

Outcome removeKey(CredentialStore &store, const QString &key)
{
    Outcome o;
    store.remove(key, [&](CredentialStore::Status s, const QString &d) { o = {s, {}, d, true}; });
    waitUntil([&] { return o.done; }, 20000);
    return o;
}

QString uniqueKey(const char *kind)
{
    return CredentialStore::key(QStringLiteral("test"),
                                QUuid::createUuid().toString(QUuid::WithoutBraces),
                                QLatin1String(kind));
}
} // namespace

TEST_CASE("QtKeychain errors map to distinct statuses", "[keychain]")
{
    using S = CredentialStore::Status;
    CHECK(KeychainCredentialStore::mapError(QKeychain::NoError) == S::Ok);
    CHECK(KeychainCredentialStore::mapError(QKeychain::EntryNotFound) == S::NotFound);
    CHECK(KeychainCredentialStore::mapError(QKeychain::NoBackendAvailable) == S::NoBackend);
    CHECK(KeychainCredentialStore::mapError(QKeychain::NotImplemented) == S::NoBackend);
    CHECK(KeychainCredentialStore::mapError(QKeychain::AccessDenied) == S::AccessDenied);
    CHECK(KeychainCredentialStore::mapError(QKeychain::AccessDeniedByUser) == S::AccessDenied);
    CHECK(KeychainCredentialStore::mapError(QKeychain::OtherError) == S::OtherError);
    CHECK(KeychainCredentialStore::mapError(QKeychain::CouldNotDeleteEntry) == S::OtherError);
}

TEST_CASE("keychain: write, read back from a second instance, overwrite, remove", "[keychain]")
{
    CHECK(KeychainCredentialStore::defaultService() == QStringLiteral("Integrations Desk"));
    if (qEnvironmentVariableIsEmpty("DESK_KEYCHAIN_SERVICE"))
        CHECK(KeychainCredentialStore().service() == QStringLiteral("Integrations Desk"));
    KeychainCredentialStore store;
    CHECK(store.persistent());
    const QString key = uniqueKey("refresh_token");

    Outcome o = readKey(store, key);
    REQUIRE(o.done);
    if (o.status != CredentialStore::Status::NotFound)
        FAIL("the Secret Service is not usable here (run under dbus-run-session with an unlocked "
             "gnome-keyring): "
             << o.detail.toStdString());

    const QByteArray secret =
        "na1-" + QUuid::createUuid().toByteArray() + QByteArray("\x00\xff", 2);
    REQUIRE(writeKey(store, key, secret).status == CredentialStore::Status::Ok);
    {
        KeychainCredentialStore other; // like the next start of the app
        o = readKey(other, key);
        CHECK(o.status == CredentialStore::Status::Ok);
        CHECK(o.secret == secret);
    }
    REQUIRE(writeKey(store, key, "second").status == CredentialStore::Status::Ok);
    CHECK(readKey(store, key).secret == "second");
    CHECK(removeKey(store, key).status == CredentialStore::Status::Ok);
    CHECK(readKey(store, key).status == CredentialStore::Status::NotFound);
    // A different service never sees our entries.
    REQUIRE(writeKey(store, key, "mine").status == CredentialStore::Status::Ok);
    KeychainCredentialStore foreign(QStringLiteral("Integrations Desk Test Other"));
    CHECK(readKey(foreign, key).status == CredentialStore::Status::NotFound);
    removeKey(store, key);
}

TEST_CASE("sign-in stores the tokens in the real keychain, logout removes them",
          "[keychain][sandbox]")
{
    // A service of its own: other tests use the same Secret Service in parallel.
    const QString service = QStringLiteral("Integrations Desk test ") +
                            QUuid::createUuid().toString(QUuid::WithoutBraces);
    SandboxRig rig({QStringLiteral("--auto-consent")},
                   std::make_unique<KeychainCredentialStore>(service));
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login());
    const QByteArray access = rig.session->bearerToken();
    KeychainCredentialStore reader(service);
    CHECK(readKey(reader, rig.key("access_token")).secret == access);
    const Outcome refresh = readKey(reader, rig.key("refresh_token"));
    REQUIRE(refresh.status == CredentialStore::Status::Ok);
    CHECK(rig.refreshWith(QString::fromLatin1(refresh.secret)) == 200);

    bool disconnected = false;
    QObject::connect(rig.session.get(), &OAuthSession::disconnected, rig.session.get(),
                     [&] { disconnected = true; });
    rig.session->disconnectAccount();
    REQUIRE(waitUntil([&] { return disconnected; }, 20000));
    CHECK(readKey(reader, rig.key("access_token")).status == CredentialStore::Status::NotFound);
    CHECK(readKey(reader, rig.key("refresh_token")).status == CredentialStore::Status::NotFound);
    CHECK(rig.refreshWith(QString::fromLatin1(refresh.secret)) == 400);
}
