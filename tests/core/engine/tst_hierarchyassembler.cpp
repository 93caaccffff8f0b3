// HierarchyAssembler on its own: parents before children, lookups, orphans,
// cycles, bounds and duplicates.
#include <catch2/catch.hpp>

#include "engine/hierarchyassembler.h"

using namespace desk;

namespace {

const ItemKey kRoot{QStringLiteral("root"), QStringLiteral("root")};

HierarchyAssembler::Options options(int maxLookups = 10, int maxDepth = 3)
{
    HierarchyAssembler::Options o;
    o.root = kRoot;
    o.maxLookups = maxLookups;
    o.maxDepth = maxDepth;
    o.orphanProblem = [](const QString &label) -> QString {
        return QStringLiteral("missing ") + label;
    };
    return o;
}

IntegrationItem item(const QString &id, const QString &type = QStringLiteral("pages"))
{
    IntegrationItem i;
    i.id = id;
    i.type = type;
    i.name = QStringLiteral("Name of ") + id;
    return i;
}

QStringList ids(const ItemBatch &batch)
{
    QStringList out;
    for (const IntegrationItem &i : batch)
        out.append(i.id);
    return out;
}

const IntegrationItem *find(const ItemBatch &batch, const QString &id)
{
    for (const IntegrationItem &i : batch)
        if (i.id == id)
            return &i;
    return nullptr;
}

ParentRef under(const QString &id, const QString &type = QStringLiteral("pages"))
{
    return ParentRef::item(id, type, QStringLiteral("page ") + id);
}

} // namespace

