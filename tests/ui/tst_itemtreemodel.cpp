#include <catch2/catch.hpp>

#include "itemfilterproxymodel.h"
#include "itemtreemodel.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTreeView>

using desk::ItemFilterProxyModel;
using desk::ItemTreeModel;
using desk::ItemTreeNode;
using namespace desktest;

namespace {

QModelIndex findTopLevel(const QAbstractItemModel &model, const QString &prefix)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data().toString().startsWith(prefix))
            return index;
    }
    return {};
}

QStringList childNames(const QAbstractItemModel &model, const QModelIndex &parent, int column = 0)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row)
        names.append(model.index(row, column, parent).data().toString());
    return names;
}

desk::ItemBatch mixedBatch(int first, int count)
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
    return batch;
}

} // namespace

TEST_CASE("By type view groups items with counts while streaming", "[model]")
{
    ModelTestMessages messages;
    ItemTreeModel model;
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(0);
    QAbstractItemModelTester tester(&model,
                                    QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);

    for (int batch = 0; batch < 10; ++batch)
        model.addItems(mixedBatch(batch * 40, 40));
    for (int c = 0; c < 10; ++c)
        model.addItems({company(c)});

    CHECK(resets.isEmpty());
    CHECK(inserts.count() >= 10);
    CHECK(model.itemCount() == 410);
    CHECK(model.countOfType(QStringLiteral("contacts")) == 200);
    CHECK(model.rowCount() == 4);

    const QModelIndex contacts = findTopLevel(model, QStringLiteral("Contacts"));
    REQUIRE(contacts.isValid());
    CHECK(contacts.data().toString() == QStringLiteral("Contacts (200)"));
    CHECK(model.rowCount(contacts) == 200);
    CHECK(findTopLevel(model, QStringLiteral("Companies")).data().toString() ==
          QStringLiteral("Companies (10)"));

    // Columns.
    const QModelIndex first = model.index(0, 0, contacts);
    CHECK(first.siblingAtColumn(ItemTreeModel::TypeColumn).data().toString() ==
          QStringLiteral("Contacts"));
    CHECK(first.siblingAtColumn(ItemTreeModel::EmailDomainColumn).data().toString() ==
          QStringLiteral("contact0@example.com"));
    CHECK(first.siblingAtColumn(ItemTreeModel::OwnerColumn).data().toString() ==
          QStringLiteral("Owner 0"));
    CHECK_FALSE(first.siblingAtColumn(ItemTreeModel::CreatedColumn).data().toString().isEmpty());
    const QModelIndex deals = findTopLevel(model, QStringLiteral("Deals"));
    CHECK(model.index(0, ItemTreeModel::AmountStageColumn, deals)
              .data()
              .toString()
              .contains(QStringLiteral("Qualified")));

    // Groups keep the provider's order in the proxy (Contacts, Companies, Deals, Tickets).
    CHECK(proxy.index(0, 0).data().toString().startsWith(QStringLiteral("Contacts")));
    CHECK(proxy.index(1, 0).data().toString().startsWith(QStringLiteral("Companies")));
    CHECK(proxy.index(3, 0).data().toString().startsWith(QStringLiteral("Tickets")));

    // Updating an existing item changes it in place.
    desk::IntegrationItem renamed = contact(0, QStringLiteral("500"));
    renamed.name = QStringLiteral("Renamed Person");
    model.addItems({renamed});
    CHECK(model.itemCount() == 410);
    CHECK(model.indexOfItem(QStringLiteral("contacts"), renamed.id).data().toString() ==
          QStringLiteral("Renamed Person"));

    CHECK(messages.messages().isEmpty());
}

