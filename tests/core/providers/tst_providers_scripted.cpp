// Airtable and Notion on the load engine against a scripted server: what the
// sandbox cannot be made to do on purpose (an Airtable offset that expires, a
// Notion Retry-After beyond a minute or as an HTTP date), and the Notion tree
// with chained block lookups and a parent that is not shared.
#include <catch2/catch.hpp>

#include "engine/loadengine.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/airtable/airtablesync.h"
#include "providers/providerspec.h"
#include "scriptedserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QSet>
#include <QUrlQuery>
#include <optional>

using namespace desk;
using loadtest::waitUntil;
using Reply = ScriptedServer::Reply;

namespace {

Reply json(const QByteArray &body, int status = 200)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    return reply;
}

QString pathOf(const ScriptedServer::Request &request)
{
    return QUrl(QString::fromLatin1(request.target)).path();
}

// One provider's loader on a scripted server standing in for its sandbox.
struct Run
{
    ScriptedServer server;
    QNetworkAccessManager network;
    loadtest::TestTokens tokens;
    ApiClient client{network, tokens};
    std::unique_ptr<ItemLoader> loader;
    ItemBatch items;
    std::optional<LoadOutcome> outcome;
    LoadProgress lastProgress;

    explicit Run(const QString &providerId)
    {
        REQUIRE(server.listen());
        RetryPolicy policy;
        policy.baseDelayMs = 5;
        policy.maxDelayMs = 20;
        client.setRetryPolicy(policy);
        const ProviderSpec *spec = ProviderRegistry::find(providerId);
        REQUIRE(spec);
        ProviderSettings settings;
        settings.sandboxUrl = server.url();
        loader.reset(spec->createLoader(client, spec->profile(settings), nullptr));
        QObject::connect(loader.get(), &ItemLoader::itemsReady,
                         [this](const ItemBatch &batch) { items += batch; });
        QObject::connect(loader.get(), &ItemLoader::finished,
                         [this](const LoadOutcome &o) { outcome = o; });
        QObject::connect(loader.get(), &ItemLoader::progressChanged,
                         [this](const LoadProgress &p) { lastProgress = p; });
    }

    const LoadOutcome &load(const QStringList &types = {})
    {
        LoadRequest request;
        request.objectTypes = types;
        return load(request);
    }

    const LoadOutcome &load(const LoadRequest &request)
    {
        outcome.reset();
        loader->start(request);
        REQUIRE(waitUntil([this] { return outcome.has_value(); }, 30000));
        return *outcome;
    }

    const TypeProgress *type(const QString &name) const
    {
        for (const TypeProgress &t : outcome->types)
            if (t.type == name)
                return &t;
        return nullptr;
    }
};

QString nid(char c)
{
    return QString(32, QLatin1Char(c));
}

QJsonObject notionPage(char id, const QJsonObject &parent, const QString &title)
{
    return QJsonObject{
        {QStringLiteral("object"), QStringLiteral("page")},
        {QStringLiteral("id"), nid(id)},
        {QStringLiteral("parent"), parent},
        {QStringLiteral("properties"),
         QJsonObject{
             {QStringLiteral("Name"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("title")},
                          {QStringLiteral("title"),
                           QJsonArray{QJsonObject{{QStringLiteral("plain_text"), title}}}}}}}}};
}

QJsonObject parentOf(const char *kind, char id = 0)
{
    if (!id)
        return QJsonObject{{QStringLiteral("type"), QLatin1String(kind)},
                           {QLatin1String(kind), true}};
    return QJsonObject{{QStringLiteral("type"), QLatin1String(kind)},
                       {QLatin1String(kind), nid(id)}};
}

} // namespace

