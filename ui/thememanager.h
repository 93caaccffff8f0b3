#pragma once

#include <QDBusVariant>
#include <QHash>
#include <QIcon>
#include <QObject>
#include <QPalette>

namespace desk {

// Light, Dark or Follow system. Applies Fusion with a palette per theme, follows
// the system colour scheme (XDG desktop portal on Qt 6.4, QStyleHints on 6.5+,
// palette lightness as the last resort) and recolours the monochrome SVG icons
// from the palette.
class ThemeManager : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        Light,
        Dark,
        System
    };
    Q_ENUM(Mode)

    explicit ThemeManager(QObject *parent = nullptr);
    ~ThemeManager() override;

    Mode mode() const { return m_mode; }
    // Applies at once; the effective scheme follows the system in System mode.
    void setMode(Mode mode);
    bool isDark() const { return m_dark; }
    bool systemPrefersDark() const { return m_systemDark; }

    // Remembered across runs (AppSettings::theme).
    void loadSavedMode();
    void saveMode() const;

    static QString modeName(Mode mode); // "light" / "dark" / "auto"
    static bool parseMode(const QString &name, Mode *mode);

    static QPalette lightPalette();
    static QPalette darkPalette();
    QString styleSheet() const;

    // A monochrome SVG from :/icons/<name>.svg painted in the palette's text colour
    // (highlighted text when selected, disabled text when disabled).
    QIcon icon(const QString &name) const;

    // For tests and the portal: pretend the system switched.
    void setSystemPrefersDark(bool dark);

Q_SIGNALS:
    void themeChanged(bool dark);

private Q_SLOTS:
    void onPortalSettingChanged(const QString &nameSpace, const QString &key,
                                const QDBusVariant &value);

private:
    void apply();
    void queryPortal();
    bool fallbackSystemDark() const;

    Mode m_mode = Mode::System;
    bool m_dark = false;
    bool m_systemDark = false;
    bool m_portalKnown = false;
    QPalette m_originalPalette;
    mutable QHash<QString, QIcon> m_iconCache;
};

} // namespace desk
