#pragma once

// Notion against the sandbox without a sign-in: the static token the sandbox
// accepts (--notion-token), the provider's LoadEngine on its own ApiClient, an
// ItemStore the loads are written to (as the app writes them: a full load
// sweeps, a refresh applies changes and removals), and what the sandbox holds,
// read independently through its API (the ground truth).

#include "auth/statictokenprovider.h"
#include "authtestutil.h"
#include "engine/loadengine.h"
#include "net/apiclient.h"
#include "notiontestutil.h"
#include "providers/providerspec.h"
#include "store/itemstore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace notionrig {

using namespace desk;

inline const ProviderSpec &notion()
{
    return *ProviderRegistry::find(QStringLiteral("notion"));
}

inline QString id32(const QString &id)
{
    return QString(id).remove(QLatin1Char('-')).toLower();
}

// Records when each request left and when (and how) each answer came.
class TimingNetworkAccessManager : public QNetworkAccessManager
{
public:
    struct Answer
    {
        qint64 at = 0;
        int status = 0;
        QByteArray retryAfter;
        QByteArray reason; // additional_data.rate_limit_reason
    };
    QElapsedTimer clock;
    QVector<qint64> sent;
    QVector<Answer> answers;
    int inFlight = 0;
    int maxInFlight = 0;

    TimingNetworkAccessManager() { clock.start(); }

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        sent.append(clock.elapsed());
        maxInFlight = std::max(maxInFlight, ++inFlight);
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
        // Connected before the client's own slot: runs first.
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply] {
            --inFlight;
            Answer a;
            a.at = clock.elapsed();
            a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            a.retryAfter = reply->rawHeader("Retry-After");
            if (a.status == 429 || a.status == 529)
                a.reason = QJsonDocument::fromJson(reply->peek(1 << 16))
                               .object()
                               .value(QStringLiteral("additional_data"))
                               .toObject()
                               .value(QStringLiteral("rate_limit_reason"))
                               .toString()
                               .toLatin1();
            answers.append(a);
        });
        return reply;
    }
};

// One engine and one store, on one client.
struct StoreRig
{
    SandboxProcess &sandbox;
    QTemporaryDir dir;
    TimingNetworkAccessManager nam;
    StaticTokenProvider tokens;
    ApiClient client{nam, tokens};
    std::unique_ptr<LoadEngine> engine;
    std::unique_ptr<ItemStore> store;
    QVector<LoadProgress> progress;
    QVector<ItemKey> removed;
    ChangeSummary summary;
    Error storeError;

    StoreRig(SandboxProcess &sandbox, const QByteArray &token, const LoadTuning &tuning = fast())
        : sandbox(sandbox), tokens(token, QStringLiteral("Notion"))
    {
        ProviderSettings settings;
        settings.sandboxUrl = sandbox.baseUrl();
        engine.reset(static_cast<LoadEngine *>(
            notion().createLoader(client, notion().profile(settings), nullptr)));
        engine->setTuning(tuning);
        StoreOptions options;
        options.directory = dir.path();
        options.providerId = QStringLiteral("notion");
        options.accountId = QStringLiteral("workspace-1");
        options.presentation = notion().presentation();
        auto opened = ItemStore::open(options);
        REQUIRE(opened.ok());
        store = std::move(opened.value().store);
        QObject::connect(engine.get(), &ItemLoader::itemsReady, [this](const ItemBatch &items) {
            apply(StorePage{items, {}, {}});
        });
        QObject::connect(engine.get(), &ItemLoader::itemsRemoved,
                         [this](const QVector<ItemKey> &keys) {
                             removed += keys;
                             apply(StorePage{{}, keys, {}});
                         });
        QObject::connect(engine.get(), &ItemLoader::progressChanged,
                         [this](const LoadProgress &p) { progress.append(p); });
    }

    // No pacing to speak of: for a sandbox whose limits are off.
    static LoadTuning fast()
    {
        LoadTuning tuning;
        tuning.requestsPerSecond = 200;
        tuning.windowRequests = 100000;
        return tuning;
    }

    void apply(const StorePage &page)
    {
        auto written = store->applyPage(page);
        if (!written.ok())
            storeError = written.error();
        else
            summary += written.value();
    }

