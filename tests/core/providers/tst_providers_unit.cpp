// Airtable and Notion without a server: profiles, registry, page parsers on good
// and malformed input, item mapping, fixed-window pacing and rate budgets.
#include <catch2/catch.hpp>

#include "net/apiclient.h"
#include "net/ratepacer.h"
#include "providers/airtable/airtablepage.h"
#include "providers/airtable/airtablespec.h"
#include "providers/notion/notionapi.h"
#include "providers/notion/notionpage.h"
#include "providers/notion/notionspec.h"
#include "providers/notion/notionsync.h"
#include "providers/providerspec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>

using namespace desk;

namespace {
QJsonDocument json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    REQUIRE(error.error == QJsonParseError::NoError);
    return doc;
}
} // namespace

TEST_CASE("registry lists HubSpot, Airtable and Notion", "[unit]")
{
    QStringList ids;
    for (const ProviderSpec *p : ProviderRegistry::all())
        ids << p->id;
    CHECK(ids == QStringList{QStringLiteral("hubspot"), QStringLiteral("airtable"),
                             QStringLiteral("notion")});
    REQUIRE(ProviderRegistry::find(QStringLiteral("airtable")));
    CHECK(ProviderRegistry::find(QStringLiteral("notion"))->displayName ==
          QStringLiteral("Notion"));
}

TEST_CASE("Airtable profile: real endpoints and the sandbox under /airtable", "[unit]")
{
    const ProviderSpec &provider = airtable::declaration();
    ProviderSettings real;
    real.clientId = QStringLiteral("cid");
    const ProviderProfile p = provider.profile(real);
    CHECK(p.authorizeUrl.toString() == QStringLiteral("https://airtable.com/oauth2/v1/authorize"));
    CHECK(p.tokenUrl.toString() == QStringLiteral("https://airtable.com/oauth2/v1/token"));
    CHECK(p.apiBaseUrl.toString() == QStringLiteral("https://api.airtable.com"));
    CHECK(p.tokenRequestStyle == ProviderProfile::TokenRequestStyle::FormBasicAuth);
    CHECK(p.pkceRequired);
    CHECK(p.expiresInRequired);
    CHECK(p.scopes.join(QLatin1Char(' ')) ==
          QStringLiteral("data.records:read schema.bases:read user.email:read"));
    CHECK_FALSE(p.isSandbox);

    ProviderSettings sandbox;
    sandbox.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:5555"));
    const ProviderProfile s = provider.profile(sandbox);
    CHECK(s.isSandbox);
    CHECK(s.authorizeUrl.toString() ==
          QStringLiteral("http://127.0.0.1:5555/airtable/oauth2/v1/authorize"));
    CHECK(s.tokenUrl.toString() ==
          QStringLiteral("http://127.0.0.1:5555/airtable/oauth2/v1/token"));
    CHECK(s.apiBaseUrl.toString() == QStringLiteral("http://127.0.0.1:5555/airtable"));
    CHECK(s.clientId == QStringLiteral("desk-airtable-demo"));
    CHECK(s.clientSecret == QStringLiteral("desk-airtable-secret"));
    CHECK(provider.defaultObjectTypes() ==
          QStringList{QStringLiteral("bases"), QStringLiteral("tables")});
    CHECK(provider.objectTypes().contains(QStringLiteral("records")));
}

TEST_CASE("Notion profile: Basic + JSON, owner=user, tokens without expiry", "[unit]")
{
    const ProviderSpec &provider = notion::declaration();
    const ProviderProfile p = provider.profile({});
    CHECK(p.authorizeUrl.toString() == QStringLiteral("https://api.notion.com/v1/oauth/authorize"));
    CHECK(p.tokenUrl.toString() == QStringLiteral("https://api.notion.com/v1/oauth/token"));
    CHECK(p.tokenRequestStyle == ProviderProfile::TokenRequestStyle::JsonBasicAuth);
    CHECK_FALSE(p.expiresInRequired);
    CHECK(p.extraAuthorizeParameters.contains(
        qMakePair(QStringLiteral("owner"), QStringLiteral("user"))));
    CHECK(p.scopes.isEmpty());
    ProviderSettings sandbox;
    sandbox.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:5555/"));
    const ProviderProfile s = provider.profile(sandbox);
    CHECK(s.tokenUrl.toString() == QStringLiteral("http://127.0.0.1:5555/notion/v1/oauth/token"));
    CHECK(s.apiBaseUrl.toString() == QStringLiteral("http://127.0.0.1:5555/notion"));
    CHECK(s.clientId == QStringLiteral("desk-notion-demo"));
    // Pages, databases and their data sources; rows need both containers.
    CHECK(provider.objectTypes() == QStringList{QStringLiteral("pages"),
                                                QStringLiteral("databases"),
                                                QStringLiteral("data_sources")});
    CHECK(provider.catalog().resolve({QStringLiteral("Page")}).value() == provider.objectTypes());
    CHECK(provider.catalog().resolve({QStringLiteral("database")}).value() ==
          (QStringList{QStringLiteral("databases"), QStringLiteral("data_sources")}));
    CHECK(provider.presentation().type(QStringLiteral("data_sources"))->parentType ==
          QStringLiteral("databases"));
}

