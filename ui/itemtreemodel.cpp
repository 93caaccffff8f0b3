// ItemTreeModel: the QAbstractItemModel adapter over the tree::* classes.
#include "itemtreemodel.h"

#include "displayformat.h"

#include "tree/grouping.h"
#include "tree/rowfilter.h"
#include "tree/rowstore.h"
#include "tree/sortkeys.h"
#include "tree/sortsnapshot.h"
#include "tree/tree.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QLocale>
#include <QLoggingCategory>
#include <QPromise>
#include <QScopeGuard>
#include <QThreadPool>
#include <algorithm>
#include <map>

Q_LOGGING_CATEGORY(lcModel, "desk.ui.model")

namespace desk {

using tree::Grouping;
using tree::TreeNode;

namespace {
// QModelIndex::internalPointer: the node, with its kind in bits 0-2 and its
// leaf flag in bit 3 (nodes are 16-byte aligned).
constexpr quintptr kTagMask = 0xF;
void *tagged(const TreeNode *node)
{
    return reinterpret_cast<void *>(reinterpret_cast<quintptr>(node) | quintptr(node->kind()) |
                                    (node->isLeaf() ? 8u : 0u));
}
// The tag of a node the sibling list says is a leaf item, without reading the node.
void *leafItemTag(const TreeNode *node)
{
    return reinterpret_cast<void *>(reinterpret_cast<quintptr>(node) |
                                    quintptr(TreeNode::Kind::Item) | 8u);
}
} // namespace

// Tree's notifications, as the model's signals (none while the model resets).
class ItemTreeModel::Host : public tree::TreeHost
{
public:
    explicit Host(ItemTreeModel &model) : m(model) {}
    bool less(const TreeNode *a, const TreeNode *b) const override { return m.lessNodes(a, b); }
    bool matches(const TreeNode *node) const override { return m.nodeMatches(node); }
    bool matchesRow(int rowId) const override { return m.matchRow(rowId); }
    bool lessRows(int a, int b) const override { return m.lessRows(a, b); }
    quint64 rowOrderPrefix(int rowId) const override
    {
        const quint64 prefix = m.activeKeys().rowKey(rowId).prefix;
        return m.m_sortOrder == Qt::AscendingOrder ? prefix : ~prefix;
    }
    void beginInsert(TreeNode *parent, int first, int last) override
    {
        ++m.m_generation;
        if (!m.m_resetting)
            m.beginInsertRows(m.indexOf(parent), first, last);
    }
    void endInsert() override
    {
        if (!m.m_resetting)
            m.endInsertRows();
    }
    void beginRemove(TreeNode *parent, int first, int last) override
    {
        ++m.m_generation;
        if (!m.m_resetting)
            m.beginRemoveRows(m.indexOf(parent), first, last);
    }
    void endRemove() override
    {
        if (!m.m_resetting)
            m.endRemoveRows();
    }
    bool beginMove(TreeNode *from, int row, TreeNode *to, int destination) override
    {
        ++m.m_generation;
        return m.m_resetting ||
               m.beginMoveRows(m.indexOf(from), row, row, m.indexOf(to), destination);
    }
    void endMove() override
    {
        if (!m.m_resetting)
            m.endMoveRows();
    }
    void nodeChanged(TreeNode *node) override
    {
        ++m.m_generation;
        if (!m.m_resetting)
            m.m_changed.push_back(node);
    }
    void nodeDeleted(TreeNode *node) override
    {
        if (m.m_grouping)
            m.m_grouping->forget(node);
        m.m_nodeKeyCache.remove(node);
        m.m_changed.erase(std::remove(m.m_changed.begin(), m.m_changed.end(), node),
                          m.m_changed.end());
    }

private:
    ItemTreeModel &m;
};

ItemTreeModel::ItemTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_view(byTypeView())
    , m_rows(std::make_unique<tree::RowStore>())
    , m_host(std::make_unique<Host>(*this))
    , m_tree(std::make_unique<tree::Tree>(*m_host))
    , m_keys(std::make_unique<tree::SortKeys>())
    , m_nameKeys(std::make_unique<tree::SortKeys>())
    , m_search(std::make_unique<tree::RowFilter>())
{
    m_bold.setBold(true);
    m_italic.setItalic(true);
    m_searchTimer.setObjectName(QStringLiteral("filterSearch")); // names for traces
    m_sortPrepTimer.setObjectName(QStringLiteral("sortKeys"));
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(0);
    connect(&m_searchTimer, &QTimer::timeout, this, &ItemTreeModel::filterStep);
    m_sortPrepTimer.setSingleShot(true);
    m_sortPrepTimer.setInterval(0);
    connect(&m_sortPrepTimer, &QTimer::timeout, this, &ItemTreeModel::sortPreparationStep);
    rebuild();
}

ItemTreeModel::~ItemTreeModel()
{
    m_grouping.reset();
    m_tree.reset();
}

// ---------------------------------------------------------------- views

QStringList ItemTreeModel::views() const
{
    QStringList views{byTypeView()};
    for (const GroupingPresentation &g : m_presentation.groupings)
        views.append(g.id);
    if (m_presentation.hierarchy)
        views.append(byParentView());
    return views;
}

QString ItemTreeModel::viewTitle(const QString &view) const
{
    if (view == byTypeView())
        return tr("By Type");
    if (view == byParentView())
        return tr("By Parent");
    for (const GroupingPresentation &g : m_presentation.groupings)
        if (g.id == view)
            return g.title;
    return view;
}

void ItemTreeModel::setPresentation(const ItemPresentation &presentation)
{
    beginResetModel();
    m_resetting = true;
    m_presentation = presentation;
    m_presentation.columns.resize(qMin(int(presentation.columns.size()), ItemRow::kValueSlots));
    if (!views().contains(m_view))
        m_view = byTypeView();
    m_tree->reset();
    m_grouping.reset();
    m_rows->clear();
    m_lazyRows.clear();
    m_typeCounts.clear();
    m_typeNames.clear();
    m_match.clear();
    m_matchCount = 0;
    m_children.clear();
    if (m_sortColumn >= columnCount())
        m_sortColumn = NameColumn;
    m_keys->clear();
    m_nameKeys->clear();
    rebuild();
    m_resetting = false;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    Q_EMIT countsChanged();
}

void ItemTreeModel::setView(const QString &view)
{
    const QString wanted = views().contains(view) ? view : byTypeView();
    if (wanted == m_view)
        return;
    beginResetModel();
    m_resetting = true;
    m_view = wanted;
    rebuild();
    m_resetting = false;
    endResetModel();
}

void ItemTreeModel::rebuild()
{
    ++m_generation;
    m_changed.clear();
    m_pending.clear(); // every live row is placed below
    m_pendingHead = 0;
    m_grouping.reset();
    m_tree->reset();
    m_nodeKeyCache.clear();
    m_nodeKeys.clear();
    const Grouping::Context context{*m_tree, *m_rows, m_presentation,
                                    [this](int rowId) { return wantsStub(rowId); }};
    if (m_view == byParentView()) {
        m_grouping = std::make_unique<tree::ParentGrouping>(context);
    } else {
        for (const GroupingPresentation &g : m_presentation.groupings)
            if (g.id == m_view)
                m_grouping = std::make_unique<tree::AssociationGrouping>(context, g);
        if (!m_grouping)
            m_grouping = std::make_unique<tree::TypeGrouping>(context);
    }
    for (int rowId = 0; rowId < m_rows->capacity(); ++rowId)
        if (m_rows->isAlive(rowId))
            m_grouping->added(rowId);
    m_tree->flush();
    if (!m_words.isEmpty())
        m_tree->applyFilter();
}

void ItemTreeModel::clear()
{
    beginResetModel();
    m_resetting = true;
    m_tree->reset();
    m_grouping.reset();
    m_rows->clear();
    m_lazyRows.clear();
    m_keys->clear();
    m_nameKeys->clear();
    m_typeCounts.clear();
    m_match.clear();
    m_matchCount = 0;
    m_children.clear();
    if (m_search->isRunning())
        m_search->start(m_search->words()); // over the (no) rows of now
    rebuild();
    m_resetting = false;
    endResetModel();
    Q_EMIT countsChanged();
}

// ---------------------------------------------------------------- rows

bool ItemTreeModel::matchRow(int rowId) const
{
    return m_words.isEmpty() || (size_t(rowId) < m_match.size() && m_match[size_t(rowId)]);
}

void ItemTreeModel::addRows(const RowBatch &batch)
{
    if (batch.isEmpty())
        return;
    auto store = [&](const ItemRow &row, bool *existed) {
        const int rowId = m_rows->put(row, existed);
        computeKey(rowId);
        if (!m_words.isEmpty()) {
            if (m_match.size() <= size_t(rowId))
                m_match.resize(size_t(m_rows->capacity()) + 1024, 0);
            const bool was = *existed && m_match[size_t(rowId)];
            const bool now = tree::RowFilter::matches(m_rows->folded(rowId), m_words);
            m_match[size_t(rowId)] = now;
            m_matchCount += int(now) - int(was);
        }
        // A narrowing search tests its candidates only: new rows are matched at its end.
        if ((*existed || m_search->isNarrowing()) && m_search->isRunning())
            m_search->rowChanged(rowId);
        return rowId;
    };
    auto update = [&](int rowId) {
        if (!m_tree->itemNode(rowId))
            return; // not in the tree yet: placed with its new values
        m_grouping->updated(rowId);
        if (TreeNode *node = m_tree->itemNode(rowId)) {
            m_tree->resort(node);
            m_tree->refilter(node);
            m_host->nodeChanged(node);
        }
    };
    // Known rows first, so that new rows are placed among siblings in order.
    std::vector<bool> known(size_t(batch.size()), false);
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const ItemRow &row = batch.at(i);
        if (m_rows->find(ItemKey{row.type, row.id}) < 0)
            continue;
        known[size_t(i)] = true;
        bool existed = true;
        update(store(row, &existed));
    }
    std::vector<int> late; // a second copy of a new row in this batch
    for (qsizetype i = 0; i < batch.size(); ++i) {
        if (known[size_t(i)])
            continue;
        bool existed = false;
        const int rowId = store(batch.at(i), &existed);
        if (existed) {
            late.push_back(rowId);
            continue;
        }
        ++m_typeCounts[m_rows->typeId(rowId)];
        if (m_rows->flags(rowId) & ItemRow::LazyChildren)
            m_lazyRows.push_back(rowId);
        if (m_deferInserts)
            m_pending.push_back(rowId);
        else
            m_grouping->added(rowId);
    }
    m_tree->flush();
    for (int rowId : late)
        update(rowId);
    m_tree->flush();
    emitChanged();
    Q_EMIT countsChanged();
}

