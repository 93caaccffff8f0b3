// WindowItems: full items from the account's store, and from memory what the store lacks.
#include "windowitems.h"

#include "store/itemstore.h"

namespace desk {

namespace {

// The stored items (a cursor opened on the worker thread on its first read),
// leaving out those memory holds a newer copy of, then the items in memory.
class WindowExportSource : public ExportSource
{
public:
    WindowExportSource(std::unique_ptr<ItemCursor> cursor, QVector<ItemKey> memoryKeys,
                       std::function<std::optional<IntegrationItem>(const ItemKey &)> lookup)
        : m_cursor(std::move(cursor))
        , m_inMemory(memoryKeys.cbegin(), memoryKeys.cend())
        , m_memory(std::move(memoryKeys), std::move(lookup))
    {}

    Result<ItemBatch> next(int max) override
    {
        while (m_cursor) {
            Result<ItemBatch> batch = m_cursor->next(max);
            if (!batch.ok())
                return batch;
            if (batch.value().isEmpty()) {
                m_cursor.reset(); // the connection closes on the worker thread that used it
                break;
            }
            ItemBatch items = std::move(batch).value();
            items.removeIf([this](const IntegrationItem &item) {
                return m_inMemory.contains(ItemKey{item.type, item.id});
            });
            if (!items.isEmpty())
                return items;
        }
        return m_memory.next(max);
    }

private:
    std::unique_ptr<ItemCursor> m_cursor;
    QSet<ItemKey> m_inMemory;
    KeyedExportSource m_memory;
};

} // namespace

void WindowItems::setStore(const ItemStore *store)
{
    m_store.setStore(store);
}

void WindowItems::beginLoad()
{
    m_inLoad = true;
}

void WindowItems::endLoad(bool stored)
{
    m_inLoad = false;
    if (stored && m_store.store()) {
        m_loading.clear();
        return;
    }
    // Not (all) written: memory stays where they are read from.
    ItemBatch unstored;
    for (const ItemKey &key : m_loading.keys())
        unstored.append(*m_loading.item(key));
    m_kept.put(unstored);
    m_loading.clear();
}

void WindowItems::put(const ItemBatch &items)
{
    (m_inLoad ? m_loading : m_kept).put(items);
}

void WindowItems::stored(const QVector<ItemKey> &keys)
{
    if (m_store.store())
        m_loading.remove(keys);
}

void WindowItems::remove(const QVector<ItemKey> &keys)
{
    m_loading.remove(keys);
    m_kept.remove(keys);
}

void WindowItems::clear()
{
    m_loading.clear();
    m_kept.clear();
}

bool WindowItems::inMemory(const ItemKey &key) const
{
    return m_loading.contains(key) || m_kept.contains(key);
}

std::optional<IntegrationItem> WindowItems::item(const ItemKey &key) const
{
    if (std::optional<IntegrationItem> found = m_loading.item(key))
        return found;
    if (std::optional<IntegrationItem> found = m_kept.item(key))
        return found;
    return m_store.item(key);
}

QVector<ItemKey> WindowItems::keys() const
{
    QVector<ItemKey> keys = m_kept.keys();
    for (const ItemKey &key : m_loading.keys())
        if (!m_kept.contains(key))
            keys.append(key);
    return keys;
}

std::unique_ptr<ExportSource> WindowItems::exportSource(std::optional<QSet<ItemKey>> only) const
{
    QStringList types;
    if (only) {
        QSet<QString> seen;
        for (const ItemKey &key : *only)
            seen.insert(key.type);
        types = QStringList(seen.cbegin(), seen.cend());
    }
    std::unique_ptr<ItemCursor> cursor;
    if (m_store.store() && (!only || !only->isEmpty()))
        cursor = m_store.store()->itemCursor(types);
    // Copies of implicitly shared containers: safe to read on the worker thread.
    const MemoryItemSource loading = m_loading;
    const MemoryItemSource kept = m_kept;
    QVector<ItemKey> memoryKeys = keys();
    if (only)
        memoryKeys.removeIf([&only](const ItemKey &key) { return !only->contains(key); });
    return std::make_unique<WindowExportSource>(
        std::move(cursor), std::move(memoryKeys),
        [loading, kept](const ItemKey &key) -> std::optional<IntegrationItem> {
            if (std::optional<IntegrationItem> found = loading.item(key))
                return found;
            return kept.item(key);
        });
}

} // namespace desk
