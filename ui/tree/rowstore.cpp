// RowStore: compact rows, interned strings, a key index and the folded text
// the filter searches.
#include "tree/rowstore.h"

namespace desk::tree {

quint32 StringPool::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const auto it = m_ids.constFind(text);
    if (it != m_ids.cend())
        return it.value();
    const quint32 id = quint32(m_strings.size());
    m_strings.append(text);
    m_ids.insert(text, id);
    return id;
}

void StringPool::clear()
{
    m_strings.clear();
    m_strings.append(QString());
    m_ids.clear();
}

RowStore::RowStore()
{
    m_slots.assign(1024, -1);
}

QByteArray RowStore::fold(QStringView text)
{
    return text.toString().toCaseFolded().toUtf8();
}

QString RowStore::text(int rowId, int which) const
{
    const Record &r = rec(rowId);
    quint32 offset = r.text;
    for (int i = 0; i < which; ++i)
        offset += r.length[i];
    return QString(reinterpret_cast<const QChar *>(m_text.at(offset)), r.length[which]);
}

QString RowStore::displayName(int rowId) const
{
    return rec(rowId).length[0] > 0 ? name(rowId) : id(rowId);
}

QByteArrayView RowStore::folded(int rowId) const
{
    const Record &r = rec(rowId);
    return QByteArrayView(m_folded.at(r.folded), qsizetype(r.foldedLength));
}

ItemRow RowStore::row(int rowId) const
{
    const Record &r = rec(rowId);
    ItemRow row;
    row.type = m_pool.at(r.type);
    row.id = id(rowId);
    row.name = name(rowId);
    row.parentType = m_pool.at(r.parentType);
    row.parentId = m_pool.at(r.parentId);
    row.parentName = m_pool.at(r.parentName);
    row.groupParentId = m_pool.at(r.groupParentId);
    for (int i = 0; i < ItemRow::kValueSlots; ++i)
        row.values[size_t(i)] = value(rowId, i);
    row.createdMs = r.created;
    row.modifiedMs = r.modified;
    row.flags = r.flags;
    return row;
}

void RowStore::write(Record &r, const ItemRow &row, int rowId)
{
    // Texts of one row are consecutive in the arena: one append, no per-cell allocation.
    QStringView texts[kTexts] = {row.name, row.id};
    for (int i = 0; i < ItemRow::kValueSlots; ++i)
        texts[2 + i] = row.values[size_t(i)];
    QString joined;
    QString search;
    for (int i = 0; i < kTexts; ++i) {
        const QStringView t = texts[i].left(kMaxTextLength);
        r.length[i] = quint16(t.size());
        joined += t;
        search += t;
        search += QLatin1Char('\n');
    }
    search += QStringView(row.parentName).left(kMaxTextLength);
    r.text = m_text.append(reinterpret_cast<const char16_t *>(joined.constData()),
                           quint32(joined.size()));
    const QByteArray folded = fold(search);
    r.folded = m_folded.append(folded.constData(), quint32(folded.size()));
    r.foldedLength = quint32(folded.size());
    if (r.alive)
        m_segRow[r.segment] = -1; // the old text stays in the arena, unowned
    r.segment = quint32(m_segStart.size());
    m_segStart.push_back(r.folded);
    m_segRow.push_back(rowId);
    r.type = m_pool.intern(row.type);
    r.parentType = m_pool.intern(row.parentType);
    r.parentId = m_pool.intern(row.parentId);
    r.parentName = m_pool.intern(row.parentName);
    r.groupParentId = m_pool.intern(row.groupParentId);
    r.created = row.createdMs;
    r.modified = row.modifiedMs;
    r.flags = row.flags;
    r.alive = true;
}

int RowStore::put(const ItemRow &row, bool *existed)
{
    const quint32 type = m_pool.find(row.type);
    int rowId = type == 0 && !row.type.isEmpty() ? -1 : find(type, row.id);
    if (existed)
        *existed = rowId >= 0;
    if (rowId >= 0) {
        write(m_records[size_t(rowId)], row, rowId);
        return rowId;
    }
    rowId = int(m_records.size());
    m_records.emplace_back();
    write(m_records.back(), row, rowId);
    ++m_live;
    indexInsert(rowId);
    return rowId;
}

void RowStore::remove(int rowId)
{
    if (!isAlive(rowId))
        return;
    indexRemove(rowId);
    Record &r = m_records[size_t(rowId)];
    m_segRow[r.segment] = -1;
    r.alive = false;
    --m_live;
}

void RowStore::clear()
{
    m_records.clear();
    m_text.clear();
    m_folded.clear();
    m_segStart.clear();
    m_segRow.clear();
    m_pool.clear();
    m_slots.assign(1024, -1);
    m_used = 0;
    m_live = 0;
}

int RowStore::find(const ItemKey &key) const
{
    const quint32 type = m_pool.find(key.type);
    if (type == 0 && !key.type.isEmpty())
        return -1;
    return find(type, key.id);
}

// ---------------------------------------------------------------- key index

size_t RowStore::slotOf(quint32 type, QStringView id, bool forInsert) const
{
    const size_t mask = m_slots.size() - 1;
    size_t i = (qHash(id) ^ (size_t(type) * 0x9E3779B97F4A7C15ull)) & mask;
    for (;; i = (i + 1) & mask) {
        const qint32 at = m_slots[i];
        if (at == -1)
            return i;
        if (at == -2) {
            if (forInsert)
                return i;
            continue;
        }
        if (!forInsert && m_records[size_t(at)].type == type && this->id(at) == id)
            return i;
    }
}

int RowStore::find(quint32 type, QStringView id) const
{
    const qint32 at = m_slots[slotOf(type, id, false)];
    return at >= 0 ? at : -1;
}

void RowStore::indexInsert(int rowId)
{
    if (size_t(m_used + 1) * 2 > m_slots.size())
        grow();
    const size_t slot = slotOf(rec(rowId).type, id(rowId), true);
    if (m_slots[slot] == -1)
        ++m_used;
    m_slots[slot] = rowId;
}

void RowStore::indexRemove(int rowId)
{
    const size_t slot = slotOf(rec(rowId).type, id(rowId), false);
    if (m_slots[slot] == rowId)
        m_slots[slot] = -2;
}

void RowStore::grow()
{
    std::vector<qint32> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, -1);
    m_used = 0;
    for (qint32 rowId : old)
        if (rowId >= 0) {
            m_slots[slotOf(rec(rowId).type, id(rowId), true)] = rowId;
            ++m_used;
        }
}

} // namespace desk::tree
