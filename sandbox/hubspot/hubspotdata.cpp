#include "hubspotdata.h"

#include "server/prng.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

// Demo data spans 2021-01-01 .. 2026-06-30 (UTC).
constexpr qint64 kStartMs = 1609459200000LL;
constexpr qint64 kEndMs = 1782777600000LL;
constexpr qint64 kDayMs = 86400000LL;

const QStringList &firstNames()
{
    static const QStringList names = {
        u"Olivia"_s, u"Liam"_s,   u"Emma"_s,     u"Noah"_s,   u"Amelia"_s,    u"Oliver"_s,
        u"Sophia"_s, u"Elijah"_s, u"Mia"_s,      u"James"_s,  u"Charlotte"_s, u"William"_s,
        u"Ava"_s,    u"Lucas"_s,  u"Isabella"_s, u"Henry"_s,  u"Harper"_s,    u"Theodore"_s,
        u"Evelyn"_s, u"Mateo"_s,  u"Aisha"_s,    u"Yuki"_s,   u"Priya"_s,     u"Arjun"_s,
        u"Chen"_s,   u"Mei"_s,    u"Fatima"_s,   u"Omar"_s,   u"Sofía"_s,     u"José"_s,
        u"Zoë"_s,    u"Björn"_s,  u"Ingrid"_s,   u"Lars"_s,   u"Amara"_s,     u"Kwame"_s,
        u"Nia"_s,    u"Diego"_s,  u"Lucía"_s,    u"Hannah"_s, u"Daniel"_s,    u"Grace"_s,
        u"Samuel"_s, u"Chloe"_s,  u"Benjamin"_s, u"Leah"_s,   u"Jack"_s,      u"Emily"_s,
        u"Ethan"_s,  u"Nora"_s,   u"Gabriel"_s,  u"Maya"_s,   u"Julian"_s,    u"Elena"_s,
        u"Marcus"_s, u"Ruth"_s,   u"Tomás"_s,    u"Anna"_s,   u"Felix"_s,     u"Clara"_s};
    return names;
}

const QStringList &lastNames()
{
    static const QStringList names = {
        u"Smith"_s,    u"Johnson"_s, u"Williams"_s,  u"Brown"_s,    u"Jones"_s,     u"Garcia"_s,
        u"Miller"_s,   u"Davis"_s,   u"Rodriguez"_s, u"Martinez"_s, u"Hernandez"_s, u"Lopez"_s,
        u"Gonzalez"_s, u"Wilson"_s,  u"Anderson"_s,  u"Thomas"_s,   u"Taylor"_s,    u"Moore"_s,
        u"Jackson"_s,  u"Martin"_s,  u"Lee"_s,       u"Perez"_s,    u"Thompson"_s,  u"White"_s,
        u"Harris"_s,   u"Sanchez"_s, u"Clark"_s,     u"Ramirez"_s,  u"Lewis"_s,     u"Robinson"_s,
        u"Walker"_s,   u"Young"_s,   u"Allen"_s,     u"King"_s,     u"Wright"_s,    u"Scott"_s,
        u"Nguyen"_s,   u"Kim"_s,     u"Patel"_s,     u"Müller"_s,   u"Schmidt"_s,   u"Rossi"_s,
        u"Dubois"_s,   u"Novak"_s,   u"Kowalski"_s,  u"Tanaka"_s,   u"Sato"_s,      u"Okafor"_s,
        u"Mensah"_s,   u"O'Brien"_s, u"Andersson"_s, u"Jensen"_s,   u"Costa"_s,     u"Silva"_s,
        u"Fischer"_s,  u"Weber"_s,   u"Ivanova"_s,   u"Haddad"_s,   u"Cohen"_s,     u"Singh"_s};
    return names;
}

