// LoadEngine against a scripted server and test streams: cancel, resume,
// finished() once, progress and request counts, references, spawned and child
// streams, ordered emission with follow-ups, follow-up continuation, restart of
// an expired cursor, partitions, totals, and the sync plumbing.
#include <catch2/catch.hpp>

#include "enginetestutil.h"

#include <QSet>

using namespace desk;
using namespace enginetest;

namespace {

const QString kNotes = QStringLiteral("notes");
const QString kPath = QStringLiteral("/notes");

// Three pages of notes: n0..n2, n3..n5, n6..n7.
Reply threePages(const ScriptedServer::Request &request, int delayMs = 0)
{
    const QString cursor = cursorOf(request);
    if (cursor.isEmpty())
        return json(page(QStringLiteral("n"), 0, 3, QStringLiteral("c2")), 200, delayMs);
    if (cursor == QLatin1String("c2"))
        return json(page(QStringLiteral("n"), 3, 6, QStringLiteral("c3")), 200, delayMs);
    return json(page(QStringLiteral("n"), 6, 8), 200, delayMs);
}

QStringList noteIds(int from, int to)
{
    QStringList ids;
    for (int i = from; i < to; ++i)
        ids.append(QStringLiteral("n%1").arg(i));
    return ids;
}

// A follow-up that reads {"extra": "..."} into every item's "extra" property
// and, while the body has "more", asks for the next round.
FollowUp extraFollowUp(const QString &path, int round)
{
    FollowUp followUp;
    followUp.request.url = QUrl(path + QStringLiteral("?round=") + QString::number(round));
    followUp.read = [path, round](const QJsonDocument &document) -> Result<FollowUpReading> {
        const QJsonObject o = document.object();
        if (!o.contains(QStringLiteral("extra")))
            return Error(Error::Kind::BadResponse, QStringLiteral("x"), QStringLiteral("no extra"));
        FollowUpReading reading;
        const QString extra = o.value(QStringLiteral("extra")).toString();
        reading.apply = [extra](ItemBatch &items) {
            for (IntegrationItem &item : items)
                item.properties[QStringLiteral("extra")] =
                    QString(item.properties.value(QStringLiteral("extra")).toString() + extra);
        };
        if (o.value(QStringLiteral("more")).toBool())
            reading.next.append(extraFollowUp(path, round + 1));
        return reading;
    };
    return followUp;
}

LoadPlan notesPlan(const PlanContext &)
{
    LoadPlan plan;
    plan.streams.append(stream(kNotes, kNotes, kPath));
    return plan;
}

// A plan whose notes page that starts with `firstId` gets an extraFollowUp().
std::function<LoadPlan(const PlanContext &)> followUpOnPageOf(const QString &firstId)
{
    return [firstId](const PlanContext &) {
        LoadPlan plan;
        StreamSpec notes = stream(kNotes, kNotes, kPath);
        const auto read = notes.read;
        notes.read = [read, firstId](const QJsonDocument &d) -> Result<StreamPage> {
            Result<StreamPage> page = read(d);
            if (page.ok() && page.value().items.first().id == firstId)
                page.value().followUps.append(extraFollowUp(QStringLiteral("/extra"), 0));
            return page;
        };
        plan.streams.append(notes);
        return plan;
    };
}

} // namespace

TEST_CASE("Engine loads a stream page by page in cursor order and finishes once", "[engine]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) { return threePages(r); };
    f.definition.plan = notesPlan;
    f.make();
    const LoadOutcome &outcome = f.load();
    CHECK(outcome.complete);
    CHECK_FALSE(outcome.error);
    CHECK(f.ids() == noteIds(0, 8));
    CHECK(f.batches.size() == 3);
    const TypeProgress *notes = typeIn(outcome, kNotes);
    REQUIRE(notes);
    CHECK(notes->done);
    CHECK(notes->loaded == 8);
    CHECK(notes->pages == 3);
    CHECK(notes->total == 8); // known once every page is in
    CHECK(notes->requests == 3);
    CHECK(outcome.resumeCursors.isEmpty());
    // Nothing more comes later.
    waitUntil([] { return false; }, 100);
    CHECK(f.outcomes.size() == 1);
    CHECK_FALSE(f.engine->canResume());
}

