// Store connections: pragmas (WAL, synchronous=NORMAL, busy timeout), schema,
// transactions and the mapping of SQLite's result codes to desk::Error.
#include "store/storedb.h"
#include "store/storecodec.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QVariant>

namespace desk::store {

Q_LOGGING_CATEGORY(lcStore, "desk.core.store", QtInfoMsg)

namespace {

// SQLite's primary result codes that mean something to the user.
constexpr int kSqlitePerm = 3, kSqliteBusy = 5, kSqliteLocked = 6, kSqliteReadOnly = 8,
              kSqliteCorrupt = 11, kSqliteFull = 13, kSqliteCantOpen = 14, kSqliteNotADb = 26;

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::ItemStore", text);
}

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString messageFor(int code)
{
    switch (code) {
    case kSqliteBusy:
    case kSqliteLocked:
        return tr("The local copy is busy in another window or program. Try again in a moment.");
    case kSqliteCorrupt:
    case kSqliteNotADb:
        return damageMessage();
    case kSqliteFull:
        return tr("The disk is full: the local copy could not be updated.");
    case kSqlitePerm:
    case kSqliteReadOnly:
    case kSqliteCantOpen:
        return tr("The local copy cannot be written: check the permissions of its folder.");
    default:
        return tr("The local copy could not be read or written.");
    }
}

} // namespace

QString damageMessage()
{
    return tr("The local copy of this account is damaged. It is rebuilt the next time the "
              "account is opened; nothing on the service is affected.");
}

Error storageError(const QString &message, const QString &detail)
{
    return Error(Error::Kind::Storage, message, detail);
}

bool isDamageCode(const QSqlError &error)
{
    const int code = primaryCode(error);
    return code == kSqliteCorrupt || code == kSqliteNotADb;
}

bool isBusyCode(const QSqlError &error)
{
    const int code = primaryCode(error);
    return code == kSqliteBusy || code == kSqliteLocked;
}

Db::Db(QString name, DbTarget target) : m_name(std::move(name)), m_target(std::move(target)) {}

Result<std::unique_ptr<Db>> Db::open(const DbTarget &target, bool *damaged)
{
    if (damaged)
        *damaged = false;
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("desk-store-%1").arg(counter.fetchAndAddRelaxed(1));
    std::unique_ptr<Db> db(new Db(name, target));
    db->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    if (target.inMemory()) {
        db->m_db.setDatabaseName(
            QStringLiteral("file:%1?mode=memory&cache=shared").arg(target.memoryName));
        db->m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    } else {
        db->m_db.setDatabaseName(target.path);
    }
    if (!db->m_db.open())
        return db->errorFrom(db->m_db.lastError(), "open");
    const QStringList pragmas =
        target.inMemory()
            ? QStringList{QStringLiteral("PRAGMA read_uncommitted=1")}
            : QStringList{QStringLiteral("PRAGMA busy_timeout=%1").arg(target.busyTimeoutMs),
                          QStringLiteral("PRAGMA journal_mode=WAL"),
                          QStringLiteral("PRAGMA synchronous=NORMAL")};
    for (const QString &pragma : pragmas + QStringList{QStringLiteral("PRAGMA cache_size=-8192")}) {
        if (Error error = db->exec(pragma, "pragma")) {
            if (damaged)
                *damaged = db->sawDamage();
            return error;
        }
    }
    return db;
}

Db::~Db()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QSqlQuery Db::query() const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    return query;
}

Error Db::errorFrom(const QSqlError &error, const char *what)
{
    if (isDamageCode(error))
        m_sawDamage = true;
    const QString detail = QStringLiteral("%1: %2 (code %3)")
                               .arg(QLatin1String(what), error.text(), error.nativeErrorCode());
    return storageError(messageFor(primaryCode(error)), detail);
}

Error Db::exec(const QString &sql, const char *what)
{
    QSqlQuery query = this->query();
    if (!query.exec(sql))
        return errorFrom(query.lastError(), what);
    return {};
}

