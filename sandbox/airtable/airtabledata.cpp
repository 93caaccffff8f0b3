#include "airtabledata.h"

#include "server/prng.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace desk::sandbox::airtable {

namespace {

enum Flavor
{
    None,
    ProjectName,
    TaskName,
    PersonName,
    Company,
    City,
    Item,
    Sku,
    Event,
    Venue,
    Notes,
    Website,
    Email,
    Phone,
    Money,
    SmallCount,
    BigCount,
    Score,
    Hours
};

struct FieldTemplate
{
    const char *name;
    const char *type;
    int flavor;
    QStringList choices;
};

struct TableTemplate
{
    const char *name;
    const char *description;
    QVector<FieldTemplate> fields;
    QStringList views; // "name:type"
};

const QVector<TableTemplate> &templates()
{
    static const QVector<TableTemplate> t = {
        {"Projects",
         "Every project with its owner, budget and progress",
         {{"Name", "singleLineText", ProjectName, {}},
          {"Status",
           "singleSelect",
           None,
           {u"Not started"_s, u"In progress"_s, u"Blocked"_s, u"Done"_s}},
          {"Owner", "singleCollaborator", None, {}},
          {"Start date", "date", None, {}},
          {"Budget", "currency", Money, {}},
          {"Progress", "percent", None, {}},
          {"Priority", "rating", None, {}},
          {"Tags",
           "multipleSelects",
           None,
           {u"Design"_s, u"Engineering"_s, u"Marketing"_s, u"Research"_s, u"Operations"_s}},
          {"Active", "checkbox", None, {}},
          {"Notes", "multilineText", Notes, {}},
          {"Website", "url", Website, {}},
          {"Last modified", "lastModifiedTime", None, {}}},
         {u"Grid view:grid"_s, u"By status:kanban"_s, u"Timeline:calendar"_s}},
        {"Tasks",
         "",
         {{"Task", "singleLineText", TaskName, {}},
          {"Status", "singleSelect", None, {u"Todo"_s, u"Doing"_s, u"Done"_s}},
          {"Assignee", "singleCollaborator", None, {}},
          {"Due", "date", None, {}},
          {"Estimate (h)", "number", Hours, {}},
          {"Done", "checkbox", None, {}},
          {"ID", "autoNumber", None, {}},
          {"Created", "createdTime", None, {}},
          {"Last modified", "lastModifiedTime", None, {}}},
         {u"Grid view:grid"_s, u"My tasks:grid"_s, u"Board:kanban"_s}},
        {"Contacts",
         "People we work with",
         {{"Name", "singleLineText", PersonName, {}},
          {"Email", "email", Email, {}},
          {"Phone", "phoneNumber", Phone, {}},
          {"Company", "singleLineText", Company, {}},
          {"City", "singleLineText", City, {}},
          {"Last contacted", "dateTime", None, {}},
          {"Lead score", "number", Score, {}},
          {"Stage",
           "singleSelect",
           None,
           {u"Lead"_s, u"Qualified"_s, u"Customer"_s, u"Churned"_s}}},
         {u"Grid view:grid"_s, u"Sign-up form:form"_s}},
        {"Inventory",
         "",
         {{"Item", "singleLineText", Item, {}},
          {"SKU", "singleLineText", Sku, {}},
          {"Category",
           "singleSelect",
           None,
           {u"Hardware"_s, u"Software"_s, u"Furniture"_s, u"Supplies"_s}},
          {"Quantity", "number", BigCount, {}},
          {"Unit price", "currency", Money, {}},
          {"In stock", "checkbox", None, {}},
          {"Supplier", "url", Website, {}},
          {"Last counted", "date", None, {}}},
         {u"Grid view:grid"_s, u"Gallery:gallery"_s}},
        {"Events",
         "Conferences, meetups and webinars",
         {{"Event", "singleLineText", Event, {}},
          {"Starts", "dateTime", None, {}},
          {"Venue", "singleLineText", Venue, {}},
          {"Type",
           "singleSelect",
           None,
           {u"Conference"_s, u"Meetup"_s, u"Webinar"_s, u"Workshop"_s}},
          {"Capacity", "number", SmallCount, {}},
          {"Tickets sold", "number", SmallCount, {}},
          {"Notes", "multilineText", Notes, {}}},
         {u"Grid view:grid"_s, u"Calendar:calendar"_s}},
    };
    return t;
}

const QStringList kBaseNames = {
    u"Product Roadmap"_s, u"Marketing Calendar"_s, u"Sales CRM"_s,        u"Office Inventory"_s,
    u"Event Planning"_s,  u"Hiring Pipeline"_s,    u"Content Calendar"_s, u"Customer Feedback"_s,
    u"Bug Tracker"_s,     u"Vendor Directory"_s,   u"Team Wiki"_s,        u"Grant Applications"_s};
const QStringList kFirst = {u"Anna"_s,  u"Jonas"_s,  u"Léa"_s,    u"Mateo"_s, u"Sofia"_s,
                            u"Noah"_s,  u"Chloé"_s,  u"Ingrid"_s, u"Ravi"_s,  u"Yuki"_s,
                            u"Amara"_s, u"Oskar"_s,  u"Zoë"_s,    u"Liam"_s,  u"Fatima"_s,
                            u"Pedro"_s, u"Hannah"_s, u"Björn"_s,  u"Mei"_s,   u"Tomás"_s};
const QStringList kLast = {u"Schmidt"_s, u"García"_s,   u"Nakamura"_s,  u"Okafor"_s, u"Dubois"_s,
                           u"Rossi"_s,   u"Kowalski"_s, u"Lindqvist"_s, u"Patel"_s,  u"Müller"_s,
                           u"O'Brien"_s, u"Novak"_s,    u"Silva"_s,     u"Jensen"_s, u"Moreau"_s};
const QStringList kCompanyA = {u"Blue"_s,  u"North"_s, u"Bright"_s, u"Iron"_s,   u"Silver"_s,
                               u"Green"_s, u"Swift"_s, u"Cedar"_s,  u"Harbor"_s, u"Summit"_s};
const QStringList kCompanyB = {u"Labs"_s,   u"Works"_s,     u"Systems"_s, u"Logistics"_s,
                               u"Studio"_s, u"Analytics"_s, u"Foods"_s,   u"Energy"_s};
const QStringList kCities = {u"Berlin"_s, u"Lisbon"_s, u"Osaka"_s,     u"Toronto"_s, u"Lyon"_s,
                             u"Austin"_s, u"Oslo"_s,   u"São Paulo"_s, u"Kraków"_s,  u"Nairobi"_s};
const QStringList kProjectA = {u"Website"_s, u"Mobile app"_s, u"Onboarding"_s, u"Billing"_s,
                               u"Search"_s,  u"Analytics"_s,  u"Checkout"_s,   u"Help center"_s};
const QStringList kProjectB = {u"redesign"_s, u"launch"_s, u"migration"_s, u"v2"_s,
                               u"cleanup"_s,  u"pilot"_s,  u"rollout"_s};
const QStringList kVerbs = {u"Review"_s, u"Draft"_s, u"Fix"_s,  u"Test"_s,
                            u"Update"_s, u"Plan"_s,  u"Ship"_s, u"Write"_s};
const QStringList kObjects = {u"release notes"_s,  u"login flow"_s,   u"pricing page"_s,
                              u"API docs"_s,       u"sprint board"_s, u"invoice export"_s,
                              u"error messages"_s, u"dark theme"_s};
const QStringList kItems = {u"Standing desk"_s, u"USB-C dock"_s,  u"Monitor 27\""_s,
                            u"Office chair"_s,  u"Notebook A5"_s, u"Label printer"_s,
                            u"Headset"_s,       u"Webcam"_s,      u"Whiteboard"_s};
const QStringList kEvents = {u"Product Summit"_s,  u"Community Meetup"_s, u"Customer Webinar"_s,
                             u"Design Workshop"_s, u"Partner Day"_s,      u"Hackathon"_s};
const QStringList kVenues = {u"Main Hall"_s, u"Room 2.14"_s, u"Online"_s, u"Rooftop Terrace"_s,
                             u"Conference Center"_s};
const QStringList kNotes = {
    u"Waiting for sign-off from finance."_s, u"Kick-off went well; next check-in on Monday."_s,
    u"See the shared drive for the latest draft.\nOpen questions are listed at the end."_s,
    u"Follow up after the holidays."_s, u"Scope reduced after the last review — see comments."_s};

QString idString(const char *prefix, Prng &rng)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString s = QLatin1String(prefix);
    for (int i = 0; i < 14; ++i)
        s.append(QLatin1Char(alphabet[rng.below(62)]));
    return s;
}

