// ItemTreeView: placeholder text, state kept by row keys, timed relayouts and
// the bulk layout of its rows.
#include "itemtreeview.h"

#include "itemtreemodel.h"

#include <QPainter>
#include <cstring>

#ifdef DESK_TREEVIEW_PRIVATE
#include <QAccessible>
#include <QHeaderView>
#include <QtWidgets/private/qtreeview_p.h>
#endif

namespace desk {

#ifdef DESK_TREEVIEW_PRIVATE
namespace {

// QTreeViewPrivate::layout(-1) with the rows read from ItemTreeModel a block
// at a time: the same view items (pre-order, an expanded row followed by its
// visible descendants), for hidden and spanned rows being none.
class BulkLayout
{
public:
    BulkLayout(QTreeViewPrivate &d, const ItemTreeModel &model) : d(d), m(model) {}

    void children(const QModelIndex &parent, int parentItem, uint level)
    {
        const int count = m.rowCount(parent);
        QList<QTreeViewItem> &items = d.viewItems;
        std::vector<QModelIndex> chunk(size_t(qMin(count, 4096)));
        for (int first = 0; first < count; first += int(chunk.size())) {
            const int n = m.indexesOfRows(parent, first, qMin(int(chunk.size()), count - first),
                                          chunk.data());
            for (int k = 0; k < n; ++k) {
                const QModelIndex &index = chunk[size_t(k)];
                const int at = int(items.size());
                QTreeViewItem &item = items.emplace_back();
                item.index = index;
                item.parentItem = parentItem;
                item.level = level;
                item.hasMoreSiblings = first + k + 1 < count;
                if (index.flags() & Qt::ItemNeverHasChildren)
                    continue;
                if (d.isIndexExpanded(index)) {
                    item.expanded = true;
                    children(index, at, level + 1); // may reallocate: `item` is gone
                    const int total = int(items.size()) - at - 1;
                    items[at].total = uint(total);
                    items[at].hasChildren = total > 0;
                } else {
                    item.hasChildren = m.hasChildren(index);
                }
            }
        }
    }

private:
    QTreeViewPrivate &d;
    const ItemTreeModel &m;
};

// The private layout matches the Qt it was compiled against only.
bool privateLayoutUsable()
{
    static const bool same = std::strcmp(qVersion(), QT_VERSION_STR) == 0;
    return same;
}

} // namespace
#endif

void ItemTreeView::setPlaceholderText(const QString &text)
{
    if (m_placeholder == text)
        return;
    m_placeholder = text;
    viewport()->update();
}

void ItemTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                               const QList<int> &roles)
{
    if (bottomRight.row() - topLeft.row() < kWideChangeRows) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    viewport()->update();
}

void ItemTreeView::paintEvent(QPaintEvent *event)
{
    QTreeView::paintEvent(event);
    if (m_placeholder.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0))
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                     Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

void ItemTreeView::doItemsLayout()
{
    QElapsedTimer timer;
    timer.start();
    m_lastLayoutFast = fastLayout();
    if (!m_lastLayoutFast)
        QTreeView::doItemsLayout();
    m_lastLayoutMs = timer.nsecsElapsed() / 1e6;
    ++m_layoutCount;
    m_layoutMsTotal += m_lastLayoutMs;
}

bool ItemTreeView::bulkLayoutAvailable()
{
#ifdef DESK_TREEVIEW_PRIVATE
    return privateLayoutUsable();
#else
    return false;
#endif
}

bool ItemTreeView::fastLayout()
{
#ifdef DESK_TREEVIEW_PRIVATE
    const ItemTreeModel *m = treeModel();
    if (!m || !m_bulkLayout || !privateLayoutUsable())
        return false;
    auto *d = static_cast<QTreeViewPrivate *>(QObjectPrivate::get(this));
    // Hidden or spanned rows, and accessibility's reset events: Qt's own layout.
    if (!d->hiddenIndexes.isEmpty() || !d->spanningIndexes.isEmpty() || QAccessible::isActive())
        return false;
    // As QTreeView::doItemsLayout(): forget expanded rows that were removed.
    if (d->hasRemovedItems) {
        d->hasRemovedItems = false;
        for (auto it = d->expandedIndexes.begin(); it != d->expandedIndexes.end();)
            it = it->isValid() ? std::next(it) : d->expandedIndexes.erase(it);
    }
    d->viewItems.clear(); // keeps its capacity
    const QModelIndex root = d->root;
    if (m->hasChildren(root)) {
        if (d->uniformRowHeights)
            d->defaultItemHeight = indexRowSizeHint(m->index(0, 0, root));
        BulkLayout(*d, *m).children(root, -1, 0);
    }
    QAbstractItemView::doItemsLayout();
    d->header->doItemsLayout();
    return true;
#else
    return false;
#endif
}

const ItemTreeModel *ItemTreeView::treeModel() const
{
    return qobject_cast<const ItemTreeModel *>(model());
}

ItemTreeView::State ItemTreeView::saveState() const
{
    State state;
    const ItemTreeModel *m = treeModel();
    if (!m)
        return state;
    // Only below expanded rows: what a collapsed row hides is not worth a walk.
    QModelIndexList open{QModelIndex()};
    while (!open.isEmpty()) {
        const QModelIndex parent = open.takeLast();
        // Only rows that can have children: not a walk over a million contacts.
        for (const int row : m->rowsWithChildren(parent)) {
            const QModelIndex child = m->index(row, 0, parent);
            if (isExpanded(child)) {
                state.expanded.append(m->nodeKey(child));
                open.append(child);
            }
        }
    }
    for (const QModelIndex &index : selectionModel()->selectedRows(0))
        state.selected.append(m->nodeKey(index));
    state.current = m->nodeKey(currentIndex());
    return state;
}

void ItemTreeView::restoreState(const State &state)
{
    const ItemTreeModel *m = treeModel();
    if (!m)
        return;
    for (const QString &key : state.expanded) {
        const QModelIndex index = m->indexOfNodeKey(key);
        if (index.isValid())
            expand(index);
    }
    QItemSelection selection;
    for (const QString &key : state.selected) {
        const QModelIndex index = m->indexOfNodeKey(key);
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(m->columnCount() - 1));
    }
    const QModelIndex current = m->indexOfNodeKey(state.current);
    if (current.isValid())
        selectionModel()->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (current.isValid())
        scrollTo(current);
}

} // namespace desk
