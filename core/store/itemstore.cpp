// ItemStore: opening (checks, setting bad files aside, rebuilding), row
// recomputation when the presentation changes, reads, readers and forget.
// Writes are in itemstore_write.cpp.
#include "store/itemstore.h"
#include "store/storecodec.h"
#include "store/storedb.h"
#include "store/storefiles.h"
#include "store/storereader.h"
#include "store/storesync.h"
#include "store/storewrite.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace desk {

using store::Db;
using store::DbTarget;
using store::lcStore;

namespace {

const QString kSchemaKey = QStringLiteral("schema_version");
const QString kProviderKey = QStringLiteral("provider_id");
const QString kAccountKey = QStringLiteral("account_id");
const QString kFingerprintKey = QStringLiteral("presentation");
const QString kGenerationKey = QStringLiteral("generation");

// Creates the tables and, in a new file, the meta values. `mismatch` says why an
// existing file is not this account's store of this schema.
Error prepareSchema(Db &db, const StoreOptions &options, QString *mismatch)
{
    if (Error error = db.begin(true))
        return error;
    Error error = store::createSchema(db);
    std::optional<QString> version;
    if (!error) {
        auto read = store::readMeta(db, kSchemaKey);
        error = read.ok() ? Error() : read.error();
        version = read.ok() ? read.value() : std::nullopt;
    }
    if (!error && !version) {
        const QVector<QPair<QString, QString>> values = {
            {kSchemaKey, QString::number(store::kSchemaVersion)},
            {kProviderKey, options.providerId},
            {kAccountKey, options.accountId},
            {kFingerprintKey,
             QString::fromLatin1(store::presentationFingerprint(options.presentation))},
            {kGenerationKey, QStringLiteral("0")}};
        for (const auto &value : values)
            if (!error)
                error = store::writeMeta(db, value.first, value.second);
    } else if (!error) {
        if (version->toInt() != store::kSchemaVersion)
            *mismatch = QStringLiteral("schema version %1, this build reads %2")
                            .arg(*version)
                            .arg(store::kSchemaVersion);
        for (const QString &key : {kProviderKey, kAccountKey}) {
            auto stored = store::readMeta(db, key);
            const QString expected = key == kProviderKey ? options.providerId : options.accountId;
            if (!stored.ok())
                error = stored.error();
            else if (mismatch->isEmpty() && stored.value().value_or(QString()) != expected)
                *mismatch = QStringLiteral("%1 is not the expected one").arg(key);
        }
    }
    if (error) {
        db.rollback();
        return error;
    }
    return db.commit();
}

QString reasonFor(store::HeaderCheck check)
{
    switch (check) {
    case store::HeaderCheck::NotSqlite:
        return QStringLiteral("not-a-database");
    case store::HeaderCheck::Truncated:
        return QStringLiteral("truncated");
    default:
        return QStringLiteral("unreadable");
    }
}

} // namespace

ItemStore::ItemStore(StoreOptions options, std::unique_ptr<Db> db)
    : m_options(std::move(options)), m_db(std::move(db))
{
    m_path = m_db->target().path;
    if (!inMemory()) {
        // Checkpoints mostly run on a background connection (checkpointSoon()). SQLite's
        // own, on the writing thread, still comes every 2,000 log pages (8 MB): it then
        // finds little left to copy, and only it can let the log start over.
        if (Error error = m_db->exec(QStringLiteral("PRAGMA wal_autocheckpoint=2000"), "pragma"))
            qCWarning(lcStore) << error.detail;
    }
}

ItemStore::~ItemStore()
{
    for (const QPointer<StoreReader> &reader : std::as_const(m_readers))
        if (reader)
            reader->cancel();
    if (m_checkpointer)
        m_checkpointer->wait();
    m_statements.reset();
    m_db.reset();
}