TEST_CASE("Engine refuses unknown types, resolves aliases and prerequisites", "[engine]")
{
    Fixture f({QStringLiteral("folders"), kNotes});
    f.definition.catalog.aliases = {{QStringLiteral("note"), kNotes}};
    f.definition.catalog.prerequisites = {{kNotes, {QStringLiteral("folders")}}};
    QStringList planned;
    f.definition.plan = [&planned](const PlanContext &context) {
        planned = context.request.objectTypes;
        return LoadPlan();
    };
    f.make();
    LoadRequest request;
    request.objectTypes = {QStringLiteral("Note"), QStringLiteral("bananas")};
    const LoadOutcome bad = f.load(request);
    CHECK_FALSE(bad.complete);
    CHECK(bad.error.kind == Error::Kind::Configuration);
    CHECK(bad.error.message.contains(QStringLiteral("bananas")));
    CHECK(bad.types.isEmpty());
    CHECK(f.server.requests.isEmpty());
    CHECK_FALSE(f.engine->canResume());

    request.objectTypes = {QStringLiteral(" NOTE ")};
    const LoadOutcome good = f.load(request);
    CHECK(planned == QStringList{QStringLiteral("folders"), kNotes}); // provider order
    CHECK(good.complete); // a plan without streams: nothing to load
    CHECK(f.outcomes.size() == 2);
}

TEST_CASE("Engine cancel ends every request at once, emits finished before it returns",
          "[engine][cancel]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) { return threePages(r, 150); };
    f.definition.plan = notesPlan;
    f.make();
    bool cancelled = false;
    QObject::connect(f.engine.get(), &ItemLoader::itemsReady, [&](const ItemBatch &) {
        if (!cancelled) {
            cancelled = true;
            f.engine->cancel(); // the second page is on its way
            CHECK(f.outcomes.size() == 1);
            CHECK(f.client.pendingCount() == 0);
        }
    });
    f.engine->start({});
    REQUIRE(waitUntil([&] { return cancelled; }));
    const int requestsAtCancel = f.server.requests.size();
    waitUntil([] { return false; }, 400);
    REQUIRE(f.outcomes.size() == 1);
    CHECK(f.outcomes.first().cancelled);
    CHECK(f.outcomes.first().error.kind == Error::Kind::Cancelled);
    CHECK(f.ids() == noteIds(0, 3));
    CHECK(f.server.requests.size() == requestsAtCancel); // nothing left after the cancel
    CHECK(f.outcomes.first().resumeCursors.value(kNotes) == QStringLiteral("c2"));

    REQUIRE(f.engine->canResume());
    const LoadOutcome &resumed = f.resume();
    CHECK(resumed.complete);
    CHECK(f.ids() == noteIds(0, 8)); // each once, in order
    CHECK(f.outcomes.size() == 2);
}

TEST_CASE("Engine keeps what a failed stream emitted and resumes at the failed page",
          "[engine][resume]")
{
    Fixture f({QStringLiteral("folders"), kNotes});
    bool broken = true;
    f.server.handler = [&broken](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/folders"))
            return json(page(QStringLiteral("f"), 0, 2));
        if (broken && cursorOf(r) == QLatin1String("c3"))
            return json(R"({"message":"down"})", 503);
        return threePages(r);
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        plan.streams.append(stream(QStringLiteral("folders"), QStringLiteral("folders"),
                                   QStringLiteral("/folders")));
        plan.streams.append(stream(kNotes, kNotes, kPath));
        return plan;
    };
    f.make();
    const LoadOutcome failed = f.load();
    CHECK_FALSE(failed.complete);
    CHECK(failed.error.kind == Error::Kind::Service);
    CHECK(f.ids(kNotes) == noteIds(0, 6));                  // two pages kept
    CHECK(typeIn(failed, QStringLiteral("folders"))->done); // the other type completed
    const TypeProgress *notes = typeIn(failed, kNotes);
    CHECK_FALSE(notes->done);
    CHECK(notes->error.kind == Error::Kind::Service);
    CHECK(notes->loaded == 6);
    CHECK(notes->requests == 4); // the failed page was tried twice, both counted
    CHECK(failed.resumeCursors.value(kNotes) == QStringLiteral("c3"));
    REQUIRE(f.engine->canResume());

    broken = false;
    const int before = f.server.requests.size();
    const LoadOutcome &resumed = f.resume();
    CHECK(resumed.complete);
    CHECK(f.ids(kNotes) == noteIds(0, 8));
    CHECK(f.ids(QStringLiteral("folders")).size() == 2); // not read again
    REQUIRE(f.server.requests.size() == before + 1);
    CHECK(cursorOf(f.server.requests.last()) == QStringLiteral("c3"));
    CHECK(f.outcomes.size() == 2);
}

