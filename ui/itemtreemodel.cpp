#include "itemtreemodel.h"

#include "providers/itemloader.h"

#include <QFont>
#include <QLocale>
#include <QLoggingCategory>
#include <QSet>
#include <unordered_map>

Q_LOGGING_CATEGORY(lcModel, "desk.ui.model")

namespace desk {

namespace {

QString firstProperty(const IntegrationItem &item, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        // The human reading beside a provider's value (an owner's name for its id).
        const QString label = item.labels.value(QLatin1String(name));
        if (!label.isEmpty())
            return label;
        const auto it = item.properties.constFind(QLatin1String(name));
        if (it != item.properties.constEnd()) {
            const QString value = it->toString();
            if (!value.isEmpty())
                return value;
        }
    }
    return {};
}

} // namespace

ItemTreeModel::ItemTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<ItemTreeNode>())
{
    m_typeOrder = {QStringLiteral("contacts"), QStringLiteral("companies"), QStringLiteral("deals"),
                   QStringLiteral("tickets")};
}

ItemTreeModel::~ItemTreeModel() = default;

void ItemTreeModel::setTypeNameFunction(std::function<QString(const QString &)> function)
{
    m_typeName = std::move(function);
    if (!m_root->children.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ItemTreeModel::setTypeOrder(const QStringList &types)
{
    m_typeOrder = types;
}

void ItemTreeModel::setParentType(const QString &type)
{
    if (m_parentType == type)
        return;
    m_parentType = type;
    if (m_grouping == Grouping::ByCompany)
        rebuild();
}

void ItemTreeModel::setColumnStyle(ColumnStyle style)
{
    if (m_columnStyle == style)
        return;
    m_columnStyle = style;
    Q_EMIT headerDataChanged(Qt::Horizontal, EmailDomainColumn, OwnerColumn);
    if (!m_root->children.empty())
        Q_EMIT dataChanged(index(0, EmailDomainColumn), index(rowCount() - 1, OwnerColumn));
}

void ItemTreeModel::setGrouping(Grouping grouping)
{
    if (m_grouping == grouping)
        return;
    m_grouping = grouping;
    rebuild();
}

QString ItemTreeModel::typeName(const QString &type) const
{
    if (m_typeName) {
        const QString name = m_typeName(type);
        if (!name.isEmpty())
            return name;
    }
    if (type.isEmpty())
        return type;
    return type.left(1).toUpper() + type.mid(1);
}

QString ItemTreeModel::itemKey(const QString &type, const QString &id)
{
    return type + QLatin1Char('\x1f') + id;
}

const IntegrationItem *ItemTreeModel::findItem(const QString &type, const QString &id) const
{
    return m_itemByKey.value(itemKey(type, id), nullptr);
}

QModelIndex ItemTreeModel::indexOfItem(const QString &type, const QString &id, int column) const
{
    const IntegrationItem *item = findItem(type, id);
    if (!item)
        return {};
    return indexForNode(m_nodeByItem.value(item), column);
}

const IntegrationItem *ItemTreeModel::itemAt(const QModelIndex &index) const
{
    const ItemTreeNode *node = nodeFromIndex(index);
    return node ? node->item : nullptr;
}

QVector<const IntegrationItem *> ItemTreeModel::allItems() const
{
    QVector<const IntegrationItem *> items;
    items.reserve(int(m_items.size()));
    for (const auto &item : m_items)
        items.append(item.get());
    return items;
}

const ItemTreeNode *ItemTreeModel::nodeFromIndex(const QModelIndex &index) const
{
    return nodeFromIndexMutable(index);
}

ItemTreeNode *ItemTreeModel::nodeFromIndexMutable(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<ItemTreeNode *>(index.internalPointer());
}

QModelIndex ItemTreeModel::indexForNode(const ItemTreeNode *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<ItemTreeNode *>(node));
}

std::unique_ptr<ItemTreeNode> ItemTreeModel::makeItemNode(const IntegrationItem *item) const
{
    auto node = std::make_unique<ItemTreeNode>();
    node->kind = ItemTreeNode::Kind::Item;
    node->item = item;
    return node;
}

// ---------------------------------------------------------------- building

ItemTreeNode *ItemTreeModel::typeGroup(const QString &type, QVector<ItemTreeNode *> &newTopLevel)
{
    if (ItemTreeNode *group = m_typeGroups.value(type))
        return group;
    auto group = std::make_unique<ItemTreeNode>();
    group->kind = ItemTreeNode::Kind::TypeGroup;
    group->key = type;
    ItemTreeNode *raw = group.release(); // owned via newTopLevel until inserted
    m_typeGroups.insert(type, raw);
    newTopLevel.append(raw);
    return raw;
}

// Where `item` belongs in the current grouping. May create a top-level node
// (group or placeholder company) that is appended to newTopLevel, not yet in the tree.
ItemTreeNode *ItemTreeModel::targetParentFor(const IntegrationItem &item,
                                             QVector<ItemTreeNode *> &newTopLevel)
{
    if (m_grouping == Grouping::ByType)
        return typeGroup(item.type, newTopLevel);

    if (item.type == m_parentType)
        return m_root.get();
    if (!item.parentId.isEmpty()) {
        if (ItemTreeNode *parentNode = m_parentNodes.value(item.parentId))
            return parentNode;
        auto placeholder = std::make_unique<ItemTreeNode>();
        placeholder->kind = ItemTreeNode::Kind::PlaceholderParent;
        placeholder->key = item.parentId;
        placeholder->title = item.parentName;
        ItemTreeNode *raw = placeholder.release();
        m_parentNodes.insert(item.parentId, raw);
        newTopLevel.append(raw);
        return raw;
    }
    if (!m_noParentGroup) {
        auto group = std::make_unique<ItemTreeNode>();
        group->kind = ItemTreeNode::Kind::NoParentGroup;
        m_noParentGroup = group.release();
        newTopLevel.append(m_noParentGroup);
    }
    return m_noParentGroup;
}

void ItemTreeModel::appendChildren(ItemTreeNode *parent,
                                   std::vector<std::unique_ptr<ItemTreeNode>> &nodes)
{
    parent->children.reserve(parent->children.size() + nodes.size());
    for (auto &node : nodes) {
        node->parent = parent;
        node->row = int(parent->children.size());
        parent->children.push_back(std::move(node));
    }
    nodes.clear();
}

void ItemTreeModel::addItems(const ItemBatch &batch)
{
    if (batch.isEmpty())
        return;
    if (m_grouping == Grouping::ByParent) {
        addItemsToTree(batch);
        return;
    }

    QVector<ItemTreeNode *> newTopLevel; // raw, owned here until inserted under the root
    QSet<const ItemTreeNode *> pending;
    std::unordered_map<ItemTreeNode *, std::vector<std::unique_ptr<ItemTreeNode>>>
        childrenOfExisting;
    QVector<ItemTreeNode *> existingParentsInOrder;
    QVector<IntegrationItem *> updated;
    QVector<QPair<ItemTreeNode *, IntegrationItem *>> becameReal;
    QSet<QString> touchedTypes;

    auto isPending = [&](const ItemTreeNode *node) {
        if (pending.size() != newTopLevel.size())
            for (int i = pending.size(); i < newTopLevel.size(); ++i)
                pending.insert(newTopLevel.at(i));
        return pending.contains(node);
    };

    for (const IntegrationItem &incoming : batch) {
        const QString key = itemKey(incoming.type, incoming.id);
        if (IntegrationItem *existing = m_itemByKey.value(key)) {
            updated.append(existing);
            *existing = incoming; // nodes keep pointing at the same storage
            continue;
        }
        m_items.push_back(std::make_unique<IntegrationItem>(incoming));
        IntegrationItem *item = m_items.back().get();
        m_itemByKey.insert(key, item);
        ++m_typeCounts[item->type];
        touchedTypes.insert(item->type);

        // A company that was only a placeholder becomes the real one.
        if (m_grouping == Grouping::ByCompany && item->type == m_parentType) {
            if (ItemTreeNode *placeholder = m_parentNodes.value(item->id)) {
                if (placeholder->parent) {
                    // Visible: replaced by a real row once the batch is in (see 2b).
                    becameReal.append({placeholder, item});
                } else {
                    // Not shown yet: becomes the company in place.
                    placeholder->kind = ItemTreeNode::Kind::Item;
                    placeholder->item = item;
                    placeholder->title.clear();
                    m_nodeByItem.insert(item, placeholder);
                }
                continue;
            }
        }

        ItemTreeNode *parent = targetParentFor(*item, newTopLevel);
        auto node = makeItemNode(item);
        ItemTreeNode *raw = node.get();
        m_nodeByItem.insert(item, raw);
        if (parent == m_root.get()) { // a company in By company
            raw->key = item->id;
            m_parentNodes.insert(item->id, raw);
            newTopLevel.append(node.release());
        } else if (isPending(parent)) {
            node->parent = parent;
            node->row = int(parent->children.size());
            parent->children.push_back(std::move(node));
        } else {
            auto &list = childrenOfExisting[parent];
            if (list.empty())
                existingParentsInOrder.append(parent);
            list.push_back(std::move(node));
        }
    }

    // 1. New top-level rows (groups, companies, placeholders), with their children.
    if (!newTopLevel.isEmpty()) {
        const int first = int(m_root->children.size());
        beginInsertRows({}, first, first + newTopLevel.size() - 1);
        std::vector<std::unique_ptr<ItemTreeNode>> owned;
        owned.reserve(newTopLevel.size());
        for (ItemTreeNode *node : std::as_const(newTopLevel))
            owned.emplace_back(node);
        appendChildren(m_root.get(), owned);
        endInsertRows();
    }

    // 2. New rows under existing parents: one insert per parent per batch.
    for (ItemTreeNode *parent : std::as_const(existingParentsInOrder)) {
        auto &list = childrenOfExisting[parent];
        const int first = int(parent->children.size());
        beginInsertRows(indexForNode(parent), first, first + int(list.size()) - 1);
        appendChildren(parent, list);
        endInsertRows();
    }

    // 2b. Placeholder companies whose company arrived: remove the placeholder
    // row and insert the company's row with the same children. (A dataChanged
    // on a row with children that changes its sorted position makes Qt 6.4's
    // QSortFilterProxyModel use a stale mapping iterator when listeners map new
    // parents during its layoutChanged; remove + insert avoids that path.)
    for (const auto &[placeholder, item] : std::as_const(becameReal))
        replacePlaceholder(placeholder, item);

    // 3. Updated items: same place -> dataChanged; different company -> move.
    for (IntegrationItem *item : std::as_const(updated)) {
        ItemTreeNode *node = m_nodeByItem.value(item);
        if (!node)
            continue;
        if (m_grouping == Grouping::ByCompany && item->type != m_parentType) {
            QVector<ItemTreeNode *> created;
            ItemTreeNode *target = targetParentFor(*item, created);
            if (!created.isEmpty()) {
                const int first = int(m_root->children.size());
                beginInsertRows({}, first, first + created.size() - 1);
                std::vector<std::unique_ptr<ItemTreeNode>> owned;
                for (ItemTreeNode *n : std::as_const(created))
                    owned.emplace_back(n);
                appendChildren(m_root.get(), owned);
                endInsertRows();
            }
            if (target != node->parent) {
                moveNode(node, target);
                continue;
            }
        }
        const QModelIndex first = indexForNode(node, 0);
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
    }

    // 4. Counts in group titles.
    if (m_grouping == Grouping::ByType) {
        for (const QString &type : std::as_const(touchedTypes)) {
            if (ItemTreeNode *group = m_typeGroups.value(type)) {
                const QModelIndex idx = indexForNode(group, NameColumn);
                Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole});
            }
        }
    } else if (m_noParentGroup) {
        const QModelIndex idx = indexForNode(m_noParentGroup, NameColumn);
        Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole});
    }
}

