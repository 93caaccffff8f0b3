#include "logindialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>
#include <QWebEngineNewWindowRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcLogin, "desk.ui.login")

namespace desk {

namespace {
bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

bool LoginDialog::embeddedBrowserAvailable(QString *reason)
{
    auto fail = [reason](const QString &why) {
        if (reason)
            *reason = why;
        return false;
    };
    if (qEnvironmentVariableIntValue("DESK_NO_WEBENGINE") == 1)
        return fail(tr("The embedded browser is turned off (DESK_NO_WEBENGINE)."));
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX") &&
        !qEnvironmentVariable("QTWEBENGINE_CHROMIUM_FLAGS").contains(QLatin1String("--no-sandbox")))
        return fail(
            tr("The embedded browser cannot run as root without QTWEBENGINE_DISABLE_SANDBOX=1."));
    QString process = qEnvironmentVariable("QTWEBENGINEPROCESS_PATH");
    if (process.isEmpty())
        process = QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath) +
                  QStringLiteral("/QtWebEngineProcess");
    if (!QFileInfo(process).isExecutable())
        return fail(tr("The embedded browser is not installed (QtWebEngineProcess is missing)."));
    return true;
}

void LoginDialog::prepareColorScheme(bool dark)
{
    // blink::mojom::PreferredColorScheme: 0 = dark, 1 = light.
    QString flags = qEnvironmentVariable("QTWEBENGINE_CHROMIUM_FLAGS");
    if (flags.contains(QLatin1String("preferredColorScheme")))
        return;
    if (!flags.isEmpty())
        flags += QLatin1Char(' ');
    flags += QStringLiteral("--blink-settings=preferredColorScheme=") +
             (dark ? QLatin1Char('0') : QLatin1Char('1'));
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", flags.toUtf8());
}

void LoginDialog::prepareHelperProcesses()
{
    QString flags = qEnvironmentVariable("QTWEBENGINE_CHROMIUM_FLAGS");
    const bool sandboxOff = qEnvironmentVariableIntValue("QTWEBENGINE_DISABLE_SANDBOX") == 1 ||
                            flags.contains(QLatin1String("--no-sandbox"));
    if (!sandboxOff || flags.contains(QLatin1String("--no-zygote")))
        return;
    if (!flags.isEmpty())
        flags += QLatin1Char(' ');
    flags += QStringLiteral("--no-zygote");
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", flags.toUtf8());
}

LoginDialog::LoginDialog(const QUrl &authorizationUrl, const QString &providerName, bool darkScheme,
                         QWidget *parent)
    : QDialog(parent), m_authorizationUrl(authorizationUrl)
{
    Q_UNUSED(darkScheme)
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in to %1").arg(providerName));
    setAttribute(Qt::WA_DeleteOnClose, false);
    resize(560, 720);

    // Location bar: padlock + host + security text.
    auto *locationRow = new QHBoxLayout;
    m_securityIcon = new QLabel(this);
    m_hostLabel = new QLabel(this);
    m_hostLabel->setObjectName(QStringLiteral("loginHost"));
    m_hostLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont hostFont = m_hostLabel->font();
    hostFont.setBold(true);
    m_hostLabel->setFont(hostFont);
    m_securityLabel = new QLabel(this);
    m_securityLabel->setObjectName(QStringLiteral("loginSecurity"));
    locationRow->addWidget(m_securityIcon);
    locationRow->addWidget(m_hostLabel);
    locationRow->addWidget(m_securityLabel, 1);

    m_stack = new QStackedWidget(this);

    // Off-the-record profile (no storage name), parented to the dialog and
    // deleted explicitly after the page in the destructor.
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_view = new QWebEngineView(m_stack);
    m_page = new QWebEnginePage(m_profile, m_view);
    m_page->settings()->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, true);
    m_view->setPage(m_page);
    m_stack->addWidget(m_view);

    auto *waiting = new QWidget(m_stack);
    auto *waitingLayout = new QVBoxLayout(waiting);
    auto *waitingLabel = new QLabel(tr("Continue signing in in your web browser.\n\n"
                                       "This window closes by itself when you are done."),
                                    waiting);
    waitingLabel->setObjectName(QStringLiteral("loginWaiting"));
    waitingLabel->setAlignment(Qt::AlignCenter);
    waitingLabel->setWordWrap(true);
    waitingLayout->addStretch();
    waitingLayout->addWidget(waitingLabel);
    waitingLayout->addStretch();
    m_stack->addWidget(waiting);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_systemBrowserButton =
        buttons->addButton(tr("Open in System Browser Instead"), QDialogButtonBox::ActionRole);
    m_systemBrowserButton->setObjectName(QStringLiteral("openInSystemBrowser"));
    m_systemBrowserButton->setToolTip(
        tr("Sign in with your usual browser, for example when your account "
           "uses Google sign-in, which does not work in embedded browsers."));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_systemBrowserButton, &QPushButton::clicked, this, &LoginDialog::useSystemBrowser);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(locationRow);
    layout->addWidget(m_stack, 1);
    layout->addWidget(buttons);

    connect(m_page, &QWebEnginePage::urlChanged, this, &LoginDialog::updateLocation);
    connect(m_page, &QWebEnginePage::loadFinished, this, [this](bool ok) {
        qCDebug(lcLogin) << "page loaded" << ok << "host" << m_page->url().host();
        Q_EMIT pageLoaded(ok);
    });
    // Pop-ups (terms, help, "sign in with..." windows) go to the system browser.
    connect(m_page, &QWebEnginePage::newWindowRequested, this,
            [](QWebEngineNewWindowRequest &request) {
                const QUrl url = request.requestedUrl();
                qCInfo(lcLogin) << "pop-up opened in the system browser, host" << url.host();
                if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
                    QDesktopServices::openUrl(url);
            });

    updateLocation(authorizationUrl);
    m_page->load(authorizationUrl);
}

LoginDialog::~LoginDialog()
{
    // The page must go before its profile.
    if (m_view)
        m_view->setPage(nullptr);
    delete m_page;
    m_page = nullptr;
    delete m_profile;
    m_profile = nullptr;
}

QUrl LoginDialog::currentUrl() const
{
    return m_page ? m_page->url() : QUrl();
}

QString LoginDialog::hostText() const
{
    return m_hostLabel->text();
}

QString LoginDialog::securityText() const
{
    return m_securityLabel->text();
}

bool LoginDialog::isWaitingForSystemBrowser() const
{
    return m_stack->currentIndex() == 1;
}

void LoginDialog::updateLocation(const QUrl &url)
{
    if (url.isEmpty())
        return;
    // Host only: the query carries state and PKCE challenge, and later the code.
    m_hostLabel->setText(
        url.port() > 0 ? url.host() + QLatin1Char(':') + QString::number(url.port()) : url.host());
    QString text;
    bool secure = false;
    if (url.scheme() == QLatin1String("https")) {
        text = tr("Secure connection");
        secure = true;
    } else if (isLoopbackHost(url.host())) {
        text = tr("Not secure (local)");
    } else {
        text = tr("Not secure");
    }
    m_securityLabel->setText(text);
    const QIcon icon =
        style()->standardIcon(secure ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning);
    m_securityIcon->setPixmap(icon.pixmap(16, 16));
}

void LoginDialog::useSystemBrowser()
{
    m_stack->setCurrentIndex(1);
    m_systemBrowserButton->setEnabled(false);
    m_page->triggerAction(QWebEnginePage::Stop);
    Q_EMIT openInSystemBrowserRequested(m_authorizationUrl);
}

} // namespace desk
