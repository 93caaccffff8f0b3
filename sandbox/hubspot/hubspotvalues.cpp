// Demo vocabulary for the generated HubSpot data (names, places, companies,
// deal products, ticket texts, enumeration options) and small value helpers,
// shared by the start-up generator and the change endpoint.
#include "hubspotvalues.h"

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot::demo {

namespace {

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

} // namespace

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

QVector<PropertyOption> currencies()
{
    return opts({u"USD", u"EUR", u"GBP"}, {u"US Dollar", u"Euro", u"British Pound"});
}

QString pickOwner(Prng &rng, const QVector<Owner> &owners)
{
    if (owners.isEmpty() || rng.chance(0.1))
        return {};
    return QString::number(owners.at(int(rng.below(quint64(owners.size())))).id);
}

void companyDetails(Prng &rng, const Setter &set, QSet<QString> *names, QSet<QString> *domains)
{
    static const QStringList tlds = {u"com"_s, u"com"_s, u"io"_s, u"co"_s, u"net"_s};
    QString name = rng.pick(companyPrefixes()) + u' ' + rng.pick(companySuffixes());
    for (int n = 2; names->contains(name); ++n)
        name = name.section(u' ', 0, 1) + u' ' + QString::number(n);
    names->insert(name);
    QString domain = asciiLower(name) + u'.' + rng.pick(tlds);
    for (int n = 2; domains->contains(domain); ++n)
        domain = asciiLower(name) + QString::number(n) + u".com"_s;
    domains->insert(domain);
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
    set(u"annualrevenue"_s, rng.chance(0.8)
                                ? QString::number(qint64(employees) * rng.range(40, 250) * 1000)
                                : QString());
}

void contactDetails(Prng &rng, const Setter &set, qint64 id, const QString &first,
                    const QString &last, const CompanyFacts *company, QSet<QString> *emails)
{
    const QString domain = company ? company->domain : rng.pick(freeMailDomains());
    const QString local = asciiLower(first) + u'.' + asciiLower(last);
    QString email = local + u'@' + domain;
    if (emails->contains(email))
        email = local + QString::number(id % 10000) + u'@' + domain;
    for (int n = 2; emails->contains(email); ++n)
        email = local + QString::number(id) + u'-' + QString::number(n) + u'@' + domain;
    emails->insert(email);
    set(u"firstname"_s, first);
    set(u"lastname"_s, rng.chance(0.97) ? last : QString());
    set(u"email"_s, rng.chance(0.98) ? email : QString());
    if (company) {
        set(u"company"_s, company->name);
        set(u"city"_s, company->city);
        set(u"country"_s, company->country);
        const Place &place = rng.pick(places());
        set(u"phone"_s,
            rng.chance(0.75) ? place.phonePrefix + digits(rng, place.localDigits) : QString());
    } else {
        const Place &place = rng.pick(places());
        set(u"city"_s, rng.chance(0.7) ? place.city : QString());
        set(u"country"_s, place.country);
        set(u"phone"_s,
            rng.chance(0.6) ? place.phonePrefix + digits(rng, place.localDigits) : QString());
    }
    set(u"jobtitle"_s, rng.chance(0.7) ? rng.pick(jobTitles()) : QString());
    set(u"lifecyclestage"_s, rng.pick(lifecycleStages()).value);
}

void dealDetails(Prng &rng, const Setter &set, const QString &who, const Pipeline &pipeline,
                 qint64 createdMs, const QVector<Owner> &owners)
{
    constexpr qint64 kDayMs = 86400000LL;
    set(u"dealname"_s, who + u" - "_s + rng.pick(dealProducts()));
    static const int amounts[] = {1200,  2500,  4800,  7500,  9900,  12000,
                                  18500, 25000, 40000, 64000, 120000};
    set(u"amount"_s, rng.chance(0.92) ? QString::number(amounts[rng.below(11)]) : QString());
    const PipelineStage &stage = rng.pick(pipeline.stages);
    set(u"dealstage"_s, stage.id);
    set(u"pipeline"_s, pipeline.id);
    set(u"closedate"_s, HubSpotData::isoTime(createdMs + (stage.isClosed ? 1 : 30) * kDayMs +
                                             qint64(rng.below(quint64(60 * kDayMs)))));
    set(u"hubspot_owner_id"_s, pickOwner(rng, owners));
    set(u"deal_currency_code"_s,
        rng.chance(0.7) ? u"USD"_s : (rng.chance(0.5) ? u"EUR"_s : u"GBP"_s));
}

void ticketDetails(Prng &rng, const Setter &set, const Pipeline &pipeline,
                   const QVector<Owner> &owners)
{
    set(u"subject"_s, rng.pick(ticketSubjects()));
    set(u"content"_s, rng.pick(ticketContents()));
    set(u"hs_pipeline"_s, pipeline.id);
    set(u"hs_pipeline_stage"_s, rng.pick(pipeline.stages).id);
    set(u"hs_ticket_category"_s, rng.chance(0.8) ? rng.pick(ticketCategories()).value : QString());
    set(u"hs_ticket_priority"_s, rng.pick(ticketPriorities()).value);
    set(u"hubspot_owner_id"_s, pickOwner(rng, owners));
}

} // namespace desk::sandbox::hubspot::demo
