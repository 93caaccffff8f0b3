// integrations-cli login/status/logout as a black box against the sandbox and the
// real keychain (gnome-keyring under dbus-run-session). The test is the browser.
#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "credentials/keychaincredentialstore.h"
#include "sandboxrig.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>

using namespace desk;
using namespace authtest;

namespace {

const QString Cli = QStringLiteral(DESK_BIN_DIR "/integrations-cli");

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

struct CliRig
{
    QString service = QStringLiteral("Integrations Desk test ") +
                      QUuid::createUuid().toString(QUuid::WithoutBraces);
    quint16 redirectPort = freePort();
    SandboxProcess sandbox;
    QTemporaryDir config;
    QNetworkAccessManager browser;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();

    explicit CliRig(QStringList extra = {QStringLiteral("--auto-consent")})
        : sandbox(sandboxArgs(redirectPort, extra))
    {
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        env.remove(QStringLiteral("HUBSPOT_CLIENT_ID"));
        env.remove(QStringLiteral("HUBSPOT_CLIENT_SECRET"));
        env.remove(QStringLiteral("DESK_CREDENTIAL_STORE"));
        // Tests share one Secret Service: keep this test's entries apart.
        env.insert(QStringLiteral("DESK_KEYCHAIN_SERVICE"), service);
    }

    QStringList common() const
    {
        return {QStringLiteral("--sandbox"), sandbox.baseUrl().toString(),
                QStringLiteral("--redirect-port"), QString::number(redirectPort)};
    }

    CliRun run(const QStringList &args, int timeoutMs = 30000)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Cli, args);
        CliRun r;
        if (!p.waitForStarted(5000))
            return r;
        waitUntil([&] { return p.state() == QProcess::NotRunning; }, timeoutMs);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(2000);
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // login with the test acting as the browser once the URL is printed.
    CliRun login(const QStringList &extra = {}, bool browse = true)
    {
        std::function<void(const QUrl &)> follow;
        if (browse)
            follow = [this](const QUrl &url) {
                const HttpAnswer a = httpGet(browser, url);
                if (a.status == 302)
                    httpGet(browser, a.location);
            };
        return loginWith(extra, follow);
    }

    CliRun loginWith(const QStringList &extra, const std::function<void(const QUrl &)> &browse)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Cli, QStringList{QStringLiteral("login")} + common() +
                         QStringList{QStringLiteral("--no-browser")} + extra);
        CliRun r;
        if (!p.waitForStarted(5000))
            return r;
        QByteArray out;
        waitUntil(
            [&] {
                out += p.readAllStandardOutput();
                return out.contains('\n') || p.state() == QProcess::NotRunning;
            },
            15000);
        const QByteArray firstLine = out.left(out.indexOf('\n'));
        const QByteArray prefix = "Open this URL to sign in: ";
        if (browse && firstLine.startsWith(prefix))
            browse(QUrl::fromEncoded(firstLine.mid(prefix.size()).trimmed(), QUrl::StrictMode));
        waitUntil(
            [&] {
                out += p.readAllStandardOutput();
                return p.state() == QProcess::NotRunning;
            },
            30000);
        out += p.readAllStandardOutput();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = out;
        r.err = p.readAllStandardError();
        return r;
    }

    QString key(const char *kind) const
    {
        return CredentialStore::key(QStringLiteral("hubspot-sandbox"), QStringLiteral("24681357"),
                                    QLatin1String(kind));
    }
};

QByteArray readKeychain(const CliRig &rig, const QString &key,
                        CredentialStore::Status *status = nullptr)
{
    KeychainCredentialStore store(rig.service);
    bool done = false;
    QByteArray value;
    store.read(key, [&](CredentialStore::Status s, const QByteArray &v, const QString &) {
        if (status)
            *status = s;
        value = v;
        done = true;
    });
    waitUntil([&] { return done; }, 20000);
    return value;
}

int refreshAt(CliRig &rig, const QByteArray &refreshToken)
{
    return httpPostForm(rig.browser, rig.sandbox.url(QStringLiteral("/oauth/2026-09/token")),
                        "grant_type=refresh_token&client_id=desk-demo-client&client_secret=desk-"
                        "demo-secret&refresh_token=" +
                            QUrl::toPercentEncoding(QString::fromLatin1(refreshToken)))
        .status;
}

} // namespace

