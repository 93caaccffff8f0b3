// POST /crm/v3/objects/{type}/search (and …/objects/{version}/{type}/search):
// HubSpot's CRM search on the demo data. Filter groups are ORed, the filters of
// a group ANDed; results are the active records (never archived ones), by id
// unless `sorts` says otherwise; `after` is an offset, and no query reaches
// beyond its first 10,000 results. Search reads the data as it was
// --search-lag-ms ago (HubSpot's search index trails the records).
#include "hubspotcrm.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

constexpr int kMaxFilterGroups = 5;
constexpr int kMaxFiltersPerGroup = 6;
constexpr int kMaxFilters = 18;

enum class Kind
{
    Text,   // case-insensitive text (string, enumeration, phone_number)
    Number, // number
    Time    // datetime / date: milliseconds since the epoch
};

Kind kindOf(const PropertyDef &property)
{
    if (property.type == u"number"_s)
        return Kind::Number;
    if (property.type == u"datetime"_s || property.type == u"date"_s)
        return Kind::Time;
    return Kind::Text;
}

// A stored ISO-8601 value, or a filter value: ISO date/date-time, or epoch ms.
bool parseTime(const QString &text, bool acceptEpochMs, double *ms)
{
    const QString t = text.trimmed();
    if (acceptEpochMs) {
        bool ok = false;
        const qint64 value = t.toLongLong(&ok);
        if (ok) {
            *ms = double(value);
            return true;
        }
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid()) {
        const QDate date = QDate::fromString(t, Qt::ISODate);
        if (!date.isValid())
            return false;
        dt = date.startOfDay(Qt::UTC);
    }
    *ms = double(dt.toMSecsSinceEpoch());
    return true;
}

bool parseNumber(const QString &text, double *value)
{
    bool ok = false;
    *value = text.trimmed().toDouble(&ok);
    return ok && std::isfinite(*value);
}

// A value as a number on the property's scale (Number, Time); false if it is not one.
bool numericValue(Kind kind, const QString &text, bool isFilterValue, double *out)
{
    return kind == Kind::Number ? parseNumber(text, out) : parseTime(text, isFilterValue, out);
}

QStringList tokens(const QString &text)
{
    static const QRegularExpression separators(u"[^\\p{L}\\p{N}_]+"_s);
    return text.toLower().split(separators, Qt::SkipEmptyParts);
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        return d == std::floor(d) && std::fabs(d) < 9e15 ? QString::number(qint64(d))
                                                         : QString::number(d, 'g', 17);
    }
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

struct Filter
{
    int column = -1;
    Kind kind = Kind::Text;
    QString op;
    QString value;               // lower-cased for Text
    QStringList values;          // IN / NOT_IN, lower-cased for Text
    double number = 0;           // value, for Number / Time comparisons
    double high = 0;             // BETWEEN upper bound
    QVector<double> numbers;     // IN / NOT_IN on Number / Time
    QStringList valueTokens;     // CONTAINS_TOKEN without '*'
    QRegularExpression wildcard; // CONTAINS_TOKEN with '*'
    bool hasWildcard = false;
};

const QStringList &supportedOperators()
{
    static const QStringList ops = {u"EQ"_s,
                                    u"NEQ"_s,
                                    u"LT"_s,
                                    u"LTE"_s,
                                    u"GT"_s,
                                    u"GTE"_s,
                                    u"BETWEEN"_s,
                                    u"IN"_s,
                                    u"NOT_IN"_s,
                                    u"HAS_PROPERTY"_s,
                                    u"NOT_HAS_PROPERTY"_s,
                                    u"CONTAINS_TOKEN"_s,
                                    u"NOT_CONTAINS_TOKEN"_s};
    return ops;
}

