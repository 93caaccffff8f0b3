// Airtable's list records (GET /v0/{base}/{table} and POST …/listRecords):
// pageSize, maxRecords, view, fields[], sort[n][field|direction],
// filterByFormula and offsets. An offset names a server-side iteration (it
// cannot be derived from a record id); iterations can be made to expire after N
// seconds of inactivity or after N pages, as Airtable's do.
#include "airtableapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::airtable {

namespace {

constexpr int kMaxPageSize = 100;
constexpr int kMaxOffsets = 200000;

HttpResponse apiError(int status, const QString &type, const QString &message)
{
    return HttpResponse::json(
        status, QJsonObject{{u"error"_s, QJsonObject{{u"type"_s, type}, {u"message"_s, message}}}});
}

HttpResponse invalidRequest(const QString &message)
{
    return apiError(422, u"INVALID_REQUEST_UNKNOWN"_s,
                    u"Invalid request: parameter validation failed. "_s + message);
}

const FieldDef *findField(const Table &t, const QString &nameOrId)
{
    for (const FieldDef &f : t.fields)
        if (f.name == nameOrId || f.id == nameOrId)
            return &f;
    return nullptr;
}

// Orders two cell values of one field; blanks come first.
int compareCells(const QJsonValue &a, const QJsonValue &b)
{
    const bool blankA = a.isUndefined() || a.isNull(), blankB = b.isUndefined() || b.isNull();
    if (blankA || blankB)
        return blankA == blankB ? 0 : blankA ? -1 : 1;
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble() ? -1 : a.toDouble() > b.toDouble();
    if (a.isBool() && b.isBool())
        return int(a.toBool()) - int(b.toBool());
    auto text = [](const QJsonValue &v) {
        if (v.isObject())
            return v.toObject().value(u"name"_s).toString();
        if (v.isArray())
            return v.toArray().isEmpty() ? QString() : v.toArray().first().toString();
        return v.toVariant().toString();
    };
    return text(a).compare(text(b), Qt::CaseInsensitive);
}

} // namespace

bool AirtableApi::parseListParams(const HttpRequest &request, bool post, ListParams *p,
                                  HttpResponse *error) const
{
    QJsonObject body;
    if (post) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (!request.body.trimmed().isEmpty() &&
            (parseError.error != QJsonParseError::NoError || !doc.isObject())) {
            *error = apiError(400, u"INVALID_REQUEST_BODY"_s, u"Could not parse the JSON body"_s);
            return false;
        }
        body = doc.object();
    }
    auto text = [&](const QString &key) {
        return post ? body.value(key).toVariant().toString() : request.queryValue(key);
    };
    auto has = [&](const QString &key) {
        return post ? body.contains(key) : request.hasQuery(key);
    };
    auto whole = [&](const QString &key, int min, int max, int *out) {
        bool ok = false;
        *out = text(key).toInt(&ok);
        if (!ok || *out < min || *out > max) {
            *error = invalidRequest(key + u" must be an integer from "_s + QString::number(min) +
                                    u" to "_s + QString::number(max));
            return false;
        }
        return true;
    };
    if (has(u"pageSize"_s) && !whole(u"pageSize"_s, 1, kMaxPageSize, &p->pageSize))
        return false;
    if (has(u"maxRecords"_s) && !whole(u"maxRecords"_s, 1, 1 << 30, &p->maxRecords))
        return false;
    p->view = text(u"view"_s);
    p->formula = text(u"filterByFormula"_s);
    p->offset = text(u"offset"_s);
    p->byId = text(u"returnFieldsByFieldId"_s) == u"true"_s;
    if (post) {
        for (const QJsonValue &f : body.value(u"fields"_s).toArray())
            p->fields.append(f.toString());
        for (const QJsonValue &s : body.value(u"sort"_s).toArray()) {
            const QString field = s.toObject().value(u"field"_s).toString();
            const QString direction = s.toObject().value(u"direction"_s).toString(u"asc"_s);
            if (field.isEmpty() || (direction != u"asc"_s && direction != u"desc"_s)) {
                *error = invalidRequest(u"sort needs a field and a direction of asc or desc"_s);
                return false;
            }
            p->sort.append({field, direction == u"desc"_s});
        }
        return true;
    }
    // fields[]=Name&fields[]=Status (or fields=Name,Status): only those fields.
    p->fields = request.queryList(u"fields[]"_s) + request.queryList(u"fields"_s);
    static const QRegularExpression sortKey(u"^sort\\[(\\d+)\\]\\[(field|direction)\\]$"_s);
    QMap<int, QPair<QString, QString>> sorts;
    for (const auto &q : request.query) {
        const QRegularExpressionMatch m = sortKey.match(q.first);
        if (m.hasMatch())
            (m.captured(2) == u"field"_s ? sorts[m.captured(1).toInt()].first
                                         : sorts[m.captured(1).toInt()].second) = q.second;
    }
    for (const auto &s : std::as_const(sorts)) {
        if (s.first.isEmpty() ||
            (!s.second.isEmpty() && s.second != u"asc"_s && s.second != u"desc"_s)) {
            *error = invalidRequest(u"sort needs sort[n][field] and a sort[n][direction] of asc "
                                    "or desc"_s);
            return false;
        }
        p->sort.append({s.first, s.second == u"desc"_s});
    }
    return true;
}

