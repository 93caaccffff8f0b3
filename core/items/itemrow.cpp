#include "items/itemrow.h"

namespace desk {

namespace {

QString valueFor(const IntegrationItem &item, const ValueColumn &column)
{
    if (column.parentName)
        return item.parentName;
    const QString property = column.propertyByType.value(item.type);
    if (property.isEmpty())
        return {};
    if (column.preferLabel) {
        const auto label = item.labels.constFind(property);
        if (label != item.labels.cend() && !label.value().isEmpty())
            return label.value();
    }
    const QVariant value = item.properties.value(property);
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QStringLiteral(", "));
    return value.toString();
}

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

} // namespace

ItemRow ItemRow::fromItem(const IntegrationItem &item, const ItemPresentation &presentation)
{
    ItemRow row;
    row.type = item.type;
    row.id = item.id;
    row.name = item.name;
    row.parentType = item.parentType;
    row.parentId = item.parentId;
    row.parentName = item.parentName;
    if (!presentation.groupings.isEmpty()) {
        const QString &target = presentation.groupings.first().associationType;
        if (item.type != target)
            row.groupParentId = item.associations.value(target).value(0);
    }
    const int columns = qMin(int(presentation.columns.size()), kValueSlots);
    for (int i = 0; i < columns; ++i)
        row.values[size_t(i)] = valueFor(item, presentation.columns.at(i));
    row.createdMs = msOf(item.created);
    row.modifiedMs = msOf(item.modified);
    if (const TypePresentation *type = presentation.type(item.type)) {
        if (type->container)
            row.flags |= Container;
        if (type->lazyChildren)
            row.flags |= LazyChildren;
    }
    if (!item.problems.isEmpty())
        row.flags |= HasProblems;
    return row;
}

} // namespace desk