TEST_CASE("account parsers: whoami and the Notion bot user", "[unit]")
{
    const auto a =
        airtable::parseWhoAmI(R"({"id":"usrABC","email":"x@y.z","scopes":["schema.bases:read"]})");
    REQUIRE(a.ok());
    CHECK(a.value().accountId == QStringLiteral("usrABC"));
    CHECK(a.value().userEmail == QStringLiteral("x@y.z"));
    CHECK(a.value().scopes == QStringList{QStringLiteral("schema.bases:read")});
    CHECK_FALSE(airtable::parseWhoAmI(R"({"email":"x@y.z"})").ok());
    CHECK_FALSE(airtable::parseWhoAmI(R"({"id":"usr","email":5})").ok());
    CHECK_FALSE(airtable::parseWhoAmI("<html>").ok());

    const auto n = notion::parseBotUser(
        R"({"object":"user","id":"bot-1","type":"bot","bot":{"owner":{"type":"user","user":
        {"object":"user","id":"u","person":{"email":"me@x.y"}}},"workspace_name":"WS"}})");
    REQUIRE(n.ok());
    CHECK(n.value().accountId == QStringLiteral("bot-1"));
    CHECK(n.value().accountName == QStringLiteral("WS"));
    CHECK(n.value().userEmail == QStringLiteral("me@x.y"));
    CHECK_FALSE(notion::parseBotUser(R"({"object":"user"})").ok());
    CHECK_FALSE(notion::parseBotUser(R"({"id":"b","bot":[1]})").ok());
}

TEST_CASE("Airtable parsers accept the documented shapes", "[unit]")
{
    const auto bases = airtable::parseBasesPage(json(
        R"({"bases":[{"id":"app1","name":"Roadmap","permissionLevel":"create"}],"offset":"o1"})"));
    REQUIRE(bases.ok());
    CHECK(bases.value().bases.size() == 1);
    CHECK(bases.value().offset == QStringLiteral("o1"));
    CHECK(airtable::parseBasesPage(json(R"({"bases":[]})")).value().offset.isEmpty());

    const auto tables = airtable::parseTables(json(
        R"({"tables":[{"id":"tbl1","name":"Tasks","primaryFieldId":"fld2","fields":[
        {"id":"fld1","name":"Notes","type":"multilineText"},{"id":"fld2","name":"Task","type":
        "singleLineText"}],"views":[{"id":"viw1","name":"Grid view","type":"grid"}]}]})"));
    REQUIRE(tables.ok());
    CHECK(tables.value().first().primaryFieldName == QStringLiteral("Task"));
    CHECK(tables.value().first().viewNames == QStringList{QStringLiteral("Grid view")});

    const auto records = airtable::parseRecordsPage(json(
        R"({"records":[{"id":"rec1","createdTime":"2023-01-02T03:04:05.000Z","fields":{
        "Task":"Ship","Done":true,"Tags":["a","b"],"Owner":{"id":"usr","email":"o@x","name":"Olive"},
        "Count":3,"Price":2.5}},{"id":"rec2","createdTime":"2023-01-02T03:04:06.000Z",
        "fields":{}}],"offset":"next"})"));
    REQUIRE(records.ok());
    REQUIRE(records.value().records.size() == 2);
    CHECK(records.value().offset == QStringLiteral("next"));
    const IntegrationItem item =
        airtable::recordItem(records.value().records.first(), QStringLiteral("app1"),
                             QStringLiteral("tbl1"), QStringLiteral("Tasks"),
                             QStringLiteral("Task"), QUrl(QStringLiteral("https://airtable.com")));
    CHECK(item.name == QStringLiteral("Ship"));
    CHECK(item.type == QStringLiteral("records"));
    CHECK(item.parentId == QStringLiteral("tbl1"));
    CHECK(item.parentType == QStringLiteral("tables"));
    CHECK(item.url.toString() == QStringLiteral("https://airtable.com/app1/tbl1/rec1"));
    CHECK(item.created.isValid());
    CHECK(item.properties.value(QStringLiteral("Done")).toString() == QStringLiteral("true"));
    CHECK(item.properties.value(QStringLiteral("Tags")).toStringList() ==
          QStringList{QStringLiteral("a"), QStringLiteral("b")});
    CHECK(item.properties.value(QStringLiteral("Owner")).toString() == QStringLiteral("Olive"));
    CHECK(item.properties.value(QStringLiteral("Count")).toString() == QStringLiteral("3"));
    CHECK(item.properties.value(QStringLiteral("Price")).toString() == QStringLiteral("2.5"));
    // A record without its primary field still gets a name.
    const IntegrationItem empty =
        airtable::recordItem(records.value().records.last(), QStringLiteral("app1"),
                             QStringLiteral("tbl1"), QStringLiteral("Tasks"),
                             QStringLiteral("Task"), QUrl(QStringLiteral("https://airtable.com")));
    CHECK(empty.name == QStringLiteral("Unnamed record"));
}

