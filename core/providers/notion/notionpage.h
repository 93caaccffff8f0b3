#pragma once

#include "common/result.h"
#include "items/integrationitem.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QVector>

// Parsers for Notion API (2022-06-28) responses: strict about structure,
// lenient about values.
namespace desk::notion {

inline constexpr const char *kVersion = "2022-06-28";

struct Parent
{
    enum class Kind
    {
        Workspace,
        Page,
        Database,
        Block,
        Unknown
    };
    Kind kind = Kind::Unknown;
    QString id; // normalised (no dashes, lower case); empty for the workspace
};

struct Object
{
    bool isDatabase = false; // else a page
    QString id;              // normalised
    QString title;           // joined plain_text; empty when untitled
    Parent parent;
    QDateTime created;
    QDateTime edited;
    QUrl url;
    bool archived = false;  // archived or in_trash
    QVariantMap properties; // page properties flattened (rows of databases)
};

struct SearchPage
{
    QVector<Object> results;
    QString nextCursor; // empty when !hasMore
    bool hasMore = false;
};

// "1f2e-..." or "1f2e..." -> 32 lower-case hex digits; empty if not an id.
QString normalizeId(const QString &id);

// POST /v1/search (and database queries: the same list shape).
Result<SearchPage> parseSearchPage(const QJsonDocument &document);
// One page or database object.
Result<Object> parseObject(const QJsonObject &object);
// GET /v1/blocks/{id} -> its parent.
Result<Parent> parseBlockParent(const QJsonDocument &document);
Parent parseParent(const QJsonValue &value);

// Joined plain_text of a rich-text array ("" when empty or not an array).
QString plainText(const QJsonValue &richText);
// A property value as text or list of texts (title, rich_text, select,
// multi_select, status, date, checkbox, number, url, email, people...).
QVariant flattenProperty(const QJsonObject &property);

// Workspace root item (type "workspace").
IntegrationItem workspaceItem(const QString &name);
// type "pages" / "databases"; parent set from object.parent (parentType
// "workspace", "pages" or "databases"; a block's id is kept as "parentBlock");
// the hierarchy assembler re-parents block children and orphans.
IntegrationItem toItem(const Object &object);

} // namespace desk::notion