TEST_CASE("Engine counts every request against its type and reports progress", "[engine]")
{
    Fixture f;
    int first = 0;
    f.server.handler = [&first](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/ref"))
            return json(R"({"items":[]})");
        if (pathOf(r) == QLatin1String("/total"))
            return json(R"({"count":8})");
        if (cursorOf(r).isEmpty() && first++ == 0)
            return json("{}", 503); // retried: counted twice
        return threePages(r);
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        StreamSpec reference = stream(QStringLiteral("ref"), QString(), QStringLiteral("/ref"));
        plan.references.append(reference);
        plan.streams.append(stream(kNotes, kNotes, kPath));
        TotalSpec total;
        total.type = kNotes;
        total.request.url = QUrl(QStringLiteral("/total"));
        total.read = [](const QJsonDocument &d) -> Result<qint64> {
            return qint64(d.object().value(QStringLiteral("count")).toInt());
        };
        plan.totals.append(total);
        return plan;
    };
    f.make();
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    const TypeProgress *notes = typeIn(outcome, kNotes);
    CHECK(notes->requests == 4 + 1);              // 3 pages + 1 retry + the total
    CHECK(f.progress.last().sharedRequests == 1); // the reference serves no type
    CHECK(f.requestsTo(QStringLiteral("/total")) == 1);
    // The total was reported while the type was still loading, and the type was
    // done only after it came.
    bool totalBeforeDone = false;
    for (const LoadProgress &p : std::as_const(f.progress))
        for (const TypeProgress &t : p.types)
            totalBeforeDone = totalBeforeDone || (t.total == 8 && !t.done);
    CHECK(totalBeforeDone);
    CHECK(f.progress.last().requestsPerSecond > 0);
    int loaded = -1;
    for (const LoadProgress &p : std::as_const(f.progress)) {
        CHECK(p.types.first().loaded >= loaded); // never goes back
        loaded = p.types.first().loaded;
    }
}

TEST_CASE("Engine holds items until the references are in, then labels them", "[engine]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/ref"))
            return json(R"({"items":[],"label":"Labelled"})", 200, 300);
        return threePages(r);
    };
    auto label = std::make_shared<QString>();
    f.definition.plan = [label](const PlanContext &) {
        LoadPlan plan;
        StreamSpec reference;
        reference.key = QStringLiteral("ref");
        reference.request = [](const QString &) {
            ApiRequest request;
            request.url = QUrl(QStringLiteral("/ref"));
            return request;
        };
        reference.read = [label](const QJsonDocument &d) -> Result<StreamPage> {
            StreamPage page;
            const QString text = d.object().value(QStringLiteral("label")).toString();
            page.apply = [label, text] { *label = text; };
            return page;
        };
        plan.references.append(reference);
        StreamSpec notes = stream(kNotes, kNotes, kPath);
        notes.finishPage = [label](StreamPage &page) {
            for (IntegrationItem &item : page.items)
                item.labels.insert(QStringLiteral("name"), *label);
        };
        plan.streams.append(notes);
        return plan;
    };
    f.make();
    bool sawItemsEarly = false;
    QObject::connect(f.engine.get(), &ItemLoader::itemsReady,
                     [&](const ItemBatch &) { sawItemsEarly = sawItemsEarly || label->isEmpty(); });
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    CHECK_FALSE(sawItemsEarly);
    CHECK(f.ids() == noteIds(0, 8));
    for (const IntegrationItem &item : std::as_const(f.items))
        CHECK(item.labels.value(QStringLiteral("name")) == QStringLiteral("Labelled"));
}

