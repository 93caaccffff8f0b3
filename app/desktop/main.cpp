// integrations-desk: the desktop window.
//   integrations-desk [--sandbox URL] [--theme light|dark|auto] [--screenshot FILE]

#include "common/appsettings.h"
#include "credentials/credentialstorefactory.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "providers/providerspec.h"
#include "thememanager.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcApp, "desk.ui.app")

namespace {
// The description names the providers the registry holds.
QString description()
{
    QStringList names;
    for (const desk::ProviderSpec *provider : desk::ProviderRegistry::all())
        names.append(provider->displayName);
    return QCoreApplication::translate("main", "Browse %1 accounts in a native desktop app.")
        .arg(QLocale().createSeparatedList(names));
}

// --help and --version must work without a display: answer them from a
// QCoreApplication before the GUI starts.
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v" ||
            arg == "--version")
            return true;
    }
    return false;
}

// The window's options, the same for --help and for a real start.
struct Options
{
    QCommandLineOption sandbox{
        QStringLiteral("sandbox"),
        QCoreApplication::translate("main", "Demo mode: use the sandbox at <url>."),
        QStringLiteral("url")};
    QCommandLineOption theme{
        QStringLiteral("theme"),
        QCoreApplication::translate("main", "Colour theme: light, dark or auto."),
        QStringLiteral("theme")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a PNG of the window to <file> and quit."),
        QStringLiteral("file")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(description());
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(sandbox);
        parser.addOption(theme);
        parser.addOption(screenshot);
    }
};

int printTextOnly(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("integrations-desk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));
    QCommandLineParser parser;
    Options().addTo(parser);
    parser.process(app); // prints and exits
    return 0;
}

void setUpApplication()
{
    // Info and above by default; QT_LOGGING_RULES (e.g. "desk.*.debug=true") for more.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("desk.*.debug=false"));
    QApplication::setOrganizationName(desk::AppSettings::organizationName());
    QApplication::setApplicationName(desk::AppSettings::applicationName());
    QApplication::setApplicationDisplayName(QStringLiteral("Integrations Desk"));
    QApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("invalid.example.IntegrationsDesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/app/integrations-desk.svg")));
}

// Qt's own strings and the app's in the user's language, else English (which
// also supplies English plural forms). The translators live as long as the app.
void installTranslators(QTranslator &qtTranslator, QTranslator &appTranslator)
{
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(QLocale(), QStringLiteral("integrations-desk"), QStringLiteral("_"),
                           QStringLiteral(":/i18n")) ||
        appTranslator.load(QStringLiteral(":/i18n/integrations-desk_en.qm")))
        QApplication::installTranslator(&appTranslator);
}

// --sandbox and --theme read and checked; false (after saying why) on bad values.
bool readOptions(const QCommandLineParser &parser, const Options &o, QUrl *sandboxUrl,
                 desk::ThemeManager &theme)
{
    if (parser.isSet(o.sandbox)) {
        *sandboxUrl = QUrl::fromUserInput(parser.value(o.sandbox));
        if (!sandboxUrl->isValid() || sandboxUrl->scheme() != QLatin1String("http")) {
            qCritical("%s", qPrintable(QCoreApplication::translate(
                                "main", "--sandbox needs an http:// URL.")));
            return false;
        }
    }
    theme.loadSavedMode();
    if (parser.isSet(o.theme)) {
        desk::ThemeManager::Mode mode;
        if (!desk::ThemeManager::parseMode(parser.value(o.theme), &mode)) {
            qCritical("%s", qPrintable(QCoreApplication::translate(
                                "main", "--theme must be light, dark or auto.")));
            return false;
        }
        theme.setMode(mode); // for this run only
    }
    return true;
}
} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv))
        return printTextOnly(argc, argv);

    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    setUpApplication();
    QTranslator qtTranslator, appTranslator;
    installTranslators(qtTranslator, appTranslator);

    QCommandLineParser parser;
    const Options o;
    o.addTo(parser);
    parser.process(app);
    QUrl sandboxUrl;
    desk::ThemeManager theme;
    if (!readOptions(parser, o, &sandboxUrl, theme))
        return 2;

    desk::CredentialStoreChoice credentials = desk::CredentialStoreFactory::createBlocking();
    if (!credentials.detail.isEmpty())
        qCInfo(lcApp) << "credential store:" << credentials.detail;

    desk::MainWindowOptions options;
    options.sandboxUrl = sandboxUrl;
    desk::MainWindow window(*credentials.store, theme, options);
    window.show();
    if (!credentials.warning.isEmpty())
        window.messageBanner()->showMessage(desk::MessageBanner::Kind::Warning,
                                            credentials.warning);

    if (parser.isSet(o.screenshot)) {
        const QString file = parser.value(o.screenshot);
        QTimer::singleShot(1500, &window, [&window, file] {
            const bool ok = window.grab().save(file, "PNG");
            qCInfo(lcApp) << "screenshot" << file << ok;
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
