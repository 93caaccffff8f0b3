#pragma once

// Parsers for Notion API responses at Notion-Version 2026-03-11 (pages, data
// sources and database containers; lists of them; blocks) and the mapping to
// items. Strict about structure, lenient about values: what older versions
// send (`archived`, databases in search results) is read as well.
#include "common/result.h"
#include "items/integrationitem.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QVector>

namespace desk::notion {

// The one Notion-Version every request carries (see docs/providers.md).
inline constexpr const char *kVersion = "2026-03-11";

// The item types.
inline const QString kPages = QStringLiteral("pages");
inline const QString kDataSources = QStringLiteral("data_sources");
inline const QString kDatabases = QStringLiteral("databases");
inline const QString kWorkspace = QStringLiteral("workspace");

struct Parent
{
    enum class Kind
    {
        Workspace,
        Page,
        Database,   // a data source's parent (a row's, before data sources)
        DataSource, // a row's parent (carries the database id too)
        Block,
        Unknown // agent_id, or a parent the client does not know
    };
    Kind kind = Kind::Unknown;
    QString id;         // normalised (no dashes, lower case); empty for the workspace
    QString databaseId; // DataSource: the database holding it, when given
    QString type;       // the raw parent type ("agent_id"), for the orphan problem
};

struct Object
{
    enum class Kind
    {
        Page,
        DataSource,
        Database
    };
    Kind kind = Kind::Page;
    QString id;    // normalised
    QString title; // joined plain_text; empty when untitled
    Parent parent;
    QDateTime created;
    QDateTime edited; // last_edited_time (minute precision at Notion)
    QUrl url;
    bool inTrash = false;    // in_trash (or the older archived)
    bool isArchived = false; // is_archived: not the trash (semantics unverified)
    QVariantMap properties;  // pages: property values flattened; others: description...
    QStringList dataSources; // databases: the ids of their (live) data sources
};

struct SearchPage
{
    QVector<Object> results;
    QString nextCursor; // empty when !hasMore
    bool hasMore = false;
};

// "1f2e-..." or "1f2e..." -> 32 lower-case hex digits; empty if not an id.
QString normalizeId(const QString &id);

// POST /v1/search and data source queries: the list shape.
Result<SearchPage> parseSearchPage(const QJsonDocument &document);
// One page, data source or database object.
Result<Object> parseObject(const QJsonObject &object);
// GET /v1/pages|data_sources|databases/{id}: the object.
Result<Object> parseObjectDocument(const QJsonDocument &document);
// GET /v1/blocks/{id} -> its parent.
Result<Parent> parseBlockParent(const QJsonDocument &document);
Parent parseParent(const QJsonValue &value);

// Joined plain_text of a rich-text array ("" when empty or not an array).
QString plainText(const QJsonValue &richText);
// A property value as text or list of texts (title, rich_text, select,
// multi_select, status, date, checkbox, number, url, email, people...).
QVariant flattenProperty(const QJsonObject &property);

// The type of the items an object becomes ("pages", "data_sources", "databases").
QString itemType(Object::Kind kind);
// Workspace root item (type and id "workspace").
IntegrationItem workspaceItem(const QString &name);
// The item; its parent as the object names it (the hierarchy assembler places
// it: block children under the page holding the block, orphans under the
// workspace). A block parent's id is kept as the "parentBlock" property.
IntegrationItem toItem(const Object &object);

} // namespace desk::notion