bool ItemTreeModel::insertPending(int budgetMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_pendingHead < m_pending.size()) {
        const size_t end = std::min(m_pending.size(), m_pendingHead + 500);
        for (; m_pendingHead < end; ++m_pendingHead) {
            const int rowId = m_pending[m_pendingHead];
            if (m_rows->isAlive(rowId) && !m_tree->itemNode(rowId))
                m_grouping->added(rowId);
        }
        m_tree->flush();
        if (timer.elapsed() >= budgetMs)
            break;
    }
    if (m_pendingHead >= m_pending.size()) {
        m_pending.clear();
        m_pendingHead = 0;
    }
    emitChanged();
    Q_EMIT countsChanged();
    return m_pending.empty();
}

void ItemTreeModel::removeRows(const QVector<ItemKey> &keys)
{
    bool any = false;
    for (const ItemKey &key : keys) {
        const int rowId = m_rows->find(key);
        if (rowId < 0)
            continue;
        any = true;
        m_grouping->removing(rowId);
        --m_typeCounts[m_rows->typeId(rowId)];
        if (size_t(rowId) < m_match.size() && m_match[size_t(rowId)]) {
            m_match[size_t(rowId)] = 0;
            --m_matchCount;
        }
        m_rows->remove(rowId);
    }
    if (!any)
        return;
    m_tree->flush();
    emitChanged();
    Q_EMIT countsChanged();
}

