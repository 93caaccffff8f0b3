#pragma once

// Tree: the nodes of one view and every structural change to them. Grouping
// strategies say where nodes go; Tree puts them there, keeps the filter's
// shown lists in step and tells its host (the Qt model adapter) what changed,
// grouping contiguous inserts into one notification.

#include "tree/treenode.h"

#include <functional>
#include <unordered_map>
#include <vector>

namespace desk::tree {

// What Tree needs from the model: the order of siblings, whether a node
// matches the filter, and where to report changes (rows as the model shows them).
class TreeHost : public SiblingOrder
{
public:
    virtual bool matches(const TreeNode *node) const = 0;
    virtual bool matchesRow(int rowId) const = 0; // an item's node, by its row id
    // The first 8 bytes of an item's sort key, ordered as lessRows() orders them
    // (a differing prefix decides; equal ones go to lessRows()).
    virtual quint64 rowOrderPrefix(int rowId) const = 0;
    virtual void beginInsert(TreeNode *parent, int first, int last) = 0;
    virtual void endInsert() = 0;
    virtual void beginRemove(TreeNode *parent, int first, int last) = 0;
    virtual void endRemove() = 0;
    virtual bool beginMove(TreeNode *from, int row, TreeNode *to, int destination) = 0;
    virtual void endMove() = 0;
    virtual void nodeChanged(TreeNode *node) = 0;
    virtual void nodeDeleted(TreeNode *node) = 0; // before it is freed
};

class Tree
{
public:
    explicit Tree(TreeHost &host);
    ~Tree();

    TreeNode *root() const { return m_root.get(); }
    bool isFiltered() const { return m_filtered; }

    // Item nodes by row id.
    TreeNode *itemNode(int rowId) const
    {
        return size_t(rowId) < m_itemNodes.size() ? m_itemNodes[size_t(rowId)] : nullptr;
    }

    // Adds `node` (with any children already attached) under `parent`. New
    // nodes wait until flush(), which inserts them with one notification per
    // run of adjacent rows; until then they can take children themselves.
    TreeNode *add(TreeNode *parent, std::unique_ptr<TreeNode> node);
    // Moves a node (and its subtree) to another parent, or to its sorted place.
    void move(TreeNode *node, TreeNode *newParent);
    // Puts a node whose sort key changed back in order among its siblings.
    void resort(TreeNode *node);
    // Takes a node and its subtree out of the tree and frees it. Item nodes
    // inside must have been moved away or be gone from the rows.
    void remove(TreeNode *node);
    // `to` takes every child of `from`, which leaves the tree and is freed
    // (a placeholder replaced by the item it stood for, or the reverse).
    void replace(TreeNode *from, TreeNode *to);
    void changed(TreeNode *node) { m_host.nodeChanged(node); }
    // Inserts what add() queued.
    void flush();
    // Drops every node (the caller resets the model around it).
    void reset();

    // Whether the node is part of the tree (not waiting in add()'s queue).
    bool isAttached(const TreeNode *node) const;

    // Filter: rebuilds every shown list from TreeHost::matches (the caller
    // wraps it in a layout change), or drops them.
    void applyFilter();
    void dropFilter();
    // A node whose match may have changed: show or hide it (and its ancestors).
    void refilter(TreeNode *node);

    // The order changed: sorts every sibling list again but those
    // `alreadySorted` says are (the caller wraps it in a layout change).
    void sortAll(const std::function<bool(const ChildList &)> &alreadySorted = {});
    // Every sibling list: each node's list of all children and, filtered, of
    // the shown ones.
    void forEachList(const std::function<void(ChildList &)> &visit);

private:
    bool isShownOrRoot(const TreeNode *node) const
    {
        return node == m_root.get() || (isAttached(node) && node->isShown());
    }
    bool visibleWhenFiltered(const TreeNode *node) const
    {
        return m_host.matches(node) || node->childCount() > 0;
    }
    void registerSubtree(TreeNode *node, bool add);
    void insertRuns(TreeNode *parent, std::vector<TreeNode *> nodes, Layer layer, bool notify);
    void resortIn(TreeNode *parent, Layer layer, TreeNode *node, bool notify);
    void sortList(ChildList &list);
    int boundIn(const ChildList &list, const TreeNode *node, int first, int last) const;
    void discardPending(TreeNode *node);
    void reveal(TreeNode *node); // filtered: into its parent's shown list (notifying)
    void hide(TreeNode *node);   // filtered: out of its parent's shown list (notifying)
    void hideEmptyAncestors(TreeNode *parent);
    void buildShown(TreeNode *node);  // filtered: the shown lists of a subtree, silently
    TreeNode *detach(TreeNode *node); // out of the tree, notifying; returns it

    TreeHost &m_host;
    std::unique_ptr<TreeNode> m_root;
    std::vector<TreeNode *> m_itemNodes;
    std::vector<std::pair<TreeNode *, std::vector<TreeNode *>>> m_pending; // parent, new children
    std::unordered_map<TreeNode *, size_t> m_pendingIndex;
    bool m_filtered = false;
};

} // namespace desk::tree
