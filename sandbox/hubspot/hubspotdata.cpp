// The HubSpot demo data: object schemas, generation at start-up from --seed,
// and the id-keyed association index.
#include "hubspotdata.h"

#include "hubspotvalues.h"
#include "server/prng.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

using namespace demo;

namespace {

// Demo data spans 2021-01-01 .. 2026-06-30 (UTC).
constexpr qint64 kStartMs = 1609459200000LL;
constexpr qint64 kEndMs = 1782777600000LL;
constexpr qint64 kDayMs = 86400000LL;

PropertyDef prop(const QString &name, const QString &label, const QString &type,
                 const QString &fieldType, const QString &group, bool isDefault = false,
                 bool always = false, QVector<PropertyOption> options = {})
{
    PropertyDef p;
    p.name = name;
    p.label = label;
    p.type = type;
    p.fieldType = fieldType;
    p.groupName = group;
    p.description = label + u" of the record"_s;
    p.isDefault = isDefault;
    p.always = always;
    p.options = std::move(options);
    return p;
}

QVector<PropertyDef> schemaFor(ObjectType type, const Pipeline &deals, const Pipeline &tickets)
{
    const QString str = u"string"_s, text = u"text"_s, num = u"number"_s, dt = u"datetime"_s,
                  date = u"date"_s, en = u"enumeration"_s, sel = u"select"_s;
    switch (type) {
    case ObjectType::Contacts: {
        const QString g = u"contactinformation"_s;
        return {prop(u"firstname"_s, u"First Name"_s, str, text, g, true),
                prop(u"lastname"_s, u"Last Name"_s, str, text, g, true),
                prop(u"email"_s, u"Email"_s, str, text, g, true),
                prop(u"phone"_s, u"Phone Number"_s, str, u"phonenumber"_s, g),
                prop(u"company"_s, u"Company Name"_s, str, text, g),
                prop(u"jobtitle"_s, u"Job Title"_s, str, text, g),
                prop(u"city"_s, u"City"_s, str, text, g),
                prop(u"country"_s, u"Country/Region"_s, str, text, g),
                prop(u"lifecyclestage"_s, u"Lifecycle Stage"_s, en, u"radio"_s, g, false, false,
                     lifecycleStages()),
                prop(u"hubspot_owner_id"_s, u"Contact owner"_s, en, sel, g),
                prop(u"createdate"_s, u"Create Date"_s, dt, date, g, true, true),
                prop(u"lastmodifieddate"_s, u"Last Modified Date"_s, dt, date, g, true, true),
                prop(u"hs_object_id"_s, u"Record ID"_s, num, num, g, true, true)};
    }
    case ObjectType::Companies: {
        const QString g = u"companyinformation"_s;
        return {prop(u"name"_s, u"Company name"_s, str, text, g, true),
                prop(u"domain"_s, u"Company Domain Name"_s, str, text, g, true),
                prop(u"phone"_s, u"Phone Number"_s, str, u"phonenumber"_s, g),
                prop(u"city"_s, u"City"_s, str, text, g),
                prop(u"country"_s, u"Country/Region"_s, str, text, g),
                prop(u"industry"_s, u"Industry"_s, en, sel, g, false, false, industries()),
                prop(u"numberofemployees"_s, u"Number of Employees"_s, num, num, g),
                prop(u"annualrevenue"_s, u"Annual Revenue"_s, num, num, g),
                prop(u"hubspot_owner_id"_s, u"Company owner"_s, en, sel, g),
                prop(u"createdate"_s, u"Create Date"_s, dt, date, g, true, true),
                prop(u"hs_lastmodifieddate"_s, u"Last Modified Date"_s, dt, date, g, true, true),
                prop(u"hs_object_id"_s, u"Record ID"_s, num, num, g, true, true)};
    }
    case ObjectType::Deals: {
        const QString g = u"dealinformation"_s;
        QVector<PropertyOption> stages;
        for (const PipelineStage &s : deals.stages)
            stages.append({s.id, s.label});
        return {
            prop(u"dealname"_s, u"Deal Name"_s, str, text, g, true),
            prop(u"amount"_s, u"Amount"_s, num, num, g, true),
            prop(u"dealstage"_s, u"Deal Stage"_s, en, u"radio"_s, g, true, false, stages),
            prop(u"pipeline"_s, u"Pipeline"_s, en, sel, g, true, false, {{deals.id, deals.label}}),
            prop(u"closedate"_s, u"Close Date"_s, dt, date, g, true),
            prop(u"hubspot_owner_id"_s, u"Deal owner"_s, en, sel, g),
            prop(u"deal_currency_code"_s, u"Currency"_s, en, sel, g, false, false, currencies()),
            prop(u"createdate"_s, u"Create Date"_s, dt, date, g, true, true),
            prop(u"hs_lastmodifieddate"_s, u"Last Modified Date"_s, dt, date, g, true, true),
            prop(u"hs_object_id"_s, u"Record ID"_s, num, num, g, true, true)};
    }
    case ObjectType::Tickets: {
        const QString g = u"ticketinformation"_s;
        QVector<PropertyOption> stages;
        for (const PipelineStage &s : tickets.stages)
            stages.append({s.id, s.label});
        return {prop(u"subject"_s, u"Ticket name"_s, str, text, g, true),
                prop(u"content"_s, u"Ticket description"_s, str, u"textarea"_s, g, true),
                prop(u"hs_pipeline"_s, u"Pipeline"_s, en, sel, g, true, false,
                     {{tickets.id, tickets.label}}),
                prop(u"hs_pipeline_stage"_s, u"Ticket status"_s, en, sel, g, true, false, stages),
                prop(u"hs_ticket_category"_s, u"Category"_s, en, u"checkbox"_s, g, true, false,
                     ticketCategories()),
                prop(u"hs_ticket_priority"_s, u"Priority"_s, en, sel, g, true, false,
                     ticketPriorities()),
                prop(u"hubspot_owner_id"_s, u"Ticket owner"_s, en, sel, g),
                prop(u"createdate"_s, u"Create date"_s, dt, date, g, true, true),
                prop(u"hs_lastmodifieddate"_s, u"Last modified date"_s, dt, date, g, true, true),
                prop(u"hs_object_id"_s, u"Ticket ID"_s, num, num, g, true, true)};
    }
    }
    return {};
}

// Creation times grow with the index (and so with the id), like real records.
qint64 createdAt(Prng &rng, int index, int count)
{
    const qint64 span = kEndMs - kStartMs - 30 * kDayMs;
    const qint64 slot = count > 0 ? span / count : span;
    return kStartMs + slot * index + qint64(rng.below(quint64(std::max<qint64>(1, slot))));
}

qint64 updatedAfter(Prng &rng, qint64 created)
{
    return std::min(kEndMs, created + qint64(rng.below(quint64(120 * kDayMs))) + 1000);
}

} // namespace

