// MemoryItemSource: received items by key, in arrival order.
#include "memoryitemsource.h"

namespace desk {

void MemoryItemSource::put(const ItemBatch &items)
{
    for (const IntegrationItem &item : items) {
        ItemKey key{item.type, item.id};
        auto it = m_items.find(key);
        if (it == m_items.end()) {
            m_order.append(key);
            m_items.insert(std::move(key), item);
        } else {
            it.value() = item;
        }
    }
}

void MemoryItemSource::remove(const ItemKey &key)
{
    if (m_items.remove(key))
        m_order.removeOne(key);
}

void MemoryItemSource::remove(const QVector<ItemKey> &keys)
{
    bool any = false;
    for (const ItemKey &key : keys)
        any |= m_items.remove(key);
    if (any)
        m_order.removeIf([this](const ItemKey &key) { return !m_items.contains(key); });
}

void MemoryItemSource::clear()
{
    m_items.clear();
    m_order.clear();
}

std::optional<IntegrationItem> MemoryItemSource::item(const ItemKey &key) const
{
    const auto it = m_items.constFind(key);
    if (it == m_items.cend())
        return std::nullopt;
    return it.value();
}

QVector<ItemKey> MemoryItemSource::keys() const
{
    return m_order;
}

} // namespace desk
