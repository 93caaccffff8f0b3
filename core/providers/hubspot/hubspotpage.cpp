#include "providers/hubspot/hubspotpage.h"
#include "common/jsonnumber.h"
#include "providers/pageparsing.h"

#include "common/urlutil.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <optional>

namespace desk::hubspot {

namespace {

Error malformed(const QString &what)
{
    return pageparsing::unreadable(QStringLiteral("HubSpot"), what);
}

// Property names repeat on every record: share one copy of each name (implicit
// sharing) instead of holding a separate allocation per record. With 100,000s of
// items kept in memory this is a large part of their footprint.
QString internedName(const QString &name)
{
    thread_local QSet<QString> names;
    const auto it = names.constFind(name);
    if (it != names.cend())
        return *it;
    if (names.size() > 10000) // unbounded user-chosen names: stop interning, stay correct
        return name;
    names.insert(name);
    return name;
}

// Ids are strings in v3 and numbers in some v4 payloads.
bool idOf(const QJsonValue &value, QString *id)
{
    if (value.isString()) {
        *id = value.toString();
        return !id->isEmpty();
    }
    const std::optional<qint64> number = jsonWholeNumber(value);
    if (!number || *number < 0)
        return false;
    *id = QString::number(*number);
    return true;
}

QDateTime parseTime(const QJsonValue &value)
{
    if (value.isString()) {
        const QString text = value.toString();
        QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!time.isValid()) {
            bool ok = false;
            const qint64 ms = text.toLongLong(&ok); // some properties are epoch ms
            if (ok)
                time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        }
        return time;
    }
    if (const std::optional<qint64> ms = jsonWholeNumber(value))
        return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
    return {};
}

// paging.next.after; absent paging (or absent next) = last page.
Result<QString> nextCursor(const QJsonObject &root)
{
    const QJsonValue paging = root.value(QStringLiteral("paging"));
    if (paging.isUndefined() || paging.isNull())
        return QString();
    if (!paging.isObject())
        return malformed(QStringLiteral("'paging' is not an object"));
    const QJsonValue next = paging.toObject().value(QStringLiteral("next"));
    if (next.isUndefined() || next.isNull())
        return QString();
    if (!next.isObject())
        return malformed(QStringLiteral("'paging.next' is not an object"));
    QString after;
    if (!idOf(next.toObject().value(QStringLiteral("after")), &after))
        return malformed(QStringLiteral("'paging.next.after' is missing or not a string"));
    return after;
}

Result<QJsonArray> resultsArray(const QJsonDocument &document)
{
    if (!document.isObject())
        return malformed(QStringLiteral("the body is not a JSON object"));
    const QJsonValue results = document.object().value(QStringLiteral("results"));
    if (!results.isArray())
        return malformed(results.isUndefined() ? QStringLiteral("'results' is missing")
                                               : QStringLiteral("'results' is not an array"));
    return results.toArray();
}

} // namespace

namespace {
struct TypeNames
{
    const char *type;
    const char *singular;
    const char *typeId;
};
constexpr TypeNames kTypes[] = {
    {"contacts", "contact", "0-1"},
    {"companies", "company", "0-2"},
    {"deals", "deal", "0-3"},
    {"tickets", "ticket", "0-5"},
};
} // namespace

QStringList objectTypes()
{
    QStringList types;
    for (const TypeNames &names : kTypes)
        types.append(QLatin1String(names.type));
    return types;
}

QString canonicalType(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    for (const TypeNames &names : kTypes)
        if (lower == QLatin1String(names.type) || lower == QLatin1String(names.singular) ||
            lower == QLatin1String(names.typeId))
            return QLatin1String(names.type);
    return {};
}

QHash<QString, QString> typeAliases()
{
    QHash<QString, QString> aliases;
    for (const TypeNames &names : kTypes) {
        aliases.insert(QLatin1String(names.singular), QLatin1String(names.type));
        aliases.insert(QLatin1String(names.typeId), QLatin1String(names.type));
    }
    return aliases;
}