void ItemTreeModel::replacePlaceholder(ItemTreeNode *placeholder, IntegrationItem *item)
{
    Q_ASSERT(placeholder->parent == m_root.get());
    const int row = placeholder->row;
    beginRemoveRows({}, row, row);
    std::unique_ptr<ItemTreeNode> old = std::move(m_root->children[size_t(row)]);
    m_root->children.erase(m_root->children.begin() + row);
    for (size_t i = size_t(row); i < m_root->children.size(); ++i)
        m_root->children[i]->row = int(i);
    old->parent = nullptr;
    endRemoveRows();

    auto node = makeItemNode(item);
    node->key = item->id;
    node->children = std::move(old->children);
    for (auto &child : node->children)
        child->parent = node.get();
    m_parentNodes.insert(item->id, node.get());
    m_nodeByItem.insert(item, node.get());
    const int destination = int(m_root->children.size());
    beginInsertRows({}, destination, destination);
    node->parent = m_root.get();
    node->row = destination;
    m_root->children.push_back(std::move(node));
    endInsertRows();
}

void ItemTreeModel::moveNode(ItemTreeNode *node, ItemTreeNode *newParent)
{
    ItemTreeNode *oldParent = node->parent;
    const int row = node->row;
    const int destination = int(newParent->children.size());
    const QModelIndex oldIndex = indexForNode(oldParent);
    const QModelIndex newIndex = indexForNode(newParent);
    if (!beginMoveRows(oldIndex, row, row, newIndex, destination)) {
        qCWarning(lcModel) << "move rejected" << row << destination;
        return;
    }
    std::unique_ptr<ItemTreeNode> owned = std::move(oldParent->children[size_t(row)]);
    oldParent->children.erase(oldParent->children.begin() + row);
    for (size_t i = size_t(row); i < oldParent->children.size(); ++i)
        oldParent->children[i]->row = int(i);
    owned->parent = newParent;
    owned->row = int(newParent->children.size());
    newParent->children.push_back(std::move(owned));
    endMoveRows();

    for (ItemTreeNode *group : {oldParent, newParent}) {
        if (group->isGroup()) {
            const QModelIndex idx = indexForNode(group, NameColumn);
            Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole});
        }
    }
}

