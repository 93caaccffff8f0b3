#pragma once

// FallbackCredentialStore: the Connection's view of the credential store. It
// uses the store it is given (the OS keychain) until an operation fails for a
// reason other than "not found" (no backend, access denied, any other error);
// from then on it keeps secrets in memory for the rest of the process and says
// so once (onFallback), so a broken keychain costs a sign-in after a restart,
// never the sign-in itself.

#include "credentials/credentialstore.h"
#include "credentials/memorycredentialstore.h"

#include <QObject>
#include <QPointer>
#include <functional>

namespace desk {

class FallbackCredentialStore : public CredentialStore
{
public:
    explicit FallbackCredentialStore(CredentialStore &primary);
    ~FallbackCredentialStore() override;

    void read(const QString &key, ReadCallback done) override;
    void write(const QString &key, const QByteArray &secret, WriteCallback done) override;
    void remove(const QString &key, WriteCallback done) override;
    bool persistent() const override { return !m_fellBack && m_primary.persistent(); }

    bool fellBack() const { return m_fellBack; }
    // Called once, when the first operation failed: `detail` is for the log.
    void setFallbackHandler(std::function<void(const QString &detail)> handler)
    {
        m_onFallback = std::move(handler);
    }

private:
    static bool failed(Status status);
    void fallBack(const QString &detail);

    CredentialStore &m_primary;
    MemoryCredentialStore m_memory;
    bool m_fellBack = false;
    std::function<void(const QString &)> m_onFallback;
    QObject m_context; // callbacks of the primary die with this store
};

} // namespace desk
