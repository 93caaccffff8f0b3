// Secrets hygiene (issue 7): the real integrations-cli signs in against the
// sandbox, loads to a JSON file, shows its status and signs out, with every
// logging category on debug. No access token, refresh token, authorization code,
// PKCE verifier or client secret may appear in what it prints (stdout, stderr =
// the log), in any file under its config/data/cache dirs, or in the export.
//
// Where the forbidden strings come from:
// - access/refresh tokens: read back from the real keychain (the CLI's own
//   store) after login and after load (a short token lifetime makes load
//   refresh, so rotated tokens are covered too);
// - the authorization code: from the sandbox's 302 Location the test (acting
//   as the browser) follows into the loopback port;
// - the client secret: the sandbox demo value;
// - the PKCE verifier never leaves the process except to the token endpoint, so
//   it cannot be read. Instead the test knows its fingerprint: the
//   code_challenge in the sign-in URL is BASE64URL(SHA256(verifier)). Every
//   43..128-character window of the verifier alphabet in the output is hashed;
//   a match means the verifier leaked (exact, no false positives).
#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "credentials/credentialstore.h"
#include "credentials/keychaincredentialstore.h"
#include "sandboxrig.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QUuid>

using namespace desk;
using namespace authtest;

namespace {

const QString Cli = QStringLiteral(DESK_BIN_DIR "/integrations-cli");

struct Run
{
    QString what;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

bool isVerifierChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// True when some 43..128-char run of verifier characters in `text` hashes to
// `challenge` (S256).
bool containsVerifierFor(const QByteArray &text, const QByteArray &challenge)
{
    int i = 0;
    while (i < text.size()) {
        if (!isVerifierChar(text[i])) {
            ++i;
            continue;
        }
        int j = i;
        while (j < text.size() && isVerifierChar(text[j]))
            ++j;
        const int runLength = j - i;
        for (int len = 43; len <= std::min(128, runLength); ++len) {
            for (int start = i; start + len <= j; ++start) {
                const QByteArray candidate = text.mid(start, len);
                const QByteArray hash =
                    QCryptographicHash::hash(candidate, QCryptographicHash::Sha256)
                        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
                if (hash == challenge)
                    return true;
            }
        }
        i = j;
    }
    return false;
}

struct Rig
{
    QString service = QStringLiteral("Integrations Desk hygiene ") +
                      QUuid::createUuid().toString(QUuid::WithoutBraces);
    quint16 redirectPort = freePort();
    SandboxProcess sandbox;
    QTemporaryDir config, data, cache, exportDir;
    QNetworkAccessManager browser;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QByteArray code;      // authorization code seen in the redirect
    QByteArray challenge; // code_challenge of the sign-in URL

    Rig()
        : sandbox(
              sandboxArgs(redirectPort, {QStringLiteral("--auto-consent"),
                                         QStringLiteral("--token-lifetime"), QStringLiteral("2")}))
    {
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        env.insert(QStringLiteral("XDG_CACHE_HOME"), cache.path());
        env.insert(QStringLiteral("HOME"), config.path());
        env.remove(QStringLiteral("HUBSPOT_CLIENT_ID"));
        env.remove(QStringLiteral("HUBSPOT_CLIENT_SECRET"));
        env.remove(QStringLiteral("DESK_CREDENTIAL_STORE"));
        env.insert(QStringLiteral("DESK_KEYCHAIN_SERVICE"), service);
        // Everything on: our categories, Qt's network/auth ones, all of Qt.
        env.insert(QStringLiteral("QT_LOGGING_RULES"),
                   QStringLiteral("*.debug=true;desk.*.debug=true;qt.networkauth*.debug=true"));
        env.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                   QStringLiteral("%{type} %{category}: %{message}"));
    }

    Run run(const QString &what, const QStringList &args, int timeoutMs = 60000)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Cli, args);
        Run r;
        r.what = what;
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

    Run login()
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Cli, {QStringLiteral("login"), QStringLiteral("--sandbox"),
                      sandbox.baseUrl().toString(), QStringLiteral("--redirect-port"),
                      QString::number(redirectPort), QStringLiteral("--no-browser")});
        Run r;
        r.what = QStringLiteral("login");
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
        if (firstLine.startsWith(prefix)) {
            const QUrl url =
                QUrl::fromEncoded(firstLine.mid(prefix.size()).trimmed(), QUrl::StrictMode);
            challenge = QUrlQuery(url)
                            .queryItemValue(QStringLiteral("code_challenge"), QUrl::FullyDecoded)
                            .toLatin1();
            // The browser: authorize answers 302 to the loopback port with the code.
            const HttpAnswer authorize = httpGet(browser, url);
            if (authorize.status == 302) {
                code = QUrlQuery(authorize.location)
                           .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded)
                           .toLatin1();
                httpGet(browser, authorize.location);
            }
        }
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

    QByteArray keychain(const char *kind) const
    {
        KeychainCredentialStore store(service);
        bool done = false;
        QByteArray value;
        store.read(CredentialStore::key(QStringLiteral("hubspot-sandbox"),
                                        QStringLiteral("24681357"), QLatin1String(kind)),
                   [&](CredentialStore::Status s, const QByteArray &v, const QString &) {
                       if (s == CredentialStore::Status::Ok)
                           value = v;
                       done = true;
                   });
        waitUntil([&] { return done; }, 20000);
        return value;
    }
};

struct Secret
{
    QString name;
    QByteArray value;
};

