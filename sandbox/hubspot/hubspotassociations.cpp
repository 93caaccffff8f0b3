// HubSpot associations: the inline `associations` of list and read (capped per
// record and type, with a nested cursor), the batch read (paged per input: pass
// the returned `after` back with the same `id`) and the per-record GET. All
// cursors are opaque: base64 of "<toObjectTypeId>-<next toObjectId>", so a page
// still continues correctly after records were added or archived.
#include "hubspotcrm.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

QString cursor(ObjectType to, qint64 nextId)
{
    return QString::fromLatin1(
        (objectTypeId(to) + u'-' + QString::number(nextId)).toLatin1().toBase64());
}

// The position in `ids` where a page that starts at `after` begins; false when
// `after` is not a cursor for associations to `to`.
bool cursorStart(const QString &after, ObjectType to, const std::vector<qint64> &ids, size_t *start)
{
    *start = 0;
    if (after.isEmpty())
        return true;
    const auto decoded =
        QByteArray::fromBase64Encoding(after.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const QString prefix = objectTypeId(to) + u'-';
    const QString text = QString::fromLatin1(decoded.decoded);
    if (!decoded || !text.startsWith(prefix))
        return false;
    bool ok = false;
    const qint64 next = text.mid(prefix.size()).toLongLong(&ok);
    if (!ok || next <= 0)
        return false;
    *start = size_t(std::lower_bound(ids.begin(), ids.end(), next) - ids.begin());
    return true;
}

QJsonObject associationTypeJson(ObjectType from, ObjectType to)
{
    const AssociationType t = HubSpotData::associationType(from, to);
    return QJsonObject{{u"category"_s, u"HUBSPOT_DEFINED"_s},
                       {u"typeId"_s, t.typeId},
                       {u"label"_s, QJsonValue::Null}};
}

} // namespace

QJsonValue HubSpotCrm::toObjectId(const Api &api, qint64 id) const
{
    // The specs say string everywhere; HubSpot's v4 has sent numbers (kept for v4).
    if (api.dated() && !m_config.datedNumericIds)
        return QString::number(id);
    return double(id);
}

// The per-record GET that continues a list; documented as deprecated ("ignore
// `link`"). 2026-09 does not serve that GET, so its links point at the newest
// version that does.
QString HubSpotCrm::associationsLink(const HttpRequest &request, const Api &api, ObjectType from,
                                     qint64 id, ObjectType to, const QString &after) const
{
    QString prefix = pathsFor(api).associationsOf;
    for (const DatedVersion &v : datedVersions())
        if (prefix.isEmpty() && v.perRecordAssociations)
            prefix = pathsFor(Api{v.name}).associationsOf;
    return crm::baseUrl(request) + prefix + u'/' + typeName(from) + u'/' + QString::number(id) +
           u"/associations/"_s + typeName(to) + u"?after="_s +
           QString::fromLatin1(QUrl::toPercentEncoding(after));
}

QJsonObject HubSpotCrm::inlineAssociations(const HttpRequest &request, const Api &api,
                                           ObjectType type, qint64 id,
                                           const QVector<ObjectType> &types) const
{
    QJsonObject out;
    for (const ObjectType to : types) {
        const std::vector<qint64> &ids = m_data->associated(type, to, id);
        if (ids.empty())
            continue;
        const QString name = HubSpotData::associationType(type, to).name;
        const size_t shown = std::min(ids.size(), size_t(m_config.inlineAssociationCap));
        QJsonArray results;
        for (size_t i = 0; i < shown; ++i)
            results.append(QJsonObject{{u"id"_s, QString::number(ids[i])}, {u"type"_s, name}});
        QJsonObject list{{u"results"_s, results}};
        if (shown < ids.size()) {
            const QString after = cursor(to, ids[shown]);
            list.insert(u"paging"_s,
                        crm::paging(after, associationsLink(request, api, type, id, to, after)));
        }
        out.insert(typeName(to), list);
    }
    return out;
}