void ItemTreeModel::rebuild()
{
    beginResetModel();
    m_root = std::make_unique<ItemTreeNode>();
    m_nodeByItem.clear();
    m_typeGroups.clear();
    m_parentNodes.clear();
    m_noParentGroup = nullptr;
    m_treePlaceholders.clear();
    m_stubs.clear();

    // Companies first so their children find them; then everything else.
    QVector<ItemTreeNode *> topLevel;
    if (m_grouping == Grouping::ByParent) {
        rebuildTree(topLevel);
        std::vector<std::unique_ptr<ItemTreeNode>> owned;
        for (ItemTreeNode *n : std::as_const(topLevel))
            owned.emplace_back(n);
        appendChildren(m_root.get(), owned);
        endResetModel();
        return;
    }
    auto place = [&](IntegrationItem *item) {
        if (m_grouping == Grouping::ByCompany && item->type == m_parentType) {
            if (ItemTreeNode *placeholder = m_parentNodes.value(item->id)) {
                placeholder->kind = ItemTreeNode::Kind::Item;
                placeholder->item = item;
                m_nodeByItem.insert(item, placeholder);
                return;
            }
        }
        ItemTreeNode *parent = targetParentFor(*item, topLevel);
        auto node = makeItemNode(item);
        m_nodeByItem.insert(item, node.get());
        if (parent == m_root.get()) {
            node->key = item->id;
            m_parentNodes.insert(item->id, node.get());
            topLevel.append(node.release());
        } else {
            node->parent = parent;
            node->row = int(parent->children.size());
            parent->children.push_back(std::move(node));
        }
    };
    if (m_grouping == Grouping::ByCompany)
        for (const auto &item : m_items)
            if (item->type == m_parentType)
                place(item.get());
    for (const auto &item : m_items)
        if (m_grouping == Grouping::ByType || item->type != m_parentType)
            place(item.get());

    std::vector<std::unique_ptr<ItemTreeNode>> owned;
    for (ItemTreeNode *n : std::as_const(topLevel))
        owned.emplace_back(n);
    appendChildren(m_root.get(), owned);
    endResetModel();
}

void ItemTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<ItemTreeNode>();
    m_items.clear();
    m_itemByKey.clear();
    m_nodeByItem.clear();
    m_typeGroups.clear();
    m_parentNodes.clear();
    m_noParentGroup = nullptr;
    m_typeCounts.clear();
    m_treePlaceholders.clear();
    m_stubs.clear();
    m_childFetches.clear();
    m_childFetchesRunning = 0;
    endResetModel();
}

// ---------------------------------------------------------------- By parent view

namespace {
bool isAncestorOrSelf(const ItemTreeNode *ancestor, const ItemTreeNode *node)
{
    for (const ItemTreeNode *n = node; n; n = n->parent)
        if (n == ancestor)
            return true;
    return false;
}

bool isInTree(const ItemTreeNode *node)
{
    const ItemTreeNode *parent = node->parent;
    return parent && node->row >= 0 && size_t(node->row) < parent->children.size() &&
           parent->children[size_t(node->row)].get() == node;
}
} // namespace

ItemTreeNode *ItemTreeModel::treeNodeOf(const QString &type, const QString &id) const
{
    if (!type.isEmpty())
        return m_nodeByItem.value(m_itemByKey.value(itemKey(type, id)), nullptr);
    for (auto it = m_typeCounts.cbegin(); it != m_typeCounts.cend(); ++it)
        if (IntegrationItem *item = m_itemByKey.value(itemKey(it.key(), id)))
            if (ItemTreeNode *node = m_nodeByItem.value(item))
                return node;
    return nullptr;
}

// The node `item` hangs under: its parent's node, a placeholder for it (new
// ones are appended to newTopLevel, not yet in the tree), or the root.
ItemTreeNode *ItemTreeModel::treeParentFor(const IntegrationItem &item,
                                           QVector<ItemTreeNode *> &newTopLevel)
{
    if (item.parentId.isEmpty() ||
        (item.parentId == item.id && (item.parentType.isEmpty() || item.parentType == item.type)))
        return m_root.get();
    if (ItemTreeNode *parent = treeNodeOf(item.parentType, item.parentId))
        return parent;
    const QString key = itemKey(item.parentType, item.parentId);
    if (ItemTreeNode *placeholder = m_treePlaceholders.value(key))
        return placeholder;
    auto placeholder = std::make_unique<ItemTreeNode>();
    placeholder->kind = ItemTreeNode::Kind::PlaceholderParent;
    placeholder->key = item.parentId;
    placeholder->keyType = item.parentType;
    placeholder->title = item.parentName;
    ItemTreeNode *raw = placeholder.release();
    m_treePlaceholders.insert(key, raw);
    newTopLevel.append(raw);
    return raw;
}

bool ItemTreeModel::isLazyContainer(const IntegrationItem &item) const
{
    return m_childLoader && m_childLoader->canFetchChildren(item);
}

std::unique_ptr<ItemTreeNode> ItemTreeModel::makeStub(const IntegrationItem &item)
{
    auto stub = std::make_unique<ItemTreeNode>();
    stub->kind = ItemTreeNode::Kind::ChildrenStub;
    stub->key = item.id;
    m_stubs.insert(item.id, stub.get());
    return stub;
}

std::unique_ptr<ItemTreeNode> ItemTreeModel::takeNode(ItemTreeNode *node)
{
    ItemTreeNode *parent = node->parent;
    const int row = node->row;
    beginRemoveRows(indexForNode(parent), row, row);
    std::unique_ptr<ItemTreeNode> owned = std::move(parent->children[size_t(row)]);
    parent->children.erase(parent->children.begin() + row);
    for (size_t i = size_t(row); i < parent->children.size(); ++i)
        parent->children[i]->row = int(i);
    owned->parent = nullptr;
    endRemoveRows();
    return owned;
}

