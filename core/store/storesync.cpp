// TypeSyncState <-> sync_state rows (resume cursors as a JSON object); meta values.
#include "store/storesync.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace desk::store {

namespace {

const QString kSyncColumns =
    QStringLiteral("type, sync_token, last_sync_ms, last_full_ms, full_complete, full_gen, resume");

QDateTime timeOf(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QVariant msOf(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

TypeSyncState stateFrom(const QSqlQuery &query)
{
    TypeSyncState state;
    state.type = query.value(0).toString();
    state.syncToken = query.value(1).toString();
    state.lastSync = timeOf(query.value(2));
    state.lastFullSweep = timeOf(query.value(3));
    state.fullLoadComplete = query.value(4).toBool();
    state.fullLoadGeneration = query.value(5).toLongLong();
    const QJsonObject resume = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    for (auto it = resume.constBegin(); it != resume.constEnd(); ++it)
        state.resumeCursors.insert(it.key(), it.value().toString());
    return state;
}

} // namespace

Result<TypeSyncState> readSyncState(Db &db, const QString &type)
{
    QSqlQuery query = db.query();
    Error error;
    if (!prepare(db, query,
                 QStringLiteral("SELECT ") + kSyncColumns +
                     QStringLiteral(" FROM sync_state WHERE type = ?"),
                 "read sync state", &error))
        return error;
    query.addBindValue(type);
    if (!run(db, query, "read sync state", &error))
        return error;
    if (!query.next()) {
        TypeSyncState fresh;
        fresh.type = type;
        return fresh;
    }
    return stateFrom(query);
}

Result<QVector<TypeSyncState>> readSyncStates(Db &db)
{
    QSqlQuery query = db.query();
    if (!query.exec(QStringLiteral("SELECT ") + kSyncColumns +
                    QStringLiteral(" FROM sync_state ORDER BY type")))
        return db.errorFrom(query.lastError(), "read sync states");
    QVector<TypeSyncState> states;
    while (query.next())
        states.append(stateFrom(query));
    return states;
}

Error writeSyncState(Db &db, const TypeSyncState &state)
{
    QJsonObject resume;
    for (auto it = state.resumeCursors.cbegin(); it != state.resumeCursors.cend(); ++it)
        resume.insert(it.key(), it.value());
    QSqlQuery query = db.query();
    Error error;
    if (!prepare(db, query,
                 QStringLiteral("INSERT OR REPLACE INTO sync_state(") + kSyncColumns +
                     QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?)"),
                 "write sync state", &error))
        return error;
    query.addBindValue(state.type);
    query.addBindValue(state.syncToken);
    query.addBindValue(msOf(state.lastSync));
    query.addBindValue(msOf(state.lastFullSweep));
    query.addBindValue(state.fullLoadComplete ? 1 : 0);
    query.addBindValue(state.fullLoadGeneration);
    query.addBindValue(QString::fromUtf8(QJsonDocument(resume).toJson(QJsonDocument::Compact)));
    run(db, query, "write sync state", &error);
    return error;
}

Result<std::optional<QString>> readMeta(Db &db, const QString &key)
{
    QSqlQuery query = db.query();
    Error error;
    if (!prepare(db, query, QStringLiteral("SELECT value FROM meta WHERE key = ?"), "read meta",
                 &error))
        return error;
    query.addBindValue(key);
    if (!run(db, query, "read meta", &error))
        return error;
    if (!query.next())
        return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

Error writeMeta(Db &db, const QString &key, const QString &value)
{
    QSqlQuery query = db.query();
    Error error;
    if (!prepare(db, query, QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"),
                 "write meta", &error))
        return error;
    query.addBindValue(key);
    query.addBindValue(value);
    run(db, query, "write meta", &error);
    return error;
}

} // namespace desk::store
