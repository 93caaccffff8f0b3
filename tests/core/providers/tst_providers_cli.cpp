// integrations-cli with --provider airtable|notion against the sandbox:
// login (the test plays the browser), status, load, logout with the keychain,
// and load with a static token from the environment.
#include <catch2/catch.hpp>

#include "authtestutil.h"
#include "support/sandboxprocess.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QUuid>

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

    explicit CliRig(QStringList extra)
        : sandbox(QStringList{QStringLiteral("--redirect-uri"),
                              QStringLiteral("http://localhost:%1/callback").arg(redirectPort),
                              QStringLiteral("--auto-consent"), QStringLiteral("--quiet")} +
                  extra)
    {
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        for (const char *name : {"AIRTABLE_CLIENT_ID", "AIRTABLE_CLIENT_SECRET", "NOTION_CLIENT_ID",
                                 "NOTION_CLIENT_SECRET", "DESK_CREDENTIAL_STORE", "DESK_VERBOSE"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("DESK_KEYCHAIN_SERVICE"), service);
    }

    QStringList common(const QString &provider) const
    {
        return {QStringLiteral("--provider"),      provider,
                QStringLiteral("--sandbox"),       sandbox.baseUrl().toString(),
                QStringLiteral("--redirect-port"), QString::number(redirectPort)};
    }

    CliRun run(const QStringList &args, int timeoutMs = 60000)
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

    CliRun login(const QString &provider)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Cli, QStringList{QStringLiteral("login")} + common(provider) +
                         QStringList{QStringLiteral("--no-browser")});
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
        if (firstLine.startsWith(prefix)) {
            const HttpAnswer a =
                httpGet(browser, QUrl::fromEncoded(firstLine.mid(prefix.size()).trimmed(),
                                                   QUrl::StrictMode));
            if (a.status == 302)
                httpGet(browser, a.location);
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
};

QJsonArray parseArray(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).array();
}

// Items per type in the CLI's JSON output.
QHash<QString, int> countByType(const QJsonArray &items)
{
    QHash<QString, int> counts;
    for (const QJsonValue &item : items)
        ++counts[item.toObject().value(QStringLiteral("type")).toString()];
    return counts;
}

// What the sandbox's Notion shows at today's version (docs/sandbox.md, "Multi-source
// databases" and "Trash"): every database, one data source each and a second one in
// a third of them (the trashed third data source not shown), the shared pages less
// those in the trash (one to three with 20 pages or more), the workspace root.
void checkNotionCounts(const QHash<QString, int> &counts, int pages, int databases)
{
    INFO("pages " << counts.value(QStringLiteral("pages")) << ", databases "
                  << counts.value(QStringLiteral("databases")) << ", data sources "
                  << counts.value(QStringLiteral("data_sources")));
    CHECK(counts.value(QStringLiteral("databases")) == databases);
    CHECK(counts.value(QStringLiteral("data_sources")) == databases + databases / 3);
    CHECK(counts.value(QStringLiteral("pages")) < pages);
    CHECK(counts.value(QStringLiteral("pages")) >= pages - 3);
    CHECK(counts.value(QStringLiteral("workspace")) == 1);
    CHECK(counts.size() == 4);
}

} // namespace

TEST_CASE("CLI: Airtable login, status, load (records too), logout", "[cli][keychain]")
{
    CliRig rig({QStringLiteral("--airtable-bases"), QStringLiteral("2"),
                QStringLiteral("--airtable-tables"), QStringLiteral("2"),
                QStringLiteral("--airtable-records"), QStringLiteral("120")});
    REQUIRE(rig.sandbox.started());
    const CliRun login = rig.login(QStringLiteral("airtable"));
    INFO(login.err.toStdString());
    REQUIRE(login.exitCode == 0);
    CHECK(login.out.contains("Signed in as demo.user@example.com"));

    const CliRun status =
        rig.run(QStringList{QStringLiteral("status")} + rig.common(QStringLiteral("airtable")));
    CHECK(status.exitCode == 0);
    CHECK(status.out.contains("provider: airtable (sandbox"));
    CHECK(status.out.contains("state: signed in"));
    CHECK(status.out.contains("scopes: data.records:read schema.bases:read user.email:read"));

    const CliRun load =
        rig.run(QStringList{QStringLiteral("load")} + rig.common(QStringLiteral("airtable")) +
                QStringList{QStringLiteral("--objects"), QStringLiteral("records"),
                            QStringLiteral("--quiet")});
    INFO(load.err.toStdString());
    REQUIRE(load.exitCode == 0);
    const QJsonArray items = parseArray(load.out);
    QHash<QString, int> byType;
    QSet<QString> ids;
    for (const QJsonValue &v : items) {
        ++byType[v.toObject().value(QStringLiteral("type")).toString()];
        ids.insert(v.toObject().value(QStringLiteral("id")).toString());
    }
    CHECK(byType.value(QStringLiteral("bases")) == 2);
    CHECK(byType.value(QStringLiteral("tables")) == 4);
    CHECK(byType.value(QStringLiteral("records")) == 4 * 120);
    CHECK(ids.size() == items.size());

    // The sandbox (like Airtable) counts 5 requests per base per rolling second
    // across processes; the last run used a whole second's budget of each base,
    // and a new process cannot know that. Let the window roll over.
    spin(1100);
    const CliRun tree =
        rig.run(QStringList{QStringLiteral("load")} + rig.common(QStringLiteral("airtable")) +
                QStringList{QStringLiteral("--format"), QStringLiteral("tree")});
    REQUIRE(tree.exitCode == 0);
    CHECK(tree.out.count("├─ ") + tree.out.count("└─ ") == 4); // tables under their bases
    CHECK(tree.err.contains(" 0 rate-limited"));               // a 429 would hold the base for 30 s

    const CliRun logout =
        rig.run(QStringList{QStringLiteral("logout")} + rig.common(QStringLiteral("airtable")));
    CHECK(logout.exitCode == 0);
    CHECK(logout.out.contains("Signed out of airtable"));
    CHECK(logout.out.contains("removed locally")); // Airtable has no revocation endpoint
    const CliRun after =
        rig.run(QStringList{QStringLiteral("status")} + rig.common(QStringLiteral("airtable")));
    CHECK(after.exitCode == 3);
}

