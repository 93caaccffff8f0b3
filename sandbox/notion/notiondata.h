#pragma once

#include "notionversion.h"
#include "server/changeset.h"
#include "server/prng.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace desk::sandbox::notion {

struct GeneratorConfig
{
    quint64 seed = 1;
    int pages = 60;       // shared pages (returned by search), database rows included
    int databases = 6;    // shared databases
    int multiSource = -1; // databases holding two data sources; -1: databases / 3
};

// One page, database (the container) or data source (a table of a database;
// rows are pages whose parent is one). Hidden objects exist only as parents
// that were not shared with the integration: search and GET never return them,
// so their children are orphans for the client.
struct NotionObject
{
    enum class Kind
    {
        Page,
        Database,
        DataSource
    };
    enum class Parent
    {
        Workspace,
        Page,
        Block,
        Database,  // a data source's parent
        DataSource // a row's parent
    };
    Kind kind = Kind::Page;
    QString id; // UUID with dashes
    QString title;
    QString baseTitle; // the generated title; changes append a revision
    int revision = 0;
    Parent parentType = Parent::Workspace;
    QString parentId;    // page / block / database / data source id
    QString databaseId;  // rows: the database of their data source
    QString blockPageId; // Parent::Block: the page that holds the block
    qint64 createdMs = 0;
    qint64 editedMs = 0; // minute precision, like Notion's last_edited_time
    bool inTrash = false;
    bool shared = true;
    QStringList dataSources; // Database: its data sources in creation order
    QJsonObject json;        // the version-neutral part of the API representation
};

// What a change set did (ids), or why it could not run.
struct ChangeOutcome
{
    QStringList modified;
    QStringList added;
    QStringList deleted;
    QString error; // non-empty: nothing was changed
};

class NotionData
{
public:
    void generate(const GeneratorConfig &config);

    const QVector<NotionObject> &objects() const { return m_objects; }
    const NotionObject *find(const QString &id) const; // any id form; null if unknown
    // A block that holds a child page/database: its page, or null.
    const NotionObject *blockPage(const QString &blockId) const;
    QString normalizeId(const QString &id) const; // dashed lowercase, or null if malformed

    // Data sources of a database that are not in the trash.
    int liveSourceCount(const NotionObject &database) const;
    // A database as 2022-06-28 sees it: trashed when it or all of its sources are,
    // edited when it or a source was.
    bool legacyInTrash(const NotionObject &database) const;
    qint64 legacyEditedMs(const NotionObject &database) const;
    // The object as the given Notion-Version shows it.
    QJsonObject render(const NotionObject &o, ApiVersion version) const;

    // POST /notion/_sandbox/changes: type is pages, rows, data_sources or databases.
    ChangeOutcome applyChanges(const ChangeRequest &change, qint64 nowMs);

    QString workspaceId;
    QString workspaceName = QStringLiteral("Demo Workspace");
    QString workspaceIcon = QStringLiteral("🏢");
    QString botId;
    QString userId;
    QString userName = QStringLiteral("Demo User");
    QString userEmail = QStringLiteral("demo.user@example.com");

    static QString isoTime(qint64 ms);

private:
    struct Generation;
    int append(NotionObject o);
    QString freshId(Prng &rng) const;
    QJsonObject parentJson(const NotionObject &o, ApiVersion version) const;
    void retitle(NotionObject &o, const QString &title);
    void trash(NotionObject &o, qint64 editedMs, QStringList *cascaded);
    // Change-set parts (notionchanges.cpp).
    QVector<int> changeCandidates(const QString &type, bool forDelete) const;
    QString addObject(const QString &type, Prng &rng, qint64 nowMs);
    QString addPage(Prng &rng, qint64 nowMs, bool row);
    QString addDataSource(Prng &rng, qint64 nowMs);
    QString addDatabase(Prng &rng, qint64 nowMs);

    QVector<NotionObject> m_objects;
    QHash<QString, int> m_index;          // dashed id -> object
    QHash<QString, QString> m_blockPages; // block id -> page id
};

// Building blocks shared by generation and changes (notiondata.cpp).
QString notionUuid(Prng &rng);
QJsonArray notionRichText(const QString &title, bool split);
QString notionUrl(const QString &title, const QString &id);
QJsonObject notionDatabaseSchema(int templateIndex, Prng &ids, QString *titleProperty);
// The version-neutral JSON of a page (icon: an emoji or empty) and of a data source.
QJsonObject notionPageJson(const QString &id, const QString &title, const QString &icon,
                           const QJsonObject &properties);
QJsonObject notionDataSourceJson(const QString &id, const QString &title, const QJsonObject &schema,
                                 const QJsonValue &icon);
// Makes `row` a row of `source` with a generated title; returns its property values.
QJsonObject notionMakeRow(NotionObject &row, const NotionObject &source, Prng &rng);
QJsonObject notionRowProperties(const QJsonObject &schema, const QString &title, Prng &rng);
QString notionDatabaseTitle(int templateIndex);
QString notionRowTitle(Prng &rng);
QString notionPageTitle(Prng &rng);
qint64 notionMinuteFloor(qint64 ms);

} // namespace desk::sandbox::notion