const QStringList &companyPrefixes()
{
    static const QStringList words = {
        u"Northwind"_s,  u"Bluebird"_s,   u"Summit"_s,   u"Evergreen"_s,  u"Silverline"_s,
        u"Redwood"_s,    u"Brightpath"_s, u"Ironclad"_s, u"Lumen"_s,      u"Harbor"_s,
        u"Quantum"_s,    u"Cobalt"_s,     u"Maple"_s,    u"Pioneer"_s,    u"Aurora"_s,
        u"Granite"_s,    u"Nimbus"_s,     u"Vertex"_s,   u"Orchard"_s,    u"Beacon"_s,
        u"Falcon"_s,     u"Juniper"_s,    u"Horizon"_s,  u"Atlas"_s,      u"Cedar"_s,
        u"Sterling"_s,   u"Willow"_s,     u"Crescent"_s, u"Polar"_s,      u"Keystone"_s,
        u"Meridian"_s,   u"Oakridge"_s,   u"Sapphire"_s, u"Tidewater"_s,  u"Zephyr"_s,
        u"Copperleaf"_s, u"Riverstone"_s, u"Skyline"_s,  u"Greenfield"_s, u"Lighthouse"_s};
    return words;
}

const QStringList &companySuffixes()
{
    static const QStringList words = {
        u"Analytics"_s,     u"Robotics"_s, u"Logistics"_s, u"Software"_s, u"Foods"_s,
        u"Health"_s,        u"Energy"_s,   u"Labs"_s,      u"Systems"_s,  u"Consulting"_s,
        u"Outfitters"_s,    u"Media"_s,    u"Capital"_s,   u"Designs"_s,  u"Networks"_s,
        u"Manufacturing"_s, u"Apparel"_s,  u"Studios"_s,   u"Partners"_s, u"Security"_s,
        u"Bikes"_s,         u"Coffee"_s,   u"Travel"_s,    u"Dynamics"_s, u"Solar"_s};
    return words;
}

struct Place
{
    QString city;
    QString country;
    QString phonePrefix; // country calling code and area
    int localDigits;
};

const QVector<Place> &places()
{
    static const QVector<Place> list = {
        {u"Boston"_s, u"United States"_s, u"+1 617 555 "_s, 4},
        {u"Austin"_s, u"United States"_s, u"+1 512 555 "_s, 4},
        {u"Seattle"_s, u"United States"_s, u"+1 206 555 "_s, 4},
        {u"Chicago"_s, u"United States"_s, u"+1 312 555 "_s, 4},
        {u"Toronto"_s, u"Canada"_s, u"+1 416 555 "_s, 4},
        {u"London"_s, u"United Kingdom"_s, u"+44 20 7946 "_s, 4},
        {u"Manchester"_s, u"United Kingdom"_s, u"+44 161 496 "_s, 4},
        {u"Dublin"_s, u"Ireland"_s, u"+353 1 555 "_s, 4},
        {u"Berlin"_s, u"Germany"_s, u"+49 30 5550 "_s, 4},
        {u"Munich"_s, u"Germany"_s, u"+49 89 5550 "_s, 4},
        {u"Paris"_s, u"France"_s, u"+33 1 55 50 "_s, 4},
        {u"Amsterdam"_s, u"Netherlands"_s, u"+31 20 555 "_s, 4},
        {u"Stockholm"_s, u"Sweden"_s, u"+46 8 555 "_s, 4},
        {u"Madrid"_s, u"Spain"_s, u"+34 91 555 "_s, 4},
        {u"Sydney"_s, u"Australia"_s, u"+61 2 5550 "_s, 4},
        {u"Tokyo"_s, u"Japan"_s, u"+81 3 5555 "_s, 4},
        {u"Singapore"_s, u"Singapore"_s, u"+65 5555 "_s, 4},
        {u"São Paulo"_s, u"Brazil"_s, u"+55 11 5555 "_s, 4}};
    return list;
}

const QStringList &jobTitles()
{
    static const QStringList titles = {u"Head of Operations"_s,
                                       u"Marketing Manager"_s,
                                       u"VP Sales"_s,
                                       u"CTO"_s,
                                       u"Software Engineer"_s,
                                       u"Account Executive"_s,
                                       u"Office Manager"_s,
                                       u"CFO"_s,
                                       u"Product Manager"_s,
                                       u"Customer Success Lead"_s,
                                       u"Procurement Specialist"_s,
                                       u"Founder & CEO"_s,
                                       u"IT Director"_s,
                                       u"Data Analyst"_s,
                                       u"HR Business Partner"_s};
    return titles;
}