QString singularType(const QString &type)
{
    for (const TypeNames &names : kTypes)
        if (type == QLatin1String(names.type))
            return QLatin1String(names.singular);
    if (type.endsWith(QLatin1Char('s')))
        return type.left(type.size() - 1);
    return type;
}

QString objectTypeId(const QString &type)
{
    for (const TypeNames &names : kTypes)
        if (type == QLatin1String(names.type))
            return QLatin1String(names.typeId);
    return {};
}

namespace {

std::optional<Error> readProperties(const QJsonValue &properties, int i, ObjectRecord &record)
{
    if (properties.isUndefined() || properties.isNull())
        return std::nullopt;
    if (!properties.isObject())
        return malformed(QStringLiteral("results[%1].properties is not an object").arg(i));
    const QJsonObject map = properties.toObject();
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        const QJsonValue value = it.value();
        const QString key = internedName(it.key());
        if (value.isNull() || value.isUndefined())
            record.properties.insert(key, QVariant());
        else if (value.isString())
            record.properties.insert(key, value.toString());
        else if (value.isDouble() || value.isBool())
            record.properties.insert(key, value.toVariant().toString());
        else
            return malformed(
                QStringLiteral("results[%1].properties.%2 is not a string").arg(i).arg(it.key()));
    }
    return std::nullopt;
}

std::optional<Error> readAssociations(const QJsonValue &associations, int i, ObjectRecord &record)
{
    if (associations.isUndefined() || associations.isNull())
        return std::nullopt;
    if (!associations.isObject())
        return malformed(QStringLiteral("results[%1].associations is not an object").arg(i));
    const QJsonObject links = associations.toObject();
    for (auto it = links.constBegin(); it != links.constEnd(); ++it) {
        QString type = canonicalType(it.key());
        if (type.isEmpty())
            type = it.key();
        const QString where = QStringLiteral("results[%1].associations.%2").arg(i).arg(it.key());
        if (!it.value().isObject())
            return malformed(where + QStringLiteral(" is not an object"));
        const QJsonObject link = it.value().toObject();
        const QJsonValue refs = link.value(QStringLiteral("results"));
        if (!refs.isArray())
            return malformed(where + QStringLiteral(".results is not an array"));
        QVector<AssociationRef> &list = record.associations[type];
        const QJsonArray refArray = refs.toArray();
        for (const QJsonValue &ref : refArray) {
            AssociationRef association;
            const QJsonObject refObject = ref.toObject();
            if (!idOf(refObject.value(QStringLiteral("id")), &association.id) &&
                !idOf(refObject.value(QStringLiteral("toObjectId")), &association.id))
                return malformed(where + QStringLiteral(" has an entry without id"));
            association.type = refObject.value(QStringLiteral("type")).toString();
            list.append(association);
        }
        const auto more = nextCursor(link);
        if (more.ok() && !more.value().isEmpty())
            record.truncatedAssociations.insert(type, more.value());
    }
    return std::nullopt;
}

} // namespace

Result<ObjectPage> parseObjectPage(const QJsonDocument &document)
{
    const auto results = resultsArray(document);
    if (!results.ok())
        return results.error();
    ObjectPage page;
    const QJsonArray &array = results.value();
    page.results.reserve(array.size());
    for (int i = 0; i < array.size(); ++i) {
        const QJsonValue entry = array.at(i);
        if (!entry.isObject())
            return malformed(QStringLiteral("results[%1] is not an object").arg(i));
        const QJsonObject object = entry.toObject();
        ObjectRecord record;
        if (!idOf(object.value(QStringLiteral("id")), &record.id))
            return malformed(QStringLiteral("results[%1].id is missing or not a string").arg(i));
        if (auto error = readProperties(object.value(QStringLiteral("properties")), i, record))
            return *error;
        record.createdAt = parseTime(object.value(QStringLiteral("createdAt")));
        record.updatedAt = parseTime(object.value(QStringLiteral("updatedAt")));
        record.archived = object.value(QStringLiteral("archived")).toBool();
        record.archivedAt = parseTime(object.value(QStringLiteral("archivedAt")));
        if (auto error = readAssociations(object.value(QStringLiteral("associations")), i, record))
            return *error;
        page.results.append(std::move(record));
    }
    const auto next = nextCursor(document.object());
    if (!next.ok())
        return next.error();
    page.nextAfter = next.value();
    return page;
}