TEST_CASE("By company view: placeholders, late companies, re-homing", "[model]")
{
    ModelTestMessages messages;
    ItemTreeModel model;
    model.setGrouping(ItemTreeModel::Grouping::ByCompany);
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(0);
    QAbstractItemModelTester tester(&model,
                                    QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);

    // Contacts stream in before their companies.
    model.addItems({contact(1, QStringLiteral("501"), QStringLiteral("Beta Ltd")),
                    contact(2, QStringLiteral("501")), contact(3),
                    deal(1, QStringLiteral("502"), 1500, QStringLiteral("Closed won"))});
    CHECK(model.rowCount() == 3); // placeholder 501, no-company group, placeholder 502
    QModelIndex beta =
        model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")).parent();
    REQUIRE(beta.isValid());
    CHECK(beta.data().toString() == QStringLiteral("Beta Ltd"));
    CHECK(beta.data(ItemTreeModel::NodeKindRole).toInt() ==
          int(ItemTreeNode::Kind::PlaceholderParent));
    CHECK(model.rowCount(beta) == 2);
    const QModelIndex noCompany = findTopLevel(model, QStringLiteral("No company"));
    REQUIRE(noCompany.isValid());
    CHECK(noCompany.data().toString() == QStringLiteral("No company (1)"));

    // The company arrives: the placeholder becomes it, children stay.
    model.addItems({company(1)});
    beta = model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"));
    REQUIRE(beta.isValid());
    CHECK_FALSE(beta.parent().isValid());
    CHECK(beta.data(ItemTreeModel::NodeKindRole).toInt() == int(ItemTreeNode::Kind::Item));
    CHECK(beta.data().toString() == QStringLiteral("Company B"));
    CHECK(model.rowCount(beta) == 2);
    CHECK(model.rowCount() == 3);

    // Contact 3 gets a company later: it moves out of "No company".
    model.addItems({contact(3, QStringLiteral("501"), QStringLiteral("Company B"))});
    CHECK(moves.count() == 1);
    CHECK(model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1003")).parent() == beta);
    CHECK(findTopLevel(model, QStringLiteral("No company")).data().toString() ==
          QStringLiteral("No company (0)"));
    CHECK(model.rowCount(beta) == 3);

    // ... and moves to a company never seen before (new placeholder first).
    model.addItems({contact(3, QStringLiteral("777"), QStringLiteral("Gamma"))});
    CHECK(moves.count() == 2);
    const QModelIndex gamma =
        model.indexOfItem(QStringLiteral("contacts"), QStringLiteral("1003")).parent();
    CHECK(gamma.data().toString() == QStringLiteral("Gamma"));

    // "No company" sorts last in both directions.
    model.addItems({contact(4)});
    proxy.sort(0, Qt::AscendingOrder);
    CHECK(proxy.index(proxy.rowCount() - 1, 0)
              .data()
              .toString()
              .startsWith(QStringLiteral("No company")));
    proxy.sort(0, Qt::DescendingOrder);
    CHECK(proxy.index(proxy.rowCount() - 1, 0)
              .data()
              .toString()
              .startsWith(QStringLiteral("No company")));

    CHECK(resets.isEmpty());

    // Switching views keeps every item.
    model.setGrouping(ItemTreeModel::Grouping::ByType);
    CHECK(model.itemCount() == 6);
    CHECK(findTopLevel(model, QStringLiteral("Contacts")).data().toString() ==
          QStringLiteral("Contacts (4)"));
    model.setGrouping(ItemTreeModel::Grouping::ByCompany);
    CHECK(model.rowCount(model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))) ==
          2);

    CHECK(messages.messages().isEmpty());
}

TEST_CASE("Streaming a large load in both views keeps the model consistent", "[model]")
{
    ModelTestMessages messages;
    for (auto grouping : {ItemTreeModel::Grouping::ByType, ItemTreeModel::Grouping::ByCompany}) {
        ItemTreeModel model;
        model.setGrouping(grouping);
        ItemFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(ItemTreeModel::CreatedColumn, Qt::DescendingOrder);
        proxy.setFilterText(QStringLiteral("contact1"));
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::Warning);
        // Companies trickle in between contacts.
        for (int b = 0; b < 30; ++b) {
            desk::ItemBatch batch;
            for (int i = 0; i < 100; ++i) {
                const int n = b * 100 + i;
                batch.append(contact(n, n % 5 ? QString::number(500 + n % 40) : QString()));
            }
            if (b % 3 == 0)
                for (int c = b; c < b + 3 && c < 40; ++c)
                    batch.append(company(c));
            model.addItems(batch);
        }
        CHECK(model.countOfType(QStringLiteral("contacts")) == 3000);
        proxy.setFilterText(QString());
        proxy.sort(0);
    }
    CHECK(messages.messages().isEmpty());
}

