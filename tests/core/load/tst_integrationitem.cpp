// IntegrationItem <-> JSON.
#include <catch2/catch.hpp>

#include "items/integrationitem.h"

#include <QJsonArray>

using desk::IntegrationItem;

namespace {
IntegrationItem sample()
{
    IntegrationItem item;
    item.id = QStringLiteral("51");
    item.type = QStringLiteral("contacts");
    item.name = QStringLiteral("Ada Lovelace");
    item.parentId = QStringLiteral("77");
    item.parentType = QStringLiteral("companies");
    item.parentName = QStringLiteral("Acme");
    item.created = QDateTime(QDate(2024, 3, 5), QTime(10, 15, 30, 123), Qt::UTC);
    item.modified = QDateTime(QDate(2024, 4, 1), QTime(8, 0), Qt::UTC);
    item.url = QUrl(QStringLiteral("https://app.hubspot.com/contacts/1/record/0-1/51"));
    item.properties.insert(QStringLiteral("email"), QStringLiteral("ada@example.com"));
    item.properties.insert(QStringLiteral("phone"), QVariant());
    item.associations.insert(QStringLiteral("companies"),
                             {QStringLiteral("77"), QStringLiteral("78")});
    return item;
}
} // namespace

TEST_CASE("IntegrationItem JSON uses the member names", "[item]")
{
    const QJsonObject json = sample().toJson();
    const QStringList expected{
        QStringLiteral("id"),         QStringLiteral("type"),        QStringLiteral("name"),
        QStringLiteral("parentId"),   QStringLiteral("parentType"),  QStringLiteral("parentName"),
        QStringLiteral("created"),    QStringLiteral("modified"),    QStringLiteral("url"),
        QStringLiteral("properties"), QStringLiteral("associations")};
    QStringList keys = json.keys();
    QStringList sortedExpected = expected;
    keys.sort();
    sortedExpected.sort();
    CHECK(keys == sortedExpected);
    CHECK(json.value(QStringLiteral("created")).toString() ==
          QStringLiteral("2024-03-05T10:15:30.123Z"));
    CHECK_FALSE(json.contains(QStringLiteral("isContainer"))); // the presentation's business
    CHECK(json.value(QStringLiteral("properties"))
              .toObject()
              .value(QStringLiteral("phone"))
              .isNull());
    CHECK(json.value(QStringLiteral("associations"))
              .toObject()
              .value(QStringLiteral("companies"))
              .toArray()
              .size() == 2);
}

TEST_CASE("IntegrationItem survives a JSON round trip", "[item]")
{
    const IntegrationItem original = sample();
    const IntegrationItem copy = IntegrationItem::fromJson(original.toJson());
    CHECK(copy.id == original.id);
    CHECK(copy.type == original.type);
    CHECK(copy.name == original.name);
    CHECK(copy.parentId == original.parentId);
    CHECK(copy.parentType == original.parentType);
    CHECK(copy.parentName == original.parentName);
    CHECK(copy.created == original.created);
    CHECK(copy.modified == original.modified);
    CHECK(copy.url == original.url);
    CHECK(copy.properties.value(QStringLiteral("email")) ==
          original.properties.value(QStringLiteral("email")));
    CHECK(copy.associations == original.associations);
}

TEST_CASE("IntegrationItem::fromJson tolerates missing fields and numeric ids", "[item]")
{
    const IntegrationItem item = IntegrationItem::fromJson(
        QJsonObject{{QStringLiteral("id"), 42}, {QStringLiteral("created"), QJsonValue::Null}});
    CHECK(item.id == QStringLiteral("42"));
    CHECK_FALSE(item.created.isValid());
    CHECK(item.url.isEmpty());
    CHECK(item.properties.isEmpty());
    const QJsonObject back = IntegrationItem().toJson();
    CHECK(back.value(QStringLiteral("created")).isNull());
    CHECK(back.value(QStringLiteral("url")).toString().isEmpty());
}
