// Changing the HubSpot demo data: HubSpotData::applyChanges() modifies, adds
// and archives records of one type deterministically for a seed, keeps the
// associations of added and archived records consistent on both sides, and
// keeps each record's earlier states as long as search's index lag needs them.
#include "hubspotdata.h"

#include "hubspotvalues.h"
#include "server/prng.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

using namespace demo;

namespace {

// A value from `list` other than `current` (when the list has one).
template <typename List, typename Key>
QString pickOther(Prng &rng, const List &list, const QString &current, Key key)
{
    QString value = key(rng.pick(list));
    for (int tries = 0; value == current && tries < 32; ++tries)
        value = key(rng.pick(list));
    return value;
}

std::shared_ptr<const ObjectRecord> keepSince(const ObjectRecord &record, qint64 horizonMs)
{
    auto copy = std::make_shared<ObjectRecord>(record);
    if (record.changedAtMs <= horizonMs)
        copy->before.reset(); // search never needs to look further back than this state
    else if (record.before)
        copy->before = keepSince(*record.before, horizonMs);
    return copy;
}

} // namespace

const ObjectRecord *HubSpotData::asOf(const ObjectRecord &record, qint64 asOfMs)
{
    const ObjectRecord *r = &record;
    while (r && r->changedAtMs > asOfMs)
        r = r->before.get();
    return r;
}

std::shared_ptr<const ObjectRecord> HubSpotData::snapshot(const ObjectRecord &record,
                                                          qint64 nowMs) const
{
    if (m_historyMs <= 0)
        return nullptr;
    return keepSince(record, nowMs - m_historyMs);
}

HubSpotData::Taken HubSpotData::takenValues(ObjectType type) const
{
    Taken taken;
    const TypeStore &store = m_stores[int(type)];
    const auto collect = [&store](const QString &name, QSet<QString> *into) {
        const int column = store.columns.value(name, -1);
        if (column < 0)
            return;
        for (const auto *records : {&store.active, &store.archived})
            for (const ObjectRecord &r : *records)
                into->insert(r.values[size_t(column)]);
    };
    if (type == ObjectType::Companies) {
        collect(u"name"_s, &taken.first);
        collect(u"domain"_s, &taken.second);
    } else if (type == ObjectType::Contacts) {
        collect(u"email"_s, &taken.first);
    }
    return taken;
}

bool HubSpotData::applyChanges(ObjectType type, const ChangeSet &changes, qint64 nowMs,
                               ChangeOutcome *outcome, QString *error)
{
    TypeStore &store = m_stores[int(type)];
    *outcome = ChangeOutcome();
    if (changes.modify < 0 || changes.add < 0 || changes.remove < 0) {
        *error = u"modify, add and delete must not be negative"_s;
        return false;
    }
    const qint64 touched = qint64(changes.modify) + changes.remove;
    if (touched > qint64(store.active.size())) {
        *error = u"modify + delete = "_s + QString::number(touched) + u" but there are only "_s +
                 QString::number(store.active.size()) + u" active "_s + typeName(type);
        return false;
    }
    Prng rng(Prng::mix(changes.seed) ^ (0xc4a9e5ULL + quint64(type)));
    // A partial Fisher-Yates shuffle picks distinct records to modify and to archive.
    std::vector<qint64> ids(store.active.size());
    for (size_t i = 0; i < ids.size(); ++i)
        ids[i] = store.active[i].id;
    for (qint64 k = 0; k < touched; ++k)
        std::swap(ids[size_t(k)],
                  ids[size_t(k + qint64(rng.below(quint64(qint64(ids.size()) - k))))]);
    outcome->modified.assign(ids.begin(), ids.begin() + changes.modify);
    outcome->deleted.assign(ids.begin() + changes.modify, ids.begin() + touched);
    std::sort(outcome->modified.begin(), outcome->modified.end());
    std::sort(outcome->deleted.begin(), outcome->deleted.end());

    Taken taken = takenValues(type);
    for (const qint64 id : outcome->modified) {
        int index = -1;
        store.find(id, false, &index);
        modifyRecord(type, store.active[size_t(index)], rng, nowMs, &taken);
    }
    // Archive before adding, so added records never link to a record archived here.
    for (const qint64 id : outcome->deleted)
        archiveRecord(type, id, nowMs);
    for (int k = 0; k < changes.add; ++k)
        outcome->added.push_back(addRecord(type, rng, nowMs, &taken));
    return true;
}