void ItemTreeModel::emitChanged()
{
    if (m_changed.empty())
        return;
    // One dataChanged per parent over the changed rows (a view looks each up).
    std::map<TreeNode *, std::pair<int, int>> ranges;
    for (TreeNode *node : m_changed) {
        const int row = node->row();
        if (row < 0 || !node->parent())
            continue;
        auto [it, fresh] = ranges.try_emplace(node->parent(), row, row);
        if (!fresh) {
            it->second.first = qMin(it->second.first, row);
            it->second.second = qMax(it->second.second, row);
        }
    }
    m_changed.clear();
    for (const auto &[parent, range] : ranges) {
        const QModelIndex p = indexOf(parent);
        if (parent != m_tree->root() && !p.isValid())
            continue;
        Q_EMIT dataChanged(index(range.first, 0, p), index(range.second, columnCount() - 1, p));
    }
}

int ItemTreeModel::itemCount() const
{
    return m_rows->liveCount();
}

int ItemTreeModel::countOfType(const QString &type) const
{
    return m_typeCounts.value(m_rows->strings().find(type), 0);
}

int ItemTreeModel::visibleItemCount() const
{
    return m_words.isEmpty() ? itemCount() : m_matchCount;
}

// ---------------------------------------------------------------- sorting

tree::SortKeys &ItemTreeModel::activeKeys() const
{
    return m_sortColumn == NameColumn ? *m_nameKeys : *m_keys;
}

void ItemTreeModel::computeKey(int rowId)
{
    // Name keys are always kept (the default sort, and the costly ones to make);
    // keys of another sort column only while the tree is sorted by it.
    ++m_generation;
    m_nameKeys->setRowKey(rowId, m_nameKeys->text(m_rows->displayName(rowId)));
    if (m_sortColumn != NameColumn)
        m_keys->setRowKey(rowId, columnKey(*m_keys, m_sortColumn, rowId));
}

tree::SortKey ItemTreeModel::columnKey(tree::SortKeys &keys, int column, int rowId) const
{
    const int valueCount = int(m_presentation.columns.size());
    if (column == TypeColumn)
        return keys.text(typeName(m_rows->typeId(rowId)));
    if (column == createdColumn())
        return tree::SortKeys::time(m_rows->createdMs(rowId));
    if (column == modifiedColumn())
        return tree::SortKeys::time(m_rows->modifiedMs(rowId));
    if (column >= FirstValueColumn && column < FirstValueColumn + valueCount) {
        const int slot = column - FirstValueColumn;
        const QString value = m_rows->value(rowId, slot);
        return m_presentation.columns.at(slot).numeric ? keys.number(value) : keys.text(value);
    }
    return keys.text(m_rows->displayName(rowId));
}

