#pragma once

#include "items/integrationitem.h"
#include "items/itemrow.h"

#include <QVector>
#include <optional>

namespace desk {

// Where the full item behind a tree row comes from (details pane, JSON, export,
// the loader's fetchChildren). The tree keeps compact ItemRows only; the item
// store implements this, and until it does the window keeps the items it
// received in memory.
class ItemSource
{
public:
    virtual ~ItemSource() = default;

    virtual std::optional<IntegrationItem> item(const ItemKey &key) const = 0;
    // Every item, in the order the source keeps them (export all).
    virtual QVector<ItemKey> keys() const = 0;
};

} // namespace desk
