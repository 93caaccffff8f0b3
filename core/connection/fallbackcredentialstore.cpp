// FallbackCredentialStore: the keychain until it fails, then memory.
#include "connection/fallbackcredentialstore.h"

#include <QLoggingCategory>
#include <memory>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcFallback, "desk.core.connection.credentials", QtInfoMsg)
} // namespace

FallbackCredentialStore::FallbackCredentialStore(CredentialStore &primary) : m_primary(primary) {}

FallbackCredentialStore::~FallbackCredentialStore() = default;

bool FallbackCredentialStore::failed(Status status)
{
    return status != Status::Ok && status != Status::NotFound;
}

void FallbackCredentialStore::fallBack(const QString &detail)
{
    if (m_fellBack)
        return;
    m_fellBack = true;
    qCWarning(lcFallback).noquote() << "keychain failed, keeping credentials in memory:" << detail;
    if (m_onFallback)
        m_onFallback(detail);
}

void FallbackCredentialStore::read(const QString &key, ReadCallback done)
{
    if (m_fellBack) {
        m_memory.read(key, std::move(done));
        return;
    }
    QPointer<QObject> alive(&m_context);
    m_primary.read(key, [this, alive, key, done](Status status, const QByteArray &secret,
                                                 const QString &detail) {
        if (!alive)
            return;
        if (!failed(status)) {
            done(status, secret, detail);
            return;
        }
        fallBack(detail);
        m_memory.read(key, done);
    });
}

void FallbackCredentialStore::write(const QString &key, const QByteArray &secret,
                                    WriteCallback done)
{
    if (m_fellBack) {
        m_memory.write(key, secret, std::move(done));
        return;
    }
    QPointer<QObject> alive(&m_context);
    m_primary.write(key, secret,
                    [this, alive, key, secret, done](Status status, const QString &detail) {
                        if (!alive)
                            return;
                        if (!failed(status)) {
                            done(status, detail);
                            return;
                        }
                        fallBack(detail);
                        m_memory.write(key, secret, done);
                    });
}

void FallbackCredentialStore::remove(const QString &key, WriteCallback done)
{
    if (m_fellBack) {
        // What reached the keychain before it failed goes too (best effort).
        m_primary.remove(key, [](Status, const QString &) {});
        m_memory.remove(key, std::move(done));
        return;
    }
    QPointer<QObject> alive(&m_context);
    m_primary.remove(key, [this, alive, key, done](Status status, const QString &detail) {
        if (!alive)
            return;
        m_memory.remove(key,
                        [done, status, detail](Status, const QString &) { done(status, detail); });
    });
}

} // namespace desk
