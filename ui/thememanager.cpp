#include "thememanager.h"

#include "common/appsettings.h"
#include <QApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QImage>
#include <QLoggingCategory>
#include <QPainter>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>
#include <QSvgRenderer>

Q_LOGGING_CATEGORY(lcTheme, "desk.ui.theme")

namespace desk {

namespace {
const QString portalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString portalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString portalInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString appearanceNamespace = QStringLiteral("org.freedesktop.appearance");
const QString colorSchemeKey = QStringLiteral("color-scheme");

// The portal wraps the value in one or two variants depending on the method.
QVariant unwrap(QVariant value)
{
    for (int i = 0; i < 3; ++i) {
        if (value.canConvert<QDBusVariant>() &&
            value.metaType() == QMetaType::fromType<QDBusVariant>())
            value = qvariant_cast<QDBusVariant>(value).variant();
        else if (value.metaType() == QMetaType::fromType<QDBusArgument>()) {
            const QDBusArgument argument = qvariant_cast<QDBusArgument>(value);
            QDBusVariant inner;
            argument >> inner;
            value = inner.variant();
        } else
            break;
    }
    return value;
}
} // namespace

ThemeManager::ThemeManager(QObject *parent)
    : QObject(parent), m_originalPalette(QGuiApplication::palette())
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_systemDark = fallbackSystemDark();

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this,
            [this](Qt::ColorScheme scheme) {
                if (!m_portalKnown && scheme != Qt::ColorScheme::Unknown)
                    setSystemPrefersDark(scheme == Qt::ColorScheme::Dark);
            });
#endif

    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        bus.connect(portalService, portalPath, portalInterface, QStringLiteral("SettingChanged"),
                    this, SLOT(onPortalSettingChanged(QString, QString, QDBusVariant)));
        queryPortal();
    }
}

ThemeManager::~ThemeManager() = default;

bool ThemeManager::fallbackSystemDark() const
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const Qt::ColorScheme scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown)
        return scheme == Qt::ColorScheme::Dark;
#endif
    // Last resort: is the platform's own palette light text on a dark window?
    return m_originalPalette.color(QPalette::Window).lightness() <
           m_originalPalette.color(QPalette::WindowText).lightness();
}

void ThemeManager::queryPortal()
{
    QDBusMessage message = QDBusMessage::createMethodCall(portalService, portalPath,
                                                          portalInterface, QStringLiteral("Read"));
    message << appearanceNamespace << colorSchemeKey;
    auto *watcher =
        new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(message, 2000), this);
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
            call->deleteLater();
            QDBusPendingReply<QVariant> reply = *call;
            if (reply.isError()) {
                qCDebug(lcTheme) << "no desktop portal colour scheme:" << reply.error().name();
                return;
            }
            const uint scheme = unwrap(reply.value()).toUInt();
            qCDebug(lcTheme) << "portal color-scheme" << scheme;
            m_portalKnown = true;
            // 0 no preference, 1 prefer dark, 2 prefer light
            setSystemPrefersDark(scheme == 1 ? true : scheme == 2 ? false : fallbackSystemDark());
        });
}

void ThemeManager::onPortalSettingChanged(const QString &nameSpace, const QString &key,
                                          const QDBusVariant &value)
{
    if (nameSpace != appearanceNamespace || key != colorSchemeKey)
        return;
    const uint scheme = unwrap(value.variant()).toUInt();
    qCInfo(lcTheme) << "system colour scheme changed to" << scheme;
    m_portalKnown = true;
    setSystemPrefersDark(scheme == 1);
}

void ThemeManager::setSystemPrefersDark(bool dark)
{
    m_systemDark = dark;
    if (m_mode == Mode::System)
        apply();
}

void ThemeManager::setMode(Mode mode)
{
    m_mode = mode;
    apply();
}

void ThemeManager::loadSavedMode()
{
    Mode mode = Mode::System;
    parseMode(AppSettings().theme(), &mode);
    setMode(mode);
}

void ThemeManager::saveMode() const
{
    AppSettings settings;
    settings.setTheme(m_mode == Mode::System ? QStringLiteral("system") : modeName(m_mode));
}

QString ThemeManager::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        return QStringLiteral("auto");
    }
    return QStringLiteral("auto");
}

bool ThemeManager::parseMode(const QString &name, Mode *mode)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("light"))
        *mode = Mode::Light;
    else if (n == QLatin1String("dark"))
        *mode = Mode::Dark;
    else if (n == QLatin1String("auto") || n == QLatin1String("system"))
        *mode = Mode::System;
    else
        return false;
    return true;
}

