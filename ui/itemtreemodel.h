#pragma once

// ItemTreeModel: the Qt model of the item tree. A thin QAbstractItemModel over
// tree::RowStore (the rows), tree::Tree (nodes of the current view), one
// tree::Grouping (the view), tree::SortKeys (the sort) and tree::RowFilter (the
// filter). It follows a row source (addRows / removeRows / clear, what the item
// store emits) and sorts and filters itself: no proxy model.

#include "common/error.h"
#include "items/itempresentation.h"
#include "items/itemrow.h"

#include <QAbstractItemModel>
#include <QByteArrayList>
#include <QElapsedTimer>
#include <QFont>
#include <QHash>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

namespace desk {

namespace tree {
class Grouping;
class RowStore;
class SortKeys;
class SortSnapshot;
class Tree;
class TreeNode;
class RowFilter;
struct SortKey;
} // namespace tree

class ItemTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class NodeKind
    {
        Group,       // "Contacts (1,234)", "No company (3)"
        Item,        // one row
        Placeholder, // a parent that rows name but that is not loaded (yet)
        Stub,        // "Not loaded" / "Loading…" / the error, under a lazy container
    };
    Q_ENUM(NodeKind)

    enum class ChildrenState
    {
        None,      // not a lazy container
        NotLoaded, // lazy container, children not asked for (or the fetch was cancelled)
        Loading,
        Loaded,
        Failed, // the fetch stopped with an error; children that arrived are kept
    };
    Q_ENUM(ChildrenState)

    enum Roles
    {
        NodeKeyRole = Qt::UserRole + 1, // stable key of the row, across views (QString)
        ItemIdRole,
        ItemTypeRole,
        NodeKindRole, // int(NodeKind)
    };

    static constexpr int NameColumn = 0;
    static constexpr int TypeColumn = 1;
    static constexpr int FirstValueColumn = 2;

    // Views: "type" (By type), each grouping's id (By company...), "parent"
    // (By parent, when the presentation has a hierarchy).
    static QString byTypeView() { return QStringLiteral("type"); }
    static QString byParentView() { return QStringLiteral("parent"); }

    explicit ItemTreeModel(QObject *parent = nullptr);
    ~ItemTreeModel() override;

    // Columns, groupings and names. Clears the rows.
    void setPresentation(const ItemPresentation &presentation);
    const ItemPresentation &presentation() const { return m_presentation; }
    QStringList views() const;
    QString viewTitle(const QString &view) const;
    QString view() const { return m_view; }
    void setView(const QString &view); // rebuilds (model reset); unknown views fall back to By type

    int valueColumn(int slot) const { return FirstValueColumn + slot; }
    int createdColumn() const { return FirstValueColumn + int(m_presentation.columns.size()); }
    int modifiedColumn() const { return createdColumn() + 1; }

    // ---- the row source
    // New rows are added; rows whose (type, id) is known replace the old ones
    // (moved when their parent or group changed).
    void addRows(const RowBatch &rows);
    void updateRows(const RowBatch &rows) { addRows(rows); }
    void removeRows(const QVector<ItemKey> &keys);
    void clear();
    // Deferred: addRows() stores new rows at once (compact, counted, found by
    // key) but puts them in the tree only in insertPending(), so the caller can
    // pace how much tree work each event-loop turn does.
    void setDeferInserts(bool defer) { m_deferInserts = defer; }
    int pendingRows() const { return int(m_pending.size() - m_pendingHead); }
    // Puts pending rows in the tree for about `budgetMs`; true when none are left.
    bool insertPending(int budgetMs);

    // ---- counts
    int itemCount() const;
    int countOfType(const QString &type) const;
    // Items the filter lets through (all of them without a filter).
    int visibleItemCount() const;

    // ---- rows and keys
    std::optional<ItemKey> itemKey(const QModelIndex &index) const; // items only
    std::optional<ItemRow> itemRow(const QModelIndex &index) const;
    std::optional<ItemRow> itemRow(const ItemKey &key) const;
    QModelIndex indexOfItem(const ItemKey &key, int column = 0) const;
    QModelIndex indexOfItem(const QString &type, const QString &id, int column = 0) const
    {
        return indexOfItem(ItemKey{type, id}, column);
    }
    // Stable keys of rows (items, groups, placeholders), the same in every view
    // where the row exists: for keeping selection and expansion.
    QString nodeKey(const QModelIndex &index) const;
    QModelIndex indexOfNodeKey(const QString &key) const;
    NodeKind nodeKind(const QModelIndex &index) const;
    // The item a placeholder row stands for.
    std::optional<ItemKey> placeholderKey(const QModelIndex &index) const;
    QVector<ItemKey> allKeys() const;
    // Rows under `parent` that may have children (not leaf items): what a view
    // walks to find expanded rows, without visiting a million contacts.
    QVector<int> rowsWithChildren(const QModelIndex &parent) const;
    // Indexes (column 0) of rows [first, first + count) under `parent`, in order,
    // into out[0..count): what a view lays out, without a lookup per row.
    // Returns how many were written (fewer past the last row).
    int indexesOfRows(const QModelIndex &parent, int first, int count, QModelIndex *out) const;