void ItemTreeModel::addItemsToTree(const ItemBatch &batch)
{
    // New nodes are built into pending subtrees first and then inserted with
    // one beginInsertRows per parent (a pending row may carry children).
    QVector<ItemTreeNode *> newTopLevel; // raw, owned here until inserted under the root
    std::unordered_map<ItemTreeNode *, std::vector<std::unique_ptr<ItemTreeNode>>>
        childrenOfExisting;
    QVector<ItemTreeNode *> existingParentsInOrder;
    QSet<ItemTreeNode *> gone; // placeholders replaced during this batch
    QVector<IntegrationItem *> updated;

    auto adoptChildren = [&](ItemTreeNode *from, ItemTreeNode *to) {
        for (auto &child : from->children) {
            child->parent = to;
            child->row = int(to->children.size());
            to->children.push_back(std::move(child));
        }
        from->children.clear();
        auto pendingHere = childrenOfExisting.find(from);
        if (pendingHere != childrenOfExisting.end()) {
            for (auto &child : pendingHere->second) {
                child->parent = to;
                child->row = int(to->children.size());
                to->children.push_back(std::move(child));
            }
            childrenOfExisting.erase(pendingHere);
        }
    };

    for (const IntegrationItem &incoming : batch) {
        const QString key = itemKey(incoming.type, incoming.id);
        if (IntegrationItem *existing = m_itemByKey.value(key)) {
            updated.append(existing);
            *existing = incoming;
            continue;
        }
        m_items.push_back(std::make_unique<IntegrationItem>(incoming));
        IntegrationItem *item = m_items.back().get();
        m_itemByKey.insert(key, item);
        ++m_typeCounts[item->type];

        ItemTreeNode *node = makeItemNode(item).release(); // owned below
        m_nodeByItem.insert(item, node);

        // Children that waited under a placeholder for this item come along.
        for (const QString &placeholderKey : {key, itemKey(QString(), item->id)}) {
            ItemTreeNode *placeholder = m_treePlaceholders.take(placeholderKey);
            if (!placeholder)
                continue;
            if (isInTree(placeholder)) {
                std::unique_ptr<ItemTreeNode> owned = takeNode(placeholder);
                adoptChildren(owned.get(), node);
                gone.insert(placeholder); // freed with `owned`; never dereferenced again
            } else {
                adoptChildren(placeholder, node);
                newTopLevel.removeOne(placeholder);
                delete placeholder;
            }
        }
        if (isLazyContainer(*item)) {
            ChildFetch &fetch = m_childFetches[item->id];
            fetch.type = item->type;
            if (fetch.state != ChildrenState::Loaded) {
                auto stub = makeStub(*item);
                stub->parent = node;
                stub->row = int(node->children.size());
                node->children.push_back(std::move(stub));
            }
        }

        ItemTreeNode *parent = treeParentFor(*item, newTopLevel);
        if (parent != m_root.get() && isAncestorOrSelf(node, parent))
            parent = m_root.get(); // a parent cycle: break it here
        if (parent == m_root.get()) {
            newTopLevel.append(node);
        } else if (isInTree(parent) && !gone.contains(parent)) {
            auto &list = childrenOfExisting[parent];
            if (list.empty())
                existingParentsInOrder.append(parent);
            node->parent = parent; // for cycle checks; row set on insertion
            list.emplace_back(node);
        } else { // pending (new this batch): attach directly
            node->parent = parent;
            node->row = int(parent->children.size());
            parent->children.emplace_back(node);
        }
    }

    // 1. New top-level rows with their subtrees.
    if (!newTopLevel.isEmpty()) {
        const int first = int(m_root->children.size());
        beginInsertRows({}, first, first + newTopLevel.size() - 1);
        std::vector<std::unique_ptr<ItemTreeNode>> owned;
        owned.reserve(newTopLevel.size());
        for (ItemTreeNode *node : std::as_const(newTopLevel))
            owned.emplace_back(node);
        appendChildren(m_root.get(), owned);
        endInsertRows();
    }
    // 2. New rows under existing parents: one insert per parent per batch.
    for (ItemTreeNode *parent : std::as_const(existingParentsInOrder)) {
        auto found = childrenOfExisting.find(parent);
        if (found == childrenOfExisting.end() || found->second.empty())
            continue; // adopted by a node that replaced its placeholder
        auto &list = found->second;
        const int first = int(parent->children.size());
        beginInsertRows(indexForNode(parent), first, first + int(list.size()) - 1);
        appendChildren(parent, list);
        endInsertRows();
    }

    // 3. Updated items: same parent -> dataChanged; another parent -> move.
    for (IntegrationItem *item : std::as_const(updated)) {
        ItemTreeNode *node = m_nodeByItem.value(item);
        if (!node)
            continue;
        QVector<ItemTreeNode *> created;
        ItemTreeNode *target = treeParentFor(*item, created);
        if (!created.isEmpty()) {
            const int first = int(m_root->children.size());
            beginInsertRows({}, first, first + created.size() - 1);
            std::vector<std::unique_ptr<ItemTreeNode>> owned;
            for (ItemTreeNode *n : std::as_const(created))
                owned.emplace_back(n);
            appendChildren(m_root.get(), owned);
            endInsertRows();
        }
        if (target != m_root.get() && isAncestorOrSelf(node, target))
            target = m_root.get();
        if (target != node->parent) {
            ItemTreeNode *oldParent = node->parent;
            moveNode(node, target);
            if (oldParent->kind == ItemTreeNode::Kind::PlaceholderParent &&
                oldParent->children.empty()) {
                m_treePlaceholders.remove(itemKey(oldParent->keyType, oldParent->key));
                takeNode(oldParent);
            }
            continue;
        }
        const QModelIndex first = indexForNode(node, 0);
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
    }
}

void ItemTreeModel::rebuildTree(QVector<ItemTreeNode *> &topLevel)
{
    // Every item gets its node first so parents are found whatever the order.
    std::vector<ItemTreeNode *> nodes;
    nodes.reserve(m_items.size());
    for (const auto &item : m_items) {
        ItemTreeNode *node = makeItemNode(item.get()).release(); // owned below
        m_nodeByItem.insert(item.get(), node);
        nodes.push_back(node);
    }
    for (size_t i = 0; i < m_items.size(); ++i) {
        IntegrationItem *item = m_items[i].get();
        ItemTreeNode *node = nodes[i];
        if (isLazyContainer(*item)) {
            ChildFetch &fetch = m_childFetches[item->id];
            fetch.type = item->type;
            if (fetch.state != ChildrenState::Loaded) {
                auto stub = makeStub(*item);
                stub->parent = node;
                stub->row = int(node->children.size());
                node->children.push_back(std::move(stub));
            }
        }
        ItemTreeNode *parent = treeParentFor(*item, topLevel);
        if (parent == m_root.get() || isAncestorOrSelf(node, parent)) {
            topLevel.append(node);
            continue;
        }
        node->parent = parent;
        node->row = int(parent->children.size());
        parent->children.emplace_back(node);
    }
}

