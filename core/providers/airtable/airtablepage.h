#pragma once

#include "common/result.h"
#include "items/integrationitem.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

// Parsers for Airtable Web API v0 responses: strict about structure (a page
// that lacks the documented shape is an error, so the client retries it rather
// than losing records silently), lenient about values (any JSON in `fields`).
namespace desk::airtable {

struct Base
{
    QString id;
    QString name;
    QString permissionLevel;
};

struct BasesPage
{
    QVector<Base> bases;
    QString offset; // empty on the last page
};

struct Table
{
    QString id;
    QString name;
    QString description;
    QString primaryFieldId;
    QString primaryFieldName; // resolved from fields[]
    QStringList fieldNames;
    QStringList viewNames;
    // The field an id sweep asks for (fields[]): the cheapest to send, e.g. a
    // checkbox (left out when unchecked) or a number; else the primary field.
    QString sweepFieldId;
};

struct Record
{
    QString id;
    QDateTime createdTime;
    QJsonObject fields;
};

struct RecordsPage
{
    QVector<Record> records;
    QString offset; // empty on the last page
};

// GET /v0/meta/bases
Result<BasesPage> parseBasesPage(const QJsonDocument &document);
// GET /v0/meta/bases/{baseId}/tables
Result<QVector<Table>> parseTables(const QJsonDocument &document);
// GET /v0/{baseId}/{tableId}
Result<RecordsPage> parseRecordsPage(const QJsonDocument &document);

// A cell value as text or a list of texts: strings and numbers as text,
// checkboxes "true", collaborators by name (else email), attachments by file
// name, linked records by id, arrays as lists.
QVariant flattenValue(const QJsonValue &value);

// https://airtable.com/{baseId}/{tableId}/{recordId} (empty parts are left out).
QUrl webUrl(const QUrl &webBase, const QString &baseId, const QString &tableId = {},
            const QString &recordId = {});

IntegrationItem baseItem(const Base &base, const QUrl &webBase);
IntegrationItem tableItem(const Table &table, const QString &baseId, const QString &baseName,
                          const QUrl &webBase);
// primaryField: the table's primary field name (from the table item's
// "primaryField" property); the record's value of it becomes the item name.
IntegrationItem recordItem(const Record &record, const QString &baseId, const QString &tableId,
                           const QString &tableName, const QString &primaryField,
                           const QUrl &webBase);

} // namespace desk::airtable