Result<OwnersPage> parseOwnersPage(const QJsonDocument &document)
{
    const auto results = resultsArray(document);
    if (!results.ok())
        return results.error();
    OwnersPage page;
    for (const QJsonValue &entry : results.value()) {
        const QJsonObject owner = entry.toObject();
        QString id;
        if (!idOf(owner.value(QStringLiteral("id")), &id))
            return malformed(QStringLiteral("an owner has no id"));
        const QString name =
            QString(owner.value(QStringLiteral("firstName")).toString() + QLatin1Char(' ') +
                    owner.value(QStringLiteral("lastName")).toString())
                .trimmed();
        page.names.insert(id,
                          name.isEmpty() ? owner.value(QStringLiteral("email")).toString() : name);
    }
    const auto next = nextCursor(document.object());
    if (!next.ok())
        return next.error();
    page.nextAfter = next.value();
    return page;
}

Result<PipelineLabels> parsePipelines(const QJsonDocument &document)
{
    const auto results = resultsArray(document);
    if (!results.ok())
        return results.error();
    PipelineLabels labels;
    for (const QJsonValue &entry : results.value()) {
        const QJsonObject pipeline = entry.toObject();
        QString id;
        if (!idOf(pipeline.value(QStringLiteral("id")), &id))
            return malformed(QStringLiteral("a pipeline has no id"));
        labels.pipelines.insert(id, pipeline.value(QStringLiteral("label")).toString());
        const QJsonArray stages = pipeline.value(QStringLiteral("stages")).toArray();
        for (const QJsonValue &stageValue : stages) {
            const QJsonObject stage = stageValue.toObject();
            QString stageId;
            if (!idOf(stage.value(QStringLiteral("id")), &stageId))
                return malformed(QStringLiteral("a pipeline stage has no id"));
            labels.stages.insert(stageId, stage.value(QStringLiteral("label")).toString());
        }
    }
    return labels;
}

Result<qint64> parseSearchTotal(const QJsonDocument &document)
{
    const QJsonValue total = document.object().value(QStringLiteral("total"));
    const std::optional<qint64> count = jsonWholeNumber(total);
    if (!count || *count < 0)
        return malformed(QStringLiteral("'total' is missing"));
    return *count;
}

Result<SearchPage> parseSearchPage(const QJsonDocument &document)
{
    const auto results = resultsArray(document);
    if (!results.ok())
        return results.error();
    SearchPage page;
    const QJsonArray &array = results.value();
    page.ids.reserve(array.size());
    for (int i = 0; i < array.size(); ++i) {
        QString id;
        if (!idOf(array.at(i).toObject().value(QStringLiteral("id")), &id))
            return malformed(QStringLiteral("results[%1].id is missing or not a string").arg(i));
        page.ids.append(id);
    }
    if (const std::optional<qint64> total =
            jsonWholeNumber(document.object().value(QStringLiteral("total"))))
        page.total = *total;
    const auto next = nextCursor(document.object());
    if (!next.ok())
        return next.error();
    page.more = !next.value().isEmpty();
    return page;
}

namespace {
// errors[] of a 207: which inputs were not answered, and which have no associations.
void readAssociationErrors(const QJsonObject &root, AssociationBatch &batch)
{
    const QJsonArray errors = root.value(QStringLiteral("errors")).toArray();
    for (const QJsonValue &entry : errors) {
        const QJsonObject error = entry.toObject();
        const bool none = error.value(QStringLiteral("subCategory"))
                              .toString()
                              .endsWith(QLatin1String("NO_ASSOCIATIONS_FOUND"));
        const QJsonObject context = error.value(QStringLiteral("context")).toObject();
        for (const QJsonValue &id : context.value(QStringLiteral("fromObjectId")).toArray()) {
            QString from;
            if (!idOf(id, &from))
                continue;
            (none ? batch.none : batch.unanswered).insert(from);
        }
    }
}
} // namespace