void ItemStore::checkpointSoon()
{
    if (inMemory() || ++m_pagesSinceCheckpoint < kPagesPerCheckpoint)
        return;
    if (m_checkpointer && !m_checkpointer->isFinished())
        return; // the next page tries again
    m_pagesSinceCheckpoint = 0;
    if (m_checkpointer)
        m_checkpointer->wait();
    // A passive checkpoint copies the log into the database beside readers and
    // writers and does the fsync, which is what made some pages take 100+ ms.
    m_checkpointer.reset(QThread::create([target = m_db->target()] {
        auto db = Db::open(target);
        if (!db)
            return;
        if (Error error =
                db.value()->exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"), "checkpoint"))
            qCDebug(lcStore) << "checkpoint:" << error.detail;
    }));
    m_checkpointer->start(QThread::LowPriority);
}

QString ItemStore::accountDirectory(const QString &credentialNamespace, const QString &accountId)
{
    return store::accountDirectory(credentialNamespace, accountId);
}

Result<ItemStore::Opened> ItemStore::open(const StoreOptions &options)
{
    if (!options.directory.isEmpty())
        return openFile(options);
    static QAtomicInteger<quint64> counter;
    DbTarget target;
    target.memoryName = QStringLiteral("desk-memory-%1-%2")
                            .arg(QCoreApplication::applicationPid())
                            .arg(counter.fetchAndAddRelaxed(1));
    auto db = Db::open(target);
    if (!db)
        return db.error();
    QString mismatch;
    if (Error error = prepareSchema(*db.value(), options, &mismatch))
        return error;
    Opened opened;
    opened.store.reset(new ItemStore(options, std::move(db).value()));
    return opened;
}

Result<ItemStore::Opened> ItemStore::openFile(const StoreOptions &options)
{
    if (Error error = store::ensurePrivateDirectory(options.directory))
        return error;
    DbTarget target;
    target.path = store::databasePath(options.directory);
    target.busyTimeoutMs = options.busyTimeoutMs;
    Opened opened;
    const auto setAside = [&](const QString &reason, const QString &detail) -> Error {
        auto moved = store::moveAside(target.path, reason);
        if (!moved)
            return moved.error();
        qCWarning(lcStore) << "set the store file aside:" << detail << "->" << moved.value();
        opened.movedAside = moved.value();
        opened.recovered = store::storageError(
            tr("The local copy of this account could not be read (%1). It was kept as %2 and "
               "is loaded again from the service.")
                .arg(reason, QFileInfo(moved.value()).fileName()),
            detail);
        return {};
    };
    const QString marker = store::damageMarkerPath(target.path);
    if (QFile::exists(marker)) {
        if (QFile::exists(target.path)) {
            if (Error error = setAside(QStringLiteral("damaged"), QStringLiteral("damage marker")))
                return error;
        }
        QFile::remove(marker);
    }
    QString detail;
    const store::HeaderCheck header = store::checkHeader(target.path, &detail);
    if (header != store::HeaderCheck::Ok && header != store::HeaderCheck::Empty) {
        if (Error error = setAside(reasonFor(header), detail))
            return error;
    }
    for (int attempt = 0;; ++attempt) {
        if (Error error = store::ensurePrivateFile(target.path))
            return error;
        bool damaged = false;
        auto db = Db::open(target, &damaged);
        QString mismatch;
        Error error = db ? prepareSchema(*db.value(), options, &mismatch) : db.error();
        damaged = damaged || (db && db.value()->sawDamage());
        if (!error && mismatch.isEmpty()) {
            store::tightenFiles(target.path);
            opened.store.reset(new ItemStore(options, std::move(db).value()));
            if (Error recompute = opened.store->recomputeRowsIfNeeded())
                return recompute;
            return opened;
        }
        if ((!damaged && mismatch.isEmpty()) || attempt > 0)
            return error ? error
                         : store::storageError(tr("The local copy could not be opened."), mismatch);
        db = Error(); // closes the connection before the file moves
        if (Error moveError =
                setAside(damaged ? QStringLiteral("damaged") : QStringLiteral("other-store"),
                         damaged ? error.detail : mismatch))
            return moveError;
    }
}

Error ItemStore::recomputeRowsIfNeeded()
{
    const QString current =
        QString::fromLatin1(store::presentationFingerprint(m_options.presentation));
    auto stored = store::readMeta(*m_db, kFingerprintKey);
    if (!stored)
        return stored.error();
    if (stored.value() == current)
        return {};
    QElapsedTimer timer;
    timer.start();
    qint64 lastSeq = 0;
    qint64 total = 0;
    while (true) {
        // Read a batch, then rewrite it in its own transaction: a crash in between
        // only leaves work for the next open (the fingerprint is written last).
        QVector<QPair<qint64, ItemRow>> rows;
        QSqlQuery read = m_db->query();
        Error error;
        if (!store::prepare(
                *m_db, read,
                QStringLiteral("SELECT seq, ") + store::rowColumns() +
                    QStringLiteral(", body FROM items WHERE seq > ? ORDER BY seq LIMIT 2000"),
                "recompute rows", &error))
            return error;
        read.addBindValue(lastSeq);
        if (!store::run(*m_db, read, "recompute rows", &error))
            return error;
        while (read.next()) {
            lastSeq = read.value(0).toLongLong();
            rows.append(
                {lastSeq, ItemRow::fromItem(store::readItem(read, 1), m_options.presentation)});
        }
        read.finish();
        if (rows.isEmpty())
            break;
        if (Error write = store::rewriteRows(*m_db, rows))
            return write;
        total += rows.size();
    }
    qCInfo(lcStore) << "recomputed" << total << "rows for a new presentation in" << timer.elapsed()
                    << "ms";
    return writeMetaValue(kFingerprintKey, current);
}

Error ItemStore::writeMetaValue(const QString &key, const QString &value)
{
    if (Error error = m_db->begin(true))
        return error;
    if (Error error = store::writeMeta(*m_db, key, value)) {
        m_db->rollback();
        return error;
    }
    return m_db->commit();
}

Error ItemStore::forgetDirectory(const QString &directory)
{
    QDir dir(directory);
    if (directory.isEmpty() || dir.isRoot() || QFileInfo(directory) == QFileInfo(QDir::homePath()))
        return Error(Error::Kind::Configuration, tr("No local copy to delete."),
                     QStringLiteral("refused to delete %1").arg(directory));
    if (dir.exists() && !dir.removeRecursively())
        return store::storageError(tr("The local copy could not be deleted."),
                                   QStringLiteral("removeRecursively %1 failed").arg(directory));
    qCInfo(lcStore) << "deleted the local copy in" << directory;
    return {};
}

Error ItemStore::forget()
{
    if (!m_db)
        return closedError();
    for (const QPointer<StoreReader> &reader : std::as_const(m_readers)) {
        if (reader) {
            reader->cancel();
            reader->waitForWorker();
        }
    }
    m_readers.clear();
    if (m_checkpointer)
        m_checkpointer->wait();
    m_statements.reset();
    m_db.reset(); // in memory, the last connection closing frees the database
    m_openLoads.clear();
    return inMemory() ? Error() : forgetDirectory(m_options.directory);
}

bool ItemStore::inMemory() const
{
    return m_options.directory.isEmpty();
}

QString ItemStore::directory() const
{
    return m_options.directory;
}

QString ItemStore::databasePath() const
{
    return m_path;
}

const ItemPresentation &ItemStore::presentation() const
{
    return m_options.presentation;
}

Error ItemStore::closedError() const
{
    return store::storageError(tr("The local copy is closed."), QStringLiteral("store closed"));
}

DbTarget ItemStore::target() const
{
    return m_db->target();
}

void ItemStore::noteDamage() const
{
    if (m_db && m_db->sawDamage())
        reportDamage(QStringLiteral("SQLITE_CORRUPT or SQLITE_NOTADB"));
}

void ItemStore::reportDamage(const QString &detail) const
{
    if (m_damageReported)
        return;
    m_damageReported = true;
    if (!inMemory()) {
        QFile marker(store::damageMarkerPath(m_path));
        if (marker.open(QIODevice::WriteOnly))
            marker.close();
    }
    qCWarning(lcStore) << "the store file is damaged; it is set aside on the next open";
    emit const_cast<ItemStore *>(this)->damaged(
        store::storageError(store::damageMessage(), detail));
}

// --- Reads ---

Result<qint64> ItemStore::count(const QString &type) const
{
    if (!m_db)
        return closedError();
    QSqlQuery query = m_db->query();
    Error error;
    const QString sql = type.isEmpty()
                            ? QStringLiteral("SELECT count(*) FROM items")
                            : QStringLiteral("SELECT count(*) FROM items WHERE type = ?");
    if (!store::prepare(*m_db, query, sql, "count", &error))
        return error;
    if (!type.isEmpty())
        query.addBindValue(type);
    if (!store::run(*m_db, query, "count", &error) || !query.next()) {
        noteDamage();
        return error ? error
                     : store::storageError(tr("The local copy could not be read."),
                                           QStringLiteral("count"));
    }
    return query.value(0).toLongLong();
}

Result<QHash<QString, qint64>> ItemStore::countsByType() const
{
    if (!m_db)
        return closedError();
    QSqlQuery query = m_db->query();
    if (!query.exec(QStringLiteral("SELECT type, count(*) FROM items GROUP BY type"))) {
        Error error = m_db->errorFrom(query.lastError(), "counts");
        noteDamage();
        return error;
    }
    QHash<QString, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

Result<std::optional<IntegrationItem>> ItemStore::item(const ItemKey &key) const
{
    if (!m_db)
        return closedError();
    QSqlQuery query = m_db->query();
    Error error;
    if (!store::prepare(*m_db, query,
                        QStringLiteral("SELECT ") + store::rowColumns() +
                            QStringLiteral(", body FROM items WHERE type = ? AND id = ?"),
                        "read item", &error))
        return error;
    query.addBindValue(key.type);
    query.addBindValue(key.id);
    if (!store::run(*m_db, query, "read item", &error)) {
        noteDamage();
        return error;
    }
    if (!query.next())
        return std::optional<IntegrationItem>();
    return std::optional<IntegrationItem>(store::readItem(query, 0));
}

Result<TypeSyncState> ItemStore::syncState(const QString &type) const
{
    if (!m_db)
        return closedError();
    auto state = store::readSyncState(*m_db, type);
    noteDamage();
    return state;
}

Result<QVector<TypeSyncState>> ItemStore::syncStates() const
{
    if (!m_db)
        return closedError();
    auto states = store::readSyncStates(*m_db);
    noteDamage();
    return states;
}

QDateTime ItemStore::asOf() const
{
    if (!m_db)
        return {};
    QSqlQuery query = m_db->query();
    if (!query.exec(QStringLiteral("SELECT min(last_sync_ms) FROM sync_state")) || !query.next() ||
        query.value(0).isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC);
}

bool ItemStore::changedElsewhere()
{
    if (!m_db)
        return false;
    auto version = m_db->pragma(QStringLiteral("data_version"));
    if (!version)
        return false;
    const qint64 now = version.value().toLongLong();
    const bool changed = m_dataVersion >= 0 && now != m_dataVersion;
    m_dataVersion = now;
    return changed;
}

Error ItemStore::checkIntegrity()
{
    if (!m_db)
        return closedError();
    QSqlQuery query = m_db->query();
    if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
        Error error = m_db->errorFrom(query.lastError(), "quick_check");
        noteDamage();
        return error;
    }
    QStringList problems;
    while (query.next())
        problems << query.value(0).toString();
    if (problems == QStringList{QStringLiteral("ok")})
        return {};
    qCWarning(lcStore) << "quick_check found" << problems.size() << "problems";
    const QString detail = problems.mid(0, 5).join(QStringLiteral("; "));
    reportDamage(detail);
    return store::storageError(store::damageMessage(), detail);
}

void ItemStore::trackReader(StoreReader *reader)
{
    m_readers.removeAll(QPointer<StoreReader>());
    m_readers.append(reader);
}

StoreReader *ItemStore::readRows(const ReadOptions &options, QObject *parent)
{
    auto *reader = new StoreReader(m_db ? target() : DbTarget{}, StoreReader::What::Rows, options,
                                   parent ? parent : this);
    trackReader(reader);
    reader->start();
    return reader;
}

StoreReader *ItemStore::readItems(const ReadOptions &options, QObject *parent)
{
    auto *reader = new StoreReader(m_db ? target() : DbTarget{}, StoreReader::What::Items, options,
                                   parent ? parent : this);
    trackReader(reader);
    reader->start();
    return reader;
}

std::unique_ptr<ItemCursor> ItemStore::itemCursor(const QStringList &types) const
{
    return std::make_unique<ItemCursor>(m_db ? target() : DbTarget{}, types);
}

} // namespace desk
