// ItemStore's write path: starting full loads, applying pages in one transaction
// each (upsert with change detection, removals, sync progress, mark and sweep),
// and the prepared statements it uses.
#include "store/itemstore.h"
#include "store/storecodec.h"
#include "store/storedb.h"
#include "store/storesync.h"
#include "store/storewrite.h"

#include <QCoreApplication>
#include <QSet>

namespace desk {

using store::Db;
using store::lcStore;

namespace {

const QString kGenerationKey = QStringLiteral("generation");

Result<qint64> currentGeneration(Db &db)
{
    auto value = store::readMeta(db, kGenerationKey);
    if (!value)
        return value.error();
    return value.value().value_or(QStringLiteral("0")).toLongLong();
}

void bindStored(QSqlQuery &query, const store::StoredItem &item, qint64 generation)
{
    const ItemRow &row = item.row;
    for (const QString &text :
         {row.name, row.parentType, row.parentId, row.parentName, row.groupParentId, row.values[0],
          row.values[1], row.values[2], row.values[3]})
        query.addBindValue(text);
    query.addBindValue(item.createdMs ? QVariant(*item.createdMs) : QVariant());
    query.addBindValue(item.modifiedMs ? QVariant(*item.modifiedMs) : QVariant());
    query.addBindValue(int(row.flags));
    query.addBindValue(item.body); // UTF-8 JSON kept as bytes: no conversions
    query.addBindValue(item.hash);
    query.addBindValue(generation);
}

} // namespace

namespace store {

Result<std::unique_ptr<WriteStatements>> WriteStatements::prepare(Db &db)
{
    auto statements = std::make_unique<WriteStatements>();
    const QString columns = QStringLiteral(
        "name, parent_type, parent_id, parent_name, group_parent_id, v0, v1, v2, v3, created_ms, "
        "modified_ms, flags, body, hash, gen");
    const QVector<QPair<QSqlQuery *, QString>> sql = {
        {&statements->insert,
         QStringLiteral("INSERT INTO items(type, id, ") + columns +
             QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")},
        {&statements->update,
         QStringLiteral("UPDATE items SET (") + columns +
             QStringLiteral(") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE seq = ?")},
        {&statements->touch, QStringLiteral("UPDATE items SET gen = ? WHERE seq = ?")},
        {&statements->remove, QStringLiteral("DELETE FROM items WHERE type = ? AND id = ?")},
    };
    for (const auto &[query, text] : sql) {
        *query = db.query();
        Error error;
        if (!store::prepare(db, *query, text, "prepare write", &error))
            return error;
    }
    return statements;
}

Result<QHash<ItemKey, WriteStatements::Existing>>
WriteStatements::findAll(Db &db, const QVector<StoredItem> &items)
{
    QHash<QString, QStringList> idsByType;
    for (const StoredItem &item : items)
        idsByType[item.row.type].append(item.row.id);
    QHash<ItemKey, Existing> found;
    for (auto it = idsByType.cbegin(); it != idsByType.cend(); ++it) {
        for (qsizetype from = 0; from < it.value().size(); from += kLookupChunk) {
            const QStringList ids = it.value().mid(from, kLookupChunk);
            const int n = int(ids.size());
            Error error;
            if (!lookups.contains(n)) {
                QSqlQuery query = db.query();
                const QString marks = QStringLiteral("?,").repeated(n - 1) + QLatin1Char('?');
                if (!store::prepare(db, query,
                                    QStringLiteral("SELECT id, seq, hash FROM items WHERE type = ? "
                                                   "AND id IN (") +
                                        marks + QLatin1Char(')'),
                                    "find items", &error))
                    return error;
                lookups.insert(n, query);
            }
            QSqlQuery &query = lookups[n];
            query.addBindValue(it.key());
            for (const QString &id : ids)
                query.addBindValue(id);
            if (!run(db, query, "find items", &error))
                return error;
            while (query.next())
                found.insert(ItemKey{it.key(), query.value(0).toString()},
                             Existing{query.value(1).toLongLong(), query.value(2).toLongLong()});
            query.finish();
        }
    }
    return found;
}

Error WriteStatements::insertItem(Db &db, const StoredItem &item, qint64 generation)
{
    insert.addBindValue(item.row.type);
    insert.addBindValue(item.row.id);
    bindStored(insert, item, generation);
    Error error;
    run(db, insert, "insert item", &error);
    return error;
}

Error WriteStatements::updateItem(Db &db, qint64 seq, const StoredItem &item, qint64 generation)
{
    bindStored(update, item, generation);
    update.addBindValue(seq);
    Error error;
    run(db, update, "update item", &error);
    return error;
}

Error WriteStatements::touchItem(Db &db, qint64 seq, qint64 generation)
{
    touch.addBindValue(generation);
    touch.addBindValue(seq);
    Error error;
    run(db, touch, "touch item", &error);
    return error;
}

Result<bool> WriteStatements::removeItem(Db &db, const QString &type, const QString &id)
{
    remove.addBindValue(type);
    remove.addBindValue(id);
    Error error;
    if (!run(db, remove, "remove item", &error))
        return error;
    return remove.numRowsAffected() > 0;
}

Error rewriteRows(Db &db, const QVector<QPair<qint64, ItemRow>> &rows)
{
    if (Error error = db.begin(true))
        return error;
    QSqlQuery query = db.query();
    Error error;
    if (prepare(db, query,
                QStringLiteral("UPDATE items SET (group_parent_id, v0, v1, v2, v3, flags) = "
                               "(?, ?, ?, ?, ?, ?) WHERE seq = ?"),
                "rewrite rows", &error)) {
        for (const auto &[seq, row] : rows) {
            query.addBindValue(row.groupParentId);
            for (const QString &value : row.values)
                query.addBindValue(value);
            query.addBindValue(int(row.flags));
            query.addBindValue(seq);
            if (!run(db, query, "rewrite rows", &error))
                break;
        }
    }
    if (error) {
        db.rollback();
        return error;
    }
    return db.commit();
}

} // namespace store

ChangeSummary ItemStore::takeSessionSummary()
{
    return std::exchange(m_session, ChangeSummary());
}

Result<FullLoadTicket> ItemStore::beginFullLoad(const QString &type, FullLoadMode mode)
{
    if (!m_db)
        return closedError();
    if (type.isEmpty())
        return Error(Error::Kind::Configuration, tr("A full load needs an object type."));
    if (Error error = m_db->begin(true)) {
        noteDamage();
        return error;
    }
    FullLoadTicket ticket;
    ticket.type = type;
    Error error;
    auto state = store::readSyncState(*m_db, type);
    if (!state) {
        error = state.error();
    } else if (mode == FullLoadMode::Resume && state.value().fullLoadGeneration > 0 &&
               !state.value().fullLoadComplete && !state.value().resumeCursors.isEmpty()) {
        ticket.generation = state.value().fullLoadGeneration;
        ticket.resumed = true;
        ticket.resumeCursors = state.value().resumeCursors;
    } else if (auto generation = currentGeneration(*m_db); !generation) {
        error = generation.error();
    } else {
        ticket.generation = generation.value() + 1;
        TypeSyncState next = state.value();
        next.fullLoadGeneration = ticket.generation;
        next.fullLoadComplete = false;
        next.resumeCursors.clear();
        error = store::writeMeta(*m_db, kGenerationKey, QString::number(ticket.generation));
        if (!error)
            error = store::writeSyncState(*m_db, next);
    }
    if (!error)
        error = m_db->commit();
    if (error) {
        m_db->rollback();
        noteDamage();
        return error;
    }
    m_openLoads.insert(type, ticket.generation);
    qCInfo(lcStore) << (ticket.resumed ? "resuming" : "starting") << "full load of" << type
                    << "generation" << ticket.generation;
    return ticket;
}

Error ItemStore::checkPage(const StorePage &page) const
{
    for (const IntegrationItem &item : page.items)
        if (item.type.isEmpty() || item.id.isEmpty())
            return Error(Error::Kind::BadResponse,
                         tr("An item without a type or id cannot be stored."),
                         QStringLiteral("item type '%1' id '%2'").arg(item.type, item.id));
    for (const ItemKey &key : page.removed)
        if (key.type.isEmpty() || key.id.isEmpty())
            return Error(Error::Kind::BadResponse,
                         tr("An item without a type or id cannot be removed."));
    for (const TypeSyncProgress &progress : page.progress) {
        if (progress.type.isEmpty())
            return Error(Error::Kind::Configuration, tr("Sync progress needs an object type."));
        if (progress.fullLoadComplete && !m_openLoads.contains(progress.type))
            return Error(Error::Kind::Configuration,
                         tr("A full load can only complete after it was started."),
                         QStringLiteral("no beginFullLoad for %1").arg(progress.type));
    }
    return {};
}

Result<ChangeSummary> ItemStore::applyPage(const StorePage &page)
{
    if (!m_db)
        return closedError();
    if (Error error = checkPage(page))
        return error;
    if (!m_statements) {
        auto statements = store::WriteStatements::prepare(*m_db);
        if (!statements)
            return statements.error();
        m_statements = std::move(statements).value();
    }
    // Encode outside the transaction so the write lock is held briefly.
    QHash<ItemKey, int> last;
    for (int i = 0; i < page.items.size(); ++i)
        last.insert(ItemKey{page.items.at(i).type, page.items.at(i).id}, i);
    QVector<store::StoredItem> encoded;
    encoded.reserve(last.size());
    for (int i = 0; i < page.items.size(); ++i)
        if (last.value(ItemKey{page.items.at(i).type, page.items.at(i).id}) == i)
            encoded.append(store::encodeItem(page.items.at(i), m_options.presentation));

    RowBatch added, updated;
    QVector<ItemKey> removed;
    Error error = m_db->begin(true);
    Result<ChangeSummary> summary = error;
    if (!error) {
        summary = writePage(encoded, page, added, updated, removed);
        error = summary ? m_db->commit() : summary.error();
    }
    if (error) {
        m_db->rollback();
        noteDamage();
        qCWarning(lcStore) << "page of" << page.items.size() << "items not stored:" << error.detail;
        return error;
    }
    for (const TypeSyncProgress &progress : page.progress)
        if (progress.fullLoadComplete)
            m_openLoads.remove(progress.type);
    m_session += summary.value();
    checkpointSoon();
    qCDebug(lcStore) << "page stored:" << summary.value().added << "new" << summary.value().changed
                     << "changed" << summary.value().unchanged << "unchanged"
                     << summary.value().removed << "removed";
    if (!added.isEmpty())
        emit rowsAdded(added);
    if (!updated.isEmpty())
        emit rowsUpdated(updated);
    if (!removed.isEmpty())
        emit rowsRemoved(removed);
    return summary;
}

Result<ChangeSummary> ItemStore::writePage(const QVector<store::StoredItem> &items,
                                           const StorePage &page, RowBatch &added,
                                           RowBatch &updated, QVector<ItemKey> &removed)
{
    auto generation = currentGeneration(*m_db);
    if (!generation)
        return generation.error();
    store::WriteStatements &sql = *m_statements;
    ChangeSummary summary;
    QSet<ItemKey> addedKeys, updatedKeys, removedKeys;
    auto stored = sql.findAll(*m_db, items);
    if (!stored)
        return stored.error();
    for (const store::StoredItem &item : items) {
        const ItemKey key{item.row.type, item.row.id};
        const auto existing = stored.value().constFind(key);
        Error error;
        if (existing == stored.value().cend()) {
            error = sql.insertItem(*m_db, item, generation.value());
            ++summary.added;
            addedKeys.insert(key);
        } else if (existing->hash == item.hash) {
            error = sql.touchItem(*m_db, existing->seq, generation.value());
            ++summary.unchanged;
        } else {
            error = sql.updateItem(*m_db, existing->seq, item, generation.value());
            ++summary.changed;
            updatedKeys.insert(key);
        }
        if (error)
            return error;
    }
    for (const ItemKey &key : page.removed) {
        if (removedKeys.contains(key))
            continue;
        auto gone = sql.removeItem(*m_db, key.type, key.id);
        if (!gone)
            return gone.error();
        if (!gone.value())
            continue;
        removedKeys.insert(key);
        // An item delivered and removed in one page: the removal wins.
        if (addedKeys.remove(key)) {
            --summary.added;
            continue;
        }
        if (updatedKeys.remove(key))
            --summary.changed;
        ++summary.removed;
        removed.append(key);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const TypeSyncProgress &progress : page.progress) {
        auto state = store::readSyncState(*m_db, progress.type);
        if (!state)
            return state.error();
        TypeSyncState next = state.value();
        if (progress.syncToken)
            next.syncToken = *progress.syncToken;
        for (auto it = progress.resumeCursors.cbegin(); it != progress.resumeCursors.cend(); ++it)
            next.resumeCursors.insert(it.key(), it.value());
        if (progress.syncComplete)
            next.lastSync = now;
        if (progress.fullLoadComplete) {
            auto swept = sweep(progress.type, m_openLoads.value(progress.type), removed);
            if (!swept)
                return swept.error();
            summary.removed += swept.value();
            next.fullLoadComplete = true;
            next.lastFullSweep = next.lastSync = now;
            next.resumeCursors.clear();
        }
        if (Error error = store::writeSyncState(*m_db, next))
            return error;
    }
    for (const store::StoredItem &item : items) {
        const ItemKey key{item.row.type, item.row.id};
        if (addedKeys.contains(key))
            added.append(item.row);
        else if (updatedKeys.contains(key))
            updated.append(item.row);
    }
    return summary;
}

// One pass over the type's items (SQLite 3.35+ RETURNING): the keys removed are
// also what the tree must drop.
Result<qint64> ItemStore::sweep(const QString &type, qint64 generation, QVector<ItemKey> &removed)
{
    QSqlQuery query = m_db->query();
    Error error;
    if (!store::prepare(*m_db, query,
                        QStringLiteral("DELETE FROM items WHERE type = ? AND gen < ? RETURNING id"),
                        "sweep", &error))
        return error;
    query.addBindValue(type);
    query.addBindValue(generation);
    if (!store::run(*m_db, query, "sweep", &error))
        return error;
    qint64 count = 0;
    while (query.next()) {
        removed.append(ItemKey{type, query.value(0).toString()});
        ++count;
    }
    if (query.lastError().isValid())
        return m_db->errorFrom(query.lastError(), "sweep");
    query.finish();
    if (count > 0)
        qCInfo(lcStore) << "full load of" << type << "removed" << count << "items it did not see";
    return count;
}

} // namespace desk