TEST_CASE("Airtable parsers reject malformed pages", "[unit]")
{
    for (const char *text :
         {R"([])", R"({})", R"({"bases":{}})", R"({"bases":[1]})", R"({"bases":[{"name":"x"}]})",
          R"({"bases":[{"id":"app1","name":3}]})", R"({"bases":[],"offset":7})"})
        CHECK_FALSE(airtable::parseBasesPage(json(text)).ok());
    for (const char *text : {R"({"tables":null})", R"({"tables":[{"name":"x"}]})",
                             R"({"tables":[{"id":"t","fields":{}}]})"})
        CHECK_FALSE(airtable::parseTables(json(text)).ok());
    for (const char *text :
         {R"({"offset":"x"})", R"({"records":[{"fields":{}}]})",
          R"({"records":[{"id":"rec1","fields":[]}]})", R"({"records":[],"offset":false})",
          R"({"records":[{"id":"rec1","createdTime":5}]})"})
        CHECK_FALSE(airtable::parseRecordsPage(json(text)).ok());
    CHECK(airtable::parseRecordsPage(json(R"({"records":[]})")).ok());
}

TEST_CASE("Notion parsers: titles, parents, ids, paging", "[unit]")
{
    CHECK(notion::normalizeId(QStringLiteral("1F2E3D4C-5B6A-4978-8a9b-0c1d2e3f4a5b")) ==
          QStringLiteral("1f2e3d4c5b6a49788a9b0c1d2e3f4a5b"));
    CHECK(notion::normalizeId(QStringLiteral("not-an-id")).isEmpty());
    // A 2026-03-11 search page: a page, a row, a data source; and what older
    // versions send (a database, archived) read as well.
    const auto page = notion::parseSearchPage(json(R"({"object":"list","results":[
        {"object":"page","id":"11111111-1111-1111-1111-111111111111","parent":{"type":"workspace",
         "workspace":true},"properties":{"Name":{"id":"title","type":"title","title":[
         {"plain_text":"Road "},{"plain_text":"map"}]},"Status":{"type":"select","select":
         {"name":"Done"}},"Done":{"type":"checkbox","checkbox":true}},"url":"https://www.notion.so/x",
         "created_time":"2024-01-01T10:00:00.000Z","last_edited_time":"2024-02-01T10:00:00.000Z",
         "in_trash":false,"is_archived":true},
        {"object":"page","id":"55555555555555555555555555555555","parent":{"type":"data_source_id",
         "data_source_id":"66666666-6666-6666-6666-666666666666","database_id":
         "22222222222222222222222222222222"},"properties":{"Task":{"type":"title","title":[
         {"plain_text":"Row"}]}},"in_trash":false},
        {"object":"data_source","id":"66666666666666666666666666666666","parent":{"type":
         "database_id","database_id":"22222222-2222-2222-2222-222222222222"},"title":[
         {"plain_text":"Tasks"}],"properties":{"Task":{"type":"title"},"Due":{"type":"date"}},
         "is_inline":true,"in_trash":false},
        {"object":"database","id":"22222222222222222222222222222222","parent":{"type":"page_id",
         "page_id":"11111111-1111-1111-1111-111111111111"},"title":[{"plain_text":"Tasks db"}],
         "data_sources":[{"id":"66666666-6666-6666-6666-666666666666","name":"Tasks"}]},
        {"object":"page","id":"33333333333333333333333333333333","parent":{"type":"block_id",
         "block_id":"44444444-4444-4444-4444-444444444444"},"properties":{"title":{"type":"title",
         "title":[]}},"archived":true},
        {"object":"page","id":"77777777777777777777777777777777","parent":{"type":"agent_id",
         "agent_id":"88888888888888888888888888888888"},"properties":{}}],
        "next_cursor":"c2","has_more":true})"));
    REQUIRE(page.ok());
    REQUIRE(page.value().results.size() == 6);
    CHECK(page.value().nextCursor == QStringLiteral("c2"));
    const notion::Object &first = page.value().results.at(0);
    CHECK(first.title == QStringLiteral("Road map"));
    CHECK(first.parent.kind == notion::Parent::Kind::Workspace);
    CHECK(first.properties.value(QStringLiteral("Status")).toString() == QStringLiteral("Done"));
    CHECK(first.created.isValid());
    CHECK_FALSE(first.inTrash);
    CHECK(first.isArchived); // is_archived is not the trash: shown, flagged
    const IntegrationItem a = notion::toItem(first);
    CHECK(a.type == QStringLiteral("pages"));
    CHECK(a.parentId == QStringLiteral("workspace"));
    CHECK(a.properties.value(QStringLiteral("archived")).toString() == QStringLiteral("true"));

    const notion::Object &row = page.value().results.at(1);
    CHECK(row.parent.kind == notion::Parent::Kind::DataSource);
    CHECK(row.parent.id == QStringLiteral("66666666666666666666666666666666"));
    CHECK(row.parent.databaseId == QStringLiteral("22222222222222222222222222222222"));
    CHECK(notion::toItem(row).parentType == QStringLiteral("data_sources"));

    const IntegrationItem source = notion::toItem(page.value().results.at(2));
    CHECK(source.type == QStringLiteral("data_sources"));
    CHECK(source.name == QStringLiteral("Tasks"));
    CHECK(source.parentId == QStringLiteral("22222222222222222222222222222222"));
    CHECK(source.parentType == QStringLiteral("databases"));
    CHECK(source.properties.value(QStringLiteral("columns")).toStringList() ==
          (QStringList{QStringLiteral("Due"), QStringLiteral("Task")}));
    CHECK(source.properties.value(QStringLiteral("inline")).toString() == QStringLiteral("true"));

    const notion::Object &database = page.value().results.at(3);
    CHECK(database.kind == notion::Object::Kind::Database);
    CHECK(database.dataSources == QStringList{QStringLiteral("66666666666666666666666666666666")});
    const IntegrationItem b = notion::toItem(database);
    CHECK(b.type == QStringLiteral("databases"));
    CHECK(b.name == QStringLiteral("Tasks db"));
    CHECK(b.parentId == QStringLiteral("11111111111111111111111111111111"));
    CHECK(b.parentType == QStringLiteral("pages"));
    CHECK_FALSE(b.properties.contains(QStringLiteral("columns"))); // the schema is the source's

    const notion::Object &third = page.value().results.at(4);
    CHECK(third.parent.kind == notion::Parent::Kind::Block);
    CHECK(third.parent.id == QStringLiteral("44444444444444444444444444444444"));
    CHECK(third.inTrash); // archived before 2026-03-11
    const IntegrationItem c = notion::toItem(third);
    CHECK(c.name == QStringLiteral("Untitled"));
    CHECK(c.properties.value(QStringLiteral("inTrash")).toString() == QStringLiteral("true"));

    const notion::Object &agent = page.value().results.at(5);
    CHECK(agent.parent.kind == notion::Parent::Kind::Unknown);
    CHECK(agent.parent.type == QStringLiteral("agent_id"));
    CHECK(agent.parent.id == QStringLiteral("88888888888888888888888888888888"));

    const auto last = notion::parseSearchPage(
        json(R"({"object":"list","results":[],"next_cursor":null,"has_more":false})"));
    REQUIRE(last.ok());
    CHECK_FALSE(last.value().hasMore);

    const auto block = notion::parseBlockParent(json(
        R"({"object":"block","parent":{"type":"page_id","page_id":"11111111-1111-1111-1111-111111111111"}})"));
    REQUIRE(block.ok());
    CHECK(block.value().kind == notion::Parent::Kind::Page);
    CHECK_FALSE(notion::parseObjectDocument(json(R"([1])")).ok());
    CHECK_FALSE(notion::parseObjectDocument(
                    json(R"({"object":"database","id":"22222222222222222222222222222222",
                     "parent":{"type":"workspace","workspace":true},"data_sources":[{"id":"x"}]})"))
                    .ok());
}

