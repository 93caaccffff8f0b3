// Runs HubSpot's official Node client (@hubspot/api-client, tests/sdk/hubspot)
// against the sandbox: its getAll() must page every contact, company, deal and
// ticket exactly once. The SDK still calls the legacy /crm/v3 paths.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);

struct SdkRun
{
    int exitCode = -1;
    QByteArray out, err;
    QHash<QString, QPair<qint64, qint64>> lines; // label -> (records, unique)
};

SdkRun runSdk(const SandboxProcess &sandbox)
{
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HUBSPOT_ACCESS_TOKEN"_s, kToken);
    node.setProcessEnvironment(env);
    node.setWorkingDirectory(QStringLiteral(DESK_SDK_HUBSPOT_DIR));
    node.start(QStringLiteral(DESK_NODE),
               {QStringLiteral(DESK_SDK_HUBSPOT_DIR "/getall.js"), sandbox.baseUrl().toString()});
    SdkRun run;
    if (!node.waitForFinished(240000)) {
        node.kill();
        node.waitForFinished();
    }
    run.exitCode = node.exitStatus() == QProcess::NormalExit ? node.exitCode() : -1;
    run.out = node.readAllStandardOutput();
    run.err = node.readAllStandardError();
    static const QRegularExpression line(
        u"^(\\w+) records=(\\d+) unique=(\\d+) seconds=\\d+\\.\\d{3} records_per_s=\\d+\\.\\d$"_s);
    for (const QByteArray &l : run.out.split('\n')) {
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(l));
        if (m.hasMatch())
            run.lines.insert(m.captured(1),
                             {m.captured(2).toLongLong(), m.captured(3).toLongLong()});
    }
    return run;
}

} // namespace

TEST_CASE("the official HubSpot Node SDK pages every type exactly once", "[sandbox][sdk]")
{
    SandboxProcess sandbox({u"--hubspot-legacy"_s, u"on"_s, u"--private-app-token"_s, kToken,
                            u"--rate-limit"_s, u"off"_s, u"--contacts"_s, u"1234"_s,
                            u"--companies"_s, u"101"_s, u"--deals"_s, u"250"_s, u"--tickets"_s,
                            u"99"_s, u"--archived"_s, u"4"_s});
    REQUIRE(sandbox.started());
    HttpProbe probe;
    QHash<QString, qint64> expected;
    qint64 total = 0;
    for (const QString &type : {u"contacts"_s, u"companies"_s, u"deals"_s, u"tickets"_s}) {
        const Paged p =
            pageAll(sandbox, probe, u"/crm/objects/2026-09/"_s + type + u"?limit=100"_s, kToken);
        REQUIRE(p.ok);
        expected.insert(type, p.ids.size());
        total += p.ids.size();
    }
    REQUIRE(expected.value(u"contacts"_s) == 1234);

    const SdkRun run = runSdk(sandbox);
    INFO("stdout:\n" << run.out.toStdString() << "stderr:\n" << run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    REQUIRE(run.lines.size() == 5);
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        INFO(it.key().toStdString());
        CHECK(run.lines.value(it.key()).first == it.value());
        CHECK(run.lines.value(it.key()).second == it.value());
    }
    CHECK(run.lines.value(u"total"_s) == qMakePair(total, total));
    sandbox.stop();
    // 1234 contacts at the SDK's 100 per page: 13 requests, all on the legacy path.
    CHECK(sandbox.log().count("GET /crm/v3/objects/contacts 200") == 13);
}

TEST_CASE("the official HubSpot Node SDK fails cleanly without the legacy paths", "[sandbox][sdk]")
{
    SandboxProcess sandbox(
        {u"--hubspot-legacy"_s, u"off"_s, u"--private-app-token"_s, kToken, u"--quiet"_s});
    REQUIRE(sandbox.started());
    const SdkRun run = runSdk(sandbox);
    INFO(run.err.toStdString());
    CHECK(run.exitCode == 1);
    CHECK(run.err.contains("HTTP 404"));
    CHECK(run.lines.isEmpty());
}