bool AirtableApi::checkFields(const Table &t, const ListParams &p, HttpResponse *error) const
{
    if (!p.view.isEmpty()) {
        bool found = false;
        for (const QJsonValue &v : t.views) {
            const QJsonObject o = v.toObject();
            found = found || o.value(u"id"_s).toString() == p.view ||
                    o.value(u"name"_s).toString() == p.view;
        }
        if (!found) {
            *error = apiError(422, u"VIEW_NAME_NOT_FOUND"_s,
                              u"Could not find view "_s + p.view + u" in table "_s + t.name);
            return false;
        }
    }
    QStringList named = p.fields;
    for (const auto &s : p.sort)
        named.append(s.first);
    for (const QString &name : std::as_const(named)) {
        if (!findField(t, name)) {
            *error =
                apiError(422, u"UNKNOWN_FIELD_NAME"_s, u"Unknown field name: \""_s + name + u'"');
            return false;
        }
    }
    return true;
}

// Filtered or sorted listings are fixed at their first page; plain ones walk
// the live table in creation order (records added meanwhile show up at the end).
QSharedPointer<AirtableApi::Iteration>
AirtableApi::startIteration(int base, int table, const ListParams &p, const Formula &formula)
{
    auto it = QSharedPointer<Iteration>::create();
    it->base = base;
    it->table = table;
    it->limit = p.maxRecords;
    it->snapshot = !formula.isEmpty() || !p.sort.isEmpty();
    if (!it->snapshot)
        return it;
    const Table &t = m_data->bases().at(base).tables.at(table);
    // Sorting on the created/last-modified time needs no cell values: those times
    // are known without generating the record.
    QVector<const FieldDef *> sortFields;
    bool needFields = formula.referencesFields();
    for (const auto &s : p.sort) {
        sortFields.append(findField(t, s.first));
        needFields = needFields || (sortFields.last()->type != u"createdTime"_s &&
                                    sortFields.last()->type != u"lastModifiedTime"_s);
    }
    QVector<QVector<QJsonValue>> keys; // per matching record, one per sort entry
    for (int i = 0; i < t.recordIds.size(); ++i) {
        if (!m_data->isLive(base, table, i))
            continue;
        FormulaRecord r{t.recordIds.at(i),
                        m_data->createdMs(base, table, i),
                        m_data->modifiedMs(base, table, i),
                        {}};
        if (needFields)
            r.fields = m_data->record(base, table, i).value(u"fields"_s).toObject();
        if (!formula.matches(r))
            continue;
        it->order.append(i);
        QVector<QJsonValue> key;
        for (const FieldDef *f : std::as_const(sortFields))
            key.append(f->type == u"createdTime"_s        ? QJsonValue(double(r.createdMs))
                       : f->type == u"lastModifiedTime"_s ? QJsonValue(double(r.modifiedMs))
                                                          : r.fields.value(f->name));
        keys.append(key);
    }
    if (!p.sort.isEmpty()) {
        QVector<int> rank(it->order.size());
        for (int k = 0; k < rank.size(); ++k)
            rank[k] = k;
        std::stable_sort(rank.begin(), rank.end(), [&](int a, int b) {
            for (int n = 0; n < p.sort.size(); ++n) {
                const int c = compareCells(keys.at(a).at(n), keys.at(b).at(n));
                if (c != 0)
                    return p.sort.at(n).second ? c > 0 : c < 0;
            }
            return false;
        });
        QVector<int> sorted;
        for (int k : std::as_const(rank))
            sorted.append(it->order.at(k));
        it->order = sorted;
    }
    if (it->limit > 0 && it->order.size() > it->limit)
        it->order.resize(it->limit);
    return it;
}

