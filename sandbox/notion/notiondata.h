#pragma once

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace desk::sandbox::notion {

struct GeneratorConfig
{
    quint64 seed = 1;
    int pages = 60;    // shared pages (returned by search), database rows included
    int databases = 6; // shared databases
};

// One page or database. Hidden objects exist only as parents that were not
// shared with the integration: search and GET never return them, so their
// children are orphans for the client.
struct NotionObject
{
    enum class Kind
    {
        Page,
        Database
    };
    enum class Parent
    {
        Workspace,
        Page,
        Database,
        Block
    };
    Kind kind = Kind::Page;
    QString id; // UUID with dashes
    QString title;
    Parent parentType = Parent::Workspace;
    QString parentId;    // page/database/block id
    QString blockPageId; // Parent::Block: the page that holds the block
    qint64 createdMs = 0;
    qint64 editedMs = 0;
    bool archived = false;
    bool shared = true;
    QJsonObject json; // the API representation
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

    QString workspaceId;
    QString workspaceName = QStringLiteral("Demo Workspace");
    QString workspaceIcon = QStringLiteral("🏢");
    QString botId;
    QString userId;
    QString userName = QStringLiteral("Demo User");
    QString userEmail = QStringLiteral("demo.user@example.com");

    static QString isoTime(qint64 ms);

private:
    QVector<NotionObject> m_objects;
    QHash<QString, int> m_index;          // dashed id -> object
    QHash<QString, QString> m_blockPages; // block id -> page id
};

} // namespace desk::sandbox::notion
