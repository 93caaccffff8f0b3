#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
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
    QStringList recordIds; // in creation order (the default order of the list endpoint)
    QHash<QString, int> recordIndex;
};

struct Base
{
    QString id;
    QString name;
    QString permissionLevel;
    QVector<Table> tables;
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
class AirtableData
{
public:
    void generate(const GeneratorConfig &config);

    const QVector<Base> &bases() const { return m_bases; }
    int baseIndex(const QString &id) const; // -1 if unknown
    int tableIndex(int base, const QString &idOrName) const;
    int recordCount(int base, int table) const;
    QJsonObject record(int base, int table, int index) const;
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