bool AirtableApi::resumeIteration(const QString &offset, int base, int table, OffsetState *state,
                                  HttpResponse *error) const
{
    const auto found = m_offsets.constFind(offset);
    const bool known = found != m_offsets.constEnd();
    if (!known && !m_retiredOffsets.contains(qHash(offset))) {
        *error = apiError(422, u"INVALID_OFFSET_VALUE"_s,
                          u"The value of offset "_s + offset + u" is invalid"_s);
        return false;
    }
    if (known && (found->iteration->base != base || found->iteration->table != table)) {
        *error = apiError(422, u"INVALID_OFFSET_VALUE"_s,
                          u"The value of offset "_s + offset + u" is invalid for this table"_s);
        return false;
    }
    const bool timedOut = known && m_config.offsetTtlS > 0 &&
                          m_clock.elapsed() - found->issuedMs > qint64(m_config.offsetTtlS) * 1000;
    const bool tooManyPages =
        known && m_config.offsetMaxPages > 0 && found->pages >= m_config.offsetMaxPages;
    if (!known || timedOut || tooManyPages) {
        *error = apiError(422, u"LIST_RECORDS_ITERATOR_NOT_AVAILABLE"_s,
                          u"The list records iterator is no longer available (it timed out or "
                          "the server restarted). Restart the listing without an offset."_s);
        return false;
    }
    *state = found.value();
    return true;
}

QString AirtableApi::issueOffset(const OffsetState &state, const QString &nextRecordId)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString offset;
    do {
        offset = u"itr"_s;
        for (int i = 0; i < 14; ++i)
            offset.append(QLatin1Char(alphabet[m_offsetIds.below(62)]));
        offset += u'/' + nextRecordId;
    } while (m_offsets.contains(offset));
    OffsetState stored = state;
    stored.issuedMs = m_clock.elapsed();
    m_offsets.insert(offset, stored);
    m_offsetOrder.push_back(offset);
    if (int(m_offsetOrder.size()) > kMaxOffsets) {
        m_retiredOffsets.insert(qHash(m_offsetOrder.front()));
        m_offsets.remove(m_offsetOrder.front());
        m_offsetOrder.pop_front();
    }
    return offset;
}

QJsonObject AirtableApi::shapedRecord(int base, int table, int index, const ListParams &p) const
{
    QJsonObject r = m_data->record(base, table, index);
    if (p.fields.isEmpty() && !p.byId)
        return r;
    const Table &t = m_data->bases().at(base).tables.at(table);
    const QJsonObject fields = r.value(u"fields"_s).toObject();
    QJsonObject kept;
    for (const FieldDef &f : t.fields) {
        if (!p.fields.isEmpty() && !p.fields.contains(f.name) && !p.fields.contains(f.id))
            continue;
        if (fields.contains(f.name))
            kept.insert(p.byId ? f.id : f.name, fields.value(f.name));
    }
    r.insert(u"fields"_s, kept);
    return r;
}

HttpResponse AirtableApi::listRecords(const HttpRequest &request, int base, int table, bool post)
{
    const Table &t = m_data->bases().at(base).tables.at(table);
    ListParams p;
    HttpResponse error;
    if (!parseListParams(request, post, &p, &error) || !checkFields(t, p, &error))
        return error;
    Formula formula;
    QString problem;
    if (!formula.compile(p.formula, t, &problem))
        return apiError(422, u"INVALID_FILTER_BY_FORMULA"_s,
                        u"The formula for filtering records is invalid: "_s + problem);
    OffsetState state;
    if (!p.offset.isEmpty()) {
        if (!resumeIteration(p.offset, base, table, &state, &error))
            return error;
    } else {
        state.iteration = startIteration(base, table, p, formula);
    }
    const Iteration &it = *state.iteration;
    const int end = it.snapshot ? int(it.order.size()) : int(t.recordIds.size());
    auto limitReached = [&] { return it.limit > 0 && state.returned >= it.limit; };
    QJsonArray records;
    int pos = state.position;
    for (; pos < end && records.size() < p.pageSize && !limitReached(); ++pos) {
        const int index = it.snapshot ? it.order.at(pos) : pos;
        if (!m_data->isLive(base, table, index))
            continue; // deleted since the listing began
        records.append(shapedRecord(base, table, index, p));
        ++state.returned;
    }
    while (pos < end && !m_data->isLive(base, table, it.snapshot ? it.order.at(pos) : pos))
        ++pos;
    QJsonObject o{{u"records"_s, records}};
    if (pos < end && !limitReached()) {
        state.position = pos;
        ++state.pages;
        o.insert(u"offset"_s,
                 issueOffset(state, t.recordIds.at(it.snapshot ? it.order.at(pos) : pos)));
    }
    return HttpResponse::json(200, o);
}

} // namespace desk::sandbox::airtable
