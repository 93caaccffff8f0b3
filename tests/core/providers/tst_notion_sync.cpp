// Notion's incremental refresh against the changing sandbox, through the load
// engine into an ItemStore: after modifications, additions and deletions of
// pages, rows, data sources and databases, the store a refresh leaves equals,
// item for item, the store of a fresh full load; what an unchanged refresh
// costs against a full load.
#include <catch2/catch.hpp>

#include "notionrig.h"

#include <QJsonDocument>

using namespace desk;
using namespace notionrig;
using namespace sandboxtest;

namespace {

QStringList sandboxArgs(QStringList extra = {})
{
    return QStringList{QStringLiteral("--notion-pages"),
                       QStringLiteral("150"),
                       QStringLiteral("--notion-databases"),
                       QStringLiteral("6"),
                       QStringLiteral("--notion-token"),
                       kNtInternal,
                       QStringLiteral("--notion-rate"),
                       QStringLiteral("0"),
                       QStringLiteral("--seed"),
                       QStringLiteral("11")} +
           extra;
}

// Both stores hold the same items, field for field; the differences are shown.
void checkSameStore(const QMap<QString, QJsonObject> &refreshed,
                    const QMap<QString, QJsonObject> &fresh)
{
    QStringList onlyRefreshed, onlyFresh, different;
    for (auto it = refreshed.cbegin(); it != refreshed.cend(); ++it) {
        if (!fresh.contains(it.key()))
            onlyRefreshed.append(it.key());
        else if (fresh.value(it.key()) != it.value())
            different.append(
                it.key() + QStringLiteral("\n  refreshed: ") +
                QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)) +
                QStringLiteral("\n  fresh:     ") +
                QString::fromUtf8(
                    QJsonDocument(fresh.value(it.key())).toJson(QJsonDocument::Compact)));
    }
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it)
        if (!refreshed.contains(it.key()))
            onlyFresh.append(it.key());
    INFO("only after the refresh: " << onlyRefreshed.join(QLatin1Char(' ')).toStdString());
    INFO("only in the fresh load: " << onlyFresh.join(QLatin1Char(' ')).toStdString());
    INFO("different:\n" << different.join(QLatin1Char('\n')).toStdString());
    CHECK(onlyRefreshed.isEmpty());
    CHECK(onlyFresh.isEmpty());
    CHECK(different.isEmpty());
    CHECK(refreshed.size() == fresh.size());
}

QJsonObject change(const char *type, int modify, int add, int remove, int seed)
{
    return QJsonObject{{QStringLiteral("type"), QLatin1String(type)},
                       {QStringLiteral("modify"), modify},
                       {QStringLiteral("add"), add},
                       {QStringLiteral("delete"), remove},
                       {QStringLiteral("seed"), seed}};
}

struct Round
{
    const char *name;
    QVector<QJsonObject> changes;
};

} // namespace

