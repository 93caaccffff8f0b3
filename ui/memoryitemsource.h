#pragma once

// MemoryItemSource: the items the window received, kept in memory for the
// details pane, JSON and export. Stands in for the item store (core/store),
// which implements ItemSource from its SQLite file.

#include "items/itemsource.h"

#include <QHash>

namespace desk {

class MemoryItemSource : public ItemSource
{
public:
    void put(const ItemBatch &items);
    void remove(const ItemKey &key);
    void remove(const QVector<ItemKey> &keys);
    void clear();
    int size() const { return int(m_items.size()); }
    bool contains(const ItemKey &key) const { return m_items.contains(key); }

    std::optional<IntegrationItem> item(const ItemKey &key) const override;
    QVector<ItemKey> keys() const override;

private:
    void compact();
    QVector<ItemKey> liveOrder() const;

    QHash<ItemKey, IntegrationItem> m_items;
    QVector<ItemKey> m_order; // arrival; may still hold removed keys (m_dropped of them)
    int m_dropped = 0;
};

} // namespace desk