bool parseObjectType(const QString &text, ObjectType *type)
{
    static const QHash<QString, ObjectType> names = {
        {u"contacts"_s, ObjectType::Contacts}, {u"contact"_s, ObjectType::Contacts},
        {u"0-1"_s, ObjectType::Contacts},      {u"companies"_s, ObjectType::Companies},
        {u"company"_s, ObjectType::Companies}, {u"0-2"_s, ObjectType::Companies},
        {u"deals"_s, ObjectType::Deals},       {u"deal"_s, ObjectType::Deals},
        {u"0-3"_s, ObjectType::Deals},         {u"tickets"_s, ObjectType::Tickets},
        {u"ticket"_s, ObjectType::Tickets},    {u"0-5"_s, ObjectType::Tickets}};
    const auto it = names.constFind(text.toLower());
    if (it == names.constEnd())
        return false;
    *type = it.value();
    return true;
}

QString typeName(ObjectType type)
{
    static const QString names[] = {u"contacts"_s, u"companies"_s, u"deals"_s, u"tickets"_s};
    return names[int(type)];
}

QString singularName(ObjectType type)
{
    static const QString names[] = {u"contact"_s, u"company"_s, u"deal"_s, u"ticket"_s};
    return names[int(type)];
}

QString objectTypeId(ObjectType type)
{
    static const QString ids[] = {u"0-1"_s, u"0-2"_s, u"0-3"_s, u"0-5"_s};
    return ids[int(type)];
}

QString requiredScope(ObjectType type)
{
    static const QString scopes[] = {u"crm.objects.contacts.read"_s,
                                     u"crm.objects.companies.read"_s, u"crm.objects.deals.read"_s,
                                     u"tickets"_s};
    return scopes[int(type)];
}

