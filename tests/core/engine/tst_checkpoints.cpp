// LoadEngine::checkpoint(): one after every emitted page (what came before it
// belongs to it), with the stream's cursor for a later run; types named
// completed once; a restart says "from the beginning"; a hierarchy load never
// names a cursor; children and references carry none.
#include <catch2/catch.hpp>

#include "enginetestutil.h"

using namespace desk;
using namespace enginetest;

namespace {

const QString kNotes = QStringLiteral("notes");
const QString kPath = QStringLiteral("/notes");

Reply threePages(const ScriptedServer::Request &request)
{
    const QString cursor = cursorOf(request);
    if (cursor.isEmpty())
        return json(page(QStringLiteral("n"), 0, 3, QStringLiteral("c2")));
    if (cursor == QLatin1String("c2"))
        return json(page(QStringLiteral("n"), 3, 6, QStringLiteral("c3")));
    return json(page(QStringLiteral("n"), 6, 8));
}

LoadPlan notesPlan(const PlanContext &)
{
    LoadPlan plan;
    plan.streams.append(stream(kNotes, kNotes, kPath));
    return plan;
}

// Each checkpoint with the number of items emitted before it.
struct Recorder
{
    QVector<LoadCheckpoint> checkpoints;
    QVector<int> itemsBefore;
    explicit Recorder(Fixture &f)
    {
        QObject::connect(f.engine.get(), &ItemLoader::checkpoint,
                         [this, &f](const LoadCheckpoint &c) {
                             checkpoints.append(c);
                             itemsBefore.append(f.items.size());
                         });
    }
    QVector<LoadCheckpoint> of(LoadCheckpoint::Kind kind) const
    {
        QVector<LoadCheckpoint> out;
        for (const LoadCheckpoint &c : checkpoints)
            if (c.kind == kind)
                out.append(c);
        return out;
    }
    QStringList completed() const
    {
        QStringList types;
        for (const LoadCheckpoint &c : checkpoints)
            types += c.completedTypes;
        return types;
    }
};

} // namespace

TEST_CASE("A checkpoint follows every page with the cursor where a later run continues",
          "[engine][checkpoint]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) { return threePages(r); };
    f.definition.plan = notesPlan;
    f.make();
    Recorder r(f);
    REQUIRE(f.load().complete);
    const QVector<LoadCheckpoint> pages = r.of(LoadCheckpoint::Kind::Page);
    REQUIRE(pages.size() == 3);
    CHECK(pages.at(0).resumeCursor == QStringLiteral("c2"));
    CHECK(pages.at(1).resumeCursor == QStringLiteral("c3"));
    CHECK(pages.at(2).resumeCursor.isEmpty());
    for (const LoadCheckpoint &c : pages) {
        CHECK(c.streamKey == kNotes);
        CHECK(c.types == QStringList{kNotes});
        CHECK_FALSE(c.incremental);
    }
    CHECK(r.itemsBefore.mid(0, 3) == (QVector<int>{3, 6, 8}));
    // Completed once, after the last page, with the state the outcome gives.
    CHECK(r.completed() == QStringList{kNotes});
    CHECK(r.checkpoints.last().kind == LoadCheckpoint::Kind::Completed);
    CHECK(r.checkpoints.last().syncStates.value(kNotes).lastFullSweep.isValid());
}

TEST_CASE("The cursor of the last checkpoint before a stop continues the load in a new engine",
          "[engine][checkpoint]")
{
    Fixture f;
    bool failThird = true;
    f.server.handler = [&failThird](const ScriptedServer::Request &r) {
        if (failThird && cursorOf(r) == QLatin1String("c3"))
            return json("{}", 400);
        return threePages(r);
    };
    f.definition.plan = notesPlan;
    f.make();
    Recorder r(f);
    CHECK_FALSE(f.load().complete);
    REQUIRE_FALSE(r.checkpoints.isEmpty());
    const QString cursor = r.checkpoints.last().resumeCursor;
    CHECK(cursor == QStringLiteral("c3"));
    CHECK(r.completed().isEmpty());
    const QStringList first = f.ids();

    failThird = false;
    Fixture again;
    again.server.handler = f.server.handler;
    again.definition.plan = notesPlan;
    again.make();
    Recorder r2(again);
    LoadRequest request;
    request.resumeCursors.insert(kNotes, cursor);
    REQUIRE(again.load(request).complete);
    CHECK(first + again.ids() ==
          (QStringList{QStringLiteral("n0"), QStringLiteral("n1"), QStringLiteral("n2"),
                       QStringLiteral("n3"), QStringLiteral("n4"), QStringLiteral("n5"),
                       QStringLiteral("n6"), QStringLiteral("n7")}));
    CHECK(r2.completed() == QStringList{kNotes});
}

