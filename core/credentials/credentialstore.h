#pragma once

#include "common/error.h"

#include <QObject>
#include <QString>
#include <functional>

namespace desk {

// Secrets are stored one per entry under a key "provider/account/kind", e.g.
// "hubspot/24681357/refresh_token". All operations are asynchronous (the OS
// keychain is) and call their callback exactly once on the caller's thread.
class CredentialStore
{
public:
    enum class Status { Ok, NotFound, NoBackend, AccessDenied, OtherError };

    virtual ~CredentialStore() = default;

    using ReadCallback = std::function<void(Status, const QByteArray &secret, const QString &detail)>;
    using WriteCallback = std::function<void(Status, const QString &detail)>;

    virtual void read(const QString &key, ReadCallback done) = 0;
    virtual void write(const QString &key, const QByteArray &secret, WriteCallback done) = 0;
    virtual void remove(const QString &key, WriteCallback done) = 0;

    // False for the in-memory store: the user must be told credentials will not
    // survive a restart.
    virtual bool persistent() const = 0;

    static QString key(const QString &provider, const QString &account, const QString &kind)
    {
        return provider + QLatin1Char('/') + account + QLatin1Char('/') + kind;
    }
};

} // namespace desk
