// StoreItemSource: full items by key from an account's ItemStore.
#include "store/storeitemsource.h"

#include "store/itemstore.h"

namespace desk {

StoreItemSource::StoreItemSource(const ItemStore *store) : m_store(store) {}

void StoreItemSource::setStore(const ItemStore *store)
{
    m_store = store;
}

const ItemStore *StoreItemSource::store() const
{
    return m_store.data();
}

std::optional<IntegrationItem> StoreItemSource::item(const ItemKey &key) const
{
    if (!m_store)
        return std::nullopt;
    const auto found = m_store->item(key);
    return found.ok() ? found.value() : std::nullopt;
}

} // namespace desk
