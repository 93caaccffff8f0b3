#include "itemfilterproxymodel.h"

#include "itemtreemodel.h"

#include <QDateTime>

namespace desk {

ItemFilterProxyModel::ItemFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(true);
    setSortRole(ItemTreeModel::SortRole);
    setFilterRole(ItemTreeModel::FilterRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void ItemFilterProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    m_words =
        trimmed.isEmpty() ? QStringList() : trimmed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool ItemFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString haystack = index.data(ItemTreeModel::FilterRole).toString();
    if (haystack.isEmpty())
        return false; // groups: shown only through matching children (recursive filtering)
    for (const QString &word : m_words)
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    return true;
}

bool ItemFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Fast path: compare the nodes directly (no QVariant per comparison).
    if (const auto *model = qobject_cast<const ItemTreeModel *>(sourceModel())) {
        const ItemTreeNode *l = model->nodeFromIndex(left);
        const ItemTreeNode *r = model->nodeFromIndex(right);
        if (l && r) {
            const int leftRank = model->groupRank(l);
            const int rightRank = model->groupRank(r);
            if ((leftRank >= 0 || rightRank >= 0) && leftRank != rightRank) {
                // Groups keep their natural order in both sort directions.
                const bool less = leftRank < rightRank;
                return sortOrder() == Qt::AscendingOrder ? less : !less;
            }
            const int c = model->compareForSort(l, r, left.column());
            if (c != 0)
                return c < 0;
            return left.row() < right.row(); // stable
        }
    }

    const int leftRank = left.data(ItemTreeModel::GroupRankRole).toInt();
    const int rightRank = right.data(ItemTreeModel::GroupRankRole).toInt();
    if ((leftRank >= 0 || rightRank >= 0) && leftRank != rightRank) {
        const bool less = leftRank < rightRank;
        return sortOrder() == Qt::AscendingOrder ? less : !less;
    }
    const QVariant l = left.data(ItemTreeModel::SortRole);
    const QVariant r = right.data(ItemTreeModel::SortRole);
    if (l.metaType().id() == QMetaType::QDateTime && r.metaType().id() == QMetaType::QDateTime)
        return l.toDateTime() < r.toDateTime();
    if (l.metaType().id() == QMetaType::Double && r.metaType().id() == QMetaType::Double)
        return l.toDouble() < r.toDouble();
    if (l.metaType().id() == QMetaType::Double) // numbers before text
        return true;
    if (r.metaType().id() == QMetaType::Double)
        return false;
    const int c = QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive);
    if (c != 0)
        return c < 0;
    return left.row() < right.row(); // stable
}

} // namespace desk