void ItemTreeModel::computeColumnKeys()
{
    m_keys->clear();
    m_nodeKeyCache.clear();
    m_nodeKeys.clear();
    if (m_sortColumn == NameColumn)
        return;
    for (int rowId = 0; rowId < m_rows->capacity(); ++rowId)
        if (m_rows->isAlive(rowId))
            m_keys->setRowKey(rowId, columnKey(*m_keys, m_sortColumn, rowId));
}

tree::SortKey ItemTreeModel::nodeKey(const TreeNode *node) const
{
    if (node->kind() == TreeNode::Kind::Item)
        return activeKeys().rowKey(node->ref());
    const auto it = m_nodeKeyCache.constFind(node);
    if (it != m_nodeKeyCache.cend())
        return m_nodeKeys[size_t(it.value())];
    tree::SortKey key;
    if (m_sortColumn == NameColumn)
        key = activeKeys().text(m_grouping->title(node));
    else if (m_sortColumn == TypeColumn)
        key = activeKeys().text(m_grouping->typeTitle(node));
    m_nodeKeyCache.insert(node, int(m_nodeKeys.size()));
    m_nodeKeys.push_back(key);
    return key;
}

bool ItemTreeModel::lessRows(int a, int b) const
{
    const tree::SortKeys &keys = activeKeys();
    const int c = keys.compare(keys.rowKey(a), keys.rowKey(b));
    if (c != 0)
        return m_sortOrder == Qt::AscendingOrder ? c < 0 : c > 0;
    return a < b; // equal keys: in arrival order
}

bool ItemTreeModel::lessNodes(const TreeNode *a, const TreeNode *b) const
{
    const bool items = a->kind() == TreeNode::Kind::Item && b->kind() == TreeNode::Kind::Item;
    if (items)
        return lessRows(a->ref(), b->ref());
    const int ra = m_grouping->rank(a), rb = m_grouping->rank(b);
    if (ra != rb)
        return ra < rb; // pinned rows keep their place in both directions
    if (ra != Grouping::RankSorted)
        return a->ref() < b->ref();
    const int c = activeKeys().compare(nodeKey(a), nodeKey(b));
    if (c != 0)
        return m_sortOrder == Qt::AscendingOrder ? c < 0 : c > 0;
    if (a->kind() != b->kind())
        return a->kind() < b->kind();
    return a->ref() < b->ref();
}

void ItemTreeModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCount())
        return;
    if (isSortPending() && column == m_pendingColumn && order == m_pendingOrder)
        return;
    cancelBackgroundSort();
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    if (!startBackgroundSort(column, order))
        sortNow(column, order);
}

void ItemTreeModel::sortNow(int column, Qt::SortOrder order)
{
    const bool columnChanged = column != m_sortColumn;
    relayout([&] {
        m_sortColumn = column;
        m_sortOrder = order;
        if (columnChanged)
            computeColumnKeys();
        m_nodeKeyCache.clear();
        m_nodeKeys.clear();
        m_tree->sortAll();
    });
    Q_EMIT sortApplied();
}

bool ItemTreeModel::startBackgroundSort(int column, Qt::SortOrder order)
{
    // Only worth a worker (and the wait) when a list is large.
    bool large = false;
    m_tree->forEachList(
        [&](tree::ChildList &list) { large = large || list.size() >= m_backgroundSortRows; });
    if (!large)
        return false;
    m_pendingColumn = column;
    m_pendingOrder = order;
    m_pendingGeneration = m_generation;
    if (column == NameColumn)
        return launchBackgroundSort(nullptr);
    // The new column's keys are made here (rows are read on this thread only),
    // a slice per event-loop turn; the old ones stay in force for rows arriving
    // until the order is applied (rows changing meanwhile make it stale).
    m_sortPrep = std::make_unique<SortPreparation>();
    m_sortPrep->keys = std::make_unique<tree::SortKeys>();
    m_sortPrep->clock.start();
    m_sortPrepTimer.start();
    return true;
}

void ItemTreeModel::sortPreparationStep()
{
    if (!m_sortPrep)
        return;
    QElapsedTimer slice;
    slice.start();
    SortPreparation &prep = *m_sortPrep;
    int done = 0;
    while (prep.nextRow < m_rows->capacity()) {
        const int end = qMin(m_rows->capacity(), prep.nextRow + 1024);
        for (; prep.nextRow < end; ++prep.nextRow)
            if (m_rows->isAlive(prep.nextRow))
                prep.keys->setRowKey(prep.nextRow,
                                     columnKey(*prep.keys, m_pendingColumn, prep.nextRow));
        done += 1024;
        if (slice.elapsed() >= 8 || (m_sortKeySliceRows > 0 && done >= m_sortKeySliceRows)) {
            m_sortPrepTimer.start();
            return;
        }
    }
    const std::unique_ptr<SortPreparation> finished = std::move(m_sortPrep);
    qCDebug(lcModel) << "sort: keys of" << m_rows->liveCount() << "rows made in"
                     << finished->clock.elapsed() << "ms";
    const int column = m_pendingColumn;
    if (!launchBackgroundSort(std::move(finished->keys)))
        sortNow(column, m_pendingOrder);
}

