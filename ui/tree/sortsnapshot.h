#pragma once

// SortSnapshot: a copy of the sort keys of large sibling lists of leaf items,
// sorted on a worker thread. The UI thread copies the keys (one pass), the
// worker computes each list's new order from the copy alone, and the UI
// thread puts the lists in that order in one layout change, provided nothing
// changed meanwhile (the model checks). The worker touches no node, key or
// row of the model.

#include "tree/sortkeys.h"
#include "tree/treenode.h"

#include <QByteArray>
#include <memory>
#include <vector>

namespace desk::tree {

class ChildList;
class TreeNode;

class SortSnapshot
{
public:
    // UI thread. Copies every row's key from `keys` (sequential copies: what
    // costs the UI thread is kept to memory bandwidth).
    explicit SortSnapshot(const SortKeys &keys);
    // Keys made for this sort alone (a new column's), which nobody changes
    // until they are taken back: read in place, not copied.
    explicit SortSnapshot(std::unique_ptr<SortKeys> keys);
    // UI thread, after sort(): the keys given to the constructor above.
    std::unique_ptr<SortKeys> takeKeys() { return std::move(m_ownKeys); }
    // UI thread. Takes the rows of `list` if every row of it is a leaf item
    // (lists with groups or containers are left to Tree::sortAll). Returns
    // whether it was taken.
    bool addList(ChildList &list);
    int rowCount() const { return m_rows; }
    bool contains(const ChildList *list) const;

    // Worker thread: sorts every list's copy, equal keys by row id (arrival).
    void sort(bool ascending);

    // UI thread, after sort(), with the lists unchanged since addList():
    // puts each list in its computed order (the worker built the blocks; this
    // writes each node's block pointer, in memory order).
    void apply();

private:
    struct List
    {
        ChildList *list;
        std::vector<TreeNode *> nodes;
        std::vector<qint32> rows; // row id of nodes[i]
        // Built by the worker: the list's blocks in the new order.
        PreparedChildList sorted;
    };
    int compare(const SortKey &a, const SortKey &b) const;
    const char *tail(const SortKey &key) const;

    std::unique_ptr<SortKeys> m_ownKeys;
    std::vector<SortKey> m_keyCopy;
    const std::vector<SortKey> *m_keys = nullptr; // m_keyCopy or m_ownKeys's
    std::vector<QByteArray> m_tailChunks;
    std::vector<List> m_lists;
    int m_rows = 0;
};

} // namespace desk::tree