TEST_CASE("A reference that fails without a recovery fails the load, resume reads it again",
          "[engine][resume]")
{
    Fixture f;
    bool broken = true;
    f.server.handler = [&broken](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/ref"))
            return broken ? json(R"({"message":"no"})", 401) : json(R"({"items":[]})");
        return threePages(r);
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        plan.references.append(stream(QStringLiteral("ref"), QString(), QStringLiteral("/ref")));
        plan.streams.append(stream(kNotes, kNotes, kPath));
        return plan;
    };
    f.make();
    f.tokens.refreshError = Error(Error::Kind::ReconnectNeeded, QStringLiteral("sign in"));
    const LoadOutcome failed = f.load();
    CHECK_FALSE(failed.complete);
    CHECK(failed.error.kind == Error::Kind::ReconnectNeeded);
    CHECK(f.items.isEmpty()); // nothing emitted before the references
    CHECK(typeIn(failed, kNotes)->error.kind == Error::Kind::ReconnectNeeded);
    broken = false;
    f.tokens.refreshError = {};
    f.tokens.token = "token-after-sign-in"; // the user signed in again
    const LoadOutcome &resumed = f.resume();
    CHECK(resumed.complete);
    CHECK(f.ids() == noteIds(0, 8));
}

TEST_CASE("Pages wait in order for their follow-ups, which may continue", "[engine][followups]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        const QUrlQuery query(QUrl(QString::fromLatin1(r.target)));
        if (pathOf(r) == QLatin1String("/extra")) {
            const int round = query.queryItemValue(QStringLiteral("round")).toInt();
            // Round 0 is slow and says there is more; round 1 ends it.
            return round == 0 ? json(R"({"extra":"a","more":true})", 200, 250)
                              : json(R"({"extra":"b"})");
        }
        return threePages(r);
    };
    f.definition.plan = followUpOnPageOf(QStringLiteral("n0"));
    f.make();
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    // Pages 2 and 3 arrived while page 1's follow-up was out: still after it.
    CHECK(f.ids() == noteIds(0, 8));
    REQUIRE(f.batches.size() == 3);
    for (const IntegrationItem &item : f.batches.first())
        CHECK(item.properties.value(QStringLiteral("extra")).toString() == QStringLiteral("ab"));
    CHECK_FALSE(f.batches.at(1).first().properties.contains(QStringLiteral("extra")));
    CHECK(f.requestsTo(QStringLiteral("/extra")) == 2);
    CHECK(typeIn(outcome, kNotes)->requests == 5); // follow-ups count against the type
}

TEST_CASE("A failed follow-up fails its page only: earlier pages stay, resume starts there",
          "[engine][followups][resume]")
{
    Fixture f;
    bool broken = true;
    f.server.handler = [&broken](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/extra"))
            return broken ? json(R"({"message":"x"})", 400) : json(R"({"extra":"z"})");
        return threePages(r);
    };
    f.definition.plan = followUpOnPageOf(QStringLiteral("n3"));
    f.make();
    const LoadOutcome failed = f.load();
    CHECK_FALSE(failed.complete);
    CHECK(failed.error.kind == Error::Kind::Provider);
    CHECK(f.ids() == noteIds(0, 3)); // page 1 kept; page 2 (and 3) not emitted
    CHECK(failed.resumeCursors.value(kNotes) == QStringLiteral("c2"));
    broken = false;
    const LoadOutcome &resumed = f.resume();
    CHECK(resumed.complete);
    CHECK(f.ids() == noteIds(0, 8));
    CHECK(f.items.at(3).properties.value(QStringLiteral("extra")).toString() ==
          QStringLiteral("z"));
}