void ItemTreeModel::setChildLoader(ItemLoader *loader)
{
    if (m_childLoader == loader)
        return;
    QObject::disconnect(m_childLoaderConnection);
    m_childLoader = loader;
    if (loader)
        m_childLoaderConnection = connect(loader, &ItemLoader::childrenFinished, this,
                                          &ItemTreeModel::onChildrenFinished);
}

ItemTreeModel::ChildrenState ItemTreeModel::childrenState(const QString &parentId) const
{
    const auto it = m_childFetches.constFind(parentId);
    return it == m_childFetches.constEnd() ? ChildrenState::None : it->state;
}

bool ItemTreeModel::canFetchChildren(const QModelIndex &index) const
{
    const ItemTreeNode *node = nodeFromIndexMutable(index);
    if (node && node->kind == ItemTreeNode::Kind::ChildrenStub)
        node = node->parent;
    if (!node || !node->item || !isLazyContainer(*node->item))
        return false;
    const ChildrenState state = childrenState(node->item->id);
    return state != ChildrenState::Loading && state != ChildrenState::Loaded;
}

bool ItemTreeModel::fetchChildren(const QModelIndex &index)
{
    if (!canFetchChildren(index))
        return false;
    const ItemTreeNode *node = nodeFromIndexMutable(index);
    if (node->kind == ItemTreeNode::Kind::ChildrenStub)
        node = node->parent;
    const IntegrationItem item = *node->item; // the loader may emit synchronously
    ChildFetch &fetch = m_childFetches[item.id];
    fetch.type = item.type;
    fetch.state = ChildrenState::Loading;
    fetch.error = {};
    ++m_childFetchesRunning;
    stubChanged(item.id);
    qCInfo(lcModel) << "loading the children of" << item.type << item.id;
    Q_EMIT childrenFetchStarted(item.type, item.id);
    m_childLoader->fetchChildren(item);
    return true;
}

QModelIndexList ItemTreeModel::unloadedContainers() const
{
    QModelIndexList indexes;
    for (auto it = m_stubs.cbegin(); it != m_stubs.cend(); ++it)
        if (childrenState(it.key()) == ChildrenState::NotLoaded && it.value()->parent)
            indexes.append(indexForNode(it.value()->parent));
    return indexes;
}

void ItemTreeModel::stubChanged(const QString &parentId)
{
    if (ItemTreeNode *stub = m_stubs.value(parentId)) {
        const QModelIndex first = indexForNode(stub, 0);
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
    }
}

void ItemTreeModel::removeStub(const QString &parentId)
{
    if (ItemTreeNode *stub = m_stubs.take(parentId))
        takeNode(stub);
}

void ItemTreeModel::onChildrenFinished(const QString &parentId, const Error &error)
{
    auto it = m_childFetches.find(parentId);
    if (it == m_childFetches.end()) {
        // Children loaded by start() (Airtable with "records" among the types)
        // while no stub was shown: remember them as loaded for the By parent view.
        if (!error.isError())
            m_childFetches.insert(parentId, ChildFetch{QString(), ChildrenState::Loaded, {}});
        return;
    }
    const bool wasLoading = it->state == ChildrenState::Loading;
    if (wasLoading)
        --m_childFetchesRunning;
    else if (error.isError())
        return; // an eager (start()) load reports its errors through finished()
    const QString type = it->type;
    if (!error.isError()) {
        it->state = ChildrenState::Loaded;
        it->error = {};
        removeStub(parentId);
    } else if (error.kind == Error::Kind::Cancelled) {
        it->state = ChildrenState::NotLoaded;
        it->error = {};
        stubChanged(parentId);
    } else {
        it->state = ChildrenState::Failed;
        it->error = error;
        stubChanged(parentId);
    }
    if (wasLoading)
        Q_EMIT childrenFetchFinished(type, parentId, error);
}

// ---------------------------------------------------------------- model API

QModelIndex ItemTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const ItemTreeNode *parentNode = parent.isValid() ? nodeFromIndexMutable(parent) : m_root.get();
    if (!parentNode || parent.column() > 0 || row >= int(parentNode->children.size()))
        return {};
    return createIndex(row, column, parentNode->children[size_t(row)].get());
}

QModelIndex ItemTreeModel::parent(const QModelIndex &child) const
{
    const ItemTreeNode *node = nodeFromIndexMutable(child);
    if (!node || !node->parent || node->parent == m_root.get())
        return {};
    return indexForNode(node->parent, 0);
}

int ItemTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const ItemTreeNode *node = parent.isValid() ? nodeFromIndexMutable(parent) : m_root.get();
    return node ? int(node->children.size()) : 0;
}

int ItemTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ItemTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

