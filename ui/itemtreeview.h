#pragma once

// ItemTreeView: the QTreeView of the item tree. Says what to do when it has no
// rows ("Press Connect..."), keeps expansion and selection across a model
// reset by the model's stable row keys, and measures its own relayouts (the
// window paces streamed rows by them).

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
    void doItemsLayout() override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const ItemTreeModel *treeModel() const;

    QString m_placeholder;
    double m_lastLayoutMs = 0;
};

} // namespace desk
