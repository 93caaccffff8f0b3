// HubSpot response parsers (strict structure, lenient values) and the mapping
// of records to IntegrationItem.
#include <catch2/catch.hpp>

#include "providers/hubspot/hubspotpage.h"
#include "providers/hubspot/hubspotspec.h"

using namespace desk;
using namespace desk::hubspot;

namespace {
QJsonDocument doc(const char *json)
{
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    REQUIRE(error.error == QJsonParseError::NoError);
    return document;
}
} // namespace

TEST_CASE("A well-formed list page is parsed with cursor, properties and associations", "[page]")
{
    const auto page = parseObjectPage(doc(R"({
        "results": [
          {"id": "51", "properties": {"firstname": "Ada", "lastname": null, "hs_object_id": "51"},
           "createdAt": "2024-03-05T10:15:30.123Z", "updatedAt": "2024-04-01T00:00:00Z", "archived": false,
           "associations": {"companies": {"results": [
               {"id": "77", "type": "contact_to_company_unlabeled"},
               {"id": "77", "type": "contact_to_company"},
               {"id": "78", "type": "contact_to_company_unlabeled"}]}}},
          {"id": 52, "properties": {"email": "b@example.com", "count": 3}}
        ],
        "paging": {"next": {"after": "53", "link": "https://x/y?after=53"}}
    })"));
    REQUIRE(page.ok());
    CHECK(page.value().nextAfter == QStringLiteral("53"));
    REQUIRE(page.value().results.size() == 2);
    const ObjectRecord &first = page.value().results.at(0);
    CHECK(first.id == QStringLiteral("51"));
    CHECK(first.properties.value(QStringLiteral("firstname")).toString() == QStringLiteral("Ada"));
    CHECK(first.properties.contains(QStringLiteral("lastname")));
    CHECK(first.properties.value(QStringLiteral("lastname")).isNull());
    CHECK(first.createdAt == QDateTime(QDate(2024, 3, 5), QTime(10, 15, 30, 123), Qt::UTC));
    CHECK(first.associations.value(QStringLiteral("companies")).size() == 3);
    const ObjectRecord &second = page.value().results.at(1);
    CHECK(second.id == QStringLiteral("52")); // numeric id accepted
    CHECK(second.properties.value(QStringLiteral("count")).toString() == QStringLiteral("3"));
}

TEST_CASE("The last page has no cursor, an empty page is valid", "[page]")
{
    const auto last = parseObjectPage(doc(R"({"results":[{"id":"1"}]})"));
    REQUIRE(last.ok());
    CHECK(last.value().nextAfter.isEmpty());
    const auto empty = parseObjectPage(doc(R"({"results":[]})"));
    REQUIRE(empty.ok());
    CHECK(empty.value().results.isEmpty());
    const auto nullPaging = parseObjectPage(doc(R"({"results":[],"paging":null})"));
    REQUIRE(nullPaging.ok());
}

