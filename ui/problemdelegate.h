#pragma once

// ProblemDelegate: marks, in the Name column, the rows of items with problems
// (something about them could not be read) with a warning icon, and says what
// in the tooltip is in the details pane.

#include <QStyledItemDelegate>

namespace desk {

class ItemTreeModel;
class ThemeManager;

class ProblemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ProblemDelegate(const ItemTreeModel &model, const ThemeManager &theme, QObject *parent);

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    bool hasProblems(const QModelIndex &index) const;

    const ItemTreeModel &m_model;
    const ThemeManager &m_theme;
};

} // namespace desk