TEST_CASE("Airtable: an expired records offset reads the table again, counts stay exact",
          "[providers][airtable][restart]")
{
    Run run(QStringLiteral("airtable"));
    int expired = 0;
    run.server.handler = [&expired](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/airtable/v0/meta/bases"))
            return json(R"({"bases":[{"id":"app1","name":"Base"}]})");
        if (path == QLatin1String("/airtable/v0/meta/bases/app1/tables"))
            return json(R"({"tables":[{"id":"tbl1","name":"Tasks","primaryFieldId":"fld1",
                "fields":[{"id":"fld1","name":"Name"}]}]})");
        const QString offset = QUrlQuery(QUrl(QString::fromLatin1(request.target)))
                                   .queryItemValue(QStringLiteral("offset"));
        if (offset.isEmpty())
            return json(R"({"records":[{"id":"rec0","fields":{"Name":"a"}},
                {"id":"rec1","fields":{"Name":"b"}}],"offset":"itr1/rec2"})");
        if (expired++ == 0)
            return json(R"({"error":{"type":"LIST_RECORDS_ITERATOR_NOT_AVAILABLE",
                "message":"start over"}})",
                        422);
        return json(R"({"records":[{"id":"rec2","fields":{"Name":"c"}}]})");
    };
    const LoadOutcome &outcome = run.load({QStringLiteral("records")});
    REQUIRE(outcome.complete);
    QStringList records;
    for (const IntegrationItem &item : std::as_const(run.items))
        if (item.type == QLatin1String("records"))
            records.append(item.id);
    CHECK(records.size() == 5); // the first page twice: callers replace, not append
    CHECK(QSet<QString>(records.begin(), records.end()).size() == 3);
    CHECK(run.type(QStringLiteral("records"))->loaded == 3);
    CHECK(run.type(QStringLiteral("records"))->done);
    CHECK(run.items.last().name == QStringLiteral("c"));
    CHECK(run.items.last().parentName == QStringLiteral("Tasks"));
}

TEST_CASE("Notion: parents first, chained block lookups, an unshared parent becomes a problem",
          "[providers][notion][hierarchy]")
{
    Run run(QStringLiteral("notion"));
    run.server.handler = [](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/notion/v1/users/me"))
            return json(R"({"object":"user","id":"bot","bot":{"workspace_name":"WS"}})");
        if (path == QLatin1String("/notion/v1/blocks/") + nid('1'))
            return json(
                QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("block")},
                                          {QStringLiteral("parent"), parentOf("block_id", '2')}})
                    .toJson());
        if (path == QLatin1String("/notion/v1/blocks/") + nid('2'))
            return json(
                QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("block")},
                                          {QStringLiteral("parent"), parentOf("page_id", 'a')}})
                    .toJson());
        // Children before their parents, one page of search.
        const QJsonArray results{notionPage('e', parentOf("page_id", 'b'), QStringLiteral("E")),
                                 notionPage('b', parentOf("block_id", '1'), QStringLiteral("B")),
                                 notionPage('c', parentOf("page_id", 'f'), QStringLiteral("C")),
                                 notionPage('a', parentOf("workspace"), QStringLiteral("A"))};
        return json(QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                              {QStringLiteral("results"), results},
                                              {QStringLiteral("has_more"), false},
                                              {QStringLiteral("next_cursor"), QJsonValue()}})
                        .toJson());
    };
    const LoadOutcome &outcome = run.load();
    REQUIRE(outcome.complete);
    REQUIRE(run.items.size() == 5);
    CHECK(run.items.first().type == QStringLiteral("workspace"));
    CHECK(run.items.first().name == QStringLiteral("WS"));
    QHash<QString, IntegrationItem> byId;
    QHash<QString, int> position;
    for (int i = 0; i < run.items.size(); ++i) {
        byId.insert(run.items.at(i).id, run.items.at(i));
        position.insert(run.items.at(i).id, i);
    }
    CHECK(byId.value(nid('a')).parentId == QStringLiteral("workspace"));
    CHECK(byId.value(nid('a')).parentName == QStringLiteral("WS"));
    CHECK(byId.value(nid('b')).parentId == nid('a')); // block in a block in page A
    CHECK(byId.value(nid('b')).properties.value(QStringLiteral("parentBlock")).toString() ==
          nid('1'));
    CHECK(byId.value(nid('e')).parentId == nid('b'));
    CHECK(byId.value(nid('e')).parentName == QStringLiteral("B"));
    CHECK(position.value(nid('a')) < position.value(nid('b')));
    CHECK(position.value(nid('b')) < position.value(nid('e')));
    const IntegrationItem orphan = byId.value(nid('c'));
    CHECK(orphan.parentId == QStringLiteral("workspace"));
    REQUIRE(orphan.problems.size() == 1);
    CHECK(orphan.problems.first().contains(nid('f')));
    CHECK(byId.value(nid('a')).problems.isEmpty());
    // Every request counted: the search and both lookups for pages, users/me shared.
    CHECK(run.type(QStringLiteral("pages"))->requests == 3);
    CHECK(run.type(QStringLiteral("pages"))->loaded == 4);
    CHECK(run.server.requests.size() == 4);
}

