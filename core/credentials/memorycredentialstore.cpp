#include "credentials/memorycredentialstore.h"

#include <QTimer>

namespace desk {

MemoryCredentialStore::MemoryCredentialStore() = default;
MemoryCredentialStore::~MemoryCredentialStore() = default;

void MemoryCredentialStore::read(const QString &key, ReadCallback done)
{
    m_operations << QStringLiteral("read ") + key;
    Status status = m_failure;
    QByteArray secret;
    if (status == Status::Ok) {
        const auto it = m_secrets.constFind(key);
        if (it == m_secrets.constEnd())
            status = Status::NotFound;
        else
            secret = *it;
    }
    QTimer::singleShot(0, &m_context, [done = std::move(done), status, secret] {
        done(status, secret, status == Status::Ok ? QString() : QStringLiteral("memory store"));
    });
}

void MemoryCredentialStore::write(const QString &key, const QByteArray &secret, WriteCallback done)
{
    m_operations << QStringLiteral("write ") + key;
    const Status status = m_failure;
    if (status == Status::Ok)
        m_secrets.insert(key, secret);
    QTimer::singleShot(0, &m_context, [done = std::move(done), status] {
        done(status, status == Status::Ok ? QString() : QStringLiteral("memory store"));
    });
}

void MemoryCredentialStore::remove(const QString &key, WriteCallback done)
{
    m_operations << QStringLiteral("remove ") + key;
    Status status = m_failure;
    if (status == Status::Ok && m_secrets.remove(key) == 0)
        status = Status::NotFound;
    QTimer::singleShot(0, &m_context, [done = std::move(done), status] {
        done(status, status == Status::Ok ? QString() : QStringLiteral("memory store"));
    });
}

} // namespace desk