TEST_CASE("Notion sync token: mark, databases and parents survive, other text is no token",
          "[unit]")
{
    notion::SyncToken token;
    token.mark =
        QDateTime::fromString(QStringLiteral("2026-04-01T10:05:00.000Z"), Qt::ISODateWithMs);
    token.databases.insert(QStringLiteral("d1"), {QStringLiteral("s1"), QStringLiteral("s2")});
    token.parents.insert(QStringLiteral("p1"),
                         KnownParent{QStringLiteral("pages"), QStringLiteral("Road map \"x\"")});
    token.parents.insert(QStringLiteral("workspace"),
                         KnownParent{QStringLiteral("workspace"), QStringLiteral("WS")});
    const auto back = notion::SyncToken::decode(token.encode());
    REQUIRE(back.has_value());
    CHECK(back->mark == token.mark);
    CHECK(back->databases == token.databases);
    REQUIRE(back->parents.size() == 2);
    CHECK(back->parents.value(QStringLiteral("p1")).type == QStringLiteral("pages"));
    CHECK(back->parents.value(QStringLiteral("p1")).name == QStringLiteral("Road map \"x\""));
    CHECK(back->parents.value(QStringLiteral("workspace")).type == QStringLiteral("workspace"));
    for (const char *text :
         {"", "t2", "{\"v\":2,\"mark\":\"2026-04-01T10:05:00.000Z\"}", "{\"v\":1}",
          "{\"v\":1,\"mark\":\"2026-04-01T10:05:00.000Z\","
          "\"parents\":{\"p\":[\"?\",\"n\"]}}"})
        CHECK_FALSE(notion::SyncToken::decode(QString::fromLatin1(text)).has_value());
}

