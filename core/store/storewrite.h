#pragma once

// The prepared statements of a store's write path. Internal to core/store.

#include "store/storecodec.h"
#include "store/storedb.h"

#include <QHash>
#include <QPair>
#include <QSqlQuery>
#include <QVector>

namespace desk::store {

struct WriteStatements
{
    QHash<int, QSqlQuery> lookups; // seq, hash of up to N ids of one type, by N
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
    // The stored seq and hash of those of `items` that are stored (one query per
    // type and up to kLookupChunk ids, instead of one per item).
    Result<QHash<ItemKey, Existing>> findAll(Db &db, const QVector<StoredItem> &items);
    static constexpr int kLookupChunk = 250;
    Error insertItem(Db &db, const StoredItem &item, qint64 generation);
    Error updateItem(Db &db, qint64 seq, const StoredItem &item, qint64 generation);
    Error touchItem(Db &db, qint64 seq, qint64 generation);
    Result<bool> removeItem(Db &db, const QString &type, const QString &id); // true if it was there
};

// Rewrites the presentation-dependent columns of the rows by seq, in one transaction.
Error rewriteRows(Db &db, const QVector<QPair<qint64, ItemRow>> &rows);

} // namespace desk::store