TEST_CASE("Airtable: a table whose records fail keeps what came, resume finishes it once",
          "[providers][airtable][resume]")
{
    Run run(QStringLiteral("airtable"));
    RetryPolicy once = run.client.retryPolicy();
    once.maxAttempts = 1;
    run.client.setRetryPolicy(once);
    bool broken = true;
    run.server.handler = [&broken](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/airtable/v0/meta/bases"))
            return json(R"({"bases":[{"id":"app1","name":"Base"}]})");
        if (path == QLatin1String("/airtable/v0/meta/bases/app1/tables"))
            return json(R"({"tables":[{"id":"tbl1","name":"One"},{"id":"tbl2","name":"Two"}]})");
        const bool second = request.target.contains("offset=");
        if (path == QLatin1String("/airtable/v0/app1/tbl2") && second && broken)
            return json(R"({"error":{"type":"SERVER_ERROR","message":"down"}})", 503);
        if (second)
            return json(path.endsWith(QLatin1String("tbl1"))
                            ? R"({"records":[{"id":"recB1","fields":{}}]})"
                            : R"({"records":[{"id":"recB2","fields":{}}]})");
        return json(path.endsWith(QLatin1String("tbl1"))
                        ? R"({"records":[{"id":"recA1","fields":{}}],"offset":"o"})"
                        : R"({"records":[{"id":"recA2","fields":{}}],"offset":"o"})");
    };
    const LoadOutcome failed = run.load({QStringLiteral("records")});
    CHECK_FALSE(failed.complete);
    CHECK(failed.error.kind == Error::Kind::Service);
    CHECK(run.type(QStringLiteral("tables"))->done);
    CHECK_FALSE(run.type(QStringLiteral("records"))->done);
    CHECK(run.type(QStringLiteral("records"))->loaded == 3); // tbl1 whole, tbl2's first page
    CHECK(failed.resumeCursors.value(QStringLiteral("records:tbl2")) == QStringLiteral("o"));
    REQUIRE(run.loader->canResume());
    broken = false;
    run.outcome.reset();
    run.loader->resume();
    REQUIRE(waitUntil([&run] { return run.outcome.has_value(); }, 30000));
    CHECK(run.outcome->complete);
    QStringList records;
    for (const IntegrationItem &item : std::as_const(run.items))
        if (item.type == QLatin1String("records"))
            records.append(item.id);
    records.sort(); // the two tables load side by side
    CHECK(records == QStringList{QStringLiteral("recA1"), QStringLiteral("recA2"),
                                 QStringLiteral("recB1"), QStringLiteral("recB2")}); // each once
    CHECK(run.type(QStringLiteral("records"))->loaded == 4);
}

TEST_CASE("Notion: cancel in the middle of the search, resume completes without duplicates",
          "[providers][notion][cancel]")
{
    Run run(QStringLiteral("notion"));
    run.server.handler = [](const ScriptedServer::Request &request) {
        if (pathOf(request) == QLatin1String("/notion/v1/users/me"))
            return json(R"({"object":"user","id":"bot","bot":{"workspace_name":"WS"}})");
        const bool second = request.body.contains("start_cursor");
        const QJsonArray results{
            notionPage(second ? 'b' : 'a', parentOf("workspace"), QStringLiteral("P"))};
        QJsonObject page{{QStringLiteral("object"), QStringLiteral("list")},
                         {QStringLiteral("results"), results},
                         {QStringLiteral("has_more"), !second},
                         {QStringLiteral("next_cursor"),
                          second ? QJsonValue() : QJsonValue(QStringLiteral("c2"))}};
        return json(QJsonDocument(page).toJson());
    };
    bool cancelled = false;
    QObject::connect(run.loader.get(), &ItemLoader::itemsReady, [&](const ItemBatch &batch) {
        if (!cancelled && batch.first().type == QLatin1String("pages")) {
            cancelled = true;
            run.loader->cancel();
        }
    });
    const LoadOutcome &stopped = run.load();
    CHECK(stopped.cancelled);
    CHECK(run.client.pendingCount() == 0);
    run.outcome.reset();
    run.loader->resume();
    REQUIRE(waitUntil([&run] { return run.outcome.has_value(); }, 30000));
    CHECK(run.outcome->complete);
    QStringList ids;
    for (const IntegrationItem &item : std::as_const(run.items))
        ids.append(item.id);
    CHECK(ids == QStringList{QStringLiteral("workspace"), nid('a'), nid('b')});
}

