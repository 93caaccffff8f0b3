#include "credentials/credentialstorefactory.h"

#include "credentials/keychaincredentialstore.h"
#include "credentials/memorycredentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcCredentials, "desk.core.credentials")

struct Probe
{
    std::unique_ptr<KeychainCredentialStore> keychain;
    std::function<void(CredentialStoreChoice)> done;
    QTimer timer;
    bool finished = false;
};

CredentialStoreChoice memoryChoice(CredentialStore::Status status, const QString &detail)
{
    CredentialStoreChoice choice;
    choice.store = std::make_unique<MemoryCredentialStore>();
    choice.warning = CredentialStoreFactory::fallbackWarning();
    choice.detail = detail;
    choice.probeStatus = status;
    qCWarning(lcCredentials) << "OS keychain not usable, keeping credentials in memory only:"
                             << detail;
    return choice;
}

void finishProbe(const std::shared_ptr<Probe> &probe, CredentialStore::Status status,
                 const QString &detail, bool timedOut)
{
    if (probe->finished)
        return;
    probe->finished = true;
    probe->timer.stop();
    QObject::disconnect(&probe->timer, nullptr, nullptr, nullptr);
    auto done = std::move(probe->done);
    if (status == CredentialStore::Status::Ok || status == CredentialStore::Status::NotFound) {
        qCInfo(lcCredentials) << "using the OS keychain";
        CredentialStoreChoice choice;
        choice.store = std::move(probe->keychain);
        done(std::move(choice));
        return;
    }
    KeychainCredentialStore *keychain = probe->keychain.release();
    if (timedOut) {
        // Its job may still be waiting on D-Bus and call back later (into an expired
        // weak reference); keep the few bytes alive rather than delete under it.
        Q_UNUSED(keychain);
    } else {
        // We are inside the job's finished() signal: delete on the next turn.
        QTimer::singleShot(0, qApp, [keychain] { delete keychain; });
    }
    done(memoryChoice(status, detail));
}
} // namespace

QString CredentialStoreFactory::fallbackWarning()
{
    return QCoreApplication::translate(
        "desk::CredentialStoreFactory",
        "No system keychain is available, so your sign-in is kept in memory only: you will "
        "have to sign in again after a restart.");
}

void CredentialStoreFactory::create(std::function<void(CredentialStoreChoice)> done, int timeoutMs)
{
    const QByteArray forced = qgetenv("DESK_CREDENTIAL_STORE").trimmed().toLower();
    if (forced == "memory") {
        QTimer::singleShot(0, qApp, [done] {
            done(memoryChoice(CredentialStore::Status::NoBackend,
                              QStringLiteral("DESK_CREDENTIAL_STORE=memory")));
        });
        return;
    }
    if (forced == "keychain") {
        QTimer::singleShot(0, qApp, [done] {
            CredentialStoreChoice choice;
            choice.store = std::make_unique<KeychainCredentialStore>();
            done(std::move(choice));
        });
        return;
    }

    auto probe = std::make_shared<Probe>();
    probe->keychain = std::make_unique<KeychainCredentialStore>();
    probe->done = std::move(done);
    probe->timer.setSingleShot(true);
    // `probe` stays alive through the timer connection (a deliberate cycle) until
    // finish() disconnects it; the keychain callback only holds a weak reference.
    QObject::connect(&probe->timer, &QTimer::timeout, [probe, timeoutMs] {
        finishProbe(probe, CredentialStore::Status::OtherError,
                    QStringLiteral("keychain did not answer within %1 ms").arg(timeoutMs), true);
    });
    probe->timer.start(timeoutMs);
    std::weak_ptr<Probe> weak = probe;
    probe->keychain->read(
        CredentialStore::key(QStringLiteral("probe"), QStringLiteral("probe"),
                             QStringLiteral("probe")),
        [weak](CredentialStore::Status status, const QByteArray &, const QString &detail) {
            if (auto p = weak.lock())
                finishProbe(p, status, detail, false);
        });
}

CredentialStoreChoice CredentialStoreFactory::createBlocking(int timeoutMs)
{
    CredentialStoreChoice result;
    bool ready = false;
    QEventLoop loop;
    create(
        [&](CredentialStoreChoice choice) {
            result = std::move(choice);
            ready = true;
            loop.quit();
        },
        timeoutMs);
    if (!ready)
        loop.exec();
    return result;
}

} // namespace desk
