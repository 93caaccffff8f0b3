#pragma once

#include "common/result.h"
#include "items/integrationitem.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
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
    QDateTime archivedAt; // archived records only
    QHash<QString, QVector<AssociationRef>> associations; // "companies" -> refs
    // Types whose inline list goes on -> the cursor of the rest (an `after` for
    // the associations batch read, with this record's id).
    QHash<QString, QString> truncatedAssociations;
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

// GET /crm/objects/{v}/{type}, and the results of POST …/{type}/batch/read
// (200 or 207: ids that are gone are simply not among the results).
Result<ObjectPage> parseObjectPage(const QJsonDocument &document);
// GET /crm/owners/{v}
Result<OwnersPage> parseOwnersPage(const QJsonDocument &document);
// GET /crm/pipelines/{v}/{deals|tickets}
Result<PipelineLabels> parsePipelines(const QJsonDocument &document);
// POST /crm/objects/{v}/{type}/search -> "total"
Result<qint64> parseSearchTotal(const QJsonDocument &document);
// POST /crm/objects/{v}/{type}/search: the ids of a page, in order, the total,
// and whether more match (paging.next).
struct SearchPage
{
    QStringList ids;
    qint64 total = -1;
    bool more = false;
};
Result<SearchPage> parseSearchPage(const QJsonDocument &document);
// POST /crm/associations/{v}/{from}/{to}/batch/read -> from id -> to ids
Result<QHash<QString, QStringList>> parseAssociationBatch(const QJsonDocument &document);
// The same with per-input paging: an input whose targets go on has
// results[].paging.next.after; ask again with {id, after} for the rest. A 207
// lists the inputs it could not answer in errors[] (context.fromObjectId); the
// ones with no associations at all are told apart (subCategory …NO_ASSOCIATIONS_FOUND).
struct AssociationBatch
{
    QHash<QString, QStringList> links; // from id -> to ids
    QHash<QString, QString> more;      // from id -> `after` of its next page
    QSet<QString> unanswered;          // from ids whose associations could not be read
    QSet<QString> none;                // from ids that have no associations of this kind
    QHash<QString, QString> primary;   // from id -> the target of `primaryTypeId`, if any
};
// `primaryTypeId`: the association type that marks the primary one (see
// primaryAssociationTypeId), 0 for none.
Result<AssociationBatch> parseAssociationBatchPage(const QJsonDocument &document,
                                                   int primaryTypeId = 0);
// HubSpot's default association type of a record's primary company
// (contact→company 1, deal→company 5, ticket→company 339); 0 for other pairs.
int primaryAssociationTypeId(const QString &from, const QString &to);

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
// The item's parent: its primary company (or the first one), for types that
// hang under companies.
void setParentCompany(IntegrationItem &item, const QString &primary);
// Labels from the reference data beside the raw values: the owner's name under
// hubspot_owner_id, stage and pipeline labels under their properties. A label
// that could not be found becomes a problem.
void labelItem(IntegrationItem &item, const MappingContext &context);
QString displayName(const ObjectRecord &record, const QString &type);
QUrl recordUrl(const MappingContext &context, const QString &type, const QString &id);

} // namespace desk::hubspot