TEST_CASE("A restarted stream checkpoints from its beginning", "[engine][checkpoint]")
{
    Fixture f;
    int expired = 0;
    f.server.handler = [&](const ScriptedServer::Request &r) {
        if (cursorOf(r) == QLatin1String("c2") && expired++ == 0)
            return json(R"({"message":"gone","code":"CURSOR_EXPIRED"})", 422);
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
    f.make();
    Recorder r(f);
    REQUIRE(f.load().complete);
    QStringList cursors;
    for (const LoadCheckpoint &c : r.of(LoadCheckpoint::Kind::Page))
        cursors.append(c.resumeCursor);
    // page 1 (c2), the restart (""), page 1 again, page 2, page 3.
    CHECK(cursors == (QStringList{QStringLiteral("c2"), QString(), QStringLiteral("c2"),
                                  QStringLiteral("c3"), QString()}));
    CHECK(r.completed() == QStringList{kNotes});
}

TEST_CASE("A type with a total completes when the total is in, once", "[engine][checkpoint]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/count"))
            return json(R"({"total":8})", 200, 150); // after the last page
        return threePages(r);
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        plan.streams.append(stream(kNotes, kNotes, kPath));
        TotalSpec total;
        total.type = kNotes;
        total.request.url = QUrl(QStringLiteral("/count"));
        total.read = [](const QJsonDocument &d) -> Result<qint64> {
            return qint64(d.object().value(QStringLiteral("total")).toInt());
        };
        plan.totals.append(total);
        return plan;
    };
    f.make();
    Recorder r(f);
    REQUIRE(f.load().complete);
    CHECK(r.completed() == QStringList{kNotes});
    CHECK(r.of(LoadCheckpoint::Kind::Page).last().completedTypes.isEmpty());
    CHECK(r.checkpoints.last().kind == LoadCheckpoint::Kind::Completed);
}

TEST_CASE("A hierarchy load checkpoints without cursors: a later run starts over",
          "[engine][checkpoint]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r) == QLatin1String("/root"))
            return json(R"({"items":[{"id":"root"}]})");
        if (cursorOf(r).isEmpty())
            return json(R"({"items":[{"id":"b","parent":"a"}],"next":"p2"})");
        return json(R"({"items":[{"id":"a"}]})");
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        StreamSpec root =
            stream(QStringLiteral("root"), QStringLiteral("root"), QStringLiteral("/root"));
        plan.references.append(root);
        StreamSpec notes = stream(kNotes, kNotes, kPath);
        const auto read = notes.read;
        notes.read = [read](const QJsonDocument &d) -> Result<StreamPage> {
            Result<StreamPage> page = read(d);
            for (const IntegrationItem &item : page.value().items)
                page.value().parents.append(
                    item.parentId.isEmpty()
                        ? ParentRef::root()
                        : ParentRef::item(item.parentId, kNotes, QStringLiteral("note")));
            return page;
        };
        plan.streams.append(notes);
        HierarchySpec hierarchy;
        hierarchy.root = ItemKey{QStringLiteral("root"), QStringLiteral("root")};
        plan.hierarchy = hierarchy;
        return plan;
    };
    f.make();
    Recorder r(f);
    REQUIRE(f.load().complete);
    const QVector<LoadCheckpoint> pages = r.of(LoadCheckpoint::Kind::Page);
    REQUIRE(pages.size() == 2);
    for (const LoadCheckpoint &c : pages)
        CHECK(c.resumeCursor.isEmpty());
    REQUIRE(r.of(LoadCheckpoint::Kind::Reference).size() == 1);
    CHECK(r.of(LoadCheckpoint::Kind::Reference).first().resumeCursor.isEmpty());
    CHECK(r.completed() == QStringList{kNotes});
}

TEST_CASE("Incremental streams say so, children checkpoint without cursor or completion",
          "[engine][checkpoint]")
{
    Fixture f({QStringLiteral("folders"), kNotes});
    f.server.handler = [](const ScriptedServer::Request &r) {
        if (pathOf(r).startsWith(QLatin1String("/children")))
            return json(page(QStringLiteral("c"), 0, 2));
        return json(R"({"items":[{"id":"n9"}],"removed":["n1"],"sync":"t2"})");
    };
    f.definition.plan = [](const PlanContext &) {
        LoadPlan plan;
        StreamSpec changes = stream(kNotes, kNotes, kPath);
        changes.incremental = true;
        plan.streams.append(changes);
        return plan;
    };
    f.definition.children = [](const IntegrationItem &parent,
                               const PlanContext &) -> std::optional<StreamSpec> {
        return stream(QStringLiteral("children:") + parent.id, kNotes,
                      QStringLiteral("/children/") + parent.id);
    };
    f.make();
    Recorder r(f);
    LoadRequest request;
    request.objectTypes = QStringList{kNotes};
    request.mode = LoadMode::Incremental;
    REQUIRE(f.load(request).complete);
    const QVector<LoadCheckpoint> pages = r.of(LoadCheckpoint::Kind::Page);
    REQUIRE(pages.size() == 1);
    CHECK(pages.first().incremental);
    CHECK(f.removed.size() == 1); // emitted before its checkpoint
    CHECK(r.checkpoints.last().syncStates.value(kNotes).token == QStringLiteral("t2"));

    const int before = r.checkpoints.size();
    IntegrationItem folder;
    folder.type = QStringLiteral("folders");
    folder.id = QStringLiteral("f1");
    f.engine->fetchChildren(folder);
    REQUIRE(waitUntil([&] { return !f.childrenDone.isEmpty(); }));
    REQUIRE(r.checkpoints.size() == before + 1);
    CHECK(r.checkpoints.last().kind == LoadCheckpoint::Kind::Children);
    CHECK(r.checkpoints.last().resumeCursor.isEmpty());
    CHECK(r.checkpoints.last().completedTypes.isEmpty());
}