bool ItemTreeModel::launchBackgroundSort(std::unique_ptr<tree::SortKeys> keys)
{
    QElapsedTimer timer;
    timer.start();
    // A new column's keys are the snapshot's own (read in place by the worker);
    // the Name keys stay in use for arriving rows and are copied.
    auto snapshot = keys ? std::make_shared<tree::SortSnapshot>(std::move(keys))
                         : std::make_shared<tree::SortSnapshot>(*m_nameKeys);
    m_tree->forEachList([&](tree::ChildList &list) {
        if (list.size() >= m_backgroundSortRows)
            snapshot->addList(list);
    });
    if (snapshot->rowCount() == 0) {
        m_pendingColumn = -1;
        return false; // large lists of groups or containers: sorted at once
    }
    qCDebug(lcModel) << "sort: snapshot of" << snapshot->rowCount() << "rows in" << timer.elapsed()
                     << "ms";
    m_pendingSort = snapshot;

    auto promise = std::make_shared<QPromise<void>>();
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, weak = std::weak_ptr<tree::SortSnapshot>(snapshot)] {
                watcher->deleteLater();
                if (m_pendingSort && weak.lock() == m_pendingSort)
                    applyBackgroundSort();
            });
    watcher->setFuture(promise->future());
    const bool ascending = m_pendingOrder == Qt::AscendingOrder;
    QThreadPool::globalInstance()->start([promise, snapshot, ascending] {
        promise->start();
        snapshot->sort(ascending);
        promise->finish();
    });
    return true;
}

void ItemTreeModel::applyBackgroundSort()
{
    std::shared_ptr<tree::SortSnapshot> snapshot = std::exchange(m_pendingSort, nullptr);
    // Freeing the copies and the lists' old blocks (a million pointers) is
    // left to a worker: nothing on this thread refers to them any more.
    const auto release = qScopeGuard([&snapshot] {
        QThreadPool::globalInstance()->start(
            [doomed = std::move(snapshot)]() mutable { doomed.reset(); });
    });
    std::unique_ptr<tree::SortKeys> keys = snapshot->takeKeys();
    const int column = std::exchange(m_pendingColumn, -1);
    if (m_generation != m_pendingGeneration || column >= columnCount()) {
        // Rows, keys or lists changed meanwhile: the copy is stale.
        if (column < columnCount())
            sortNow(column, m_pendingOrder);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    qint64 assigned = 0, changed = 0;
    relayout([&] {
        m_sortColumn = column;
        m_sortOrder = m_pendingOrder;
        if (keys)
            m_keys = std::move(keys);
        else
            m_keys->clear();
        m_nodeKeyCache.clear();
        m_nodeKeys.clear();
        snapshot->apply();
        assigned = timer.elapsed();
        m_tree->sortAll([&](const tree::ChildList &list) { return snapshot->contains(&list); });
        changed = timer.elapsed();
    });
    qCDebug(lcModel) << "sort: worker's order applied in" << timer.elapsed() << "ms (lists"
                     << assigned << "ms, other lists" << changed - assigned << "ms, layoutChanged"
                     << timer.elapsed() - changed << "ms)";
    Q_EMIT sortApplied();
}

void ItemTreeModel::cancelBackgroundSort()
{
    // The worker finishes on its own copy; its result is ignored.
    m_sortPrepTimer.stop();
    m_sortPrep.reset();
    m_pendingSort.reset();
    m_pendingColumn = -1;
}

void ItemTreeModel::relayout(const std::function<void()> &change)
{
    ++m_generation;
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList from = persistentIndexList();
    std::vector<std::pair<TreeNode *, int>> nodes;
    nodes.reserve(size_t(from.size()));
    for (const QModelIndex &index : from)
        nodes.emplace_back(nodeOf(index), index.column());
    change();
    QModelIndexList to;
    to.reserve(from.size());
    for (const auto &[node, column] : nodes)
        to.append(node ? indexOf(node, column) : QModelIndex());
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged();
}

// ---------------------------------------------------------------- filter

bool ItemTreeModel::nodeMatches(const TreeNode *node) const
{
    switch (node->kind()) {
    case TreeNode::Kind::Item:
        return matchRow(node->ref());
    case TreeNode::Kind::Placeholder:
        return tree::RowFilter::matches(tree::RowStore::fold(m_grouping->title(node)), m_words);
    default:
        return false;
    }
}

void ItemTreeModel::setFilterText(const QString &text)
{
    m_filterText = text;
    const QByteArrayList words = tree::RowFilter::words(text);
    if (words == m_words && !m_search->isRunning()) {
        m_appliedText = text;
        return;
    }
    m_searchTimer.stop();
    if (words.isEmpty()) {
        m_search->cancel();
        applyFilterResult(text, {}, {});
        return;
    }
    if (tree::RowFilter::narrows(words, m_words)) {
        // The applied matches are kept current as rows come and go: only they can match.
        std::vector<int> candidates;
        candidates.reserve(size_t(m_matchCount));
        for (size_t rowId = 0; rowId < m_match.size(); ++rowId)
            if (m_match[rowId])
                candidates.push_back(int(rowId));
        m_search->startNarrowing(words, std::move(candidates));
    } else {
        m_search->start(words);
    }
    m_searchText = text;
    m_searchClock.start();
    m_searchTimer.start(); // from the event loop: a newer keystroke in this turn replaces it
}

bool ItemTreeModel::isFilterPending() const
{
    return m_search->isRunning();
}

void ItemTreeModel::applyPendingFilterNow()
{
    if (!m_search->isRunning())
        return;
    m_searchTimer.stop();
    applyFilterResult(m_searchText, m_search->words(), m_search->finish(*m_rows));
}

void ItemTreeModel::filterStep()
{
    // About half a frame of searching per event-loop turn.
    if (!m_search->step(*m_rows, 8)) {
        m_searchTimer.start();
        return;
    }
    applyFilterResult(m_searchText, m_search->words(), m_search->finish(*m_rows));
}

void ItemTreeModel::applyFilterResult(const QString &text, const QByteArrayList &words,
                                      std::vector<quint8> match)
{
    QElapsedTimer timer;
    timer.start();
    const qint64 searched = m_searchClock.isValid() ? m_searchClock.elapsed() : 0;
    ++m_generation;
    m_words = words;
    m_match = std::move(match);
    m_appliedText = text;
    m_matchCount = 0;
    if (!m_words.isEmpty())
        for (size_t rowId = 0; rowId < m_match.size(); ++rowId)
            if (m_match[rowId])
                m_matchCount += m_rows->isAlive(int(rowId));
    relayout([&] {
        if (m_words.isEmpty())
            m_tree->dropFilter();
        else
            m_tree->applyFilter();
    });
    qCDebug(lcModel) << "filter" << text << "searched in" << searched << "ms, applied in"
                     << timer.elapsed() << "ms";
    m_searchClock.invalidate();
    Q_EMIT filterApplied(text);
    Q_EMIT countsChanged();
}

// ---------------------------------------------------------------- keys and lookups

TreeNode *ItemTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return reinterpret_cast<TreeNode *>(index.internalId() & ~kTagMask);
}