TEST_CASE("Assembler releases children only after their parent, parents' real type wins",
          "[assembler]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("c")), under(QStringLiteral("b")), out);
    a.add(item(QStringLiteral("b")), under(QStringLiteral("a"), QStringLiteral("guess")), out);
    CHECK(out.isEmpty());
    CHECK(a.heldCount() == 2);
    a.add(item(QStringLiteral("a"), QStringLiteral("databases")), ParentRef::root(), out);
    CHECK(ids(out) == QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    CHECK(out.at(0).parentId == kRoot.id);
    CHECK(out.at(0).parentType == kRoot.type);
    CHECK(out.at(1).parentType == QStringLiteral("databases")); // not the guess
    CHECK(out.at(1).parentName == QStringLiteral("Name of a"));
    CHECK(out.at(2).parentId == QStringLiteral("b"));
    CHECK(a.heldCount() == 0);
    // An item under one already released goes out at once.
    ItemBatch more;
    a.add(item(QStringLiteral("d")), under(QStringLiteral("a")), more);
    CHECK(ids(more) == QStringList{QStringLiteral("d")});
    CHECK(more.first().parentType == QStringLiteral("databases"));
}

TEST_CASE("Assembler ignores an item that comes twice", "[assembler]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("x")), under(QStringLiteral("p")), out);
    a.add(item(QStringLiteral("x")), under(QStringLiteral("p")), out);
    a.add(item(QStringLiteral("p")), ParentRef::root(), out);
    a.add(item(QStringLiteral("p")), ParentRef::root(), out);
    CHECK(ids(out) == QStringList{QStringLiteral("p"), QStringLiteral("x")});
}

TEST_CASE("Assembler resolves indirect parents through lookups, each key asked once",
          "[assembler][lookup]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("p")), ParentRef::root(), out);
    a.add(item(QStringLiteral("c1")),
          ParentRef::lookup(QStringLiteral("blk"), QStringLiteral("block blk")), out);
    a.add(item(QStringLiteral("c2")),
          ParentRef::lookup(QStringLiteral("blk"), QStringLiteral("block blk")), out);
    CHECK(a.takeLookups() == QStringList{QStringLiteral("blk")});
    CHECK(a.takeLookups().isEmpty());
    CHECK(a.lookupsOutstanding() == 1);
    out.clear();
    // The block sits in another block, which sits in page p.
    a.resolve(QStringLiteral("blk"),
              ParentRef::lookup(QStringLiteral("outer"), QStringLiteral("block outer")), out);
    CHECK(out.isEmpty());
    CHECK(a.takeLookups() == QStringList{QStringLiteral("outer")});
    a.resolve(QStringLiteral("outer"), under(QStringLiteral("p")), out);
    CHECK(ids(out) == QStringList{QStringLiteral("c1"), QStringLiteral("c2")});
    CHECK(out.first().parentId == QStringLiteral("p"));
    CHECK(out.first().problems.isEmpty());
    // Answers are kept: a later child of the same block needs no lookup.
    ItemBatch later;
    a.add(item(QStringLiteral("c3")),
          ParentRef::lookup(QStringLiteral("blk"), QStringLiteral("block blk")), later);
    CHECK(ids(later) == QStringList{QStringLiteral("c3")});
    CHECK(a.lookupsAsked() == 2);
}

TEST_CASE("Assembler puts what cannot be placed under the root, saying why", "[assembler]")
{
    SECTION("a lookup that could not be read")
    {
        HierarchyAssembler a(options());
        ItemBatch out;
        a.add(item(QStringLiteral("c")),
              ParentRef::lookup(QStringLiteral("b"), QStringLiteral("block b")), out);
        a.takeLookups();
        a.resolve(QStringLiteral("b"), ParentRef::unknown({}), out);
        REQUIRE(out.size() == 1);
        CHECK(out.first().parentId == kRoot.id);
        CHECK(out.first().problems == QStringList{QStringLiteral("missing block b")});
    }
    SECTION("an unknown parent")
    {
        HierarchyAssembler a(options());
        ItemBatch out;
        a.add(item(QStringLiteral("c")), ParentRef::unknown(QStringLiteral("something")), out);
        REQUIRE(out.size() == 1);
        CHECK(out.first().problems == QStringList{QStringLiteral("missing something")});
    }
    SECTION("beyond the lookup budget and the depth bound")
    {
        HierarchyAssembler a(options(1, 1));
        ItemBatch out;
        a.add(item(QStringLiteral("c1")),
              ParentRef::lookup(QStringLiteral("b1"), QStringLiteral("block b1")), out);
        a.add(item(QStringLiteral("c2")),
              ParentRef::lookup(QStringLiteral("b2"), QStringLiteral("block b2")), out);
        CHECK(ids(out) == QStringList{QStringLiteral("c2")}); // no budget left for b2
        CHECK(a.takeLookups() == QStringList{QStringLiteral("b1")});
        out.clear();
        a.resolve(QStringLiteral("b1"),
                  ParentRef::lookup(QStringLiteral("b3"), QStringLiteral("block b3")), out);
        CHECK(ids(out) == QStringList{QStringLiteral("c1")}); // too deep to follow
        CHECK(out.first().problems == QStringList{QStringLiteral("missing block b3")});
    }
}

TEST_CASE("Settling puts orphans under the root, parents first, and breaks cycles", "[assembler]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("child")), under(QStringLiteral("orphan")), out);
    a.add(item(QStringLiteral("orphan")), under(QStringLiteral("unshared")), out);
    a.add(item(QStringLiteral("x")), under(QStringLiteral("y")), out); // x <-> y
    a.add(item(QStringLiteral("y")), under(QStringLiteral("x")), out);
    a.add(item(QStringLiteral("w")),
          ParentRef::lookup(QStringLiteral("never"), QStringLiteral("block never")), out);
    CHECK(out.isEmpty());
    a.settle(out);
    CHECK(out.size() == 5);
    CHECK(a.heldCount() == 0);
    const IntegrationItem *orphan = find(out, QStringLiteral("orphan"));
    REQUIRE(orphan);
    CHECK(orphan->parentId == kRoot.id);
    CHECK(orphan->problems == QStringList{QStringLiteral("missing page unshared")});
    const IntegrationItem *child = find(out, QStringLiteral("child"));
    CHECK(child->parentId == QStringLiteral("orphan"));
    CHECK(child->problems.isEmpty());
    CHECK(ids(out).indexOf(QStringLiteral("orphan")) < ids(out).indexOf(QStringLiteral("child")));
    // The cycle: one of the two is put under the root, the other stays under it.
    const IntegrationItem *x = find(out, QStringLiteral("x"));
    const IntegrationItem *y = find(out, QStringLiteral("y"));
    REQUIRE(x);
    REQUIRE(y);
    CHECK(((x->parentId == kRoot.id && y->parentId == QStringLiteral("x")) ||
           (y->parentId == kRoot.id && x->parentId == QStringLiteral("y"))));
    CHECK(find(out, QStringLiteral("w"))->problems ==
          QStringList{QStringLiteral("missing block never")});
}

TEST_CASE("Lookups whose requests were cancelled are handed out again", "[assembler][lookup]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("c")),
          ParentRef::lookup(QStringLiteral("b"), QStringLiteral("block b")), out);
    CHECK(a.takeLookups() == QStringList{QStringLiteral("b")});
    a.requeueUnanswered();
    CHECK(a.takeLookups() == QStringList{QStringLiteral("b")});
    CHECK(a.lookupsAsked() == 1);
}