const QStringList kColors = {u"blueLight2"_s,  u"cyanLight2"_s,   u"tealLight2"_s,
                             u"greenLight2"_s, u"yellowLight2"_s, u"orangeLight2"_s,
                             u"redLight2"_s,   u"purpleLight2"_s};

// Lower-case ASCII letters and digits only ("Björn" -> "bjorn"), for emails and domains.
QString slug(const QString &text)
{
    QString out;
    for (const QChar c : text.toLower().normalized(QString::NormalizationForm_D))
        if (c.unicode() < 128 && c.isLetterOrNumber())
            out.append(c);
    return out;
}

constexpr qint64 kStartMs = 1640995200000LL; // 2022-01-01T00:00:00Z
constexpr qint64 kSpanMs = 3LL * 365 * 86400 * 1000;
// Generated records were last modified before this (change sets come later).
constexpr qint64 kGeneratedEndMs = kStartMs + kSpanMs + 90LL * 86400 * 1000;

bool isTimeType(const QString &type)
{
    return type == u"createdTime"_s || type == u"lastModifiedTime"_s;
}

// A text cell of the given flavor (the draws from `rng` are part of the record's stream).
QString textValue(int flavor, Prng &rng, int index, const QString &first_, const QString &last)
{
    switch (flavor) {
    case ProjectName:
        return rng.pick(kProjectA) + u' ' + rng.pick(kProjectB);
    case TaskName:
        return rng.pick(kVerbs) + u' ' + rng.pick(kObjects);
    case PersonName:
        return first_ + u' ' + last;
    case Company:
        return rng.pick(kCompanyA) + u' ' + rng.pick(kCompanyB);
    case City:
        return rng.pick(kCities);
    case Item:
        return rng.pick(kItems);
    case Sku:
        return u"SKU-"_s + QString::number(10000 + index).rightJustified(6, u'0');
    case Event:
        return rng.pick(kEvents) + u' ' + QString::number(2022 + int(rng.below(5)));
    case Venue:
        return rng.pick(kVenues);
    case Notes:
        return rng.pick(kNotes);
    case Website:
        return u"https://www."_s + slug(rng.pick(kCompanyA) + rng.pick(kCompanyB)) + u".example"_s;
    case Email:
        return slug(first_) + u'.' + slug(last) + QString::number(index) + u"@example.org"_s;
    case Phone:
        return u"+49 30 "_s + QString::number(1000000 + rng.below(8999999));
    default:
        return u"Item "_s + QString::number(index + 1);
    }
}