QModelIndex ItemTreeModel::indexOf(const TreeNode *node, int column) const
{
    if (!node || node == m_tree->root())
        return {};
    // Only rows the model shows: every ancestor must be shown too.
    for (const TreeNode *n = node; n != m_tree->root(); n = n->parent())
        if (!n || !n->parent() || n->row() < 0)
            return {};
    return createIndex(node->row(), column, tagged(node));
}

std::optional<ItemKey> ItemTreeModel::itemKey(const QModelIndex &index) const
{
    const TreeNode *node = nodeOf(index);
    if (!node || node->kind() != TreeNode::Kind::Item)
        return std::nullopt;
    return m_rows->key(node->ref());
}

std::optional<ItemRow> ItemTreeModel::itemRow(const QModelIndex &index) const
{
    const TreeNode *node = nodeOf(index);
    if (!node || node->kind() != TreeNode::Kind::Item)
        return std::nullopt;
    return m_rows->row(node->ref());
}

std::optional<ItemRow> ItemTreeModel::itemRow(const ItemKey &key) const
{
    const int rowId = m_rows->find(key);
    if (rowId < 0)
        return std::nullopt;
    return m_rows->row(rowId);
}

QModelIndex ItemTreeModel::indexOfItem(const ItemKey &key, int column) const
{
    const int rowId = m_rows->find(key);
    return rowId < 0 ? QModelIndex() : indexOf(m_tree->itemNode(rowId), column);
}

QString ItemTreeModel::nodeKey(const QModelIndex &index) const
{
    const TreeNode *node = nodeOf(index);
    if (!node)
        return {};
    if (node->kind() == TreeNode::Kind::Item)
        return QStringLiteral("item:") + m_rows->type(node->ref()) + QLatin1Char('\x1f') +
               m_rows->id(node->ref());
    return m_grouping->key(node);
}

QModelIndex ItemTreeModel::indexOfNodeKey(const QString &key) const
{
    if (key.startsWith(QLatin1String("item:"))) {
        const int split = key.indexOf(QLatin1Char('\x1f'));
        return indexOfItem(ItemKey{key.mid(5, split - 5), key.mid(split + 1)});
    }
    if (key.startsWith(QLatin1String("stub:"))) {
        const int split = key.indexOf(QLatin1Char('\x1f'));
        const QModelIndex item = indexOfItem(ItemKey{key.mid(5, split - 5), key.mid(split + 1)});
        const int rows = rowCount(item);
        return rows > 0 && nodeKind(index(rows - 1, 0, item)) == NodeKind::Stub
                   ? index(rows - 1, 0, item)
                   : QModelIndex();
    }
    // Groups and placeholders are top-level rows.
    for (int row = 0; row < rowCount(); ++row) {
        const QModelIndex top = index(row, 0);
        if (nodeKind(top) != NodeKind::Item && nodeKey(top) == key)
            return top;
    }
    return {};
}

