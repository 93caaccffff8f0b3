// Tree: structural changes of the item tree, the filter's shown lists and the
// notifications for both.
#include "tree/tree.h"

#include <algorithm>

namespace desk::tree {

Tree::Tree(TreeHost &host)
    : m_host(host), m_root(std::make_unique<TreeNode>(TreeNode::Kind::Root, -1))
{}

Tree::~Tree()
{
    for (auto &[parent, nodes] : m_pending)
        for (TreeNode *node : nodes)
            delete node;
}

bool Tree::isAttached(const TreeNode *node) const
{
    for (const TreeNode *n = node; n != m_root.get(); n = n->m_parent)
        if (!n || !n->m_parent || !n->m_block[0])
            return false;
    return true;
}

void Tree::registerSubtree(TreeNode *node, bool add)
{
    std::vector<TreeNode *> stack{node};
    while (!stack.empty()) {
        TreeNode *n = stack.back();
        stack.pop_back();
        if (n->kind() == TreeNode::Kind::Item && n->ref() >= 0) {
            if (size_t(n->ref()) >= m_itemNodes.size())
                m_itemNodes.resize(size_t(n->ref()) + 1 + m_itemNodes.size() / 2, nullptr);
            if (add)
                m_itemNodes[size_t(n->ref())] = n;
            else if (m_itemNodes[size_t(n->ref())] == n)
                m_itemNodes[size_t(n->ref())] = nullptr;
        }
        if (!add)
            m_host.nodeDeleted(n);
        if (n->m_children)
            for (TreeNode *child : n->m_children->all.toVector())
                stack.push_back(child);
    }
}

TreeNode *Tree::add(TreeNode *parent, std::unique_ptr<TreeNode> node)
{
    TreeNode *raw = node.release();
    registerSubtree(raw, true);
    if (!isAttached(parent)) {
        // A parent that is itself new in this batch: its subtree is inserted with it.
        ChildList &all = parent->children().all;
        raw->m_parent = parent;
        all.insert(all.upperBound(raw, m_host), raw);
        return raw;
    }
    raw->m_parent = parent;
    const auto it = m_pendingIndex.find(parent);
    if (it == m_pendingIndex.end()) {
        m_pendingIndex.emplace(parent, m_pending.size());
        m_pending.push_back({parent, {raw}});
    } else {
        m_pending[it->second].second.push_back(raw);
    }
    return raw;
}

void Tree::discardPending(TreeNode *node)
{
    if (TreeNode *parent = node->m_parent; parent && !node->m_block[0]) {
        const auto it = m_pendingIndex.find(parent);
        if (it != m_pendingIndex.end()) {
            auto &nodes = m_pending[it->second].second;
            nodes.erase(std::remove(nodes.begin(), nodes.end(), node), nodes.end());
        }
    } else if (parent) {
        parent->children().all.takeAt(parent->children().all.rowOf(node));
    }
    node->m_parent = nullptr;
}

void Tree::flush()
{
    while (!m_pending.empty()) {
        auto pending = std::move(m_pending);
        m_pending.clear();
        m_pendingIndex.clear();
        for (auto &[parent, nodes] : pending) {
            if (nodes.empty())
                continue;
            if (!m_filtered) {
                insertRuns(parent, nodes, Layer::All, true);
            } else {
                insertRuns(parent, nodes, Layer::All, false);
                std::vector<TreeNode *> visible;
                for (TreeNode *node : nodes) {
                    buildShown(node);
                    if (visibleWhenFiltered(node))
                        visible.push_back(node);
                }
                if (!visible.empty()) {
                    if (!parent->isFiltered())
                        parent->setFiltered(true);
                    const bool shown = isShownOrRoot(parent);
                    insertRuns(parent, visible, Layer::Shown, shown);
                    if (!shown)
                        reveal(parent);
                }
            }
            if (parent->kind() == TreeNode::Kind::Group)
                m_host.nodeChanged(parent);
        }
    }
}

void Tree::insertRuns(TreeNode *parent, std::vector<TreeNode *> nodes, Layer layer, bool notify)
{
    ChildList *list = layer == Layer::All ? &parent->children().all : parent->list(Layer::Shown);
    std::stable_sort(nodes.begin(), nodes.end(),
                     [&](const TreeNode *a, const TreeNode *b) { return m_host.less(a, b); });
    std::vector<int> positions(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i)
        positions[i] = list->upperBound(nodes[i], m_host);
    // Nodes that land between the same two existing rows form one run: one notification.
    int offset = 0;
    for (size_t first = 0; first < nodes.size();) {
        size_t last = first;
        while (last + 1 < nodes.size() && positions[last + 1] == positions[first])
            ++last;
        const int row = positions[first] + offset;
        const int count = int(last - first + 1);
        if (notify)
            m_host.beginInsert(parent, row, row + count - 1);
        for (int k = 0; k < count; ++k) {
            TreeNode *node = nodes[first + size_t(k)];
            if (layer == Layer::All)
                node->m_parent = parent;
            list->insert(row + k, node);
        }
        if (notify)
            m_host.endInsert();
        offset += count;
        first = last + 1;
    }
}

void Tree::buildShown(TreeNode *node)
{
    if (!node->m_children)
        return;
    // Leaf items are decided by row id alone: a million of them cost no visit
    // to their nodes, only those that match are touched (their slot is set).
    const ChildList &all = node->m_children->all;
    std::vector<TreeNode *> visible;
    for (int b = 0; b < all.blockCount(); ++b) {
        const ChildBlock &block = all.block(b);
        for (size_t i = 0; i < block.items.size(); ++i) {
            if (block.leafRows[i] >= 0) {
                if (m_host.matchesRow(block.leafRows[i]))
                    visible.push_back(block.items[i]);
                continue;
            }
            TreeNode *child = block.items[i];
            buildShown(child);
            if (visibleWhenFiltered(child))
                visible.push_back(child);
        }
    }
    node->setFiltered(true);
    node->m_children->shown->assign(visible);
}

void Tree::reveal(TreeNode *node)
{
    TreeNode *parent = node->m_parent;
    if (!parent || node->m_block[1] || !isAttached(node))
        return;
    if (!parent->isFiltered())
        parent->setFiltered(true);
    ChildList &shown = *parent->list(Layer::Shown);
    const int row = shown.upperBound(node, m_host);
    if (isShownOrRoot(parent)) {
        m_host.beginInsert(parent, row, row);
        shown.insert(row, node);
        m_host.endInsert();
    } else {
        shown.insert(row, node);
        reveal(parent);
    }
}

void Tree::hide(TreeNode *node)
{
    TreeNode *parent = node->m_parent;
    if (!parent || !node->m_block[1])
        return;
    ChildList &shown = *parent->list(Layer::Shown);
    const int row = shown.rowOf(node);
    if (isShownOrRoot(parent)) {
        m_host.beginRemove(parent, row, row);
        shown.takeAt(row);
        m_host.endRemove();
    } else {
        shown.takeAt(row);
    }
    hideEmptyAncestors(parent);
}

void Tree::hideEmptyAncestors(TreeNode *parent)
{
    if (parent != m_root.get() && parent->childCount() == 0 && !m_host.matches(parent) &&
        parent->m_block[1])
        hide(parent);
}

void Tree::refilter(TreeNode *node)
{
    if (!m_filtered || !isAttached(node))
        return;
    const bool should = visibleWhenFiltered(node);
    if (should && !node->m_block[1])
        reveal(node);
    else if (!should && node->m_block[1])
        hide(node);
}

TreeNode *Tree::detach(TreeNode *node)
{
    TreeNode *parent = node->m_parent;
    ChildList &all = parent->children().all;
    if (!m_filtered) {
        const int row = all.rowOf(node);
        m_host.beginRemove(parent, row, row);
        all.takeAt(row);
        m_host.endRemove();
    } else {
        if (node->m_block[1]) {
            ChildList &shown = *parent->list(Layer::Shown);
            const int row = shown.rowOf(node);
            const bool notify = isShownOrRoot(parent);
            if (notify)
                m_host.beginRemove(parent, row, row);
            shown.takeAt(row);
            all.takeAt(all.rowOf(node));
            if (notify)
                m_host.endRemove();
            hideEmptyAncestors(parent);
        } else {
            all.takeAt(all.rowOf(node));
        }
    }
    node->m_parent = nullptr;
    if (parent->kind() == TreeNode::Kind::Group)
        m_host.nodeChanged(parent);
    return node;
}

void Tree::remove(TreeNode *node)
{
    flush();
    if (isAttached(node))
        detach(node);
    else
        discardPending(node);
    registerSubtree(node, false);
    delete node;
}

void Tree::replace(TreeNode *from, TreeNode *to)
{
    flush();
    const bool attached = isAttached(from);
    if (attached)
        detach(from);
    else
        discardPending(from);
    const std::vector<TreeNode *> children = from->allChildren();
    if (from->m_children) {
        from->m_children->shown.reset();
        from->m_children->all.clear();
    }
    for (TreeNode *child : children) {
        child->m_parent = nullptr;
        child->m_block[1] = nullptr;
        add(to, std::unique_ptr<TreeNode>(child));
    }
    registerSubtree(from, false);
    delete from;
}

void Tree::move(TreeNode *node, TreeNode *newParent)
{
    flush();
    TreeNode *parent = node->m_parent;
    if (newParent == parent) {
        resort(node);
        return;
    }
    if (!isAttached(node) || !isAttached(newParent) || node == newParent ||
        node->isAncestorOf(newParent))
        return;
    if (!m_filtered) {
        ChildList &from = parent->children().all;
        ChildList &to = newParent->children().all;
        const int row = from.rowOf(node);
        const int destination = to.upperBound(node, m_host);
        if (!m_host.beginMove(parent, row, newParent, destination))
            return;
        from.takeAt(row);
        node->m_parent = newParent;
        to.insert(destination, node);
        m_host.endMove();
    } else {
        if (node->m_block[1])
            hide(node);
        parent->children().all.takeAt(parent->children().all.rowOf(node));
        ChildList &to = newParent->children().all;
        node->m_parent = newParent;
        to.insert(to.upperBound(node, m_host), node);
        if (!newParent->isFiltered())
            newParent->setFiltered(true);
        if (visibleWhenFiltered(node))
            reveal(node);
    }
    for (TreeNode *group : {parent, newParent})
        if (group->kind() == TreeNode::Kind::Group)
            m_host.nodeChanged(group);
}

int Tree::boundIn(const ChildList &list, const TreeNode *node, int first, int last) const
{
    // upper bound of `node` among rows [first, last), which are in order
    while (first < last) {
        const int mid = first + (last - first) / 2;
        if (m_host.less(node, list.at(mid)))
            last = mid;
        else
            first = mid + 1;
    }
    return first;
}

void Tree::resortIn(TreeNode *parent, Layer layer, TreeNode *node, bool notify)
{
    ChildList *list = parent->list(layer);
    const int row = list ? list->rowOf(node) : -1;
    if (row < 0)
        return;
    const TreeNode *prev = row > 0 ? list->at(row - 1) : nullptr;
    const TreeNode *next = row + 1 < list->size() ? list->at(row + 1) : nullptr;
    int destination = -1; // in rows before the move
    if (prev && m_host.less(node, prev))
        destination = boundIn(*list, node, 0, row);
    else if (next && m_host.less(next, node))
        destination = boundIn(*list, node, row + 1, list->size());
    if (destination < 0)
        return;
    if (notify && !m_host.beginMove(parent, row, parent, destination))
        return;
    list->takeAt(row);
    list->insert(destination > row ? destination - 1 : destination, node);
    if (notify)
        m_host.endMove();
}

void Tree::resort(TreeNode *node)
{
    flush();
    TreeNode *parent = node->m_parent;
    if (!parent || !isAttached(node))
        return;
    if (!m_filtered) {
        resortIn(parent, Layer::All, node, true);
        return;
    }
    resortIn(parent, Layer::All, node, false);
    resortIn(parent, Layer::Shown, node, isShownOrRoot(parent));
}

void Tree::sortList(ChildList &list)
{
    // Leaf items compare by row id (their keys are in one array): sorting a
    // million siblings visits no node.
    struct Entry
    {
        TreeNode *node;
        qint32 leafRow;
        quint64 prefix;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(list.size()));
    for (int b = 0; b < list.blockCount(); ++b) {
        const ChildBlock &block = list.block(b);
        for (size_t i = 0; i < block.items.size(); ++i) {
            const qint32 leaf = block.leafRows[i];
            entries.push_back({block.items[i], leaf, leaf >= 0 ? m_host.rowOrderPrefix(leaf) : 0});
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        if (a.leafRow >= 0 && b.leafRow >= 0) {
            if (a.prefix != b.prefix)
                return a.prefix < b.prefix;
            return m_host.lessRows(a.leafRow, b.leafRow);
        }
        return m_host.less(a.node, b.node);
    });
    std::vector<TreeNode *> nodes;
    nodes.reserve(entries.size());
    for (const Entry &entry : entries)
        nodes.push_back(entry.node);
    list.assign(nodes);
}

void Tree::sortAll(const std::function<bool(const ChildList &)> &alreadySorted)
{
    flush();
    forEachList([&](ChildList &list) {
        if (!alreadySorted || !alreadySorted(list))
            sortList(list);
    });
}

void Tree::forEachList(const std::function<void(ChildList &)> &visit)
{
    std::vector<TreeNode *> stack{m_root.get()};
    while (!stack.empty()) {
        TreeNode *node = stack.back();
        stack.pop_back();
        if (!node->m_children)
            continue;
        visit(node->m_children->all);
        if (node->m_children->shown)
            visit(*node->m_children->shown);
        const ChildList &all = node->m_children->all;
        for (int b = 0; b < all.blockCount(); ++b) {
            const ChildBlock &block = all.block(b);
            for (size_t i = 0; i < block.items.size(); ++i)
                if (block.leafRows[i] < 0)
                    stack.push_back(block.items[i]);
        }
    }
}

void Tree::applyFilter()
{
    flush();
    m_filtered = true;
    buildShown(m_root.get());
    if (!m_root->isFiltered())
        m_root->setFiltered(true);
}

void Tree::dropFilter()
{
    flush();
    m_filtered = false;
    // Shown slots are set only on nodes in shown lists, and only nodes that
    // may have children have lists: leaf items are never visited.
    std::vector<TreeNode *> stack{m_root.get()};
    while (!stack.empty()) {
        TreeNode *node = stack.back();
        stack.pop_back();
        if (!node->m_children)
            continue;
        if (node->m_children->shown) {
            for (TreeNode *child : node->m_children->shown->toVector())
                child->m_block[1] = nullptr;
            node->m_children->shown.reset();
        }
        const ChildList &all = node->m_children->all;
        for (int b = 0; b < all.blockCount(); ++b) {
            const ChildBlock &block = all.block(b);
            for (size_t i = 0; i < block.items.size(); ++i)
                if (block.leafRows[i] < 0)
                    stack.push_back(block.items[i]);
        }
    }
}

void Tree::reset()
{
    for (auto &[parent, nodes] : m_pending)
        for (TreeNode *node : nodes)
            delete node;
    m_pending.clear();
    m_pendingIndex.clear();
    m_root = std::make_unique<TreeNode>(TreeNode::Kind::Root, -1);
    m_itemNodes.clear();
}

} // namespace desk::tree
