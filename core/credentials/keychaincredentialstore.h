#pragma once

#include "credentials/credentialstore.h"

#include <QObject>
#include <QString>

namespace desk {

// Secrets in the OS keychain through QtKeychain (Secret Service on Linux), one
// entry per secret under service "Integrations Desk". QtKeychain's insecure
// plaintext fallback is always off. Error mapping:
//   EntryNotFound -> NotFound; NoBackendAvailable, NotImplemented -> NoBackend;
//   AccessDenied, AccessDeniedByUser -> AccessDenied; everything else -> OtherError
// (QtKeychain reports a missing D-Bus session or Secret Service as OtherError or
// NoBackendAvailable depending on the backend it picked).
class KeychainCredentialStore : public CredentialStore
{
public:
    static QString defaultService() { return QStringLiteral("Integrations Desk"); }
    // defaultService(), unless DESK_KEYCHAIN_SERVICE is set: tests running in parallel
    // against one Secret Service use it to keep their entries apart.
    static QString configuredService();

    explicit KeychainCredentialStore(QString service = configuredService());
    ~KeychainCredentialStore() override;

    void read(const QString &key, ReadCallback done) override;
    void write(const QString &key, const QByteArray &secret, WriteCallback done) override;
    void remove(const QString &key, WriteCallback done) override;
    bool persistent() const override { return true; }

    QString service() const { return m_service; }

    // QKeychain::Error (as int) -> Status; exposed for tests.
    static Status mapError(int keychainError);

private:
    QString m_service;
    QObject m_jobs; // parent of running jobs: callbacks die with the store
};

} // namespace desk
