#pragma once

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QLabel;
class QStackedWidget;
class QWebEngineView;
class QWebEngineProfile;
class QWebEnginePage;
class QPushButton;

namespace desk {

// Sign-in inside the app: an embedded browser on an off-the-record profile that
// outlives its page (no cookies or cache reach the disk). Shows the page's host
// and whether the connection is secure. The owner closes it (accept()) once the
// loopback server has the redirect; Cancel rejects it. "Open in system browser
// instead" switches to a waiting page and emits openInSystemBrowserRequested
// with the same authorization URL, so the same loopback handler receives the
// redirect. Pop-ups open in the system browser.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(const QUrl &authorizationUrl, const QString &providerName, bool darkScheme,
                QWidget *parent = nullptr);
    ~LoginDialog() override;

    // False when QtWebEngine cannot start here (no helper process, root without
    // QTWEBENGINE_DISABLE_SANDBOX, DESK_NO_WEBENGINE=1). `reason` says why.
    static bool embeddedBrowserAvailable(QString *reason = nullptr);

    // Chromium flags that make prefers-color-scheme match the app. Must be in
    // QTWEBENGINE_CHROMIUM_FLAGS before the first web view is created (Qt 6.4 has
    // no runtime API for it).
    static void prepareColorScheme(bool dark);
    // With Chromium's sandbox off (QTWEBENGINE_DISABLE_SANDBOX=1, --no-sandbox),
    // adds --no-zygote so that no QtWebEngineProcess outlives the dialog: without
    // it two zygote processes wait for renderers until the app quits. With the
    // sandbox on Chromium needs its zygotes, and they stay by its design.
    static void prepareHelperProcesses();

    QWebEngineView *view() const { return m_view; }
    QWebEnginePage *page() const { return m_page; }
    QUrl currentUrl() const;
    QString hostText() const;
    QString securityText() const;
    bool isWaitingForSystemBrowser() const;

    // Switches to "continue in your browser" and emits openInSystemBrowserRequested.
    void useSystemBrowser();

Q_SIGNALS:
    void openInSystemBrowserRequested(const QUrl &authorizationUrl);
    void pageLoaded(bool ok);

private:
    void updateLocation(const QUrl &url);

    QUrl m_authorizationUrl;
    QWebEngineProfile *m_profile = nullptr; // deleted after the page
    QWebEnginePage *m_page = nullptr;
    QWebEngineView *m_view = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_hostLabel = nullptr;
    QLabel *m_securityIcon = nullptr;
    QLabel *m_securityLabel = nullptr;
    QPushButton *m_systemBrowserButton = nullptr;
};

} // namespace desk
