// ItemTreeView: placeholder text, state kept by row keys, timed relayouts.
#include "itemtreeview.h"

#include "itemtreemodel.h"

#include <QPainter>

namespace desk {

void ItemTreeView::setPlaceholderText(const QString &text)
{
    if (m_placeholder == text)
        return;
    m_placeholder = text;
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
    QTreeView::doItemsLayout();
    m_lastLayoutMs = timer.nsecsElapsed() / 1e6;
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