const ObjectRecord *TypeStore::find(qint64 id, bool archivedStore, int *index) const
{
    const auto &v = archivedStore ? archived : active;
    const auto it = std::lower_bound(v.begin(), v.end(), id,
                                     [](const ObjectRecord &r, qint64 key) { return r.id < key; });
    if (it == v.end() || it->id != id)
        return nullptr;
    if (index)
        *index = int(it - v.begin());
    return &*it;
}

int TypeStore::lowerBound(qint64 after, bool archivedStore) const
{
    const auto &v = archivedStore ? archived : active;
    const auto it = std::lower_bound(v.begin(), v.end(), after,
                                     [](const ObjectRecord &r, qint64 key) { return r.id < key; });
    return int(it - v.begin());
}

qint64 TypeStore::maxId() const
{
    qint64 id = 0;
    if (!active.empty())
        id = active.back().id;
    if (!archived.empty())
        id = std::max(id, archived.back().id);
    return id;
}

const std::vector<qint64> &HubSpotData::associated(ObjectType from, ObjectType to, qint64 id) const
{
    static const std::vector<qint64> none;
    const auto &map = m_links[int(from)][int(to)];
    const auto it = map.constFind(id);
    return it == map.constEnd() ? none : it.value();
}

void HubSpotData::link(ObjectType a, qint64 aId, ObjectType b, qint64 bId)
{
    const auto insert = [](std::vector<qint64> &ids, qint64 id) {
        const auto at = std::lower_bound(ids.begin(), ids.end(), id);
        if (at == ids.end() || *at != id)
            ids.insert(at, id);
    };
    insert(m_links[int(a)][int(b)][aId], bId);
    insert(m_links[int(b)][int(a)][bId], aId);
}

void HubSpotData::unlinkAll(ObjectType type, qint64 id)
{
    for (int other = 0; other < kObjectTypeCount; ++other) {
        auto &forward = m_links[int(type)][size_t(other)];
        const auto it = forward.find(id);
        if (it == forward.end())
            continue;
        auto &backward = m_links[size_t(other)][int(type)];
        for (const qint64 otherId : it.value()) {
            const auto back = backward.find(otherId);
            if (back == backward.end())
                continue;
            std::vector<qint64> &ids = back.value();
            ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
            if (ids.empty())
                backward.erase(back);
        }
        forward.erase(it);
    }
}

// Turns the generator's index-based links into id-keyed, ascending lists.
void HubSpotData::indexLinks(const IndexLinks &links)
{
    for (int from = 0; from < kObjectTypeCount; ++from) {
        for (int to = 0; to < kObjectTypeCount; ++to) {
            auto &map = m_links[size_t(from)][size_t(to)];
            map.clear();
            const auto &lists = links[size_t(from)][size_t(to)];
            const auto &fromRecords = m_stores[size_t(from)].active;
            const auto &toRecords = m_stores[size_t(to)].active;
            map.reserve(qsizetype(std::count_if(lists.begin(), lists.end(),
                                                [](const auto &l) { return !l.empty(); })));
            for (size_t i = 0; i < lists.size() && i < fromRecords.size(); ++i) {
                if (lists[i].empty())
                    continue;
                std::vector<qint64> ids;
                ids.reserve(lists[i].size());
                for (const int j : lists[i])
                    ids.push_back(toRecords[size_t(j)].id);
                std::sort(ids.begin(), ids.end());
                map.insert(fromRecords[i].id, std::move(ids));
            }
        }
    }
}

void HubSpotData::applyFanout(int contacts)
{
    const auto &people = m_stores[int(ObjectType::Contacts)].active;
    const int n = std::min<int>(contacts, int(people.size()));
    for (const ObjectType hub : {ObjectType::Companies, ObjectType::Deals}) {
        const auto &records = m_stores[int(hub)].active;
        if (records.empty())
            continue;
        for (int i = 0; i < n; ++i)
            link(hub, records.front().id, ObjectType::Contacts, people[size_t(i)].id);
    }
}

