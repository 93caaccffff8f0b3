// Black-box tests of the sandbox's changing HubSpot data: POST /_sandbox/changes
// (modify, add, archive; deterministic per seed; visible through list, read,
// batch read and the archived listing; associations consistent on both sides),
// its validation, and the --churn option.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

const QString kToken = QString::fromLatin1(kPrivateToken);
const QString kObjects = u"/crm/objects/2026-09/"_s;
const QStringList kTypes = {u"contacts"_s, u"companies"_s, u"deals"_s, u"tickets"_s};

QStringList args(QStringList extra = {})
{
    return QStringList{u"--private-app-token"_s, kToken, u"--rate-limit"_s, u"off"_s,
                       u"--quiet"_s} +
           extra;
}

QString lastModified(const QString &type)
{
    return type == u"contacts"_s ? u"lastmodifieddate"_s : u"hs_lastmodifieddate"_s;
}

// Every record of a type by id (all properties of interest, every association).
QHash<QString, QJsonObject> snapshot(SandboxProcess &sandbox, HttpProbe &probe, const QString &type,
                                     bool archived = false)
{
    const Paged p =
        pageAll(sandbox, probe,
                kObjects + type + u"?limit=100&associations=contacts,companies,deals,tickets"_s +
                    u"&properties=lastname,name,dealstage,hs_pipeline_stage"_s +
                    (archived ? u"&archived=true"_s : QString()),
                kToken, true);
    REQUIRE(p.ok);
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : p.results)
        out.insert(v.toObject().value(u"id"_s).toString(), v.toObject());
    return out;
}

QStringList linked(const QJsonObject &record, const QString &type)
{
    QStringList ids;
    for (const QJsonValue &v : record.value(u"associations"_s)
                                   .toObject()
                                   .value(type)
                                   .toObject()
                                   .value(u"results"_s)
                                   .toArray())
        ids.append(v.toObject().value(u"id"_s).toString());
    return ids;
}

// Every association is listed from both sides and only between active records.
void requireConsistentAssociations(SandboxProcess &sandbox, HttpProbe &probe)
{
    QHash<QString, QHash<QString, QJsonObject>> all;
    for (const QString &t : kTypes)
        all.insert(t, snapshot(sandbox, probe, t));
    int links = 0;
    for (const QString &from : kTypes) {
        const QHash<QString, QJsonObject> records = all.value(from);
        for (auto it = records.begin(); it != records.end(); ++it)
            for (const QString &to : kTypes)
                for (const QString &id : linked(it.value(), to)) {
                    INFO(from.toStdString() << ' ' << it.key().toStdString() << " -> "
                                            << to.toStdString() << ' ' << id.toStdString());
                    REQUIRE(all.value(to).contains(id));
                    CHECK(linked(all.value(to).value(id), from).contains(it.key()));
                    ++links;
                }
    }
    CHECK(links > 100);
}

} // namespace

