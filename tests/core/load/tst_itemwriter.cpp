// ItemWriter: JSON, JSONL, CSV and tree output.
#include <catch2/catch.hpp>

#include "items/itemexport.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

using namespace desk;

namespace {
IntegrationItem make(const QString &type, const QString &id, const QString &name,
                     const QString &parent = {})
{
    IntegrationItem item;
    item.type = type;
    item.id = id;
    item.name = name;
    if (!parent.isEmpty()) {
        item.parentId = parent;
        item.parentType = QStringLiteral("companies");
    }
    return item;
}

ItemBatch sample()
{
    IntegrationItem contact = make(QStringLiteral("contacts"), QStringLiteral("1"),
                                   QStringLiteral("Ada, \"the\" first"), QStringLiteral("77"));
    contact.properties.insert(QStringLiteral("email"), QStringLiteral("ada@x"));
    contact.associations.insert(QStringLiteral("companies"),
                                {QStringLiteral("77"), QStringLiteral("78")});
    IntegrationItem company =
        make(QStringLiteral("companies"), QStringLiteral("77"), QStringLiteral("Acme"));
    company.properties.insert(QStringLiteral("domain"), QStringLiteral("acme.test"));
    IntegrationItem orphan =
        make(QStringLiteral("deals"), QStringLiteral("5"), QStringLiteral("Line\nbreak"));
    return {contact, company, orphan};
}

QByteArray write(ItemWriter::Format format, const QVector<ItemBatch> &batches)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ItemWriter writer(buffer, format);
    for (const ItemBatch &batch : batches)
        writer.write(batch);
    REQUIRE(writer.finish());
    return buffer.data();
}
} // namespace

TEST_CASE("Format names", "[writer]")
{
    CHECK(ItemWriter::formatFromName(QStringLiteral("JSON")) == ItemWriter::Format::Json);
    CHECK(ItemWriter::formatFromName(QStringLiteral("jsonl")) == ItemWriter::Format::Jsonl);
    CHECK(ItemWriter::formatFromName(QStringLiteral("csv")) == ItemWriter::Format::Csv);
    CHECK(ItemWriter::formatFromName(QStringLiteral("tree")) == ItemWriter::Format::Tree);
    CHECK_FALSE(ItemWriter::formatFromName(QStringLiteral("xml")).has_value());
}

TEST_CASE("JSON output is one array of items, also when empty or streamed", "[writer]")
{
    const ItemBatch items = sample();
    const QByteArray streamed =
        write(ItemWriter::Format::Json, {items.mid(0, 1), {}, items.mid(1)});
    const QJsonDocument document = QJsonDocument::fromJson(streamed);
    REQUIRE(document.isArray());
    REQUIRE(document.array().size() == 3);
    CHECK(IntegrationItem::fromJson(document.array().at(0).toObject()).name == items.at(0).name);
    CHECK(streamed == ItemWriter::toJson(items));
    CHECK(QJsonDocument::fromJson(write(ItemWriter::Format::Json, {})).array().isEmpty());
}

TEST_CASE("JSONL output is one object per line", "[writer]")
{
    const QByteArray out = write(ItemWriter::Format::Jsonl, {sample()});
    const QList<QByteArray> lines = out.trimmed().split('\n');
    REQUIRE(lines.size() == 3);
    for (const QByteArray &line : lines)
        CHECK(QJsonDocument::fromJson(line).isObject());
    CHECK(IntegrationItem::fromJson(QJsonDocument::fromJson(lines.at(2)).object()).name ==
          QStringLiteral("Line\nbreak"));
}

TEST_CASE("CSV output quotes, flattens properties and associations", "[writer]")
{
    const QByteArray out = write(ItemWriter::Format::Csv, {sample()});
    const QList<QByteArray> lines = out.split('\n');
    CHECK(lines.at(0).trimmed() ==
          "id,type,name,parentId,parentType,parentName,created,modified,url,"
          "associations.companies,properties.email,properties.domain");
    CHECK(lines.at(1).startsWith(
        "1,contacts,\"Ada, \"\"the\"\" first\",77,companies,,,,,77;78,ada@x,"));
    CHECK(lines.at(2).startsWith("77,companies,Acme,,,,,,,,,acme.test"));
    CHECK(out.contains("\"Line\nbreak\""));
}

TEST_CASE("Tree output nests children under their company and fills parent names", "[writer]")
{
    ItemBatch items = sample();
    ItemWriter::resolveParentNames(items);
    CHECK(items.at(0).parentName == QStringLiteral("Acme"));
    const QByteArray tree = write(ItemWriter::Format::Tree, {sample()});
    const QList<QByteArray> lines = tree.split('\n');
    REQUIRE(lines.size() >= 3);
    CHECK(lines.at(0) == "Acme  [companies 77]");
    CHECK(lines.at(1).contains("[contacts 1]"));
    CHECK(lines.at(1).startsWith("└─ "));
    CHECK(lines.at(2).startsWith("Line"));
}

TEST_CASE("CSV output adds label columns and a problems column only when there are any", "[writer]")
{
    ItemBatch items = sample();
    items[0].properties.insert(QStringLiteral("owner"), QStringLiteral("101"));
    items[0].labels.insert(QStringLiteral("owner"), QStringLiteral("Ann Lee"));
    items[2].problems = {QStringLiteral("The owner's name could not be read.")};
    const QByteArray out = write(ItemWriter::Format::Csv, {items});
    const QList<QByteArray> lines = out.split('\n');
    CHECK(lines.at(0).trimmed().endsWith(
        ",properties.email,properties.owner,properties.domain,labels.owner,problems"));
    CHECK(lines.at(1).trimmed().endsWith(",ada@x,101,,Ann Lee,"));
    CHECK(lines.at(2).trimmed().endsWith(",acme.test,,"));
    CHECK(out.contains("The owner's name could not be read."));
    // JSON carries them too, under their member names.
    const QJsonObject first =
        QJsonDocument::fromJson(ItemWriter::toJson(items)).array().at(0).toObject();
    CHECK(first.value(QStringLiteral("labels")).toObject().value(QStringLiteral("owner")) ==
          QStringLiteral("Ann Lee"));
}
