#pragma once

#include <QTreeView>

namespace desk {

// QTreeView that says what to do when it has no rows ("Press Connect...").
class ItemTreeView : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;

    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};

} // namespace desk
