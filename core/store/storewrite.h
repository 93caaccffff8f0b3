#pragma once

// The prepared statements of a store's write path. Internal to core/store.

#include "store/storecodec.h"
#include "store/storedb.h"

#include <QPair>
#include <QSqlQuery>
#include <QVector>

namespace desk::store {

struct WriteStatements
{
    QSqlQuery lookup; // seq, hash of a key
    QSqlQuery insert;
    QSqlQuery update; // every column of a changed item
    QSqlQuery touch;  // an unchanged item: only its generation
    QSqlQuery remove;

    static Result<std::unique_ptr<WriteStatements>> prepare(Db &db);

    struct Existing
    {
        qint64 seq = 0;
        qint64 hash = 0;
    };
    // Unset when the key is not stored.
    Result<std::optional<Existing>> find(Db &db, const QString &type, const QString &id);
    Error insertItem(Db &db, const StoredItem &item, qint64 generation);
    Error updateItem(Db &db, qint64 seq, const StoredItem &item, qint64 generation);
    Error touchItem(Db &db, qint64 seq, qint64 generation);
    Result<bool> removeItem(Db &db, const QString &type, const QString &id); // true if it was there
};

// Rewrites the presentation-dependent columns of the rows by seq, in one transaction.
Error rewriteRows(Db &db, const QVector<QPair<qint64, ItemRow>> &rows);

} // namespace desk::store
