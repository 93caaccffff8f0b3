#include <catch2/catch.hpp>

#include "itemfilterproxymodel.h"
#include "itemtreemodel.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

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
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
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
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
    CHECK(model.rowCount(model.indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))) ==
          2);

    CHECK(messages.messages().isEmpty());
}

TEST_CASE("Streaming a large load in both views keeps the model consistent", "[model]")
{
    ModelTestMessages messages;
    for (auto grouping : {ItemTreeModel::Grouping::ByType, ItemTreeModel::Grouping::ByParent}) {
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
    model.setGrouping(ItemTreeModel::Grouping::ByParent);
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
