#pragma once

#include "server/changeset.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QVector>

namespace desk::sandbox::airtable {

struct GeneratorConfig
{
    quint64 seed = 1;
    int bases = 5;
    int tablesPerBase = 3;
    int recordsPerTable = 120;
};

struct FieldDef
{
    QString id;
    QString name;
    QString type;   // Airtable field type, e.g. singleLineText, singleSelect, currency
    int flavor = 0; // what kind of text/number to generate
    QStringList choices;
    int linkedTable = -1; // multipleRecordLinks: index of the linked table in the base
    QJsonObject options;
};

struct Table
{
    QString id;
    QString name;
    QString description;
    QVector<FieldDef> fields; // fields[0] is the primary field
    QJsonArray views;
    quint64 seed = 0;
    qint64 firstCreatedMs = 0;
    qint64 stepMs = 0;
    QStringList recordIds;           // in creation order (the default order of the list endpoint)
    QHash<QString, int> recordIndex; // live records only: deleted ones are gone
    int generated = 0;               // records made by generate(); later ones were added
    // What change sets did, by record index.
    QHash<int, qint64> addedCreatedMs;
    QHash<int, qint64> changedMs;
    QHash<int, int> revision;
    QSet<int> deleted;
};

struct Base
{
    QString id;
    QString name;
    QString permissionLevel;
    QVector<Table> tables;
};

// What a change set did to a table (record ids).
struct RecordChanges
{
    QStringList modified;
    QStringList added;
    QStringList deleted;
};

struct Collaborator
{
    QString id;
    QString email;
    QString name;
};

// Deterministic Airtable workspace: bases -> tables (fields, views) -> records.
// Bases, tables and record ids are generated once; a record's field values are
// generated on demand from (table seed, index), so large tables cost little.
// Change sets modify (a field and the last-modified time), add and delete
// records on top of that.
class AirtableData
{
public:
    void generate(const GeneratorConfig &config);
    // POST /airtable/_sandbox/changes on one table.
    RecordChanges applyChanges(int base, int table, const ChangeRequest &change, qint64 nowMs);

    const QVector<Base> &bases() const { return m_bases; }
    int baseIndex(const QString &id) const; // -1 if unknown
    int tableIndex(int base, const QString &idOrName) const;
    int recordCount(int base, int table) const; // indices, deleted records included
    bool isLive(int base, int table, int index) const;
    QJsonObject record(int base, int table, int index) const;
    qint64 createdMs(int base, int table, int index) const;
    // When any field of the record last changed (LAST_MODIFIED_TIME()).
    qint64 modifiedMs(int base, int table, int index) const;
    QJsonObject tableJson(int base, int table) const;
    const QVector<Collaborator> &collaborators() const { return m_collaborators; }
    int totalRecords() const;

    static QString isoTime(qint64 msSinceEpoch);

private:
    QVector<Base> m_bases;
    QHash<QString, int> m_baseIndex;
    QVector<Collaborator> m_collaborators;
    int m_recordsPerTable = 0;
};

} // namespace desk::sandbox::airtable