TEST_CASE("Malformed pages are rejected as BadResponse, never half-read", "[page]")
{
    const char *cases[] = {
        R"([])",                                                        // not an object
        R"({})",                                                        // results missing
        R"({"results": {}})",                                           // results not an array
        R"({"results": [1, 2]})",                                       // entries not objects
        R"({"results": [{"properties": {}}]})",                         // id missing
        R"({"results": [{"id": ""}]})",                                 // empty id
        R"({"results": [{"id": true}]})",                               // id of the wrong type
        R"({"results": [{"id": "1", "properties": []}]})",              // properties not an object
        R"({"results": [{"id": "1", "properties": {"a": {"b": 1}}}]})", // nested value
        R"({"results": [{"id": "1", "associations": []}]})", // associations not an object
        R"({"results": [{"id": "1", "associations": {"companies": {"results": [{"type": "x"}]}}}]})",
        R"({"results": [], "paging": "next"})",       // paging of the wrong type
        R"({"results": [], "paging": {"next": {}}})", // next without a cursor
        R"({"results": [], "paging": {"next": {"after": {}}}})",
    };
    for (const char *json : cases) {
        INFO(json);
        const auto page = parseObjectPage(doc(json));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == Error::Kind::BadResponse);
        CHECK_FALSE(page.error().detail.isEmpty());
    }
    // A truncated body is not JSON at all: the parser sees a null document.
    const auto truncated =
        parseObjectPage(QJsonDocument::fromJson(QByteArray(R"({"results":[{"id":"1"},{"id)")));
    CHECK_FALSE(truncated.ok());
}

TEST_CASE("Owners, pipelines, search totals and v4 association batches are parsed", "[page]")
{
    const auto owners = parseOwnersPage(doc(R"({"results":[
        {"id":"101","firstName":"Ann","lastName":"Lee","email":"ann@x"},
        {"id":"102","firstName":"","lastName":"","email":"bob@x"}],
        "paging":{"next":{"after":"2"}}})"));
    REQUIRE(owners.ok());
    CHECK(owners.value().names.value(QStringLiteral("101")) == QStringLiteral("Ann Lee"));
    CHECK(owners.value().names.value(QStringLiteral("102")) == QStringLiteral("bob@x"));
    CHECK(owners.value().nextAfter == QStringLiteral("2"));
    CHECK_FALSE(parseOwnersPage(doc(R"({"results":[{"firstName":"x"}]})")).ok());

    const auto pipelines =
        parsePipelines(doc(R"({"results":[{"id":"default","label":"Sales Pipeline",
        "stages":[{"id":"appointmentscheduled","label":"Appointment Scheduled"},{"id":"closedwon","label":"Closed Won"}]}]})"));
    REQUIRE(pipelines.ok());
    CHECK(pipelines.value().pipelines.value(QStringLiteral("default")) ==
          QStringLiteral("Sales Pipeline"));
    CHECK(pipelines.value().stages.value(QStringLiteral("closedwon")) ==
          QStringLiteral("Closed Won"));
    CHECK_FALSE(parsePipelines(doc(R"({"pipelines":[]})")).ok());

    const auto total = parseSearchTotal(doc(R"({"total":1234,"results":[]})"));
    REQUIRE(total.ok());
    CHECK(total.value() == 1234);
    CHECK_FALSE(parseSearchTotal(doc(R"({"results":[]})")).ok());

    const auto links = parseAssociationBatch(doc(R"({"status":"COMPLETE","results":[
        {"from":{"id":"51"},"to":[{"toObjectId":77,"associationTypes":[{"typeId":1}]},{"toObjectId":"78"}]}]})"));
    REQUIRE(links.ok());
    CHECK(links.value().value(QStringLiteral("51")) ==
          QStringList{QStringLiteral("77"), QStringLiteral("78")});
    CHECK_FALSE(parseAssociationBatch(doc(R"({"results":[{"to":[]}]})")).ok());
}

