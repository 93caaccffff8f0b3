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

// "contacts" -> "contacts"; "contact" -> "contacts"; "0-1" -> "contacts"; unknown -> empty.
QString canonicalType(const QString &name);
QString singularType(const QString &type); // contacts -> contact
QString objectTypeId(const QString &type); // contacts -> 0-1, companies 0-2, deals 0-3, tickets 0-5

// Everything needed to turn a record into an IntegrationItem.
struct MappingContext
{
    QUrl webBaseUrl; // https://app.hubspot.com (or the sandbox)
    QString hubId;   // the account; empty = no URL
    QHash<QString, QString> owners;
    PipelineLabels dealPipelines;
    PipelineLabels ticketPipelines;
    QHash<QString, QString> companyNames; // company id -> name, as companies arrive
};

// type: "contacts" | "companies" | "deals" | "tickets".
IntegrationItem toItem(const ObjectRecord &record, const QString &type,
                       const MappingContext &context);
QString displayName(const ObjectRecord &record, const QString &type);
QUrl recordUrl(const MappingContext &context, const QString &type, const QString &id);

} // namespace desk::hubspot