TEST_CASE("cli: login -> status -> expiry and refresh -> logout, tokens in the real keychain",
          "[cli][sandbox][keychain]")
{
    CliRig rig({QStringLiteral("--auto-consent"), QStringLiteral("--token-lifetime"),
                QStringLiteral("3")});
    REQUIRE(rig.sandbox.started());

    const CliRun login = rig.login();
    INFO("login stdout: " << login.out.toStdString() << "\nstderr: " << login.err.toStdString());
    REQUIRE(login.exitCode == 0);
    const QList<QByteArray> lines = login.out.trimmed().split('\n');
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].startsWith(QByteArray(
        "Open this URL to sign in: " + rig.sandbox.baseUrl().toEncoded() + "/oauth/authorize?")));
    CHECK(lines[1].startsWith("Signed in as demo.user@example.com"));

    CredentialStore::Status status = CredentialStore::Status::OtherError;
    const QByteArray access = readKeychain(rig, rig.key("access_token"), &status);
    REQUIRE(status == CredentialStore::Status::Ok);
    const QByteArray refresh = readKeychain(rig, rig.key("refresh_token"), &status);
    REQUIRE(status == CredentialStore::Status::Ok);
    CHECK_FALSE(login.out.contains(access));
    CHECK_FALSE(login.err.contains(access));
    CHECK_FALSE(login.err.contains(refresh));
    // No plaintext copy in the settings directory.
    QDirIterator files(rig.config.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        REQUIRE(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        CHECK_FALSE(content.contains(access));
        CHECK_FALSE(content.contains(refresh));
        CHECK_FALSE(content.contains("desk-demo-secret"));
    }

    CliRun st = rig.run({QStringLiteral("status")}); // saved settings: no --sandbox needed
    INFO("status: " << st.out.toStdString() << st.err.toStdString());
    CHECK(st.exitCode == 0);
    CHECK(st.out.contains("provider: hubspot (sandbox"));
    CHECK(st.out.contains("account: 24681357 (demo-company.sandbox.local)"));
    CHECK(st.out.contains("user: demo.user@example.com"));
    CHECK(st.out.contains("scopes: oauth crm.objects.contacts.read"));
    CHECK(st.out.contains("access token expires: "));
    CHECK(st.out.contains("credentials: system keychain"));
    CHECK_FALSE(st.out.contains(access));

    // The 3 s token expires; status restores by refreshing and shows a new expiry.
    spin(3200);
    st = rig.run({QStringLiteral("status")});
    CHECK(st.exitCode == 0);
    CHECK_FALSE(st.out.contains("(expired)"));
    const QByteArray access2 = readKeychain(rig, rig.key("access_token"));
    CHECK(access2 != access);
    CHECK_FALSE(st.out.contains(access2));

    const CliRun out = rig.run({QStringLiteral("logout")});
    INFO("logout: " << out.out.toStdString() << out.err.toStdString());
    CHECK(out.exitCode == 0);
    CHECK(out.out.contains("Signed out of hubspot (account 24681357); access revoked."));
    readKeychain(rig, rig.key("access_token"), &status);
    CHECK(status == CredentialStore::Status::NotFound);
    readKeychain(rig, rig.key("refresh_token"), &status);
    CHECK(status == CredentialStore::Status::NotFound);
    CHECK(refreshAt(rig, refresh) == 400); // revoked at the provider

    st = rig.run({QStringLiteral("status")});
    CHECK(st.exitCode == 3);
    CHECK(st.out.contains("state: not signed in"));
}

TEST_CASE("cli: busy port, timeout and bad usage give distinct exit codes", "[cli][sandbox]")
{
    CliRig rig;
    REQUIRE(rig.sandbox.started());
    {
        QTcpServer squatter;
        REQUIRE(squatter.listen(QHostAddress::LocalHost, rig.redirectPort));
        const CliRun busy = rig.login({}, false);
        CHECK(busy.exitCode == 7);
        CHECK(busy.err.contains(QByteArray::number(rig.redirectPort)));
        CHECK(busy.err.contains("Redirect port"));
        CHECK(busy.out.isEmpty());
    }
    const CliRun late = rig.login({QStringLiteral("--timeout"), QStringLiteral("0.5")}, false);
    CHECK(late.exitCode == 6);
    CHECK(late.err.contains("timed out"));

    CHECK(rig.run({QStringLiteral("frobnicate")}).exitCode == 2);
    CHECK(rig.run({QStringLiteral("login"), QStringLiteral("--provider"), QStringLiteral("nope")})
              .exitCode == 2);
    CHECK(rig.run({QStringLiteral("status"), QStringLiteral("--no-such-option")}).exitCode == 2);
    const CliRun help = rig.run({QStringLiteral("login"), QStringLiteral("--help")});
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains("--sandbox"));
    // Real HubSpot without any client id.
    CHECK(rig.run({QStringLiteral("login"), QStringLiteral("--no-sandbox"),
                   QStringLiteral("--no-browser")})
              .exitCode == 2);
}

