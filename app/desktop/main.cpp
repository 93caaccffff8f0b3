// integrations-desk: the desktop window.
//   integrations-desk [--sandbox URL] [--theme light|dark|auto] [--screenshot FILE]

#include "common/appsettings.h"
#include "credentials/credentialstorefactory.h"
#include "providers/providerspec.h"
#include "mainwindow.h"
#include "messagebanner.h"
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
} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("integrations-desk"));
        QCoreApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));
        QCommandLineParser parser;
        parser.setApplicationDescription(description());
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(
            {QStringLiteral("sandbox"),
             QCoreApplication::translate("main", "Demo mode: use the sandbox at <url>."),
             QStringLiteral("url")});
        parser.addOption({QStringLiteral("theme"),
                          QCoreApplication::translate("main", "Colour theme: light, dark or auto."),
                          QStringLiteral("theme")});
        parser.addOption(
            {QStringLiteral("screenshot"),
             QCoreApplication::translate("main", "Save a PNG of the window to <file> and quit."),
             QStringLiteral("file")});
        parser.process(app); // prints and exits
        return 0;
    }

    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    // Info and above by default; QT_LOGGING_RULES (e.g. "desk.*.debug=true") for more.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("desk.*.debug=false"));
    QApplication::setOrganizationName(desk::AppSettings::organizationName());
    QApplication::setApplicationName(desk::AppSettings::applicationName());
    QApplication::setApplicationDisplayName(QStringLiteral("Integrations Desk"));
    QApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("invalid.example.IntegrationsDesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/app/integrations-desk.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator appTranslator;
    // The user's language, else English (which also supplies English plural forms).
    if (appTranslator.load(QLocale(), QStringLiteral("integrations-desk"), QStringLiteral("_"),
                           QStringLiteral(":/i18n")) ||
        appTranslator.load(QStringLiteral(":/i18n/integrations-desk_en.qm")))
        QApplication::installTranslator(&appTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"),
        QCoreApplication::translate("main", "Demo mode: use the sandbox at <url>."),
        QStringLiteral("url"));
    const QCommandLineOption themeOption(
        QStringLiteral("theme"),
        QCoreApplication::translate("main", "Colour theme: light, dark or auto."),
        QStringLiteral("theme"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a PNG of the window to <file> and quit."),
        QStringLiteral("file"));
    parser.addOption(sandboxOption);
    parser.addOption(themeOption);
    parser.addOption(screenshotOption);
    parser.process(app);

    QUrl sandboxUrl;
    if (parser.isSet(sandboxOption)) {
        sandboxUrl = QUrl::fromUserInput(parser.value(sandboxOption));
        if (!sandboxUrl.isValid() || sandboxUrl.scheme() != QLatin1String("http")) {
            qCritical("%s", qPrintable(QCoreApplication::translate(
                                "main", "--sandbox needs an http:// URL.")));
            return 2;
        }
    }

    desk::ThemeManager theme;
    theme.loadSavedMode();
    if (parser.isSet(themeOption)) {
        desk::ThemeManager::Mode mode;
        if (!desk::ThemeManager::parseMode(parser.value(themeOption), &mode)) {
            qCritical("%s", qPrintable(QCoreApplication::translate(
                                "main", "--theme must be light, dark or auto.")));
            return 2;
        }
        theme.setMode(mode); // for this run only
    }

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

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(1500, &window, [&window, file] {
            const bool ok = window.grab().save(file, "PNG");
            qCInfo(lcApp) << "screenshot" << file << ok;
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
