// TreeController: paced inserts, views, filter, lazy expansion, focus and columns of the tree.
#include "treecontroller.h"

#include "childrenfetcher.h"
#include "providers/itemloader.h"
#include "displayformat.h"
#include "itemtreemodel.h"
#include "windowstate.h"

#include <QFocusEvent>
#include <QHeaderView>
#include <QTimer>
#include <limits>

namespace desk {

TreeController::TreeController(ItemTreeView &view, ItemTreeModel &model, ChildrenFetcher &children,
                               const WindowState &state, QObject *parent)
    : QObject(parent), m_view(view), m_model(model), m_children(children), m_state(state)
{
    m_view.setObjectName(QStringLiteral("itemTree"));
    m_view.setModel(&m_model);
    m_view.setUniformRowHeights(true);
    m_view.setSortingEnabled(true);
    m_view.sortByColumn(ItemTreeModel::NameColumn, Qt::AscendingOrder);
    m_view.setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view.setContextMenuPolicy(Qt::CustomContextMenu);
    m_view.setAlternatingRowColors(true);
    m_view.header()->setStretchLastSection(false);
    connect(&m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (const std::optional<ItemKey> key = m_model.itemKey(index))
            Q_EMIT itemActivated(*key);
        else if (m_model.nodeKind(index) == ItemTreeModel::NodeKind::Stub)
            if (const std::optional<ItemKey> parent = m_model.itemKey(index.parent()))
                m_children.fetch(*parent); // "Not loaded (double-click to load)"
    });
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &TreeController::flushPending);
    connect(&m_model, &ItemTreeModel::filterApplied, this, &TreeController::onFilterApplied);
    connect(&m_view, &QTreeView::expanded, this, &TreeController::onExpanded);
    m_view.installEventFilter(this);
}

void TreeController::showIntegration(const QString &providerId, const QString &view)
{
    m_stateBeforeFilter = {};
    m_model.setView(view);
    if (!m_state.restoreHeader(providerId, *m_view.header()))
        fitColumns();
    m_view.setColumnHidden(ItemTreeModel::TypeColumn, view == ItemTreeModel::byTypeView());
}

void TreeController::saveHeader(const QString &providerId) const
{
    m_state.saveHeader(providerId, *m_view.header());
}

// Name, the value columns and both dates fit the default window.
void TreeController::fitColumns()
{
    QHeaderView &header = *m_view.header();
    const QString sample = DisplayFormat::dateTime(QDateTime(QDate(2026, 12, 30), QTime(23, 59)));
    const int date = m_view.fontMetrics().horizontalAdvance(sample) + 28;
    header.resizeSection(ItemTreeModel::NameColumn, 260);
    header.resizeSection(ItemTreeModel::TypeColumn, 110);
    for (int c = ItemTreeModel::FirstValueColumn; c < m_model.createdColumn(); ++c)
        header.resizeSection(c, 150);
    header.resizeSection(m_model.createdColumn(), date);
    header.resizeSection(m_model.modifiedColumn(), date);
    m_view.sortByColumn(ItemTreeModel::NameColumn, Qt::AscendingOrder);
}

void TreeController::appendRows(const RowBatch &rows)
{
    if (rows.isEmpty())
        return;
    const bool first = m_model.itemCount() == 0;
    m_model.addRows(rows); // stored at once; put in the tree in paced slices
    if (first) {
        m_model.insertPending(1000); // the very first rows go in at once
        expandSingleRoot();
    }
    if (m_model.pendingRows() > 0 && !m_flushTimer->isActive())
        m_flushTimer->start(50);
}

void TreeController::flushPending()
{
    // After every insert the view lays out all its rows again: insert for a
    // slice as long as that relayout (25 to 45 ms), then leave the view its
    // layout and as long again for painting and input.
    m_flushTimer->stop();
    const bool done = m_model.insertPending(qBound(25, int(m_view.lastLayoutMs()), 45));
    if (!done)
        m_flushTimer->start(qBound(50, int(2 * m_view.lastLayoutMs()) + 5, 300));
    else
        Q_EMIT allRowsInserted();
}

void TreeController::flushAllPending()
{
    m_flushTimer->stop();
    m_model.insertPending(std::numeric_limits<int>::max());
}

void TreeController::stopPending()
{
    m_flushTimer->stop();
}

