// The HubSpot provider on the load engine against a scripted server: the exact requests it sends
// (date-based paths), the associations batch read that continues paged inline associations from
// their cursor, association lists that cannot be read to the end (a sentence in the item's
// problems), and a malformed page that stops one type while the others complete.
#include <catch2/catch.hpp>

#include "engine/loadengine.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/hubspot/hubspotpage.h"
#include "providers/hubspot/hubspotplan.h"
#include "providers/hubspot/hubspotspec.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <optional>

using namespace desk;
using loadtest::TestTokens;
using loadtest::waitUntil;
using Reply = ScriptedServer::Reply;

namespace {

Reply json(const QByteArray &body, int status = 200)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    reply.headers = {{"X-HubSpot-RateLimit-Max", "100"},
                     {"X-HubSpot-RateLimit-Remaining", "90"},
                     {"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"}};
    return reply;
}

QString pathOf(const ScriptedServer::Request &request)
{
    return QUrl(QString::fromLatin1(request.target)).path();
}

QUrlQuery queryOf(const ScriptedServer::Request &request)
{
    return QUrlQuery(QUrl(QString::fromLatin1(request.target)));
}

struct Fixture
{
    ScriptedServer server;
    QNetworkAccessManager network;
    TestTokens tokens;
    ApiClient client{network, tokens};
    std::unique_ptr<ItemLoader> loader;
    ItemBatch items;
    std::optional<LoadOutcome> outcome;

    Fixture()
    {
        REQUIRE(server.listen());
        RetryPolicy policy;
        policy.baseDelayMs = 5;
        policy.maxDelayMs = 20;
        client.setRetryPolicy(policy);
        ProviderProfile profile;
        profile.apiBaseUrl = server.url();
        profile.webBaseUrl = QUrl(QStringLiteral("https://app.hubspot.com"));
        auto *engine = static_cast<LoadEngine *>(
            hubspot::declaration().createLoader(client, profile, nullptr));
        LoadTuning tuning;
        tuning.partitions = -1; // the list cursor alone: these requests are the subject
        engine->setTuning(tuning);
        loader.reset(engine);
        QObject::connect(loader.get(), &ItemLoader::itemsReady,
                         [this](const ItemBatch &b) { items += b; });
        QObject::connect(loader.get(), &ItemLoader::finished,
                         [this](const LoadOutcome &o) { outcome = o; });
    }

    void load(const QStringList &types, QHash<QString, QStringList> extra = {})
    {
        LoadRequest request;
        request.objectTypes = types;
        request.extraProperties = extra;
        loader->start(request);
        REQUIRE(waitUntil([this] { return outcome.has_value(); }));
    }
};

} // namespace

TEST_CASE("Loader asks for 100 per page, default plus chosen properties, inline associations",
          "[loader]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/objects/2026-09/deals")) {
            if (!queryOf(request).hasQueryItem(QStringLiteral("after")))
                return json(
                    R"({"results":[{"id":"1","properties":{"dealname":"A"}}],"paging":{"next":{"after":"2"}}})");
            return json(R"({"results":[{"id":"2","properties":{"dealname":"B"}}]})");
        }
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("deals")}, {{QStringLiteral("deals"), {QStringLiteral("hs_priority")}}});
    REQUIRE(f.outcome->complete);
    REQUIRE(f.items.size() == 2);

    QVector<ScriptedServer::Request> pages;
    for (const auto &request : std::as_const(f.server.requests))
        if (pathOf(request) == QLatin1String("/crm/objects/2026-09/deals"))
            pages.append(request);
    REQUIRE(pages.size() == 2);
    const QUrlQuery first = queryOf(pages.at(0));
    CHECK(first.queryItemValue(QStringLiteral("limit")) == QStringLiteral("100"));
    CHECK(first.queryItemValue(QStringLiteral("associations")) ==
          QStringLiteral("contacts,companies,tickets"));
    const QStringList properties =
        first.queryItemValue(QStringLiteral("properties")).split(QLatin1Char(','));
    for (const QString &name : hubspot::defaultProperties(QStringLiteral("deals")))
        CHECK(properties.contains(name));
    CHECK(properties.contains(QStringLiteral("hs_priority")));
    CHECK_FALSE(first.hasQueryItem(QStringLiteral("after")));
    CHECK(queryOf(pages.at(1)).queryItemValue(QStringLiteral("after")) == QStringLiteral("2"));
    // Reference data: owners and the deal pipelines, once each.
    int owners = 0, pipelines = 0, perObject = 0;
    for (const auto &request : std::as_const(f.server.requests)) {
        owners += pathOf(request) == QLatin1String("/crm/owners/2026-09") ? 1 : 0;
        pipelines += pathOf(request) == QLatin1String("/crm/pipelines/2026-09/deals") ? 1 : 0;
        perObject += pathOf(request).contains(QLatin1String("/associations/")) ? 1 : 0;
    }
    CHECK(owners == 1);
    CHECK(pipelines == 1);
    CHECK(perObject == 0); // never one association call per object
}

