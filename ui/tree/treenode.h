#pragma once

// TreeNode: one row of the item tree (a group, an item, a placeholder for a
// parent not loaded, the stub under a lazy container). A node owns its
// children and knows its own row; ChildList keeps siblings in blocks so that
// a row, a node's row and an insertion cost O(log n + block size) with a
// million siblings.

#include <QtGlobal>
#include <memory>
#include <vector>

namespace desk::tree {

class TreeNode;

// Which of two sibling lists a node sits in: every child (All) or, while a
// filter is applied, the children that are shown (Shown).
enum class Layer : quint8
{
    All = 0,
    Shown = 1
};

// Strict weak order of siblings (the model's sort).
class SiblingOrder
{
public:
    virtual ~SiblingOrder() = default;
    virtual bool less(const TreeNode *a, const TreeNode *b) const = 0;
    // less() of two leaf items by row id: no node is read.
    virtual bool lessRows(int a, int b) const = 0;
};

struct ChildBlock
{
    std::vector<TreeNode *> items;
    // Beside each node: its row id when it is an item that never has children,
    // else -1. The filter decides such rows without touching their node.
    std::vector<qint32> leafRows;
    int index = 0; // position in the list's blocks
};

// A list's new blocks built away from it (on a worker: no node is read), and
// each node with its new block in the nodes' address order, so that adopting
// them writes the nodes' memory front to back.
struct PreparedChildList
{
    std::vector<std::unique_ptr<ChildBlock>> blocks;
    std::vector<int> starts;
    std::vector<qint32> lastLeaf;
    std::vector<std::pair<TreeNode *, ChildBlock *>> nodeBlocks;
    int size = 0;
};

// Siblings in order. Does not own them (the parent node does); keeps each
// node's block pointer for its layer up to date.
class ChildList
{
public:
    explicit ChildList(Layer layer) : m_layer(layer) {}
    ~ChildList();
    ChildList(const ChildList &) = delete;
    ChildList &operator=(const ChildList &) = delete;

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    TreeNode *at(int row) const;
    // The node at `row` and, beside it, its row id when it is a leaf item (else -1).
    TreeNode *at(int row, qint32 *leafRow) const;
    int rowOf(const TreeNode *node) const; // -1 when not in this list
    // The first row whose node is not less than `node`.
    int lowerBound(const TreeNode *node, const SiblingOrder &order) const;
    int upperBound(const TreeNode *node, const SiblingOrder &order) const;
    void insert(int row, TreeNode *node);
    TreeNode *takeAt(int row);
    // Replaces the contents (nodes in this order). `leafRows`, when given, is
    // each node's row id if it is a leaf item, else -1 (spares reading a
    // million nodes).
    void assign(const std::vector<TreeNode *> &nodes,
                const std::vector<qint32> *leafRows = nullptr);
    // The blocks assign(nodes, &leafRows) would make, made without touching
    // the list or any node (any thread).
    static PreparedChildList prepare(const std::vector<TreeNode *> &nodes,
                                     const std::vector<qint32> &leafRows);
    // The same nodes as now, in the prepared order: one write per node. The
    // old blocks go to `prepared` (free them anywhere).
    void adopt(PreparedChildList &prepared);
    std::vector<TreeNode *> toVector() const;
    void clear();
    int blockCount() const { return int(m_blocks.size()); }
    // Rows whose node is not a leaf item (groups, placeholders, containers).
    std::vector<int> nonLeafRows() const;
    // Calls visit(node, leafRow) for rows [first, first + count) in order, block
    // by block: a view laying out a million rows does no lookup per row.
    template <typename Visit> void forEach(int first, int count, Visit &&visit) const
    {
        if (first < 0 || count <= 0 || first >= m_size)
            return;
        const int end = qMin(m_size, first + count);
        for (size_t b = size_t(blockOfRow(first)); b < m_blocks.size() && m_starts[b] < end; ++b) {
            const ChildBlock &block = *m_blocks[b];
            const int start = m_starts[b];
            const size_t from = size_t(qMax(first, start) - start);
            const size_t to = size_t(qMin(end, start + int(block.items.size())) - start);
            for (size_t i = from; i < to; ++i)
                visit(block.items[i], block.leafRows[i]);
        }
    }
    const ChildBlock &block(int i) const { return *m_blocks[size_t(i)]; }

private:
    static constexpr int kMaxBlock = 256;
    int blockOfRow(int row) const;
    void reindexFrom(int block);
    void shiftStarts(int fromBlock, int by);
    void setSlot(TreeNode *node, ChildBlock *block) const;