bool containsToken(const Filter &f, const QString &value)
{
    if (value.isEmpty())
        return false;
    const QString lower = value.toLower();
    const QStringList have = tokens(value);
    if (f.hasWildcard) {
        if (f.wildcard.match(lower).hasMatch())
            return true;
        for (const QString &t : have)
            if (f.wildcard.match(t).hasMatch())
                return true;
        return false;
    }
    if (lower == f.value)
        return true;
    for (const QString &wanted : f.valueTokens)
        if (!have.contains(wanted))
            return false;
    return !f.valueTokens.isEmpty();
}

bool matches(const Filter &f, const QString &value)
{
    const bool has = !value.isNull() && !value.isEmpty();
    if (f.op == u"HAS_PROPERTY"_s)
        return has;
    if (f.op == u"NOT_HAS_PROPERTY"_s)
        return !has;
    if (f.op == u"CONTAINS_TOKEN"_s)
        return has && containsToken(f, value);
    if (f.op == u"NOT_CONTAINS_TOKEN"_s)
        return !has || !containsToken(f, value);

    // Comparisons. A record without a value matches only the negative ones.
    const bool negative = f.op == u"NEQ"_s || f.op == u"NOT_IN"_s;
    if (!has)
        return negative;
    if (f.kind == Kind::Text) {
        const QString lower = value.toLower();
        if (f.op == u"EQ"_s)
            return lower == f.value;
        if (f.op == u"NEQ"_s)
            return lower != f.value;
        if (f.op == u"IN"_s)
            return f.values.contains(lower);
        if (f.op == u"NOT_IN"_s)
            return !f.values.contains(lower);
        const int c = lower.compare(f.value);
        if (f.op == u"LT"_s)
            return c < 0;
        if (f.op == u"LTE"_s)
            return c <= 0;
        if (f.op == u"GT"_s)
            return c > 0;
        if (f.op == u"GTE"_s)
            return c >= 0;
        if (f.op == u"BETWEEN"_s)
            return c >= 0 && lower.compare(f.values.value(0)) <= 0;
        return false;
    }
    double x = 0;
    if (!numericValue(f.kind, value, false, &x))
        return negative; // a stored value that is not a number never equals one
    if (f.op == u"EQ"_s)
        return x == f.number;
    if (f.op == u"NEQ"_s)
        return x != f.number;
    if (f.op == u"IN"_s)
        return f.numbers.contains(x);
    if (f.op == u"NOT_IN"_s)
        return !f.numbers.contains(x);
    if (f.op == u"LT"_s)
        return x < f.number;
    if (f.op == u"LTE"_s)
        return x <= f.number;
    if (f.op == u"GT"_s)
        return x > f.number;
    if (f.op == u"GTE"_s)
        return x >= f.number;
    if (f.op == u"BETWEEN"_s)
        return x >= f.number && x <= f.high;
    return false;
}