// A field's "options" in the base schema (select choices draw their ids from `rng`).
QJsonObject fieldOptions(const FieldDef &f, Prng &rng)
{
    QJsonObject options;
    if (!f.choices.isEmpty()) {
        QJsonArray choices;
        for (int c = 0; c < f.choices.size(); ++c)
            choices.append(QJsonObject{{u"id"_s, idString("sel", rng)},
                                       {u"name"_s, f.choices.at(c)},
                                       {u"color"_s, kColors.at(c % kColors.size())}});
        options = QJsonObject{{u"choices"_s, choices}};
    } else if (f.type == u"currency"_s) {
        options = QJsonObject{{u"precision"_s, 2}, {u"symbol"_s, u"€"_s}};
    } else if (f.type == u"number"_s) {
        options = QJsonObject{{u"precision"_s, f.flavor == Hours ? 1 : 0}};
    } else if (f.type == u"percent"_s) {
        options = QJsonObject{{u"precision"_s, 0}};
    } else if (f.type == u"rating"_s) {
        options =
            QJsonObject{{u"icon"_s, u"star"_s}, {u"max"_s, 5}, {u"color"_s, u"yellowBright"_s}};
    } else if (f.type == u"checkbox"_s) {
        options = QJsonObject{{u"icon"_s, u"check"_s}, {u"color"_s, u"greenBright"_s}};
    } else if (f.type == u"date"_s) {
        options = QJsonObject{
            {u"dateFormat"_s, QJsonObject{{u"name"_s, u"iso"_s}, {u"format"_s, u"YYYY-MM-DD"_s}}}};
    } else if (f.type == u"dateTime"_s || isTimeType(f.type)) {
        options = QJsonObject{
            {u"dateFormat"_s, QJsonObject{{u"name"_s, u"iso"_s}, {u"format"_s, u"YYYY-MM-DD"_s}}},
            {u"timeFormat"_s, QJsonObject{{u"name"_s, u"24hour"_s}, {u"format"_s, u"HH:mm"_s}}},
            {u"timeZone"_s, u"utc"_s}};
        if (f.type == u"lastModifiedTime"_s) // watches every field
            options = QJsonObject{
                {u"isValid"_s, true},
                {u"referencedFieldIds"_s, QJsonArray{}},
                {u"result"_s, QJsonObject{{u"type"_s, u"dateTime"_s}, {u"options"_s, options}}}};
    }
    return options;
}

} // namespace

