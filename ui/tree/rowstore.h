#pragma once

// RowStore: the tree's compact copy of every item it shows (ItemRow without the
// per-row QString overhead). Texts live in chunked arenas, repeated strings
// (types, parent ids and names) are interned, and a case-folded copy of the
// searchable text is kept for the filter.

#include "items/itemrow.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringView>
#include <QVector>
#include <memory>
#include <vector>

namespace desk::tree {

// Append-only storage in fixed chunks, so growing never copies what is there
// (a doubling vector of a million rows' texts would briefly need twice the memory).
template <typename T> class ChunkedArena
{
public:
    static constexpr quint32 kChunkBits = 20;
    static constexpr quint32 kChunkSize = 1u << kChunkBits;

    // Room for n consecutive elements (n <= kChunkSize); *offset says where.
    // An allocation never spans two chunks.
    T *allocate(quint32 n, quint32 *offset)
    {
        if (m_chunks.empty() || m_used.back() + n > kChunkSize) {
            m_chunks.emplace_back(new T[kChunkSize]);
            m_used.push_back(0);
        }
        *offset = quint32(m_chunks.size() - 1) << kChunkBits | m_used.back();
        T *at = m_chunks.back().get() + m_used.back();
        m_used.back() += n;
        m_size += n;
        return at;
    }
    quint32 append(const T *data, quint32 n)
    {
        quint32 offset = 0;
        std::copy(data, data + n, allocate(n, &offset));
        return offset;
    }
    const T *at(quint32 offset) const
    {
        return m_chunks[offset >> kChunkBits].get() + (offset & (kChunkSize - 1));
    }
    int chunkCount() const { return int(m_chunks.size()); }
    const T *chunk(int i) const { return m_chunks[size_t(i)].get(); }
    quint32 chunkUsed(int i) const { return m_used[size_t(i)]; }
    quint64 size() const { return m_size; }
    void clear()
    {
        m_chunks.clear();
        m_used.clear();
        m_size = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::vector<quint32> m_used;
    quint64 m_size = 0;
};

// A vector in fixed blocks: growing never moves what is there (a million
// records copied at a doubling would stall the window).
template <typename T> class ChunkedVector
{
public:
    static constexpr size_t kBits = 16;
    static constexpr size_t kSize = size_t(1) << kBits;
    T &operator[](size_t i) { return m_chunks[i >> kBits][i & (kSize - 1)]; }
    const T &operator[](size_t i) const { return m_chunks[i >> kBits][i & (kSize - 1)]; }
    size_t size() const { return m_size; }
    T &emplace_back()
    {
        if ((m_size & (kSize - 1)) == 0 && (m_size >> kBits) >= m_chunks.size())
            m_chunks.emplace_back(new T[kSize]());
        T &at = (*this)[m_size++];
        at = T();
        return at;
    }
    T &back() { return (*this)[m_size - 1]; }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    size_t m_size = 0;
};

// Strings that repeat across rows (types, parent ids, names of parents) stored once.
class StringPool
{
public:
    StringPool() { m_strings.append(QString()); }
    quint32 intern(const QString &text);
    quint32 find(const QString &text) const { return text.isEmpty() ? 0 : m_ids.value(text, 0); }
    const QString &at(quint32 id) const { return m_strings.at(int(id)); }
    int size() const { return int(m_strings.size()); }
    void clear();

private:
    QVector<QString> m_strings;
    QHash<QString, quint32> m_ids;
};

class RowStore
{
public:
    static constexpr int kTexts = 2 + ItemRow::kValueSlots; // name, id, values
    static constexpr int kMaxTextLength = 2000; // per cell; the details pane has the rest

    RowStore();

    // Adds the row, or replaces the row with the same type and id. Returns its
    // id (stable until clear()); *existed tells which.
    int put(const ItemRow &row, bool *existed = nullptr);
    void remove(int rowId);
    void clear();

    int find(const ItemKey &key) const;
    int find(quint32 type, QStringView id) const;
    int capacity() const { return int(m_records.size()); } // row ids are below this
    int liveCount() const { return m_live; }
    bool isAlive(int rowId) const { return rowId >= 0 && rowId < capacity() && rec(rowId).alive; }

    quint32 typeId(int rowId) const { return rec(rowId).type; }
    const QString &type(int rowId) const { return m_pool.at(rec(rowId).type); }
    QString id(int rowId) const { return text(rowId, 1); }
    QString name(int rowId) const { return text(rowId, 0); }
    QString displayName(int rowId) const; // the name, else the id
    QString value(int rowId, int slot) const { return text(rowId, 2 + slot); }
    quint32 parentTypeId(int rowId) const { return rec(rowId).parentType; }
    quint32 parentIdId(int rowId) const { return rec(rowId).parentId; }
    quint32 groupParentIdId(int rowId) const { return rec(rowId).groupParentId; }
    const QString &parentName(int rowId) const { return m_pool.at(rec(rowId).parentName); }
    qint64 createdMs(int rowId) const { return rec(rowId).created; }
    qint64 modifiedMs(int rowId) const { return rec(rowId).modified; }
    quint8 flags(int rowId) const { return rec(rowId).flags; }
    ItemKey key(int rowId) const { return {type(rowId), id(rowId)}; }
    ItemRow row(int rowId) const;

    const StringPool &strings() const { return m_pool; }
    StringPool &strings() { return m_pool; }

    // The filter's view of the rows: case-folded UTF-8 of name, id, values and
    // parent name, separated by '\n', one segment per live row in the arena.
    QByteArrayView folded(int rowId) const;
    const ChunkedArena<char> &foldedArena() const { return m_folded; }
    // Row whose current segment starts at `offset`, or -1 (replaced or removed).
    // Segments are in arena order: segmentStart(i) increases with i.
    int segmentCount() const { return int(m_segStart.size()); }
    quint32 segmentStart(int i) const { return m_segStart[size_t(i)]; }
    int segmentRow(int i) const { return m_segRow[size_t(i)]; }
    static QByteArray fold(QStringView text);

private:
    struct Record
    {
        quint32 text = 0;
        quint16 length[kTexts] = {};
        quint32 folded = 0;
        quint32 foldedLength = 0;
        quint32 segment = 0;
        quint32 type = 0, parentType = 0, parentId = 0, parentName = 0, groupParentId = 0;
        qint64 created = 0, modified = 0;
        quint8 flags = 0;
        bool alive = false;
    };
    const Record &rec(int rowId) const { return m_records[size_t(rowId)]; }
    struct Slot
    {
        quint32 hash = 0;
        qint32 row = -1; // -1 empty, -2 removed
    };
    static quint32 hashOf(quint32 type, QStringView id)
    {
        return quint32(qHash(id) ^ (size_t(type) * 0x9E3779B97F4A7C15ull));
    }
    QString text(int rowId, int which) const;
    QStringView textView(int rowId, int which) const;
    void write(Record &record, const ItemRow &row, int rowId);
    void indexInsert(int rowId);
    void indexRemove(int rowId);
    void grow();
    void moveOldSlots(size_t count);
    size_t slotOf(quint32 type, QStringView id, bool forInsert) const;
    size_t oldSlotOf(quint32 type, QStringView id) const; // kNoSlot when not there
    static constexpr size_t kNoSlot = ~size_t(0);
    // Old slots moved into the grown table per insert: all of them are moved
    // long before the new table is half full.
    static constexpr size_t kSlotsMovedPerInsert = 8;

    ChunkedVector<Record> m_records;
    ChunkedArena<char16_t> m_text;
    ChunkedArena<char> m_folded;
    std::vector<quint32> m_segStart;
    std::vector<qint32> m_segRow;
    StringPool m_pool;
    std::vector<Slot> m_slots; // open addressing, hashes kept: growing reads no row
    int m_used = 0;            // slots not empty
    // While the index grows: the old table, its slots not empty and not yet
    // moved (counted against the new table's room), and how far moving got.
    std::vector<Slot> m_oldSlots;
    int m_oldUsed = 0;
    size_t m_moved = 0;
    int m_live = 0;
};

} // namespace desk::tree