Qt::ItemFlags ItemTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ItemTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case EmailDomainColumn:
        return m_columnStyle == ColumnStyle::Generic ? tr("Details") : tr("Email / Domain");
    case AmountStageColumn:
        return m_columnStyle == ColumnStyle::Generic ? tr("Parent") : tr("Amount / Stage");
    case OwnerColumn:
        return tr("Owner");
    case CreatedColumn:
        return tr("Created");
    case ModifiedColumn:
        return tr("Modified");
    }
    return {};
}

QString ItemTreeModel::emailOrDomain(const IntegrationItem &item)
{
    return firstProperty(item, {"email", "domain", "website"});
}

QString ItemTreeModel::amountOrStage(const IntegrationItem &item)
{
    const QString amount = firstProperty(item, {"amount"});
    const QString stage =
        firstProperty(item, {"dealstage_label", "dealstage", "hs_pipeline_stage_label",
                             "hs_pipeline_stage", "stage"});
    QString amountText;
    if (!amount.isEmpty()) {
        bool ok = false;
        const double value = amount.toDouble(&ok);
        amountText = ok ? QLocale().toString(value, 'f', 2) : amount;
    }
    if (!amountText.isEmpty() && !stage.isEmpty())
        return amountText + QStringLiteral(" · ") + stage;
    return amountText.isEmpty() ? stage : amountText;
}

QString ItemTreeModel::owner(const IntegrationItem &item)
{
    return firstProperty(
        item, {"owner", "owner_name", "hubspot_owner_name", "hubspot_owner", "hubspot_owner_id"});
}

