#include "credentials/keychaincredentialstore.h"

#include <QLoggingCategory>
#include <qt6keychain/keychain.h>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcKeychain, "desk.core.credentials.keychain")

const char *statusName(CredentialStore::Status s)
{
    switch (s) {
    case CredentialStore::Status::Ok:
        return "ok";
    case CredentialStore::Status::NotFound:
        return "not-found";
    case CredentialStore::Status::NoBackend:
        return "no-backend";
    case CredentialStore::Status::AccessDenied:
        return "access-denied";
    case CredentialStore::Status::OtherError:
        return "other-error";
    }
    return "?";
}
} // namespace

QString KeychainCredentialStore::configuredService()
{
    const QString fromEnvironment = qEnvironmentVariable("DESK_KEYCHAIN_SERVICE").trimmed();
    return fromEnvironment.isEmpty() ? defaultService() : fromEnvironment;
}

KeychainCredentialStore::KeychainCredentialStore(QString service) : m_service(std::move(service)) {}

KeychainCredentialStore::~KeychainCredentialStore() = default;

CredentialStore::Status KeychainCredentialStore::mapError(int keychainError)
{
    switch (QKeychain::Error(keychainError)) {
    case QKeychain::NoError:
        return Status::Ok;
    case QKeychain::EntryNotFound:
        return Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Status::NoBackend;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Status::AccessDenied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        return Status::OtherError;
    }
    return Status::OtherError;
}

void KeychainCredentialStore::read(const QString &key, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, &m_jobs);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(
        job, &QKeychain::Job::finished, &m_jobs, [done = std::move(done), key](QKeychain::Job *j) {
            auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
            const Status status = mapError(readJob->error());
            if (status != Status::Ok && status != Status::NotFound)
                qCWarning(lcKeychain)
                    << "read" << key << "failed:" << statusName(status) << readJob->errorString();
            else
                qCDebug(lcKeychain) << "read" << key << statusName(status);
            done(status, status == Status::Ok ? readJob->binaryData() : QByteArray(),
                 status == Status::Ok ? QString() : readJob->errorString());
        });
    job->start();
}

void KeychainCredentialStore::write(const QString &key, const QByteArray &secret,
                                    WriteCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, &m_jobs);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    QObject::connect(
        job, &QKeychain::Job::finished, &m_jobs, [done = std::move(done), key](QKeychain::Job *j) {
            const Status status = mapError(j->error());
            if (status != Status::Ok)
                qCWarning(lcKeychain)
                    << "write" << key << "failed:" << statusName(status) << j->errorString();
            else
                qCDebug(lcKeychain) << "wrote" << key;
            done(status, status == Status::Ok ? QString() : j->errorString());
        });
    job->start();
}

void KeychainCredentialStore::remove(const QString &key, WriteCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, &m_jobs);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(
        job, &QKeychain::Job::finished, &m_jobs, [done = std::move(done), key](QKeychain::Job *j) {
            const Status status = mapError(j->error());
            if (status != Status::Ok && status != Status::NotFound)
                qCWarning(lcKeychain)
                    << "remove" << key << "failed:" << statusName(status) << j->errorString();
            else
                qCDebug(lcKeychain) << "removed" << key << statusName(status);
            done(status, status == Status::Ok ? QString() : j->errorString());
        });
    job->start();
}

} // namespace desk
