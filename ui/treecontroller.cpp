// TreeController: paced inserts, views, filter, lazy expansion, focus and columns of the tree.
#include "treecontroller.h"

#include "childrenfetcher.h"
#include "displayformat.h"
#include "itemtreemodel.h"
#include "providers/itemloader.h"
#include "windowstate.h"

#include <QFocusEvent>
#include <QHeaderView>
#include <QStyle>
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
    m_view.viewport()->installEventFilter(this); // its width fits the columns
    // Widths the user chose are kept; the name stretching with the window is not a choice.
    // (A column hidden or shown is resized from or to 0: not a choice either.)
    connect(m_view.header(), &QHeaderView::sectionResized, this,
            [this](int section, int oldSize, int newSize) {
                if (!m_fitting && section != ItemTreeModel::NameColumn && oldSize > 0 &&
                    newSize > 0)
                    m_autoFitted = false;
            });
}

void TreeController::showIntegration(const QString &providerId, const QString &view)
{
    m_stateBeforeFilter = {};
    m_openedRoot.clear();
    m_model.setView(view);
    showTypeColumnForView(); // before fitting: a hidden column takes no width
    m_autoFitted = false;
    if (!m_state.restoreHeader(providerId, *m_view.header()))
        fitColumnsWhenLaidOut();
    showTypeColumnForView(); // the saved header state may have shown it
    restoreSort(providerId);
}

void TreeController::saveHeader(const QString &providerId) const
{
    m_state.saveHeader(providerId, *m_view.header());
    m_state.setSortKey(providerId, columnKey(m_model.sortColumn()),
                       m_model.sortOrder() == Qt::DescendingOrder);
}

// The header's own state keeps the sort by index, and the model keeps its sort
// column across integrations: both are set here from the integration's column key.
void TreeController::restoreSort(const QString &providerId)
{
    bool descending = false;
    int column = columnOfKey(m_state.sortKey(providerId, &descending));
    if (column < 0) {
        column = ItemTreeModel::NameColumn;
        descending = false;
    }
    const Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    m_view.sortByColumn(column, order);
    m_model.sort(column, order); // the header may already show it and then says nothing
}

QString TreeController::columnKey(int column) const
{
    if (column == ItemTreeModel::NameColumn)
        return QStringLiteral("name");
    if (column == ItemTreeModel::TypeColumn)
        return QStringLiteral("type");
    if (column == m_model.createdColumn())
        return QStringLiteral("created");
    if (column == m_model.modifiedColumn())
        return QStringLiteral("modified");
    const QVector<ValueColumn> &columns = m_model.presentation().columns;
    const int value = column - ItemTreeModel::FirstValueColumn;
    if (value < 0 || value >= columns.size())
        return {};
    if (columns.at(value).parentName)
        return QStringLiteral("value:parent");
    QStringList properties = columns.at(value).propertyByType.values();
    properties.sort();
    properties.removeDuplicates();
    return QStringLiteral("value:") +
           (properties.isEmpty() ? columns.at(value).title : properties.join(QLatin1Char(',')));
}

int TreeController::columnOfKey(const QString &key) const
{
    if (key.isEmpty())
        return -1;
    for (int c = 0; c < m_model.columnCount(); ++c)
        if (columnKey(c) == key)
            return c;
    return -1;
}

// Sized against the view's width, which it has only once laid out in the window.
void TreeController::fitColumnsWhenLaidOut()
{
    m_fitPending = true;
    if (m_view.isVisible() && m_view.viewport()->width() > 200)
        fitColumns();
}

// Every column in the width the view has, dates uncut: the dates and the type
// as wide as their longest text, the value columns share what the name leaves,
// and the name stretches with the window.
void TreeController::fitColumns()
{
    m_fitPending = false;
    const bool was = std::exchange(m_fitting, true);
    QHeaderView &header = *m_view.header();
    const QFontMetrics text = m_view.fontMetrics();
    const QFontMetrics title = header.fontMetrics();
    const int cellMargin = 2 * m_view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 14;
    const int sortArrow = 28; // the header's sort indicator and its margins
    auto fit = [&](int column, const QString &widest) {
        const QString heading = m_model.headerData(column, Qt::Horizontal).toString();
        const int width = qMax(text.horizontalAdvance(widest) + cellMargin,
                               title.horizontalAdvance(heading) + sortArrow);
        header.resizeSection(column, width);
        return m_view.isColumnHidden(column) ? 0 : width;
    };
    // Two-digit day, month and hour: the widest short date and time of the year.
    const QString date = DisplayFormat::dateTime(QDateTime(QDate(2026, 12, 30), QTime(23, 59)));
    QString widestType;
    for (const TypePresentation &type : m_model.presentation().types)
        if (text.horizontalAdvance(type.displayName) > text.horizontalAdvance(widestType))
            widestType = type.displayName;
    const int fixed = fit(m_model.createdColumn(), date) + fit(m_model.modifiedColumn(), date) +
                      fit(ItemTreeModel::TypeColumn, widestType);
    const int values = m_model.createdColumn() - ItemTreeModel::FirstValueColumn;
    const int width = qMax(m_view.viewport()->width(), 400);
    const int name = qMax(160, (width - fixed) / 3);
    const int each = values > 0 ? qBound(48, (width - fixed - name) / values, 220) : 0;
    for (int c = ItemTreeModel::FirstValueColumn; c < m_model.createdColumn(); ++c)
        header.resizeSection(c, each);
    // The name takes what is left and follows the window's width.
    header.setSectionResizeMode(ItemTreeModel::NameColumn, QHeaderView::Stretch);
    m_fitting = was;
    m_autoFitted = true;
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
    expandSingleRoot(); // its root may come after the first rows (children first)
    if (!done)
        m_flushTimer->start(qBound(50, int(2 * m_view.lastLayoutMs()) + 5, 300));
    else
        Q_EMIT allRowsInserted();
}

void TreeController::flushAllPending()
{
    m_flushTimer->stop();
    m_model.insertPending(std::numeric_limits<int>::max());
    expandSingleRoot();
}

void TreeController::stopPending()
{
    m_flushTimer->stop();
}

// The type's name on every row says nothing when the groups are the types.
void TreeController::showTypeColumnForView()
{
    m_view.setColumnHidden(ItemTreeModel::TypeColumn,
                           m_model.view() == ItemTreeModel::byTypeView());
}

void TreeController::setView(const QString &view)
{
    const ItemTreeView::State state = m_view.saveState();
    m_model.setView(view);
    expandWithoutFetching([&] { m_view.restoreState(state); });
    expandSingleRoot();
    showTypeColumnForView();
    if (m_autoFitted)
        fitColumns(); // the Type column came or went: the others share the width again
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

// A tree with one root (a provider's own top item) opens on what is under it,
// once per root: a root the user closed stays closed, but the item that takes
// the place of a placeholder root (children first) opens too.
void TreeController::expandSingleRoot()
{
    if (m_model.rowCount() != 1 || m_model.view() != ItemTreeModel::byParentView())
        return;
    const QModelIndex root = m_model.index(0, 0);
    const QString key = m_model.nodeKey(root);
    if (key == m_openedRoot || m_model.rowCount(root) == 0)
        return; // opened once already, or nothing under it yet
    m_openedRoot = key;
    expandWithoutFetching([&] { m_view.expand(root); });
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
    // Fitted widths follow the view's width until the user sets one.
    if (watched == m_view.viewport() && event->type() == QEvent::Resize &&
        (m_fitPending || m_autoFitted) && m_view.isVisible() && m_view.viewport()->width() > 200)
        fitColumns();
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
