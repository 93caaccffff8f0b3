// The three grouping strategies of the item tree (see grouping.h).
#include "tree/grouping.h"

#include <QLocale>

namespace desk::tree {

// ---------------------------------------------------------------- Grouping

int Grouping::rank(const TreeNode *node) const
{
    switch (node->kind()) {
    case TreeNode::Kind::Stub:
        return RankStub;
    case TreeNode::Kind::Group:
        return RankNone;
    default:
        return RankSorted;
    }
}

TreeNode *Grouping::newPlaceholder(const QString &type, const QString &id, const QString &title)
{
    m_placeholders.append({type, id, title});
    return m_c.tree.add(
        m_c.tree.root(),
        std::make_unique<TreeNode>(TreeNode::Kind::Placeholder, int(m_placeholders.size() - 1)));
}

QString Grouping::placeholderTitle(const TreeNode *node) const
{
    const Placeholder &p = placeholder(node);
    return p.title.isEmpty() ? tr("Not loaded: %1").arg(p.id) : p.title;
}

QString Grouping::counted(const QString &title, const TreeNode *group)
{
    return tr("%1 (%2)").arg(title, QLocale().toString(group->allChildCount()));
}

// ---------------------------------------------------------------- By type

void TypeGrouping::added(int rowId)
{
    const quint32 type = m_c.rows.typeId(rowId);
    TreeNode *group = m_groups.value(type);
    if (!group) {
        group = m_c.tree.add(m_c.tree.root(),
                             std::make_unique<TreeNode>(TreeNode::Kind::Group, int(type)));
        m_groups.insert(type, group);
    }
    m_c.tree.add(group, itemNode(rowId));
}

void TypeGrouping::updated(int rowId)
{
    Q_UNUSED(rowId); // the type is part of the key: a row never changes group
}

void TypeGrouping::removing(int rowId)
{
    if (TreeNode *node = m_c.tree.itemNode(rowId))
        m_c.tree.remove(node);
}

QString TypeGrouping::title(const TreeNode *node) const
{
    if (node->kind() != TreeNode::Kind::Group)
        return {};
    return counted(m_c.presentation.typeName(m_c.rows.strings().at(quint32(node->ref()))), node);
}

QString TypeGrouping::typeTitle(const TreeNode *) const
{
    return {};
}

QString TypeGrouping::key(const TreeNode *node) const
{
    return QStringLiteral("type:") + m_c.rows.strings().at(quint32(node->ref()));
}

int TypeGrouping::rank(const TreeNode *node) const
{
    if (node->kind() != TreeNode::Kind::Group)
        return Grouping::rank(node);
    const QString &type = m_c.rows.strings().at(quint32(node->ref()));
    for (int i = 0; i < m_c.presentation.types.size(); ++i)
        if (m_c.presentation.types.at(i).id == type)
            return i;
    return 1000 + node->ref(); // types the presentation does not list: in arrival order
}

// ---------------------------------------------------------------- By association

AssociationGrouping::AssociationGrouping(const Context &context,
                                         const GroupingPresentation &grouping)
    : Grouping(context), m_grouping(grouping)
{}

bool AssociationGrouping::isGroupParentType(int rowId) const
{
    return m_c.rows.type(rowId) == m_grouping.associationType;
}

TreeNode *AssociationGrouping::target(int rowId)
{
    const quint32 parent = m_c.rows.groupParentIdId(rowId);
    if (parent == 0) {
        if (!m_none) {
            m_none =
                m_c.tree.add(m_c.tree.root(), std::make_unique<TreeNode>(TreeNode::Kind::Group, 0));
        }
        return m_none;
    }
    const QString &id = m_c.rows.strings().at(parent);
    const int parentRow = m_c.rows.find({m_grouping.associationType, id});
    if (TreeNode *node = parentRow >= 0 ? m_c.tree.itemNode(parentRow) : nullptr)
        return node;
    if (TreeNode *missing = m_missing.value(id))
        return missing;
    const QString title = m_c.rows.strings().at(m_c.rows.parentIdId(rowId)) == id
                              ? m_c.rows.parentName(rowId)
                              : QString();
    TreeNode *missing = newPlaceholder(m_grouping.associationType, id, title);
    m_missing.insert(id, missing);
    return missing;
}

void AssociationGrouping::added(int rowId)
{
    if (!isGroupParentType(rowId)) {
        m_c.tree.add(target(rowId), itemNode(rowId));
        return;
    }
    TreeNode *node = m_c.tree.add(m_c.tree.root(), itemNode(rowId));
    if (TreeNode *missing = m_missing.take(m_c.rows.id(rowId)))
        m_c.tree.replace(missing, node); // the placeholder's rows come along
}

void AssociationGrouping::dropIfEmpty(TreeNode *parent)
{
    if (parent && parent->kind() == TreeNode::Kind::Placeholder && parent->allChildCount() == 0) {
        m_missing.remove(placeholder(parent).id);
        m_c.tree.remove(parent);
    }
}

void AssociationGrouping::updated(int rowId)
{
    TreeNode *node = m_c.tree.itemNode(rowId);
    if (!node || isGroupParentType(rowId))
        return;
    TreeNode *old = node->parent();
    TreeNode *to = target(rowId);
    if (to != old) {
        m_c.tree.move(node, to);
        dropIfEmpty(old);
    }
}

void AssociationGrouping::removing(int rowId)
{
    TreeNode *node = m_c.tree.itemNode(rowId);
    if (!node)
        return;
    TreeNode *old = node->parent();
    if (isGroupParentType(rowId) && node->allChildCount() > 0) {
        const QString id = m_c.rows.id(rowId);
        TreeNode *missing = newPlaceholder(m_grouping.associationType, id, m_c.rows.name(rowId));
        m_missing.insert(id, missing);
        m_c.tree.replace(node, missing);
        return;
    }
    m_c.tree.remove(node);
    dropIfEmpty(old);
}

void AssociationGrouping::forget(const TreeNode *node)
{
    if (node == m_none)
        m_none = nullptr;
}

QString AssociationGrouping::title(const TreeNode *node) const
{
    if (node->kind() == TreeNode::Kind::Group)
        return counted(m_grouping.noneTitle, node);
    if (node->kind() == TreeNode::Kind::Placeholder)
        return placeholderTitle(node);
    return {};
}

QString AssociationGrouping::typeTitle(const TreeNode *node) const
{
    return node->kind() == TreeNode::Kind::Placeholder
               ? m_c.presentation.typeName(m_grouping.associationType)
               : QString();
}

QString AssociationGrouping::key(const TreeNode *node) const
{
    if (node->kind() == TreeNode::Kind::Group)
        return QStringLiteral("none:") + m_grouping.id;
    return QStringLiteral("missing:") + m_grouping.associationType + QLatin1Char('\x1f') +
           placeholder(node).id;
}

ItemKey AssociationGrouping::placeholderKey(const TreeNode *node) const
{
    if (node->kind() != TreeNode::Kind::Placeholder)
        return {};
    return {m_grouping.associationType, placeholder(node).id};
}

// ---------------------------------------------------------------- By parent

bool ParentGrouping::isLeaf(int rowId) const
{
    const TypePresentation *type = m_c.presentation.type(m_c.rows.type(rowId));
    return type && !type->container && !type->lazyChildren; // records: never a parent
}

TreeNode *ParentGrouping::parentNode(int rowId) const
{
    const QString &parentId = m_c.rows.strings().at(m_c.rows.parentIdId(rowId));
    const quint32 parentType = m_c.rows.parentTypeId(rowId);
    if (parentType != 0) {
        const int row = m_c.rows.find(parentType, parentId);
        return row >= 0 ? m_c.tree.itemNode(row) : nullptr;
    }
    for (quint32 type : m_types) {
        const int row = m_c.rows.find(type, parentId);
        if (TreeNode *node = row >= 0 ? m_c.tree.itemNode(row) : nullptr)
            return node;
    }
    return nullptr;
}

TreeNode *ParentGrouping::target(int rowId, const TreeNode *node)
{
    TreeNode *root = m_c.tree.root();
    const quint32 parentIdId = m_c.rows.parentIdId(rowId);
    if (parentIdId == 0)
        return root;
    const QString &parentId = m_c.rows.strings().at(parentIdId);
    const QString &parentType = m_c.rows.strings().at(m_c.rows.parentTypeId(rowId));
    if (parentId == m_c.rows.id(rowId) &&
        (parentType.isEmpty() || parentType == m_c.rows.type(rowId)))
        return root; // its own parent
    if (TreeNode *parent = parentNode(rowId))
        return parent == node || node->isAncestorOf(parent) ? root : parent; // a cycle: break here
    const QString key = keyOf(parentType, parentId);
    if (TreeNode *missing = m_missing.value(key))
        return missing->isAncestorOf(node) && missing != node->parent() ? root : missing;
    TreeNode *missing = newPlaceholder(parentType, parentId, m_c.rows.parentName(rowId));
    m_missing.insert(key, missing);
    return missing;
}

void ParentGrouping::added(int rowId)
{
    m_types.insert(m_c.rows.typeId(rowId));
    std::unique_ptr<TreeNode> owned = itemNode(rowId);
    if (m_c.wantsStub && m_c.wantsStub(rowId))
        owned->insertChild(0, std::make_unique<TreeNode>(TreeNode::Kind::Stub, rowId, true));
    const QString type = m_c.rows.type(rowId);
    const QString id = m_c.rows.id(rowId);
    // Rows that waited for this one under a placeholder come along; if this
    // row's own parent is among them, it goes to the top (a cycle).
    QVector<TreeNode *> waiting;
    for (const QString &key : {keyOf(type, id), keyOf(QString(), id)})
        if (TreeNode *missing = m_missing.take(key))
            waiting.append(missing);
    TreeNode *parent = target(rowId, owned.get());
    for (TreeNode *missing : std::as_const(waiting))
        if (parent == missing || missing->isAncestorOf(parent))
            parent = m_c.tree.root();
    TreeNode *node = m_c.tree.add(parent, std::move(owned));
    for (TreeNode *missing : std::as_const(waiting))
        m_c.tree.replace(missing, node);
}

void ParentGrouping::dropIfEmpty(TreeNode *parent)
{
    if (parent && parent->kind() == TreeNode::Kind::Placeholder && parent->allChildCount() == 0) {
        const Placeholder &p = placeholder(parent);
        m_missing.remove(keyOf(p.type, p.id));
        m_c.tree.remove(parent);
    }
}

void ParentGrouping::updated(int rowId)
{
    TreeNode *node = m_c.tree.itemNode(rowId);
    if (!node)
        return;
    TreeNode *old = node->parent();
    TreeNode *to = target(rowId, node);
    if (to != old) {
        m_c.tree.move(node, to);
        dropIfEmpty(old);
    }
    stubChanged(rowId);
}

TreeNode *ParentGrouping::stubOf(const TreeNode *node) const
{
    const int count = node->allChildCount();
    TreeNode *last = count > 0 ? node->allChild(count - 1) : nullptr; // pinned last
    return last && last->kind() == TreeNode::Kind::Stub ? last : nullptr;
}

void ParentGrouping::removing(int rowId)
{
    TreeNode *node = m_c.tree.itemNode(rowId);
    if (!node)
        return;
    if (TreeNode *stub = stubOf(node))
        m_c.tree.remove(stub);
    TreeNode *old = node->parent();
    if (node->allChildCount() > 0) {
        const QString type = m_c.rows.type(rowId);
        const QString id = m_c.rows.id(rowId);
        TreeNode *missing = newPlaceholder(type, id, m_c.rows.name(rowId));
        m_missing.insert(keyOf(type, id), missing);
        m_c.tree.replace(node, missing);
    } else {
        m_c.tree.remove(node);
    }
    dropIfEmpty(old);
}

void ParentGrouping::stubChanged(int rowId)
{
    TreeNode *node = m_c.tree.itemNode(rowId);
    if (!node)
        return;
    TreeNode *stub = stubOf(node);
    const bool wanted = m_c.wantsStub && m_c.wantsStub(rowId);
    if (wanted && !stub)
        m_c.tree.add(node, std::make_unique<TreeNode>(TreeNode::Kind::Stub, rowId, true));
    else if (!wanted && stub)
        m_c.tree.remove(stub);
    else if (stub)
        m_c.tree.changed(stub);
}

void ParentGrouping::forget(const TreeNode *node)
{
    if (node->kind() == TreeNode::Kind::Placeholder) {
        const Placeholder &p = placeholder(node);
        const auto it = m_missing.constFind(keyOf(p.type, p.id));
        if (it != m_missing.cend() && it.value() == node)
            m_missing.erase(it);
    }
}

QString ParentGrouping::title(const TreeNode *node) const
{
    return node->kind() == TreeNode::Kind::Placeholder ? placeholderTitle(node) : QString();
}

QString ParentGrouping::typeTitle(const TreeNode *node) const
{
    if (node->kind() != TreeNode::Kind::Placeholder || placeholder(node).type.isEmpty())
        return {};
    return m_c.presentation.typeName(placeholder(node).type);
}

QString ParentGrouping::key(const TreeNode *node) const
{
    if (node->kind() == TreeNode::Kind::Stub)
        return QStringLiteral("stub:") + m_c.rows.type(node->ref()) + QLatin1Char('\x1f') +
               m_c.rows.id(node->ref());
    const Placeholder &p = placeholder(node);
    return QStringLiteral("missing:") + keyOf(p.type, p.id);
}

ItemKey ParentGrouping::placeholderKey(const TreeNode *node) const
{
    if (node->kind() != TreeNode::Kind::Placeholder)
        return {};
    return {placeholder(node).type, placeholder(node).id};
}

} // namespace desk::tree
