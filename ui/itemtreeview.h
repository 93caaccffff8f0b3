#pragma once

// ItemTreeView: the QTreeView of the item tree. Says what to do when it has no
// rows ("Press Connect..."), keeps expansion and selection across a model
// reset by the model's stable row keys, measures its own relayouts (the
// window paces streamed rows by them) and lays its rows out from the model's
// sibling blocks instead of asking for each row (where Qt's private headers
// are available: see doItemsLayout()).

#include <QElapsedTimer>
#include <QStringList>
#include <QTreeView>

namespace desk {

class ItemTreeModel;

class ItemTreeView : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;

    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString &text);

    // Expanded, selected and current rows by ItemTreeModel::nodeKey.
    struct State
    {
        QStringList expanded;
        QStringList selected;
        QString current;
        bool isEmpty() const
        {
            return expanded.isEmpty() && selected.isEmpty() && current.isEmpty();
        }
    };
    State saveState() const;
    void restoreState(const State &state);

    // How long the last full relayout of the rows took (the view redoes it
    // after every batch of inserted rows), in ms.
    double lastLayoutMs() const { return m_lastLayoutMs; }
    // Relayouts so far and their total time (benchmarks tell them apart from painting).
    int layoutCount() const { return m_layoutCount; }
    double layoutMsTotal() const { return m_layoutMsTotal; }
    // Whether the last relayout took the fast path (rows from ItemTreeModel's
    // blocks) rather than QTreeView's own row-by-row layout.
    bool lastLayoutWasFast() const { return m_lastLayoutFast; }
    // On by default; off: always QTreeView's own layout (tests and benchmarks
    // compare the two).
    void setBulkLayoutEnabled(bool enabled) { m_bulkLayout = enabled; }
    bool bulkLayoutEnabled() const { return m_bulkLayout; }
    // Whether this build and the Qt it runs on can take the fast path at all.
    static bool bulkLayoutAvailable();
    // QTreeView (Qt 6.4) lays out every visible row again after any insert,
    // removal or layout change, asking the model for each row's index, flags
    // and children: about 40 ms for a million rows. With ItemTreeModel (and
    // no hidden or spanned rows) the rows come from the model in bulk instead,
    // producing the same view items.
    void doItemsLayout() override;
    // Qt walks every row of a changed range (visual rects, heights, children
    // flags); a refresh's scattered changes under a large parent span most of
    // its rows. Wide ranges repaint the viewport instead: rows have uniform
    // heights and a data change never changes whether a row has children.
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    static constexpr int kWideChangeRows = 64;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const ItemTreeModel *treeModel() const;
    bool fastLayout();

    QString m_placeholder;
    double m_lastLayoutMs = 0;
    int m_layoutCount = 0;
    double m_layoutMsTotal = 0;
    bool m_lastLayoutFast = false;
    bool m_bulkLayout = true;
};

} // namespace desk