ItemTreeModel::NodeKind ItemTreeModel::nodeKind(const QModelIndex &index) const
{
    const TreeNode *node = nodeOf(index);
    switch (node ? node->kind() : TreeNode::Kind::Item) {
    case TreeNode::Kind::Group:
        return NodeKind::Group;
    case TreeNode::Kind::Placeholder:
        return NodeKind::Placeholder;
    case TreeNode::Kind::Stub:
        return NodeKind::Stub;
    default:
        return NodeKind::Item;
    }
}

std::optional<ItemKey> ItemTreeModel::placeholderKey(const QModelIndex &index) const
{
    const TreeNode *node = nodeOf(index);
    if (!node || node->kind() != TreeNode::Kind::Placeholder)
        return std::nullopt;
    return m_grouping->placeholderKey(node);
}

QVector<ItemKey> ItemTreeModel::allKeys() const
{
    QVector<ItemKey> keys;
    keys.reserve(m_rows->liveCount());
    for (int rowId = 0; rowId < m_rows->capacity(); ++rowId)
        if (m_rows->isAlive(rowId))
            keys.append(m_rows->key(rowId));
    return keys;
}

QVector<int> ItemTreeModel::rowsWithChildren(const QModelIndex &parent) const
{
    const TreeNode *node = parent.isValid() ? nodeOf(parent) : m_tree->root();
    const tree::ChildList *list =
        node ? node->list(node->isFiltered() ? tree::Layer::Shown : tree::Layer::All) : nullptr;
    QVector<int> rows;
    if (!list)
        return rows;
    for (int row : list->nonLeafRows())
        if (hasChildren(index(row, 0, parent)))
            rows.append(row);
    return rows;
}

int ItemTreeModel::indexesOfRows(const QModelIndex &parent, int first, int count,
                                 QModelIndex *out) const
{
    const TreeNode *node = parent.isValid() ? nodeOf(parent) : m_tree->root();
    const tree::ChildList *list =
        node ? node->list(node->isFiltered() ? tree::Layer::Shown : tree::Layer::All) : nullptr;
    if (!list || parent.column() > 0)
        return 0;
    int row = first;
    list->forEach(first, count, [&](TreeNode *child, qint32 leafRow) {
        out[row - first] = createIndex(row, 0, leafRow >= 0 ? leafItemTag(child) : tagged(child));
        ++row;
    });
    return row - first;
}

// ---------------------------------------------------------------- lazy containers

bool ItemTreeModel::wantsStub(int rowId) const
{
    if (!(m_rows->flags(rowId) & ItemRow::LazyChildren))
        return false;
    return childrenState(m_rows->key(rowId)) != ChildrenState::Loaded;
}

ItemTreeModel::ChildrenState ItemTreeModel::childrenState(const ItemKey &key) const
{
    const auto it = m_children.constFind(key);
    if (it != m_children.cend())
        return it->state;
    const int rowId = m_rows->find(key);
    return rowId >= 0 && (m_rows->flags(rowId) & ItemRow::LazyChildren) ? ChildrenState::NotLoaded
                                                                        : ChildrenState::None;
}

void ItemTreeModel::setChildrenState(const ItemKey &key, ChildrenState state, const Error &error)
{
    m_children.insert(key, ChildFetch{state, error});
    const int rowId = m_rows->find(key);
    if (rowId < 0)
        return;
    m_grouping->stubChanged(rowId);
    m_tree->flush();
    emitChanged();
}

QVector<ItemKey> ItemTreeModel::unloadedContainers() const
{
    QVector<ItemKey> keys;
    for (int rowId : m_lazyRows) {
        if (!m_rows->isAlive(rowId) || !(m_rows->flags(rowId) & ItemRow::LazyChildren))
            continue;
        const ItemKey key = m_rows->key(rowId);
        if (childrenState(key) == ChildrenState::NotLoaded)
            keys.append(key);
    }
    return keys;
}

QString ItemTreeModel::stubText(const TreeNode *node) const
{
    const auto it = m_children.constFind(m_rows->key(node->ref()));
    const ChildrenState state = it == m_children.cend() ? ChildrenState::NotLoaded : it->state;
    switch (state) {
    case ChildrenState::Loading:
        return tr("Loading\u2026");
    case ChildrenState::Failed:
        return tr("Not all loaded: %1 (double-click to retry)").arg(it->error.message);
    default:
        return tr("Not loaded (double-click to load)");
    }
}

// ---------------------------------------------------------------- QAbstractItemModel