AssociationType HubSpotData::associationType(ObjectType from, ObjectType to)
{
    // HubSpot-defined association type ids.
    static const int ids[kObjectTypeCount][kObjectTypeCount] = {/* contacts  */ {0, 1, 4, 15},
                                                                /* companies */ {2, 0, 6, 340},
                                                                /* deals     */ {3, 5, 0, 27},
                                                                /* tickets   */ {16, 339, 28, 0}};
    return {ids[int(from)][int(to)], singularName(from) + u"_to_"_s + singularName(to)};
}

QString HubSpotData::isoTime(qint64 ms)
{
    // Howard Hinnant's civil_from_days: fast and exact for the proleptic Gregorian calendar.
    qint64 days = ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
    qint64 rem = ms - days * kDayMs;
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    qint64 y = yoe + era * 400;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 d = doy - (153 * mp + 2) / 5 + 1;
    const qint64 m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        ++y;
    const int hh = int(rem / 3600000), mm = int(rem / 60000 % 60), ss = int(rem / 1000 % 60),
              mss = int(rem % 1000);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", int(y), int(m), int(d),
                  hh, mm, ss, mss);
    return QString::fromLatin1(buf);
}

void HubSpotData::generate(const GeneratorConfig &config)
{
    const quint64 seed = Prng::mix(config.seed);

    m_dealPipeline = {u"default"_s, u"Sales Pipeline"_s, {}};
    const struct
    {
        const char16_t *id, *label, *probability;
        bool closed;
    } dealStages[] = {{u"appointmentscheduled", u"Appointment Scheduled", u"0.2", false},
                      {u"qualifiedtobuy", u"Qualified To Buy", u"0.4", false},
                      {u"presentationscheduled", u"Presentation Scheduled", u"0.6", false},
                      {u"decisionmakerboughtin", u"Decision Maker Bought-In", u"0.8", false},
                      {u"contractsent", u"Contract Sent", u"0.9", false},
                      {u"closedwon", u"Closed Won", u"1.0", true},
                      {u"closedlost", u"Closed Lost", u"0.0", true}};
    int order = 0;
    for (const auto &s : dealStages)
        m_dealPipeline.stages.append({QString::fromUtf16(s.id), QString::fromUtf16(s.label),
                                      order++, QString::fromUtf16(s.probability), s.closed});
    m_ticketPipeline = {u"0"_s,
                        u"Support Pipeline"_s,
                        {{u"1"_s, u"New"_s, 0, QString(), false},
                         {u"2"_s, u"Waiting on contact"_s, 1, QString(), false},
                         {u"3"_s, u"Waiting on us"_s, 2, QString(), false},
                         {u"4"_s, u"Closed"_s, 3, QString(), true}}};

    for (int t = 0; t < kObjectTypeCount; ++t) {
        TypeStore &s = m_stores[size_t(t)];
        s = TypeStore();
        s.schema = schemaFor(ObjectType(t), m_dealPipeline, m_ticketPipeline);
        for (int c = 0; c < s.schema.size(); ++c)
            s.columns.insert(s.schema.at(c).name, c);
    }

    // Owners: the first one is the demo user who installed the app.
    {
        Prng rng(seed ^ 0x0a11ULL);
        m_owners.clear();
        for (int i = 0; i < std::max(0, config.owners); ++i) {
            Owner o;
            o.id = 40000000 + qint64(i) * 1117 + rng.range(0, 999);
            o.userId = i == 0 ? 7654321 : 7000000 + qint64(i) * 733 + rng.range(0, 500);
            o.firstName = i == 0 ? u"Demo"_s : rng.pick(firstNames());
            o.lastName = i == 0 ? u"User"_s : rng.pick(lastNames());
            o.email = i == 0 ? u"demo.user@example.com"_s
                             : asciiLower(o.firstName) + u'.' + asciiLower(o.lastName) +
                                   u"@demo-company.sandbox.local"_s;
            o.createdMs = kStartMs + qint64(i) * 3 * kDayMs;
            o.updatedMs = updatedAfter(rng, o.createdMs);
            m_owners.append(o);
        }
    }
    auto makeRecords = [&](ObjectType type, int activeCount, int archivedCount, qint64 startId,
                           Prng &rng) -> std::vector<ObjectRecord> {
        const TypeStore &s = m_stores[size_t(type)];
        const int total = activeCount + archivedCount;
        std::vector<ObjectRecord> records(size_t(std::max(0, total)));
        qint64 id = startId;
        for (int i = 0; i < total; ++i) {
            ObjectRecord &r = records[size_t(i)];
            r.id = id;
            id += 1 + qint64(rng.below(3));
            r.createdMs = createdAt(rng, i, total);
            r.updatedMs = updatedAfter(rng, r.createdMs);
            r.values.resize(size_t(s.schema.size()));
            if (i >= activeCount) {
                r.archived = true;
                r.archivedMs = std::min(kEndMs, r.updatedMs + kDayMs);
            }
        }
        return records;
    };
    auto setCommon = [&](ObjectType type, ObjectRecord &r) {
        const TypeStore &s = m_stores[size_t(type)];
        Setter set{s, r};
        set(u"createdate"_s, isoTime(r.createdMs));
        setLastModified(type, r, r.updatedMs);
        set(u"hs_object_id"_s, QString::number(r.id));
    };
    IndexLinks links;
    auto linkIndex = [&links](ObjectType a, int ai, ObjectType b, int bi) {
        auto &ab = links[int(a)][int(b)][size_t(ai)];
        if (std::find(ab.begin(), ab.end(), bi) != ab.end())
            return;
        ab.push_back(bi);
        links[int(b)][int(a)][size_t(bi)].push_back(ai);
    };
    const int archivedCount = std::max(0, config.archivedPerType);

    // Companies
    std::vector<ObjectRecord> companies;
    {
        Prng rng(seed ^ 0xc0ULL);
        companies = makeRecords(ObjectType::Companies, std::max(0, config.companies), archivedCount,
                                firstId(ObjectType::Companies), rng);
        QSet<QString> names, domains;
        for (ObjectRecord &r : companies) {
            Setter set{m_stores[1], r};
            companyDetails(rng, set, &names, &domains);
            set(u"hubspot_owner_id"_s, pickOwner(rng, m_owners));
            setCommon(ObjectType::Companies, r);
        }
    }
    const int companyCount = std::max(0, config.companies);

    // Contacts
    std::vector<ObjectRecord> contacts;
    const int contactCount = std::max(0, config.contacts);
    links[0][1].assign(size_t(contactCount), {});
    links[1][0].assign(size_t(companyCount), {});
    {
        Prng rng(seed ^ 0xc1ULL);
        contacts = makeRecords(ObjectType::Contacts, contactCount, archivedCount,
                               firstId(ObjectType::Contacts), rng);
        QSet<QString> emails;
        emails.reserve(int(contacts.size()));
        const auto column = [this](const QString &name) {
            return size_t(m_stores[1].columns.value(name));
        };
        const size_t nameCol = column(u"name"_s), domainCol = column(u"domain"_s),
                     cityCol = column(u"city"_s), countryCol = column(u"country"_s);
        const auto factsOf = [&](const ObjectRecord &c) {
            return CompanyFacts{c.values[nameCol], c.values[domainCol], c.values[cityCol],
                                c.values[countryCol]};
        };
        for (size_t i = 0; i < contacts.size(); ++i) {
            ObjectRecord &r = contacts[i];
            Setter set{m_stores[0], r};
            const QString first = rng.pick(firstNames());
            const QString last = rng.pick(lastNames());
            int company = -1;
            if (!r.archived && companyCount > 0 && rng.chance(0.85))
                company = int(rng.below(quint64(companyCount)));
            const CompanyFacts facts =
                company >= 0 ? factsOf(companies[size_t(company)]) : CompanyFacts();
            contactDetails(rng, set, r.id, first, last, company >= 0 ? &facts : nullptr, &emails);
            if (company >= 0)
                linkIndex(ObjectType::Contacts, int(i), ObjectType::Companies, company);
            set(u"hubspot_owner_id"_s, pickOwner(rng, m_owners));
            setCommon(ObjectType::Contacts, r);
        }
    }

    // Deals
    std::vector<ObjectRecord> deals;
    const int dealCount = std::max(0, config.deals);
    links[2][1].assign(size_t(dealCount), {});
    links[1][2].assign(size_t(companyCount), {});
    links[2][0].assign(size_t(dealCount), {});
    links[0][2].assign(size_t(contactCount), {});
    {
        Prng rng(seed ^ 0xd0ULL);
        deals = makeRecords(ObjectType::Deals, dealCount, archivedCount, firstId(ObjectType::Deals),
                            rng);
        const int companyCol = m_stores[1].columns.value(u"name"_s);
        for (size_t i = 0; i < deals.size(); ++i) {
            ObjectRecord &r = deals[i];
            Setter set{m_stores[2], r};
            int company = -1;
            if (!r.archived && companyCount > 0 && rng.chance(0.8))
                company = int(rng.below(quint64(companyCount)));
            const QString who = company >= 0 ? companies[size_t(company)].values[size_t(companyCol)]
                                             : rng.pick(lastNames()) + u" family"_s;
            dealDetails(rng, set, who, m_dealPipeline, r.createdMs, m_owners);
            setCommon(ObjectType::Deals, r);
            if (r.archived)
                continue;
            if (company >= 0)
                linkIndex(ObjectType::Deals, int(i), ObjectType::Companies, company);
            if (contactCount > 0 && rng.chance(0.9)) {
                const int n = int(rng.range(1, 3));
                const std::vector<int> &people =
                    company >= 0 ? links[1][0][size_t(company)] : std::vector<int>();
                for (int k = 0; k < n; ++k) {
                    const int contact = !people.empty() ? people[size_t(rng.below(people.size()))]
                                                        : int(rng.below(quint64(contactCount)));
                    linkIndex(ObjectType::Deals, int(i), ObjectType::Contacts, contact);
                }
            }
        }
    }

    // Tickets
    std::vector<ObjectRecord> tickets;
    const int ticketCount = std::max(0, config.tickets);
    links[3][1].assign(size_t(ticketCount), {});
    links[1][3].assign(size_t(companyCount), {});
    links[3][0].assign(size_t(ticketCount), {});
    links[0][3].assign(size_t(contactCount), {});
    links[3][2].assign(size_t(ticketCount), {});
    links[2][3].assign(size_t(dealCount), {});
    {
        Prng rng(seed ^ 0x71ULL);
        tickets = makeRecords(ObjectType::Tickets, ticketCount, archivedCount,
                              firstId(ObjectType::Tickets), rng);
        for (size_t i = 0; i < tickets.size(); ++i) {
            ObjectRecord &r = tickets[i];
            Setter set{m_stores[3], r};
            ticketDetails(rng, set, m_ticketPipeline, m_owners);
            setCommon(ObjectType::Tickets, r);
            if (r.archived)
                continue;
            int company = -1;
            if (companyCount > 0 && rng.chance(0.7)) {
                company = int(rng.below(quint64(companyCount)));
                linkIndex(ObjectType::Tickets, int(i), ObjectType::Companies, company);
            }
            if (contactCount > 0 && rng.chance(0.7)) {
                const std::vector<int> &people =
                    company >= 0 ? links[1][0][size_t(company)] : std::vector<int>();
                const int contact = !people.empty() ? people[size_t(rng.below(people.size()))]
                                                    : int(rng.below(quint64(contactCount)));
                linkIndex(ObjectType::Tickets, int(i), ObjectType::Contacts, contact);
            }
        }
    }

    auto split = [this, archivedCount](ObjectType type, std::vector<ObjectRecord> &all) {
        TypeStore &s = m_stores[size_t(type)];
        const size_t activeCount = all.size() - size_t(archivedCount);
        s.archived.assign(std::make_move_iterator(all.begin() + qint64(activeCount)),
                          std::make_move_iterator(all.end()));
        all.resize(activeCount);
        s.active = std::move(all);
    };
    split(ObjectType::Contacts, contacts);
    split(ObjectType::Companies, companies);
    split(ObjectType::Deals, deals);
    split(ObjectType::Tickets, tickets);
    indexLinks(links);
    applyFanout(std::max(0, config.fanoutContacts));
}

void HubSpotData::setLastModified(ObjectType type, ObjectRecord &record, qint64 ms)
{
    Setter set{m_stores[int(type)], record};
    set(type == ObjectType::Contacts ? u"lastmodifieddate"_s : u"hs_lastmodifieddate"_s,
        isoTime(ms));
}

qint64 HubSpotData::firstId(ObjectType type)
{
    static const qint64 ids[] = {101, 2000001, 4000001, 6000001};
    return ids[int(type)];
}

} // namespace desk::sandbox::hubspot