TEST_CASE("Sorting by name, date and amount", "[model]")
{
    ItemTreeModel model;
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    model.addItems({deal(3, {}, 200, QStringLiteral("B")), deal(1, {}, 1000, QStringLiteral("A")),
                    deal(2, {}, 30, QStringLiteral("C"))});
    const QModelIndex group = proxy.index(0, 0);

    proxy.sort(ItemTreeModel::NameColumn, Qt::AscendingOrder);
    CHECK(childNames(proxy, group) == QStringList{QStringLiteral("Deal 1"),
                                                  QStringLiteral("Deal 2"),
                                                  QStringLiteral("Deal 3")});
    proxy.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    CHECK(childNames(proxy, group) == QStringList{QStringLiteral("Deal 3"),
                                                  QStringLiteral("Deal 2"),
                                                  QStringLiteral("Deal 1")});
    // Numeric, not text: 30 < 200 < 1000.
    proxy.sort(ItemTreeModel::AmountStageColumn, Qt::AscendingOrder);
    CHECK(childNames(proxy, group) == QStringList{QStringLiteral("Deal 2"),
                                                  QStringLiteral("Deal 3"),
                                                  QStringLiteral("Deal 1")});
    proxy.sort(ItemTreeModel::CreatedColumn, Qt::DescendingOrder);
    CHECK(childNames(proxy, group) == QStringList{QStringLiteral("Deal 3"),
                                                  QStringLiteral("Deal 2"),
                                                  QStringLiteral("Deal 1")});

    // Rows inserted while sorted land in order.
    model.addItems({deal(0, {}, 5, QStringLiteral("Z"))});
    proxy.sort(ItemTreeModel::NameColumn, Qt::AscendingOrder);
    CHECK(childNames(proxy, group).first() == QStringLiteral("Deal 0"));
}

TEST_CASE("Recursive filtering keeps parents of matches", "[model]")
{
    ModelTestMessages messages;
    ItemTreeModel model;
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    model.addItems({contact(1, QStringLiteral("501"), QStringLiteral("Beta")), contact(2),
                    company(1), deal(1, QStringLiteral("501"), 10, QStringLiteral("Won"))});

    proxy.setFilterText(QStringLiteral("CONTACT2@example"));
    REQUIRE(proxy.rowCount() == 1);
    CHECK(proxy.index(0, 0).data().toString().startsWith(QStringLiteral("Contacts")));
    CHECK(childNames(proxy, proxy.index(0, 0)) == QStringList{QStringLiteral("Contact 000002")});

    // Every word must match, in any column.
    proxy.setFilterText(QStringLiteral("beta contact"));
    CHECK(proxy.rowCount() == 1);
    CHECK(childNames(proxy, proxy.index(0, 0)) == QStringList{QStringLiteral("Contact 000001")});

    // By company: the company row stays as the parent of the match.
    model.setGrouping(ItemTreeModel::Grouping::ByCompany);
    proxy.setFilterText(QStringLiteral("contact1@"));
    REQUIRE(proxy.rowCount() == 1);
    CHECK(proxy.index(0, 0).data().toString() == QStringLiteral("Company B"));
    CHECK(childNames(proxy, proxy.index(0, 0)) == QStringList{QStringLiteral("Contact 000001")});

    proxy.setFilterText(QStringLiteral("no such thing"));
    CHECK(proxy.rowCount() == 0);
    proxy.setFilterText(QString());
    CHECK(proxy.rowCount() == 2);
    CHECK(messages.messages().isEmpty());
}

// ---------------------------------------------------------------- By parent view

namespace {

using desk::Error;
using desk::IntegrationItem;
using desk::ItemBatch;

QModelIndex itemIndex(const ItemTreeModel &model, const QString &type, const QString &id)
{
    return model.indexOfItem(type, id);
}

// The (type, id) of the item a model index's parent row shows; empty for the top level.
QString parentIdOf(const ItemTreeModel &model, const QString &type, const QString &id)
{
    const QModelIndex parent = itemIndex(model, type, id).parent();
    if (!parent.isValid())
        return {};
    return parent.data(ItemTreeModel::ItemIdRole).toString();
}

int itemRows(const QAbstractItemModel &model, const QModelIndex &parent)
{
    int n = 0;
    for (int row = 0; row < model.rowCount(parent); ++row)
        if (model.index(row, 0, parent).data(ItemTreeModel::NodeKindRole).toInt() ==
            int(ItemTreeNode::Kind::Item))
            ++n;
    return n;
}

QModelIndex stubOf(const QAbstractItemModel &model, const QModelIndex &parent)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        if (child.data(ItemTreeModel::NodeKindRole).toInt() ==
            int(ItemTreeNode::Kind::ChildrenStub))
            return child;
    }
    return {};
}