    Layer m_layer;
    std::vector<std::unique_ptr<ChildBlock>> m_blocks;
    // First row of each block, kept up to date on every change: a contiguous
    // array to add to, where recounting would visit every block.
    std::vector<int> m_starts;
    // Leaf row id of each block's last node (-1: not a leaf item), contiguous:
    // a binary search over blocks then reads no block and no node.
    std::vector<qint32> m_lastLeaf;
    mutable int m_lastBlock = 0; // the views read rows in sequence: start there
    int m_size = 0;
};

// Aligned so that a QModelIndex can carry kind and leaf bits in the pointer's
// low bits: flags(), which a view asks for every row it lays out, then never
// touches the node's memory.
class alignas(16) TreeNode
{
public:
    enum class Kind : quint8
    {
        Root,
        Group,       // "Contacts (1,234)", "No company (12)"
        Item,        // one row of the RowStore
        Placeholder, // a parent that items name but that is not loaded (yet)
        Stub,        // "Not loaded" / "Loading…" under a lazy container
    };

    // `ref`: the row id for items, an entry of the view's own tables otherwise.
    TreeNode(Kind kind, int ref, bool leaf = false) : m_kind(kind), m_leaf(leaf), m_ref(ref) {}
    ~TreeNode();
    TreeNode(const TreeNode &) = delete;
    TreeNode &operator=(const TreeNode &) = delete;

    Kind kind() const { return m_kind; }
    // Never has children in this view (a view need not look for any).
    bool isLeaf() const { return m_leaf; }
    int ref() const { return m_ref; }
    TreeNode *parent() const { return m_parent; }
    bool isAncestorOf(const TreeNode *node) const;

    // What the model shows: the shown children while a filter is applied,
    // else all of them. row() is -1 for a node the filter hides.
    int row() const;
    int childCount() const;
    TreeNode *child(int row) const;
    TreeNode *child(int row, qint32 *leafRow) const; // see ChildList::at
    bool isShown() const { return m_parent && (!m_parent->isFiltered() || m_block[1]); }

    // Every child, whatever the filter.
    int allChildCount() const { return m_children ? m_children->all.size() : 0; }
    TreeNode *allChild(int row) const { return m_children->all.at(row); }
    std::vector<TreeNode *> allChildren() const;
    const ChildList *list(Layer layer) const;
    ChildList *list(Layer layer);

    // Structure. Children are owned here; take returns ownership.
    void insertChild(Layer layer, int row, TreeNode *child); // Layer::All takes ownership
    void insertChild(int row, std::unique_ptr<TreeNode> child);
    std::unique_ptr<TreeNode> takeChild(TreeNode *child);
    void hideChild(TreeNode *child); // out of the shown list only
    void deleteChildren();

    bool isFiltered() const { return m_children && m_children->shown; }
    void setFiltered(bool filtered); // creates or drops the shown list (empty)

private:
    friend class ChildList;
    friend class Tree;
    struct Children
    {
        ChildList all{Layer::All};
        std::unique_ptr<ChildList> shown;
    };
    Children &children();

    Kind m_kind;
    bool m_leaf;
    int m_ref;
    TreeNode *m_parent = nullptr;
    ChildBlock *m_block[2] = {nullptr, nullptr};
    std::unique_ptr<Children> m_children;
};

} // namespace desk::tree
