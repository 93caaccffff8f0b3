// ItemTreeModel in each view: streaming inserts, updates that move rows,
// removals, placeholders, cycles, lazy stubs, sorting while streaming, the
// filter with ancestors and its count, stable keys — with
// QAbstractItemModelTester attached throughout.
#include <catch2/catch.hpp>

#include "itemtreemodel.h"
#include "itemtreeview.h"
#include "tree/rowfilter.h"
#include "tree/rowstore.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using desk::ItemKey;
using desk::ItemPresentation;
using desk::ItemRow;
using desk::ItemTreeModel;
using desk::RowBatch;
using namespace desktest;

namespace {

using Kind = ItemTreeModel::NodeKind;

// A CRM-like presentation (grouping by company) over uitestutil's items.
ItemPresentation crm()
{
    ItemPresentation p;
    const QString contacts = QStringLiteral("contacts"), companies = QStringLiteral("companies"),
                  deals = QStringLiteral("deals"), tickets = QStringLiteral("tickets");
    p.types = {{contacts, QStringLiteral("Contacts"), {}, false, false},
               {companies, QStringLiteral("Companies"), {}, true, false},
               {deals, QStringLiteral("Deals"), {}, false, false},
               {tickets, QStringLiteral("Tickets"), {}, false, false}};
    p.columns = {
        {QStringLiteral("Email / Domain"),
         {{contacts, QStringLiteral("email")}, {companies, QStringLiteral("domain")}}},
        {QStringLiteral("Amount"), {{deals, QStringLiteral("amount")}}, false, true},
        {QStringLiteral("Stage"), {{deals, QStringLiteral("dealstage")}}},
        {QStringLiteral("Owner"), {{contacts, QStringLiteral("owner")}}},
    };
    p.groupings = {{QStringLiteral("association:companies"), QStringLiteral("By company"),
                    companies, QStringLiteral("No company")}};
    return p;
}

// A hierarchy with lazy tables (Airtable-like) and pages (Notion-like).
ItemPresentation hierarchy()
{
    ItemPresentation p;
    p.types = {
        {QStringLiteral("bases"), QStringLiteral("Bases"), {}, true, false},
        {QStringLiteral("tables"), QStringLiteral("Tables"), QStringLiteral("bases"), true, true},
        {QStringLiteral("records"), QStringLiteral("Records"), QStringLiteral("tables"), false,
         false},
        {QStringLiteral("pages"), QStringLiteral("Pages"), {}, true, false}};
    desk::ValueColumn notes{QStringLiteral("Details"), {}};
    for (const auto &t : p.types)
        notes.propertyByType.insert(t.id, QStringLiteral("Notes"));
    desk::ValueColumn parent{QStringLiteral("Parent"), {}};
    parent.parentName = true;
    p.columns = {notes, parent};
    p.hierarchy = true;
    return p;
}

RowBatch rows(const desk::ItemBatch &items, const ItemPresentation &p)
{
    RowBatch batch;
    for (const auto &item : items)
        batch.append(ItemRow::fromItem(item, p));
    return batch;
}

RowBatch mixed(int first, int count, const ItemPresentation &p)
{
    desk::ItemBatch batch;
    for (int i = first; i < first + count; ++i) {
        switch (i % 4) {
        case 0:
            batch.append(
                contact(i, QString::number(500 + (i % 10)), QStringLiteral("Acme %1").arg(i % 10)));
            break;
        case 1:
            batch.append(contact(i));
            break;
        case 2:
            batch.append(
                deal(i, QString::number(500 + (i % 10)), i * 10.0, QStringLiteral("Qualified")));
            break;
        case 3:
            batch.append(ticket(i));
            break;
        }
    }
    return rows(batch, p);
}

QModelIndex topLevel(const QAbstractItemModel &model, const QString &prefix)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, 0).data().toString().startsWith(prefix))
            return model.index(row, 0);
    return {};
}

QStringList names(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(parent); ++row)
        list.append(model.index(row, 0, parent).data().toString());
    return list;
}

QString parentIdOf(const ItemTreeModel &model, const QString &type, const QString &id)
{
    const QModelIndex parent = model.indexOfItem(type, id).parent();
    return parent.isValid() ? parent.data(ItemTreeModel::ItemIdRole).toString() : QString();
}

int itemRows(const ItemTreeModel &model, const QModelIndex &parent)
{
    int n = 0;
    for (int row = 0; row < model.rowCount(parent); ++row)
        n += model.nodeKind(model.index(row, 0, parent)) == Kind::Item;
    return n;
}

QModelIndex stubOf(const ItemTreeModel &model, const QModelIndex &parent)
{
    for (int row = 0; row < model.rowCount(parent); ++row)
        if (model.nodeKind(model.index(row, 0, parent)) == Kind::Stub)
            return model.index(row, 0, parent);
    return {};
}

// Every index of the model, walked from the root: parent() and row() agree.
int checkTree(const ItemTreeModel &model, const QModelIndex &parent = {})
{
    int n = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        REQUIRE(child.isValid());
        REQUIRE(child.row() == row);
        REQUIRE(model.parent(child) == parent);
        n += 1 + checkTree(model, child);
    }
    return n;
}

struct Testers
{
    explicit Testers(ItemTreeModel *model)
        : tester(model, QAbstractItemModelTester::FailureReportingMode::Warning)
    {}
    ModelTestMessages messages;
    QAbstractItemModelTester tester;
};

} // namespace

