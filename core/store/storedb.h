#pragma once

// One SQLite connection of a store (Qt SQL, QSQLITE) with the store's pragmas,
// the schema, and SQL errors turned into desk::Error. Internal to core/store.

#include "common/error.h"
#include "common/result.h"
#include "items/integrationitem.h"
#include "items/itemrow.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <memory>
#include <optional>

namespace desk::store {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

constexpr int kSchemaVersion = 1;

// Where a connection goes: a file, or a private in-memory database that the
// store's connections share by name.
struct DbTarget
{
    QString path;       // database file; empty for memory
    QString memoryName; // set for memory
    int busyTimeoutMs = 10000;
    bool inMemory() const { return path.isEmpty(); }
};

// A named QSqlDatabase connection, closed and removed with the object. Used only
// on the thread that opened it (Qt SQL's rule).
class Db
{
public:
    // `damaged` (optional) tells whether a failure was a damaged or foreign file.
    static Result<std::unique_ptr<Db>> open(const DbTarget &target, bool *damaged = nullptr);
    ~Db();
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    QSqlDatabase &database() { return m_db; }
    const DbTarget &target() const { return m_target; }
    QSqlQuery query() const;
    // Runs one statement without results; `what` names it in the error.
    Error exec(const QString &sql, const char *what);
    Result<QString> pragma(const QString &name);

    Error begin(bool write); // write: BEGIN IMMEDIATE (waits for other writers)
    Error commit();
    void rollback();

    // Set by any statement that met SQLITE_CORRUPT or SQLITE_NOTADB.
    bool sawDamage() const { return m_sawDamage; }
    Error errorFrom(const QSqlError &error, const char *what);

private:
    Db(QString name, DbTarget target);
    QString m_name;
    DbTarget m_target;
    QSqlDatabase m_db;
    bool m_sawDamage = false;
};

// Prepares `sql` on `query`; false with `error` set when SQLite refuses it.
bool prepare(Db &db, QSqlQuery &query, const QString &sql, const char *what, Error *error);
bool run(Db &db, QSqlQuery &query, const char *what, Error *error);

// The columns every read selects, in ItemRow's order; readItem() expects `body`
// right after them.
QString rowColumns();
constexpr int kRowColumnCount = 14;
ItemRow readRow(const QSqlQuery &query, int first);
IntegrationItem readItem(const QSqlQuery &query, int first);

// The tables; idempotent.
Error createSchema(Db &db);

// What the user reads when the file is damaged.
QString damageMessage();
// A user-facing sentence for store failures.
Error storageError(const QString &message, const QString &detail);
bool isDamageCode(const QSqlError &error);
bool isBusyCode(const QSqlError &error);

} // namespace desk::store
