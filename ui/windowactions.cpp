// WindowActions: the window's actions, menus and toolbar.
#include "windowactions.h"

#include "itemtreemodel.h"
#include "providers/providerspec.h"
#include "thememanager.h"

#include <QAction>
#include <QActionGroup>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>
#include <QToolButton>

namespace desk {

WindowActions::WindowActions(QMainWindow &window) : QObject(&window)
{
    make("connect", tr("&Connect"), "connect")
        ->setToolTip(tr("Sign in to the selected integration"));
    make("connectToken", tr("Connect with an &Access Token…"), "connect");
    make("load", tr("&Load"), "load", {QKeySequence(Qt::CTRL | Qt::Key_L)})
        ->setToolTip(tr("Load every object of the account (Ctrl+L)"));
    make("refresh", tr("&Refresh"), "reload", {QKeySequence(Qt::Key_F5)})
        ->setToolTip(tr("Read only what changed since the last load or refresh (F5)"));
    make("resume", tr("&Resume"), "reload");
    make("cancel", tr("C&ancel"), "cancel", {QKeySequence(Qt::Key_Escape)});
    make("disconnect", tr("&Disconnect…"), "disconnect");
    // Ctrl+, everywhere, and the platform's own Preferences key where it has one.
    QList<QKeySequence> prefs = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!prefs.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
        prefs.prepend(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    make("settings", tr("&Settings…"), "settings", prefs);
    make("exportAll", tr("&Export All…"), "export", {QKeySequence(Qt::CTRL | Qt::Key_E)});
    make("exportSelected", tr("Export &Selected…"), "export");
    make("quit", tr("&Quit"), "", QKeySequence::keyBindings(QKeySequence::Quit));
    make("filter", tr("&Filter"), "filter", {QKeySequence(Qt::CTRL | Qt::Key_F)});
    make("openItem", tr("&Open in Browser"), "open-external");
    make("copyId", tr("Copy &ID"), "copy");
    make("copyJson", tr("Copy &JSON"), "copy");
    make("copyLink", tr("Copy &Link"), "copy");
    make("about", tr("&About Integrations Desk"), "about");
    make("retryChildren", tr("&Retry"), "reload");
    make("expandAll", tr("E&xpand All"), "");
    make("collapseAll", tr("C&ollapse All"), "");
    m_themes = new QActionGroup(this);
    makeChecked(m_themes, "themeLight", tr("&Light"), int(ThemeManager::Mode::Light));
    makeChecked(m_themes, "themeDark", tr("&Dark"), int(ThemeManager::Mode::Dark));
    makeChecked(m_themes, "themeSystem", tr("Follow &System"), int(ThemeManager::Mode::System));
    m_views = new QActionGroup(this);
    makeChecked(m_views, "viewByType", tr("By &Type"), {});
    makeChecked(m_views, "viewByGrouping", tr("By &Group"), {}); // titled by the presentation
    makeChecked(m_views, "viewByParent", tr("By &Parent"), {});
    get("viewByParent")->setToolTip(tr("The integration's own hierarchy"));
}

QAction *WindowActions::make(const char *name, const QString &text, const char *icon,
                             const QList<QKeySequence> &keys)
{
    auto *a = new QAction(text, this);
    a->setObjectName(QString::fromLatin1(name));
    a->setProperty("iconName", QString::fromLatin1(icon));
    a->setShortcuts(keys);
    m_actions.insert(a->objectName(), a);
    return a;
}

void WindowActions::makeChecked(QActionGroup *group, const char *name, const QString &text,
                                const QVariant &data)
{
    auto *a = new QAction(text, group);
    a->setObjectName(QString::fromLatin1(name));
    a->setCheckable(true);
    a->setData(data);
    m_actions.insert(a->objectName(), a);
}

void WindowActions::enable(const char *name, bool on) const
{
    if (QAction *a = get(name))
        a->setEnabled(on);
}

void WindowActions::buildMenus(QMainWindow &window) const
{
    auto add = [this](QMenu *menu, std::initializer_list<const char *> names) {
        for (const char *name : names)
            *name ? void(menu->addAction(get(name))) : void(menu->addSeparator());
    };
    add(window.menuBar()->addMenu(tr("&File")),
        {"connect", "connectToken", "disconnect", "", "exportAll", "exportSelected", "", "settings",
         "", "quit"});
    add(window.menuBar()->addMenu(tr("&Edit")), {"filter", "", "copyId", "copyJson", "openItem"});
    add(window.menuBar()->addMenu(tr("&Data")), {"load", "refresh", "resume", "cancel"});
    QMenu *view = window.menuBar()->addMenu(tr("&View"));
    add(view, {"viewByType", "viewByGrouping", "viewByParent", "", "expandAll", "collapseAll", ""});
    QMenu *themeMenu = view->addMenu(tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("themeMenu"));
    themeMenu->addActions(m_themes->actions());
    add(window.menuBar()->addMenu(tr("&Help")), {"about"});
}

void WindowActions::buildToolBar(QMainWindow &window) const
{
    QToolBar *bar = window.addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    for (const char *name : {"connect", "load", "refresh", "cancel", "disconnect"})
        bar->addAction(get(name));
    bar->addSeparator();
    bar->addAction(get("exportAll"));
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    auto *themeButton = new QToolButton(bar);
    themeButton->setObjectName(QStringLiteral("themeButton"));
    themeButton->setText(tr("Theme"));
    themeButton->setToolTip(tr("Light, dark or follow the system"));
    themeButton->setPopupMode(QToolButton::InstantPopup);
    themeButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    auto *menu = new QMenu(themeButton);
    menu->addActions(m_themes->actions());
    themeButton->setMenu(menu);
    bar->addWidget(themeButton);
    bar->addAction(get("settings"));
}

void WindowActions::showViews(const ItemPresentation &presentation) const
{
    QAction *byGroup = get("viewByGrouping");
    byGroup->setVisible(!presentation.groupings.isEmpty());
    byGroup->setEnabled(!presentation.groupings.isEmpty());
    if (!presentation.groupings.isEmpty())
        byGroup->setText(presentation.groupings.first().title);
    get("viewByParent")->setVisible(presentation.hierarchy);
    get("viewByParent")->setEnabled(presentation.hierarchy);
}

QString WindowActions::viewOf(const QAction &action, const ItemPresentation &presentation)
{
    if (action.objectName() == QLatin1String("viewByParent"))
        return ItemTreeModel::byParentView();
    if (action.objectName() == QLatin1String("viewByGrouping") && !presentation.groupings.isEmpty())
        return presentation.groupings.first().id;
    return ItemTreeModel::byTypeView();
}

void WindowActions::checkView(const QString &view, const ItemPresentation &presentation) const
{
    for (QAction *a : m_views->actions())
        a->setChecked(viewOf(*a, presentation) == view);
}

void WindowActions::applyIcons(const ThemeManager &theme) const
{
    for (QAction *a : m_actions) {
        const QString icon = a->property("iconName").toString();
        if (!icon.isEmpty())
            a->setIcon(theme.icon(icon));
    }
    for (QAction *a : m_themes->actions())
        a->setChecked(a->data().toInt() == int(theme.mode()));
    if (auto *button = parent()->findChild<QToolButton *>(QStringLiteral("themeButton")))
        button->setIcon(theme.icon(theme.isDark() ? QStringLiteral("theme-dark")
                                                  : QStringLiteral("theme-light")));
}

void WindowActions::showAbout(QWidget &parent)
{
    QStringList names;
    for (const ProviderSpec *provider : ProviderRegistry::all())
        names.append(provider->displayName);
    QMessageBox::about(&parent, tr("About Integrations Desk"),
                       tr("<h3>Integrations Desk %1</h3>"
                          "<p>Browse %2 accounts in a native desktop app.</p>"
                          "<p>Qt %3 (built with Qt %4)</p>")
                           .arg(QStringLiteral(DESK_VERSION), QLocale().createSeparatedList(names),
                                QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
}

} // namespace desk
