// MemoryItemSource: received items by key, in arrival order.
#include "memoryitemsource.h"

#include <QSet>
#include <algorithm>

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
    remove(QVector<ItemKey>{key});
}

// Removal only forgets the item: the order list is compacted once it holds as
// many dropped keys as live ones, so removing page after page stays cheap.
void MemoryItemSource::remove(const QVector<ItemKey> &keys)
{
    for (const ItemKey &key : keys)
        m_dropped += m_items.remove(key) ? 1 : 0;
    if (m_dropped > 0 && m_dropped >= m_items.size())
        compact();
}

void MemoryItemSource::compact()
{
    m_order = liveOrder();
    m_dropped = 0;
}

// A key removed and put again stands where it was put last.
QVector<ItemKey> MemoryItemSource::liveOrder() const
{
    QSet<ItemKey> seen;
    QVector<ItemKey> order;
    order.reserve(m_items.size());
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it)
        if (m_items.contains(*it) && !seen.contains(*it)) {
            seen.insert(*it);
            order.append(*it);
        }
    std::reverse(order.begin(), order.end());
    return order;
}

void MemoryItemSource::clear()
{
    m_items.clear();
    m_order.clear();
    m_dropped = 0;
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
    return m_dropped > 0 ? liveOrder() : m_order;
}

} // namespace desk