void HubSpotData::modifyRecord(ObjectType type, ObjectRecord &record, Prng &rng, qint64 nowMs,
                               Taken *taken)
{
    auto before = snapshot(record, nowMs);
    Setter set{m_stores[int(type)], record};
    const auto current = [&](const QString &name) {
        return record.values[size_t(m_stores[int(type)].columns.value(name))];
    };
    const auto id = [](const auto &v) { return v.id; };
    switch (type) {
    case ObjectType::Contacts:
        set(u"lastname"_s, pickOther(rng, lastNames(), current(u"lastname"_s),
                                     [](const QString &s) { return s; }));
        break;
    case ObjectType::Companies: {
        QString name = rng.pick(companyPrefixes()) + u' ' + rng.pick(companySuffixes());
        for (int n = 2; taken->first.contains(name); ++n)
            name = name.section(u' ', 0, 1) + u' ' + QString::number(n);
        taken->first.insert(name);
        set(u"name"_s, name);
        break;
    }
    case ObjectType::Deals:
        set(u"dealstage"_s, pickOther(rng, m_dealPipeline.stages, current(u"dealstage"_s), id));
        break;
    case ObjectType::Tickets:
        set(u"hs_pipeline_stage"_s,
            pickOther(rng, m_ticketPipeline.stages, current(u"hs_pipeline_stage"_s), id));
        break;
    }
    record.before = std::move(before);
    record.changedAtMs = nowMs;
    record.updatedMs = nowMs;
    setLastModified(type, record, nowMs);
}

void HubSpotData::archiveRecord(ObjectType type, qint64 id, qint64 nowMs)
{
    TypeStore &store = m_stores[int(type)];
    int index = -1;
    if (!store.find(id, false, &index))
        return;
    ObjectRecord record = std::move(store.active[size_t(index)]);
    store.active.erase(store.active.begin() + index);
    record.before = snapshot(record, nowMs);
    record.archived = true;
    record.archivedMs = nowMs;
    record.updatedMs = nowMs;
    record.changedAtMs = nowMs;
    setLastModified(type, record, nowMs);
    const auto at = std::lower_bound(store.archived.begin(), store.archived.end(), id,
                                     [](const ObjectRecord &r, qint64 key) { return r.id < key; });
    store.archived.insert(at, std::move(record));
    unlinkAll(type, id);
}

qint64 HubSpotData::randomActive(ObjectType type, Prng &rng) const
{
    const auto &records = m_stores[int(type)].active;
    return records.empty() ? 0 : records[size_t(rng.below(records.size()))].id;
}

qint64 HubSpotData::addRecord(ObjectType type, Prng &rng, qint64 nowMs, Taken *taken)
{
    TypeStore &store = m_stores[int(type)];
    ObjectRecord record;
    const qint64 base = store.maxId() > 0 ? store.maxId() : firstId(type) - 1;
    record.id = base + 1 + qint64(rng.below(3));
    record.createdMs = nowMs;
    record.updatedMs = nowMs;
    record.changedAtMs = nowMs; // before stays null: search does not know it yet
    record.values.resize(size_t(store.schema.size()));
    switch (type) {
    case ObjectType::Contacts:
        fillContact(record, rng, taken);
        break;
    case ObjectType::Companies:
        fillCompany(record, rng, taken);
        break;
    case ObjectType::Deals:
        fillDeal(record, rng);
        break;
    case ObjectType::Tickets:
        fillTicket(record, rng);
        break;
    }
    Setter set{store, record};
    set(u"createdate"_s, isoTime(nowMs));
    setLastModified(type, record, nowMs);
    set(u"hs_object_id"_s, QString::number(record.id));
    store.active.push_back(std::move(record)); // the highest id: the store stays sorted
    return store.active.back().id;
}

