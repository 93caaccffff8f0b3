#pragma once

// An OAuthSession wired to a fresh sandbox (date-based HubSpot API only: the
// legacy OAuth and CRM paths are switched off), and a test "browser" for it.

#include "auth/oauthsession.h"
#include "authtestutil.h"
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "providers/hubspot/hubspotspec.h"
#include "support/sandboxprocess.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <memory>

namespace authtest {

inline QStringList sandboxArgs(quint16 redirectPort, QStringList extra)
{
    QStringList args{QStringLiteral("--redirect-uri"),
                     QStringLiteral("http://localhost:%1/callback").arg(redirectPort),
                     QStringLiteral("--contacts"),
                     QStringLiteral("5"),
                     QStringLiteral("--companies"),
                     QStringLiteral("3"),
                     QStringLiteral("--deals"),
                     QStringLiteral("3"),
                     QStringLiteral("--tickets"),
                     QStringLiteral("3"),
                     QStringLiteral("--hubspot-legacy"),
                     QStringLiteral("off")};
    return args + extra;
}

struct SandboxRig
{
    quint16 redirectPort = freePort();
    SandboxProcess sandbox;
    QTemporaryDir dir;
    desk::AppSettings settings{dir.filePath(QStringLiteral("s.ini"))};
    std::unique_ptr<desk::CredentialStore> store;
    RecordingNetworkAccessManager nam;
    QNetworkAccessManager browser;
    const desk::ProviderSpec provider = desk::hubspot::declaration();
    desk::ProviderProfile profile;
    std::unique_ptr<desk::OAuthSession> session;
    QUrl authorizationUrl;
    desk::Error failure;
    desk::AccountInfo connectedAccount;
    bool finished = false;
    QList<int> rejected;

    explicit SandboxRig(QStringList extraSandboxArgs = {QStringLiteral("--auto-consent")},
                        std::unique_ptr<desk::CredentialStore> customStore = {})
        : sandbox(sandboxArgs(redirectPort, extraSandboxArgs))
        , store(customStore ? std::move(customStore)
                            : std::make_unique<desk::MemoryCredentialStore>())
    {
        desk::ProviderSettings ps;
        ps.sandboxUrl = sandbox.baseUrl();
        ps.redirectPort = redirectPort;
        profile = provider.profile(ps);
        makeSession();
    }

    desk::MemoryCredentialStore &memory()
    {
        return static_cast<desk::MemoryCredentialStore &>(*store);
    }

    void makeSession()
    {
        session = std::make_unique<desk::OAuthSession>(provider.account, profile, *store, nam);
        session->setAppSettings(&settings);
        QObject::connect(session.get(), &desk::OAuthSession::connected, session.get(),
                         [this](const desk::AccountInfo &a) {
                             connectedAccount = a;
                             finished = true;
                         });
        QObject::connect(session.get(), &desk::OAuthSession::loginFailed, session.get(),
                         [this](const desk::Error &e) {
                             failure = e;
                             finished = true;
                         });
        QObject::connect(session.get(), &desk::OAuthSession::redirectRejected, session.get(),
                         [this](int status, const QString &) { rejected << status; });
    }

    QString key(const char *kind) const
    {
        return desk::CredentialStore::key(QStringLiteral("hubspot-sandbox"),
                                          QStringLiteral("24681357"), QLatin1String(kind));
    }

    // Starts the sign-in; the opener only records the URL (like a browser tab opening later).
    void start()
    {
        finished = false;
        failure = {};
        authorizationUrl.clear();
        session->connectAccount([this](const QUrl &url) { authorizationUrl = url; });
    }

    // Follows the authorization URL with --auto-consent: returns the redirect target.
    QUrl authorizeRedirect()
    {
        const HttpAnswer a = httpGet(browser, authorizationUrl);
        return a.status == 302 ? a.location : QUrl();
    }

    // The browser lands on the redirect; returns the loopback's HTTP status.
    int land(const QUrl &redirect) { return httpGet(browser, redirect).status; }

    bool waitFinished(int ms = 15000)
    {
        return waitUntil([this] { return finished; }, ms);
    }

    // Whole happy path.
    bool login()
    {
        start();
        if (authorizationUrl.isEmpty())
            return false;
        const QUrl redirect = authorizeRedirect();
        if (redirect.isEmpty())
            return false;
        land(redirect);
        return waitFinished() && !failure.isError();
    }

    // POSTs the refresh grant to the sandbox directly: the HTTP status.
    int refreshWith(const QString &refreshToken)
    {
        const QByteArray form = "grant_type=refresh_token&client_id=desk-demo-client&client_secret="
                                "desk-demo-secret&refresh_token=" +
                                QUrl::toPercentEncoding(refreshToken);
        return httpPostForm(browser, sandbox.url(QStringLiteral("/oauth/2026-09/token")), form)
            .status;
    }

    // Whether the provider still takes the token (introspection says active).
    bool tokenActive(const QByteArray &token)
    {
        const HttpAnswer a = httpPostForm(
            browser, sandbox.url(QStringLiteral("/oauth/2026-09/token/introspect")),
            "client_id=desk-demo-client&client_secret=desk-demo-secret&token=" +
                QUrl::toPercentEncoding(QString::fromLatin1(token)));
        return a.status == 200 && a.body.contains("\"active\":true");
    }

    // Revokes a token at the provider behind the app's back: the HTTP status.
    int revoke(const QByteArray &token)
    {
        return httpPostForm(browser, sandbox.url(QStringLiteral("/oauth/2026-09/token/revoke")),
                            "client_id=desk-demo-client&client_secret=desk-demo-secret&token=" +
                                QUrl::toPercentEncoding(QString::fromLatin1(token)))
            .status;
    }

    // Requests the app sent to an API HubSpot retired or is retiring.
    QStringList legacyRequests() const
    {
        QStringList found;
        for (const QUrl &url : nam.urls)
            for (const char *prefix : {"/oauth/v1/", "/oauth/v3/", "/crm/v3/", "/crm/v4/"})
                if (url.path().startsWith(QLatin1String(prefix)))
                    found.append(url.path());
        return found;
    }
};

} // namespace authtest