TEST_CASE("Notion refresh: after changes the store equals a fresh full load item for item",
          "[sandbox][sync]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    StoreRig live(sandbox, kNtInternal.toLatin1());
    const LoadOutcome first = live.load(LoadMode::Full);
    REQUIRE(first.complete);
    const int fullRequests = live.requests();
    REQUIRE(live.contents().size() > 150);

    const QVector<Round> rounds = {
        {"pages", {change("pages", 6, 4, 3, 1)}},
        {"rows", {change("rows", 5, 4, 3, 2)}},
        {"data sources", {change("data_sources", 1, 1, 1, 3)}},
        {"databases", {change("databases", 1, 1, 1, 4)}},
        {"everything at once",
         {change("pages", 3, 2, 2, 5), change("rows", 3, 2, 2, 6),
          change("data_sources", 1, 1, 0, 7), change("databases", 1, 0, 1, 8)}},
        {"nothing", {}},
    };
    // The last full sweep per type so far, as the store keeps it (its own clock).
    QHash<QString, QDateTime> sweeps;
    const auto stored = live.store->syncStates();
    REQUIRE(stored.ok());
    for (const TypeSyncState &state : stored.value())
        sweeps.insert(state.type, state.lastFullSweep);
    HttpProbe probe;
    for (const Round &round : rounds) {
        INFO("round: " << round.name);
        QStringList deleted;
        for (const QJsonObject &body : round.changes) {
            const HttpResult r = ntChanges(sandbox, probe, body);
            REQUIRE(r.status == 200);
            deleted += strings(r.json().object().value(QStringLiteral("deleted")));
        }
        const QDateTime refreshStarted = QDateTime::currentDateTimeUtc().addMSecs(-1);
        const LoadOutcome refreshed = live.load(LoadMode::Incremental);
        REQUIRE(refreshed.complete);
        const int refreshRequests = live.requests();
        const QMap<QString, QJsonObject> afterRefresh = live.contents();
        for (const QString &id : std::as_const(deleted))
            for (const char *type : {"pages", "data_sources", "databases"})
                CHECK_FALSE(afterRefresh.contains(QLatin1String(type) + QLatin1Char('/') +
                                                  id32(id))); // trashed: removed

        StoreRig fresh(sandbox, kNtInternal.toLatin1());
        REQUIRE(fresh.load(LoadMode::Full).complete);
        checkSameStore(afterRefresh, fresh.contents());
        // The refresh kept the last full sweep (it is no sweep), unless a renamed
        // parent made it read everything again: then that read is the new sweep.
        for (auto it = refreshed.syncStates.cbegin(); it != refreshed.syncStates.cend(); ++it) {
            const QDateTime kept = sweeps.value(it.key());
            const QDateTime sweep = it.value().lastFullSweep;
            REQUIRE(sweep.isValid());
            if (round.changes.isEmpty())
                CHECK(sweep == kept);
            else
                CHECK((sweep == kept || sweep >= refreshStarted));
            sweeps.insert(it.key(), sweep);
        }
        WARN("Notion refresh after '"
             << round.name << "': " << refreshRequests << " requests (a fresh full load: "
             << fresh.requests() << "), " << live.summary.added << " new, " << live.summary.changed
             << " changed, " << live.summary.removed << " removed");
        if (round.changes.isEmpty()) {
            CHECK_FALSE(live.summary.hasChanges());
            CHECK(refreshRequests < fullRequests);
        }
    }
    WARN("Notion full load of " << live.contents().size() << " items: " << fullRequests
                                << " requests");
}

TEST_CASE("Notion refresh without a token, or with another one per type, reads everything",
          "[sandbox][sync]")
{
    SandboxProcess sandbox(sandboxArgs());
    REQUIRE(sandbox.started());
    StoreRig rig(sandbox, kNtInternal.toLatin1());
    const LoadOutcome first = rig.load(LoadMode::Incremental); // nothing stored yet
    REQUIRE(first.complete);
    const int items = rig.contents().size();
    CHECK(items > 150);
    // A full read renews the last full sweep of every type.
    for (const QString &type : notion().defaultObjectTypes())
        CHECK(first.syncStates.value(type).lastFullSweep.isValid());
    CHECK(first.syncStates.value(QStringLiteral("pages")).token ==
          first.syncStates.value(QStringLiteral("databases")).token);

    // A token from another load for one type only: the refresh cannot trust it.
    StorePage odd;
    TypeSyncProgress p;
    p.type = QStringLiteral("databases");
    p.syncToken = QStringLiteral("{\"v\":1,\"mark\":\"2020-01-01T00:00:00.000Z\"}");
    odd.progress.append(p);
    REQUIRE(rig.store->applyPage(odd).ok());
    const LoadOutcome again = rig.load(LoadMode::Incremental);
    REQUIRE(again.complete);
    CHECK(rig.summary.unchanged == items); // everything read again, nothing new
}