QString AirtableData::isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void AirtableData::generate(const GeneratorConfig &config)
{
    m_bases.clear();
    m_baseIndex.clear();
    m_collaborators.clear();
    m_recordsPerTable = config.recordsPerTable;

    Prng users(Prng::mix(config.seed ^ 0xa1b7ab1e05e45ULL));
    m_collaborators.append({idString("usr", users), u"demo.user@example.com"_s, u"Demo User"_s});
    for (int i = 0; i < 5; ++i) {
        const QString first = users.pick(kFirst);
        const QString last = users.pick(kLast);
        m_collaborators.append({idString("usr", users),
                                slug(first) + u'.' + slug(last) + u"@example.com"_s,
                                first + u' ' + last});
    }

    Prng baseRng(Prng::mix(config.seed ^ 0xa1b7ab1eba5eULL));
    static const QStringList permissions = {u"create"_s, u"create"_s,  u"edit"_s, u"create"_s,
                                            u"read"_s,   u"comment"_s, u"owner"_s};
    for (int b = 0; b < config.bases; ++b) {
        Base base;
        base.id = idString("app", baseRng);
        const int round = b / int(kBaseNames.size());
        base.name = kBaseNames.at(b % int(kBaseNames.size())) +
                    (round > 0 ? u' ' + QString::number(round + 1) : QString());
        base.permissionLevel = permissions.at(int(baseRng.below(quint64(permissions.size()))));

        Prng tableRng(Prng::mix(config.seed ^ 0x7ab1e5ULL ^ (quint64(b + 1) << 20)));
        QHash<QString, int> nameUse;
        for (int t = 0; t < config.tablesPerBase; ++t) {
            const TableTemplate &tpl = templates().at((b + t) % int(templates().size()));
            Table table;
            table.id = idString("tbl", tableRng);
            const int use = ++nameUse[QLatin1String(tpl.name)];
            table.name =
                QLatin1String(tpl.name) + (use > 1 ? u' ' + QString::number(use) : QString());
            table.description = QLatin1String(tpl.description);
            table.seed = tableRng.next();
            for (const FieldTemplate &ft : tpl.fields) {
                FieldDef f;
                f.id = idString("fld", tableRng);
                f.name = QLatin1String(ft.name);
                f.type = QLatin1String(ft.type);
                f.flavor = ft.flavor;
                f.choices = ft.choices;
                f.options = fieldOptions(f, tableRng);
                table.fields.append(f);
            }
            if (t > 0) {
                FieldDef link;
                link.id = idString("fld", tableRng);
                link.name = u"Related "_s + base.tables.first().name;
                link.type = u"multipleRecordLinks"_s;
                link.linkedTable = 0;
                link.options = QJsonObject{{u"linkedTableId"_s, base.tables.first().id},
                                           {u"isReversed"_s, false},
                                           {u"prefersSingleRecordLink"_s, false}};
                table.fields.append(link);
            }
            for (const QString &view : tpl.views) {
                const int colon = view.indexOf(u':');
                table.views.append(QJsonObject{{u"id"_s, idString("viw", tableRng)},
                                               {u"name"_s, view.left(colon)},
                                               {u"type"_s, view.mid(colon + 1)}});
            }
            const int n = config.recordsPerTable;
            table.stepMs = std::max<qint64>(2000, kSpanMs / std::max(1, n));
            table.firstCreatedMs = kStartMs + qint64(tableRng.below(86400000ULL * 30));
            Prng idRng(Prng::mix(table.seed ^ 0x2ec0dULL));
            table.recordIds.reserve(n);
            table.generated = n;
            for (int i = 0; i < n; ++i) {
                QString id = idString("rec", idRng);
                while (table.recordIndex.contains(id))
                    id = idString("rec", idRng);
                table.recordIndex.insert(id, i);
                table.recordIds.append(id);
            }
            base.tables.append(std::move(table));
        }
        m_baseIndex.insert(base.id, b);
        m_bases.append(std::move(base));
    }
}

int AirtableData::baseIndex(const QString &id) const
{
    return m_baseIndex.value(id, -1);
}