TEST_CASE("Notion dialect: the version, 529 like 429, the workspace limit shared, pacing", "[unit]")
{
    const ApiDialect d = notion::dialect({});
    CHECK(d.defaultHeaders.contains(
        qMakePair(QByteArray("Notion-Version"), QByteArray("2026-03-11"))));
    CHECK(d.rateLimitStatuses == QVector<int>{529});
    const ApiErrorBody workspace = d.readError(
        R"({"object":"error","status":429,"code":"rate_limited","message":"slow",
            "additional_data":{"rate_limit_reason":"public_api_space_request_rate_limit"}})");
    CHECK(workspace.code == QStringLiteral("rate_limited"));
    CHECK(workspace.sharedLimit);
    CHECK_FALSE(d.readError(R"({"object":"error","status":429,"code":"rate_limited",
            "additional_data":{"rate_limit_reason":"public_api_request_rate_limit"}})")
                    .sharedLimit);
    CHECK_FALSE(d.readError("not json").sharedLimit);

    // Default: 3/s evenly spaced, within 180 per minute. A known budget: bursts.
    RatePacer pacer;
    d.pacing(pacer, {});
    REQUIRE(pacer.windows().size() == 2);
    CHECK(pacer.windows().at(0).max == 1);
    CHECK(pacer.windows().at(0).intervalMs == 334);
    CHECK(pacer.windows().at(1).max == 180);
    CHECK(pacer.windows().at(1).intervalMs == 60000);
    LoadTuning known;
    known.windowRequests = 500;
    RatePacer bursts;
    notion::dialect(known).pacing(bursts, {});
    REQUIRE(bursts.windows().size() == 1);
    CHECK(bursts.windows().first().max == 500);
    CHECK(bursts.windows().first().intervalMs == 60000);
    known.requestsPerSecond = 10;
    known.windowMs = 30000;
    RatePacer both;
    notion::dialect(known).pacing(both, {});
    REQUIRE(both.windows().size() == 2);
    CHECK(both.windows().at(1).intervalMs == 30000);
}

