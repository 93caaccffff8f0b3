// RowStore: compact rows, interned strings, a key index and the folded text
// the filter searches.
#include "tree/rowstore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRows, "desk.ui.tree.rows")

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
    m_slots.assign(1024, Slot());
}

namespace {
// Case folding without allocating for the common (ASCII) text; other text
// goes through QString::toCaseFolded.
void appendFolded(QStringView text, QByteArray &out)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            out += text.toString().toCaseFolded().toUtf8();
            return;
        }
    }
    const qsizetype at = out.size();
    out.resize(at + text.size());
    char *to = out.data() + at;
    for (const QChar c : text) {
        const char ch = char(c.unicode());
        *to++ = ch >= 'A' && ch <= 'Z' ? char(ch + 32) : ch;
    }
}
} // namespace

QByteArray RowStore::fold(QStringView text)
{
    QByteArray out;
    appendFolded(text, out);
    return out;
}

QStringView RowStore::textView(int rowId, int which) const
{
    const Record &r = rec(rowId);
    quint32 offset = r.text;
    for (int i = 0; i < which; ++i)
        offset += r.length[i];
    return QStringView(m_text.at(offset), r.length[which]);
}

QString RowStore::text(int rowId, int which) const
{
    return textView(rowId, which).toString();
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
    // Texts of one row are consecutive in the arena: one allocation, none per cell.
    QStringView texts[kTexts] = {row.name, row.id};
    for (int i = 0; i < ItemRow::kValueSlots; ++i)
        texts[2 + i] = row.values[size_t(i)];
    quint32 total = 0;
    for (int i = 0; i < kTexts; ++i) {
        texts[i] = texts[i].left(kMaxTextLength);
        r.length[i] = quint16(texts[i].size());
        total += r.length[i];
    }
    char16_t *to = m_text.allocate(total, &r.text);
    thread_local QByteArray folded;
    folded.clear();
    for (int i = 0; i < kTexts; ++i) {
        to = std::copy(texts[i].utf16(), texts[i].utf16() + texts[i].size(), to);
        appendFolded(texts[i], folded);
        folded += '\n';
    }
    appendFolded(QStringView(row.parentName).left(kMaxTextLength), folded);
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
    m_slots.assign(1024, Slot());
    std::vector<Slot>().swap(m_oldSlots);
    m_used = m_oldUsed = 0;
    m_moved = 0;
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
    const quint32 hash = hashOf(type, id);
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = m_slots[i];
        if (slot.row == -1)
            return i;
        if (slot.row == -2) {
            if (forInsert)
                return i;
            continue;
        }
        if (!forInsert && slot.hash == hash && rec(slot.row).type == type &&
            textView(slot.row, 1) == id)
            return i;
    }
}

// The slot of a key in the table being moved out of, or npos. Its slots before
// m_moved are all moved (never read again): a probe skips over them.
size_t RowStore::oldSlotOf(quint32 type, QStringView id) const
{
    if (m_oldSlots.empty())
        return kNoSlot;
    const size_t size = m_oldSlots.size(), mask = size - 1;
    const quint32 hash = hashOf(type, id);
    size_t i = qMax(size_t(hash & mask), m_moved);
    for (size_t probes = 0; probes < size; ++probes, i = (i + 1) & mask) {
        if (i < m_moved)
            i = m_moved; // wrapped into the moved part
        const Slot &slot = m_oldSlots[i];
        if (slot.row == -1)
            break;
        if (slot.row >= 0 && slot.hash == hash && rec(slot.row).type == type &&
            textView(slot.row, 1) == id)
            return i;
    }
    return kNoSlot;
}

int RowStore::find(quint32 type, QStringView id) const
{
    const qint32 at = m_slots[slotOf(type, id, false)].row;
    if (at >= 0)
        return at;
    const size_t old = oldSlotOf(type, id);
    return old == kNoSlot ? -1 : m_oldSlots[old].row;
}

void RowStore::indexInsert(int rowId)
{
    moveOldSlots(kSlotsMovedPerInsert);
    if (size_t(m_used + m_oldUsed + 1) * 2 > m_slots.size())
        grow();
    const QStringView id = textView(rowId, 1);
    const size_t slot = slotOf(rec(rowId).type, id, true);
    if (m_slots[slot].row == -1)
        ++m_used;
    m_slots[slot] = {hashOf(rec(rowId).type, id), rowId};
}

void RowStore::indexRemove(int rowId)
{
    const QStringView id = textView(rowId, 1);
    const size_t slot = slotOf(rec(rowId).type, id, false);
    if (m_slots[slot].row == rowId) {
        m_slots[slot].row = -2;
        return;
    }
    const size_t old = oldSlotOf(rec(rowId).type, id);
    if (old != kNoSlot)
        m_oldSlots[old].row = -2;
}

// Doubling the index all at once reads and writes every slot in one go (tens
// of ms at a million rows): the new table takes the old one's entries a few
// slots per insert instead, and lookups meanwhile ask both.
void RowStore::grow()
{
    moveOldSlots(m_oldSlots.size()); // the previous growth, if it is still under way
    qCDebug(lcRows) << "key index growing to" << m_slots.size() * 2 << "slots";
    m_oldSlots.swap(m_slots);
    m_slots.assign(m_oldSlots.size() * 2, Slot());
    m_oldUsed = m_used;
    m_used = 0;
    m_moved = 0;
}

void RowStore::moveOldSlots(size_t count)
{
    if (m_oldSlots.empty())
        return;
    const size_t end = std::min(m_oldSlots.size(), m_moved + count);
    const size_t mask = m_slots.size() - 1;
    for (; m_moved < end; ++m_moved) {
        Slot &slot = m_oldSlots[m_moved];
        if (slot.row == -1)
            continue;
        --m_oldUsed;
        if (slot.row >= 0) {
            size_t i = slot.hash & mask;
            while (m_slots[i].row != -1)
                i = (i + 1) & mask;
            m_slots[i] = slot;
            ++m_used;
        }
        slot.row = -2;
    }
    if (m_moved == m_oldSlots.size()) {
        std::vector<Slot>().swap(m_oldSlots);
        m_oldUsed = 0;
        m_moved = 0;
    }
}

} // namespace desk::tree
