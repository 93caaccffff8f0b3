#pragma once

#include <QFrame>
#include <QVector>

class QLabel;
class QHBoxLayout;
class QToolButton;

namespace desk {

// A non-modal message strip above the tree (KMessageWidget-like): icon, text
// that says what happened and what to do next, optional action buttons, close.
class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Info,
        Warning,
        Error
    };

    explicit MessageBanner(QWidget *parent = nullptr);

    // Replaces the message and its actions; shows the banner.
    void showMessage(Kind kind, const QString &text, const QList<QAction *> &actions = {});
    void dismiss();

    Kind kind() const { return m_kind; }
    QString text() const;
    QList<QAction *> actions() const { return m_actions; }
    void setIconProvider(std::function<QIcon(const QString &)> provider)
    {
        m_iconProvider = std::move(provider);
    }

Q_SIGNALS:
    void dismissed();

private:
    Kind m_kind = Kind::Info;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QHBoxLayout *m_buttons = nullptr;
    QToolButton *m_close = nullptr;
    QList<QAction *> m_actions;
    QVector<QWidget *> m_actionButtons;
    std::function<QIcon(const QString &)> m_iconProvider;
};

} // namespace desk
