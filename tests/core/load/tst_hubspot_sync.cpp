// Incremental refresh of HubSpot into an ItemStore (the engine and the store, no Connection):
// after changes, additions and deletions the store equals a fresh full load item for item (also
// when the search index trails the records: the next refresh's overlap catches what the first
// could not see), and a refresh costs a small share of a full load's requests.
#include "hubspottestutil.h"
#include "providers/hubspot/hubspotpage.h"
#include "store/itemstore.h"
#include "store/storeitemsource.h"

#include <QJsonObject>
#include <QThread>
#include <cstdio>

using namespace desk;
using namespace hubspottest;

namespace {

// One account's store and the loads that fill it, as the app drives them.
struct Synced
{
    std::unique_ptr<ItemStore> store;
    std::unique_ptr<StoreItemSource> source;
    qint64 requests = 0;              // of the last load
    QHash<QString, bool> incremental; // of the last load, per type

    Synced()
    {
        StoreOptions options;
        options.providerId = QStringLiteral("hubspot");
        options.accountId = kHubId;
        options.presentation = hubspot::declaration().presentation();
        auto opened = ItemStore::open(options);
        REQUIRE(opened.ok());
        store = std::move(opened.value().store);
        source = std::make_unique<StoreItemSource>(store.get());
    }

    void load(SandboxProcess &sandbox, LoadMode mode, qint64 lagMs = 0)
    {
        LoadRun run(sandbox.baseUrl());
        run.tune([lagMs](LoadTuning &t) { t.indexLagMs = lagMs; });
        LoadRequest request;
        request.accountId = kHubId;
        request.mode = mode;
        request.known = source.get();
        // Kept in a local: a range-for over .value() of the temporary Result
        // would read freed memory.
        const auto states = store->syncStates();
        REQUIRE(states.ok());
        for (const TypeSyncState &state : states.value())
            request.syncStates.insert(state.type, SyncState{state.syncToken, state.lastFullSweep});
        incremental.clear();
        QObject::connect(run.loader.get(), &ItemLoader::progressChanged,
                         [this](const LoadProgress &progress) {
                             for (const TypeProgress &type : progress.types)
                                 if (!incremental.contains(type.type)) {
                                     incremental.insert(type.type, type.incremental);
                                     if (!type.incremental)
                                         REQUIRE(store->beginFullLoad(type.type).ok());
                                 }
                         });
        QObject::connect(run.loader.get(), &ItemLoader::itemsReady, [this](const ItemBatch &items) {
            REQUIRE(store->applyPage(StorePage{items, {}, {}}).ok());
        });
        QObject::connect(run.loader.get(), &ItemLoader::itemsRemoved,
                         [this](const QVector<ItemKey> &keys) {
                             REQUIRE(store->applyPage(StorePage{{}, keys, {}}).ok());
                         });
        run.start(request);
        REQUIRE(run.wait(180000));
        REQUIRE(run.outcome->complete);
        StorePage last;
        for (auto it = run.outcome->syncStates.cbegin(); it != run.outcome->syncStates.cend();
             ++it) {
            TypeSyncProgress progress;
            progress.type = it.key();
            progress.syncToken = it.value().token;
            (incremental.value(it.key()) ? progress.syncComplete : progress.fullLoadComplete) =
                true;
            last.progress.append(progress);
        }
        REQUIRE(store->applyPage(last).ok());
        requests = run.client.statistics().sent;
    }

