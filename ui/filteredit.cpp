// FilterEdit: a filter box that Escape clears.
#include "filteredit.h"

#include <QKeyEvent>

namespace desk {

FilterEdit::FilterEdit(QWidget *parent) : QLineEdit(parent)
{
    setObjectName(QStringLiteral("filterEdit"));
    setPlaceholderText(tr("Filter (Ctrl+F)"));
    setClearButtonEnabled(true);
}

bool FilterEdit::event(QEvent *event)
{
    if ((event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && !text().isEmpty()) {
        event->accept(); // ours, not the window's shortcut
        if (event->type() == QEvent::KeyPress)
            clear();
        return true;
    }
    return QLineEdit::event(event);
}

} // namespace desk
