// Test items, presentation and helpers for the store tests.
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace desk::storetest {

ItemPresentation presentation()
{
    ItemPresentation p;
    p.types = {{QStringLiteral("companies"), QStringLiteral("Companies"), {}, true, false},
               {QStringLiteral("contacts"), QStringLiteral("Contacts"), {}, false, false},
               {QStringLiteral("tables"), QStringLiteral("Tables"), {}, true, true},
               {QStringLiteral("records"), QStringLiteral("Records"), QStringLiteral("tables"),
                false, false},
               {QStringLiteral("pages"), QStringLiteral("Pages"), {}, true, false}};
    ValueColumn email;
    email.title = QStringLiteral("Email / Status");
    email.propertyByType = {{QStringLiteral("contacts"), QStringLiteral("email")},
                            {QStringLiteral("records"), QStringLiteral("Tags")},
                            {QStringLiteral("pages"), QStringLiteral("Status")}};
    ValueColumn owner;
    owner.title = QStringLiteral("Owner");
    owner.propertyByType = {{QStringLiteral("contacts"), QStringLiteral("hubspot_owner_id")}};
    ValueColumn parent;
    parent.title = QStringLiteral("Parent");
    parent.parentName = true;
    p.columns = {email, owner, parent};
    p.groupings = {{QStringLiteral("association:companies"), QStringLiteral("By company"),
                    QStringLiteral("companies"), QStringLiteral("No company")}};
    p.hierarchy = true;
    p.webAppName = QStringLiteral("Test");
    return p;
}

IntegrationItem contact(int n)
{
    IntegrationItem item;
    item.id = QString::number(1000 + n);
    item.type = QStringLiteral("contacts");
    item.name = QStringLiteral("Ada Lovelace %1").arg(n);
    item.created = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    item.modified = QDateTime(QDate(2025, 6, 7), QTime(8, 9, 10, 11), Qt::OffsetFromUTC, 7200);
    item.url =
        QUrl(QStringLiteral("https://app.example.test/contacts/123/record/0-1/%1").arg(1000 + n));
    item.properties = {{QStringLiteral("email"), QStringLiteral("ada%1@example.test").arg(n)},
                       {QStringLiteral("firstname"), QStringLiteral("Ada")},
                       {QStringLiteral("lastname"), QStringLiteral("Lovelace ünicode ✓")},
                       {QStringLiteral("phone"), QVariant()},
                       {QStringLiteral("hubspot_owner_id"), QStringLiteral("77")}};
    item.labels = {{QStringLiteral("hubspot_owner_id"), QStringLiteral("Grace Hopper")},
                   {QStringLiteral("lifecyclestage"), QStringLiteral("Lead")}};
    item.associations = {
        {QStringLiteral("companies"), {QStringLiteral("501"), QStringLiteral("502")}},
        {QStringLiteral("deals"), {QStringLiteral("9001")}}};
    return item;
}

IntegrationItem company(int n)
{
    IntegrationItem item;
    item.id = QString::number(500 + n);
    item.type = QStringLiteral("companies");
    item.name = QStringLiteral("Analytical Engines %1").arg(n);
    item.properties = {{QStringLiteral("domain"), QStringLiteral("engines%1.test").arg(n)}};
    return item;
}

IntegrationItem record(int n)
{
    IntegrationItem item;
    item.id = QStringLiteral("rec%1").arg(n, 14, 10, QLatin1Char('0'));
    item.type = QStringLiteral("records");
    item.name = QStringLiteral("Launch plan %1").arg(n);
    item.parentId = QStringLiteral("tblAAAAAAAAAAAAAA");
    item.parentType = QStringLiteral("tables");
    item.parentName = QStringLiteral("Projects");
    item.created = QDateTime(QDate(2023, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    item.url = QUrl(
        QStringLiteral("https://airtable.example.test/appX/tblAAAAAAAAAAAAAA/%1").arg(item.id));
    item.properties = {
        {QStringLiteral("Name"), item.name},
        {QStringLiteral("Tags"), QStringList{QStringLiteral("urgent"), QStringLiteral("q3")}},
        {QStringLiteral("Empty list"), QStringList{}},
        {QStringLiteral("Notes"), QStringLiteral("line one\nline two, \"quoted\"")},
        {QStringLiteral("Blank"), QVariant()}};
    return item;
}

IntegrationItem page(int n)
{
    IntegrationItem item;
    item.id = QStringLiteral("8f2d%1-1c3b-4c2a-9a3e-5b1a2c3d4e5f").arg(n, 4, 10, QLatin1Char('0'));
    item.type = QStringLiteral("pages");
    item.name = QStringLiteral("Meeting notes %1").arg(n);
    item.parentId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    item.parentType = QStringLiteral("pages");
    item.parentName = QStringLiteral("Team wiki");
    item.created = QDateTime(QDate(2022, 2, 2), QTime(2, 2), Qt::UTC);
    item.modified = QDateTime(QDate(2022, 3, 3), QTime(3, 3), Qt::UTC);
    item.url = QUrl(QStringLiteral("https://www.notion.example.test/Meeting-notes-%1").arg(n));
    item.properties = {
        {QStringLiteral("Status"), QStringLiteral("Done")},
        {QStringLiteral("Attendees"), QStringList{QStringLiteral("Ada"), QStringLiteral("Grace")}}};
    item.problems = {QStringLiteral("The parent page could not be read."),
                     QStringLiteral("Only 100 of 250 blocks were read.")};
    return item;
}

void checkSameItem(const IntegrationItem &actual, const IntegrationItem &expected)
{
    CHECK(actual.id == expected.id);
    CHECK(actual.type == expected.type);
    CHECK(actual.name == expected.name);
    CHECK(actual.parentId == expected.parentId);
    CHECK(actual.parentType == expected.parentType);
    CHECK(actual.parentName == expected.parentName);
    CHECK(actual.created == expected.created);
    CHECK(actual.created.isValid() == expected.created.isValid());
    CHECK(actual.modified == expected.modified);
    CHECK(actual.modified.isValid() == expected.modified.isValid());
    CHECK(actual.url == expected.url);
    CHECK(actual.properties.keys() == expected.properties.keys());
    for (auto it = expected.properties.cbegin(); it != expected.properties.cend(); ++it) {
        INFO("property " << it.key().toStdString());
        const QVariant value = actual.properties.value(it.key());
        CHECK(value.typeId() == it.value().typeId());
        CHECK(value == it.value());
    }
    CHECK(actual.labels == expected.labels);
    CHECK(actual.associations == expected.associations);
    CHECK(actual.problems == expected.problems);
}

StoreOptions options(const QString &directory)
{
    StoreOptions o;
    o.directory = directory;
    o.providerId = QStringLiteral("test");
    o.accountId = QStringLiteral("acct-1");
    o.presentation = presentation();
    return o;
}

std::unique_ptr<ItemStore> openStore(const QString &directory)
{
    auto opened = ItemStore::open(options(directory));
    INFO(opened.error().detail.toStdString());
    REQUIRE(opened.ok());
    INFO(opened.value().recovered.detail.toStdString());
    REQUIRE_FALSE(opened.value().recovered);
    return std::move(opened.value().store);
}

StorePage pageOf(const ItemBatch &items, const QVector<ItemKey> &removed)
{
    StorePage page;
    page.items = items;
    page.removed = removed;
    return page;
}

ItemBatch contacts(int first, int count)
{
    ItemBatch batch;
    for (int i = first; i < first + count; ++i)
        batch.append(contact(i));
    return batch;
}

QStringList sqlOnFile(const QString &databasePath, const QString &sql)
{
    QStringList out;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-probe"));
        db.setDatabaseName(databasePath);
        REQUIRE(db.open());
        QSqlQuery query(db);
        INFO(sql.toStdString());
        const bool ok = query.exec(sql);
        INFO(query.lastError().text().toStdString());
        REQUIRE(ok);
        while (query.next()) {
            QStringList fields;
            for (int i = 0; i < query.record().count(); ++i)
                fields << query.value(i).toString();
            out << fields.join(QLatin1Char('|'));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-probe"));
    return out;
}

} // namespace desk::storetest