    // A full load (which sweeps what it did not see) or a refresh from the
    // store's sync state; the outcome's sync state is stored with it.
    LoadOutcome load(LoadMode mode, const QStringList &types = {})
    {
        const QStringList loaded = types.isEmpty() ? notion().defaultObjectTypes() : types;
        LoadRequest request;
        request.objectTypes = types;
        request.mode = mode;
        if (mode == LoadMode::Full) {
            for (const QString &type : loaded)
                REQUIRE(store->beginFullLoad(type, FullLoadMode::Restart).ok());
        } else {
            auto states = store->syncStates();
            REQUIRE(states.ok());
            for (const TypeSyncState &state : states.value())
                request.syncStates.insert(state.type,
                                          SyncState{state.syncToken, state.lastFullSweep});
        }
        removed.clear();
        progress.clear();
        summary = {};
        client.resetStatistics();
        std::optional<LoadOutcome> outcome;
        auto connection = QObject::connect(engine.get(), &ItemLoader::finished,
                                           [&outcome](const LoadOutcome &o) { outcome = o; });
        engine->start(request);
        const bool finished = authtest::waitUntil([&] { return outcome.has_value(); }, 120000);
        QObject::disconnect(connection);
        REQUIRE(finished);
        StorePage end;
        for (auto it = outcome->syncStates.cbegin(); it != outcome->syncStates.cend(); ++it) {
            TypeSyncProgress p;
            p.type = it.key();
            p.syncToken = it.value().token;
            p.fullLoadComplete = mode == LoadMode::Full && outcome->complete;
            p.syncComplete = mode == LoadMode::Incremental;
            end.progress.append(p);
        }
        if (outcome->complete)
            apply(end);
        CHECK_FALSE(storeError.isError());
        return *outcome;
    }

    int requests() const { return int(client.statistics().sent); }

    // "type/id" -> the stored item as JSON.
    QMap<QString, QJsonObject> contents() const
    {
        QMap<QString, QJsonObject> out;
        auto cursor = store->itemCursor();
        for (;;) {
            auto batch = cursor->next(500);
            REQUIRE(batch.ok());
            if (batch.value().isEmpty())
                break;
            for (const IntegrationItem &item : batch.value())
                out.insert(item.type + QLatin1Char('/') + item.id, item.toJson());
        }
        return out;
    }
};

// What the sandbox shows at 2026-03-11, read with another token: every live
// page and data source (search) and the database of each data source.
struct Truth
{
    QHash<QString, QJsonObject> objects; // id32 -> object
    QHash<QString, QString> types;       // id32 -> item type
    int pages = 0, dataSources = 0, databases = 0;
    int size() const { return pages + dataSources + databases; }

    static Truth read(SandboxProcess &sandbox, const QString &token, int spacingMs = 0)
    {
        using namespace sandboxtest;
        HttpProbe probe;
        Truth truth;
        QJsonValue cursor;
        for (int i = 0; i < 100; ++i) {
            QJsonObject body{{QStringLiteral("page_size"), 100}};
            if (cursor.isString())
                body.insert(QStringLiteral("start_cursor"), cursor);
            if (spacingMs)
                authtest::spin(spacingMs);
            const HttpResult r =
                ntPost(sandbox, probe, QStringLiteral("/v1/search"), body, token, kNtNewest);
            REQUIRE(r.status == 200);
            const QJsonObject o = r.json().object();
            for (const QJsonValue &v : o.value(QStringLiteral("results")).toArray())
                truth.add(v.toObject());
            cursor = o.value(QStringLiteral("next_cursor"));
            if (!o.value(QStringLiteral("has_more")).toBool())
                break;
        }
        QSet<QString> databases;
        for (auto it = truth.objects.cbegin(); it != truth.objects.cend(); ++it)
            if (truth.types.value(it.key()) == QLatin1String("data_sources"))
                databases.insert(id32(it.value()
                                          .value(QStringLiteral("parent"))
                                          .toObject()
                                          .value(QStringLiteral("database_id"))
                                          .toString()));
        for (const QString &id : std::as_const(databases)) {
            if (spacingMs)
                authtest::spin(spacingMs);
            const HttpResult r =
                ntGet(sandbox, probe, QStringLiteral("/v1/databases/") + id, token, kNtNewest);
            REQUIRE(r.status == 200);
            truth.add(r.json().object());
        }
        return truth;
    }

    void add(const QJsonObject &o)
    {
        REQUIRE_FALSE(o.value(QStringLiteral("in_trash")).toBool()); // search leaves the trash out
        const QString kind = o.value(QStringLiteral("object")).toString();
        const QString id = id32(o.value(QStringLiteral("id")).toString());
        if (objects.contains(id))
            return;
        objects.insert(id, o);
        if (kind == QLatin1String("page")) {
            types.insert(id, QStringLiteral("pages"));
            ++pages;
        } else if (kind == QLatin1String("data_source")) {
            types.insert(id, QStringLiteral("data_sources"));
            ++dataSources;
        } else {
            types.insert(id, QStringLiteral("databases"));
            ++databases;
        }
    }
};

} // namespace notionrig