    // Every item as it would be exported; the parent's display name is left out
    // (the tree resolves it from the parent's row).
    QHash<QString, QJsonObject> items() const
    {
        QHash<QString, QJsonObject> all;
        auto cursor = store->itemCursor();
        for (auto batch = cursor->next(1000); batch.ok() && !batch.value().isEmpty();
             batch = cursor->next(1000))
            for (const IntegrationItem &item : batch.value()) {
                QJsonObject json = item.toJson();
                json.remove(QStringLiteral("parentName"));
                all.insert(item.type + QLatin1Char('/') + item.id, json);
            }
        return all;
    }
};

void change(SandboxProcess &sandbox, const QString &type, int modify, int add, int remove)
{
    HttpProbe probe;
    sandboxtest::applyChanges(sandbox, probe,
                              QJsonObject{{QStringLiteral("type"), type},
                                          {QStringLiteral("modify"), modify},
                                          {QStringLiteral("add"), add},
                                          {QStringLiteral("delete"), remove}});
}

void changeEverything(SandboxProcess &sandbox)
{
    change(sandbox, QStringLiteral("contacts"), 25, 15, 10);
    change(sandbox, QStringLiteral("companies"), 5, 4, 3);
    change(sandbox, QStringLiteral("deals"), 8, 6, 4);
    change(sandbox, QStringLiteral("tickets"), 4, 3, 2);
}

// Item for item, with the first differences named.
void checkSame(const Synced &refreshed, const Synced &fresh)
{
    const QHash<QString, QJsonObject> a = refreshed.items();
    const QHash<QString, QJsonObject> b = fresh.items();
    QStringList differences;
    for (auto it = b.cbegin(); it != b.cend(); ++it)
        if (a.value(it.key()) != it.value())
            differences.append(it.key() +
                               (a.contains(it.key()) ? QString() : QStringLiteral(" missing")));
    for (auto it = a.cbegin(); it != a.cend(); ++it)
        if (!b.contains(it.key()))
            differences.append(it.key() + QStringLiteral(" left over"));
    INFO(differences.mid(0, 20).join(QLatin1Char('\n')).toStdString());
    CHECK(differences.isEmpty());
    CHECK(a.size() == b.size());
}

} // namespace

TEST_CASE("After changes, additions and deletions a refresh leaves the store as a fresh full load",
          "[hubspot][sync]")
{
    SandboxProcess sandbox(sandboxArgs(600, 80, 150, 60));
    REQUIRE(sandbox.started());
    Synced synced;
    synced.load(sandbox, LoadMode::Full);
    const qint64 full = synced.requests;
    changeEverything(sandbox);
    synced.load(sandbox, LoadMode::Incremental);
    for (const QString &type : hubspot::objectTypes())
        CHECK(synced.incremental.value(type));
    const qint64 refresh = synced.requests;
    Synced fresh;
    fresh.load(sandbox, LoadMode::Full);
    checkSame(synced, fresh);
    // No cost check here: on an account this small (a full load is 17 requests)
    // re-reading the changed records and their associated ones costs more than
    // listing everything. The cost at a realistic size is the next cases' claim.
    std::fprintf(stderr, "sync: full load %lld requests, refresh %lld\n", full, refresh);
}

TEST_CASE("A search index that trails the records: the next refresh catches what one missed",
          "[hubspot][sync][lag]")
{
    SandboxProcess sandbox(
        sandboxArgs(600, 80, 150, 60, {QStringLiteral("--search-lag-ms"), QStringLiteral("1500")}));
    REQUIRE(sandbox.started());
    Synced synced;
    synced.load(sandbox, LoadMode::Full, 1500);
    changeEverything(sandbox);
    // At once: the index may not show the changes yet (deletions it does not need).
    synced.load(sandbox, LoadMode::Incremental, 1500);
    QThread::msleep(1700);
    synced.load(sandbox, LoadMode::Incremental, 1500);
    Synced fresh;
    fresh.load(sandbox, LoadMode::Full, 1500);
    checkSame(synced, fresh);
}

TEST_CASE("A refresh costs a small share of a full load's requests", "[hubspot][sync][figures]")
{
    SandboxProcess sandbox(sandboxArgs(20000, 300, 300, 100));
    REQUIRE(sandbox.started());
    Synced synced;
    synced.load(sandbox, LoadMode::Full);
    const qint64 full = synced.requests;
    synced.load(sandbox, LoadMode::Incremental);
    const qint64 unchanged = synced.requests;
    change(sandbox, QStringLiteral("contacts"), 120, 40, 40); // 1 % of the contacts
    synced.load(sandbox, LoadMode::Incremental);
    const qint64 onePercent = synced.requests;
    std::fprintf(stderr,
                 "sync requests: full %lld, unchanged re-sync %lld (%.1f %%), after 1 %% of the "
                 "contacts changed %lld (%.1f %%)\n",
                 full, unchanged, 100.0 * unchanged / full, onePercent, 100.0 * onePercent / full);
    CHECK(unchanged * 10 <= full);
    // Without latency the full load reads the lists alone (search would add ids
    // slower than the list reads them): one request per 100 records, the
    // cheapest full load there is; a refresh after 1 % changed stays under a fifth.
    CHECK(onePercent * 5 <= full);
    Synced fresh;
    fresh.load(sandbox, LoadMode::Full);
    checkSame(synced, fresh);
}