HttpResponse HubSpotCrm::associationsBatch(const HttpRequest &request, const Api &api,
                                           ObjectType from, ObjectType to)
{
    const QString started = crm::nowIso();
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return crm::validationError(api, u"Invalid input JSON"_s);
    const QJsonArray inputs = doc.object().value(u"inputs"_s).toArray();
    if (inputs.size() > kMaxAssociationInputs)
        return crm::validationError(api, u"Batch read accepts at most 1000 inputs (got "_s +
                                             QString::number(inputs.size()) + u")."_s);
    const TypeStore &store = m_data->store(from);
    const QJsonObject typeJson = associationTypeJson(from, to);
    const size_t pageSize = size_t(std::max(1, m_config.associationPageSize));
    QJsonArray results;
    QJsonArray errors;
    const auto inputError = [&](const QString &subCategory, const QString &message,
                                const QString &id) {
        errors.append(QJsonObject{{u"status"_s, u"error"_s},
                                  {u"category"_s, u"OBJECT_NOT_FOUND"_s},
                                  {u"subCategory"_s, subCategory},
                                  {u"message"_s, message},
                                  {u"context"_s, QJsonObject{{u"fromObjectId"_s, QJsonArray{id}}}},
                                  {u"errors"_s, QJsonArray()},
                                  {u"links"_s, QJsonObject()}});
    };
    for (const QJsonValue &v : inputs) {
        const QJsonObject in = v.toObject();
        const QString id = crm::jsonId(in.value(u"id"_s));
        qint64 numeric = 0;
        if (!crm::parseId(id, &numeric) || !store.find(numeric, false)) {
            inputError(u"crm.associations.INVALID_OBJECT_IDS"_s,
                       singularName(from) + u" "_s + id + u" does not exist"_s, id);
            continue;
        }
        const std::vector<qint64> &ids = m_data->associated(from, to, numeric);
        if (ids.empty()) {
            inputError(u"crm.associations.NO_ASSOCIATIONS_FOUND"_s,
                       u"No "_s + singularName(to) + u" is associated with "_s +
                           singularName(from) + u" "_s + id + u"."_s,
                       id);
            continue;
        }
        size_t start = 0;
        if (!cursorStart(in.value(u"after"_s).toString(), to, ids, &start))
            return crm::validationError(api, u"Invalid paging cursor \"after\" for "_s +
                                                 singularName(from) + u" "_s + id + u"."_s);
        const size_t end = std::min(ids.size(), start + pageSize);
        QJsonArray toArray;
        for (size_t i = start; i < end; ++i)
            toArray.append(QJsonObject{{u"toObjectId"_s, toObjectId(api, ids[i])},
                                       {u"associationTypes"_s, QJsonArray{typeJson}}});
        QJsonObject result{{u"from"_s, QJsonObject{{u"id"_s, id}}}, {u"to"_s, toArray}};
        if (end < ids.size()) {
            const QString after = cursor(to, ids[end]);
            result.insert(u"paging"_s, crm::paging(after, associationsLink(request, api, from,
                                                                           numeric, to, after)));
        }
        results.append(result);
    }
    return crm::batchAnswer(started, results, errors);
}

HttpResponse HubSpotCrm::associationsOf(const HttpRequest &request, const Api &api, ObjectType from,
                                        const QString &id, ObjectType to)
{
    int limit = 500;
    QString error;
    if (!crm::parseLimit(request, 500, 500, &limit, &error))
        return crm::validationError(api, error);
    qint64 numeric = 0;
    if (!crm::parseId(id, &numeric) || !m_data->store(from).find(numeric, false))
        return crm::error(api, 404, u"OBJECT_NOT_FOUND"_s, u"Object not found."_s,
                          QJsonObject{{u"context"_s, QJsonObject{{u"id"_s, QJsonArray{id}}}}});
    const std::vector<qint64> &ids = m_data->associated(from, to, numeric);
    size_t start = 0;
    if (!cursorStart(request.queryValue(u"after"_s), to, ids, &start))
        return crm::validationError(api, u"invalid after cursor"_s);
    const QJsonObject typeJson = associationTypeJson(from, to);
    const size_t end = std::min(ids.size(), start + size_t(limit));
    QJsonArray results;
    for (size_t i = start; i < end; ++i)
        results.append(QJsonObject{{u"toObjectId"_s, toObjectId(api, ids[i])},
                                   {u"associationTypes"_s, QJsonArray{typeJson}}});
    QJsonObject body{{u"results"_s, results}};
    if (end < ids.size()) {
        const QString next = cursor(to, ids[end]);
        body.insert(u"paging"_s, crm::paging(next, nextLink(request, next)));
    }
    return HttpResponse::json(200, body);
}

} // namespace desk::sandbox::hubspot