    // ---- sorting and filtering
    // A layout change. When a sibling list holds at least
    // backgroundSortThreshold() leaf items, the new order is computed on a
    // worker from a copy of the keys and applied later in one layout change
    // (sortColumn() and sortOrder() change then; isSortPending() meanwhile);
    // if the rows changed in between, the sort is done at once when the
    // worker ends. Either way sortApplied() follows.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isSortPending() const { return m_pendingSort != nullptr || m_sortPrep != nullptr; }
    // Tests: at most this many rows' keys per slice while a new column's keys
    // are made for a background sort (0: slices of about 8 ms).
    void setSortKeySliceRows(int rows) { m_sortKeySliceRows = qMax(0, rows); }
    void setBackgroundSortThreshold(int rows) { m_backgroundSortRows = qMax(1, rows); }
    int backgroundSortThreshold() const { return m_backgroundSortRows; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Every word must occur in the name, id, a value column or the parent's
    // name (case-insensitive). Matching runs in slices; the result is applied
    // in one layout change (filterApplied()). A newer text replaces a running search.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }     // what was asked
    QString appliedFilter() const { return m_appliedText; } // what the rows show
    bool isFilterPending() const;
    void applyPendingFilterNow(); // finishes a running search at once (tests, benchmarks)

    // ---- lazy containers (ItemRow::LazyChildren): the model shows a stub row
    // while the children are not loaded; the caller fetches and reports here.
    ChildrenState childrenState(const ItemKey &key) const;
    void setChildrenState(const ItemKey &key, ChildrenState state, const Error &error = {});
    QVector<ItemKey> unloadedContainers() const; // lazy containers shown with a stub, never loaded

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

Q_SIGNALS:
    void filterApplied(const QString &text);
    void sortApplied();   // the order of sortColumn() and sortOrder() is in place
    void countsChanged(); // item count, per-type counts or the visible count changed

private:
    class Host;
    friend class Host;
    tree::TreeNode *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const tree::TreeNode *node, int column = 0) const;
    void rebuild();
    void computeKey(int rowId);
    tree::SortKey columnKey(tree::SortKeys &keys, int column, int rowId) const;
    void computeColumnKeys();
    void sortNow(int column, Qt::SortOrder order);
    bool startBackgroundSort(int column, Qt::SortOrder order);
    void sortPreparationStep();
    bool launchBackgroundSort(std::unique_ptr<tree::SortKeys> keys);
    void applyBackgroundSort();
    void cancelBackgroundSort();
    tree::SortKeys &activeKeys() const;
    bool lessRows(int a, int b) const;
    tree::SortKey nodeKey(const tree::TreeNode *node) const;
    bool lessNodes(const tree::TreeNode *a, const tree::TreeNode *b) const;
    bool nodeMatches(const tree::TreeNode *node) const;
    void relayout(const std::function<void()> &change);
    void filterStep();
    void applyFilterResult(const QString &text, const QByteArrayList &words,
                           std::vector<quint8> match);
    bool wantsStub(int rowId) const;
    QString typeName(quint32 typeId) const;
    QString stubText(const tree::TreeNode *node) const;
    QVariant display(const tree::TreeNode *node, int column) const;
    void emitChanged();
    bool matchRow(int rowId) const;

    ItemPresentation m_presentation;
    QString m_view;
    std::unique_ptr<tree::RowStore> m_rows;
    std::unique_ptr<Host> m_host;
    std::unique_ptr<tree::Tree> m_tree;
    std::unique_ptr<tree::Grouping> m_grouping;
    std::unique_ptr<tree::SortKeys> m_keys;                    // the sort column's, when not Name
    std::unique_ptr<tree::SortKeys> m_nameKeys;                // always
    mutable QHash<const tree::TreeNode *, int> m_nodeKeyCache; // non-item nodes -> m_nodeKeys
    mutable std::vector<tree::SortKey> m_nodeKeys;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    // A sort computed on a worker: its snapshot (holding the new column's keys,
    // none for Name), the order asked for, and m_generation when it was taken
    // (bumped by every change to rows, keys or the tree's lists).
    std::shared_ptr<tree::SortSnapshot> m_pendingSort;
    // Before it: the new column's keys being made, a slice per event-loop turn.
    struct SortPreparation
    {
        std::unique_ptr<tree::SortKeys> keys;
        int nextRow = 0;
        QElapsedTimer clock;
    };
    std::unique_ptr<SortPreparation> m_sortPrep;
    QTimer m_sortPrepTimer;
    int m_sortKeySliceRows = 0;
    int m_pendingColumn = -1;
    Qt::SortOrder m_pendingOrder = Qt::AscendingOrder;
    quint64 m_generation = 0, m_pendingGeneration = 0;
    int m_backgroundSortRows = 20000;
    QHash<quint32, int> m_typeCounts;
    mutable QHash<quint32, QString> m_typeNames;

    // Filter: the applied words and matches; a search for newer words may run.
    QString m_filterText, m_appliedText;
    QByteArrayList m_words;
    std::vector<quint8> m_match;
    int m_matchCount = 0;
    std::unique_ptr<tree::RowFilter> m_search;
    QString m_searchText;
    QTimer m_searchTimer;
    QElapsedTimer m_searchClock;

    struct ChildFetch
    {
        ChildrenState state = ChildrenState::NotLoaded;
        Error error;
    };
    QHash<ItemKey, ChildFetch> m_children;
    std::vector<int> m_lazyRows;             // rows flagged LazyChildren (some may be gone)
    std::vector<tree::TreeNode *> m_changed; // rows to report in one dataChanged per parent
    bool m_resetting = false;
    bool m_deferInserts = false;
    std::vector<int> m_pending; // row ids stored but not yet in the tree, from m_pendingHead
    size_t m_pendingHead = 0;
    QFont m_bold, m_italic;
};

} // namespace desk
