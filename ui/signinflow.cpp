// SignInFlow: sign-in hint, login dialog or system browser, disconnect question.
#include "signinflow.h"

#include "displayformat.h"
#include "logindialog.h"
#include "messagebanner.h"
#include "thememanager.h"
#include "windowconnection.h"

#include <QDesktopServices>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>

Q_LOGGING_CATEGORY(lcSignIn, "desk.ui.signin")

namespace desk {

SignInFlow::SignInFlow(QWidget &window, MessageBanner &banner, const ThemeManager &theme,
                       bool embeddedBrowser, Actions actions)
    : QObject(&window)
    , m_window(window)
    , m_banner(banner)
    , m_theme(theme)
    , m_embedded(embeddedBrowser)
    , m_actions(actions)
{}

SignInFlow::~SignInFlow()
{
    delete m_dialog.data();
}

void SignInFlow::start(WindowConnection &connection)
{
    if (!connection.canSignIn()) {
        m_banner.showMessage(
            MessageBanner::Kind::Info,
            tr("To sign in, enter your %1 app's client ID and secret in Settings, connect with an "
               "access token, or use the sandbox (demo data).")
                .arg(connection.provider().displayName),
            {m_actions.settings, m_actions.connectToken});
        return;
    }
    m_banner.dismiss();
    qCInfo(lcSignIn) << "sign-in started";
    QPointer<WindowConnection> guard(&connection);
    connection.connectAccount([this, guard](const QUrl &url) {
        if (guard)
            openLogin(*guard, url);
    });
}

void SignInFlow::openLogin(WindowConnection &connection, const QUrl &url)
{
    closeLogin();
    QString reason;
    if (!m_embedded || !LoginDialog::embeddedBrowserAvailable(&reason)) {
        if (!reason.isEmpty())
            qCInfo(lcSignIn) << "embedded browser unavailable:" << reason;
        m_banner.showMessage(MessageBanner::Kind::Info,
                             (reason.isEmpty() ? QString() : reason + QLatin1Char(' ')) +
                                 tr("Continue signing in in your web browser; this window "
                                    "updates when you are done."),
                             {m_actions.cancel});
        QDesktopServices::openUrl(url);
        return;
    }
    // Qt 6.4 fixes the page's prefers-color-scheme when the browser starts.
    LoginDialog::prepareColorScheme(m_theme.isDark());
    LoginDialog::prepareHelperProcesses();
    auto *dialog =
        new LoginDialog(url, connection.provider().displayName, m_theme.isDark(), &m_window);
    m_dialog = dialog;
    connect(dialog, &LoginDialog::openInSystemBrowserRequested, this,
            [](const QUrl &authorizationUrl) { QDesktopServices::openUrl(authorizationUrl); });
    QPointer<WindowConnection> guard(&connection);
    connect(dialog, &QDialog::rejected, this, [this, dialog, guard] {
        if (m_dialog == dialog && guard) {
            qCInfo(lcSignIn) << "sign-in cancelled in the dialog";
            guard->cancelLogin();
        }
    });
    // Deleting the dialog ends its page, and with it the page's browser process.
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    dialog->setModal(false);
    dialog->show();
}

void SignInFlow::closeLogin()
{
    if (LoginDialog *dialog = m_dialog) {
        m_dialog = nullptr;
        dialog->accept();
    }
}

void SignInFlow::askDisconnect(const QString &serviceName, qint64 items,
                               std::function<void(bool forget)> done)
{
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Disconnect"),
                        tr("Disconnect from %1?").arg(serviceName), QMessageBox::Cancel, &m_window);
    box->setObjectName(QStringLiteral("disconnectQuestion"));
    box->setInformativeText(tr("The sign-in is removed from the keychain. The %1 loaded stay on "
                               "this computer unless you forget them.")
                                .arg(DisplayFormat::items(items)));
    QPushButton *forget =
        box->addButton(tr("Disconnect and &Forget Data"), QMessageBox::DestructiveRole);
    forget->setObjectName(QStringLiteral("forgetButton"));
    box->addButton(tr("&Disconnect"), QMessageBox::AcceptRole)
        ->setObjectName(QStringLiteral("keepButton"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this,
            [box, forget, done = std::move(done)](QAbstractButton *button) {
                if (box->buttonRole(button) != QMessageBox::RejectRole)
                    done(button == forget);
            });
    box->open();
}

} // namespace desk
