#pragma once

#include "common/error.h"
#include "items/integrationitem.h"
#include "providers/itemloader.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>
#include <functional>
#include <memory>
#include <vector>

namespace desk {

// A node of the item tree. Plain struct, no QObject: the model owns the root and
// every node owns its children. `row` is the node's index in its parent's
// children and is kept up to date, so index lookups are O(1).
struct ItemTreeNode
{
    enum class Kind : quint8
    {
        Root,
        TypeGroup,         // "Contacts (1,234)" in the By type view
        NoParentGroup,     // "No company" in the By company view
        Item,              // one IntegrationItem (may have children: a company)
        PlaceholderParent, // a parent (company, page...) referenced by items but not loaded (yet)
        ChildrenStub,      // By parent: "Loading…" / "Not loaded" row under a lazy container
    };

    Kind kind = Kind::Root;
    ItemTreeNode *parent = nullptr;
    int row = 0;
    const IntegrationItem *item = nullptr; // Item nodes
    QString key;     // type (TypeGroup), parent id (PlaceholderParent, ChildrenStub)
    QString keyType; // PlaceholderParent in the By parent view: the parent's type (may be empty)
    QString title;   // PlaceholderParent: parent name as the children know it
    std::vector<std::unique_ptr<ItemTreeNode>> children;

    bool isGroup() const { return kind == Kind::TypeGroup || kind == Kind::NoParentGroup; }
};

// The loaded items as a tree with three groupings:
//  - ByType: one group per object type (Contacts / Companies / ...), with counts;
//  - ByCompany: each company with its contacts, deals and tickets, plus a "No
//    company" group. Items that name a company that is not loaded (yet) hang
//    under a placeholder company row, replaced by the company row (same
//    children) when it arrives; items re-delivered with a different company are
//    moved (beginMoveRows).
//  - ByParent: the provider's own hierarchy (Airtable base -> table -> record,
//    Notion workspace -> page -> page/database...): each item under the item
//    whose id is its parentId (and whose type is its parentType when set).
//    Items whose parent has not arrived wait under a placeholder row at the top
//    level, replaced (remove + insert of the subtree) by the parent's row under
//    its own parent when it arrives; when the parent never arrives they stay
//    there. Parent cycles are broken at the top level.
//    Lazy containers (ItemLoader::canFetchChildren, e.g. Airtable tables) get a
//    stub child row so the view shows an expand arrow; fetchChildren() asks the
//    loader for the children, the stub reads "Loading…" until
//    childrenFinished(), then disappears (or says what failed). Nothing in the
//    model fetches by itself: no canFetchMore()/fetchMore(), so proxies, model
//    testers and expand-all never start a fetch; the window calls
//    fetchChildren() when the user expands a row.
// Rows are only ever inserted batch by batch while loading; the model is reset
// only by clear() and setGrouping().
class ItemTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Grouping
    {
        ByType,
        ByCompany,
        ByParent
    };
    Q_ENUM(Grouping)

    // Titles and contents of the third to fifth columns.
    enum class ColumnStyle
    {
        Crm,    // Email / Domain, Amount / Stage, Owner (HubSpot)
        Generic // Details (a summary of the properties), Parent, Owner
    };
    Q_ENUM(ColumnStyle)

    enum class ChildrenState
    {
        None,      // not a lazy container (or no loader)
        NotLoaded, // lazy container, children not asked for (or the fetch was cancelled)
        Loading,   // fetchChildren() running
        Loaded,    // every child arrived
        Failed,    // the fetch stopped with an error; children that arrived are kept
    };
    Q_ENUM(ChildrenState)

    enum Column
    {
        NameColumn,
        TypeColumn,
        EmailDomainColumn, // Generic style: Details
        AmountStageColumn, // Generic style: Parent
        OwnerColumn,
        CreatedColumn,
        ModifiedColumn,
        ColumnCount
    };

    enum Roles
    {
        SortRole = Qt::UserRole + 1, // raw value for sorting (QDateTime, double, folded text)
        FilterRole,                  // text the filter box searches; empty for groups
        GroupRankRole,               // 0 items/companies, 1 type groups, 2 "No company"
        ItemIdRole,
        ItemTypeRole,
        NodeKindRole,
    };

    explicit ItemTreeModel(QObject *parent = nullptr);
    ~ItemTreeModel() override;

    // Human name of an object type ("contacts" -> "Contacts"); defaults to the
    // type with a capital letter. Usually Provider::typeDisplayName.
    void setTypeNameFunction(std::function<QString(const QString &)> function);
    // Type order for the By type groups; unknown types come after, in arrival order.
    void setTypeOrder(const QStringList &types);
    // The object type whose items are the parents in the By company view.
    void setParentType(const QString &type);
    ColumnStyle columnStyle() const { return m_columnStyle; }
    void setColumnStyle(ColumnStyle style);

    // Lazy children (see the class comment). The model only calls
    // canFetchChildren()/fetchChildren() and listens to childrenFinished();
    // the children themselves come in through addItems() like any item.
    void setChildLoader(ItemLoader *loader);
    ItemLoader *childLoader() const { return m_childLoader.data(); }
    ChildrenState childrenState(const QString &parentId) const;
    // True when `index` (an item, or its stub row) is a lazy container whose
    // children are not loaded and not loading (NotLoaded or Failed).
    bool canFetchChildren(const QModelIndex &index) const;
    // Starts loading the children of `index` (an item or its stub row). Does
    // nothing and returns false while they are loading, once they are loaded,
    // or when the item is no lazy container.
    bool fetchChildren(const QModelIndex &index);
    int childFetchesRunning() const { return m_childFetchesRunning; }
    // Lazy containers shown with a stub row whose children were never asked for.
    QModelIndexList unloadedContainers() const;

