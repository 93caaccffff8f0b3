#pragma once

#include "common/result.h"
#include "items/integrationitem.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>
#include <QVector>

// Parsers for HubSpot CRM responses, strict about structure (a page that does
// not have the documented shape is an error, so the client retries it instead
// of silently losing records) and lenient about representation (ids as strings
// or numbers, null property values, association keys singular or plural).
namespace desk::hubspot {

struct AssociationRef
{
    QString id;
    QString type; // e.g. "contact_to_company" (primary), "contact_to_company_unlabeled"
};

struct ObjectRecord
{
    QString id;
    QVariantMap properties; // name -> QString, or null QVariant for null
    QDateTime createdAt;
    QDateTime updatedAt;
    bool archived = false;
    QHash<QString, QVector<AssociationRef>> associations; // "companies" -> refs
    QStringList truncatedAssociations;                    // types whose inline list had more pages
};

struct ObjectPage
{
    QVector<ObjectRecord> results;
    QString nextAfter; // empty on the last page
};

struct OwnersPage
{
    QHash<QString, QString> names; // owner id -> "First Last" (or email)
    QString nextAfter;
};

struct PipelineLabels
{
    QHash<QString, QString> pipelines; // pipeline id -> label
    QHash<QString, QString> stages;    // stage id -> label
};

// GET /crm/v3/objects/{type}
Result<ObjectPage> parseObjectPage(const QJsonDocument &document);
// GET /crm/v3/owners
Result<OwnersPage> parseOwnersPage(const QJsonDocument &document);
// GET /crm/v3/pipelines/{deals|tickets}
Result<PipelineLabels> parsePipelines(const QJsonDocument &document);
// POST /crm/v3/objects/{type}/search -> "total"
Result<qint64> parseSearchTotal(const QJsonDocument &document);
// POST /crm/v4/associations/{from}/{to}/batch/read -> from id -> to ids
Result<QHash<QString, QStringList>> parseAssociationBatch(const QJsonDocument &document);
// The same with per-input paging: an input whose targets go on has
// results[].paging.next.after; ask again with {id, after} for the rest.
struct AssociationBatch
{
    QHash<QString, QStringList> links; // from id -> to ids
    QHash<QString, QString> more;      // from id -> `after` of its next page
};
Result<AssociationBatch> parseAssociationBatchPage(const QJsonDocument &document);

// The four object types, in order.
QStringList objectTypes();
// "contacts" -> "contacts"; "contact" -> "contacts"; "0-1" -> "contacts"; unknown -> empty.
QString canonicalType(const QString &name);
// Every other accepted name -> its type ("contact", "0-1" -> "contacts").
QHash<QString, QString> typeAliases();
QString singularType(const QString &type); // contacts -> contact
QString objectTypeId(const QString &type); // contacts -> 0-1, companies 0-2, deals 0-3, tickets 0-5

// Everything needed to turn a record into an IntegrationItem.
struct MappingContext
{
    QUrl webBaseUrl; // https://app.hubspot.com (or the sandbox)
    QString hubId;   // the account; empty = no URL
    // Reference data for the labels (referenceData false: no labels at all);
    // `...Read` false when it could not be read (items then say so in problems).
    bool referenceData = true;
    QHash<QString, QString> owners;
    PipelineLabels dealPipelines;
    PipelineLabels ticketPipelines;
    bool ownersRead = true;
    bool dealPipelinesRead = true;
    bool ticketPipelinesRead = true;
};

// type: "contacts" | "companies" | "deals" | "tickets". Properties stay as
// HubSpot has them (hubspot_owner_id is the owner's id); the human readings are
// added by labelItem() (with context.referenceData).
IntegrationItem toItem(const ObjectRecord &record, const QString &type,
                       const MappingContext &context);
// Labels from the reference data beside the raw values: the owner's name under
// hubspot_owner_id, stage and pipeline labels under their properties. A label
// that could not be found becomes a problem.
void labelItem(IntegrationItem &item, const MappingContext &context);
QString displayName(const ObjectRecord &record, const QString &type);
QUrl recordUrl(const MappingContext &context, const QString &type, const QString &id);

} // namespace desk::hubspot