TEST_CASE("Loader completes paged inline associations with one associations batch read",
          "[loader]")
{
    Fixture f;
    QByteArray batchBody;
    f.server.handler = [&batchBody](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/objects/2026-09/deals"))
            return json(R"({"results":[
                {"id":"1","properties":{"dealname":"A"},"associations":{"contacts":{"results":[{"id":"11","type":"deal_to_contact"}],
                  "paging":{"next":{"after":"x"}}}}},
                {"id":"2","properties":{"dealname":"B"},"associations":{"contacts":{"results":[{"id":"21","type":"deal_to_contact"}]}}}]})");
        if (path == QLatin1String("/crm/associations/2026-09/deals/contacts/batch/read")) {
            batchBody = request.body;
            return json(
                R"({"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[{"toObjectId":"12"},{"toObjectId":13}]}]})");
        }
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("deals")});
    REQUIRE(f.outcome->complete);
    REQUIRE(f.items.size() == 2);
    // Only the object whose list was cut off is asked about.
    const QJsonArray inputs =
        QJsonDocument::fromJson(batchBody).object().value(QStringLiteral("inputs")).toArray();
    REQUIRE(inputs.size() == 1);
    CHECK(inputs.at(0).toObject().value(QStringLiteral("id")).toString() == QStringLiteral("1"));
    // It goes on from the inline list's own cursor.
    CHECK(inputs.at(0).toObject().value(QStringLiteral("after")).toString() == QStringLiteral("x"));
    CHECK(f.items.at(0).associations.value(QStringLiteral("contacts")) ==
          QStringList{QStringLiteral("11"), QStringLiteral("12"), QStringLiteral("13")});
    CHECK(f.items.at(1).associations.value(QStringLiteral("contacts")) ==
          QStringList{QStringLiteral("21")});
}

TEST_CASE(
    "A page that stays malformed stops its type with BadResponse, the rest completes and resumes",
    "[loader]")
{
    Fixture f;
    bool broken = true;
    f.server.handler = [&broken](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/objects/2026-09/contacts")) {
            if (!queryOf(request).hasQueryItem(QStringLiteral("after")))
                return json(
                    R"({"results":[{"id":"1"},{"id":"2"}],"paging":{"next":{"after":"3"}}})");
            if (broken)
                return json(R"({"results":[{"id":"3"},{"no-id":true}]})");
            return json(R"({"results":[{"id":"3"}]})");
        }
        if (path == QLatin1String("/crm/objects/2026-09/companies"))
            return json(R"({"results":[{"id":"77","properties":{"name":"Acme"}}]})");
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("contacts"), QStringLiteral("companies")});
    REQUIRE_FALSE(f.outcome->complete);
    CHECK(f.outcome->error.kind == Error::Kind::BadResponse);
    REQUIRE(f.outcome->types.size() == 2);
    CHECK_FALSE(f.outcome->types.at(0).done);
    CHECK(f.outcome->types.at(0).error.kind == Error::Kind::BadResponse);
    CHECK(f.outcome->types.at(0).loaded == 2);
    CHECK(f.outcome->types.at(1).done);
    CHECK(f.items.size() == 3); // the first contacts page and the company are kept

    broken = false;
    f.outcome.reset();
    REQUIRE(f.loader->canResume());
    f.loader->resume();
    REQUIRE(waitUntil([&f] { return f.outcome.has_value(); }));
    CHECK(f.outcome->complete);
    QStringList contactIds;
    for (const IntegrationItem &item : std::as_const(f.items))
        if (item.type == QLatin1String("contacts"))
            contactIds.append(item.id);
    CHECK(contactIds == QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
}

TEST_CASE("Unknown object types are a configuration error", "[loader]")
{
    Fixture f;
    f.load({QStringLiteral("contacts"), QStringLiteral("bananas")});
    CHECK_FALSE(f.outcome->complete);
    CHECK(f.outcome->error.kind == Error::Kind::Configuration);
    CHECK(f.outcome->error.message.contains(QStringLiteral("bananas")));
    CHECK(f.server.requests.isEmpty());
}

TEST_CASE("The associations follow-up goes on while HubSpot pages one input's targets",
          "[loader]")
{
    Fixture f;
    QList<QByteArray> batchBodies;
    f.server.handler = [&batchBodies](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/objects/2026-09/deals"))
            return json(R"({"results":[
                {"id":"1","properties":{"dealname":"A"},"associations":{"contacts":{"results":[{"id":"11","type":"deal_to_contact"}],
                  "paging":{"next":{"after":"x"}}}}}]})");
        if (path == QLatin1String("/crm/associations/2026-09/deals/contacts/batch/read")) {
            batchBodies.append(request.body);
            if (batchBodies.size() == 1) // the rest of input 1 is on a next page
                return json(R"({"status":"COMPLETE","results":[{"from":{"id":"1"},
                    "to":[{"toObjectId":11},{"toObjectId":12}],"paging":{"next":{"after":"p2"}}}]})");
            return json(
                R"({"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[{"toObjectId":13}]}]})");
        }
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("deals")});
    REQUIRE(f.outcome->complete);
    REQUIRE(batchBodies.size() == 2);
    const QJsonObject second = QJsonDocument::fromJson(batchBodies.at(1))
                                   .object()
                                   .value(QStringLiteral("inputs"))
                                   .toArray()
                                   .at(0)
                                   .toObject();
    CHECK(second.value(QStringLiteral("id")).toString() == QStringLiteral("1"));
    CHECK(second.value(QStringLiteral("after")).toString() == QStringLiteral("p2"));
    REQUIRE(f.items.size() == 1);
    CHECK(f.items.at(0).associations.value(QStringLiteral("contacts")) ==
          QStringList{QStringLiteral("11"), QStringLiteral("12"), QStringLiteral("13")});
    CHECK(f.items.at(0).problems.isEmpty());
    // Both batch reads count against deals, with the page and the pipelines.
    CHECK(f.outcome->types.at(0).requests == 4);
}