TEST_CASE("An expired cursor restarts its stream: counts stay exact, no refused cursor is kept",
          "[engine][restart]")
{
    Fixture f;
    int expired = 0;
    int failures = 0;
    f.server.handler = [&](const ScriptedServer::Request &r) {
        if (cursorOf(r) == QLatin1String("c2") && expired++ == 0)
            return json(R"({"message":"gone","code":"CURSOR_EXPIRED"})", 422);
        if (cursorOf(r) == QLatin1String("c3") && failures-- > 0)
            return json("{}", 400);
        return threePages(r);
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        StreamSpec notes = stream(kNotes, kNotes, kPath);
        notes.recover = [](const Error &error) -> std::optional<StreamPage> {
            if (error.code == QLatin1String("CURSOR_EXPIRED"))
                return StreamPage::restarted();
            return std::nullopt;
        };
        plan.streams.append(notes);
        return plan;
    };
    SECTION("the restart completes")
    {
        f.make();
        const LoadOutcome &outcome = f.load();
        REQUIRE(outcome.complete);
        // Page 1 was emitted twice (callers replace); the count is of distinct items.
        CHECK(f.ids().size() == 11);
        QHash<QString, int> byKey;
        for (const IntegrationItem &item : std::as_const(f.items))
            byKey[item.id] = 1;
        CHECK(byKey.size() == 8);
        CHECK(typeIn(outcome, kNotes)->loaded == 8);
        CHECK(typeIn(outcome, kNotes)->total == 8);
        CHECK(f.requestsTo(kPath) == 5); // p1, c2 refused, p1, c2, c3
    }
    SECTION("a failure right after the restart resumes from the start, not the refused cursor")
    {
        f.make();
        int firstPages = 0;
        f.server.handler = [&](const ScriptedServer::Request &r) {
            if (cursorOf(r) == QLatin1String("c2") && expired++ == 0)
                return json(R"({"message":"gone","code":"CURSOR_EXPIRED"})", 422);
            if (cursorOf(r).isEmpty() && ++firstPages == 2)
                return json("{}", 400); // the first page after the restart fails
            return threePages(r);
        };
        const LoadOutcome failed = f.load();
        CHECK_FALSE(failed.complete);
        CHECK(typeIn(failed, kNotes)->loaded == 0);         // the restart took page 1 back
        CHECK_FALSE(failed.resumeCursors.contains(kNotes)); // from the start
        const int before = f.server.requests.size();
        const LoadOutcome &resumed = f.resume();
        CHECK(resumed.complete);
        CHECK(typeIn(resumed, kNotes)->loaded == 8);
        CHECK(cursorOf(f.server.requests.at(before)).isEmpty());
    }
}

TEST_CASE("Partitions of one type are de-duplicated, progress combined", "[engine][partitions]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/low"))
            return json(page(QStringLiteral("n"), 0, 5));
        return cursorOf(r).isEmpty() ? json(page(QStringLiteral("n"), 3, 6, QStringLiteral("x")))
                                     : json(page(QStringLiteral("n"), 6, 9));
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        for (const QString &path : {QStringLiteral("/low"), QStringLiteral("/high")}) {
            StreamSpec partition = stream(kNotes + path, kNotes, path);
            partition.dedupe = true;
            plan.streams.append(partition);
        }
        return plan;
    };
    f.make();
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    QStringList ids = f.ids();
    CHECK(ids.size() == 9);
    CHECK(QSet<QString>(ids.begin(), ids.end()).size() == 9);
    const TypeProgress *notes = typeIn(outcome, kNotes);
    CHECK(notes->loaded == 9);
    CHECK(notes->pages == 3);
    CHECK(notes->requests == 3);
}

TEST_CASE("Pages spawn further streams, and the type waits for its spawners", "[engine][spawn]")
{
    Fixture f({QStringLiteral("folders"), kNotes});
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/folders"))
            return json(page(QStringLiteral("f"), 0, 2), 200, 100);
        const QString folder = pathOf(r).section(QLatin1Char('/'), 2, 2);
        return json(page(folder + QStringLiteral("-n"), 0, 2));
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        StreamSpec folders = stream(QStringLiteral("folders"), QStringLiteral("folders"),
                                    QStringLiteral("/folders"));
        folders.spawnsTypes = {kNotes};
        const auto read = folders.read;
        folders.read = [read](const QJsonDocument &d) -> Result<StreamPage> {
            Result<StreamPage> page = read(d);
            for (const IntegrationItem &folder : page.value().items)
                page.value().spawn.append(stream(kNotes + QLatin1Char(':') + folder.id, kNotes,
                                                 QStringLiteral("/notes/") + folder.id));
            return page;
        };
        plan.streams.append(folders);
        return plan;
    };
    f.make();
    bool notesDoneTooEarly = false;
    QObject::connect(f.engine.get(), &ItemLoader::progressChanged, [&](const LoadProgress &p) {
        notesDoneTooEarly = notesDoneTooEarly || (p.types.at(1).done && f.ids(kNotes).isEmpty());
    });
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    CHECK_FALSE(notesDoneTooEarly);
    CHECK(f.ids(kNotes) == QStringList{QStringLiteral("f0-n0"), QStringLiteral("f0-n1"),
                                       QStringLiteral("f1-n0"), QStringLiteral("f1-n1")});
    CHECK(typeIn(outcome, kNotes)->loaded == 4);
}

