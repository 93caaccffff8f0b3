#pragma once

// StoreItemSource: an account's ItemStore seen as an ItemSource — full items
// looked up by key in the store, on the thread that owns the store. Whole-store
// reads (export, the tree) use ItemStore::itemCursor and readRows instead, off
// the UI thread; keys() is therefore empty.

#include "items/itemsource.h"

#include <QPointer>

namespace desk {

class ItemStore;

class StoreItemSource : public ItemSource
{
public:
    explicit StoreItemSource(const ItemStore *store = nullptr);
    void setStore(const ItemStore *store);
    const ItemStore *store() const;

    // Nothing when there is no store, the key is not stored or the read failed
    // (the store reports a damaged file itself).
    std::optional<IntegrationItem> item(const ItemKey &key) const override;
    QVector<ItemKey> keys() const override { return {}; }

private:
    QPointer<const ItemStore> m_store;
};

} // namespace desk
