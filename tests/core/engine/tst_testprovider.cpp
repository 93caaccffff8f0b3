// The provider claim: a provider declared outside core/ (testprovider/, one
// spec, one stream, one registration line) is found by the registry and loads
// through the same engine, client and spec machinery as the core ones.
#include <catch2/catch.hpp>

#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/providerspec.h"
#include "scriptedserver.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <optional>

using namespace desk;
using loadtest::waitUntil;

TEST_CASE("A provider registered from outside core is listed with its presentation",
          "[engine][provider]")
{
    const ProviderSpec *notes = ProviderRegistry::find(QStringLiteral("testnotes"));
    REQUIRE(notes);
    CHECK(ProviderRegistry::all().last() == notes); // after the core ones
    CHECK(ProviderRegistry::all().size() == 4);
    CHECK(notes->objectTypes() == QStringList{QStringLiteral("notes")});
    CHECK(notes->defaultObjectTypes() == notes->objectTypes());
    CHECK(notes->typeDisplayName(QStringLiteral("notes")) == QStringLiteral("Notes"));
    // The same id cannot be registered twice.
    ProviderSpec again;
    again.id = QStringLiteral("testnotes");
    CHECK_FALSE(ProviderRegistry::add(again));
    CHECK(ProviderRegistry::all().size() == 4);
}

TEST_CASE("A provider registered from outside core loads through the engine", "[engine][provider]")
{
    const ProviderSpec *notes = ProviderRegistry::find(QStringLiteral("testnotes"));
    REQUIRE(notes);
    ScriptedServer server;
    REQUIRE(server.listen());
    server.handler = [](const ScriptedServer::Request &request) {
        ScriptedServer::Reply reply;
        const QString cursor = QUrlQuery(QUrl(QString::fromLatin1(request.target)))
                                   .queryItemValue(QStringLiteral("cursor"));
        reply.body =
            cursor.isEmpty()
                ? R"({"notes":[{"id":"1","title":"First"},{"id":"2","title":"Second"}],"next":"b"})"
                : R"({"notes":[{"id":"3","title":"Third"}]})";
        return reply;
    };
    ProviderSettings settings;
    settings.sandboxUrl = server.url();
    const ProviderProfile profile = notes->profile(settings);
    CHECK(profile.isSandbox);
    CHECK(profile.clientId == QStringLiteral("notes-demo"));
    CHECK(profile.tokenUrl.path() == QStringLiteral("/token"));

    QNetworkAccessManager network;
    loadtest::TestTokens tokens;
    ApiClient client(network, tokens);
    std::unique_ptr<ItemLoader> loader(notes->createLoader(client, profile, nullptr));
    ItemBatch items;
    std::optional<LoadOutcome> outcome;
    QObject::connect(loader.get(), &ItemLoader::itemsReady,
                     [&items](const ItemBatch &batch) { items += batch; });
    QObject::connect(loader.get(), &ItemLoader::finished,
                     [&outcome](const LoadOutcome &o) { outcome = o; });
    loader->start({});
    REQUIRE(waitUntil([&] { return outcome.has_value(); }));
    CHECK(outcome->complete);
    REQUIRE(items.size() == 3);
    CHECK(items.at(2).name == QStringLiteral("Third"));
    CHECK(items.at(0).url.toString() == server.url().toString() + QStringLiteral("/n/1"));
    REQUIRE(outcome->types.size() == 1);
    CHECK(outcome->types.first().loaded == 3);
    CHECK(outcome->types.first().requests == 2);
    CHECK(server.requests.size() == 2);
}
