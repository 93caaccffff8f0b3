// ProblemDelegate: a warning icon and tooltip on rows of incomplete items.
#include "problemdelegate.h"

#include "itemtreemodel.h"
#include "thememanager.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace desk {

ProblemDelegate::ProblemDelegate(const ItemTreeModel &model, const ThemeManager &theme,
                                 QObject *parent)
    : QStyledItemDelegate(parent), m_model(model), m_theme(theme)
{}

bool ProblemDelegate::hasProblems(const QModelIndex &index) const
{
    if (m_model.nodeKind(index) != ItemTreeModel::NodeKind::Item)
        return false;
    const std::optional<ItemRow> row = m_model.itemRow(index);
    return row && row->has(ItemRow::HasProblems);
}

void ProblemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!hasProblems(index))
        return;
    option->icon = m_theme.icon(QStringLiteral("warning"));
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(16, 16);
}

bool ProblemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && hasProblems(index)) {
        QToolTip::showText(event->globalPos(),
                           tr("Incomplete: something about this item could not be read. The "
                              "details pane says what."),
                           view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace desk