// Builds one filter from its JSON; an error text when it is not valid.
QString parseFilter(const TypeStore &store, const QJsonObject &json, Filter *f)
{
    const QString name = json.value(u"propertyName"_s).toString();
    if (name.isEmpty())
        return u"Each filter needs a propertyName"_s;
    const auto column = store.columns.constFind(name);
    if (column == store.columns.constEnd())
        return u"There was a problem with the request. Property \""_s + name +
               u"\" does not exist"_s;
    f->column = column.value();
    f->kind = kindOf(store.schema.at(f->column));
    f->op = json.value(u"operator"_s).toString().toUpper();
    if (f->op.isEmpty())
        return u"Each filter needs an operator"_s;
    if (!supportedOperators().contains(f->op))
        return u"Unsupported filter operator \""_s + f->op + u"\" (the sandbox supports "_s +
               supportedOperators().join(u", "_s) + u")"_s;
    if (f->op == u"HAS_PROPERTY"_s || f->op == u"NOT_HAS_PROPERTY"_s)
        return {};

    const auto numeric = [f, &name](const QString &text, double *out) -> QString {
        if (numericValue(f->kind, text, true, out))
            return {};
        return u"\""_s + text + u"\" is not a valid "_s +
               (f->kind == Kind::Number ? u"number"_s
                                        : u"date (ISO-8601 or epoch milliseconds)"_s) +
               u" for property \""_s + name + u"\""_s;
    };

    if (f->op == u"IN"_s || f->op == u"NOT_IN"_s) {
        const QJsonArray values = json.value(u"values"_s).toArray();
        if (values.isEmpty())
            return f->op + u" needs a non-empty \"values\" array"_s;
        for (const QJsonValue &v : values) {
            const QString text = jsonText(v);
            if (f->kind == Kind::Text) {
                f->values.append(text.toLower());
            } else {
                double d = 0;
                const QString error = numeric(text, &d);
                if (!error.isEmpty())
                    return error;
                f->numbers.append(d);
            }
        }
        return {};
    }

    const QJsonValue raw = json.value(u"value"_s);
    if (raw.isUndefined() || raw.isNull())
        return f->op + u" needs a \"value\""_s;
    const QString text = jsonText(raw);
    if (f->op == u"CONTAINS_TOKEN"_s || f->op == u"NOT_CONTAINS_TOKEN"_s) {
        f->value = text.toLower().trimmed();
        if (f->value.contains(u'*')) {
            QStringList parts = f->value.split(u'*');
            for (QString &part : parts)
                part = QRegularExpression::escape(part);
            f->wildcard =
                QRegularExpression(QRegularExpression::anchoredPattern(parts.join(u".*"_s)));
            f->hasWildcard = true;
        } else {
            f->valueTokens = tokens(f->value);
            if (f->valueTokens.isEmpty())
                return f->op + u" needs a value with at least one letter or digit"_s;
        }
        return {};
    }
    if (f->kind == Kind::Text) {
        f->value = text.toLower();
        if (f->op == u"BETWEEN"_s) {
            if (!json.contains(u"highValue"_s))
                return u"BETWEEN needs a \"highValue\""_s;
            f->values = {jsonText(json.value(u"highValue"_s)).toLower()};
        }
        return {};
    }
    QString error = numeric(text, &f->number);
    if (!error.isEmpty())
        return error;
    if (f->op == u"BETWEEN"_s) {
        if (!json.contains(u"highValue"_s))
            return u"BETWEEN needs a \"highValue\""_s;
        error = numeric(jsonText(json.value(u"highValue"_s)), &f->high);
    }
    return error;
}

// A non-negative integer from a JSON number or numeric string.
bool jsonInteger(const QJsonValue &value, qint64 *out)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d != std::floor(d) || d < 0 || d > 9e15)
            return false;
        *out = qint64(d);
        return true;
    }
    if (value.isString()) {
        bool ok = false;
        *out = value.toString().trimmed().toLongLong(&ok);
        return ok && *out >= 0;
    }
    return false;
}

// The records search sees, ascending by id: each as it was lagMs ago. A record
// created since is absent, one modified since has its earlier values, one
// archived since is still there.
std::vector<const ObjectRecord *> indexView(const TypeStore &store, qint64 lagMs)
{
    std::vector<const ObjectRecord *> view;
    view.reserve(store.active.size());
    if (lagMs <= 0) {
        for (const ObjectRecord &r : store.active)
            view.push_back(&r);
        return view;
    }
    const qint64 asOfMs = QDateTime::currentMSecsSinceEpoch() - lagMs;
    for (const ObjectRecord &r : store.active)
        if (const ObjectRecord *seen = HubSpotData::asOf(r, asOfMs); seen && !seen->archived)
            view.push_back(seen);
    bool archivedSeen = false;
    for (const ObjectRecord &r : store.archived) {
        if (r.changedAtMs <= asOfMs)
            continue;
        if (const ObjectRecord *seen = HubSpotData::asOf(r, asOfMs); seen && !seen->archived) {
            view.push_back(seen);
            archivedSeen = true;
        }
    }
    if (archivedSeen)
        std::sort(view.begin(), view.end(),
                  [](const ObjectRecord *a, const ObjectRecord *b) { return a->id < b->id; });
    return view;
}

} // namespace

