// Searching for the ids to read: the search route of a large type (planner,
// partitions by hs_object_id range, the last search for what the index may
// have hidden) and the incremental streams of a sync (changes since the mark,
// deletions from the archived listing). Every id found is read by chunks
// (hubspotchunks.cpp): search answers may be stale, batch reads are not.
//
// The completion rule of the search route (docs/providers.md, "Partitioned
// loading"): the partitions cover every id the index shows by ranges that
// together span all ids; a record the index does not show yet can only be one
// created (or restored) less than the index lag before its search; the last
// search, sent once the load is at least the assumed lag old, asks for every
// record modified since the load's start minus the lag (and a clock margin),
// which includes every such record. Records modified or archived meanwhile are
// found by id anyway and read as they are now.
#include "providers/hubspot/hubspotload.h"
#include "providers/hubspot/hubspotplan.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <optional>

namespace desk::hubspot {

namespace {
Q_LOGGING_CATEGORY(lcRoute, "desk.core.hubspot.route", QtInfoMsg)

constexpr int kSearchPage = 200;      // search: results per page at most
constexpr int kDefaultPartitions = 3; // enough to keep the search budget busy at real round trips
constexpr qint64 kIdsPerRange = 2000; // records per partition's range, about
constexpr qint64 kMinPartitioned = 2000;   // fewer records: the list alone is as quick
constexpr qint64 kMinGainMs = 2000;        // the route must promise to save at least this much
constexpr qint64 kClockMarginMs = 60000;   // this machine's clock against HubSpot's
constexpr qint64 kMaxQueryResults = 10000; // search: reachable per query (totals beyond: unsure)
const QString kId = QStringLiteral("hs_object_id");

QJsonObject filter(const QString &property, const char *op, const QString &value)
{
    return QJsonObject{{QStringLiteral("propertyName"), property},
                       {QStringLiteral("operator"), QLatin1String(op)},
                       {QStringLiteral("value"), value}};
}

// A search for ids only, ascending by id, `filters` ANDed.
ApiRequest searchRequest(const SharedPtr &shared, const QString &type, const QJsonArray &filters,
                         int limit = kSearchPage, bool descending = false)
{
    QJsonObject body{{QStringLiteral("limit"), limit},
                     {QStringLiteral("properties"), QJsonArray{kId}},
                     {QStringLiteral("sorts"),
                      QJsonArray{QJsonObject{{QStringLiteral("propertyName"), kId},
                                             {QStringLiteral("direction"),
                                              descending ? QStringLiteral("DESCENDING")
                                                         : QStringLiteral("ASCENDING")}}}}};
    if (!filters.isEmpty())
        body.insert(QStringLiteral("filterGroups"),
                    QJsonArray{QJsonObject{{QStringLiteral("filters"), filters}}});
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(shared->api.search(type));
    request.body = compact(body);
    request.budget = kSearchBudget;
    request.observeRateHeaders = false; // search answers carry no rate-limit headers
    request.tag = type + QStringLiteral(":search");
    return request;
}

// A chain of searches that walks its filter by id: each page asks for ids above
// the last one seen (never the `after` offset, so the 10,000-results cap of one
// query is never met). The cursor is that last id. Ids found go to chunks.
StreamSpec chainStream(const SharedPtr &shared, const QString &type, const QString &key,
                       const QJsonArray &filters)
{
    StreamSpec stream;
    stream.key = key;
    stream.type = type;
    const TypeLoad &load = shared->loadOf(type);
    stream.route = load.route;
    stream.incremental = load.sync;
    stream.resumable = false;
    stream.request = [shared, type, filters](const QString &after) {
        QJsonArray all = filters;
        if (!after.isEmpty())
            all.append(filter(kId, "GT", after));
        return searchRequest(shared, type, all);
    };
    stream.read = [shared, type](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        // Remembered now (a page received twice adds nothing); read once emitted.
        addFound(shared, type, parsed.value().ids);
        StreamPage page;
        if (parsed.value().more && !parsed.value().ids.isEmpty())
            page.nextCursor = parsed.value().ids.last();
        page.syncToken = shared->syncToken;
        return page;
    };
    stream.finishPage = [shared, type](StreamPage &page) {
        page.spawn += takeChunks(shared, type);
    };
    return stream;
}

// The route's last search: held until the load is as old as the index lag, it
// finds what was created (or restored) shortly before the load and hidden from
// the partitions' searches.
StreamSpec recentStream(const SharedPtr &shared, const QString &type)
{
    const qint64 since = shared->startedMs - shared->lagMs - kClockMarginMs;
    StreamSpec stream =
        chainStream(shared, type, type + QStringLiteral(":recent"),
                    QJsonArray{filter(modifiedProperty(type), "GTE", QString::number(since))});
    const qint64 readyAt = shared->startedMs + shared->lagMs;
    stream.delayMs = [readyAt] { return readyAt - QDateTime::currentMSecsSinceEpoch(); };
    return stream;
}

// Ids already emitted in [low, below): by any stream, in whatever order the list
// went. Counted against what the index shows there.
qint64 emittedIn(const TypeLoad &load, std::optional<qint64> low, qint64 below)
{
    auto it = low ? load.seenIds.lower_bound(*low) : load.seenIds.begin();
    qint64 count = 0;
    for (; it != load.seenIds.end() && *it < below; ++it)
        ++count;
    return count;
}

// Whether a partition's unsearched rest [low, below) is read already: the index
// shows `shown` ids there (the page's total less its own ids, counts at the cap
// of one query are not exact) and exactly that many were emitted. Any emitted id
// the index does not show (archived since, or too new for it) makes the counts
// differ and paging goes on.
bool readAlready(const TypeLoad &load, std::optional<qint64> low, const QString &below,
                 qint64 shown)
{
    bool numeric = false;
    const qint64 bound = below.toLongLong(&numeric);
    if (!numeric || shown < 0 || shown >= kMaxQueryResults)
        return false;
    return emittedIn(load, low, bound) == shown;
}

// One partition: searches its range [low, high) from the top down, each page
// below the lowest id seen. Each page's total says how many ids the index shows
// below it; once every one of those was emitted (the list got there first,
// whatever its order), the partition is done. A partition that is done starts
// the next waiting one; the last one done starts the last search.
StreamSpec partitionStream(const SharedPtr &shared, const QString &type, int index);

// Range `index` of the search route: [low, high), the lowest open below and the
// highest open above, so that together they span every id, also ids beyond the
// ones seen when the ranges were cut.
std::pair<std::optional<qint64>, std::optional<qint64>> rangeOf(const TypeLoad &load, int index,
                                                                int count)
{
    const qint64 low = load.minId.toLongLong();
    const qint64 span = load.maxId.toLongLong() - low + 1;
    return {index > 0 ? std::optional<qint64>(low + span * index / count) : std::nullopt,
            index < count - 1 ? std::optional<qint64>(low + span * (index + 1) / count)
                              : std::nullopt};
}

void partitionDone(const SharedPtr &shared, const QString &type, StreamPage &page)
{
    TypeLoad *load = shared->load(type);
    if (!load)
        return;
    if (!load->rangesLeft.isEmpty())
        page.spawn.append(partitionStream(shared, type, load->rangesLeft.takeLast()));
    if (--load->chainsLeft == 0)
        page.spawn.append(recentStream(shared, type));
}

StreamSpec partitionStream(const SharedPtr &shared, const QString &type, int index)
{
    const TypeLoad &load = shared->types[type];
    const auto [low, high] = rangeOf(load, index, load.ranges);
    QJsonArray filters;
    if (low)
        filters.append(filter(kId, "GTE", QString::number(*low)));
    if (high)
        filters.append(filter(kId, "LT", QString::number(*high)));
    StreamSpec stream;
    stream.key = type + QStringLiteral(":part:") + QString::number(index);
    stream.type = type;
    stream.route = load.route;
    stream.resumable = false;
    stream.request = [shared, type, filters](const QString &below) {
        QJsonArray all = filters;
        if (!below.isEmpty())
            all.append(filter(kId, "LT", below));
        return searchRequest(shared, type, all, kSearchPage, true);
    };
    stream.read = [shared, type, low = low,
                   key = stream.key](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        const SearchPage &found = parsed.value();
        addFound(shared, type, found.ids);
        StreamPage page;
        page.syncToken = shared->syncToken;
        if (!found.more || found.ids.isEmpty())
            return page;
        const QString below = found.ids.last();
        const qint64 shown = found.total >= 0 ? found.total - found.ids.size() : -1;
        const TypeLoad *load = shared->load(type);
        if (load && readAlready(*load, low, below, shown))
            qCInfo(lcRoute).noquote()
                << key << "done: the" << shown << "ids below" << below << "were read already";
        else
            page.nextCursor = below;
        return page;
    };
    stream.finishPage = [shared, type](StreamPage &page) {
        if (page.nextCursor.isEmpty())
            partitionDone(shared, type, page);
        page.spawn += takeChunks(shared, type);
    };
    return stream;
}

QVector<StreamSpec> partitionStreams(const SharedPtr &shared, const QString &type)
{
    TypeLoad &load = shared->types[type];
    const int chains = shared->partitions > 0 ? shared->partitions : kDefaultPartitions;
    // Ranges small enough that where the list and the searches meet, little is
    // read twice; never fewer than the chains.
    load.ranges = int(qMax<qint64>(chains, (load.total + kIdsPerRange - 1) / kIdsPerRange));
    load.chainsLeft = load.ranges;
    load.rangesLeft.clear();
    for (int i = 0; i < load.ranges - chains; ++i)
        load.rangesLeft.append(i);
    QVector<StreamSpec> streams;
    for (int i = load.ranges - 1; i >= load.ranges - chains; --i)
        streams.append(partitionStream(shared, type, i));
    qCInfo(lcRoute).noquote() << type << "read by" << chains << "searches at once in" << load.ranges
                              << "ranges of ids" << load.minId << "to" << load.maxId
                              << "beside the list";
    return streams;
}

} // namespace

StreamSpec plannerStream(const SharedPtr &shared, const QString &type)
{
    // Page 1: the lowest id and the total; page 2 ("max"): the highest id.
    auto askedAt = std::make_shared<qint64>(0);
    StreamSpec stream;
    stream.key = type + QStringLiteral(":plan");
    stream.type = type;
    stream.route = kSearchRoute;
    stream.resumable = false;
    stream.request = [shared, type, askedAt](const QString &cursor) {
        *askedAt = QDateTime::currentMSecsSinceEpoch();
        return searchRequest(shared, type, {}, 1, !cursor.isEmpty());
    };
    stream.read = [shared, type, askedAt](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        TypeLoad *load = shared->load(type);
        StreamPage page;
        page.syncToken = shared->syncToken;
        if (!load || parsed.value().ids.isEmpty()) {
            page.withdraw = true; // nothing to partition: the list reads it
            return page;
        }
        if (load->minId.isEmpty()) {
            const qint64 total = parsed.value().total;
            const qint64 roundTrip = QDateTime::currentMSecsSinceEpoch() - *askedAt;
            // How fast the list alone reads: its own first round trip says, else
            // this search's.
            const qint64 listTrip = load->listRoundTripMs >= 0 ? load->listRoundTripMs : roundTrip;
            const qint64 listMs = (total + 99) / 100 * listTrip;
            // Search adds at most 5 pages of 200 ids a second; where the list alone
            // reads faster (short round trips), the route only costs the server
            // work.
            const bool searchAdds =
                listTrip * kSearchPerSecond * kSearchPage >= 1000LL * shared->pageSize;
            const bool worth = shared->partitions > 0 || (total >= kMinPartitioned && searchAdds &&
                                                          listMs > shared->lagMs + kMinGainMs);
            page.total = total;
            if (!worth) {
                page.withdraw = true;
                return page;
            }
            load->minId = parsed.value().ids.first();
            load->total = total;
            page.nextCursor = QStringLiteral("max");
        } else {
            load->maxId = parsed.value().ids.first();
        }
        return page;
    };
    stream.finishPage = [shared, type](StreamPage &page) {
        if (page.nextCursor.isEmpty())
            page.spawn = partitionStreams(shared, type);
    };
    return stream;
}

QVector<StreamSpec> syncStreams(const SharedPtr &shared, const QString &type)
{
    const TypeLoad &load = shared->types[type];
    const qint64 since = load.sinceMs;
    // Changes: every record modified at or after the mark, as the index has them.
    StreamSpec changes =
        chainStream(shared, type, type + QStringLiteral(":changes"),
                    QJsonArray{filter(modifiedProperty(type), "GTE", QString::number(since))});

    // Deletions: the archived listing, with archivedAt at or after the mark.
    StreamSpec archived;
    archived.key = type + QStringLiteral(":archived");
    archived.type = type;
    archived.incremental = true;
    archived.resumable = false;
    archived.request = [shared, type](const QString &after) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("archived"), QStringLiteral("true"));
        query.addQueryItem(QStringLiteral("properties"), kId);
        query.addQueryItem(QStringLiteral("limit"), QString::number(shared->pageSize));
        if (!after.isEmpty())
            query.addQueryItem(QStringLiteral("after"), after);
        ApiRequest request;
        request.url = QUrl(shared->api.objects(type));
        request.url.setQuery(query);
        return request;
    };
    archived.read = [shared, type, since](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseObjectPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        page.nextCursor = parsed.value().nextAfter;
        page.syncToken = shared->syncToken;
        for (const ObjectRecord &record : parsed.value().results) {
            const QDateTime at = record.archivedAt.isValid() ? record.archivedAt : record.updatedAt;
            if (at.isValid() && at.toMSecsSinceEpoch() < since)
                continue;
            page.removed.append(ItemKey{type, record.id});
            // The records on its other sides still list it: read them again.
            if (!shared->known)
                continue;
            if (const std::optional<IntegrationItem> gone = shared->known->item({type, record.id}))
                for (auto it = gone->associations.cbegin(); it != gone->associations.cend(); ++it)
                    if (const TypeLoad *other = shared->load(it.key()); other && other->sync)
                        addFound(shared, it.key(), it.value());
        }
        return page;
    };
    archived.finishPage = [shared, type](StreamPage &page) {
        page.spawn += takeChunks(shared, type);
    };
    return {changes, archived};
}

} // namespace desk::hubspot