TEST_CASE("Records map to items: names, parents, raw properties with labels, URL",
          "[page][mapping]")
{
    MappingContext context;
    context.webBaseUrl = QUrl(QStringLiteral("https://app.hubspot.com"));
    context.hubId = QStringLiteral("24681357");
    context.owners.insert(QStringLiteral("101"), QStringLiteral("Ann Lee"));
    context.dealPipelines.pipelines.insert(QStringLiteral("default"),
                                           QStringLiteral("Sales Pipeline"));
    context.dealPipelines.stages.insert(QStringLiteral("closedwon"), QStringLiteral("Closed Won"));

    SECTION("contact with a primary company")
    {
        const auto page = parseObjectPage(doc(R"({"results":[{"id":"51",
            "properties":{"firstname":"Ada","lastname":"Lovelace","email":"ada@x","hubspot_owner_id":"101"},
            "createdAt":"2024-03-05T10:15:30.123Z","updatedAt":"2024-04-01T00:00:00.000Z",
            "associations":{"companies":{"results":[
              {"id":"78","type":"contact_to_company_unlabeled"},
              {"id":"77","type":"contact_to_company"},
              {"id":"77","type":"contact_to_company_unlabeled"}]}}}]})"));
        REQUIRE(page.ok());
        const IntegrationItem item =
            toItem(page.value().results.at(0), QStringLiteral("contacts"), context);
        CHECK(item.id == QStringLiteral("51"));
        CHECK(item.type == QStringLiteral("contacts"));
        CHECK(item.name == QStringLiteral("Ada Lovelace"));
        CHECK(item.parentId == QStringLiteral("77")); // the primary, not the first listed
        CHECK(item.parentType == QStringLiteral("companies"));
        CHECK(item.parentName.isEmpty()); // the engine fills it from the company it emitted
        CHECK(item.properties.value(QStringLiteral("hubspot_owner_id")).toString() ==
              QStringLiteral("101"));
        CHECK(item.labels.value(QStringLiteral("hubspot_owner_id")) == QStringLiteral("Ann Lee"));
        CHECK(item.problems.isEmpty());
        CHECK(item.associations.value(QStringLiteral("companies")) ==
              QStringList{QStringLiteral("78"), QStringLiteral("77")});
        CHECK(item.created == QDateTime(QDate(2024, 3, 5), QTime(10, 15, 30, 123), Qt::UTC));
        CHECK(item.modified == QDateTime(QDate(2024, 4, 1), QTime(0, 0), Qt::UTC));
        CHECK(item.url ==
              QUrl(QStringLiteral("https://app.hubspot.com/contacts/24681357/record/0-1/51")));
    }
    SECTION("contact without a name falls back to the email, then the id")
    {
        ObjectRecord record;
        record.id = QStringLiteral("9");
        record.properties.insert(QStringLiteral("email"), QStringLiteral("x@y"));
        CHECK(toItem(record, QStringLiteral("contacts"), context).name == QStringLiteral("x@y"));
        record.properties.clear();
        CHECK(toItem(record, QStringLiteral("contacts"), context).name == QStringLiteral("#9"));
        CHECK(toItem(record, QStringLiteral("contacts"), context).parentId.isEmpty());
    }
    SECTION("deal: stage and pipeline labels, unknown ids kept")
    {
        ObjectRecord record;
        record.id = QStringLiteral("300");
        record.properties.insert(QStringLiteral("dealname"), QStringLiteral("Big deal"));
        record.properties.insert(QStringLiteral("dealstage"), QStringLiteral("closedwon"));
        record.properties.insert(QStringLiteral("pipeline"), QStringLiteral("default"));
        record.properties.insert(QStringLiteral("hubspot_owner_id"), QStringLiteral("999"));
        record.associations[QStringLiteral("companies")].append({QStringLiteral("80"), QString()});
        record.associations[QStringLiteral("contacts")].append({QStringLiteral("51"), QString()});
        const IntegrationItem item = toItem(record, QStringLiteral("deals"), context);
        CHECK(item.name == QStringLiteral("Big deal"));
        CHECK(item.properties.value(QStringLiteral("dealstage")).toString() ==
              QStringLiteral("closedwon"));
        CHECK(item.labels.value(QStringLiteral("dealstage")) == QStringLiteral("Closed Won"));
        CHECK(item.properties.value(QStringLiteral("pipeline")).toString() ==
              QStringLiteral("default"));
        CHECK(item.labels.value(QStringLiteral("pipeline")) == QStringLiteral("Sales Pipeline"));
        CHECK(item.properties.value(QStringLiteral("hubspot_owner_id")).toString() ==
              QStringLiteral("999"));
        CHECK_FALSE(item.labels.contains(QStringLiteral("hubspot_owner_id")));
        REQUIRE(item.problems.size() == 1); // an owner the account does not list
        CHECK(item.problems.first().contains(QStringLiteral("999")));
        CHECK(item.parentId == QStringLiteral("80"));
        CHECK(item.parentName.isEmpty()); // company not loaded (yet)
        CHECK(item.url.toString().endsWith(QStringLiteral("/record/0-3/300")));
    }
    SECTION("company is a container without parent; ticket uses the subject")
    {
        ObjectRecord company;
        company.id = QStringLiteral("77");
        company.properties.insert(QStringLiteral("name"), QStringLiteral("Acme"));
        const IntegrationItem item = toItem(company, QStringLiteral("companies"), context);
        CHECK(hubspot::declaration().presentation().type(item.type)->container);
        CHECK(item.parentId.isEmpty());
        CHECK(item.url.toString().endsWith(QStringLiteral("/record/0-2/77")));

        ObjectRecord ticket;
        ticket.id = QStringLiteral("5");
        ticket.properties.insert(QStringLiteral("subject"), QStringLiteral("Printer on fire"));
        CHECK(toItem(ticket, QStringLiteral("tickets"), context).name ==
              QStringLiteral("Printer on fire"));
        CHECK(toItem(ticket, QStringLiteral("tickets"), context)
                  .url.toString()
                  .endsWith(QStringLiteral("/record/0-5/5")));
    }
    SECTION("no hub id: no URL")
    {
        context.hubId.clear();
        ObjectRecord record;
        record.id = QStringLiteral("1");
        CHECK(toItem(record, QStringLiteral("contacts"), context).url.isEmpty());
    }
}

TEST_CASE("Type names are canonicalised", "[page]")
{
    CHECK(canonicalType(QStringLiteral("contact")) == QStringLiteral("contacts"));
    CHECK(canonicalType(QStringLiteral("Companies")) == QStringLiteral("companies"));
    CHECK(canonicalType(QStringLiteral("0-3")) == QStringLiteral("deals"));
    CHECK(canonicalType(QStringLiteral("ticket")) == QStringLiteral("tickets"));
    CHECK(canonicalType(QStringLiteral("bananas")).isEmpty());
    CHECK(objectTypeId(QStringLiteral("tickets")) == QStringLiteral("0-5"));
}