// About 85% of added contacts join a random company, like generated ones.
void HubSpotData::fillContact(ObjectRecord &record, Prng &rng, Taken *taken)
{
    Setter set{m_stores[int(ObjectType::Contacts)], record};
    const QString first = rng.pick(firstNames());
    const QString last = rng.pick(lastNames());
    const qint64 company = rng.chance(0.85) ? randomActive(ObjectType::Companies, rng) : 0;
    CompanyFacts facts;
    if (company > 0) {
        const TypeStore &companies = m_stores[int(ObjectType::Companies)];
        const ObjectRecord *c = companies.find(company, false);
        const auto value = [&](const QString &name) {
            return c->values[size_t(companies.columns.value(name))];
        };
        facts = {value(u"name"_s), value(u"domain"_s), value(u"city"_s), value(u"country"_s)};
    }
    contactDetails(rng, set, record.id, first, last, company > 0 ? &facts : nullptr, &taken->first);
    set(u"hubspot_owner_id"_s, pickOwner(rng, m_owners));
    if (company > 0)
        link(ObjectType::Contacts, record.id, ObjectType::Companies, company);
}

// An added company takes on 1-3 contacts that had no company (when there are any).
void HubSpotData::fillCompany(ObjectRecord &record, Prng &rng, Taken *taken)
{
    Setter set{m_stores[int(ObjectType::Companies)], record};
    companyDetails(rng, set, &taken->first, &taken->second);
    set(u"hubspot_owner_id"_s, pickOwner(rng, m_owners));
    std::vector<qint64> loners;
    for (const ObjectRecord &c : m_stores[int(ObjectType::Contacts)].active)
        if (associated(ObjectType::Contacts, ObjectType::Companies, c.id).empty())
            loners.push_back(c.id);
    const int n = loners.empty() ? 0 : int(rng.range(1, 3));
    for (int k = 0; k < n; ++k)
        link(ObjectType::Companies, record.id, ObjectType::Contacts,
             loners[size_t(rng.below(loners.size()))]);
}

// Picks `count` contacts of `company` (or any contacts when it has none) for `record`.
static std::vector<qint64> peopleFor(const std::vector<qint64> &ofCompany,
                                     const std::vector<ObjectRecord> &contacts, int count,
                                     Prng &rng)
{
    std::vector<qint64> out;
    for (int k = 0; k < count && !contacts.empty(); ++k)
        out.push_back(!ofCompany.empty() ? ofCompany[size_t(rng.below(ofCompany.size()))]
                                         : contacts[size_t(rng.below(contacts.size()))].id);
    return out;
}

void HubSpotData::fillDeal(ObjectRecord &record, Prng &rng)
{
    Setter set{m_stores[int(ObjectType::Deals)], record};
    const TypeStore &companies = m_stores[int(ObjectType::Companies)];
    const qint64 company = rng.chance(0.8) ? randomActive(ObjectType::Companies, rng) : 0;
    const QString who =
        company > 0
            ? companies.find(company, false)->values[size_t(companies.columns.value(u"name"_s))]
            : rng.pick(lastNames()) + u" family"_s;
    dealDetails(rng, set, who, m_dealPipeline, record.createdMs, m_owners);
    if (company > 0)
        link(ObjectType::Deals, record.id, ObjectType::Companies, company);
    if (rng.chance(0.9)) {
        const int n = int(rng.range(1, 3));
        const std::vector<qint64> people =
            peopleFor(associated(ObjectType::Companies, ObjectType::Contacts, company),
                      m_stores[int(ObjectType::Contacts)].active, n, rng);
        for (const qint64 contact : people)
            link(ObjectType::Deals, record.id, ObjectType::Contacts, contact);
    }
}

void HubSpotData::fillTicket(ObjectRecord &record, Prng &rng)
{
    Setter set{m_stores[int(ObjectType::Tickets)], record};
    ticketDetails(rng, set, m_ticketPipeline, m_owners);
    const qint64 company = rng.chance(0.7) ? randomActive(ObjectType::Companies, rng) : 0;
    if (company > 0)
        link(ObjectType::Tickets, record.id, ObjectType::Companies, company);
    if (rng.chance(0.7)) {
        const std::vector<qint64> people =
            peopleFor(associated(ObjectType::Companies, ObjectType::Contacts, company),
                      m_stores[int(ObjectType::Contacts)].active, 1, rng);
        for (const qint64 contact : people)
            link(ObjectType::Tickets, record.id, ObjectType::Contacts, contact);
    }
}

} // namespace desk::sandbox::hubspot
