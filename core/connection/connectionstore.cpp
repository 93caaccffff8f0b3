// Connection: the account's local copy (ItemStore) — opened for the account
// that signs in (or was seen last, offline), on disk or in memory as "Keep a
// local copy" says, replaced when the account changes, forgotten on request.
#include "connection/connection_p.h"

#include "common/appsettings.h"
#include "store/storefiles.h"

#include <QFileInfo>
#include <QLoggingCategory>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcLocalCopy, "desk.core.connection.store", QtInfoMsg)
} // namespace

QString Connection::Private::storeDirectory(const QString &accountId) const
{
    return ItemStore::accountDirectory(OAuthSession::storageNamespace(profile), accountId);
}

void Connection::Private::closeStore()
{
    if (!store)
        return;
    feed.reset();
    ItemStore *old = store.get();
    Q_EMIT q->storeClosing(old);
    store.reset();
    storeAccount.clear();
}

Error Connection::Private::openStoreAt(const QString &accountId, bool onDisk)
{
    StoreOptions options;
    options.directory = onDisk ? storeDirectory(accountId) : QString();
    options.providerId = spec.id;
    options.accountId = accountId;
    options.presentation = spec.presentation();
    Result<ItemStore::Opened> opened = ItemStore::open(options);
    if (!opened)
        return opened.error();
    closeStore();
    ItemStore::Opened result = std::move(opened).value();
    store = std::move(result.store);
    storeAccount = accountId;
    QObject::connect(store.get(), &ItemStore::damaged, q,
                     [this](const Error &error) { warn(error.message); });
    feed = std::make_unique<StoreFeed>(*store);
    QObject::connect(feed.get(), &StoreFeed::failed, q,
                     [this](const Error &error) { onStoreFailure(error); });
    QObject::connect(feed.get(), &StoreFeed::stored, q, &Connection::itemsStored);
    if (onDisk) {
        settings.setLocalCopyAccount(OAuthSession::storageNamespace(profile), accountId);
        settings.sync();
    }
    if (result.recovered)
        qCWarning(lcLocalCopy).noquote() << "local copy rebuilt:" << result.recovered.detail;
    qCInfo(lcLocalCopy) << "local copy of" << spec.id << (onDisk ? "on disk" : "in memory");
    Q_EMIT q->storeOpened(store.get(), result.recovered);
    return {};
}

void Connection::Private::openStoreFor(const QString &accountId)
{
    // Without an account (a token whose owner could not be asked) nothing can
    // say whose copy it is: memory only.
    const bool onDisk = config.keepLocalCopy.value && !accountId.isEmpty();
    if (store && storeAccount == accountId && store->inMemory() == !onDisk)
        return;
    if (loading)
        q->cancel();
    Error error = openStoreAt(accountId, onDisk);
    if (error && onDisk) {
        // The disk copy cannot be had (no permission, disk full): work in memory.
        warn(Connection::tr("The local copy cannot be used (%1); this session keeps the items "
                            "in memory only.")
                 .arg(error.message));
        error = openStoreAt(accountId, false);
    }
    if (error)
        Q_EMIT q->storeError(error);
}

ItemStore *Connection::store() const
{
    return d->store.get();
}

bool Connection::keepsLocalCopy() const
{
    return d->config.keepLocalCopy.value;
}

void Connection::setKeepLocalCopy(bool keep)
{
    d->settings.setKeepLocalCopy(d->spec.id, keep);
    d->settings.sync();
    const bool before = d->config.keepLocalCopy.value;
    const Result<ConnectionConfig> resolved =
        resolveConnectionConfig(d->spec, d->settings, d->environment, d->flags, d->storedSecret);
    if (resolved)
        d->config.keepLocalCopy = resolved.value().keepLocalCopy;
    if (d->config.keepLocalCopy.value == before || !d->store)
        return;
    const QString account = d->storeAccount;
    d->openStoreFor(account);
}

Error Connection::openLocalCopy()
{
    const QString ns = credentialNamespace();
    QString account = d->settings.localCopyAccount(ns);
    if (account.isEmpty())
        account = d->settings.currentAccount(ns);
    const QString directory = account.isEmpty() ? QString() : d->storeDirectory(account);
    if (directory.isEmpty() || !QFileInfo::exists(store::databasePath(directory)))
        return Error(Error::Kind::Storage,
                     tr("There is no local copy of this %1 account yet: load it first.")
                         .arg(d->spec.displayName),
                     QStringLiteral("no store for %1").arg(ns));
    if (d->store && d->storeAccount == account && !d->store->inMemory())
        return {};
    return d->openStoreAt(account, true);
}

Error Connection::forgetLocalData()
{
    if (d->loading)
        cancel();
    const QString ns = credentialNamespace();
    Error error;
    if (d->store) {
        const QString account = d->storeAccount;
        ItemStore *old = d->store.get();
        d->feed.reset();
        Q_EMIT storeClosing(old);
        error = old->forget();
        d->store.reset();
        d->storeAccount.clear();
        if (d->state == State::Connected)
            d->openStoreFor(account); // an empty copy takes its place
    } else {
        QString account = d->settings.localCopyAccount(ns);
        if (account.isEmpty())
            account = d->settings.currentAccount(ns);
        if (!account.isEmpty())
            error = ItemStore::forgetDirectory(d->storeDirectory(account));
    }
    if (d->state != State::Connected) {
        d->settings.setLocalCopyAccount(ns, QString());
        d->settings.sync();
    }
    return error;
}

} // namespace desk