const QStringList &freeMailDomains()
{
    static const QStringList domains = {u"gmail.com"_s, u"outlook.com"_s, u"yahoo.com"_s,
                                        u"proton.me"_s, u"icloud.com"_s};
    return domains;
}

QVector<PropertyOption> opts(std::initializer_list<const char16_t *> values,
                             std::initializer_list<const char16_t *> labels)
{
    QVector<PropertyOption> out;
    auto l = labels.begin();
    for (const char16_t *v : values) {
        out.append({QString::fromUtf16(v), QString::fromUtf16(*l)});
        ++l;
    }
    return out;
}

const QVector<PropertyOption> &industries()
{
    static const QVector<PropertyOption> list =
        opts({u"COMPUTER_SOFTWARE", u"HOSPITAL_HEALTH_CARE", u"LOGISTICS_AND_SUPPLY_CHAIN",
              u"FOOD_BEVERAGES", u"RENEWABLES_ENVIRONMENT", u"FINANCIAL_SERVICES",
              u"MARKETING_AND_ADVERTISING", u"APPAREL_FASHION", u"MANAGEMENT_CONSULTING",
              u"LEISURE_TRAVEL_TOURISM"},
             {u"Computer Software", u"Hospital & Health Care", u"Logistics and Supply Chain",
              u"Food & Beverages", u"Renewables & Environment", u"Financial Services",
              u"Marketing and Advertising", u"Apparel & Fashion", u"Management Consulting",
              u"Leisure, Travel & Tourism"});
    return list;
}

const QVector<PropertyOption> &lifecycleStages()
{
    static const QVector<PropertyOption> list =
        opts({u"subscriber", u"lead", u"marketingqualifiedlead", u"salesqualifiedlead",
              u"opportunity", u"customer", u"evangelist", u"other"},
             {u"Subscriber", u"Lead", u"Marketing Qualified Lead", u"Sales Qualified Lead",
              u"Opportunity", u"Customer", u"Evangelist", u"Other"});
    return list;
}

const QVector<PropertyOption> &ticketCategories()
{
    static const QVector<PropertyOption> list =
        opts({u"PRODUCT_ISSUE", u"BILLING_ISSUE", u"FEATURE_REQUEST", u"GENERAL_INQUIRY"},
             {u"Product issue", u"Billing issue", u"Feature request", u"General inquiry"});
    return list;
}

const QVector<PropertyOption> &ticketPriorities()
{
    static const QVector<PropertyOption> list =
        opts({u"LOW", u"MEDIUM", u"HIGH"}, {u"Low", u"Medium", u"High"});
    return list;
}

const QStringList &ticketSubjects()
{
    static const QStringList subjects = {u"Cannot log in after password reset"_s,
                                         u"Invoice shows the wrong VAT number"_s,
                                         u"Export to CSV times out"_s,
                                         u"Request: dark mode for the dashboard"_s,
                                         u"Shipment arrived damaged"_s,
                                         u"How do I add a second admin?"_s,
                                         u"Sync with calendar stopped working"_s,
                                         u"Charged twice this month"_s,
                                         u"API returns 500 on bulk update"_s,
                                         u"Need a copy of our contract"_s,
                                         u"Mobile app crashes on start"_s,
                                         u"Question about the annual plan"_s};
    return subjects;
}

const QStringList &ticketContents()
{
    static const QStringList contents = {
        u"Customer reported the problem by phone and sent screenshots afterwards."_s,
        u"Happens every time since Monday. Blocking their month-end close."_s,
        u"Low urgency, but they would like an answer this week."_s,
        u"Reproduced on our side; engineering has been informed."_s,
        u"Asked for a call back in the afternoon (their time zone)."_s};
    return contents;
}

const QStringList &dealProducts()
{
    static const QStringList products = {u"Annual subscription"_s, u"Enterprise upgrade"_s,
                                         u"Onboarding package"_s,  u"Renewal"_s,
                                         u"Pilot project"_s,       u"Support add-on"_s,
                                         u"Hardware bundle"_s,     u"Expansion - 50 seats"_s,
                                         u"Consulting retainer"_s};
    return products;
}

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
            prop(u"deal_currency_code"_s, u"Currency"_s, en, sel, g, false, false,
                 opts({u"USD", u"EUR", u"GBP"}, {u"US Dollar", u"Euro", u"British Pound"})),
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

