#include "messagebanner.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace desk {

MessageBanner::MessageBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QHBoxLayout;
    m_close = new QToolButton(this);
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close message"));
    m_close->setAccessibleName(tr("Close message"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    connect(m_close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

QString MessageBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

void MessageBanner::showMessage(Kind kind, const QString &text, const QList<QAction *> &actions)
{
    m_kind = kind;
    m_text->setText(text);
    const char *kindName = kind == Kind::Error     ? "error"
                           : kind == Kind::Warning ? "warning"
                                                   : "info";
    setProperty("kind", QString::fromLatin1(kindName));
    QIcon icon = m_iconProvider ? m_iconProvider(QString::fromLatin1(kindName)) : QIcon();
    if (icon.isNull())
        icon = style()->standardIcon(kind == Kind::Error     ? QStyle::SP_MessageBoxCritical
                                     : kind == Kind::Warning ? QStyle::SP_MessageBoxWarning
                                                             : QStyle::SP_MessageBoxInformation);
    m_icon->setPixmap(icon.pixmap(22, 22));
    qDeleteAll(m_actionButtons);
    m_actionButtons.clear();
    m_actions = actions;
    for (QAction *action : actions) {
        auto *button = new QPushButton(action->text().remove(QLatin1Char('&')), this);
        button->setObjectName(QStringLiteral("bannerAction_") + action->objectName());
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        m_buttons->addWidget(button);
        m_actionButtons.append(button);
    }
    style()->unpolish(this);
    style()->polish(this);
    show();
}

void MessageBanner::dismiss()
{
    if (isHidden())
        return;
    hide();
    Q_EMIT dismissed();
}

} // namespace desk