TEST_CASE("the change endpoint modifies, adds and archives records", "[sandbox][changes]")
{
    const QString type = GENERATE(from_range(kTypes));
    INFO(type.toStdString());
    SandboxProcess sandbox(args({u"--archived"_s, u"0"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QHash<QString, QJsonObject> before = snapshot(sandbox, probe, type);
    qint64 maxId = 0;
    for (const QString &id : before.keys())
        maxId = std::max(maxId, id.toLongLong());
    const QString start = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);

    const QJsonObject changed = applyChanges(
        sandbox, probe,
        QJsonObject{
            {u"type"_s, type}, {u"modify"_s, 4}, {u"add"_s, 3}, {u"delete"_s, 2}, {u"seed"_s, 11}});
    const QStringList modified = strings(changed.value(u"modified"_s));
    const QStringList added = strings(changed.value(u"added"_s));
    const QStringList deleted = strings(changed.value(u"deleted"_s));
    REQUIRE(modified.size() == 4);
    REQUIRE(added.size() == 3);
    REQUIRE(deleted.size() == 2);
    CHECK(strictlyAscendingNumeric(modified));
    CHECK(strictlyAscendingNumeric(added));
    CHECK(QSet<QString>(modified.begin(), modified.end())
              .intersect(QSet<QString>(deleted.begin(), deleted.end()))
              .isEmpty());

    const QHash<QString, QJsonObject> after = snapshot(sandbox, probe, type);
    CHECK(after.size() == before.size() + 3 - 2);
    const QString visible = type == u"contacts"_s    ? u"lastname"_s
                            : type == u"companies"_s ? u"name"_s
                            : type == u"deals"_s     ? u"dealstage"_s
                                                     : u"hs_pipeline_stage"_s;
    for (const QString &id : modified) {
        INFO("modified " << id.toStdString());
        REQUIRE(after.contains(id));
        const QJsonObject was = before.value(id).value(u"properties"_s).toObject();
        const QJsonObject now = after.value(id).value(u"properties"_s).toObject();
        CHECK(now.value(visible) != was.value(visible));
        CHECK(now.value(lastModified(type)).toString() > start);
        CHECK(after.value(id).value(u"updatedAt"_s).toString() ==
              now.value(lastModified(type)).toString());
        CHECK(after.value(id).value(u"createdAt"_s) == before.value(id).value(u"createdAt"_s));
    }
    for (const QString &id : added) {
        INFO("added " << id.toStdString());
        CHECK(id.toLongLong() > maxId);
        REQUIRE(after.contains(id));
        CHECK(after.value(id).value(u"createdAt"_s).toString() > start);
        const QJsonObject props = after.value(id).value(u"properties"_s).toObject();
        CHECK(props.value(u"hs_object_id"_s).toString() == id);
        CHECK_FALSE(props.value(visible).toString().isEmpty());
    }
    for (const QString &id : deleted) {
        INFO("deleted " << id.toStdString());
        CHECK_FALSE(after.contains(id));
        CHECK(apiGet(sandbox, probe, kObjects + type + u"/"_s + id, kToken).status == 404);
        CHECK(apiGet(sandbox, probe, kObjects + type + u"/"_s + id + u"?archived=true"_s, kToken)
                  .status == 200);
    }
    const QHash<QString, QJsonObject> archived = snapshot(sandbox, probe, type, true);
    CHECK(QSet<QString>(archived.keyBegin(), archived.keyEnd()) ==
          QSet<QString>(deleted.begin(), deleted.end()));
    for (const QJsonObject &a : archived) {
        CHECK(a.value(u"archived"_s).toBool());
        CHECK(a.value(u"archivedAt"_s).toString() > start);
        CHECK_FALSE(a.contains(u"associations"_s));
    }

    // Batch read: the archived ones are reported as not found (207).
    QJsonArray inputs;
    for (const QString &id : modified + deleted)
        inputs.append(QJsonObject{{u"id"_s, id}});
    const HttpResult batch = postJson(sandbox, probe, kObjects + type + u"/batch/read"_s,
                                      QJsonObject{{u"inputs"_s, inputs},
                                                  {u"properties"_s, QJsonArray()},
                                                  {u"propertiesWithHistory"_s, QJsonArray()}},
                                      kToken);
    INFO(batch.body.toStdString());
    REQUIRE(batch.status == 207);
    CHECK(batch.json().object().value(u"results"_s).toArray().size() == 4);
    CHECK(firstErrorContext(batch, u"ids"_s) == deleted);
    requireConsistentAssociations(sandbox, probe);
}

TEST_CASE("changes are deterministic for a seed and differ between seeds", "[sandbox][changes]")
{
    const auto run = [](qint64 seed) {
        SandboxProcess sandbox(args());
        REQUIRE(sandbox.started());
        HttpProbe probe;
        QJsonArray answers;
        for (const QString &type : kTypes)
            answers.append(applyChanges(sandbox, probe,
                                        QJsonObject{{u"type"_s, type},
                                                    {u"modify"_s, 5},
                                                    {u"add"_s, 4},
                                                    {u"delete"_s, 3},
                                                    {u"seed"_s, seed}}));
        QJsonObject state{{u"answers"_s, answers}};
        for (const QString &type : kTypes) {
            QJsonArray records;
            for (const QJsonObject &o : snapshot(sandbox, probe, type)) {
                QJsonObject stable = o;
                stable.remove(u"createdAt"_s); // wall-clock times differ between runs
                stable.remove(u"updatedAt"_s);
                QJsonObject props = stable.value(u"properties"_s).toObject();
                props.remove(u"createdate"_s);
                props.remove(lastModified(type));
                stable.insert(u"properties"_s, props);
                records.append(stable);
            }
            state.insert(type, records);
        }
        return state;
    };
    const QJsonObject a = run(5);
    CHECK(a == run(5));
    CHECK(a.value(u"answers"_s) != run(6).value(u"answers"_s));
}

TEST_CASE("associations of added and archived records stay consistent on both sides",
          "[sandbox][changes]")
{
    SandboxProcess sandbox(args({u"--fanout-contacts"_s, u"40"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    // Archive the fan-out company and deal's contacts among others, add records of every type.
    for (int round = 0; round < 3; ++round)
        for (const QString &type : kTypes)
            applyChanges(
                sandbox, probe,
                QJsonObject{{u"type"_s, type}, {u"modify"_s, 2}, {u"add"_s, 6}, {u"delete"_s, 6}});
    applyChanges(sandbox, probe, QJsonObject{{u"type"_s, u"companies"_s}, {u"delete"_s, 59}});
    requireConsistentAssociations(sandbox, probe);

    // The associations batch read agrees: archived ones are gone from both sides.
    const QHash<QString, QJsonObject> companies = snapshot(sandbox, probe, u"companies"_s);
    const QHash<QString, QJsonObject> archived = snapshot(sandbox, probe, u"companies"_s, true);
    QJsonArray inputs;
    for (const QString &id : archived.keys())
        inputs.append(QJsonObject{{u"id"_s, id}});
    const HttpResult r =
        postJson(sandbox, probe, u"/crm/associations/2026-09/companies/contacts/batch/read"_s,
                 QJsonObject{{u"inputs"_s, inputs}}, kToken);
    REQUIRE(r.status == 207);
    CHECK(r.json().object().value(u"results"_s).toArray().isEmpty());
    CHECK(r.json().object().value(u"numErrors"_s).toInt() == archived.size());
    CHECK(companies.size() == 60 + 18 - 18 - 59);
}

TEST_CASE("change requests are validated and change nothing when refused", "[sandbox][changes]")
{
    SandboxProcess sandbox(args());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QList<QByteArray> bad = {
        "not json",
        "[]",
        R"({"modify":1})",
        R"({"type":"widgets","modify":1})",
        R"({"type":"contacts","deleted":1})",
        R"({"type":"contacts","modify":-1})",
        R"({"type":"contacts","add":1.5})",
        R"({"type":"contacts","modify":200,"delete":101})",
        R"({"type":"contacts","seed":"x"})",
    };
    for (const QByteArray &body : bad) {
        const HttpResult r =
            probe.post(sandbox.url(u"/_sandbox/changes"_s), body, "application/json");
        INFO(body.toStdString() << " -> " << r.body.toStdString());
        CHECK(r.status == 400);
        CHECK_FALSE(r.json().object().value(u"message"_s).toString().isEmpty());
    }
    CHECK(pageAll(sandbox, probe, kObjects + u"contacts?limit=100"_s, kToken).ids.size() == 300);
    // Counts may be zero, and a modify of every record is fine.
    const QJsonObject all =
        applyChanges(sandbox, probe, QJsonObject{{u"type"_s, u"contacts"_s}, {u"modify"_s, 300}});
    CHECK(strings(all.value(u"modified"_s)).size() == 300);
}

TEST_CASE("the change endpoint needs no token and is never faulted", "[sandbox][changes]")
{
    SandboxProcess sandbox(
        args({u"--fault-rate"_s, u"1"_s, u"--faults-everywhere"_s, u"--fault-kinds"_s, u"500"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    for (int i = 0; i < 5; ++i)
        applyChanges(sandbox, probe, QJsonObject{{u"type"_s, u"deals"_s}, {u"add"_s, 1}});
    CHECK(apiGet(sandbox, probe, kObjects + u"deals"_s, kToken).status == 500);
}

TEST_CASE("the churn option applies change sets periodically", "[sandbox][changes]")
{
    SandboxProcess sandbox(
        args({u"--archived"_s, u"0"_s, u"--churn"_s, u"contacts:modify=3,add=2,delete=1@150ms"_s,
              u"--churn"_s, u"tickets:add=1@1s"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString start = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QElapsedTimer clock;
    clock.start();
    int contacts = 300;
    while (contacts <= 302 && clock.elapsed() < 10000) {
        QThread::msleep(100);
        contacts =
            int(pageAll(sandbox, probe, kObjects + u"contacts?limit=100"_s, kToken).ids.size());
    }
    CHECK(contacts > 302); // each tick adds 2 and archives 1
    const QHash<QString, QJsonObject> archived = snapshot(sandbox, probe, u"contacts"_s, true);
    CHECK(archived.size() >= 2);
    int recent = 0;
    for (const QJsonObject &o : snapshot(sandbox, probe, u"contacts"_s))
        recent += o.value(u"updatedAt"_s).toString() >= start ? 1 : 0;
    CHECK(recent >= 6);
    QThread::msleep(1100);
    CHECK(pageAll(sandbox, probe, kObjects + u"tickets?limit=100"_s, kToken).ids.size() > 80);
    // (Associations are checked on a still state in the tests above: snapshots of four
    // types taken one after the other cannot agree while churn goes on.)
}

TEST_CASE("a bad --churn or --fanout-contacts is refused at start", "[sandbox][changes]")
{
    for (const QStringList &bad : {QStringList{u"--churn"_s, u"contacts:modify=1"_s},
                                   QStringList{u"--churn"_s, u"widgets:add=1@100ms"_s},
                                   QStringList{u"--churn"_s, u"contacts:remove=1@100ms"_s},
                                   QStringList{u"--fanout-contacts"_s, u"301"_s},
                                   QStringList{u"--hubspot-legacy"_s, u"maybe"_s}}) {
        SandboxProcess sandbox(bad);
        INFO(bad.join(u' ').toStdString());
        CHECK_FALSE(sandbox.started());
        CHECK(sandbox.stop() == 2);
    }
}