void ThemeManager::apply()
{
    const bool dark = m_mode == Mode::Dark || (m_mode == Mode::System && m_systemDark);
    m_dark = dark;
    m_iconCache.clear();
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    qCDebug(lcTheme) << "theme" << modeName(m_mode) << (dark ? "dark" : "light");
    Q_EMIT themeChanged(dark);
}

QPalette ThemeManager::lightPalette()
{
    QPalette p;
    const QColor window(0xef, 0xf0, 0xf1), base(0xff, 0xff, 0xff), text(0x23, 0x26, 0x29);
    const QColor highlight(0x2a, 0x6f, 0xdb), disabledText(0xa0, 0xa4, 0xa8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf6, 0xf7));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x84, 0x88));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xe0, 0xe1, 0xe2));
    p.setColor(QPalette::Mid, QColor(0xc4, 0xc6, 0xc8));
    p.setColor(QPalette::Dark, QColor(0x9a, 0x9c, 0x9e));
    p.setColor(QPalette::Shadow, QColor(0x47, 0x4a, 0x4c));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x1d, 0x5f, 0xc9));
    p.setColor(QPalette::LinkVisited, QColor(0x7a, 0x3e, 0xc2));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0xc4, 0xc6, 0xc8));
    return p;
}

QPalette ThemeManager::darkPalette()
{
    QPalette p;
    const QColor window(0x2a, 0x2e, 0x32), base(0x1e, 0x21, 0x24), text(0xe8, 0xea, 0xed);
    const QColor highlight(0x3d, 0x8b, 0xf2), disabledText(0x75, 0x79, 0x7d);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x25, 0x29, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x94, 0x98));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x40, 0x45, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x36, 0x3a, 0x3f));
    p.setColor(QPalette::Mid, QColor(0x24, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0d, 0x0e));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xf0));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x40, 0x45, 0x4a));
    return p;
}

QString ThemeManager::styleSheet() const
{
    // Small: only what the palette cannot express. Banner colours per kind.
    if (m_dark)
        return QStringLiteral("QFrame#messageBanner[kind=\"error\"] { background: #4a2326; border: "
                              "1px solid #a8434b; border-radius: 4px; }"
                              "QFrame#messageBanner[kind=\"warning\"] { background: #4a3d1c; "
                              "border: 1px solid #a8862e; border-radius: 4px; }"
                              "QFrame#messageBanner[kind=\"info\"] { background: #1f3550; border: "
                              "1px solid #3d6fa8; border-radius: 4px; }"
                              "QLabel#demoBadge { background: #6b4e00; color: #ffe7a3; "
                              "border-radius: 3px; padding: 1px 6px; }"
                              "QLabel#accountLine { font-weight: 600; }");
    return QStringLiteral("QFrame#messageBanner[kind=\"error\"] { background: #fdecee; border: 1px "
                          "solid #e3a1a7; border-radius: 4px; }"
                          "QFrame#messageBanner[kind=\"warning\"] { background: #fff6de; border: "
                          "1px solid #e6c46a; border-radius: 4px; }"
                          "QFrame#messageBanner[kind=\"info\"] { background: #e8f1fd; border: 1px "
                          "solid #9dbfeb; border-radius: 4px; }"
                          "QLabel#demoBadge { background: #ffd866; color: #4a3600; border-radius: "
                          "3px; padding: 1px 6px; }"
                          "QLabel#accountLine { font-weight: 600; }");
}

QIcon ThemeManager::icon(const QString &name) const
{
    const auto cached = m_iconCache.constFind(name);
    if (cached != m_iconCache.constEnd())
        return *cached;

    QSvgRenderer renderer(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (!renderer.isValid()) {
        qCWarning(lcTheme) << "missing icon" << name;
        return {};
    }
    const QPalette palette = QApplication::palette();
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    auto tinted = [&](int size, const QColor &color) {
        QImage image(QSize(size, size) * dpr, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            renderer.render(&painter);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(image.rect(), color);
        }
        QPixmap pixmap = QPixmap::fromImage(image);
        pixmap.setDevicePixelRatio(dpr);
        return pixmap;
    };
    QIcon result;
    for (int size : {16, 22, 24, 32, 48}) {
        result.addPixmap(tinted(size, palette.color(QPalette::Active, QPalette::WindowText)),
                         QIcon::Normal);
        result.addPixmap(tinted(size, palette.color(QPalette::Active, QPalette::HighlightedText)),
                         QIcon::Selected);
        result.addPixmap(tinted(size, palette.color(QPalette::Disabled, QPalette::WindowText)),
                         QIcon::Disabled);
    }
    m_iconCache.insert(name, result);
    return result;
}

} // namespace desk