TEST_CASE("By type: groups in the presentation's order with counts while streaming", "[model]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    Testers testers(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);

    for (int b = 0; b < 10; ++b)
        model.addRows(mixed(b * 40, 40, model.presentation()));
    for (int c = 0; c < 10; ++c)
        model.addRows(rows({company(c)}, model.presentation()));

    CHECK(resets.isEmpty());
    CHECK(inserts.count() >= 10);
    CHECK(model.itemCount() == 410);
    CHECK(model.countOfType(QStringLiteral("contacts")) == 200);
    REQUIRE(model.rowCount() == 4);
    CHECK(names(model, {}) ==
          QStringList{QStringLiteral("Contacts (200)"), QStringLiteral("Companies (10)"),
                      QStringLiteral("Deals (100)"), QStringLiteral("Tickets (100)")});
    model.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder); // groups keep their order
    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Contacts (200)"));
    CHECK(model.index(3, 0).data().toString() == QStringLiteral("Tickets (100)"));
    CHECK(checkTree(model) == 414);

    // Columns from the presentation.
    CHECK(model.columnCount() == 8);
    CHECK(model.headerData(2, Qt::Horizontal).toString() == QStringLiteral("Email / Domain"));
    CHECK(model.headerData(model.createdColumn(), Qt::Horizontal).toString() ==
          QStringLiteral("Created"));
    const QModelIndex c0 = model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1000"));
    CHECK(c0.siblingAtColumn(ItemTreeModel::TypeColumn).data().toString() ==
          QStringLiteral("Contacts"));
    CHECK(c0.siblingAtColumn(model.valueColumn(0)).data().toString() ==
          QStringLiteral("contact0@example.com"));
    CHECK(c0.siblingAtColumn(model.valueColumn(3)).data().toString() == QStringLiteral("Owner 0"));
    CHECK_FALSE(c0.siblingAtColumn(model.createdColumn()).data().toString().isEmpty());

    // An update changes the row in place (and keeps it sorted).
    desk::IntegrationItem renamed = contact(0, QStringLiteral("500"));
    renamed.name = QStringLiteral("Zz Renamed");
    model.addRows(rows({renamed}, model.presentation()));
    CHECK(model.itemCount() == 410);
    const QModelIndex moved = model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1000"));
    CHECK(moved.data().toString() == QStringLiteral("Zz Renamed"));
    CHECK(moved.row() == 0); // descending: first

    // Removals.
    model.removeRows({{QStringLiteral("contacts"), QStringLiteral("1000")},
                      {QStringLiteral("tickets"), QStringLiteral("7003")},
                      {QStringLiteral("tickets"), QStringLiteral("no such")}});
    CHECK(model.itemCount() == 408);
    CHECK_FALSE(model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1000")).isValid());
    CHECK(topLevel(model, QStringLiteral("Tickets")).data().toString() ==
          QStringLiteral("Tickets (99)"));
    CHECK(checkTree(model) == 412);
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("By company: placeholders, late companies, moves between groups, removals", "[model]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    model.setView(QStringLiteral("association:companies"));
    REQUIRE(model.view() == QStringLiteral("association:companies"));
    Testers testers(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);
    const ItemPresentation &p = model.presentation();

    // Rows stream in before their companies.
    model.addRows(rows({contact(1, QStringLiteral("501"), QStringLiteral("Beta Ltd")),
                        contact(2, QStringLiteral("501")), contact(3),
                        deal(1, QStringLiteral("502"), 1500, QStringLiteral("Closed won"))},
                       p));
    CHECK(model.rowCount() == 3); // placeholders 501 and 502, "No company"
    QModelIndex beta =
        model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")).parent();
    REQUIRE(beta.isValid());
    CHECK(model.nodeKind(beta) == Kind::Placeholder);
    CHECK(beta.data().toString() == QStringLiteral("Beta Ltd"));
    CHECK(beta.siblingAtColumn(ItemTreeModel::TypeColumn).data().toString() ==
          QStringLiteral("Companies"));
    CHECK(model.placeholderKey(beta)->id == QStringLiteral("501"));
    CHECK(model.rowCount(beta) == 2);
    CHECK(model.index(model.rowCount() - 1, 0).data().toString() ==
          QStringLiteral("No company (1)"));

    // The company arrives: its row replaces the placeholder, with the same children.
    model.addRows(rows({company(1)}, p));
    beta = model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"));
    REQUIRE(beta.isValid());
    CHECK_FALSE(beta.parent().isValid());
    CHECK(model.nodeKind(beta) == Kind::Item);
    CHECK(beta.data().toString() == QStringLiteral("Company B"));
    CHECK(model.rowCount(beta) == 2);
    CHECK(model.rowCount() == 3);

    // Contact 3 gets a company: moved out of "No company".
    model.addRows(rows({contact(3, QStringLiteral("501"), QStringLiteral("Company B"))}, p));
    CHECK(moves.count() == 1);
    CHECK(model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1003")).parent() == beta);
    CHECK(topLevel(model, QStringLiteral("No company")).data().toString() ==
          QStringLiteral("No company (0)"));
    // ... then to a company never seen: a new placeholder.
    model.addRows(rows({contact(3, QStringLiteral("777"), QStringLiteral("Gamma"))}, p));
    CHECK(moves.count() == 2);
    CHECK(model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1003"))
              .parent()
              .data()
              .toString() == QStringLiteral("Gamma"));
    // ... and away again: the emptied placeholder goes.
    const int before = model.rowCount();
    model.addRows(rows({contact(3, QStringLiteral("501"))}, p));
    CHECK(model.rowCount() == before - 1);
    CHECK_FALSE(topLevel(model, QStringLiteral("Gamma")).isValid());

    // "No company" stays last in both directions.
    model.addRows(rows({contact(4)}, p));
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        model.sort(ItemTreeModel::NameColumn, order);
        CHECK(model.index(model.rowCount() - 1, 0)
                  .data()
                  .toString()
                  .startsWith(QStringLiteral("No company")));
    }

    // A company that goes while rows name it: they wait under a placeholder.
    model.removeRows({{QStringLiteral("companies"), QStringLiteral("501")}});
    const QModelIndex waiting =
        model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")).parent();
    CHECK(model.nodeKind(waiting) == Kind::Placeholder);
    CHECK(model.rowCount(waiting) == 3);
    CHECK(resets.isEmpty());

    // Switching views keeps every row.
    model.setView(ItemTreeModel::byTypeView());
    CHECK(topLevel(model, QStringLiteral("Contacts")).data().toString() ==
          QStringLiteral("Contacts (4)"));
    model.addRows(rows({company(1)}, p));
    model.setView(QStringLiteral("association:companies"));
    CHECK(model.rowCount(model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))) ==
          3);
    CHECK(checkTree(model) == model.itemCount() + 2); // + the 502 placeholder and "No company"
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("By parent: hierarchy, placeholders, cycles and re-homing while streaming", "[model]")
{
    ItemTreeModel model;
    model.setPresentation(hierarchy());
    REQUIRE(model.views().contains(ItemTreeModel::byParentView()));
    model.setView(ItemTreeModel::byParentView());
    Testers testers(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const ItemPresentation &p = model.presentation();
    const QString bases = QStringLiteral("bases"), tables = QStringLiteral("tables"),
                  records = QStringLiteral("records"), pages = QStringLiteral("pages");
    model.setChildrenState({tables, QStringLiteral("t1")}, ItemTreeModel::ChildrenState::Loaded);
    model.setChildrenState({tables, QStringLiteral("t2")}, ItemTreeModel::ChildrenState::Loaded);
    model.setChildrenState({tables, QStringLiteral("t3")}, ItemTreeModel::ChildrenState::Loaded);

    // Children before parents wait under placeholders at the top.
    model.addRows(rows({treeItem(records, QStringLiteral("r1"), tables, QStringLiteral("t1")),
                        treeItem(tables, QStringLiteral("t2"), bases, QStringLiteral("b1"),
                                 QStringLiteral("Table two"))},
                       p));
    CHECK(model.rowCount() == 2);
    const QModelIndex t1Placeholder = model.indexOfItem(records, QStringLiteral("r1")).parent();
    CHECK(model.nodeKind(t1Placeholder) == Kind::Placeholder);
    CHECK(t1Placeholder.data().toString() == QStringLiteral("Not loaded: t1"));
    CHECK(t1Placeholder.data(ItemTreeModel::ItemTypeRole).toString() == tables);

    // The base arrives and takes its placeholder's place with the same child.
    model.addRows(rows({treeItem(bases, QStringLiteral("b1"), {}, {}, QStringLiteral("Base"))}, p));
    CHECK(parentIdOf(model, tables, QStringLiteral("t2")) == QStringLiteral("b1"));
    CHECK(model.rowCount() == 2);
    // The table arrives: under its base, with its record.
    model.addRows(rows({treeItem(tables, QStringLiteral("t1"), bases, QStringLiteral("b1"))}, p));
    CHECK(model.rowCount() == 1);
    CHECK(parentIdOf(model, records, QStringLiteral("r1")) == QStringLiteral("t1"));
    CHECK(parentIdOf(model, tables, QStringLiteral("t1")) == QStringLiteral("b1"));

    // A whole subtree in one batch, children first.
    model.addRows(rows({treeItem(records, QStringLiteral("r3"), tables, QStringLiteral("t3")),
                        treeItem(tables, QStringLiteral("t3"), bases, QStringLiteral("b2")),
                        treeItem(bases, QStringLiteral("b2"))},
                       p));
    CHECK(model.rowCount() == 2);
    CHECK(parentIdOf(model, records, QStringLiteral("r3")) == QStringLiteral("t3"));
    CHECK(parentIdOf(model, tables, QStringLiteral("t3")) == QStringLiteral("b2"));

    // The same id under another type is another item: the parent's type decides.
    model.addRows(rows({treeItem(pages, QStringLiteral("t1"), records, QStringLiteral("r1"))}, p));
    CHECK(parentIdOf(model, pages, QStringLiteral("t1")) == QStringLiteral("r1"));

    // A parent that never comes: the placeholder is named as the child knows it ...
    desk::IntegrationItem orphan =
        treeItem(pages, QStringLiteral("p9"), pages, QStringLiteral("gone"));
    orphan.parentName = QStringLiteral("Private page");
    model.addRows(rows({treeItem(pages, QStringLiteral("root")), orphan}, p));
    CHECK(model.indexOfItem(pages, QStringLiteral("p9")).parent().data().toString() ==
          QStringLiteral("Private page"));
    const int top = model.rowCount();
    // ... until the child is re-delivered elsewhere: moved, the placeholder goes.
    orphan.parentId = QStringLiteral("root");
    model.addRows(rows({orphan}, p));
    CHECK(parentIdOf(model, pages, QStringLiteral("p9")) == QStringLiteral("root"));
    CHECK(model.rowCount() == top - 1);

    // Cycles are broken at the top; nothing is lost.
    model.addRows(rows({treeItem(pages, QStringLiteral("x"), pages, QStringLiteral("y")),
                        treeItem(pages, QStringLiteral("y"), pages, QStringLiteral("x"))},
                       p));
    CHECK(model.indexOfItem(pages, QStringLiteral("x")).isValid());
    CHECK(model.indexOfItem(pages, QStringLiteral("y")).isValid());
    CHECK((parentIdOf(model, pages, QStringLiteral("x")).isEmpty() ||
           parentIdOf(model, pages, QStringLiteral("y")).isEmpty()));
    model.addRows(rows({treeItem(pages, QStringLiteral("z"), pages, QStringLiteral("z"))}, p));
    CHECK_FALSE(model.indexOfItem(pages, QStringLiteral("z")).parent().isValid());
    // A move that would close a cycle puts the row at the top instead.
    model.addRows(rows({treeItem(pages, QStringLiteral("root"), pages, QStringLiteral("p9"))}, p));
    CHECK(model.indexOfItem(pages, QStringLiteral("root")).isValid());
    CHECK(parentIdOf(model, pages, QStringLiteral("p9")) == QStringLiteral("root"));
    CHECK(checkTree(model) >= model.itemCount());
    CHECK(resets.isEmpty());

    // Switching views and back rebuilds the same tree.
    model.setView(ItemTreeModel::byTypeView());
    CHECK(topLevel(model, QStringLiteral("Records")).data().toString() ==
          QStringLiteral("Records (2)"));
    model.setView(ItemTreeModel::byParentView());
    CHECK(parentIdOf(model, records, QStringLiteral("r1")) == QStringLiteral("t1"));
    CHECK(parentIdOf(model, tables, QStringLiteral("t1")) == QStringLiteral("b1"));
    // The root/p9 cycle is broken where the rebuild meets it first.
    CHECK((parentIdOf(model, pages, QStringLiteral("p9")) == QStringLiteral("root") ||
           parentIdOf(model, pages, QStringLiteral("root")) == QStringLiteral("p9")));
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("By parent: a large tree streamed with parents one batch late stays consistent",
          "[model]")
{
    ItemTreeModel model;
    model.setPresentation(hierarchy());
    model.setView(ItemTreeModel::byParentView());
    model.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    Testers testers(&model);
    const QString pages = QStringLiteral("pages");
    for (int b = 0; b < 20; ++b) {
        desk::ItemBatch batch;
        for (int i = 0; i < 50; ++i) {
            const int n = b * 50 + i;
            batch.append(treeItem(pages, QString::number(n), pages,
                                  n % 7 == 0 ? QStringLiteral("missing") + QString::number(n)
                                             : QString::number(n + 50)));
        }
        model.addRows(rows(batch, model.presentation()));
    }
    CHECK(model.itemCount() == 1000);
    for (int n = 0; n < 1000; ++n) {
        const QString parent = parentIdOf(model, pages, QString::number(n));
        if (n % 7 == 0)
            CHECK(parent.startsWith(QStringLiteral("missing")));
        else if (n + 50 < 1000)
            CHECK(parent == QString::number(n + 50));
    }
    // Siblings are in descending name order.
    const QModelIndex first = model.index(0, 0);
    const bool descending = first.data().toString() >= model.index(1, 0).data().toString();
    CHECK(descending);
    CHECK(checkTree(model) > 1000);
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Lazy containers show a stub row that follows the children state", "[model][lazy]")
{
    using State = ItemTreeModel::ChildrenState;
    ItemTreeModel model;
    model.setPresentation(hierarchy());
    model.setView(ItemTreeModel::byParentView());
    Testers testers(&model);
    const ItemPresentation &p = model.presentation();
    const QString bases = QStringLiteral("bases"), tables = QStringLiteral("tables");
    desk::IntegrationItem leads = treeItem(tables, QStringLiteral("t1"), bases,
                                           QStringLiteral("b1"), QStringLiteral("Leads"));
    leads.parentName = QStringLiteral("Sales");
    model.addRows(
        rows({treeItem(bases, QStringLiteral("b1"), {}, {}, QStringLiteral("Sales")), leads,
              treeItem(tables, QStringLiteral("t2"), bases, QStringLiteral("b1"),
                       QStringLiteral("Orders"))},
             p));
    const ItemKey t1{tables, QStringLiteral("t1")};
    QModelIndex table = model.indexOfItem(t1);
    CHECK(model.childrenState(t1) == State::NotLoaded);
    CHECK(model.childrenState({bases, QStringLiteral("b1")}) == State::None);
    CHECK(model.hasChildren(table));    // the expand arrow ...
    CHECK(itemRows(model, table) == 0); // ... over a stub row
    CHECK(stubOf(model, table).data().toString().startsWith(QStringLiteral("Not loaded")));
    CHECK(model.flags(stubOf(model, table)).testFlag(Qt::ItemNeverHasChildren));
    CHECK(model.unloadedContainers().size() == 2);
    CHECK(table.siblingAtColumn(model.valueColumn(1)).data().toString() == QStringLiteral("Sales"));

    model.setChildrenState(t1, State::Loading);
    CHECK(stubOf(model, table).data().toString() == QStringLiteral("Loading\u2026"));
    CHECK(model.unloadedContainers().size() == 1);
    desk::ItemBatch records;
    for (int i = 0; i < 30; ++i)
        records.append(treeItem(QStringLiteral("records"), QStringLiteral("r%1").arg(i), tables,
                                QStringLiteral("t1")));
    model.addRows(rows(records, p));
    CHECK(itemRows(model, table) == 30);
    // The stub stays after the records in both directions.
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        model.sort(ItemTreeModel::NameColumn, order);
        table = model.indexOfItem(t1);
        CHECK(model.nodeKind(model.index(model.rowCount(table) - 1, 0, table)) == Kind::Stub);
    }
    model.setChildrenState(t1, State::Failed,
                           desk::Error(desk::Error::Kind::Network, QStringLiteral("Refused.")));
    CHECK(stubOf(model, table).data().toString().contains(QStringLiteral("Refused.")));
    model.setChildrenState(t1, State::Loaded);
    CHECK_FALSE(stubOf(model, table).isValid());
    CHECK(model.rowCount(table) == 30);

    // Other views have no stubs; the state survives switching back.
    model.setView(ItemTreeModel::byTypeView());
    CHECK(model.rowCount(model.indexOfItem(t1)) == 0);
    model.setView(ItemTreeModel::byParentView());
    CHECK_FALSE(stubOf(model, model.indexOfItem(t1)).isValid());
    CHECK(stubOf(model, model.indexOfItem(tables, QStringLiteral("t2"))).isValid());
    // A table whose children were loaded before it arrived gets no stub.
    model.setChildrenState({tables, QStringLiteral("t4")}, State::Loaded);
    model.addRows(rows({treeItem(tables, QStringLiteral("t4"), bases, QStringLiteral("b1"))}, p));
    CHECK(model.rowCount(model.indexOfItem(tables, QStringLiteral("t4"))) == 0);
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Sorting by name, type, numbers and dates is kept while rows stream in", "[model]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    Testers testers(&model);
    const ItemPresentation &p = model.presentation();
    auto named = [&](int n, const QString &name, double amount) {
        desk::IntegrationItem d = deal(n, {}, amount, QStringLiteral("S"));
        d.name = name;
        return d;
    };
    model.addRows(
        rows({named(1, QStringLiteral("banana"), 200), named(2, QStringLiteral("Apple"), 1000),
              named(3, QStringLiteral("cherry"), 30), named(4, QStringLiteral("Item 10"), 5),
              named(5, QStringLiteral("Item 9"), 7)},
             p));
    auto deals = [&] { return names(model, topLevel(model, QStringLiteral("Deals"))); };
    // Letters whatever their case, numbers inside names as numbers.
    CHECK(deals() == QStringList{QStringLiteral("Apple"), QStringLiteral("banana"),
                                 QStringLiteral("cherry"), QStringLiteral("Item 9"),
                                 QStringLiteral("Item 10")});
    model.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    CHECK(deals().first() == QStringLiteral("Item 10"));
    // Amounts as numbers: 5 < 7 < 30 < 200 < 1000.
    model.sort(model.valueColumn(1), Qt::AscendingOrder);
    CHECK(deals() == QStringList{QStringLiteral("Item 10"), QStringLiteral("Item 9"),
                                 QStringLiteral("cherry"), QStringLiteral("banana"),
                                 QStringLiteral("Apple")});
    // Rows streamed while sorted land in place.
    model.addRows(
        rows({named(6, QStringLiteral("Fig"), 100), named(7, QStringLiteral("Kiwi"), 1)}, p));
    CHECK(deals().first() == QStringLiteral("Kiwi"));
    CHECK(deals().indexOf(QStringLiteral("Fig")) == 4);
    // Dates as dates (deal(n) is created at n * 7 hours).
    model.sort(model.createdColumn(), Qt::DescendingOrder);
    CHECK(deals().first() == QStringLiteral("Kiwi"));
    CHECK(deals().last() == QStringLiteral("banana"));
    // An update that changes the key moves the row.
    model.addRows(rows({named(1, QStringLiteral("banana"), 200)}, p));
    model.sort(ItemTreeModel::NameColumn, Qt::AscendingOrder);
    model.addRows(rows({named(1, QStringLiteral("Zucchini"), 200)}, p));
    CHECK(deals().last() == QStringLiteral("Zucchini"));
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("A re-sort of a large list is computed on a worker and applied in one layout change",
          "[model][sort]")
{
    // The same rows in two models: one sorts at once, one on a worker.
    ItemTreeModel now, worker;
    now.setBackgroundSortThreshold(1 << 30);
    worker.setBackgroundSortThreshold(100);
    Testers testers(&worker);
    for (ItemTreeModel *model : {&now, &worker}) {
        model->setPresentation(crm());
        desk::ItemBatch batch;
        for (int i = 0; i < 1500; ++i)
            batch.append(contact((i * 7919) % 1500)); // not in name or date order
        batch.append(deal(1, {}, 10, QStringLiteral("S")));
        model->addRows(rows(batch, model->presentation()));
    }
    auto contactsOf = [](const ItemTreeModel &m) {
        return names(m, topLevel(m, QStringLiteral("Contacts")));
    };
    REQUIRE(contactsOf(worker) == contactsOf(now));
    QSignalSpy layouts(&worker, &QAbstractItemModel::layoutChanged);
    QSignalSpy applied(&worker, &ItemTreeModel::sortApplied);
    const QPersistentModelIndex selected =
        worker.index(7, 0, topLevel(worker, QStringLiteral("Contacts")));
    const QString selectedId = selected.data(ItemTreeModel::ItemIdRole).toString();

    SECTION("Equal keys keep their arrival order, as a sort done at once")
    {
        const int owner = worker.valueColumn(3);
        now.sort(owner, Qt::DescendingOrder);
        worker.sort(owner, Qt::DescendingOrder);
        CHECK(worker.isSortPending());
        CHECK(worker.sortColumn() == ItemTreeModel::NameColumn); // the old order until applied
        REQUIRE(waitFor([&] { return applied.count() == 1; }));
        CHECK_FALSE(worker.isSortPending());
        CHECK(worker.sortColumn() == owner);
        CHECK(worker.sortOrder() == Qt::DescendingOrder);
        CHECK(layouts.count() == 1);
        CHECK(contactsOf(worker) == contactsOf(now));
        CHECK(selected.data(ItemTreeModel::ItemIdRole).toString() == selectedId);
        // Rows arriving after it land in place by the new keys.
        for (ItemTreeModel *model : {&now, &worker})
            model->addRows(rows({contact(5000), contact(5001)}, model->presentation()));
        CHECK(contactsOf(worker) == contactsOf(now));
    }
    SECTION("Rows that change while the worker runs: sorted again when it ends")
    {
        now.sort(now.createdColumn(), Qt::DescendingOrder);
        worker.sort(worker.createdColumn(), Qt::DescendingOrder);
        REQUIRE(worker.isSortPending());
        for (ItemTreeModel *model : {&now, &worker})
            model->addRows(rows({contact(7000), contact(1)}, model->presentation()));
        REQUIRE(waitFor([&] { return applied.count() == 1; }));
        CHECK(worker.sortColumn() == worker.createdColumn());
        CHECK(contactsOf(worker) == contactsOf(now));
        CHECK(contactsOf(worker).first() == QStringLiteral("Contact 007000"));
    }
    SECTION("A new column's keys made over several turns; rows changing meanwhile")
    {
        worker.setSortKeySliceRows(500);
        now.sort(now.createdColumn(), Qt::AscendingOrder);
        worker.sort(worker.createdColumn(), Qt::AscendingOrder);
        REQUIRE(worker.isSortPending());
        QCoreApplication::processEvents(); // one slice
        REQUIRE(worker.isSortPending());
        CHECK(worker.sortColumn() == ItemTreeModel::NameColumn);
        // Asking for the same order again keeps the preparation going.
        worker.sort(worker.createdColumn(), Qt::AscendingOrder);
        REQUIRE(worker.isSortPending());
        desk::IntegrationItem early = contact(300);
        early.created = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        for (ItemTreeModel *model : {&now, &worker})
            model->addRows(rows({early}, model->presentation()));
        REQUIRE(waitFor([&] { return applied.count() == 1; }));
        CHECK(worker.sortColumn() == worker.createdColumn());
        CHECK(contactsOf(worker) == contactsOf(now));
        CHECK(contactsOf(worker).first() == QStringLiteral("Contact 000300"));
        CHECK(layouts.count() >= 1);
        CHECK(selected.data(ItemTreeModel::ItemIdRole).toString() == selectedId);
    }
    SECTION("Asking for the order in force again drops the pending one")
    {
        worker.sort(worker.createdColumn(), Qt::AscendingOrder);
        REQUIRE(worker.isSortPending());
        worker.sort(ItemTreeModel::NameColumn, Qt::AscendingOrder);
        CHECK_FALSE(worker.isSortPending());
        CHECK_FALSE(waitFor([&] { return applied.count() > 0; }, 500));
        CHECK(worker.sortColumn() == ItemTreeModel::NameColumn);
        CHECK(layouts.count() == 0);
        CHECK(contactsOf(worker) == contactsOf(now));
    }
    SECTION("Filtered: the shown rows are sorted too")
    {
        for (ItemTreeModel *model : {&now, &worker}) {
            model->setFilterText(QStringLiteral("contact 0001"));
            model->applyPendingFilterNow();
        }
        worker.setBackgroundSortThreshold(50);
        REQUIRE(contactsOf(worker).size() == 111); // 000001, 00001x, 0001xx
        now.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
        worker.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
        REQUIRE(worker.isSortPending());
        REQUIRE(waitFor([&] { return applied.count() == 1; }));
        CHECK(contactsOf(worker) == contactsOf(now));
        CHECK(contactsOf(worker).first() == QStringLiteral("Contact 000199"));
        for (ItemTreeModel *model : {&now, &worker})
            model->setFilterText({});
        REQUIRE(waitFor([&] { return worker.appliedFilter().isEmpty(); }));
        REQUIRE(waitFor([&] { return now.appliedFilter().isEmpty(); }));
        CHECK(contactsOf(worker) == contactsOf(now));
        CHECK(contactsOf(worker).first() == QStringLiteral("Contact 001499"));
    }
    CHECK(checkTree(worker) > 1500);
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("The filter shows matches with their ancestors, counts them and follows new rows",
          "[model][filter]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    model.setView(QStringLiteral("association:companies"));
    Testers testers(&model);
    const ItemPresentation &p = model.presentation();
    model.addRows(rows({contact(1, QStringLiteral("501"), QStringLiteral("Beta")), contact(2),
                        company(1), deal(1, QStringLiteral("501"), 10, QStringLiteral("Won")),
                        contact(3, QStringLiteral("777"), QStringLiteral("Gamma Inc"))},
                       p));
    QSignalSpy applied(&model, &ItemTreeModel::filterApplied);

    // Sliced: the result comes from the event loop, in one layout change.
    model.setFilterText(QStringLiteral("CONTACT1@example"));
    REQUIRE(waitFor([&] { return applied.count() == 1; }, 5000));
    CHECK(model.appliedFilter() == QStringLiteral("CONTACT1@example"));
    REQUIRE(model.rowCount() == 1);
    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Company B")); // the ancestor
    CHECK(names(model, model.index(0, 0)) == QStringList{QStringLiteral("Contact 000001")});
    CHECK(model.visibleItemCount() == 1);

    // Every word must occur, in any column or the parent's name.
    model.setFilterText(QStringLiteral("beta contact"));
    model.applyPendingFilterNow();
    CHECK(model.visibleItemCount() == 1);
    // Placeholders match by their title.
    model.setFilterText(QStringLiteral("gamma"));
    model.applyPendingFilterNow();
    REQUIRE(model.rowCount() == 1);
    CHECK(model.nodeKind(model.index(0, 0)) == Kind::Placeholder);
    CHECK(model.rowCount(model.index(0, 0)) == 1); // contact 3 names "Gamma Inc" as its parent

    // A newer text replaces a running search.
    applied.clear();
    model.setFilterText(QStringLiteral("contact"));
    model.setFilterText(QStringLiteral("deal"));
    REQUIRE(waitFor([&] { return applied.count() >= 1; }, 5000));
    CHECK(applied.count() == 1);
    CHECK(model.appliedFilter() == QStringLiteral("deal"));
    CHECK(model.visibleItemCount() == 1);

    // Rows streamed while filtered: matching ones appear (with their ancestors), others not.
    model.addRows(rows({deal(2, QStringLiteral("888"), 5, QStringLiteral("New")), contact(9)}, p));
    CHECK(model.visibleItemCount() == 2);
    CHECK(model.itemCount() == 7);
    CHECK(model.rowCount() == 2); // Company B, placeholder 888
    // An update that stops matching hides the row and its emptied ancestor.
    desk::IntegrationItem renamed = deal(2, QStringLiteral("888"), 5, QStringLiteral("New"));
    renamed.name = QStringLiteral("Renamed");
    model.addRows(rows({renamed}, p));
    CHECK(model.visibleItemCount() == 1);
    CHECK(model.rowCount() == 1);
    model.removeRows({{QStringLiteral("deals"), QStringLiteral("9001")}});
    CHECK(model.visibleItemCount() == 0);
    CHECK(model.rowCount() == 0);

    model.setFilterText(QStringLiteral("no such thing"));
    model.applyPendingFilterNow();
    CHECK(model.rowCount() == 0);
    CHECK(model.visibleItemCount() == 0);
    model.setFilterText(QString()); // clearing is immediate
    CHECK(model.appliedFilter().isEmpty());
    CHECK(model.visibleItemCount() == model.itemCount());
    CHECK(model.itemCount() == 6);
    CHECK(checkTree(model) == model.itemCount() + 3); // + placeholders 777, 888, "No company"
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("The row store's key index finds every row while it grows a few slots at a time",
          "[model][rows]")
{
    desk::tree::RowStore rows;
    auto row = [](int n) {
        ItemRow r;
        r.type = n % 3 ? QStringLiteral("contacts") : QStringLiteral("deals");
        r.id = QString::number(n);
        r.name = QStringLiteral("Row %1").arg(n);
        return r;
    };
    auto key = [&](int n) { return ItemKey{row(n).type, row(n).id}; };
    std::vector<int> ids;
    for (int n = 0; n < 40000; ++n) {
        bool existed = true;
        ids.push_back(rows.put(row(n), &existed));
        CHECK_FALSE(existed);
        if (n % 101 == 0) { // lookups, updates and removals while the index grows
            if ((n / 2 + 1) % 97 != 0)
                REQUIRE(rows.find(key(n / 2)) == ids[size_t(n / 2)]);
            CHECK(rows.find(key(n + 1)) == -1);
            if ((n / 3 + 1) % 97 != 0) { // not one removed below
                CHECK(rows.put(row(n / 3), &existed) == ids[size_t(n / 3)]);
                CHECK(existed);
            }
        }
        if (n % 97 == 0 && n > 0)
            rows.remove(ids[size_t(n - 1)]);
    }
    int found = 0;
    for (int n = 0; n < 40000; ++n) {
        const bool removed = (n + 1) % 97 == 0;
        CHECK(rows.find(key(n)) == (removed ? -1 : ids[size_t(n)]));
        found += rows.find(key(n)) >= 0;
    }
    CHECK(found == rows.liveCount());
    bool existed = true;
    const int again = rows.put(row(96), &existed); // removed earlier: a new row
    CHECK_FALSE(existed);
    CHECK(rows.find(key(96)) == again);
    CHECK(again != ids[96]);
}

TEST_CASE("A narrowing filter tests the earlier matches only, and sees rows that arrive or "
          "change meanwhile",
          "[model][filter]")
{
    CHECK(desk::tree::RowFilter::narrows({"ze"}, {"z"}));
    CHECK(desk::tree::RowFilter::narrows({"acme", "contact"}, {"tact"}));
    CHECK_FALSE(desk::tree::RowFilter::narrows({"z"}, {"ze"}));
    CHECK_FALSE(desk::tree::RowFilter::narrows({"ze"}, {"z", "q"}));
    CHECK_FALSE(desk::tree::RowFilter::narrows({"ze"}, {}));

    // The same rows and changes in two models: one typed "contact 0001" then
    // "contact 00012", the other given "contact 00012" at once (a full search).
    ItemTreeModel narrowed, direct;
    for (ItemTreeModel *model : {&narrowed, &direct}) {
        model->setPresentation(crm());
        model->setView(QStringLiteral("association:companies"));
    }
    Testers testers(&narrowed);
    const ItemPresentation &p = narrowed.presentation();
    narrowed.addRows(mixed(0, 3000, p));
    narrowed.setFilterText(QStringLiteral("contact 0001"));
    narrowed.applyPendingFilterNow();
    const int wider = narrowed.visibleItemCount();
    CHECK(wider > 0);

    QSignalSpy applied(&narrowed, &ItemTreeModel::filterApplied);
    narrowed.setFilterText(QStringLiteral("contact 00012"));
    // Meanwhile: new rows that match, a row the wider filter hid renamed to
    // match, a matching row renamed not to, one removed.
    // Both words of "contact 00012" at first: contacts 12 ("000012"), 120, 121, 124, 125,
    // 128 and 129.
    desk::IntegrationItem late = contact(12999), late2 = contact(12998), renamedIn = contact(2001),
                          renamedOut = contact(121);
    late.name = QStringLiteral("Contact 000125 late");
    late2.name = QStringLiteral("Contact 000129 b");
    renamedIn.name = QStringLiteral("Contact 000123 again");
    renamedOut.name = QStringLiteral("Someone else");
    const RowBatch changes = rows({late, late2, renamedIn, renamedOut}, p) + mixed(12000, 40, p);
    const QVector<ItemKey> gone{{QStringLiteral("contacts"), QString::number(1000 + 124)}};
    narrowed.addRows(changes);
    narrowed.removeRows(gone);
    REQUIRE(waitFor([&] { return applied.count() == 1; }, 5000));
    CHECK(narrowed.appliedFilter() == QStringLiteral("contact 00012"));

    direct.addRows(mixed(0, 3000, p));
    direct.addRows(changes);
    direct.removeRows(gone);
    direct.setFilterText(QStringLiteral("contact 00012"));
    direct.applyPendingFilterNow();
    CHECK(direct.visibleItemCount() == 7 + 3 - 2);
    CHECK(narrowed.visibleItemCount() == direct.visibleItemCount());
    CHECK(checkTree(narrowed) == checkTree(direct));
    for (const int n : {2001, 12999, 12998, 120})
        CHECK(
            narrowed.indexOfItem(QStringLiteral("contacts"), QString::number(1000 + n)).isValid());
    for (const int n : {121, 124, 130})
        CHECK_FALSE(
            narrowed.indexOfItem(QStringLiteral("contacts"), QString::number(1000 + n)).isValid());
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("The view's bulk layout makes the rows QTreeView's own layout makes", "[model][view]")
{
    ItemTreeModel model;
    model.setPresentation(hierarchy());
    model.setView(QStringLiteral("parent"));
    Testers testers(&model);
    desk::ItemBatch batch;
    const QString pages = QStringLiteral("pages");
    for (int i = 0; i < 30; ++i) {
        const QString parent = i < 5 ? QString() : QString::number(i / 5 - 1 + (i % 2) * 2);
        batch.append(treeItem(pages, QString::number(i), parent.isEmpty() ? QString() : pages,
                              parent, QStringLiteral("Page %1").arg(i)));
    }
    batch.append(treeItem(QStringLiteral("bases"), QStringLiteral("b1")));
    batch.append(treeItem(QStringLiteral("tables"), QStringLiteral("t1"), QStringLiteral("bases"),
                          QStringLiteral("b1"))); // lazy: a stub row below it
    batch.append(treeItem(pages, QStringLiteral("orphan"), pages, QStringLiteral("missing")));
    model.addRows(rows(batch, model.presentation()));

    desk::ItemTreeView view;
    view.setUniformRowHeights(true);
    view.resize(600, 900);
    view.setModel(&model);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    view.expandAll();
    view.collapse(model.indexOfItem(pages, QStringLiteral("2"))); // collapsed with children
    view.expand(model.indexOfItem(pages, QStringLiteral("2")).parent());

    struct Row
    {
        QString key;
        int y, x;
        bool expanded;
        bool operator==(const Row &o) const
        {
            return key == o.key && y == o.y && x == o.x && expanded == o.expanded;
        }
    };
    auto layOut = [&](bool bulk) {
        view.setBulkLayoutEnabled(bulk);
        view.doItemsLayout();
        CHECK(view.lastLayoutWasFast() == (bulk && desk::ItemTreeView::bulkLayoutAvailable()));
        std::vector<Row> list;
        for (QModelIndex i = model.index(0, 0); i.isValid(); i = view.indexBelow(i)) {
            const QRect r = view.visualRect(i);
            list.push_back({model.nodeKey(i), r.y(), r.x(), view.isExpanded(i)});
        }
        return std::make_pair(list, view.grab().toImage());
    };
    const auto [qtRows, qtImage] = layOut(false);
    const auto [bulkRows, bulkImage] = layOut(true);
    CAPTURE(qtRows.size());
    CHECK(qtRows.size() > 20);
    CHECK(bulkRows == qtRows);
    CHECK(bulkImage == qtImage); // arrows, indentation and branches alike

    // After a re-sort and a filter too.
    model.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    const auto [qtSorted, qtSortedImage] = layOut(false);
    const auto [bulkSorted, bulkSortedImage] = layOut(true);
    CHECK(bulkSorted == qtSorted);
    CHECK(bulkSortedImage == qtSortedImage);
    CHECK_FALSE(bulkSorted == bulkRows);
    model.setFilterText(QStringLiteral("page 1"));
    model.applyPendingFilterNow();
    const auto [qtFiltered, qtFilteredImage] = layOut(false);
    const auto [bulkFiltered, bulkFilteredImage] = layOut(true);
    CHECK(bulkFiltered == qtFiltered);
    CHECK(bulkFilteredImage == qtFilteredImage);
    CHECK(bulkFiltered.size() < bulkSorted.size());
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Scattered changes over many rows repaint what the view shows", "[model][view]")
{
    ItemTreeModel model;
    model.setPresentation(hierarchy());
    model.setView(QStringLiteral("parent"));
    Testers testers(&model);
    const QString pages = QStringLiteral("pages");
    desk::ItemBatch batch;
    for (int i = 0; i < 2000; ++i)
        batch.append(treeItem(pages, QString::number(i), {}, {},
                              QStringLiteral("Page %1").arg(i, 4, 10, QLatin1Char('0'))));
    model.addRows(rows(batch, model.presentation()));
    model.sort(ItemTreeModel::NameColumn, Qt::AscendingOrder);

    desk::ItemTreeView view;
    view.setUniformRowHeights(true);
    view.resize(600, 400);
    view.setModel(&model);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    QTest::qWait(50);
    QApplication::processEvents();
    struct PaintCounter : QObject
    {
        int paints = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            paints += event->type() == QEvent::Paint;
            return false;
        }
    } counter;
    view.viewport()->installEventFilter(&counter);

    // The first row and one far below it change: one range over most rows.
    desk::ItemBatch changed{
        treeItem(pages, QStringLiteral("0"), {}, {}, QStringLiteral("Page 0000 renamed")),
        treeItem(pages, QStringLiteral("1900"), {}, {}, QStringLiteral("Page 1900 renamed"))};
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    model.updateRows(rows(changed, model.presentation()));
    REQUIRE(spy.size() == 1);
    const auto top = spy.at(0).at(0).value<QModelIndex>();
    const auto bottom = spy.at(0).at(1).value<QModelIndex>();
    CHECK(bottom.row() - top.row() >= desk::ItemTreeView::kWideChangeRows); // the wide path
    CHECK(model.data(model.index(0, 0)).toString() == QStringLiteral("Page 0000 renamed"));
    REQUIRE(waitFor([&] { return counter.paints > 0; }, 2000)); // repainted with its new name
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Stable keys find rows again, and selection and expansion survive a view switch and a "
          "re-sort",
          "[model][keys]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    model.setView(QStringLiteral("association:companies"));
    Testers testers(&model);
    const ItemPresentation &p = model.presentation();
    model.addRows(rows({company(1), contact(1, QStringLiteral("501")), contact(2),
                        contact(3, QStringLiteral("502"), QStringLiteral("Delta"))},
                       p));
    desk::ItemTreeView view;
    view.setModel(&model);
    view.show();

    const QModelIndex companyB =
        model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"));
    const QModelIndex none = topLevel(model, QStringLiteral("No company"));
    const QModelIndex delta = topLevel(model, QStringLiteral("Delta"));
    CHECK(model.nodeKey(none) == QStringLiteral("none:association:companies"));
    for (const QModelIndex &index : {companyB, none, delta})
        CHECK(model.indexOfNodeKey(model.nodeKey(index)) == index);
    CHECK(model.nodeKey(companyB) == QStringLiteral("item:companies\x1f"
                                                    "501"));

    // A re-sort keeps the view's expanded and selected rows (persistent indexes).
    view.expand(companyB);
    const QModelIndex c1 = model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001"));
    view.selectionModel()->setCurrentIndex(c1, QItemSelectionModel::ClearAndSelect |
                                                   QItemSelectionModel::Rows);
    model.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    CHECK(view.isExpanded(model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))));
    CHECK(view.currentIndex() ==
          model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")));

    // A view switch (model reset): restored by key where the rows still exist.
    const desk::ItemTreeView::State state = view.saveState();
    CHECK(state.expanded.contains(QStringLiteral("item:companies\x1f"
                                                 "501")));
    model.setView(ItemTreeModel::byTypeView());
    view.restoreState(state);
    CHECK(view.currentIndex() ==
          model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")));
    CHECK(view.selectionModel()->isRowSelected(view.currentIndex().row(),
                                               view.currentIndex().parent()));
    view.expand(topLevel(model, QStringLiteral("Contacts")));
    const desk::ItemTreeView::State byType = view.saveState();
    model.setView(QStringLiteral("association:companies"));
    view.restoreState(state);
    CHECK(view.isExpanded(model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))));
    model.setView(ItemTreeModel::byTypeView());
    view.restoreState(byType);
    CHECK(view.isExpanded(topLevel(model, QStringLiteral("Contacts"))));
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Deferred inserts store rows at once and place them in slices", "[model]")
{
    ItemTreeModel model;
    model.setPresentation(crm());
    Testers testers(&model);
    model.setDeferInserts(true);
    model.addRows(mixed(0, 2000, model.presentation()));
    CHECK(model.itemCount() == 2000);
    CHECK(model.pendingRows() == 2000);
    CHECK(model.rowCount() == 0);
    CHECK(model.itemRow(ItemKey{QStringLiteral("contacts"), QStringLiteral("1000")}).has_value());
    // An update of a pending row and a removal before it is placed.
    desk::IntegrationItem renamed = contact(0);
    renamed.name = QStringLiteral("Renamed");
    model.addRows(rows({renamed}, model.presentation()));
    model.removeRows({{QStringLiteral("tickets"), QStringLiteral("7003")}});
    while (!model.insertPending(1)) {
    }
    CHECK(model.pendingRows() == 0);
    CHECK(model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1000")).data().toString() ==
          QStringLiteral("Renamed"));
    CHECK_FALSE(model.indexOfItem(QStringLiteral("tickets"), QStringLiteral("7003")).isValid());
    CHECK(checkTree(model) == 1999 + 3); // + Contacts, Deals, Tickets
    CHECK(testers.messages.messages().isEmpty());
}

TEST_CASE("Every view streams a large load, sorted and filtered, consistently", "[model]")
{
    for (const QString &view :
         {ItemTreeModel::byTypeView(), QStringLiteral("association:companies")}) {
        INFO(view.toStdString());
        ItemTreeModel model;
        model.setPresentation(crm());
        model.setView(view);
        model.sort(model.createdColumn(), Qt::DescendingOrder);
        Testers testers(&model);
        model.setFilterText(QStringLiteral("contact1"));
        model.applyPendingFilterNow();
        for (int b = 0; b < 30; ++b) {
            desk::ItemBatch batch;
            for (int i = 0; i < 100; ++i) {
                const int n = b * 100 + i;
                batch.append(contact(n, n % 5 ? QString::number(500 + n % 40) : QString()));
            }
            if (b % 3 == 0)
                for (int c = b; c < b + 3 && c < 40; ++c)
                    batch.append(company(c));
            model.addRows(rows(batch, model.presentation()));
        }
        CHECK(model.countOfType(QStringLiteral("contacts")) == 3000);
        CHECK(model.visibleItemCount() == 1111); // contact1, contact10..19, 100..199, 1000..1999
        checkTree(model);
        model.setFilterText(QString());
        model.sort(ItemTreeModel::NameColumn);
        CHECK(checkTree(model) >= 3000);
        CHECK(testers.messages.messages().isEmpty());
    }
}
