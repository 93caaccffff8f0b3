#pragma once

// WindowActions: the window's actions (by name: "connect", "load", "settings",
// "viewByType", "themeDark"...), with their texts, icons and shortcuts, and the
// menus and toolbar that show them. Checkable entries (views, themes) show
// their check marks, not icons: the mark is what says which one is on.

#include <QHash>
#include <QObject>
#include <QString>

class QAction;
class QActionGroup;
class QMainWindow;
class QWidget;

namespace desk {

class ThemeManager;
struct ItemPresentation;

class WindowActions : public QObject
{
    Q_OBJECT
public:
    explicit WindowActions(QMainWindow &window);

    QAction *operator[](const QString &name) const { return m_actions.value(name); }
    QAction *get(const char *name) const { return m_actions.value(QString::fromLatin1(name)); }
    const QHash<QString, QAction *> &all() const { return m_actions; }
    QActionGroup *themes() const { return m_themes; }
    QActionGroup *views() const { return m_views; }
    void enable(const char *name, bool on) const;

    void buildMenus(QMainWindow &window) const;
    void buildToolBar(QMainWindow &window) const;
    void applyIcons(const ThemeManager &theme) const;
    // The view entries an integration offers (its grouping's title), and the checked one.
    void showViews(const ItemPresentation &presentation) const;
    void checkView(const QString &view, const ItemPresentation &presentation) const;
    static void showAbout(QWidget &parent); // names the integrations this build offers
    static QString viewOf(const QAction &action, const ItemPresentation &presentation);

private:
    QAction *make(const char *name, const QString &text, const char *icon,
                  const QList<QKeySequence> &keys = {});
    void makeChecked(QActionGroup *group, const char *name, const QString &text,
                     const QVariant &data);

    QHash<QString, QAction *> m_actions;
    QActionGroup *m_themes = nullptr;
    QActionGroup *m_views = nullptr;
};

} // namespace desk
