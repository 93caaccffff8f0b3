#pragma once

// Airtable's sync state: what the opaque SyncState tokens of its three types
// hold, and what one load learns for the next.
//
// - bases: the ids of the bases listed;
// - tables: table id -> base id;
// - records, per table: its base; `since`, when the table's last listing began
//   (a refresh asks for records modified after it, less an overlap for clocks
//   and precision); every record id the caller holds (what an id sweep compares
//   with); and the content hash of each record the last refresh read, so that
//   the overlap's re-reads are not emitted again. About 14 bytes per record.
//
// A refresh finds removals by comparison: bases and tables no longer listed
// (with their tables and records), and records an id sweep no longer lists.

#include "items/integrationitem.h"
#include "items/itemrow.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace desk::airtable {

struct TableState
{
    QString baseId;
    QDateTime since;                // when its last listing began (UTC)
    QSet<QString> ids;              // every record the caller holds
    QHash<QString, QString> recent; // id -> content hash, of what the last refresh read
};

// One table's part of the records token ("\"tblX\":{…}").
QString encodeTable(const QString &tableId, const TableState &table);
// The records token from the tables' parts.
QString recordsToken(const QHash<QString, QString> &tableParts);
std::optional<QHash<QString, TableState>> decodeRecordsToken(const QString &token);

QString basesToken(const QStringList &baseIds);
QStringList decodeBasesToken(const QString &token);
QString tablesToken(const QHash<QString, QString> &baseOfTable);
QHash<QString, QString> decodeTablesToken(const QString &token);

// A stable hash of what an item shows (the same item read twice hashes alike).
QString contentHash(const IntegrationItem &item);

// What one load knows and learns, shared by its streams (engine thread only).
struct LoadSync
{
    bool incremental = false; // LoadMode::Incremental with tokens to continue from
    bool sweep = false;       // this refresh lists every record id to find deletions
    bool records = false;     // records are part of the load
    // From the tokens given (incremental only).
    QSet<QString> knownBases;
    QHash<QString, QString> knownTables; // table -> base
    QHash<QString, TableState> knownRecords;
    bool hasRecordsToken = false;
    // Learnt by this load.
    QStringList listedBases;
    QHash<QString, QString> listedTables;
    QHash<QString, QString> tableParts; // table -> its finished part of the records token

    // Removed keys for a table no longer listed: the table and its records.
    QVector<ItemKey> vanishedTable(const QString &tableId) const;
    // ... for a base: the base, its tables and their records.
    QVector<ItemKey> vanishedBase(const QString &baseId) const;
};

} // namespace desk::airtable