void checkClean(const QString &where, const QByteArray &text, const QList<Secret> &secrets,
                const QByteArray &challenge)
{
    for (const Secret &s : secrets) {
        INFO(where.toStdString() << " must not contain the " << s.name.toStdString());
        CHECK_FALSE(text.contains(s.value));
    }
    INFO(where.toStdString() << " must not contain the PKCE verifier");
    CHECK_FALSE(containsVerifierFor(text, challenge));
}

} // namespace

TEST_CASE("hygiene: the verifier fingerprint check finds a verifier and nothing else",
          "[hardening][hygiene]")
{
    const QByteArray verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-abcdefghijklmn~.";
    const QByteArray challenge =
        QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    CHECK(containsVerifierFor("code_verifier=" + verifier + "&x=1", challenge));
    CHECK(containsVerifierFor("prefix" + verifier, challenge)); // glued to other characters
    CHECK_FALSE(containsVerifierFor("code_verifier=" + verifier.left(42), challenge));
    CHECK_FALSE(containsVerifierFor("code_challenge=" + challenge, challenge));
}

TEST_CASE("hygiene: login, load, status and logout with debug logging leak no secret",
          "[hardening][hygiene][keychain][sandbox]")
{
    Rig rig;
    REQUIRE(rig.sandbox.started());
    QList<Run> runs;

    const Run login = rig.login();
    runs << login;
    INFO("login out: " << login.out.toStdString() << "\nerr: " << login.err.toStdString());
    REQUIRE(login.exitCode == 0);
    REQUIRE(rig.code.size() >= 8);
    REQUIRE(rig.challenge.size() == 43);
    // Debug logging really was on (else the test would prove nothing).
    CHECK(login.err.contains("debug desk."));
    CHECK(login.err.contains("desk.core.auth"));

    QList<Secret> secrets;
    secrets << Secret{QStringLiteral("client secret"), QByteArrayLiteral("desk-demo-secret")}
            << Secret{QStringLiteral("authorization code"), rig.code};
    const QByteArray access1 = rig.keychain("access_token");
    const QByteArray refresh1 = rig.keychain("refresh_token");
    REQUIRE(access1.size() >= 8);
    REQUIRE(refresh1.size() >= 8);
    secrets << Secret{QStringLiteral("access token"), access1}
            << Secret{QStringLiteral("refresh token"), refresh1};

    spin(2200); // the 2 s access token expires: load must refresh first
    const QString exported = rig.exportDir.filePath(QStringLiteral("items.json"));
    const Run load = rig.run(QStringLiteral("load"),
                             {QStringLiteral("load"), QStringLiteral("--format"),
                              QStringLiteral("json"), QStringLiteral("--output"), exported});
    runs << load;
    INFO("load err: " << load.err.left(4000).toStdString());
    REQUIRE(load.exitCode == 0);
    const QByteArray access2 = rig.keychain("access_token");
    const QByteArray refresh2 = rig.keychain("refresh_token");
    CHECK(access2 != access1); // the refresh happened, so its tokens are tested too
    if (!access2.isEmpty() && access2 != access1)
        secrets << Secret{QStringLiteral("refreshed access token"), access2};
    if (!refresh2.isEmpty() && refresh2 != refresh1)
        secrets << Secret{QStringLiteral("rotated refresh token"), refresh2};

    const Run status = rig.run(QStringLiteral("status"), {QStringLiteral("status")});
    runs << status;
    CHECK(status.exitCode == 0);
    CHECK(status.out.contains("user: demo.user@example.com"));
    // status may have refreshed again (2 s tokens): those tokens count too.
    for (const char *kind : {"access_token", "refresh_token"}) {
        const QByteArray value = rig.keychain(kind);
        bool known = value.isEmpty();
        for (const Secret &s : secrets)
            known = known || s.value == value;
        if (!known)
            secrets << Secret{QStringLiteral("token after status (%1)").arg(QLatin1String(kind)),
                              value};
    }
    const Run logout = rig.run(QStringLiteral("logout"), {QStringLiteral("logout")});
    runs << logout;
    CHECK(logout.exitCode == 0);

    for (const Run &r : runs) {
        QByteArray out = r.out;
        if (r.what == QLatin1String("login")) {
            // The one allowed place for the authorization URL (it carries no secret
            // either, but it is the documented exception).
            const QList<QByteArray> lines = out.split('\n');
            REQUIRE(lines.first().startsWith("Open this URL to sign in: "));
            checkClean(QStringLiteral("login URL line"), lines.first(), secrets, rig.challenge);
            out = out.mid(out.indexOf('\n') + 1);
        }
        checkClean(r.what + QStringLiteral(" stdout"), out, secrets, rig.challenge);
        checkClean(r.what + QStringLiteral(" stderr (log)"), r.err, secrets, rig.challenge);
    }

    QFile exportFile(exported);
    REQUIRE(exportFile.open(QIODevice::ReadOnly));
    const QByteArray exportData = exportFile.readAll();
    CHECK(exportData.contains("\"contacts\"")); // the load really wrote items
    checkClean(QStringLiteral("export file"), exportData, secrets, rig.challenge);

    int files = 0;
    for (const QString &dir : {rig.config.path(), rig.data.path(), rig.cache.path()}) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            REQUIRE(f.open(QIODevice::ReadOnly));
            ++files;
            checkClean(f.fileName(), f.readAll(), secrets, rig.challenge);
        }
    }
    CHECK(files >= 1); // the settings file exists (and was checked)
}