TEST_CASE("Items keep the provider's ids, labels beside them, problems when names are missing",
          "[loader][mapping]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/owners/2026-09"))
            return json(R"({"status":"error","message":"owners are down"})", 500);
        if (path == QLatin1String("/crm/pipelines/2026-09/deals"))
            return json(R"({"results":[{"id":"default","label":"Sales",
                "stages":[{"id":"won","label":"Closed Won"}]}]})");
        if (path == QLatin1String("/crm/objects/2026-09/deals"))
            return json(R"({"results":[{"id":"1","properties":{"dealname":"A","dealstage":"won",
                "pipeline":"default","hubspot_owner_id":"7"}},
                {"id":"2","properties":{"dealname":"B","dealstage":"lost","pipeline":"default"}}]})");
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("deals")});
    REQUIRE(f.outcome->complete); // reference data is never fatal
    REQUIRE(f.items.size() == 2);
    const IntegrationItem &won = f.items.at(0);
    CHECK(won.properties.value(QStringLiteral("dealstage")).toString() == QStringLiteral("won"));
    CHECK(won.labels.value(QStringLiteral("dealstage")) == QStringLiteral("Closed Won"));
    CHECK(won.labels.value(QStringLiteral("pipeline")) == QStringLiteral("Sales"));
    CHECK(won.properties.value(QStringLiteral("hubspot_owner_id")).toString() ==
          QStringLiteral("7"));
    CHECK_FALSE(won.labels.contains(QStringLiteral("hubspot_owner_id")));
    CHECK(won.problems == QStringList{QStringLiteral("The owner's name could not be read.")});
    const IntegrationItem &lost = f.items.at(1);
    CHECK_FALSE(lost.labels.contains(QStringLiteral("dealstage")));
    REQUIRE(lost.problems.size() == 1);
    CHECK(lost.problems.first().contains(QStringLiteral("lost")));
}

TEST_CASE("An association list that cannot be read to the end says so in the item's problems",
          "[loader][associations]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/crm/objects/2026-09/deals"))
            return json(R"({"results":[
                {"id":"1","properties":{"dealname":"A"},"associations":{"contacts":{"results":[{"id":"11","type":"deal_to_contact"}],
                  "paging":{"next":{"after":"x"}}}}}]})");
        if (path == QLatin1String("/crm/associations/2026-09/deals/contacts/batch/read"))
            // 207: the deal's associations could not be read (it went away meanwhile).
            return json(R"({"status":"COMPLETE","results":[],"numErrors":1,"errors":[
                {"status":"error","category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.INVALID_OBJECT_IDS",
                 "message":"deal 1 does not exist","context":{"fromObjectId":["1"]}}]})",
                        207);
        return json(R"({"results":[]})");
    };
    f.load({QStringLiteral("deals")});
    REQUIRE(f.outcome->complete);
    REQUIRE(f.items.size() == 1);
    CHECK(f.items.at(0).associations.value(QStringLiteral("contacts")) ==
          QStringList{QStringLiteral("11")});
    CHECK(f.items.at(0).problems.contains(
        QStringLiteral("Only 1 of the contacts associated with this deal could be read.")));
}

TEST_CASE("Without follow-ups a cut-off association list says so in the item's problems",
          "[loader][associations]")
{
    Fixture f;
    f.server.handler = [](const ScriptedServer::Request &request) {
        if (pathOf(request) == QLatin1String("/crm/objects/2026-09/companies"))
            return json(R"({"results":[
                {"id":"5","properties":{"name":"Acme"},"associations":{"contacts":{"results":[{"id":"11"},{"id":"12"}],
                  "paging":{"next":{"after":"x"}}}}}]})");
        return json(R"({"results":[]})");
    };
    LoadTuning tuning;
    tuning.partitions = -1;
    tuning.followUps = false;
    static_cast<LoadEngine *>(f.loader.get())->setTuning(tuning);
    f.load({QStringLiteral("companies")});
    REQUIRE(f.outcome->complete);
    REQUIRE(f.items.size() == 1);
    CHECK(f.items.at(0).problems ==
          QStringList{
              QStringLiteral("Only 2 of the contacts associated with this company could be read.")});
    for (const auto &request : std::as_const(f.server.requests))
        CHECK_FALSE(pathOf(request).contains(QLatin1String("/associations/")));
}
