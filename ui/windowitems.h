#pragma once

// WindowItems: the full items behind one integration's rows, for the details
// pane, Copy JSON, children and export. The account's store holds them and is
// read on demand; only what the store does not hold yet stays in memory: the
// items of the running load until their page is written, and items
// that reached the window outside a load or could not be stored. Without a
// store (not connected) everything stays in memory.

#include "exportrunner.h"
#include "memoryitemsource.h"
#include "store/storeitemsource.h"

#include <QSet>
#include <memory>
#include <optional>

namespace desk {

class ItemStore;

class WindowItems : public ItemSource
{
public:
    void setStore(const ItemStore *store);
    const ItemStore *store() const { return m_store.store(); }

    void beginLoad();
    // `stored`: every item of the load is in the store now, so memory lets go of them.
    void endLoad(bool stored);
    void put(const ItemBatch &items);
    // The store holds these now: memory lets go of the load's copies.
    void stored(const QVector<ItemKey> &keys);
    void remove(const QVector<ItemKey> &keys);
    void clear();

    // Held in memory (newer than, or missing from, the store).
    bool inMemory(const ItemKey &key) const;
    int memoryCount() const { return m_loading.size() + m_kept.size(); }

    std::optional<IntegrationItem> item(const ItemKey &key) const override;
    // The keys held in memory, in arrival order (the stored ones come from the store's readers).
    QVector<ItemKey> keys() const override;

    // Every item (`only` unset) or only those of `only`, for a worker thread:
    // the stored ones through a cursor of their own, then the ones in memory.
    std::unique_ptr<ExportSource> exportSource(std::optional<QSet<ItemKey>> only) const;

private:
    StoreItemSource m_store;
    MemoryItemSource m_loading; // of the running load, until it is stored
    MemoryItemSource m_kept;    // nowhere else
    bool m_inLoad = false;
};

} // namespace desk
