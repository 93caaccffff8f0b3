// Catch2 main for GUI tests: lets Catch parse the command line first and only
// creates a QApplication when tests will actually run (not when listing).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "common/appsettings.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>

#include <unistd.h>

int main(int argc, char **argv)
{
    Catch::Session session;
    const int rc = session.applyCommandLine(argc, argv);
    if (rc != 0)
        return rc;
    const Catch::ConfigData &config = session.configData();
    if (config.listTests || config.listTestNamesOnly || config.listTags || config.listReporters ||
        config.showHelp)
        return session.run();

    // Never touch the developer's settings, keychain or browser profile.
    QTemporaryDir home;
    if (qEnvironmentVariableIsEmpty("DESK_TEST_KEEP_XDG")) {
        qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CACHE_HOME", QDir(home.path()).filePath(QStringLiteral("cache")).toUtf8());
    }
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_CHROMIUM_FLAGS"))
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS",
                "--disable-gpu --disable-background-networking --disable-component-update");
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    int qtArgc = 1;
    char *qtArgv[] = {argv[0], nullptr};
    QApplication app(qtArgc, qtArgv);
    QApplication::setOrganizationName(desk::AppSettings::organizationName());
    QApplication::setApplicationName(desk::AppSettings::applicationName());
    return session.run();
}