TEST_CASE("cli: without a D-Bus session login works in memory and warns", "[cli][sandbox]")
{
    CliRig rig;
    REQUIRE(rig.sandbox.started());
    rig.env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/desk-test-bus"));
    const CliRun login = rig.login();
    INFO(login.err.toStdString());
    CHECK(login.exitCode == 0);
    CHECK(login.err.contains("warning: No system keychain is available"));
    CHECK(login.err.contains("memory"));
    const CliRun st = rig.run({QStringLiteral("status")});
    CHECK(st.exitCode == 3); // nothing survived the process
    CHECK(st.out.contains("credentials: memory only"));
}

TEST_CASE("cli: a refused refresh token makes status say reconnect (exit 4) and keeps the entries",
          "[cli][sandbox][keychain]")
{
    CliRig rig({QStringLiteral("--auto-consent"), QStringLiteral("--token-lifetime"),
                QStringLiteral("2")});
    REQUIRE(rig.sandbox.started());
    REQUIRE(rig.login().exitCode == 0);
    const QByteArray refresh = readKeychain(rig, rig.key("refresh_token"));
    REQUIRE_FALSE(refresh.isEmpty());
    // The date-based revoke answers 200 or 204 (either is success).
    const int revoked =
        httpPostForm(rig.browser, rig.sandbox.url(QStringLiteral("/oauth/2026-09/token/revoke")),
                     "client_id=desk-demo-client&client_secret=desk-demo-secret&token=" +
                         QUrl::toPercentEncoding(QString::fromLatin1(refresh)))
            .status;
    REQUIRE((revoked == 200 || revoked == 204));
    spin(2200);
    CliRun st = rig.run({QStringLiteral("status")});
    INFO(st.out.toStdString() << st.err.toStdString());
    CHECK(st.exitCode == 4);
    CHECK(st.out.contains("state: reconnect needed"));
    CHECK(st.err.contains("integrations-cli login"));
    CredentialStore::Status status = CredentialStore::Status::OtherError;
    readKeychain(rig, rig.key("refresh_token"), &status);
    CHECK(status == CredentialStore::Status::Ok); // not silently deleted
    st = rig.run({QStringLiteral("status")});
    CHECK(st.exitCode == 4); // remembered across runs without a new refresh attempt
    CHECK(rig.run({QStringLiteral("logout")}).exitCode == 0);
    readKeychain(rig, rig.key("refresh_token"), &status);
    CHECK(status == CredentialStore::Status::NotFound);
}

TEST_CASE("cli: Deny on the consent page exits 5 with a one-line reason", "[cli][sandbox]")
{
    CliRig rig(QStringList{}); // no --auto-consent: the consent page is shown
    REQUIRE(rig.sandbox.started());
    bool sawConsent = false;
    const CliRun denied = rig.loginWith({}, [&](const QUrl &url) {
        const HttpAnswer page = httpGet(rig.browser, url);
        sawConsent = page.status == 200 && page.body.contains("id=\"deny\"");
        // The consent form posts the authorization parameters back with the decision.
        QUrlQuery form(url);
        form.addQueryItem(QStringLiteral("decision"), QStringLiteral("deny"));
        const HttpAnswer a =
            httpPostForm(rig.browser, rig.sandbox.url(QStringLiteral("/oauth/authorize")),
                         form.toString(QUrl::FullyEncoded).toLatin1());
        if (a.status == 302)
            httpGet(rig.browser, a.location);
    });
    CHECK(sawConsent);
    CHECK(denied.exitCode == 5);
    CHECK(denied.err.trimmed().split('\n').size() == 1);
    CHECK(denied.err.contains("declined"));
}
