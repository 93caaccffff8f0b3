#pragma once

// SignInFlow: what signing in and out looks like in the window — the hint when
// no app is configured, the embedded login dialog (or the system browser,
// with a message), closing it when the sign-in ends, and the question before
// a disconnect (keep or forget the account's local data).

#include "logindialog.h"

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QUrl;
class QWidget;

namespace desk {

class LoginDialog;
class MessageBanner;
class ThemeManager;
class WindowConnection;

class SignInFlow : public QObject
{
    Q_OBJECT
public:
    struct Actions
    {
        QAction *settings = nullptr;
        QAction *connectToken = nullptr;
        QAction *cancel = nullptr;
    };
    SignInFlow(QWidget &window, MessageBanner &banner, const ThemeManager &theme,
               bool embeddedBrowser, Actions actions);
    ~SignInFlow() override;

    void start(WindowConnection &connection);
    void closeLogin();
    LoginDialog *dialog() const { return m_dialog.data(); }

    // A window-modal question; `done(forget)` runs unless the user cancels.
    void askDisconnect(const QString &serviceName, qint64 items,
                       std::function<void(bool forget)> done);

private:
    void openLogin(WindowConnection &connection, const QUrl &url);

    QWidget &m_window;
    MessageBanner &m_banner;
    const ThemeManager &m_theme;
    bool m_embedded = true;
    Actions m_actions;
    QPointer<LoginDialog> m_dialog;
};

} // namespace desk