QModelIndex ItemTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount() || parent.column() > 0)
        return {};
    const TreeNode *node = parent.isValid() ? nodeOf(parent) : m_tree->root();
    qint32 leafRow = -1;
    TreeNode *child = node ? node->child(row, &leafRow) : nullptr;
    if (!child)
        return {};
    // A leaf item's tag is known without reading its node (views ask for every row).
    return createIndex(row, column, leafRow >= 0 ? leafItemTag(child) : tagged(child));
}

QModelIndex ItemTreeModel::parent(const QModelIndex &child) const
{
    const TreeNode *node = nodeOf(child);
    TreeNode *parent = node ? node->parent() : nullptr;
    if (!parent || parent == m_tree->root())
        return {};
    return createIndex(parent->row(), 0, tagged(parent));
}

int ItemTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const TreeNode *node = parent.isValid() ? nodeOf(parent) : m_tree->root();
    return node ? node->childCount() : 0;
}

int ItemTreeModel::columnCount(const QModelIndex &) const
{
    return FirstValueColumn + int(m_presentation.columns.size()) + 2;
}

bool ItemTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

Qt::ItemFlags ItemTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    // From the index alone (see tagged()): a view asks this of every row it lays
    // out, and skips looking for children of rows that never have any.
    if (index.internalId() & 8u)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant ItemTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    const int values = int(m_presentation.columns.size());
    if (section == NameColumn)
        return tr("Name");
    if (section == TypeColumn)
        return tr("Type");
    if (section >= FirstValueColumn && section < FirstValueColumn + values)
        return m_presentation.columns.at(section - FirstValueColumn).title;
    if (section == createdColumn())
        return tr("Created");
    if (section == modifiedColumn())
        return tr("Modified");
    return {};
}

QString ItemTreeModel::typeName(quint32 typeId) const
{
    auto it = m_typeNames.find(typeId);
    if (it == m_typeNames.end())
        it = m_typeNames.insert(typeId, m_presentation.typeName(m_rows->strings().at(typeId)));
    return it.value();
}

QVariant ItemTreeModel::display(const TreeNode *node, int column) const
{
    switch (node->kind()) {
    case TreeNode::Kind::Group:
    case TreeNode::Kind::Placeholder:
        if (column == NameColumn)
            return m_grouping->title(node);
        if (column == TypeColumn)
            return m_grouping->typeTitle(node);
        return {};
    case TreeNode::Kind::Stub:
        return column == NameColumn ? stubText(node) : QVariant();
    case TreeNode::Kind::Root:
        return {};
    case TreeNode::Kind::Item:
        break;
    }
    const int rowId = node->ref();
    if (column == NameColumn)
        return m_rows->displayName(rowId);
    if (column == TypeColumn)
        return typeName(m_rows->typeId(rowId));
    if (column < createdColumn()) {
        const int value = column - FirstValueColumn;
        // Amounts as the user's locale writes numbers, like every count in the window.
        if (m_presentation.columns.at(value).numeric)
            return DisplayFormat::numericText(m_rows->value(rowId, value));
        return m_rows->value(rowId, value);
    }
    const qint64 ms =
        column == createdColumn() ? m_rows->createdMs(rowId) : m_rows->modifiedMs(rowId);
    if (ms == 0)
        return QString();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toLocalTime(),
                              QLocale::ShortFormat);
}

QVariant ItemTreeModel::data(const QModelIndex &index, int role) const
{
    const TreeNode *node = nodeOf(index);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(node, index.column());
    case Qt::ToolTipRole:
        if (node->kind() == TreeNode::Kind::Placeholder)
            return tr("This item is not loaded (or not shared); the items that name it are "
                      "listed here.");
        if (node->kind() == TreeNode::Kind::Stub)
            return tr("The children of this item are loaded when you expand it.");
        if (node->kind() == TreeNode::Kind::Item && index.column() == NameColumn) {
            QString tip =
                tr("%1 %2").arg(typeName(m_rows->typeId(node->ref())), m_rows->id(node->ref()));
            if (m_rows->flags(node->ref()) & ItemRow::HasProblems)
                tip += QLatin1Char('\n') + tr("Some of this item could not be read; see its "
                                              "details.");
            return tip;
        }
        return {};
    case Qt::FontRole:
        if (node->kind() == TreeNode::Kind::Group)
            return m_bold;
        if (node->kind() == TreeNode::Kind::Placeholder || node->kind() == TreeNode::Kind::Stub)
            return m_italic;
        return {};
    case NodeKeyRole:
        return nodeKey(index);
    case ItemIdRole:
        if (node->kind() == TreeNode::Kind::Item)
            return m_rows->id(node->ref());
        if (node->kind() == TreeNode::Kind::Placeholder)
            return m_grouping->placeholderKey(node).id;
        return QString();
    case ItemTypeRole:
        if (node->kind() == TreeNode::Kind::Item)
            return m_rows->type(node->ref());
        if (node->kind() == TreeNode::Kind::Placeholder)
            return m_grouping->placeholderKey(node).type;
        return QString();
    case NodeKindRole:
        return int(nodeKind(index));
    }
    return {};
}

} // namespace desk