TEST_CASE("CLI: Notion login, status, load as a tree, logout", "[cli][keychain]")
{
    CliRig rig({QStringLiteral("--notion-pages"), QStringLiteral("40"),
                QStringLiteral("--notion-databases"), QStringLiteral("3")});
    REQUIRE(rig.sandbox.started());
    const CliRun login = rig.login(QStringLiteral("notion"));
    INFO(login.err.toStdString());
    REQUIRE(login.exitCode == 0);
    CHECK(login.out.contains("Demo Workspace"));

    const CliRun status =
        rig.run(QStringList{QStringLiteral("status")} + rig.common(QStringLiteral("notion")));
    CHECK(status.exitCode == 0);
    CHECK(status.out.contains("state: signed in"));
    CHECK(status.out.contains("access token expires: unknown"));

    const CliRun load =
        rig.run(QStringList{QStringLiteral("load")} + rig.common(QStringLiteral("notion")) +
                QStringList{QStringLiteral("--quiet")});
    INFO(load.err.toStdString());
    REQUIRE(load.exitCode == 0);
    checkNotionCounts(countByType(parseArray(load.out)), 40, 3);

    const CliRun tree = rig.run(
        QStringList{QStringLiteral("load")} + rig.common(QStringLiteral("notion")) +
        QStringList{QStringLiteral("--format"), QStringLiteral("tree"), QStringLiteral("--quiet")});
    REQUIRE(tree.exitCode == 0);
    // One root (the workspace), everything else below it.
    const QList<QByteArray> lines = tree.out.split('\n');
    int roots = 0;
    for (const QByteArray &line : lines)
        roots += !line.isEmpty() && !line.startsWith("├") && !line.startsWith("└") &&
                 !line.startsWith("│") && !line.startsWith(" ");
    CHECK(roots == 1);

    CHECK(rig.run(QStringList{QStringLiteral("logout")} + rig.common(QStringLiteral("notion")))
              .exitCode == 0);
}

TEST_CASE("CLI: load Airtable and Notion with a static token from the environment", "[cli]")
{
    CliRig rig({QStringLiteral("--airtable-pat"), QStringLiteral("pat-cli-test"),
                QStringLiteral("--notion-token"), QStringLiteral("ntn_cli_test"),
                QStringLiteral("--airtable-bases"), QStringLiteral("3"),
                QStringLiteral("--airtable-tables"), QStringLiteral("1"),
                QStringLiteral("--notion-pages"), QStringLiteral("30")});
    REQUIRE(rig.sandbox.started());
    rig.env.insert(QStringLiteral("DESK_AT"), QStringLiteral("pat-cli-test"));
    rig.env.insert(QStringLiteral("DESK_NT"), QStringLiteral("ntn_cli_test"));
    const CliRun a =
        rig.run({QStringLiteral("load"), QStringLiteral("--provider"), QStringLiteral("airtable"),
                 QStringLiteral("--sandbox"), rig.sandbox.baseUrl().toString(),
                 QStringLiteral("--access-token-env"), QStringLiteral("DESK_AT"),
                 QStringLiteral("--format"), QStringLiteral("jsonl")});
    INFO(a.err.toStdString());
    REQUIRE(a.exitCode == 0);
    CHECK(a.out.count('\n') == 3 + 3);
    CHECK(a.err.contains("0 rate-limited"));
    const CliRun n =
        rig.run({QStringLiteral("load"), QStringLiteral("--provider"), QStringLiteral("notion"),
                 QStringLiteral("--sandbox"), rig.sandbox.baseUrl().toString(),
                 QStringLiteral("--access-token-env"), QStringLiteral("DESK_NT"),
                 QStringLiteral("--format"), QStringLiteral("jsonl")});
    INFO(n.err.toStdString());
    REQUIRE(n.exitCode == 0);
    QJsonArray lines;
    for (const QByteArray &line : n.out.split('\n'))
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    CHECK(lines.size() == n.out.count('\n'));
    checkNotionCounts(countByType(lines), 30, 6); // the default 6 databases
    CHECK(n.err.contains("0 rate-limited"));
    CHECK_FALSE(n.out.contains("ntn_cli_test"));
}
