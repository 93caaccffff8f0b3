#pragma once

// SortKeys: one precomputed key per row for the column the tree is sorted by,
// so that comparing two rows is an integer compare and, rarely, a memcmp.
// Text keys are ICU collation keys for the user's locale (computed once per
// row and column), numbers and dates are order-preserving integers.

#include "tree/rowstore.h"

#include <QString>
#include <QStringView>
#include <vector>

struct UCollator;

namespace desk::tree {

struct SortKey
{
    quint64 prefix = 0; // the first 8 bytes of a text key, or a number, or a time
    quint32 tail = 0;   // rest of a text key in the arena
    quint32 tailLength = 0;
};

class Collator
{
public:
    Collator(); // the default locale
    ~Collator();
    Collator(const Collator &) = delete;
    Collator &operator=(const Collator &) = delete;
    // Appends the collation key of `text` to `out`.
    void key(QStringView text, QByteArray &out) const;

private:
    UCollator *m_collator = nullptr;
};

class SortKeys
{
public:
    enum class Kind
    {
        Text,
        Number, // numbers first, in order; text after them
        Time,
    };

    SortKeys();
    ~SortKeys();

    void clear();
    void setRowKey(int rowId, const SortKey &key);
    const SortKey &rowKey(int rowId) const { return m_rows[size_t(rowId)]; }
    bool hasRow(int rowId) const { return size_t(rowId) < m_rows.size(); }

    SortKey text(QStringView text);
    SortKey number(QStringView text); // a number if it reads as one, else text
    static SortKey time(qint64 ms);

    int compare(const SortKey &a, const SortKey &b) const;
    // The bytes of a text key after its prefix (key.tailLength of them).
    const char *tailData(const SortKey &key) const { return m_tails.at(key.tail); }
    // For a copy (SortSnapshot): every row's key, and the tail arena's chunks
    // (a key's tail offset says chunk and place, as in ChunkedArena).
    const std::vector<SortKey> &rowKeys() const { return m_rows; }
    const ChunkedArena<char> &tails() const { return m_tails; }

private:
    SortKey fromBytes(const QByteArray &bytes, quint64 prefixOverride, bool overridePrefix);

    Collator m_collator;
    std::vector<SortKey> m_rows;
    ChunkedArena<char> m_tails;
    QByteArray m_scratch;
};

} // namespace desk::tree
