// Airtable loads on the engine against a sandbox, an ItemStore fed like the
// Connection feeds one, and the sandbox's change endpoint and log.
#include "airtablerig.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace desk;

namespace attest {

QStringList dataArgs(int bases, int tables, int records, const QStringList &extra)
{
    return QStringList{QStringLiteral("--airtable-bases"),   QString::number(bases),
                       QStringLiteral("--airtable-tables"),  QString::number(tables),
                       QStringLiteral("--airtable-records"), QString::number(records),
                       QStringLiteral("--airtable-pat"),     QString::fromLatin1(kPat)} +
           extra;
}

const ProviderSpec &airtable()
{
    const ProviderSpec *spec = ProviderRegistry::find(QStringLiteral("airtable"));
    REQUIRE(spec);
    return *spec;
}

QStringList allTypes()
{
    return {QStringLiteral("bases"), QStringLiteral("tables"), QStringLiteral("records")};
}

AirtableLoad::AirtableLoad(SandboxProcess &sandbox, AccessTokenProvider &tokens)
    : sandbox(sandbox), client(network, tokens)
{
    ProviderSettings settings;
    settings.sandboxUrl = sandbox.baseUrl();
    owner.reset(airtable().createLoader(client, airtable().profile(settings), nullptr));
    engine = qobject_cast<LoadEngine *>(owner.get());
    REQUIRE(engine);
    QObject::connect(engine, &ItemLoader::itemsReady, engine, [this](const ItemBatch &batch) {
        items += batch;
        if (onItems)
            onItems(batch);
    });
    QObject::connect(engine, &ItemLoader::itemsRemoved, engine,
                     [this](const QVector<ItemKey> &keys) { removed += keys; });
    QObject::connect(engine, &ItemLoader::finished, engine,
                     [this](const LoadOutcome &o) { outcome = o; });
}

AirtableLoad::~AirtableLoad() = default;

const LoadOutcome &AirtableLoad::run(const LoadRequest &request, int timeoutMs)
{
    items.clear();
    removed.clear();
    outcome.reset();
    engine->start(request);
    REQUIRE(loadtest::waitUntil([this] { return outcome.has_value(); }, timeoutMs));
    return *outcome;
}

LoadRequest AirtableLoad::records(LoadMode mode, const SyncStates &states)
{
    LoadRequest request;
    request.objectTypes = {QStringLiteral("records")};
    request.mode = mode;
    request.syncStates = states;
    return request;
}

const TypeProgress *AirtableLoad::type(const QString &name) const
{
    if (!outcome)
        return nullptr;
    for (const TypeProgress &t : outcome->types)
        if (t.type == name)
            return &t;
    return nullptr;
}

QHash<QString, int> AirtableLoad::timesEmitted(const QString &type) const
{
    QHash<QString, int> times;
    for (const IntegrationItem &item : items)
        if (item.type == type)
            ++times[item.id];
    return times;
}

int AirtableLoad::requests() const
{
    const LoadProgress progress = engine->progress();
    int sum = progress.sharedRequests;
    for (const TypeProgress &t : progress.types)
        sum += t.requests;
    return sum;
}

StoreSink::StoreSink()
{
    StoreOptions options;
    options.providerId = QStringLiteral("airtable");
    options.accountId = QStringLiteral("usr-test");
    options.presentation = airtable().presentation();
    auto opened = ItemStore::open(options);
    REQUIRE(opened.ok());
    store = std::move(opened.value().store);
}

void StoreSink::attach(ItemLoader &loader, LoadMode mode, const QStringList &types)
{
    for (const auto &c : std::as_const(connections))
        QObject::disconnect(c);
    connections.clear();
    if (mode == LoadMode::Full)
        for (const QString &type : types)
            REQUIRE(store->beginFullLoad(type, FullLoadMode::Restart).ok());
    auto apply = [this](const StorePage &page) {
        const Result<ChangeSummary> result = store->applyPage(page);
        if (result.ok())
            summary += result.value();
        else if (!error)
            error = result.error();
    };
    connections.append(QObject::connect(&loader, &ItemLoader::itemsReady, store.get(),
                                        [apply](const ItemBatch &items) {
                                            apply({items, {}, {}});
                                        }));
    connections.append(QObject::connect(&loader, &ItemLoader::itemsRemoved, store.get(),
                                        [apply](const QVector<ItemKey> &keys) {
                                            apply({{}, keys, {}});
                                        }));
    connections.append(QObject::connect(
        &loader, &ItemLoader::finished, store.get(), [apply, mode](const LoadOutcome &outcome) {
            StorePage last;
            for (auto it = outcome.syncStates.cbegin(); it != outcome.syncStates.cend(); ++it) {
                TypeSyncProgress progress;
                progress.type = it.key();
                progress.syncToken = it.value().token;
                progress.fullLoadComplete = mode == LoadMode::Full;
                progress.syncComplete = mode == LoadMode::Incremental;
                last.progress.append(progress);
            }
            apply(last);
        }));
}

QMap<QString, QByteArray> StoreSink::snapshot() const
{
    QMap<QString, QByteArray> out;
    std::unique_ptr<ItemCursor> cursor = store->itemCursor();
    for (;;) {
        const Result<ItemBatch> batch = cursor->next(2000);
        REQUIRE(batch.ok());
        if (batch.value().isEmpty())
            break;
        for (const IntegrationItem &item : batch.value())
            out.insert(item.type + QLatin1Char('/') + item.id,
                       QJsonDocument(item.toJson()).toJson(QJsonDocument::Compact));
    }
    return out;
}

qint64 StoreSink::count(const QString &type) const
{
    const Result<qint64> n = store->count(type);
    REQUIRE(n.ok());
    return n.value();
}

QList<QByteArray> loggedPaths(SandboxProcess &sandbox)
{
    QList<QByteArray> out;
    const QByteArray needle = "desk.sandbox.http: ";
    for (const QByteArray &line : sandbox.log().split('\n')) {
        const int at = line.indexOf(needle);
        if (at < 0)
            continue;
        const QList<QByteArray> parts = line.mid(at + needle.size()).split(' ');
        if (parts.size() >= 3 && parts.at(1).startsWith("/airtable/v0/"))
            out.append(parts.at(1) + ' ' + parts.at(2));
    }
    return out;
}

int logCount(SandboxProcess &sandbox, const QByteArray &pathPart, const QByteArray &status)
{
    int n = 0;
    for (const QByteArray &line : loggedPaths(sandbox))
        n += line.contains(pathPart) && line.endsWith(QByteArray(' ' + status.trimmed()));
    return n;
}

Changes applyChanges(SandboxProcess &sandbox, const QJsonObject &body)
{
    HttpProbe probe;
    const HttpResult r =
        probe.post(sandbox.url(QStringLiteral("/airtable/_sandbox/changes")),
                   QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject o = r.json().object();
    auto list = [&o](const char *key) {
        QStringList ids;
        for (const QJsonValue &v : o.value(QLatin1String(key)).toArray())
            ids.append(v.toString());
        return ids;
    };
    return {list("modified"), list("added"), list("deleted")};
}

} // namespace attest
