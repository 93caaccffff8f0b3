// `integrations-cli load` end to end against the sandbox, with a private-app
// token from the environment (no keychain, no browser).
#include <catch2/catch.hpp>

#include "sandboxtestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

const QByteArray kToken = sandboxtest::kPrivateToken;

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments, const QByteArray &token = kToken)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DESK_TEST_TOKEN"), QString::fromLatin1(token));
    environment.remove(QStringLiteral("DESK_VERBOSE"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DESK_BIN_DIR "/integrations-cli"),
                  QStringList{QStringLiteral("load")} + arguments);
    REQUIRE(process.waitForStarted(10000));
    REQUIRE(process.waitForFinished(120000));
    CliRun run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QStringList sandboxArgs(QStringList extra = {})
{
    return QStringList{QStringLiteral("--private-app-token"),
                       QString::fromLatin1(kToken),
                       QStringLiteral("--contacts"),
                       QStringLiteral("450"),
                       QStringLiteral("--companies"),
                       QStringLiteral("60"),
                       QStringLiteral("--deals"),
                       QStringLiteral("150"),
                       QStringLiteral("--tickets"),
                       QStringLiteral("40"),
                       QStringLiteral("--quiet")} +
           extra;
}

QStringList tokenArgs(const SandboxProcess &sandbox)
{
    return {QStringLiteral("--sandbox"), sandbox.baseUrl().toString(),
            QStringLiteral("--private-app-token-env"), QStringLiteral("DESK_TEST_TOKEN")};
}

QStringList serverIds(SandboxProcess &sandbox, const QString &type)
{
    HttpProbe probe;
    const auto paged = sandboxtest::pageAll(
        sandbox, probe, QStringLiteral("/crm/v3/objects/") + type + QStringLiteral("?limit=100"),
        QString::fromLatin1(kToken));
    REQUIRE(paged.ok);
    return paged.ids;
}

} // namespace

TEST_CASE("CLI load writes every object as JSON to a file", "[cli][load]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("items.json"));
    const CliRun run = runCli(tokenArgs(sandbox) + QStringList{QStringLiteral("--output"), path});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    CHECK(run.out.isEmpty());
    CHECK(run.err.contains("Loaded 700 items"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonArray items = QJsonDocument::fromJson(file.readAll()).array();
    REQUIRE(items.size() == 700);
    QHash<QString, QStringList> idsByType;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        for (const char *field : {"id", "type", "name", "parentId", "parentType", "parentName",
                                  "created", "modified", "url", "properties", "associations"})
            CHECK(item.contains(QLatin1String(field)));
        idsByType[item.value(QStringLiteral("type")).toString()].append(
            item.value(QStringLiteral("id")).toString());
    }
    for (const QString &type : {QStringLiteral("contacts"), QStringLiteral("companies"),
                                QStringLiteral("deals"), QStringLiteral("tickets")})
        CHECK(idsByType.value(type) == serverIds(sandbox, type));
}

TEST_CASE("CLI load streams JSONL to stdout with chosen types and properties", "[cli][load]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    const CliRun run =
        runCli(tokenArgs(sandbox) +
               QStringList{QStringLiteral("--objects"), QStringLiteral("contacts"),
                           QStringLiteral("--properties"), QStringLiteral("contacts:phone"),
                           QStringLiteral("--format"), QStringLiteral("jsonl"),
                           QStringLiteral("--quiet")});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    CHECK(run.err.isEmpty()); // --quiet
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    REQUIRE(lines.size() == 450);
    for (const QByteArray &line : lines) {
        const QJsonObject item = QJsonDocument::fromJson(line).object();
        CHECK(item.value(QStringLiteral("type")).toString() == QStringLiteral("contacts"));
        CHECK(
            item.value(QStringLiteral("properties")).toObject().contains(QStringLiteral("phone")));
    }
}

TEST_CASE("CLI load writes CSV and a tree", "[cli][load]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    const CliRun csv = runCli(tokenArgs(sandbox) +
                              QStringList{QStringLiteral("--objects"), QStringLiteral("deals"),
                                          QStringLiteral("--format"), QStringLiteral("csv")});
    REQUIRE(csv.exitCode == 0);
    const QList<QByteArray> rows = csv.out.trimmed().split('\n');
    CHECK(rows.size() == 151);
    CHECK(
        rows.at(0).startsWith("id,type,name,parentId,parentType,parentName,created,modified,url,"));

    const CliRun tree =
        runCli(tokenArgs(sandbox) +
               QStringList{QStringLiteral("--objects"), QStringLiteral("companies,contacts"),
                           QStringLiteral("--format"), QStringLiteral("tree")});
    REQUIRE(tree.exitCode == 0);
    CHECK(tree.out.contains("[companies "));
    CHECK(tree.out.contains("├─ "));
}

TEST_CASE(
    "CLI load with a rejected token exits with the reconnect code and still writes its output",
    "[cli][load]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    const CliRun run =
        runCli(tokenArgs(sandbox) + QStringList{QStringLiteral("--hub-id"), QStringLiteral("1")},
               "not-a-valid-token");
    CHECK(run.exitCode == 4);
    CHECK(QJsonDocument::fromJson(run.out).isArray());
    CHECK(run.err.contains("incomplete"));
    CHECK_FALSE(run.err.contains("not-a-valid-token")); // never echo a token
}

TEST_CASE("CLI load that fails half-way writes what it got and says why", "[cli][load]")
{
    SandboxProcess sandbox(sandboxArgs({QStringLiteral("--fault-rate"), QStringLiteral("0.5"),
                                        QStringLiteral("--seed"), QStringLiteral("3")}));
    REQUIRE(sandbox.started());
    const CliRun run = runCli(tokenArgs(sandbox) +
                              QStringList{QStringLiteral("--max-attempts"), QStringLiteral("1"),
                                          QStringLiteral("--hub-id"), QStringLiteral("1")});
    INFO(run.err.toStdString());
    CHECK(run.exitCode != 0);
    const QJsonDocument document = QJsonDocument::fromJson(run.out);
    REQUIRE(document.isArray());
    const QRegularExpression summary(QStringLiteral("Incomplete: (\\d+) items"));
    const auto match = summary.match(QString::fromUtf8(run.err));
    REQUIRE(match.hasMatch());
    CHECK(document.array().size() == match.captured(1).toInt());
    CHECK(run.err.contains("incomplete after"));
}

TEST_CASE("CLI load rejects bad options", "[cli][load]")
{
    CHECK(runCli({QStringLiteral("--format"), QStringLiteral("xml")}).exitCode == 2);
    CHECK(runCli({QStringLiteral("--private-app-token-env"),
                  QStringLiteral("DESK_TEST_NO_SUCH_VARIABLE")})
              .exitCode == 2);
    CHECK(runCli({QStringLiteral("--private-app-token-env"), QStringLiteral("DESK_TEST_TOKEN"),
                  QStringLiteral("--properties"), QStringLiteral("phone")})
              .exitCode == 2);
}
