#pragma once

// Where an account's store lives on disk and how its files are kept private:
// the folder per account, 0700 folders and 0600 files, the header check that
// tells a database from garbage or a truncated file, and moving a bad file aside.

#include "common/error.h"
#include "common/result.h"

#include <QString>
#include <QStringList>

namespace desk::store {

QString storesRoot(); // <AppLocalDataLocation>/stores
// <stores>/<namespace>/<account>: the namespace and id are reduced to safe file
// names, so no two (namespace, account) pairs share a folder.
QString accountDirectory(const QString &credentialNamespace, const QString &accountId);
QString databasePath(const QString &directory); // <directory>/items.sqlite
// The database and the files SQLite keeps beside it (-wal, -shm).
QStringList databaseFiles(const QString &databasePath);
// Present when a connection met a damaged database while the store was in use:
// the next open moves the file aside.
QString damageMarkerPath(const QString &databasePath);

// Creates `directory` (and its parents below storesRoot()) with mode 0700 and
// tightens them if they exist with looser modes.
Error ensurePrivateDirectory(const QString &directory);
// Creates an empty `path` with mode 0600 if it does not exist.
Error ensurePrivateFile(const QString &path);
// Removes group and other bits from the database's files that exist.
void tightenFiles(const QString &databasePath);

enum class HeaderCheck
{
    Ok,
    Empty,
    NotSqlite,
    Truncated,
    Unreadable
};
// Reads the file's header (no SQL): a file that exists must be a SQLite database
// whose size matches its header, unless a write-ahead log may complete it.
HeaderCheck checkHeader(const QString &databasePath, QString *detail);

// Renames the database and its -wal/-shm to "<name>.<reason>-<UTC time>" beside
// them. Returns the new database path.
Result<QString> moveAside(const QString &databasePath, const QString &reason);

} // namespace desk::store