TEST_CASE("Children on demand: one childrenFinished per fetch, reload replaces, cancel stops",
          "[engine][children]")
{
    Fixture f({QStringLiteral("folders")});
    f.server.handler = [](const ScriptedServer::Request &r) {
        return json(page(QStringLiteral("c"), 0, 2,
                         cursorOf(r).isEmpty() ? QStringLiteral("2") : QString()),
                    200, 80);
    };
    f.definition.children = [](const IntegrationItem &parent,
                               const PlanContext &) -> std::optional<StreamSpec> {
        if (parent.type != QLatin1String("folders"))
            return std::nullopt;
        StreamSpec children = stream(QStringLiteral("children:") + parent.id, kNotes,
                                     QStringLiteral("/children/") + parent.id);
        return children;
    };
    f.make();
    IntegrationItem folder;
    folder.type = QStringLiteral("folders");
    folder.id = QStringLiteral("f1");
    IntegrationItem other;
    other.type = kNotes;
    CHECK(f.engine->canFetchChildren(folder));
    CHECK_FALSE(f.engine->canFetchChildren(other));

    f.engine->fetchChildren(folder);
    f.engine->fetchChildren(folder); // running: ignored
    REQUIRE(waitUntil([&] { return !f.childrenDone.isEmpty(); }));
    waitUntil([] { return false; }, 100);
    REQUIRE(f.childrenDone.size() == 1);
    CHECK(f.childrenDone.first().first == QStringLiteral("f1"));
    CHECK_FALSE(f.childrenDone.first().second);
    CHECK(f.items.size() == 4);

    f.engine->fetchChildren(folder); // again: emitted again
    REQUIRE(waitUntil([&] { return f.childrenDone.size() == 2; }));
    CHECK(f.items.size() == 8);

    f.engine->fetchChildren(folder);
    f.engine->cancel();
    REQUIRE(f.childrenDone.size() == 3);
    CHECK(f.childrenDone.last().second.kind == Error::Kind::Cancelled);
    CHECK(f.client.pendingCount() == 0);

    f.engine->fetchChildren(other); // not a container: a Configuration answer
    REQUIRE(waitUntil([&] { return f.childrenDone.size() == 4; }));
    CHECK(f.childrenDone.last().second.kind == Error::Kind::Configuration);
}

TEST_CASE("Sync plumbing: the state goes in, removed keys and the new state come out",
          "[engine][sync]")
{
    Fixture f({QStringLiteral("folders"), kNotes});
    QString askedWith;
    f.server.handler = [&askedWith](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/folders"))
            return json(R"({"items":[{"id":"f1"}],"sync":"folders-1"})");
        askedWith =
            QUrlQuery(QUrl(QString::fromLatin1(r.target))).queryItemValue(QStringLiteral("since"));
        return json(R"({"items":[{"id":"n9"}],"removed":["n1","n2"],"sync":"t2"})");
    };
    f.definition.plan = [](const PlanContext &context) {
        LoadPlan plan;
        plan.streams.append(stream(QStringLiteral("folders"), QStringLiteral("folders"),
                                   QStringLiteral("/folders")));
        StreamSpec changes = stream(kNotes, kNotes, kPath);
        if (context.request.mode == LoadMode::Incremental) {
            const QString since = context.request.syncStates.value(kNotes).token;
            changes.incremental = true;
            changes.request = [since](const QString &) {
                ApiRequest request;
                request.url = QUrl(QStringLiteral("/notes?since=") + since);
                return request;
            };
        }
        plan.streams.append(changes);
        return plan;
    };
    f.make();
    const QDateTime sweep = QDateTime::currentDateTimeUtc().addDays(-3);
    LoadRequest request;
    request.mode = LoadMode::Incremental;
    request.syncStates.insert(kNotes, SyncState{QStringLiteral("t1"), sweep});
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const LoadOutcome &outcome = f.load(request);
    REQUIRE(outcome.complete);
    CHECK(askedWith == QStringLiteral("t1"));
    CHECK(f.ids(kNotes) == QStringList{QStringLiteral("n9")});
    CHECK(f.removed ==
          (QVector<ItemKey>{{kNotes, QStringLiteral("n1")}, {kNotes, QStringLiteral("n2")}}));
    // The incremental type keeps its last full sweep; the full one renews it.
    CHECK(outcome.syncStates.value(kNotes) == SyncState{QStringLiteral("t2"), sweep});
    const SyncState folders = outcome.syncStates.value(QStringLiteral("folders"));
    CHECK(folders.token == QStringLiteral("folders-1"));
    CHECK(folders.lastFullSweep >= before);
}

