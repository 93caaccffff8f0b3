// TreeNode and ChildList: the owning node type of the item tree and its
// blocked sibling list.
#include "tree/treenode.h"

#include <algorithm>

namespace desk::tree {

// ---------------------------------------------------------------- ChildList

ChildList::~ChildList() = default;

void ChildList::setSlot(TreeNode *node, ChildBlock *block) const
{
    node->m_block[int(m_layer)] = block;
}

namespace {
qint32 leafRowOf(const TreeNode *node)
{
    return node->isLeaf() && node->kind() == TreeNode::Kind::Item ? node->ref() : -1;
}
} // namespace

void ChildList::shiftStarts(int fromBlock, int by)
{
    for (size_t b = size_t(qMax(0, fromBlock)); b < m_starts.size(); ++b)
        m_starts[b] += by;
}

int ChildList::blockOfRow(int row) const
{
    const int last = qBound(0, m_lastBlock, int(m_blocks.size()) - 1);
    if (row >= m_starts[size_t(last)] &&
        row < m_starts[size_t(last)] + int(m_blocks[size_t(last)]->items.size()))
        return last;
    const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), row);
    m_lastBlock = int(it - m_starts.begin()) - 1;
    return m_lastBlock;
}

TreeNode *ChildList::at(int row) const
{
    if (row < 0 || row >= m_size)
        return nullptr;
    const int b = blockOfRow(row);
    return m_blocks[size_t(b)]->items[size_t(row - m_starts[size_t(b)])];
}

TreeNode *ChildList::at(int row, qint32 *leafRow) const
{
    if (row < 0 || row >= m_size)
        return nullptr;
    const int b = blockOfRow(row);
    const ChildBlock &block = *m_blocks[size_t(b)];
    const size_t at = size_t(row - m_starts[size_t(b)]);
    *leafRow = block.leafRows[at];
    return block.items[at];
}

int ChildList::rowOf(const TreeNode *node) const
{
    const ChildBlock *block = node->m_block[int(m_layer)];
    if (!block || size_t(block->index) >= m_blocks.size() ||
        m_blocks[size_t(block->index)].get() != block)
        return -1;
    const auto it = std::find(block->items.begin(), block->items.end(), node);
    return m_starts[size_t(block->index)] + int(it - block->items.begin());
}

