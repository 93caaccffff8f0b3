// Reading records by id and associations to the end: the follow-ups that
// continue a list page's cut-off inline associations, and chunks — up to 1,000
// known ids read with batch reads (100 per call) and associations batch reads
// (1,000 inputs per call, each input paged on its own), every request in flight
// at once.
#include "providers/hubspot/hubspotload.h"
#include "providers/hubspot/hubspotplan.h"

#include <QJsonArray>
#include <QJsonObject>

namespace desk::hubspot {

namespace {

constexpr int kBatchReadInputs = 100;    // batch read: ids per call
constexpr int kAssociationInputs = 1000; // associations batch read: inputs per call
constexpr int kChunkIds = 1000;          // ids per chunk: one associations call per target
// Chunks out at once per type: enough to keep the general budget busy, few
// enough that ids found meanwhile gather into larger chunks (fewer association
// calls) when the budget is the narrow part.
constexpr int kChunksOut = 3;

QString problemText(const IntegrationItem &item, const QString &target)
{
    return tr("Only %1 of the %2 associated with this %3 could be read.")
        .arg(item.associations.value(target).size())
        .arg(target, singularType(item.type));
}

void addProblem(IntegrationItem &item, const QString &target)
{
    const QString text = problemText(item, target);
    if (!item.problems.contains(text))
        item.problems.append(text);
}

// One associations batch read: `inputs` are {id} or {id, after}; what it reads
// goes to `take`, inputs that go on are asked again with their cursor.
using TakeAssociations = std::function<void(ItemBatch &items, const AssociationBatch &batch)>;

FollowUp associationRead(const SharedPtr &shared, const QString &from, const QString &to,
                         const QJsonArray &inputs, const TakeAssociations &take)
{
    FollowUp followUp;
    followUp.request.verb = QByteArrayLiteral("POST");
    followUp.request.url = QUrl(shared->api.associations(from, to));
    followUp.request.body = compact(QJsonObject{{QStringLiteral("inputs"), inputs}});
    followUp.read = [shared, from, to,
                     take](const QJsonDocument &document) -> Result<FollowUpReading> {
        auto parsed = parseAssociationBatchPage(document, primaryAssociationTypeId(from, to));
        if (!parsed.ok())
            return parsed.error();
        const AssociationBatch batch = std::move(parsed).value();
        FollowUpReading reading;
        reading.apply = [take, batch](ItemBatch &items) { take(items, batch); };
        QJsonArray next;
        for (auto it = batch.more.cbegin(); it != batch.more.cend(); ++it) {
            next.append(QJsonObject{{QStringLiteral("id"), it.key()},
                                    {QStringLiteral("after"), it.value()}});
            if (next.size() == kAssociationInputs) {
                reading.next.append(associationRead(shared, from, to, next, take));
                next = QJsonArray();
            }
        }
        if (!next.isEmpty())
            reading.next.append(associationRead(shared, from, to, next, take));
        return reading;
    };
    return followUp;
}

// ---- chunks -----------------------------------------------------------------

// What a chunk's reads have brought so far. Its batch reads and associations
// reads finish in any order: every answer settles all items present again.
struct ChunkState
{
    QHash<QString, QHash<QString, QStringList>> links; // target -> from id -> ids
    QHash<QString, QSet<QString>> unanswered;          // target -> from ids cut short
    QHash<QString, QString> primary;                   // from id -> primary company
};

void settle(ItemBatch &items, const ChunkState &state)
{
    for (IntegrationItem &item : items) {
        for (auto it = state.links.cbegin(); it != state.links.cend(); ++it) {
            const QStringList ids = it.value().value(item.id);
            if (!ids.isEmpty())
                item.associations.insert(it.key(), ids);
            if (state.unanswered.value(it.key()).contains(item.id))
                addProblem(item, it.key());
        }
        if (item.type != QLatin1String("companies"))
            setParentCompany(item, state.primary.value(item.id));
    }
}

ApiRequest batchRead(const SharedPtr &shared, const QString &type, const QStringList &ids)
{
    QJsonArray inputs;
    for (const QString &id : ids)
        inputs.append(QJsonObject{{QStringLiteral("id"), id}});
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(shared->api.batchRead(type));
    request.body = compact(QJsonObject{
        {QStringLiteral("inputs"), inputs},
        {QStringLiteral("properties"), QJsonArray::fromStringList(shared->loadOf(type).properties)},
        {QStringLiteral("propertiesWithHistory"), QJsonArray()}});
    return request;
}

Result<ItemBatch> readRecords(const SharedPtr &shared, const QString &type,
                              const QJsonDocument &document)
{
    auto parsed = parseObjectPage(document);
    if (!parsed.ok())
        return parsed.error();
    ItemBatch items;
    items.reserve(parsed.value().results.size());
    for (const ObjectRecord &record : parsed.value().results)
        items.append(toItem(record, type, shared->bare));
    return items;
}

QVector<FollowUp> chunkFollowUps(const SharedPtr &shared, const QString &type,
                                 const QStringList &ids, const std::shared_ptr<ChunkState> &state)
{
    QVector<FollowUp> followUps;
    for (int from = kBatchReadInputs; from < ids.size(); from += kBatchReadInputs) {
        FollowUp followUp;
        followUp.request = batchRead(shared, type, ids.mid(from, kBatchReadInputs));
        followUp.read = [shared, type,
                         state](const QJsonDocument &document) -> Result<FollowUpReading> {
            auto records = readRecords(shared, type, document);
            if (!records.ok())
                return records.error();
            FollowUpReading reading;
            reading.apply = [state, records = std::move(records).value()](ItemBatch &items) {
                items += records;
                settle(items, *state);
            };
            return reading;
        };
        followUps.append(followUp);
    }
    QJsonArray inputs;
    for (const QString &id : ids)
        inputs.append(QJsonObject{{QStringLiteral("id"), id}});
    for (const QString &target : associationTargets(type)) {
        const TakeAssociations take = [state, target](ItemBatch &items,
                                                      const AssociationBatch &batch) {
            QHash<QString, QStringList> &links = state->links[target];
            for (auto it = batch.links.cbegin(); it != batch.links.cend(); ++it)
                for (const QString &id : it.value())
                    if (!links[it.key()].contains(id))
                        links[it.key()].append(id);
            for (const QString &id : batch.unanswered)
                state->unanswered[target].insert(id);
            for (auto it = batch.primary.cbegin(); it != batch.primary.cend(); ++it)
                if (!state->primary.contains(it.key()))
                    state->primary.insert(it.key(), it.value());
            settle(items, *state);
        };
        followUps.append(associationRead(shared, type, target, inputs, take));
    }
    return followUps;
}

// Other records whose association lists a sync changed: those that `item` is
// newly associated with or no longer is (what the caller's copy says it was).
void findOtherSides(const SharedPtr &shared, const IntegrationItem &item)
{
    if (!shared->known)
        return;
    const std::optional<IntegrationItem> before = shared->known->item({item.type, item.id});
    for (const QString &target : associationTargets(item.type)) {
        const TypeLoad *other = shared->load(target);
        if (!other || !other->sync)
            continue; // a type read in full is fresh anyway
        const QStringList now = item.associations.value(target);
        const QStringList then = before ? before->associations.value(target) : QStringList();
        QStringList changed;
        for (const QString &id : now)
            if (!then.contains(id))
                changed.append(id);
        for (const QString &id : then)
            if (!now.contains(id))
                changed.append(id);
        addFound(shared, target, changed);
    }
}

StreamSpec chunkStream(const SharedPtr &shared, TypeLoad &load, const QStringList &ids)
{
    const QString type = load.type;
    StreamSpec stream;
    stream.key = type + QStringLiteral(":chunk:") + QString::number(++load.chunkSerial);
    stream.type = type;
    stream.route = load.route;
    stream.incremental = load.sync;
    stream.dedupe = true;
    stream.resumable = false;
    stream.request = [shared, type, ids](const QString &) {
        return batchRead(shared, type, ids.mid(0, kBatchReadInputs));
    };
    stream.read = [shared, type, ids](const QJsonDocument &document) -> Result<StreamPage> {
        auto records = readRecords(shared, type, document);
        if (!records.ok())
            return records.error();
        auto state = std::make_shared<ChunkState>();
        StreamPage page;
        page.items = std::move(records).value();
        page.followUps = chunkFollowUps(shared, type, ids, state);
        return page;
    };
    stream.finishPage = [shared, type, ids](StreamPage &page) {
        TypeLoad *load = shared->load(type);
        QSet<QString> got;
        for (IntegrationItem &item : page.items) {
            got.insert(item.id);
            labelItem(item, shared->context);
            if (load && load->sync)
                findOtherSides(shared, item);
        }
        for (const QString &id : ids) {
            if (load)
                load->queued.remove(id);
            if (!got.contains(id) && load && load->sync)
                page.removed.append(ItemKey{type, id}); // gone since it was found
        }
        if (load)
            --load->chunksOut;
        markSeen(shared, page.items);
        page.spawn = takeChunks(shared, type);
    };
    return stream;
}

} // namespace

QVector<FollowUp> continuations(const SharedPtr &shared, const QString &type,
                                const ObjectPage &page)
{
    QHash<QString, QJsonArray> inputsByTarget;
    for (const ObjectRecord &record : page.results)
        for (auto it = record.truncatedAssociations.cbegin();
             it != record.truncatedAssociations.cend(); ++it)
            inputsByTarget[it.key()].append(QJsonObject{{QStringLiteral("id"), record.id},
                                                        {QStringLiteral("after"), it.value()}});
    QVector<FollowUp> followUps;
    for (auto it = inputsByTarget.cbegin(); it != inputsByTarget.cend(); ++it) {
        const QString target = it.key();
        // The rest of each list goes after what came inline.
        const TakeAssociations take = [target](ItemBatch &items, const AssociationBatch &batch) {
            for (IntegrationItem &item : items) {
                const auto found = batch.links.constFind(item.id);
                if (found != batch.links.cend()) {
                    QStringList &ids = item.associations[target];
                    for (const QString &id : found.value())
                        if (!ids.contains(id))
                            ids.append(id);
                }
                if (batch.unanswered.contains(item.id) || batch.none.contains(item.id))
                    addProblem(item, target);
            }
        };
        for (int from = 0; from < it.value().size(); from += kAssociationInputs) {
            QJsonArray inputs;
            for (int i = from; i < qMin(from + kAssociationInputs, int(it.value().size())); ++i)
                inputs.append(it.value().at(i));
            followUps.append(associationRead(shared, type, target, inputs, take));
        }
    }
    return followUps;
}

void noteTruncated(ItemBatch &items, const ObjectPage &page)
{
    for (int i = 0; i < page.results.size() && i < items.size(); ++i)
        for (auto it = page.results.at(i).truncatedAssociations.cbegin();
             it != page.results.at(i).truncatedAssociations.cend(); ++it)
            addProblem(items[i], it.key());
}

void addFound(const SharedPtr &shared, const QString &type, const QStringList &ids)
{
    TypeLoad *load = shared->load(type);
    if (!load)
        return;
    for (const QString &id : ids) {
        if (load->seen.contains(id) || load->queued.contains(id) || load->pendingSet.contains(id))
            continue;
        load->pending.append(id);
        load->pendingSet.insert(id);
    }
}

QVector<StreamSpec> takeChunks(const SharedPtr &shared, const QString &type, bool flush)
{
    QVector<StreamSpec> chunks;
    TypeLoad *load = shared->load(type);
    if (!load)
        return chunks;
    while (!load->pending.isEmpty() && (flush || load->chunksOut < kChunksOut)) {
        const QStringList ids = load->pending.mid(0, kChunkIds);
        load->pending.remove(0, ids.size());
        for (const QString &id : ids) {
            load->pendingSet.remove(id);
            load->queued.insert(id);
        }
        ++load->chunksOut;
        chunks.append(chunkStream(shared, *load, ids));
    }
    return chunks;
}

QVector<StreamSpec> takeChunks(const SharedPtr &shared, const QString &type)
{
    QVector<StreamSpec> chunks = takeChunks(shared, type, false);
    const TypeLoad *load = shared->load(type);
    if (!load || !load->sync)
        return chunks; // a full read's chunks come only from its own route's streams
    // A sync's chunk may have found records of another synced type to read again.
    for (auto it = shared->types.cbegin(); it != shared->types.cend(); ++it)
        if (it->sync && it.key() != type)
            chunks += takeChunks(shared, it.key(), false);
    return chunks;
}

void markSeen(const SharedPtr &shared, const ItemBatch &items)
{
    for (const IntegrationItem &item : items)
        if (TypeLoad *load = shared->load(item.type)) {
            load->seen.insert(item.id);
            bool numeric = false;
            if (const qint64 id = item.id.toLongLong(&numeric); numeric)
                load->seenIds.insert(id);
            if (load->pendingSet.remove(item.id))
                load->pending.removeOne(item.id);
        }
}

} // namespace desk::hubspot