TEST_CASE("Sync state: a type that did not complete gives none back", "[engine][sync]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (cursorOf(r) == QLatin1String("c2"))
            return json("{}", 400);
        return json(R"({"items":[{"id":"a"}],"next":"c2","sync":"half"})");
    };
    f.definition.plan = notesPlan;
    f.make();
    LoadRequest request;
    request.syncStates.insert(kNotes, SyncState{QStringLiteral("old"), {}});
    const LoadOutcome &outcome = f.load(request);
    CHECK_FALSE(outcome.complete);
    CHECK_FALSE(outcome.syncStates.contains(kNotes));
}

TEST_CASE("Resume cursors from an earlier run start the stream where it stopped",
          "[engine][resume]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) { return threePages(r); };
    f.definition.plan = notesPlan;
    f.make();
    LoadRequest request;
    request.resumeCursors.insert(kNotes, QStringLiteral("c3"));
    const LoadOutcome &outcome = f.load(request);
    REQUIRE(outcome.complete);
    CHECK(f.ids() == noteIds(6, 8));
    CHECK(f.server.requests.size() == 1);
}

namespace {

const ItemKey kRootKey{QStringLiteral("root"), QStringLiteral("root")};

// Notes whose "parent" names their parent note or folder (none: the root);
// missing parents are known ("k"), read from /parents/<id>, or gone.
LoadPlan parentsPlan(const PlanContext &)
{
    LoadPlan plan;
    StreamSpec notes = stream(kNotes, kNotes, kPath);
    const auto read = notes.read;
    notes.read = [read](const QJsonDocument &d) -> Result<StreamPage> {
        Result<StreamPage> page = read(d);
        if (!page.ok())
            return page;
        for (const IntegrationItem &item : std::as_const(page.value().items))
            page.value().parents.append(
                item.parentId.isEmpty() ? ParentRef::root()
                                        : ParentRef::item(item.parentId, kNotes,
                                                          QStringLiteral("note ") + item.parentId));
        return page;
    };
    plan.streams.append(notes);
    HierarchySpec hierarchy;
    hierarchy.root = kRootKey;
    hierarchy.orphanProblem = [](const QString &label) -> QString {
        return QStringLiteral("no ") + label;
    };
    hierarchy.knownParent = [](const ItemKey &parent) -> std::optional<KnownParent> {
        if (parent.id == QLatin1String("k"))
            return KnownParent{QStringLiteral("folders"), QStringLiteral("Kept")};
        return std::nullopt;
    };
    hierarchy.parentRequest = [](const ItemKey &parent) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/parents/") + parent.id);
        return request;
    };
    hierarchy.readParent = [](const QJsonDocument &d) -> Result<std::optional<KnownParent>> {
        const QJsonObject o = d.object();
        if (o.value(QStringLiteral("gone")).toBool())
            return std::optional<KnownParent>();
        return std::optional<KnownParent>(KnownParent{o.value(QStringLiteral("type")).toString(),
                                                      o.value(QStringLiteral("name")).toString()});
    };
    plan.hierarchy = hierarchy;
    plan.syncToken = [](const QString &type) -> QString { return QStringLiteral("whole:") + type; };
    return plan;
}

} // namespace

