#pragma once

#include "credentials/credentialstore.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace desk {

// Secrets in process memory only: for tests, and the fallback when no OS keychain
// works (the user is told credentials will not survive a restart). Callbacks run
// asynchronously (next event loop turn), like a real keychain's. Never writes a file.
class MemoryCredentialStore : public CredentialStore
{
public:
    MemoryCredentialStore();
    ~MemoryCredentialStore() override;

    void read(const QString &key, ReadCallback done) override;
    void write(const QString &key, const QByteArray &secret, WriteCallback done) override;
    void remove(const QString &key, WriteCallback done) override;
    bool persistent() const override { return false; }

    // Test helpers.
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    QByteArray value(const QString &key) const { return m_secrets.value(key); }
    QStringList keys() const { return m_secrets.keys(); }
    // Make every following operation fail with `status` (Ok = behave normally).
    void setFailure(Status status) { m_failure = status; }
    // Operations performed so far: "read KEY", "write KEY", "remove KEY".
    QStringList operations() const { return m_operations; }

private:
    QHash<QString, QByteArray> m_secrets;
    Status m_failure = Status::Ok;
    QStringList m_operations;
    QObject m_context; // pending callbacks die with the store
};

} // namespace desk
