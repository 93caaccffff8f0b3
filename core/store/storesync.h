#pragma once

// The sync_state and meta tables: reading and writing TypeSyncState rows and
// meta values. Internal to core/store.

#include "store/storedb.h"
#include "store/storetypes.h"

namespace desk::store {

Result<TypeSyncState> readSyncState(Db &db, const QString &type);
Result<QVector<TypeSyncState>> readSyncStates(Db &db);
Error writeSyncState(Db &db, const TypeSyncState &state);

Result<std::optional<QString>> readMeta(Db &db, const QString &key);
Error writeMeta(Db &db, const QString &key, const QString &value);

} // namespace desk::store