HttpResponse HubSpotCrm::search(const HttpRequest &request, const Api &api, ObjectType type)
{
    const auto searchError = [&api](const QString &message) {
        return crm::validationError(api, message);
    };
    QJsonObject input;
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (!doc.isObject())
            return searchError(u"Invalid input JSON: "_s +
                               (parseError.error == QJsonParseError::NoError
                                    ? u"expected an object"_s
                                    : parseError.errorString() + u" at offset "_s +
                                          QString::number(parseError.offset)));
        input = doc.object();
    }

    qint64 limit = 10;
    const QJsonValue limitValue = input.value(u"limit"_s);
    if (!limitValue.isUndefined() && !limitValue.isNull()) {
        if (!jsonInteger(limitValue, &limit))
            return searchError(u"limit must be a non-negative integer"_s);
        if (limit > kSearchMaxLimit)
            return searchError(u"limit must be at most "_s + QString::number(kSearchMaxLimit) +
                               u" (got "_s + QString::number(limit) + u")"_s);
    }
    qint64 offset = 0;
    const QJsonValue afterValue = input.value(u"after"_s);
    if (!afterValue.isUndefined() && !afterValue.isNull() &&
        !(afterValue.isString() && afterValue.toString().isEmpty())) {
        if (!jsonInteger(afterValue, &offset))
            return searchError(u"after must be a paging cursor returned by a previous page"_s);
        if (offset >= kSearchMaxResults)
            return searchError(u"There was a problem with the request. The search API returns at "
                               "most 10000 results per query (after = "_s +
                               QString::number(offset) + u")."_s);
    }

    const TypeStore &store = m_data->store(type);

    // Filters: groups ORed, filters within a group ANDed.
    const QJsonArray groupsJson = input.value(u"filterGroups"_s).toArray();
    if (groupsJson.size() > kMaxFilterGroups)
        return searchError(u"At most 5 filterGroups are allowed (got "_s +
                           QString::number(groupsJson.size()) + u")"_s);
    QVector<QVector<Filter>> groups;
    int filterCount = 0;
    for (const QJsonValue &groupJson : groupsJson) {
        const QJsonArray filtersJson = groupJson.toObject().value(u"filters"_s).toArray();
        if (filtersJson.size() > kMaxFiltersPerGroup)
            return searchError(u"At most 6 filters per filterGroup are allowed (got "_s +
                               QString::number(filtersJson.size()) + u")"_s);
        filterCount += int(filtersJson.size());
        QVector<Filter> group;
        for (const QJsonValue &filterJson : filtersJson) {
            Filter filter;
            const QString error = parseFilter(store, filterJson.toObject(), &filter);
            if (!error.isEmpty())
                return searchError(error);
            group.append(std::move(filter));
        }
        if (!group.isEmpty())
            groups.append(std::move(group));
    }
    if (filterCount > kMaxFilters)
        return searchError(u"At most 18 filters in all are allowed (got "_s +
                           QString::number(filterCount) + u")"_s);

    // Free text: a case-insensitive substring of any text property.
    const QString query = input.value(u"query"_s).toString().trimmed().toLower();
    QVector<int> textColumns;
    if (!query.isEmpty())
        for (int c = 0; c < store.schema.size(); ++c)
            if (kindOf(store.schema.at(c)) == Kind::Text)
                textColumns.append(c);

    // Sort: one property, ASCENDING (default) or DESCENDING; "-name" also means descending.
    const QJsonArray sortsJson = input.value(u"sorts"_s).toArray();
    if (sortsJson.size() > 1)
        return searchError(u"Only one sort is allowed"_s);
    int sortColumn = -1;
    bool descending = false;
    if (!sortsJson.isEmpty()) {
        QString name;
        QString direction = u"ASCENDING"_s;
        if (sortsJson.first().isString()) {
            name = sortsJson.first().toString();
            if (name.startsWith(u'-')) {
                name.remove(0, 1);
                direction = u"DESCENDING"_s;
            }
        } else {
            const QJsonObject sort = sortsJson.first().toObject();
            name = sort.value(u"propertyName"_s).toString();
            if (sort.contains(u"direction"_s))
                direction = sort.value(u"direction"_s).toString().toUpper();
        }
        const auto column = store.columns.constFind(name);
        if (column == store.columns.constEnd())
            return searchError(u"Cannot sort by unknown property \""_s + name + u"\""_s);
        if (direction != u"ASCENDING"_s && direction != u"DESCENDING"_s)
            return searchError(u"Sort direction must be ASCENDING or DESCENDING"_s);
        sortColumn = column.value();
        descending = direction == u"DESCENDING"_s;
    }

    QStringList requested;
    for (const QJsonValue &v : input.value(u"properties"_s).toArray())
        requested.append(v.toString());
    const QVector<int> columns = columnsFor(type, requested);

    const std::vector<const ObjectRecord *> records = indexView(store, m_config.searchLagMs);
    std::vector<int> hits;
    if (groups.isEmpty() && query.isEmpty()) {
        hits.resize(records.size());
        std::iota(hits.begin(), hits.end(), 0);
    } else {
        for (int i = 0; i < int(records.size()); ++i) {
            const ObjectRecord &record = *records[size_t(i)];
            bool ok = groups.isEmpty();
            for (const QVector<Filter> &group : std::as_const(groups)) {
                bool all = true;
                for (const Filter &f : group)
                    all = all && matches(f, record.values[size_t(f.column)]);
                if (all) {
                    ok = true;
                    break;
                }
            }
            if (ok && !query.isEmpty()) {
                bool found = false;
                for (const int c : std::as_const(textColumns))
                    found = found || record.values[size_t(c)].contains(query, Qt::CaseInsensitive);
                ok = found;
            }
            if (ok)
                hits.push_back(i);
        }
    }

    if (sortColumn >= 0) {
        // Values without a value go last either way; ties keep id order.
        const Kind kind = kindOf(store.schema.at(sortColumn));
        struct Key
        {
            bool has = false;
            double number = 0;
            QString text;
        };
        std::vector<Key> keys(records.size());
        for (const int i : hits) {
            const QString &value = records[size_t(i)]->values[size_t(sortColumn)];
            Key &key = keys[size_t(i)];
            key.has = !value.isEmpty();
            if (key.has && kind != Kind::Text)
                key.has = numericValue(kind, value, false, &key.number);
            else if (key.has)
                key.text = value.toLower();
        }
        std::stable_sort(hits.begin(), hits.end(), [&](int a, int b) {
            const Key &ka = keys[size_t(a)];
            const Key &kb = keys[size_t(b)];
            if (ka.has != kb.has)
                return ka.has;
            if (!ka.has)
                return false;
            const int c = kind == Kind::Text ? ka.text.compare(kb.text)
                                             : (ka.number < kb.number ? -1 : ka.number > kb.number);
            return descending ? c > 0 : c < 0;
        });
    }

    const qint64 total = qint64(hits.size());
    const qint64 end = std::min<qint64>({total, offset + limit, qint64(kSearchMaxResults)});
    QJsonArray results;
    for (qint64 i = offset; i < end; ++i)
        results.append(
            objectJson(request, api, type, *records[size_t(hits[size_t(i)])], columns, {}));
    QJsonObject body{{u"total"_s, double(total)}, {u"results"_s, results}};
    // Like HubSpot, the cursor is offered while results remain, even at 10,000,
    // where following it gives the 400 above.
    if (limit > 0 && offset + limit < total)
        body.insert(
            u"paging"_s,
            QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, QString::number(offset + limit)}}}});
    return HttpResponse::json(200, body);
}

} // namespace desk::sandbox::hubspot