QString ItemTreeModel::detailsSummary(const IntegrationItem &item)
{
    const QString description =
        item.properties.value(QStringLiteral("description")).toString().simplified();
    if (!description.isEmpty())
        return description;
    QStringList parts;
    for (auto it = item.properties.cbegin(); it != item.properties.cend() && parts.size() < 3;
         ++it) {
        if (it.key() == QLatin1String("primaryField") ||
            it.key() == QLatin1String("missingParent") || it.key() == QLatin1String("parentBlock"))
            continue;
        const QString value = it->userType() == QMetaType::QStringList
                                  ? it->toStringList().join(QStringLiteral(", "))
                                  : it->toString().simplified();
        if (value.isEmpty() || value == item.name)
            continue;
        parts.append(it.key() + QStringLiteral(": ") + value.left(80));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString ItemTreeModel::parentLabel(const IntegrationItem &item) const
{
    if (!item.parentName.isEmpty())
        return item.parentName;
    if (item.parentId.isEmpty())
        return {};
    if (const ItemTreeNode *parent = treeNodeOf(item.parentType, item.parentId);
        parent && parent->item)
        return parent->item->name;
    if (!item.parentType.isEmpty())
        if (const IntegrationItem *parent = findItem(item.parentType, item.parentId))
            return parent->name;
    return item.parentId;
}

QString ItemTreeModel::columnText(const IntegrationItem &item, int column) const
{
    const bool generic = m_columnStyle == ColumnStyle::Generic;
    switch (column) {
    case EmailDomainColumn:
        return generic ? detailsSummary(item) : emailOrDomain(item);
    case AmountStageColumn:
        return generic ? parentLabel(item) : amountOrStage(item);
    case OwnerColumn:
        return owner(item);
    }
    return {};
}

QVariant ItemTreeModel::displayData(const ItemTreeNode *node, int column) const
{
    switch (node->kind) {
    case ItemTreeNode::Kind::Root:
        return {};
    case ItemTreeNode::Kind::TypeGroup:
        if (column == NameColumn)
            return tr("%1 (%2)").arg(typeName(node->key),
                                     QLocale().toString(qlonglong(node->children.size())));
        return {};
    case ItemTreeNode::Kind::NoParentGroup:
        if (column == NameColumn)
            return tr("No company (%1)").arg(QLocale().toString(qlonglong(node->children.size())));
        return {};
    case ItemTreeNode::Kind::PlaceholderParent:
        if (m_grouping == Grouping::ByParent) {
            if (column == NameColumn)
                return node->title.isEmpty() ? tr("Not loaded: %1").arg(node->key) : node->title;
            if (column == TypeColumn)
                return node->keyType.isEmpty() ? QString() : typeName(node->keyType);
            return {};
        }
        if (column == NameColumn)
            return node->title.isEmpty() ? tr("Company %1").arg(node->key) : node->title;
        if (column == TypeColumn)
            return typeName(m_parentType);
        return {};
    case ItemTreeNode::Kind::ChildrenStub:
        if (column == NameColumn) {
            const auto it = m_childFetches.constFind(node->key);
            const ChildrenState state =
                it == m_childFetches.constEnd() ? ChildrenState::NotLoaded : it->state;
            switch (state) {
            case ChildrenState::Loading:
                return tr("Loading\u2026");
            case ChildrenState::Failed:
                return tr("Not all loaded: %1 (double-click to retry)").arg(it->error.message);
            default:
                return tr("Not loaded (double-click to load)");
            }
        }
        return {};
    case ItemTreeNode::Kind::Item:
        break;
    }
    const IntegrationItem &item = *node->item;
    switch (column) {
    case NameColumn:
        return item.name.isEmpty() ? item.id : item.name;
    case TypeColumn:
        return typeName(item.type);
    case EmailDomainColumn:
    case AmountStageColumn:
    case OwnerColumn:
        return columnText(item, column);
    case CreatedColumn:
        return item.created.isValid()
                   ? QLocale().toString(item.created.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case ModifiedColumn:
        return item.modified.isValid()
                   ? QLocale().toString(item.modified.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    }
    return {};
}

QVariant ItemTreeModel::sortData(const ItemTreeNode *node, int column) const
{
    if (node->kind != ItemTreeNode::Kind::Item)
        return displayData(node, column);
    const IntegrationItem &item = *node->item;
    switch (column) {
    case CreatedColumn:
        return item.created;
    case ModifiedColumn:
        return item.modified;
    case AmountStageColumn: {
        if (m_columnStyle == ColumnStyle::Generic)
            return parentLabel(item);
        bool ok = false;
        const double amount =
            item.properties.value(QStringLiteral("amount")).toString().toDouble(&ok);
        if (ok)
            return amount;
        return amountOrStage(item);
    }
    default:
        return displayData(node, column);
    }
}

int ItemTreeModel::groupRank(const ItemTreeNode *node) const
{
    switch (node->kind) {
    case ItemTreeNode::Kind::TypeGroup: {
        const int order = m_typeOrder.indexOf(node->key);
        return order >= 0 ? order : 1000 + node->row;
    }
    case ItemTreeNode::Kind::NoParentGroup:
        return 100000;
    case ItemTreeNode::Kind::ChildrenStub:
        return 100001; // after the children, in both directions
    default:
        return -1;
    }
}

int ItemTreeModel::compareForSort(const ItemTreeNode *left, const ItemTreeNode *right,
                                  int column) const
{
    const IntegrationItem *l = left->item;
    const IntegrationItem *r = right->item;
    auto text = [](const QString &a, const QString &b) {
        const int c = QString::compare(a, b, Qt::CaseInsensitive);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    };
    if (!l || !r) // placeholders and groups: through the generic path
        return text(sortData(left, column).toString(), sortData(right, column).toString());
    auto cmp = [](const auto &a, const auto &b) { return a < b ? -1 : b < a ? 1 : 0; };
    switch (column) {
    case NameColumn:
        return text(l->name.isEmpty() ? l->id : l->name, r->name.isEmpty() ? r->id : r->name);
    case TypeColumn:
        return l->type == r->type ? 0 : text(typeName(l->type), typeName(r->type));
    case EmailDomainColumn:
        return text(columnText(*l, column), columnText(*r, column));
    case OwnerColumn:
        return text(owner(*l), owner(*r));
    case CreatedColumn:
        return cmp(l->created, r->created);
    case ModifiedColumn:
        return cmp(l->modified, r->modified);
    case AmountStageColumn: {
        if (m_columnStyle == ColumnStyle::Generic)
            return text(parentLabel(*l), parentLabel(*r));
        bool lok = false, rok = false;
        const double la = l->properties.value(QStringLiteral("amount")).toString().toDouble(&lok);
        const double ra = r->properties.value(QStringLiteral("amount")).toString().toDouble(&rok);
        if (lok && rok)
            return cmp(la, ra);
        if (lok != rok)
            return lok ? -1 : 1; // numbers before text
        return text(amountOrStage(*l), amountOrStage(*r));
    }
    }
    return 0;
}

QVariant ItemTreeModel::data(const QModelIndex &index, int role) const
{
    const ItemTreeNode *node = nodeFromIndexMutable(index);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayData(node, index.column());
    case Qt::ToolTipRole:
        if (node->kind == ItemTreeNode::Kind::PlaceholderParent)
            return m_grouping == Grouping::ByParent
                       ? tr("This parent is not loaded (or not shared); its items are listed here.")
                       : tr("This company is not loaded; its items are listed here.");
        if (node->kind == ItemTreeNode::Kind::ChildrenStub)
            return tr("The children of this item are loaded when you expand it.");
        if (node->kind == ItemTreeNode::Kind::Item && index.column() == NameColumn)
            return tr("%1 %2").arg(typeName(node->item->type), node->item->id);
        return {};
    case Qt::FontRole:
        if (node->isGroup()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (node->kind == ItemTreeNode::Kind::PlaceholderParent ||
            node->kind == ItemTreeNode::Kind::ChildrenStub) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case SortRole:
        return sortData(node, index.column());
    case FilterRole: {
        if (node->kind != ItemTreeNode::Kind::Item)
            return node->kind == ItemTreeNode::Kind::PlaceholderParent ? node->title : QString();
        const IntegrationItem &item = *node->item;
        if (m_columnStyle == ColumnStyle::Generic)
            return QStringList{item.name, item.id, detailsSummary(item), owner(item),
                               item.parentName}
                .join(QLatin1Char('\n'));
        return QStringList{item.name,           item.id,     emailOrDomain(item),
                           amountOrStage(item), owner(item), item.parentName}
            .join(QLatin1Char('\n'));
    }
    case GroupRankRole:
        return groupRank(node);
    case ItemIdRole:
        return node->item
                   ? node->item->id
                   : (node->kind == ItemTreeNode::Kind::PlaceholderParent ? node->key : QString());
    case ItemTypeRole:
        if (node->item)
            return node->item->type;
        if (node->kind == ItemTreeNode::Kind::PlaceholderParent)
            return m_grouping == Grouping::ByParent ? node->keyType : m_parentType;
        return QString();
    case NodeKindRole:
        return int(node->kind);
    }
    return {};
}

} // namespace desk