int primaryAssociationTypeId(const QString &from, const QString &to)
{
    if (to != QLatin1String("companies"))
        return 0;
    if (from == QLatin1String("contacts"))
        return 1;
    if (from == QLatin1String("deals"))
        return 5;
    if (from == QLatin1String("tickets"))
        return 339;
    return 0;
}

Result<AssociationBatch> parseAssociationBatchPage(const QJsonDocument &document,
                                                   int primaryTypeId)
{
    const auto results = resultsArray(document);
    if (!results.ok())
        return results.error();
    AssociationBatch batch;
    readAssociationErrors(document.object(), batch);
    for (const QJsonValue &entry : results.value()) {
        const QJsonObject object = entry.toObject();
        QString from;
        if (!idOf(object.value(QStringLiteral("from")).toObject().value(QStringLiteral("id")),
                  &from))
            return malformed(QStringLiteral("an association result has no 'from.id'"));
        QStringList &to = batch.links[from];
        const QJsonArray targets = object.value(QStringLiteral("to")).toArray();
        for (const QJsonValue &target : targets) {
            QString id;
            if (!idOf(target.toObject().value(QStringLiteral("toObjectId")), &id))
                return malformed(QStringLiteral("an association target has no 'toObjectId'"));
            if (!to.contains(id))
                to.append(id);
            if (primaryTypeId <= 0 || batch.primary.contains(from))
                continue;
            const QJsonArray kinds =
                target.toObject().value(QStringLiteral("associationTypes")).toArray();
            for (const QJsonValue &kind : kinds)
                if (jsonWholeNumber(kind.toObject().value(QStringLiteral("typeId"))) ==
                    primaryTypeId)
                    batch.primary.insert(from, id);
        }
        const auto more = nextCursor(object);
        if (!more.ok())
            return more.error();
        if (!more.value().isEmpty())
            batch.more.insert(from, more.value());
    }
    return batch;
}

Result<QHash<QString, QStringList>> parseAssociationBatch(const QJsonDocument &document)
{
    auto batch = parseAssociationBatchPage(document);
    if (!batch.ok())
        return batch.error();
    return std::move(batch).value().links;
}

QString displayName(const ObjectRecord &record, const QString &type)
{
    auto property = [&record](const char *name) {
        return record.properties.value(QString::fromLatin1(name)).toString().trimmed();
    };
    QString name;
    if (type == QLatin1String("contacts")) {
        name = QString(property("firstname") + QLatin1Char(' ') + property("lastname")).trimmed();
        if (name.isEmpty())
            name = property("email");
    } else if (type == QLatin1String("companies")) {
        name = property("name");
        if (name.isEmpty())
            name = property("domain");
    } else if (type == QLatin1String("deals")) {
        name = property("dealname");
    } else if (type == QLatin1String("tickets")) {
        name = property("subject");
    }
    if (name.isEmpty())
        name = QLatin1Char('#') + record.id; // never an empty row in the tree
    return name;
}

QUrl recordUrl(const MappingContext &context, const QString &type, const QString &id)
{
    const QString typeId = objectTypeId(type);
    if (context.hubId.isEmpty() || context.webBaseUrl.isEmpty() || typeId.isEmpty())
        return {};
    return appendPath(context.webBaseUrl, QStringLiteral("/contacts/") + context.hubId +
                                              QStringLiteral("/record/") + typeId +
                                              QLatin1Char('/') + id);
}

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::hubspot", text);
}