Result<QString> Db::pragma(const QString &name)
{
    QSqlQuery query = this->query();
    if (!query.exec(QStringLiteral("PRAGMA ") + name))
        return errorFrom(query.lastError(), "pragma");
    if (!query.next())
        return QString();
    return query.value(0).toString();
}

Error Db::begin(bool write)
{
    return exec(write ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"), "begin");
}

Error Db::commit()
{
    return exec(QStringLiteral("COMMIT"), "commit");
}

void Db::rollback()
{
    QSqlQuery query = this->query();
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCDebug(lcStore) << "rollback:" << query.lastError().text();
}

bool prepare(Db &db, QSqlQuery &query, const QString &sql, const char *what, Error *error)
{
    if (query.prepare(sql))
        return true;
    *error = db.errorFrom(query.lastError(), what);
    return false;
}

bool run(Db &db, QSqlQuery &query, const char *what, Error *error)
{
    if (query.exec())
        return true;
    *error = db.errorFrom(query.lastError(), what);
    return false;
}

QString rowColumns()
{
    return QStringLiteral("type, id, name, parent_type, parent_id, parent_name, group_parent_id, "
                          "v0, v1, v2, v3, created_ms, modified_ms, flags");
}

ItemRow readRow(const QSqlQuery &query, int first)
{
    ItemRow row;
    row.type = query.value(first).toString();
    row.id = query.value(first + 1).toString();
    row.name = query.value(first + 2).toString();
    row.parentType = query.value(first + 3).toString();
    row.parentId = query.value(first + 4).toString();
    row.parentName = query.value(first + 5).toString();
    row.groupParentId = query.value(first + 6).toString();
    for (int i = 0; i < ItemRow::kValueSlots; ++i)
        row.values[size_t(i)] = query.value(first + 7 + i).toString();
    row.createdMs = query.value(first + 11).toLongLong();
    row.modifiedMs = query.value(first + 12).toLongLong();
    row.flags = quint8(query.value(first + 13).toUInt());
    return row;
}

IntegrationItem readItem(const QSqlQuery &query, int first)
{
    const auto optionalMs = [&query](int column) -> std::optional<qint64> {
        const QVariant value = query.value(column);
        if (value.isNull())
            return std::nullopt;
        return value.toLongLong();
    };
    return decodeItem(readRow(query, first), optionalMs(first + 11), optionalMs(first + 12),
                      query.value(first + kRowColumnCount).toByteArray());
}

Error createSchema(Db &db)
{
    const QStringList statements = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY NOT NULL, value TEXT) "
                       "WITHOUT ROWID"),
        // seq keeps the order items first arrived in; readers page through it.
        QStringLiteral("CREATE TABLE IF NOT EXISTS items("
                       "seq INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, name TEXT, "
                       "parent_type TEXT, parent_id TEXT, parent_name TEXT, group_parent_id TEXT, "
                       "v0 TEXT, v1 TEXT, v2 TEXT, v3 TEXT, created_ms INTEGER, "
                       "modified_ms INTEGER, flags INTEGER NOT NULL DEFAULT 0, body BLOB, "
                       "hash INTEGER NOT NULL, gen INTEGER NOT NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS items_key ON items(type, id)"),
        // The completing page of a full load finds the items it did not see through
        // this index instead of scanning the type (1 s for a million items).
        QStringLiteral("CREATE INDEX IF NOT EXISTS items_gen ON items(type, gen)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS sync_state(type TEXT PRIMARY KEY NOT NULL, "
                       "sync_token TEXT, last_sync_ms INTEGER, last_full_ms INTEGER, "
                       "full_complete INTEGER NOT NULL DEFAULT 0, "
                       "full_gen INTEGER NOT NULL DEFAULT 0, resume TEXT) WITHOUT ROWID"),
    };
    for (const QString &sql : statements) {
        if (Error error = db.exec(sql, "schema"))
            return error;
    }
    return {};
}

} // namespace desk::store
