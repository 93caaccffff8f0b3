#pragma once

// FilterEdit: the filter box. Escape clears a filter that has text (before the
// window's Escape, Cancel, sees it); an empty box lets Escape through.

#include <QLineEdit>

namespace desk {

class FilterEdit : public QLineEdit
{
public:
    explicit FilterEdit(QWidget *parent = nullptr);

protected:
    bool event(QEvent *event) override;
};

} // namespace desk