// The primary company of contacts, deals and tickets: the association labelled
// "<type>_to_company" (the unlabelled duplicate has a suffix); without a label,
// the first company.
QString primaryCompany(const ObjectRecord &record, const QString &type)
{
    const QVector<AssociationRef> companies =
        record.associations.value(QStringLiteral("companies"));
    const QString primaryLabel = singularType(type) + QStringLiteral("_to_company");
    for (const AssociationRef &ref : companies)
        if (ref.type == primaryLabel)
            return ref.id;
    return companies.isEmpty() ? QString() : companies.first().id;
}

QDateTime propertyTime(const ObjectRecord &record, const char *name)
{
    return QDateTime::fromString(record.properties.value(QLatin1String(name)).toString(),
                                 Qt::ISODateWithMs);
}

// One label: `labels` has it, or the item says why it has none (`unknown`
// when the reference data was read but lacks the id, `unread` when it could
// not be read at all).
void label(IntegrationItem &item, const QString &key, const QHash<QString, QString> &labels,
           bool read, const QString &unknown, const QString &unread)
{
    const QString value = item.properties.value(key).toString();
    if (value.isEmpty())
        return;
    const QString text = labels.value(value);
    if (!text.isEmpty())
        item.labels.insert(key, text);
    else
        item.problems.append(read ? unknown.arg(value) : unread);
}

} // namespace

IntegrationItem toItem(const ObjectRecord &record, const QString &type,
                       const MappingContext &context)
{
    IntegrationItem item;
    item.id = record.id;
    item.type = type;
    item.name = displayName(record, type);
    item.url = recordUrl(context, type, record.id);
    item.created =
        record.createdAt.isValid() ? record.createdAt : propertyTime(record, "createdate");
    item.modified = record.updatedAt;
    if (!item.modified.isValid())
        item.modified = record.properties.contains(QStringLiteral("hs_lastmodifieddate"))
                            ? propertyTime(record, "hs_lastmodifieddate")
                            : propertyTime(record, "lastmodifieddate");
    item.properties = record.properties;
    // Associations: unique ids per type, in the order HubSpot sent them (the
    // same id comes once per association label).
    for (auto it = record.associations.cbegin(); it != record.associations.cend(); ++it) {
        QStringList ids;
        QSet<QString> seen;
        for (const AssociationRef &ref : it.value())
            if (!seen.contains(ref.id)) {
                seen.insert(ref.id);
                ids.append(ref.id);
            }
        item.associations.insert(it.key(), ids);
    }
    if (type != QLatin1String("companies"))
        setParentCompany(item, primaryCompany(record, type));
    labelItem(item, context);
    return item;
}

void setParentCompany(IntegrationItem &item, const QString &primary)
{
    const QStringList companies = item.associations.value(QStringLiteral("companies"));
    const QString parent =
        !primary.isEmpty() ? primary : companies.isEmpty() ? QString() : companies.first();
    item.parentId = parent;
    item.parentType = parent.isEmpty() ? QString() : QStringLiteral("companies");
}

void labelItem(IntegrationItem &item, const MappingContext &context)
{
    if (!context.referenceData)
        return;
    // QStringLiteral keys: static data, shared by every item's labels.
    label(item, QStringLiteral("hubspot_owner_id"), context.owners, context.ownersRead,
          tr("Owner %1 is not among the account's owners."),
          tr("The owner's name could not be read."));
    const bool deal = item.type == QLatin1String("deals");
    if (!deal && item.type != QLatin1String("tickets"))
        return;
    const PipelineLabels &pipelines = deal ? context.dealPipelines : context.ticketPipelines;
    const bool read = deal ? context.dealPipelinesRead : context.ticketPipelinesRead;
    label(item, deal ? QStringLiteral("dealstage") : QStringLiteral("hs_pipeline_stage"),
          pipelines.stages, read, tr("Stage %1 is not in the account's pipelines."),
          tr("The stage's name could not be read."));
    label(item, deal ? QStringLiteral("pipeline") : QStringLiteral("hs_pipeline"),
          pipelines.pipelines, read, tr("Pipeline %1 is not among the account's pipelines."),
          tr("The pipeline's name could not be read."));
}

} // namespace desk::hubspot
