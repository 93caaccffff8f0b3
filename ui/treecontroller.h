#pragma once

// TreeController: how the item tree behaves in the window — rows put in at a
// pace the view can follow, views switched keeping expanded and selected rows,
// the filter (matches shown, the tree given back when it is cleared), lazy
// containers loaded on first expand only, a single root opened, the first Tab
// landing on a visible row, and per-integration column widths and sort.

#include "items/itemrow.h"
#include "itemtreeview.h"

#include <QObject>
#include <functional>
#include <optional>

class QTimer;

namespace desk {

class ChildrenFetcher;
class ItemTreeModel;
class WindowState;

class TreeController : public QObject
{
    Q_OBJECT
public:
    TreeController(ItemTreeView &view, ItemTreeModel &model, ChildrenFetcher &children,
                   const WindowState &state, QObject *parent = nullptr);

    // A new integration: its columns' widths and sort (saved, else fitted).
    void showIntegration(const QString &providerId, const QString &view);
    void saveHeader(const QString &providerId) const;

    void appendRows(const RowBatch &rows);
    void flushPending();    // one slice
    void flushAllPending(); // everything now
    void stopPending();

    void setView(const QString &view);
    std::optional<ItemKey> currentKey() const;
    QVector<ItemKey> selectedKeys() const;
    void select(const ItemKey &key);
    int childItems(const ItemKey &key) const; // items shown under it
    void setFilterText(const QString &text);
    void expandAll();
    void forgetFilterState() { m_stateBeforeFilter = {}; }

Q_SIGNALS:
    void allRowsInserted();                       // the last queued rows are in the tree
    void itemActivated(const desk::ItemKey &key); // double-click or Enter on an item

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void expandWithoutFetching(const std::function<void()> &expand);
    void expandSingleRoot();
    void restoreSort(const QString &providerId);
    QString columnKey(int column) const;       // stable across integrations: "name", "created"…
    int columnOfKey(const QString &key) const; // -1: not a column of this integration
    void onFilterApplied(const QString &text);
    void onExpanded(const QModelIndex &index);
    void fitColumns();
    void fitColumnsWhenLaidOut();
    void showTypeColumnForView();

    ItemTreeView &m_view;
    ItemTreeModel &m_model;
    ChildrenFetcher &m_children;
    const WindowState &m_state;
    QTimer *m_flushTimer = nullptr;
    ItemTreeView::State m_stateBeforeFilter;
    bool m_expandingWithoutFetch = false; // expand-all / filter expansion: never fetch children
    bool m_fitPending = false;            // columns to fit once the view has its width
    bool m_fitting = false;               // fitColumns() is resizing sections
    bool m_autoFitted = false; // the widths are fitColumns()'s, not restored or the user's
    QString m_openedRoot;      // node key of the single root opened for this integration
};

} // namespace desk