    Grouping grouping() const { return m_grouping; }
    void setGrouping(Grouping grouping); // rebuilds (model reset)

    // Adds new items and updates ones already present (same type and id).
    void addItems(const ItemBatch &batch);
    void clear();

    int itemCount() const { return int(m_items.size()); }
    int countOfType(const QString &type) const { return m_typeCounts.value(type); }
    const IntegrationItem *findItem(const QString &type, const QString &id) const;
    QModelIndex indexOfItem(const QString &type, const QString &id, int column = 0) const;
    // Item at an index of THIS model (map proxy indexes first); null for groups.
    const IntegrationItem *itemAt(const QModelIndex &index) const;
    QVector<const IntegrationItem *> allItems() const;

    const ItemTreeNode *nodeFromIndex(const QModelIndex &index) const;

    // Sorting without QVariants (the proxy's hot path): -1, 0 or 1 for the two
    // nodes by `column`, groups in their natural order.
    int compareForSort(const ItemTreeNode *left, const ItemTreeNode *right, int column) const;
    int groupRank(const ItemTreeNode *node) const; // -1 for items and companies

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

    // Column helpers shared with the details pane and exporters.
    static QString emailOrDomain(const IntegrationItem &item);
    static QString amountOrStage(const IntegrationItem &item);
    static QString owner(const IntegrationItem &item);
    static QString detailsSummary(const IntegrationItem &item); // Generic "Details" column
    QString parentLabel(const IntegrationItem &item) const;     // Generic "Parent" column

Q_SIGNALS:
    void childrenFetchStarted(const QString &parentType, const QString &parentId);
    // error.kind Cancelled when the fetch was cancelled; empty when complete.
    void childrenFetchFinished(const QString &parentType, const QString &parentId,
                               const desk::Error &error);

private:
    ItemTreeNode *nodeFromIndexMutable(const QModelIndex &index) const;
    QModelIndex indexForNode(const ItemTreeNode *node, int column = 0) const;
    QString typeName(const QString &type) const;
    static QString itemKey(const QString &type, const QString &id);

    ItemTreeNode *targetParentFor(const IntegrationItem &item,
                                  QVector<ItemTreeNode *> &newTopLevel);
    ItemTreeNode *typeGroup(const QString &type, QVector<ItemTreeNode *> &newTopLevel);
    void rebuild();
    void appendChildren(ItemTreeNode *parent, std::vector<std::unique_ptr<ItemTreeNode>> &nodes);
    void moveNode(ItemTreeNode *node, ItemTreeNode *newParent);
    void replacePlaceholder(ItemTreeNode *placeholder, IntegrationItem *item);
    std::unique_ptr<ItemTreeNode> makeItemNode(const IntegrationItem *item) const;

    // By parent view
    ItemTreeNode *treeNodeOf(const QString &type, const QString &id) const;
    ItemTreeNode *treeParentFor(const IntegrationItem &item, QVector<ItemTreeNode *> &newTopLevel);
    void addItemsToTree(const ItemBatch &batch);
    void rebuildTree(QVector<ItemTreeNode *> &topLevel);
    std::unique_ptr<ItemTreeNode> takeNode(ItemTreeNode *node); // remove a row, keep its subtree
    bool isLazyContainer(const IntegrationItem &item) const;
    std::unique_ptr<ItemTreeNode> makeStub(const IntegrationItem &item);
    void removeStub(const QString &parentId);
    void stubChanged(const QString &parentId);
    void onChildrenFinished(const QString &parentId, const Error &error);
    QString columnText(const IntegrationItem &item, int column) const;

    QVariant displayData(const ItemTreeNode *node, int column) const;
    QVariant sortData(const ItemTreeNode *node, int column) const;

    Grouping m_grouping = Grouping::ByType;
    std::function<QString(const QString &)> m_typeName;
    QStringList m_typeOrder;
    QString m_parentType = QStringLiteral("companies");

    std::unique_ptr<ItemTreeNode> m_root;
    // The items themselves, in arrival order; nodes point into these.
    std::vector<std::unique_ptr<IntegrationItem>> m_items;
    QHash<QString, IntegrationItem *> m_itemByKey; // type/id -> item
    QHash<const IntegrationItem *, ItemTreeNode *> m_nodeByItem;
    QHash<QString, ItemTreeNode *> m_typeGroups;  // ByType: type -> group
    QHash<QString, ItemTreeNode *> m_parentNodes; // ByParent: company id -> node
    ItemTreeNode *m_noParentGroup = nullptr;      // ByParent
    QHash<QString, int> m_typeCounts;
    ColumnStyle m_columnStyle = ColumnStyle::Crm;

    // By parent view
    QHash<QString, ItemTreeNode *>
        m_treePlaceholders;                 // itemKey(parentType, parentId) -> placeholder
    QHash<QString, ItemTreeNode *> m_stubs; // parent id -> stub row
    struct ChildFetch
    {
        QString type;
        ChildrenState state = ChildrenState::NotLoaded;
        Error error;
    };
    QHash<QString, ChildFetch> m_childFetches; // parent id -> state (all views)
    int m_childFetchesRunning = 0;
    QPointer<ItemLoader> m_childLoader;
    QMetaObject::Connection m_childLoaderConnection;
};

} // namespace desk