TEST_CASE("Airtable: a resume offset Airtable no longer knows reads the table from the start",
          "[providers][airtable][resume]")
{
    Run run(QStringLiteral("airtable"));
    QStringList offsets;
    run.server.handler = [&offsets](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/airtable/v0/meta/bases"))
            return json(R"({"bases":[{"id":"app1","name":"Base"}]})");
        if (path == QLatin1String("/airtable/v0/meta/bases/app1/tables"))
            return json(R"({"tables":[{"id":"tbl1","name":"Tasks"}]})");
        const QString offset = QUrlQuery(QUrl(QString::fromLatin1(request.target)))
                                   .queryItemValue(QStringLiteral("offset"), QUrl::FullyDecoded);
        offsets.append(offset);
        if (!offset.isEmpty()) // e.g. the server restarted since the earlier run
            return json(R"({"error":{"type":"INVALID_OFFSET_VALUE","message":"invalid"}})", 422);
        return json(R"({"records":[{"id":"rec0","createdTime":"2024-01-01T00:00:00.000Z"},
            {"id":"rec1","createdTime":"2024-01-02T00:00:00.000Z"}]})");
    };
    LoadRequest request;
    request.objectTypes = {QStringLiteral("records")};
    request.resumeCursors.insert(QStringLiteral("records:tbl1"),
                                 QStringLiteral("itrOldOldOldOld00/rec9"));
    const LoadOutcome &outcome = run.load(request);
    INFO(outcome.error.detail.toStdString());
    REQUIRE(outcome.complete);
    CHECK(offsets == QStringList{QStringLiteral("itrOldOldOldOld00/rec9"), QString()});
    CHECK(run.type(QStringLiteral("records"))->loaded == 2);
}

TEST_CASE("Airtable refresh: a base and a table gone since are removed with their records",
          "[providers][airtable][refresh]")
{
    Run run(QStringLiteral("airtable"));
    QString formula;
    run.server.handler = [&formula](const ScriptedServer::Request &request) {
        const QString path = pathOf(request);
        if (path == QLatin1String("/airtable/v0/meta/bases"))
            return json(R"({"bases":[{"id":"app1","name":"Base"}]})");
        if (path == QLatin1String("/airtable/v0/meta/bases/app1/tables"))
            return json(R"({"tables":[{"id":"tbl1","name":"Tasks"}]})");
        formula = QUrlQuery(QUrl(QString::fromLatin1(request.target)))
                      .queryItemValue(QStringLiteral("filterByFormula"), QUrl::FullyDecoded);
        return json(R"({"records":[]})");
    };
    using namespace desk::airtable;
    const QDateTime since(QDate(2026, 1, 5), QTime(12, 0), Qt::UTC);
    auto table = [&since](const char *base, QStringList ids) {
        TableState t;
        t.baseId = QLatin1String(base);
        t.since = since;
        for (const QString &id : ids)
            t.ids.insert(id);
        return t;
    };
    const QString recA = QStringLiteral("recAAAAAAAAAAAAAA"),
                  recB = QStringLiteral("recBBBBBBBBBBBBBB"),
                  recC = QStringLiteral("recCCCCCCCCCCCCCC"),
                  recD = QStringLiteral("recDDDDDDDDDDDDDD");
    LoadRequest request;
    request.objectTypes = {QStringLiteral("records")};
    request.mode = LoadMode::Incremental;
    const QDateTime swept = QDateTime::currentDateTimeUtc();
    request.syncStates.insert(
        QStringLiteral("bases"),
        {basesToken({QStringLiteral("app1"), QStringLiteral("app2")}), swept});
    request.syncStates.insert(QStringLiteral("tables"),
                              {tablesToken({{QStringLiteral("tbl1"), QStringLiteral("app1")},
                                            {QStringLiteral("tbl2"), QStringLiteral("app1")},
                                            {QStringLiteral("tbl3"), QStringLiteral("app2")}}),
                               swept});
    request.syncStates.insert(
        QStringLiteral("records"),
        {recordsToken(
             {{QStringLiteral("tbl1"), encodeTable(QStringLiteral("tbl1"), table("app1", {recA}))},
              {QStringLiteral("tbl2"),
               encodeTable(QStringLiteral("tbl2"), table("app1", {recB, recC}))},
              {QStringLiteral("tbl3"),
               encodeTable(QStringLiteral("tbl3"), table("app2", {recD}))}}),
         swept});
    QVector<ItemKey> removed;
    QObject::connect(run.loader.get(), &ItemLoader::itemsRemoved,
                     [&removed](const QVector<ItemKey> &keys) { removed += keys; });
    const LoadOutcome &outcome = run.load(request);
    INFO(outcome.error.detail.toStdString());
    REQUIRE(outcome.complete);
    // The changes since the last listing began, five minutes early for the clocks.
    CHECK(formula == QStringLiteral("IS_AFTER(LAST_MODIFIED_TIME(), '2026-01-05T11:55:00.000Z')"));
    QSet<QString> gone;
    for (const ItemKey &key : std::as_const(removed))
        gone.insert(key.type + QLatin1Char('/') + key.id);
    CHECK(gone == QSet<QString>{QStringLiteral("tables/tbl2"), QStringLiteral("records/") + recB,
                                QStringLiteral("records/") + recC, QStringLiteral("bases/app2"),
                                QStringLiteral("tables/tbl3"), QStringLiteral("records/") + recD});
    CHECK(removed.size() == gone.size());
    // The new state knows only what is left; the last sweep is kept (none was due).
    const auto tables =
        decodeRecordsToken(outcome.syncStates.value(QStringLiteral("records")).token);
    REQUIRE(tables.has_value());
    CHECK(tables->keys() == QStringList{QStringLiteral("tbl1")});
    CHECK(tables->value(QStringLiteral("tbl1")).ids == QSet<QString>{recA});
    CHECK(outcome.syncStates.value(QStringLiteral("records")).lastFullSweep == swept);
    CHECK(decodeBasesToken(outcome.syncStates.value(QStringLiteral("bases")).token) ==
          QStringList{QStringLiteral("app1")});
}