TEST_CASE("Notion parsers reject malformed pages", "[unit]")
{
    for (
        const char *text : {
            R"([])",
            R"({"results":{},"has_more":false})",
            R"({"results":[],"has_more":"no"})",
            R"({"results":[]})",
            R"({"results":[],"has_more":true,"next_cursor":null})",
            R"({"results":[5],"has_more":false})",
            R"({"results":[{"object":"block","id":"11111111111111111111111111111111","parent":{}}],"has_more":false})",
            R"({"results":[{"object":"page","id":"zz","parent":{}}],"has_more":false})",
            R"({"results":[{"object":"page","id":"11111111111111111111111111111111"}],"has_more":false})",
            R"({"results":[{"object":"database","id":"11111111111111111111111111111111","parent":{},"title":"x"}],"has_more":false})",
            R"({"results":[],"has_more":false,"next_cursor":5})",
        })
        CHECK_FALSE(notion::parseSearchPage(json(text)).ok());
    CHECK_FALSE(notion::parseBlockParent(json(R"({"object":"block"})")).ok());
}

TEST_CASE("fixed-window pacer: a known limit from the start, headers ignored", "[unit]")
{
    RatePacer pacer;
    pacer.setMaxInFlight(100);
    pacer.setReserve(0);
    pacer.setFixedWindows({RatePacer::Window{5, 1000}});
    CHECK(pacer.mode() == RatePacer::Mode::Limited);
    for (int i = 0; i < 5; ++i) {
        REQUIRE(pacer.delayMs() == 0);
        pacer.recordSend();
    }
    const qint64 wait = pacer.delayMs();
    CHECK(wait > 900);
    CHECK(wait <= 1300);
    // Headers saying "unlimited" (none) or something else change nothing.
    CHECK_FALSE(pacer.observeResponse({{"X-HubSpot-RateLimit-Max", "100"}}, pacer.now()));
    CHECK(pacer.mode() == RatePacer::Mode::Limited);
    CHECK(pacer.windows().size() == 1);
    CHECK(pacer.windows().first().max == 5);
    // A 429 without Retry-After holds for the configured time.
    pacer.setRateLimitedHoldMs(30000);
    pacer.observeRateLimited(-1);
    CHECK(pacer.delayMs() > 29000);
    RatePacer other;
    other.setFixedWindows({RatePacer::Window{3, 1000}});
    other.observeRateLimited(2000); // Retry-After wins
    CHECK(other.delayMs() > 1900);
    CHECK(other.delayMs() <= 2000);
}

TEST_CASE("API client budgets: one pacer per budget, set up by the pacer setup", "[unit]")
{
    QNetworkAccessManager nam;
    struct NoTokens : AccessTokenProvider
    {
        QByteArray bearerToken() const override { return {}; }
        bool tokenNeedsRefresh() const override { return false; }
        void refreshAccessToken(std::function<void(const Error &)> done) override { done({}); }
    } tokens;
    ApiClient client(nam, tokens);
    QStringList setUp;
    client.setPacerSetup([&](RatePacer &pacer, const QString &budget) {
        setUp << (budget.isEmpty() ? QStringLiteral("<default>") : budget);
        pacer.setFixedWindows({RatePacer::Window{5, 1000}});
    });
    CHECK(setUp == QStringList{QStringLiteral("<default>")});
    RatePacer &a = client.pacer(QStringLiteral("appA"));
    RatePacer &b = client.pacer(QStringLiteral("appB"));
    CHECK(&a != &b);
    CHECK(&client.pacer(QStringLiteral("appA")) == &a);
    CHECK(&client.pacer(QString()) == &client.pacer());
    CHECK(a.hasFixedWindows());
    CHECK(setUp.size() == 3);
    CHECK(client.budgets() == QStringList{QStringLiteral("appA"), QStringLiteral("appB")});
    client.setDefaultHeader("Notion-Version", "2022-06-28");
    client.setDefaultHeader("notion-version", "2023-01-01");
    REQUIRE(client.defaultHeaders().size() == 1);
    CHECK(client.defaultHeaders().first().second == QByteArray("2023-01-01"));
    client.setDefaultHeader("Notion-Version", {});
    CHECK(client.defaultHeaders().isEmpty());
}