int AirtableData::tableIndex(int base, const QString &idOrName) const
{
    const QVector<Table> &tables = m_bases.at(base).tables;
    for (int t = 0; t < tables.size(); ++t)
        if (tables.at(t).id == idOrName)
            return t;
    for (int t = 0; t < tables.size(); ++t)
        if (tables.at(t).name == idOrName)
            return t;
    return -1;
}

int AirtableData::recordCount(int base, int table) const
{
    return int(m_bases.at(base).tables.at(table).recordIds.size());
}

bool AirtableData::isLive(int base, int table, int index) const
{
    return !m_bases.at(base).tables.at(table).deleted.contains(index);
}

qint64 AirtableData::createdMs(int base, int table, int index) const
{
    const Table &t = m_bases.at(base).tables.at(table);
    if (index >= t.generated)
        return t.addedCreatedMs.value(index);
    Prng rng(Prng::mix(t.seed ^ (quint64(index + 1) * 0x9e3779b97f4a7c15ULL)));
    return t.firstCreatedMs + qint64(index) * t.stepMs + qint64(rng.below(quint64(t.stepMs / 2)));
}

qint64 AirtableData::modifiedMs(int base, int table, int index) const
{
    const Table &t = m_bases.at(base).tables.at(table);
    if (const auto it = t.changedMs.constFind(index); it != t.changedMs.constEnd())
        return it.value();
    const qint64 created = createdMs(base, table, index);
    if (index >= t.generated)
        return created;
    // Its own stream, so the field values stay what they were before this existed.
    Prng rng(Prng::mix(t.seed ^ 0x1a57ed17ULL ^ (quint64(index + 1) * 0xc2b2ae3d27d4eb4fULL)));
    const qint64 span = std::clamp<qint64>(kGeneratedEndMs - created, 1, 400LL * 86400 * 1000);
    const qint64 modified = created + qint64(rng.below(quint64(span)));
    return std::max(created, modified - modified % 1000);
}

RecordChanges AirtableData::applyChanges(int base, int table, const ChangeRequest &change,
                                         qint64 nowMs)
{
    Table &t = m_bases[base].tables[table];
    RecordChanges out;
    Prng rng(Prng::mix(change.seed ^ t.seed ^ 0xc4a9e5ULL));
    QVector<int> live;
    for (int i = 0; i < t.recordIds.size(); ++i)
        if (!t.deleted.contains(i))
            live.append(i);
    QSet<int> modified;
    for (int pick : pickDistinct(rng, int(live.size()), change.modify)) {
        const int index = live.at(pick);
        ++t.revision[index];
        t.changedMs.insert(index, nowMs);
        modified.insert(index);
        out.modified.append(t.recordIds.at(index));
    }
    QVector<int> deletable;
    for (int index : live)
        if (!modified.contains(index))
            deletable.append(index);
    for (int pick : pickDistinct(rng, int(deletable.size()), change.remove)) {
        const int index = deletable.at(pick);
        t.deleted.insert(index);
        t.recordIndex.remove(t.recordIds.at(index));
        out.deleted.append(t.recordIds.at(index));
    }
    Prng idRng(Prng::mix(change.seed ^ t.seed ^ 0xadd5ULL));
    for (int i = 0; i < change.add; ++i) {
        QString id = idString("rec", idRng);
        while (t.recordIndex.contains(id) || t.recordIds.contains(id))
            id = idString("rec", idRng);
        const int index = int(t.recordIds.size());
        t.recordIds.append(id);
        t.recordIndex.insert(id, index);
        t.addedCreatedMs.insert(index, nowMs);
        out.added.append(id);
    }
    return out;
}

int AirtableData::totalRecords() const
{
    int n = 0;
    for (const Base &b : m_bases)
        for (const Table &t : b.tables)
            n += int(t.recordIds.size());
    return n;
}

QJsonObject AirtableData::tableJson(int base, int table) const
{
    const Table &t = m_bases.at(base).tables.at(table);
    QJsonArray fields;
    for (const FieldDef &f : t.fields) {
        QJsonObject o{{u"id"_s, f.id}, {u"name"_s, f.name}, {u"type"_s, f.type}};
        if (!f.options.isEmpty())
            o.insert(u"options"_s, f.options);
        fields.append(o);
    }
    QJsonObject o{{u"id"_s, t.id},
                  {u"name"_s, t.name},
                  {u"primaryFieldId"_s, t.fields.first().id},
                  {u"fields"_s, fields},
                  {u"views"_s, t.views}};
    if (!t.description.isEmpty())
        o.insert(u"description"_s, t.description);
    return o;
}