TEST_CASE("Notion: a workspace limit asking for more than a minute is waited, shown, cancellable",
          "[providers][notion][limits]")
{
    Run run(QStringLiteral("notion"));
    RetryPolicy strict = run.client.retryPolicy();
    strict.maxRateLimitRetries = 0; // even so: a shared limit never fails the load
    run.client.setRetryPolicy(strict);
    const QByteArray httpDate = QLocale::c()
                                    .toString(QDateTime::currentDateTimeUtc().addSecs(75),
                                              QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                                    .toLatin1();
    int searches = 0;
    run.server.handler = [&](const ScriptedServer::Request &request) {
        if (pathOf(request) == QLatin1String("/notion/v1/users/me"))
            return json(R"({"object":"user","id":"bot","bot":{"workspace_name":"WS"}})");
        Reply reply = json(R"({"object":"error","status":429,"code":"rate_limited",
            "message":"slow down","additional_data":{"rate_limit_reason":
            "public_api_space_request_rate_limit"}})",
                           429);
        reply.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("90")));
        if (++searches > 1) { // then a 529 whose Retry-After is an HTTP date
            reply = json(R"({"object":"error","status":529,"code":"service_overload"})", 529);
            reply.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), httpDate));
        }
        return reply;
    };
    LoadRequest request;
    run.loader->start(request);
    REQUIRE(waitUntil([&] { return run.lastProgress.waitingMs > 0; }, 5000));
    CHECK(run.lastProgress.waitingMs > 85000);
    CHECK(run.lastProgress.waitingMs <= 90000);
    CHECK(run.client.pacer().blockedUntil() - run.client.pacer().now() > 85000);
    waitUntil([] { return false; }, 300);
    CHECK_FALSE(run.outcome.has_value()); // waiting, not failed
    CHECK(searches == 1);
    run.loader->cancel();
    REQUIRE(run.outcome.has_value());
    CHECK(run.outcome->cancelled);
    CHECK(run.client.statistics().http429 == 1);

    // The overload's HTTP date, on a fresh client.
    Run second(QStringLiteral("notion"));
    second.server.handler = [&](const ScriptedServer::Request &request) {
        if (pathOf(request) == QLatin1String("/notion/v1/users/me"))
            return json(R"({"object":"user","id":"bot","bot":{"workspace_name":"WS"}})");
        Reply reply = json(R"({"object":"error","status":529,"code":"service_overload"})", 529);
        reply.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), httpDate));
        return reply;
    };
    second.loader->start(request);
    REQUIRE(waitUntil([&] { return second.lastProgress.waitingMs > 0; }, 5000));
    CHECK(second.lastProgress.waitingMs > 60000);
    CHECK(second.lastProgress.waitingMs <= 76000);
    CHECK(second.client.statistics().overloaded == 1);
    CHECK(second.client.statistics().http5xx == 0);
    second.loader->cancel();
    CHECK(second.outcome->cancelled);
}