QString asciiLower(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text.normalized(QString::NormalizationForm_D)) {
        if (c.unicode() < 128 && c.isLetterOrNumber())
            out.append(c.toLower());
    }
    return out;
}

QString digits(Prng &rng, int count)
{
    QString out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out.append(QChar(u'0' + int(rng.below(10))));
    return out;
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

struct Setter
{
    const TypeStore &store;
    ObjectRecord &record;
    void operator()(const QString &name, const QString &value) const
    {
        record.values[size_t(store.columns.value(name))] = value;
    }
};

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

const std::vector<int> &HubSpotData::associated(ObjectType from, ObjectType to, int index) const
{
    static const std::vector<int> none;
    const auto &lists = m_links[int(from)][int(to)];
    if (index < 0 || size_t(index) >= lists.size())
        return none;
    return lists[size_t(index)];
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
        for (auto &lists : m_links[size_t(t)])
            lists.clear();
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
    auto ownerId = [this](Prng &rng) -> QString {
        if (m_owners.isEmpty() || rng.chance(0.1))
            return {};
        return QString::number(m_owners.at(int(rng.below(quint64(m_owners.size())))).id);
    };

    auto makeRecords = [&](ObjectType type, int activeCount, int archivedCount, qint64 firstId,
                           Prng &rng) -> std::vector<ObjectRecord> {
        const TypeStore &s = m_stores[size_t(type)];
        const int total = activeCount + archivedCount;
        std::vector<ObjectRecord> records(size_t(std::max(0, total)));
        qint64 id = firstId;
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
        set(type == ObjectType::Contacts ? u"lastmodifieddate"_s : u"hs_lastmodifieddate"_s,
            isoTime(r.updatedMs));
        set(u"hs_object_id"_s, QString::number(r.id));
    };
    auto link = [this](ObjectType a, int ai, ObjectType b, int bi) {
        auto &ab = m_links[int(a)][int(b)][size_t(ai)];
        if (std::find(ab.begin(), ab.end(), bi) != ab.end())
            return;
        ab.push_back(bi);
        m_links[int(b)][int(a)][size_t(bi)].push_back(ai);
    };
    const int archivedCount = std::max(0, config.archivedPerType);

    // Companies
    std::vector<ObjectRecord> companies;
    {
        Prng rng(seed ^ 0xc0ULL);
        companies = makeRecords(ObjectType::Companies, std::max(0, config.companies), archivedCount,
                                2000001, rng);
        QSet<QString> names, domains;
        static const QStringList tlds = {u"com"_s, u"com"_s, u"io"_s, u"co"_s, u"net"_s};
        for (ObjectRecord &r : companies) {
            Setter set{m_stores[1], r};
            QString name = rng.pick(companyPrefixes()) + u' ' + rng.pick(companySuffixes());
            for (int n = 2; names.contains(name); ++n)
                name = name.section(u' ', 0, 1) + u' ' + QString::number(n);
            names.insert(name);
            QString domain = asciiLower(name) + u'.' + rng.pick(tlds);
            for (int n = 2; domains.contains(domain); ++n)
                domain = asciiLower(name) + QString::number(n) + u".com"_s;
            domains.insert(domain);
            const Place &place = rng.pick(places());
            set(u"name"_s, name);
            set(u"domain"_s, domain);
            set(u"phone"_s,
                rng.chance(0.9) ? place.phonePrefix + digits(rng, place.localDigits) : QString());
            set(u"city"_s, place.city);
            set(u"country"_s, place.country);
            set(u"industry"_s, rng.chance(0.85) ? rng.pick(industries()).value : QString());
            static const int sizes[] = {5, 12, 25, 50, 120, 250, 800, 2500, 10000};
            const int employees = sizes[rng.below(9)];
            set(u"numberofemployees"_s, QString::number(employees));
            set(u"annualrevenue"_s,
                rng.chance(0.8) ? QString::number(qint64(employees) * rng.range(40, 250) * 1000)
                                : QString());
            set(u"hubspot_owner_id"_s, ownerId(rng));
            setCommon(ObjectType::Companies, r);
        }
    }
    const int companyCount = std::max(0, config.companies);

    // Contacts
    std::vector<ObjectRecord> contacts;
    const int contactCount = std::max(0, config.contacts);
    m_links[0][1].assign(size_t(contactCount), {});
    m_links[1][0].assign(size_t(companyCount), {});
    {
        Prng rng(seed ^ 0xc1ULL);
        contacts = makeRecords(ObjectType::Contacts, contactCount, archivedCount, 101, rng);
        QSet<QString> emails;
        emails.reserve(int(contacts.size()));
        const int companyCol = m_stores[1].columns.value(u"name"_s);
        const int domainCol = m_stores[1].columns.value(u"domain"_s);
        const int cityCol = m_stores[1].columns.value(u"city"_s);
        const int countryCol = m_stores[1].columns.value(u"country"_s);
        for (size_t i = 0; i < contacts.size(); ++i) {
            ObjectRecord &r = contacts[i];
            Setter set{m_stores[0], r};
            const QString first = rng.pick(firstNames());
            const QString last = rng.pick(lastNames());
            int company = -1;
            if (!r.archived && companyCount > 0 && rng.chance(0.85))
                company = int(rng.below(quint64(companyCount)));
            const QString domain = company >= 0
                                       ? companies[size_t(company)].values[size_t(domainCol)]
                                       : rng.pick(freeMailDomains());
            QString local = asciiLower(first) + u'.' + asciiLower(last);
            QString email = local + u'@' + domain;
            if (emails.contains(email))
                email = local + QString::number(r.id % 10000) + u'@' + domain;
            for (int n = 2; emails.contains(email); ++n)
                email = local + QString::number(r.id) + u'-' + QString::number(n) + u'@' + domain;
            emails.insert(email);
            set(u"firstname"_s, first);
            set(u"lastname"_s, rng.chance(0.97) ? last : QString());
            set(u"email"_s, rng.chance(0.98) ? email : QString());
            if (company >= 0) {
                const ObjectRecord &c = companies[size_t(company)];
                set(u"company"_s, c.values[size_t(companyCol)]);
                set(u"city"_s, c.values[size_t(cityCol)]);
                set(u"country"_s, c.values[size_t(countryCol)]);
                link(ObjectType::Contacts, int(i), ObjectType::Companies, company);
                const Place &place = rng.pick(places());
                set(u"phone"_s, rng.chance(0.75)
                                    ? place.phonePrefix + digits(rng, place.localDigits)
                                    : QString());
            } else {
                const Place &place = rng.pick(places());
                set(u"city"_s, rng.chance(0.7) ? place.city : QString());
                set(u"country"_s, place.country);
                set(u"phone"_s, rng.chance(0.6) ? place.phonePrefix + digits(rng, place.localDigits)
                                                : QString());
            }
            set(u"jobtitle"_s, rng.chance(0.7) ? rng.pick(jobTitles()) : QString());
            set(u"lifecyclestage"_s, rng.pick(lifecycleStages()).value);
            set(u"hubspot_owner_id"_s, ownerId(rng));
            setCommon(ObjectType::Contacts, r);
        }
    }

    // Deals
    std::vector<ObjectRecord> deals;
    const int dealCount = std::max(0, config.deals);
    m_links[2][1].assign(size_t(dealCount), {});
    m_links[1][2].assign(size_t(companyCount), {});
    m_links[2][0].assign(size_t(dealCount), {});
    m_links[0][2].assign(size_t(contactCount), {});
    {
        Prng rng(seed ^ 0xd0ULL);
        deals = makeRecords(ObjectType::Deals, dealCount, archivedCount, 4000001, rng);
        const int companyCol = m_stores[1].columns.value(u"name"_s);
        for (size_t i = 0; i < deals.size(); ++i) {
            ObjectRecord &r = deals[i];
            Setter set{m_stores[2], r};
            int company = -1;
            if (!r.archived && companyCount > 0 && rng.chance(0.8))
                company = int(rng.below(quint64(companyCount)));
            const QString who = company >= 0 ? companies[size_t(company)].values[size_t(companyCol)]
                                             : rng.pick(lastNames()) + u" family"_s;
            set(u"dealname"_s, who + u" - "_s + rng.pick(dealProducts()));
            static const int amounts[] = {1200,  2500,  4800,  7500,  9900,  12000,
                                          18500, 25000, 40000, 64000, 120000};
            set(u"amount"_s,
                rng.chance(0.92) ? QString::number(amounts[rng.below(11)]) : QString());
            const PipelineStage &stage = rng.pick(m_dealPipeline.stages);
            set(u"dealstage"_s, stage.id);
            set(u"pipeline"_s, m_dealPipeline.id);
            set(u"closedate"_s, isoTime(r.createdMs + (stage.isClosed ? 1 : 30) * kDayMs +
                                        qint64(rng.below(quint64(60 * kDayMs)))));
            set(u"hubspot_owner_id"_s, ownerId(rng));
            set(u"deal_currency_code"_s,
                rng.chance(0.7) ? u"USD"_s : (rng.chance(0.5) ? u"EUR"_s : u"GBP"_s));
            setCommon(ObjectType::Deals, r);
            if (r.archived)
                continue;
            if (company >= 0)
                link(ObjectType::Deals, int(i), ObjectType::Companies, company);
            if (contactCount > 0 && rng.chance(0.9)) {
                const int n = int(rng.range(1, 3));
                const std::vector<int> &people =
                    company >= 0 ? m_links[1][0][size_t(company)] : std::vector<int>();
                for (int k = 0; k < n; ++k) {
                    const int contact = !people.empty() ? people[size_t(rng.below(people.size()))]
                                                        : int(rng.below(quint64(contactCount)));
                    link(ObjectType::Deals, int(i), ObjectType::Contacts, contact);
                }
            }
        }
    }

    // Tickets
    std::vector<ObjectRecord> tickets;
    const int ticketCount = std::max(0, config.tickets);
    m_links[3][1].assign(size_t(ticketCount), {});
    m_links[1][3].assign(size_t(companyCount), {});
    m_links[3][0].assign(size_t(ticketCount), {});
    m_links[0][3].assign(size_t(contactCount), {});
    m_links[3][2].assign(size_t(ticketCount), {});
    m_links[2][3].assign(size_t(dealCount), {});
    {
        Prng rng(seed ^ 0x71ULL);
        tickets = makeRecords(ObjectType::Tickets, ticketCount, archivedCount, 6000001, rng);
        for (size_t i = 0; i < tickets.size(); ++i) {
            ObjectRecord &r = tickets[i];
            Setter set{m_stores[3], r};
            set(u"subject"_s, rng.pick(ticketSubjects()));
            set(u"content"_s, rng.pick(ticketContents()));
            set(u"hs_pipeline"_s, m_ticketPipeline.id);
            set(u"hs_pipeline_stage"_s, rng.pick(m_ticketPipeline.stages).id);
            set(u"hs_ticket_category"_s,
                rng.chance(0.8) ? rng.pick(ticketCategories()).value : QString());
            set(u"hs_ticket_priority"_s, rng.pick(ticketPriorities()).value);
            set(u"hubspot_owner_id"_s, ownerId(rng));
            setCommon(ObjectType::Tickets, r);
            if (r.archived)
                continue;
            int company = -1;
            if (companyCount > 0 && rng.chance(0.7)) {
                company = int(rng.below(quint64(companyCount)));
                link(ObjectType::Tickets, int(i), ObjectType::Companies, company);
            }
            if (contactCount > 0 && rng.chance(0.7)) {
                const std::vector<int> &people =
                    company >= 0 ? m_links[1][0][size_t(company)] : std::vector<int>();
                const int contact = !people.empty() ? people[size_t(rng.below(people.size()))]
                                                    : int(rng.below(quint64(contactCount)));
                link(ObjectType::Tickets, int(i), ObjectType::Contacts, contact);
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
}

} // namespace desk::sandbox::hubspot