TEST_CASE("Parents that did not come are known, read or gone before children settle",
          "[engine][hierarchy][sync]")
{
    Fixture f;
    int serverErrors = 0;
    f.server.handler = [&serverErrors](const ScriptedServer::Request &r) {
        const QString path = pathOf(r);
        if (path == QLatin1String("/parents/r"))
            return json(R"({"type":"folders","name":"Read"})");
        if (path == QLatin1String("/parents/t"))
            return json(R"({"gone":true})");
        if (path == QLatin1String("/parents/g"))
            return json(R"({"object":"error"})", 404);
        if (path == QLatin1String("/parents/x"))
            return json("{}", serverErrors++ < 10 ? 500 : 200);
        return json(R"({"items":[{"id":"n5","parent":"n1"},{"id":"n1","parent":"k"},
            {"id":"n2","parent":"r"},{"id":"n3","parent":"g"},{"id":"n4","parent":"t"},
            {"id":"n6","parent":"n2"},{"id":"n7"}]})");
    };
    f.definition.plan = parentsPlan;
    f.make();
    const LoadOutcome &outcome = f.load();
    REQUIRE(outcome.complete);
    QHash<QString, IntegrationItem> byId;
    for (const IntegrationItem &item : std::as_const(f.items))
        byId.insert(item.id, item);
    REQUIRE(byId.size() == 7);
    CHECK(f.items.size() == 7);
    CHECK(byId.value(QStringLiteral("n1")).parentId == QStringLiteral("k"));
    CHECK(byId.value(QStringLiteral("n1")).parentType == QStringLiteral("folders"));
    CHECK(byId.value(QStringLiteral("n1")).parentName == QStringLiteral("Kept"));
    CHECK(byId.value(QStringLiteral("n1")).problems.isEmpty());
    CHECK(byId.value(QStringLiteral("n5")).parentId == QStringLiteral("n1"));
    CHECK(f.ids().indexOf(QStringLiteral("n1")) < f.ids().indexOf(QStringLiteral("n5")));
    CHECK(byId.value(QStringLiteral("n2")).parentName == QStringLiteral("Read"));
    CHECK(byId.value(QStringLiteral("n6")).parentId == QStringLiteral("n2"));
    for (const char *orphan : {"n3", "n4"}) {
        const IntegrationItem item = byId.value(QLatin1String(orphan));
        CHECK(item.parentId == QStringLiteral("root"));
        CHECK(item.problems.size() == 1);
    }
    CHECK(byId.value(QStringLiteral("n3")).problems.first() == QStringLiteral("no note g"));
    CHECK(byId.value(QStringLiteral("n7")).parentId == QStringLiteral("root"));
    // Asked for: r, g, t; never the known one, never one in the load.
    CHECK(f.server.requests.size() == 4);
    CHECK(f.requestsTo(QStringLiteral("/parents/k")) == 0);
    CHECK(f.requestsTo(QStringLiteral("/parents/n1")) == 0);
    CHECK(typeIn(outcome, kNotes)->requests == 4);
    // The token the plan makes from the whole load.
    CHECK(outcome.syncStates.value(kNotes).token == QStringLiteral("whole:notes"));

    // A parent that cannot be read (not "gone"): the load stops, no sync state,
    // the child is not put under the root; resume asks again.
    Fixture g;
    g.server.handler = [&](const ScriptedServer::Request &r) {
        if (pathOf(r) == kPath)
            return json(R"({"items":[{"id":"c1","parent":"x"},{"id":"c2"}]})");
        return f.server.handler(r);
    };
    g.definition.plan = parentsPlan;
    g.make();
    const LoadOutcome &failed = g.load();
    CHECK_FALSE(failed.complete);
    CHECK(failed.error.kind == Error::Kind::Service);
    CHECK(failed.syncStates.isEmpty());
    CHECK(g.ids() == QStringList{QStringLiteral("c2")});
    serverErrors = 100; // the parent answers now
    const LoadOutcome &resumed = g.resume();
    CHECK(resumed.complete);
    CHECK(g.ids() == (QStringList{QStringLiteral("c2"), QStringLiteral("c1")}));
}