namespace {
// Binary search for the first index in [0, n) where `before(i)` is false.
template <typename Before> size_t firstNotBefore(size_t n, Before before)
{
    size_t first = 0;
    while (n > 0) {
        const size_t half = n / 2;
        if (before(first + half)) {
            first += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return first;
}
} // namespace

int ChildList::lowerBound(const TreeNode *node, const SiblingOrder &order) const
{
    // Leaf items compare by row id (keys in one array) instead of through their nodes.
    const qint32 probe = leafRowOf(node);
    auto less = [&](const TreeNode *n, qint32 leaf) {
        return probe >= 0 && leaf >= 0 ? order.lessRows(leaf, probe) : order.less(n, node);
    };
    const size_t b = firstNotBefore(
        m_blocks.size(), [&](size_t i) { return less(m_blocks[i]->items.back(), m_lastLeaf[i]); });
    if (b == m_blocks.size())
        return m_size;
    const ChildBlock &block = *m_blocks[b];
    const size_t at = firstNotBefore(
        block.items.size(), [&](size_t i) { return less(block.items[i], block.leafRows[i]); });
    return m_starts[b] + int(at);
}

int ChildList::upperBound(const TreeNode *node, const SiblingOrder &order) const
{
    const qint32 probe = leafRowOf(node);
    auto notAfter = [&](const TreeNode *n, qint32 leaf) { // !less(node, n)
        return probe >= 0 && leaf >= 0 ? !order.lessRows(probe, leaf) : !order.less(node, n);
    };
    const size_t b = firstNotBefore(m_blocks.size(), [&](size_t i) {
        return notAfter(m_blocks[i]->items.back(), m_lastLeaf[i]);
    });
    if (b == m_blocks.size())
        return m_size;
    const ChildBlock &block = *m_blocks[b];
    const size_t at = firstNotBefore(
        block.items.size(), [&](size_t i) { return notAfter(block.items[i], block.leafRows[i]); });
    return m_starts[b] + int(at);
}

std::vector<int> ChildList::nonLeafRows() const
{
    std::vector<int> rows;
    for (size_t b = 0; b < m_blocks.size(); ++b) {
        const std::vector<qint32> &leafRows = m_blocks[b]->leafRows;
        for (size_t i = 0; i < leafRows.size(); ++i)
            if (leafRows[i] < 0)
                rows.push_back(m_starts[b] + int(i));
    }
    return rows;
}

void ChildList::reindexFrom(int block)
{
    for (size_t b = size_t(block); b < m_blocks.size(); ++b)
        m_blocks[b]->index = int(b);
}

void ChildList::insert(int row, TreeNode *node)
{
    row = qBound(0, row, m_size);
    if (m_blocks.empty()) {
        m_blocks.push_back(std::make_unique<ChildBlock>());
        m_starts.assign(1, 0);
        m_lastLeaf.assign(1, -1);
    }
    const int b = row == m_size ? int(m_blocks.size()) - 1 : blockOfRow(row);
    ChildBlock *block = m_blocks[size_t(b)].get();
    const int at = row - m_starts[size_t(b)];
    block->items.insert(block->items.begin() + at, node);
    block->leafRows.insert(block->leafRows.begin() + at, leafRowOf(node));
    setSlot(node, block);
    ++m_size;
    shiftStarts(b + 1, 1);
    m_lastLeaf[size_t(b)] = block->leafRows.back();
    if (int(block->items.size()) > kMaxBlock) {
        auto tail = std::make_unique<ChildBlock>();
        const auto half = block->items.begin() + kMaxBlock / 2;
        tail->items.assign(half, block->items.end());
        block->items.erase(half, block->items.end());
        tail->leafRows.assign(block->leafRows.begin() + kMaxBlock / 2, block->leafRows.end());
        block->leafRows.resize(kMaxBlock / 2);
        for (TreeNode *moved : tail->items)
            setSlot(moved, tail.get());
        m_blocks.insert(m_blocks.begin() + b + 1, std::move(tail));
        m_starts.insert(m_starts.begin() + b + 1, m_starts[size_t(b)] + kMaxBlock / 2);
        m_lastLeaf.insert(m_lastLeaf.begin() + b + 1, m_blocks[size_t(b) + 1]->leafRows.back());
        m_lastLeaf[size_t(b)] = block->leafRows.back();
        reindexFrom(b + 1);
    }
}

TreeNode *ChildList::takeAt(int row)
{
    if (row < 0 || row >= m_size)
        return nullptr;
    const int b = blockOfRow(row);
    ChildBlock *block = m_blocks[size_t(b)].get();
    const int at = row - m_starts[size_t(b)];
    TreeNode *node = block->items[size_t(at)];
    block->items.erase(block->items.begin() + at);
    block->leafRows.erase(block->leafRows.begin() + at);
    setSlot(node, nullptr);
    --m_size;
    shiftStarts(b + 1, -1);
    if (block->items.empty()) {
        m_blocks.erase(m_blocks.begin() + b);
        m_starts.erase(m_starts.begin() + b);
        m_lastLeaf.erase(m_lastLeaf.begin() + b);
        reindexFrom(b);
    } else {
        m_lastLeaf[size_t(b)] = block->leafRows.back();
    }
    return node;
}

void ChildList::assign(const std::vector<TreeNode *> &nodes, const std::vector<qint32> *leafRows)
{
    for (const auto &block : m_blocks)
        for (TreeNode *node : block->items)
            setSlot(node, nullptr);
    m_blocks.clear();
    constexpr size_t fill = kMaxBlock / 2;
    for (size_t i = 0; i < nodes.size(); i += fill) {
        auto block = std::make_unique<ChildBlock>();
        block->index = int(m_blocks.size());
        block->items.assign(nodes.begin() + qsizetype(i),
                            nodes.begin() + qsizetype(std::min(nodes.size(), i + fill)));
        block->leafRows.reserve(block->items.size());
        for (size_t k = 0; k < block->items.size(); ++k) {
            TreeNode *node = block->items[k];
            setSlot(node, block.get());
            block->leafRows.push_back(leafRows ? (*leafRows)[i + k] : leafRowOf(node));
        }
        m_blocks.push_back(std::move(block));
    }
    m_size = int(nodes.size());
    m_starts.resize(m_blocks.size());
    m_lastLeaf.resize(m_blocks.size());
    for (size_t b = 0; b < m_blocks.size(); ++b) {
        m_starts[b] = int(b * fill);
        m_lastLeaf[b] = m_blocks[b]->leafRows.back();
    }
    m_lastBlock = 0;
}

PreparedChildList ChildList::prepare(const std::vector<TreeNode *> &nodes,
                                     const std::vector<qint32> &leafRows)
{
    PreparedChildList p;
    constexpr size_t fill = kMaxBlock / 2;
    p.nodeBlocks.reserve(nodes.size());
    for (size_t i = 0; i < nodes.size(); i += fill) {
        auto block = std::make_unique<ChildBlock>();
        block->index = int(p.blocks.size());
        const size_t end = std::min(nodes.size(), i + fill);
        block->items.assign(nodes.begin() + qsizetype(i), nodes.begin() + qsizetype(end));
        block->leafRows.assign(leafRows.begin() + qsizetype(i), leafRows.begin() + qsizetype(end));
        for (TreeNode *node : block->items)
            p.nodeBlocks.emplace_back(node, block.get());
        p.starts.push_back(int(i));
        p.lastLeaf.push_back(block->leafRows.back());
        p.blocks.push_back(std::move(block));
    }
    std::sort(p.nodeBlocks.begin(), p.nodeBlocks.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    p.size = int(nodes.size());
    return p;
}

void ChildList::adopt(PreparedChildList &prepared)
{
    for (const auto &[node, block] : prepared.nodeBlocks)
        setSlot(node, block);
    m_blocks.swap(prepared.blocks);
    m_starts.swap(prepared.starts);
    m_lastLeaf.swap(prepared.lastLeaf);
    m_size = prepared.size;
    m_lastBlock = 0;
}

std::vector<TreeNode *> ChildList::toVector() const
{
    std::vector<TreeNode *> nodes;
    nodes.reserve(size_t(m_size));
    for (const auto &block : m_blocks)
        nodes.insert(nodes.end(), block->items.begin(), block->items.end());
    return nodes;
}

void ChildList::clear()
{
    assign({});
}

// ---------------------------------------------------------------- TreeNode

TreeNode::~TreeNode()
{
    deleteChildren();
}

void TreeNode::deleteChildren()
{
    if (!m_children)
        return;
    const std::vector<TreeNode *> nodes = m_children->all.toVector();
    m_children.reset();
    for (TreeNode *node : nodes)
        delete node;
}

TreeNode::Children &TreeNode::children()
{
    if (!m_children)
        m_children = std::make_unique<Children>();
    return *m_children;
}

bool TreeNode::isAncestorOf(const TreeNode *node) const
{
    for (const TreeNode *n = node ? node->m_parent : nullptr; n; n = n->m_parent)
        if (n == this)
            return true;
    return false;
}

const ChildList *TreeNode::list(Layer layer) const
{
    if (!m_children)
        return nullptr;
    return layer == Layer::All ? &m_children->all : m_children->shown.get();
}

ChildList *TreeNode::list(Layer layer)
{
    return const_cast<ChildList *>(static_cast<const TreeNode *>(this)->list(layer));
}

int TreeNode::row() const
{
    if (!m_parent)
        return -1;
    const ChildList *shown = m_parent->list(Layer::Shown);
    return shown ? shown->rowOf(this) : m_parent->m_children->all.rowOf(this);
}

int TreeNode::childCount() const
{
    if (!m_children)
        return 0;
    return m_children->shown ? m_children->shown->size() : m_children->all.size();
}

TreeNode *TreeNode::child(int row) const
{
    if (!m_children)
        return nullptr;
    return m_children->shown ? m_children->shown->at(row) : m_children->all.at(row);
}

TreeNode *TreeNode::child(int row, qint32 *leafRow) const
{
    if (!m_children)
        return nullptr;
    return m_children->shown ? m_children->shown->at(row, leafRow)
                             : m_children->all.at(row, leafRow);
}

std::vector<TreeNode *> TreeNode::allChildren() const
{
    return m_children ? m_children->all.toVector() : std::vector<TreeNode *>();
}

void TreeNode::insertChild(Layer layer, int row, TreeNode *child)
{
    Children &c = children();
    if (layer == Layer::All) {
        child->m_parent = this;
        c.all.insert(row, child);
    } else if (c.shown) {
        c.shown->insert(row, child);
    }
}

void TreeNode::insertChild(int row, std::unique_ptr<TreeNode> child)
{
    insertChild(Layer::All, row, child.release());
}

void TreeNode::hideChild(TreeNode *child)
{
    if (m_children && m_children->shown) {
        const int row = m_children->shown->rowOf(child);
        if (row >= 0)
            m_children->shown->takeAt(row);
    }
}

std::unique_ptr<TreeNode> TreeNode::takeChild(TreeNode *child)
{
    hideChild(child);
    const int row = m_children->all.rowOf(child);
    if (row < 0)
        return nullptr;
    m_children->all.takeAt(row);
    child->m_parent = nullptr;
    return std::unique_ptr<TreeNode>(child);
}

void TreeNode::setFiltered(bool filtered)
{
    if (filtered) {
        Children &c = children();
        if (c.shown)
            c.shown->clear();
        else
            c.shown = std::make_unique<ChildList>(Layer::Shown);
    } else if (m_children && m_children->shown) {
        m_children->shown->clear();
        m_children->shown.reset();
    }
}

} // namespace desk::tree
