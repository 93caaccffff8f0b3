#pragma once

// SortSnapshot: a copy of the sort keys of large sibling lists of leaf items,
// sorted on a worker thread. The UI thread copies the keys (one pass), the
// worker computes each list's new order from the copy alone, and the UI
// thread puts the lists in that order in one layout change, provided nothing
// changed meanwhile (the model checks). The worker touches no node, key or
// row of the model.

#include "tree/sortkeys.h"

#include <QByteArray>
#include <vector>

namespace desk::tree {

class ChildList;
class TreeNode;

class SortSnapshot
{
public:
    // UI thread. Copies `list` with each row's key from `keys`, if every row
    // of it is a leaf item (lists with groups or containers are left to
    // Tree::sortAll). Returns whether it was taken.
    bool addList(ChildList &list, const SortKeys &keys);
    int rowCount() const { return m_rows; }
    bool contains(const ChildList *list) const;

    // Worker thread: sorts every list's copy, equal keys by row id (arrival).
    void sort(bool ascending);

    // UI thread, after sort(), with the lists unchanged since addList():
    // assigns each list its computed order.
    void apply();

private:
    struct Entry
    {
        quint64 prefix;
        quint32 tail; // offset into m_tails
        quint32 tailLength;
        qint32 row;   // row id, the tie-break
        quint32 node; // position in List::nodes
    };
    struct List
    {
        ChildList *list;
        std::vector<TreeNode *> nodes;
        std::vector<Entry> entries;
    };
    int compare(const Entry &a, const Entry &b) const;

    std::vector<List> m_lists;
    QByteArray m_tails;
    int m_rows = 0;
};

} // namespace desk::tree
