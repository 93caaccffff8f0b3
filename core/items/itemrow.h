#pragma once

#include "items/integrationitem.h"
#include "items/itempresentation.h"

#include <QMetaType>
#include <QString>
#include <QVector>
#include <array>

namespace desk {

// The compact form of an item that the tree keeps in memory: identity, name,
// parent, the value columns already resolved to text, dates and flags. The
// item's properties, labels, associations and JSON stay in the store and are
// read on demand (details pane, export).
struct ItemRow
{
    static constexpr int kValueSlots = 4;
    enum Flag : quint8
    {
        Container = 1,    // can have children
        LazyChildren = 2, // children loaded when opened
        HasProblems = 4,  // something about the item could not be read (item.problems)
    };

    QString type;
    QString id;
    QString name;
    QString parentType;
    QString parentId;
    QString parentName;
    QString groupParentId; // the first associated item of the presentation's first grouping
    std::array<QString, kValueSlots> values;
    qint64 createdMs = 0; // ms since the epoch, UTC; 0 = unknown
    qint64 modifiedMs = 0;
    quint8 flags = 0;

    bool has(Flag flag) const { return (flags & flag) != 0; }

    // The row for `item` as `presentation` shows it.
    static ItemRow fromItem(const IntegrationItem &item, const ItemPresentation &presentation);
};

using RowBatch = QVector<ItemRow>;

// An item's identity across types.
struct ItemKey
{
    QString type;
    QString id;
    bool operator==(const ItemKey &other) const { return type == other.type && id == other.id; }
};
inline size_t qHash(const ItemKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.type, key.id);
}

} // namespace desk

Q_DECLARE_METATYPE(desk::ItemRow)
Q_DECLARE_METATYPE(desk::RowBatch)
Q_DECLARE_METATYPE(desk::ItemKey)