void TreeController::setView(const QString &view)
{
    const ItemTreeView::State state = m_view.saveState();
    m_model.setView(view);
    expandWithoutFetching([&] { m_view.restoreState(state); });
    expandSingleRoot();
    // The type's name on every row says nothing when the groups are the types.
    m_view.setColumnHidden(ItemTreeModel::TypeColumn,
                           m_model.view() == ItemTreeModel::byTypeView());
    if (m_view.currentIndex().isValid())
        m_view.scrollTo(m_view.currentIndex());
}

std::optional<ItemKey> TreeController::currentKey() const
{
    return m_model.itemKey(m_view.currentIndex());
}

QVector<ItemKey> TreeController::selectedKeys() const
{
    QVector<ItemKey> keys;
    for (const QModelIndex &index : m_view.selectionModel()->selectedRows(0))
        if (const std::optional<ItemKey> key = m_model.itemKey(index))
            keys.append(*key);
    return keys;
}

void TreeController::select(const ItemKey &key)
{
    const QModelIndex index = m_model.indexOfItem(key);
    if (!index.isValid())
        return;
    m_view.scrollTo(index);
    m_view.selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                        QItemSelectionModel::Rows);
}

int TreeController::childItems(const ItemKey &key) const
{
    int count = 0;
    const QModelIndex index = m_model.indexOfItem(key);
    for (int row = 0; row < m_model.rowCount(index); ++row)
        count += m_model.itemKey(m_model.index(row, 0, index)).has_value() ? 1 : 0;
    return count;
}

// No debounce: the model searches in slices and a newer text replaces an older search.
void TreeController::setFilterText(const QString &text)
{
    if (m_model.appliedFilter().trimmed().isEmpty() && !text.trimmed().isEmpty() &&
        m_stateBeforeFilter.isEmpty())
        m_stateBeforeFilter = m_view.saveState(); // given back when the filter is cleared
    m_model.setFilterText(text);
}

void TreeController::expandAll()
{
    expandWithoutFetching([this] { m_view.expandAll(); });
}

// A tree with one root (a provider's own top item) opens on what is under it.
void TreeController::expandSingleRoot()
{
    if (m_model.rowCount() == 1 && m_model.view() == ItemTreeModel::byParentView())
        expandWithoutFetching([this] { m_view.expand(m_model.index(0, 0)); });
}

void TreeController::onFilterApplied(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        const ItemTreeView::State state = std::exchange(m_stateBeforeFilter, {});
        expandWithoutFetching([&] { m_view.restoreState(state); });
        return;
    }
    // Show the matches; expanding this way never loads lazy children.
    expandWithoutFetching([this] {
        if (m_model.view() == ItemTreeModel::byTypeView())
            m_view.expandToDepth(0);
        else if (m_model.view() == ItemTreeModel::byParentView())
            m_view.expandAll();
        else
            m_view.expandToDepth(1);
    });
}

void TreeController::expandWithoutFetching(const std::function<void()> &expand)
{
    const bool was = std::exchange(m_expandingWithoutFetch, true);
    expand();
    // QTreeView marks rows expanded whether or not they show children: keep
    // never-loaded lazy containers collapsed, so the user's first expand loads them.
    for (const ItemKey &key : m_model.unloadedContainers()) {
        const QModelIndex index = m_model.indexOfItem(key);
        if (index.isValid() && m_view.isExpanded(index))
            m_view.collapse(index);
    }
    m_expandingWithoutFetch = was;
}

void TreeController::onExpanded(const QModelIndex &index)
{
    if (m_expandingWithoutFetch)
        return;
    // Only a first expansion loads; a failed fetch is retried with Retry or a double-click.
    const std::optional<ItemKey> key = m_model.itemKey(index);
    if (key && m_model.childrenState(*key) == ItemTreeModel::ChildrenState::NotLoaded)
        m_children.fetch(*key);
}

// Tab into the tree lands on a row the user can see, never on one scrolled away.
bool TreeController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_view && event->type() == QEvent::FocusIn) {
        const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
        const QModelIndex current = m_view.currentIndex();
        if ((reason == Qt::TabFocusReason || reason == Qt::BacktabFocusReason) &&
            (!current.isValid() ||
             !m_view.viewport()->rect().intersects(m_view.visualRect(current)))) {
            const QModelIndex top = m_view.indexAt(QPoint(1, 1));
            if (top.isValid())
                m_view.selectionModel()->setCurrentIndex(top, QItemSelectionModel::ClearAndSelect |
                                                                  QItemSelectionModel::Rows);
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace desk