// Records of Airtable-like tables come on demand, like AirtableLoader.
class FakeLoader : public desk::ItemLoader
{
    Q_OBJECT
public:
    void start(const desk::LoadRequest &) override {}
    void cancel() override {}
    bool canResume() const override { return false; }
    void resume() override {}
    bool canFetchChildren(const IntegrationItem &parent) const override
    {
        return parent.type == QLatin1String("tables");
    }
    void fetchChildren(const IntegrationItem &parent) override { fetches.append(parent.id); }

    void deliver(const QString &tableId, int first, int count)
    {
        ItemBatch batch;
        for (int i = first; i < first + count; ++i)
            batch.append(treeItem(QStringLiteral("records"),
                                  tableId + QStringLiteral("-rec%1").arg(i),
                                  QStringLiteral("tables"), tableId));
        Q_EMIT itemsReady(batch);
    }

    QStringList fetches;
};

} // namespace

TEST_CASE("By parent view: hierarchy, placeholders and re-homing while streaming", "[model]")
{
    ModelTestMessages messages;
    ItemTreeModel model;
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(0);
    QAbstractItemModelTester tester(&model,
                                    QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const QString bases = QStringLiteral("bases"), tables = QStringLiteral("tables"),
                  records = QStringLiteral("records"), pages = QStringLiteral("pages");

    // Children before their parents: they wait under placeholders at the top.
    model.addItems({treeItem(records, QStringLiteral("r1"), tables, QStringLiteral("t1")),
                    treeItem(tables, QStringLiteral("t2"), bases, QStringLiteral("b1"),
                             QStringLiteral("Table two"))});
    CHECK(model.rowCount() == 2);
    QModelIndex t1Placeholder = itemIndex(model, records, QStringLiteral("r1")).parent();
    REQUIRE(t1Placeholder.isValid());
    CHECK(t1Placeholder.data(ItemTreeModel::NodeKindRole).toInt() ==
          int(ItemTreeNode::Kind::PlaceholderParent));
    CHECK(t1Placeholder.data(ItemTreeModel::ItemTypeRole).toString() == tables);

    // The base arrives: it takes its placeholder's place with the same child.
    model.addItems({treeItem(bases, QStringLiteral("b1"), {}, {}, QStringLiteral("Base one"))});
    QModelIndex b1 = itemIndex(model, bases, QStringLiteral("b1"));
    REQUIRE(b1.isValid());
    CHECK_FALSE(b1.parent().isValid());
    CHECK(model.rowCount(b1) == 1);
    CHECK(parentIdOf(model, tables, QStringLiteral("t2")) == QStringLiteral("b1"));
    CHECK(model.rowCount() == 2); // b1 and the t1 placeholder

    // The table arrives: out of the top level, under its base, with its record.
    model.addItems({treeItem(tables, QStringLiteral("t1"), bases, QStringLiteral("b1"),
                             QStringLiteral("Table one"))});
    CHECK(model.rowCount() == 1);
    CHECK(parentIdOf(model, tables, QStringLiteral("t1")) == QStringLiteral("b1"));
    CHECK(parentIdOf(model, records, QStringLiteral("r1")) == QStringLiteral("t1"));
    CHECK(model.rowCount(b1) == 2);

    // A whole subtree in one batch, children first.
    model.addItems({treeItem(records, QStringLiteral("r3"), tables, QStringLiteral("t3")),
                    treeItem(tables, QStringLiteral("t3"), bases, QStringLiteral("b2")),
                    treeItem(bases, QStringLiteral("b2"))});
    CHECK(model.rowCount() == 2);
    CHECK(parentIdOf(model, records, QStringLiteral("r3")) == QStringLiteral("t3"));
    CHECK(parentIdOf(model, tables, QStringLiteral("t3")) == QStringLiteral("b2"));
    CHECK(parentIdOf(model, bases, QStringLiteral("b2")).isEmpty());

    // The same id under another type is another item: parentType decides.
    model.addItems({treeItem(pages, QStringLiteral("t1"), records, QStringLiteral("r1"))});
    CHECK(parentIdOf(model, pages, QStringLiteral("t1")) == QStringLiteral("r1"));

    // A parent that never arrives: the child stays at the top level under a
    // placeholder named as the child knows it ...
    IntegrationItem orphan = treeItem(pages, QStringLiteral("p9"), pages, QStringLiteral("gone"));
    orphan.parentName = QStringLiteral("Private page");
    model.addItems({treeItem(QStringLiteral("workspace"), QStringLiteral("workspace")), orphan});
    const QModelIndex privatePage = itemIndex(model, pages, QStringLiteral("p9")).parent();
    CHECK(privatePage.data().toString() == QStringLiteral("Private page"));
    CHECK_FALSE(privatePage.parent().isValid());
    const int topLevel = model.rowCount();
    // ... until it is re-delivered under another parent: moved, and the empty
    // placeholder goes away.
    orphan.parentId = QStringLiteral("workspace");
    orphan.parentType = QStringLiteral("workspace");
    model.addItems({orphan});
    CHECK(parentIdOf(model, pages, QStringLiteral("p9")) == QStringLiteral("workspace"));
    CHECK(model.rowCount() == topLevel - 1);

    // A parent cycle does not hang or lose items.
    model.addItems({treeItem(pages, QStringLiteral("x"), pages, QStringLiteral("y")),
                    treeItem(pages, QStringLiteral("y"), pages, QStringLiteral("x"))});
    CHECK(itemIndex(model, pages, QStringLiteral("x")).isValid());
    CHECK(itemIndex(model, pages, QStringLiteral("y")).isValid());
    model.addItems({treeItem(pages, QStringLiteral("z"), pages, QStringLiteral("z"))});
    CHECK_FALSE(itemIndex(model, pages, QStringLiteral("z")).parent().isValid());

    CHECK(resets.isEmpty());

    // Switching views and back rebuilds the same tree.
    const int items = model.itemCount();
    model.setGrouping(ItemTreeModel::Grouping::ByType);
    CHECK(findTopLevel(model, QStringLiteral("Records")).data().toString() ==
          QStringLiteral("Records (2)"));
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    CHECK(model.itemCount() == items);
    CHECK(parentIdOf(model, records, QStringLiteral("r1")) == QStringLiteral("t1"));
    CHECK(parentIdOf(model, tables, QStringLiteral("t1")) == QStringLiteral("b1"));
    CHECK(parentIdOf(model, pages, QStringLiteral("p9")) == QStringLiteral("workspace"));

    // Filtering keeps the path to a match.
    proxy.setFilterText(QStringLiteral("r3"));
    REQUIRE(proxy.rowCount() == 1);
    const QModelIndex b2 = proxy.index(0, 0);
    CHECK(b2.data(ItemTreeModel::ItemIdRole).toString() == QStringLiteral("b2"));
    REQUIRE(proxy.rowCount(b2) == 1);
    CHECK(proxy.rowCount(proxy.index(0, 0, b2)) == 1);
    proxy.setFilterText(QString());

    CHECK(messages.messages().isEmpty());
}

TEST_CASE("By parent view streams a large tree consistently", "[model]")
{
    ModelTestMessages messages;
    ItemTreeModel model;
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ItemTreeModel::NameColumn, Qt::DescendingOrder);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    // Pages whose parents come one batch later (every 7th never comes).
    const QString pages = QStringLiteral("pages");
    for (int b = 0; b < 20; ++b) {
        ItemBatch batch;
        for (int i = 0; i < 50; ++i) {
            const int n = b * 50 + i;
            const int parent = n + 50;
            batch.append(treeItem(pages, QString::number(n), pages,
                                  n % 7 == 0 ? QStringLiteral("missing") + QString::number(n)
                                             : QString::number(parent)));
        }
        model.addItems(batch);
    }
    CHECK(model.itemCount() == 1000);
    int atTop = 0;
    for (int n = 0; n < 1000; ++n) {
        const QString parent = parentIdOf(model, pages, QString::number(n));
        if (n % 7 == 0)
            CHECK(parent.startsWith(QStringLiteral("missing")));
        else if (n + 50 < 1000)
            CHECK(parent == QString::number(n + 50));
        else
            ++atTop; // parent never loaded: under its placeholder
    }
    CHECK(atTop > 0);
    proxy.setFilterText(QStringLiteral("pages 99"));
    CHECK(proxy.rowCount() > 0);
    CHECK(messages.messages().isEmpty());
}

