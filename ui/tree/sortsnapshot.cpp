// SortSnapshot: large sibling lists' keys copied, sorted on a worker, applied.
#include "tree/sortsnapshot.h"

#include "tree/treenode.h"

#include <algorithm>
#include <cstring>

namespace desk::tree {

bool SortSnapshot::addList(ChildList &list, const SortKeys &keys)
{
    const qsizetype tailsBefore = m_tails.size();
    List copy{&list, {}, {}};
    copy.nodes.reserve(size_t(list.size()));
    copy.entries.reserve(size_t(list.size()));
    bool leavesOnly = true;
    list.forEach(0, list.size(), [&](TreeNode *node, qint32 leafRow) {
        if (leafRow < 0 || !leavesOnly) {
            leavesOnly = false;
            return;
        }
        const SortKey &key = keys.rowKey(leafRow);
        const auto tail = quint32(m_tails.size());
        if (key.tailLength > 0)
            m_tails.append(keys.tailData(key), qsizetype(key.tailLength));
        copy.entries.push_back(
            {key.prefix, tail, key.tailLength, leafRow, quint32(copy.nodes.size())});
        copy.nodes.push_back(node);
    });
    if (!leavesOnly) {
        m_tails.truncate(tailsBefore);
        return false;
    }
    m_rows += list.size();
    m_lists.push_back(std::move(copy));
    return true;
}

bool SortSnapshot::contains(const ChildList *list) const
{
    return std::any_of(m_lists.begin(), m_lists.end(),
                       [list](const List &l) { return l.list == list; });
}

int SortSnapshot::compare(const Entry &a, const Entry &b) const
{
    // As SortKeys::compare, on the copied tails.
    if (a.prefix != b.prefix)
        return a.prefix < b.prefix ? -1 : 1;
    if (a.tailLength == 0 || b.tailLength == 0)
        return a.tailLength == b.tailLength ? 0 : (a.tailLength == 0 ? -1 : 1);
    const char *tails = m_tails.constData();
    const int c = std::memcmp(tails + a.tail, tails + b.tail, std::min(a.tailLength, b.tailLength));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.tailLength == b.tailLength ? 0 : (a.tailLength < b.tailLength ? -1 : 1);
}

void SortSnapshot::sort(bool ascending)
{
    for (List &list : m_lists)
        std::sort(list.entries.begin(), list.entries.end(), [&](const Entry &a, const Entry &b) {
            const int c = compare(a, b);
            if (c != 0)
                return ascending ? c < 0 : c > 0;
            return a.row < b.row;
        });
}

void SortSnapshot::apply()
{
    std::vector<TreeNode *> order;
    for (List &list : m_lists) {
        order.clear();
        order.reserve(list.entries.size());
        for (const Entry &entry : list.entries)
            order.push_back(list.nodes[entry.node]);
        list.list->assign(order);
    }
}

} // namespace desk::tree