TEST_CASE("Assembler names the parents that never came, and known ones take their children",
          "[assembler]")
{
    HierarchyAssembler a(options());
    ItemBatch out;
    a.add(item(QStringLiteral("c1")), under(QStringLiteral("p")), out);
    a.add(item(QStringLiteral("c2")), under(QStringLiteral("p")), out);
    a.add(item(QStringLiteral("g")), under(QStringLiteral("c1")), out); // a grandchild
    a.add(item(QStringLiteral("o")), under(QStringLiteral("q")), out);
    a.add(item(QStringLiteral("h")), under(QStringLiteral("held")), out);
    a.add(item(QStringLiteral("held")), under(QStringLiteral("q")), out); // held: not missing
    CHECK(out.isEmpty());
    QVector<ItemKey> missing = a.missingParents();
    std::sort(missing.begin(), missing.end(),
              [](const ItemKey &x, const ItemKey &y) { return x.id < y.id; });
    CHECK(missing == (QVector<ItemKey>{{QStringLiteral("pages"), QStringLiteral("p")},
                                       {QStringLiteral("pages"), QStringLiteral("q")}}));
    a.resolveMissingParent(QStringLiteral("p"),
                           KnownParent{QStringLiteral("folders"), QStringLiteral("Folder P")}, out);
    // Each subtree is released depth first: a parent always before its children.
    CHECK(ids(out) ==
          (QStringList{QStringLiteral("c1"), QStringLiteral("g"), QStringLiteral("c2")}));
    CHECK(out.at(0).parentId == QStringLiteral("p"));
    CHECK(out.at(0).parentType == QStringLiteral("folders"));
    CHECK(out.at(0).parentName == QStringLiteral("Folder P"));
    CHECK(out.at(0).problems.isEmpty());
    CHECK(out.at(1).parentId == QStringLiteral("c1"));
    CHECK(out.at(1).parentName == QStringLiteral("Name of c1"));
    CHECK(out.at(2).parentName == QStringLiteral("Folder P"));
    ItemBatch orphans;
    a.resolveMissingParent(QStringLiteral("q"), std::nullopt, orphans);
    CHECK(ids(orphans) ==
          (QStringList{QStringLiteral("o"), QStringLiteral("held"), QStringLiteral("h")}));
    CHECK(orphans.at(0).parentId == kRoot.id);
    CHECK(orphans.at(0).problems == QStringList{QStringLiteral("missing page q")});
    CHECK(orphans.at(2).parentId == QStringLiteral("held"));
    CHECK(a.heldCount() == 0);
    CHECK(a.missingParents().isEmpty());
}
