// SortSnapshot: large sibling lists' keys copied, sorted on a worker, applied.
#include "tree/sortsnapshot.h"

#include "tree/treenode.h"

#include <algorithm>
#include <cstring>

namespace desk::tree {

SortSnapshot::SortSnapshot(const SortKeys &keys) : m_keyCopy(keys.rowKeys()), m_keys(&m_keyCopy)
{
    const ChunkedArena<char> &tails = keys.tails();
    m_tailChunks.reserve(size_t(tails.chunkCount()));
    for (int i = 0; i < tails.chunkCount(); ++i)
        m_tailChunks.emplace_back(tails.chunk(i), qsizetype(tails.chunkUsed(i)));
}

SortSnapshot::SortSnapshot(std::unique_ptr<SortKeys> keys)
    : m_ownKeys(std::move(keys)), m_keys(&m_ownKeys->rowKeys())
{
    const ChunkedArena<char> &tails = m_ownKeys->tails();
    m_tailChunks.reserve(size_t(tails.chunkCount()));
    for (int i = 0; i < tails.chunkCount(); ++i)
        m_tailChunks.push_back(
            QByteArray::fromRawData(tails.chunk(i), qsizetype(tails.chunkUsed(i))));
}

bool SortSnapshot::addList(ChildList &list)
{
    List copy{&list, {}, {}, {}};
    copy.nodes.reserve(size_t(list.size()));
    copy.rows.reserve(size_t(list.size()));
    bool leavesOnly = true;
    list.forEach(0, list.size(), [&](TreeNode *node, qint32 leafRow) {
        leavesOnly = leavesOnly && leafRow >= 0 && size_t(leafRow) < m_keys->size();
        copy.nodes.push_back(node);
        copy.rows.push_back(leafRow);
    });
    if (!leavesOnly)
        return false;
    m_rows += list.size();
    m_lists.push_back(std::move(copy));
    return true;
}

bool SortSnapshot::contains(const ChildList *list) const
{
    return std::any_of(m_lists.begin(), m_lists.end(),
                       [list](const List &l) { return l.list == list; });
}

const char *SortSnapshot::tail(const SortKey &key) const
{
    using Arena = ChunkedArena<char>;
    return m_tailChunks[key.tail >> Arena::kChunkBits].constData() +
           (key.tail & (Arena::kChunkSize - 1));
}

int SortSnapshot::compare(const SortKey &a, const SortKey &b) const
{
    // As SortKeys::compare, on the copied tails.
    if (a.prefix != b.prefix)
        return a.prefix < b.prefix ? -1 : 1;
    if (a.tailLength == 0 || b.tailLength == 0)
        return a.tailLength == b.tailLength ? 0 : (a.tailLength == 0 ? -1 : 1);
    const int c = std::memcmp(tail(a), tail(b), std::min(a.tailLength, b.tailLength));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.tailLength == b.tailLength ? 0 : (a.tailLength < b.tailLength ? -1 : 1);
}

void SortSnapshot::sort(bool ascending)
{
    struct Entry
    {
        SortKey key;
        qint32 row;
        quint32 at;
    };
    std::vector<Entry> entries;
    for (List &list : m_lists) {
        entries.clear();
        entries.reserve(list.rows.size());
        for (size_t i = 0; i < list.rows.size(); ++i)
            entries.push_back({(*m_keys)[size_t(list.rows[i])], list.rows[i], quint32(i)});
        std::sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
            const int c = compare(a.key, b.key);
            if (c != 0)
                return ascending ? c < 0 : c > 0;
            return a.row < b.row;
        });
        // Gathered and made into blocks here too: the UI thread then only
        // writes each node's block pointer.
        std::vector<TreeNode *> nodes;
        std::vector<qint32> rows;
        nodes.reserve(entries.size());
        rows.reserve(entries.size());
        for (const Entry &entry : entries) {
            nodes.push_back(list.nodes[entry.at]);
            rows.push_back(entry.row);
        }
        std::vector<TreeNode *>().swap(list.nodes);
        std::vector<qint32>().swap(list.rows);
        list.sorted = ChildList::prepare(nodes, rows);
    }
}

void SortSnapshot::apply()
{
    for (List &list : m_lists)
        list.list->adopt(list.sorted);
}

} // namespace desk::tree