QJsonObject AirtableData::record(int base, int tableIndex, int index) const
{
    const Base &b = m_bases.at(base);
    const Table &t = b.tables.at(tableIndex);
    Prng rng(Prng::mix(t.seed ^ (quint64(index + 1) * 0x9e3779b97f4a7c15ULL)));
    rng.next(); // the draw createdMs() makes
    const qint64 created = createdMs(base, tableIndex, index);
    QJsonObject fields;
    bool first = true;
    for (const FieldDef &f : t.fields) {
        // Airtable leaves empty cells (and unchecked boxes) out of "fields".
        const bool empty =
            !first && f.type != u"autoNumber"_s && !isTimeType(f.type) && rng.chance(0.08);
        const bool primary = first;
        first = false;
        const QString first_ = rng.pick(kFirst);
        const QString last = rng.pick(kLast);
        const qint64 when = kStartMs + qint64(rng.below(quint64(kSpanMs)));
        if (empty)
            continue;
        QJsonValue v;
        const QString &type = f.type;
        if (type == u"singleLineText"_s || type == u"multilineText"_s || type == u"email"_s ||
            type == u"url"_s || type == u"phoneNumber"_s) {
            const QString s = textValue(f.flavor, rng, index, first_, last);
            if (primary && rng.chance(0.02))
                continue; // an empty primary field happens in real bases too
            v = s;
        } else if (type == u"number"_s) {
            switch (f.flavor) {
            case Hours:
                v = double(rng.range(1, 80)) / 2.0;
                break;
            case Score:
                v = int(rng.range(0, 100));
                break;
            case BigCount:
                v = int(rng.range(0, 2500));
                break;
            default:
                v = int(rng.range(10, 500));
            }
        } else if (type == u"currency"_s) {
            v = double(rng.range(500, 5000000)) / 100.0;
        } else if (type == u"percent"_s) {
            v = double(rng.range(0, 100)) / 100.0;
        } else if (type == u"rating"_s) {
            v = int(rng.range(1, 5));
        } else if (type == u"checkbox"_s) {
            if (!rng.chance(0.6))
                continue;
            v = true;
        } else if (type == u"date"_s) {
            v = QDateTime::fromMSecsSinceEpoch(when, Qt::UTC).date().toString(Qt::ISODate);
        } else if (type == u"dateTime"_s) {
            v = isoTime(when - when % 900000);
        } else if (type == u"createdTime"_s) {
            v = isoTime(created);
        } else if (type == u"lastModifiedTime"_s) {
            v = isoTime(modifiedMs(base, tableIndex, index));
        } else if (type == u"autoNumber"_s) {
            v = index + 1;
        } else if (type == u"singleSelect"_s) {
            v = rng.pick(f.choices);
        } else if (type == u"multipleSelects"_s) {
            QJsonArray a;
            for (const QString &c : f.choices)
                if (rng.chance(0.35))
                    a.append(c);
            if (a.isEmpty())
                continue;
            v = a;
        } else if (type == u"singleCollaborator"_s) {
            const Collaborator &c = rng.pick(m_collaborators);
            v = QJsonObject{{u"id"_s, c.id}, {u"email"_s, c.email}, {u"name"_s, c.name}};
        } else if (type == u"multipleRecordLinks"_s) {
            const Table &linked = b.tables.at(f.linkedTable);
            QJsonArray a;
            const int count = linked.recordIds.isEmpty() ? 0 : int(rng.below(3));
            for (int i = 0; i < count; ++i) {
                const int target = int(rng.below(quint64(linked.recordIds.size())));
                const QString id = linked.recordIds.at(target);
                if (!a.contains(id) && !linked.deleted.contains(target)) // links to deleted go
                    a.append(id);
            }
            if (a.isEmpty())
                continue;
            v = a;
        }
        fields.insert(f.name, v);
    }
    if (const int rev = t.revision.value(index)) {
        // A change set edited the primary field.
        const QString name = t.fields.first().name;
        const QString old = fields.value(name).toString();
        fields.insert(name, QString((old.isEmpty() ? u"Edited record"_s : old) + u" (edited "_s +
                                    QString::number(rev) + u')'));
    }
    return QJsonObject{{u"id"_s, t.recordIds.at(index)},
                       {u"createdTime"_s, isoTime(created)},
                       {u"fields"_s, fields}};
}

} // namespace desk::sandbox::airtable