TEST_CASE("Lazy children: expand fetches once, rows stream in, failure and retry, filter never "
          "fetches",
          "[model][lazy]")
{
    ModelTestMessages messages;
    FakeLoader loader;
    ItemTreeModel model;
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    model.setColumnStyle(ItemTreeModel::ColumnStyle::Generic);
    model.setChildLoader(&loader);
    QObject::connect(&loader, &desk::ItemLoader::itemsReady, &model, &ItemTreeModel::addItems);
    ItemFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(0);
    // The testers walk every row (and would call fetchMore() if the model had it).
    QAbstractItemModelTester tester(&model,
                                    QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning);
    QTreeView view;
    view.setModel(&proxy);
    view.show();
    QSignalSpy finishedSpy(&model, &ItemTreeModel::childrenFetchFinished);

    const QString bases = QStringLiteral("bases"), tables = QStringLiteral("tables");
    model.addItems({treeItem(bases, QStringLiteral("b1"), {}, {}, QStringLiteral("Sales")),
                    treeItem(tables, QStringLiteral("t1"), bases, QStringLiteral("b1"),
                             QStringLiteral("Leads")),
                    treeItem(tables, QStringLiteral("t2"), bases, QStringLiteral("b1"),
                             QStringLiteral("Orders"))});
    QModelIndex t1 = itemIndex(model, tables, QStringLiteral("t1"));
    const QModelIndex t2 = itemIndex(model, tables, QStringLiteral("t2"));
    CHECK(model.childrenState(QStringLiteral("t1")) == ItemTreeModel::ChildrenState::NotLoaded);
    CHECK(model.hasChildren(t1)); // an expand arrow...
    CHECK(proxy.hasChildren(proxy.mapFromSource(t1)));
    CHECK(itemRows(model, t1) == 0); // ... over a stub row
    CHECK(stubOf(model, t1).data().toString().startsWith(QStringLiteral("Not loaded")));
    CHECK(model.canFetchChildren(t1));
    CHECK_FALSE(model.canFetchChildren(itemIndex(model, bases, QStringLiteral("b1"))));
    // Generic columns: Details and Parent instead of e-mail and amount.
    CHECK(model.headerData(ItemTreeModel::EmailDomainColumn, Qt::Horizontal).toString() ==
          QStringLiteral("Details"));
    CHECK(t1.siblingAtColumn(ItemTreeModel::AmountStageColumn).data().toString() ==
          QStringLiteral("Sales"));
    CHECK(t1.siblingAtColumn(ItemTreeModel::EmailDomainColumn)
              .data()
              .toString()
              .contains(QStringLiteral("note of t1")));

    // Filtering, expanding everything and the model testers never fetch.
    proxy.setFilterText(QStringLiteral("leads"));
    view.expandAll();
    proxy.setFilterText(QString());
    view.expandAll();
    view.collapseAll();
    CHECK(loader.fetches.isEmpty());
    CHECK(model.childrenState(QStringLiteral("t1")) == ItemTreeModel::ChildrenState::NotLoaded);

    // Expanding = fetchChildren(): once while loading.
    REQUIRE(model.fetchChildren(t1));
    CHECK(loader.fetches == QStringList{QStringLiteral("t1")});
    CHECK(model.childrenState(QStringLiteral("t1")) == ItemTreeModel::ChildrenState::Loading);
    CHECK(model.childFetchesRunning() == 1);
    CHECK(stubOf(model, t1).data().toString() == QStringLiteral("Loading\u2026"));
    CHECK_FALSE(model.fetchChildren(t1));
    CHECK_FALSE(model.fetchChildren(stubOf(model, t1)));
    CHECK(loader.fetches.size() == 1);

    // Rows stream in under the table; the stub stays until the end.
    loader.deliver(QStringLiteral("t1"), 0, 30);
    loader.deliver(QStringLiteral("t1"), 30, 20);
    CHECK(itemRows(model, t1) == 50);
    CHECK(stubOf(model, t1).isValid());
    // The stub is pinned after the records in both sort orders.
    const QModelIndex proxyT1 = proxy.mapFromSource(t1);
    CHECK(proxy.index(proxy.rowCount(proxyT1) - 1, 0, proxyT1).data(ItemTreeModel::NodeKindRole) ==
          int(ItemTreeNode::Kind::ChildrenStub));
    proxy.sort(0, Qt::DescendingOrder);
    CHECK(proxy.index(proxy.rowCount(proxyT1) - 1, 0, proxyT1).data(ItemTreeModel::NodeKindRole) ==
          int(ItemTreeNode::Kind::ChildrenStub));
    Q_EMIT loader.childrenFinished(QStringLiteral("t1"), Error());
    CHECK(model.childrenState(QStringLiteral("t1")) == ItemTreeModel::ChildrenState::Loaded);
    CHECK(model.childFetchesRunning() == 0);
    CHECK_FALSE(stubOf(model, t1).isValid());
    CHECK(model.rowCount(t1) == 50);
    REQUIRE(finishedSpy.size() == 1);
    CHECK_FALSE(finishedSpy.at(0).at(2).value<Error>().isError());
    // Loaded: never again.
    CHECK_FALSE(model.fetchChildren(t1));
    CHECK(loader.fetches.size() == 1);

    // A failure keeps what arrived, says so in the stub row; retry fetches again.
    REQUIRE(model.fetchChildren(t2));
    loader.deliver(QStringLiteral("t2"), 0, 2);
    Q_EMIT loader.childrenFinished(
        QStringLiteral("t2"), Error(Error::Kind::Network, QStringLiteral("Connection refused.")));
    CHECK(model.childrenState(QStringLiteral("t2")) == ItemTreeModel::ChildrenState::Failed);
    REQUIRE(finishedSpy.size() == 2);
    CHECK(finishedSpy.at(1).at(1).toString() == QStringLiteral("t2"));
    CHECK(finishedSpy.at(1).at(2).value<Error>().kind == Error::Kind::Network);
    CHECK(itemRows(model, t2) == 2);
    CHECK(stubOf(model, t2).data().toString().contains(QStringLiteral("Connection refused.")));
    CHECK(model.canFetchChildren(t2));
    REQUIRE(model.fetchChildren(stubOf(model, t2))); // the retry
    CHECK(loader.fetches ==
          (QStringList{QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t2")}));
    loader.deliver(QStringLiteral("t2"), 0, 3); // the first two again, replaced not added
    Q_EMIT loader.childrenFinished(QStringLiteral("t2"), Error());
    CHECK(model.rowCount(t2) == 3);
    CHECK(model.countOfType(QStringLiteral("records")) == 53);

    // Cancelled: back to "not loaded", fetchable again.
    model.addItems({treeItem(tables, QStringLiteral("t3"), bases, QStringLiteral("b1"))});
    const QModelIndex t3 = itemIndex(model, tables, QStringLiteral("t3"));
    REQUIRE(model.fetchChildren(t3));
    Q_EMIT loader.childrenFinished(QStringLiteral("t3"),
                                   Error(Error::Kind::Cancelled, QStringLiteral("Cancelled.")));
    CHECK(model.childrenState(QStringLiteral("t3")) == ItemTreeModel::ChildrenState::NotLoaded);
    CHECK(model.canFetchChildren(t3));

    // Other views have no stubs; the state survives switching back.
    model.setGrouping(ItemTreeModel::Grouping::ByType);
    CHECK(findTopLevel(model, QStringLiteral("Records")).data().toString() ==
          QStringLiteral("Records (53)"));
    CHECK(model.rowCount(itemIndex(model, tables, QStringLiteral("t3"))) == 0);
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    t1 = itemIndex(model, tables, QStringLiteral("t1"));
    CHECK(model.rowCount(t1) == 50);
    CHECK_FALSE(stubOf(model, t1).isValid());
    CHECK(stubOf(model, itemIndex(model, tables, QStringLiteral("t3"))).isValid());

    // Children that start() loaded (no fetch of ours): no stub, nothing to fetch.
    Q_EMIT loader.childrenFinished(QStringLiteral("t4"), Error());
    model.addItems({treeItem(tables, QStringLiteral("t4"), bases, QStringLiteral("b1"))});
    const QModelIndex t4 = itemIndex(model, tables, QStringLiteral("t4"));
    CHECK_FALSE(stubOf(model, t4).isValid());
    CHECK_FALSE(model.canFetchChildren(t4));

    CHECK(loader.fetches.size() == 4);
    CHECK(messages.messages().isEmpty());
}

#include "tst_itemtreemodel.moc"
