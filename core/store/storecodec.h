#pragma once

// How an IntegrationItem is laid out in the store: the typed columns (the
// item's ItemRow), the rest as one JSON document, and the hash that tells
// whether a delivered item differs from the stored one.

#include "items/integrationitem.h"
#include "items/itempresentation.h"
#include "items/itemrow.h"

#include <QByteArray>
#include <QVariant>
#include <optional>

namespace desk::store {

struct StoredItem
{
    ItemRow row;                     // the typed columns
    std::optional<qint64> createdMs; // unset = unknown (row.createdMs is then 0)
    std::optional<qint64> modifiedMs;
    QByteArray body; // compact JSON: url, properties, labels, associations, problems
    qint64 hash = 0; // of everything above except the presentation-dependent row columns
};

StoredItem encodeItem(const IntegrationItem &item, const ItemPresentation &presentation);

// The item back from its columns. A body that cannot be parsed gives the item's
// identity with a problem saying so, never nothing.
IntegrationItem decodeItem(const ItemRow &row, std::optional<qint64> createdMs,
                           std::optional<qint64> modifiedMs, const QByteArray &body);

// Changes exactly when rows computed with `presentation` could change (types'
// container flags, the value columns' properties, the first grouping), not when
// only translated titles do.
QByteArray presentationFingerprint(const ItemPresentation &presentation);

// Property values as the providers put them (QString, QStringList, null, numbers,
// booleans) survive a trip through JSON with their types.
QJsonValue propertyToJson(const QVariant &value);
QVariant propertyFromJson(const QJsonValue &value);

} // namespace desk::store
