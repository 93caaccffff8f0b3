#include "providers/airtable/airtableloader.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcAirtable, "desk.core.airtable", QtInfoMsg)

const QString kBases = QStringLiteral("bases");
const QString kTables = QStringLiteral("tables");
const QString kRecords = QStringLiteral("records");
const QString kMetaBudget = QStringLiteral("meta");

QString pathPart(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}
} // namespace

AirtableLoader::AirtableLoader(ApiClient &client, ProviderProfile profile, QObject *parent)
    : ItemLoader(parent), m_client(client), m_profile(std::move(profile))
{
    if (m_client.baseUrl().isEmpty())
        m_client.setBaseUrl(m_profile.apiBaseUrl);
    configurePacing(m_client, m_options);
    connect(&m_client, &ApiClient::requestFinished, this, [this](const QString &tag, int) {
        if (m_counters.contains(tag))
            ++m_counters[tag].requests;
    });
}

AirtableLoader::~AirtableLoader()
{
    for (ApiClient::RequestId id : std::as_const(m_outstanding))
        m_client.cancel(id);
}

void AirtableLoader::setOptions(const AirtableLoaderOptions &options)
{
    m_options = options;
    m_options.pageSize = qBound(1, m_options.pageSize, 100);
    configurePacing(m_client, m_options);
}

void AirtableLoader::configurePacing(ApiClient &client, const AirtableLoaderOptions &options)
{
    const int perSecond = qMax(1, options.requestsPerSecond);
    const qint64 hold = options.rateLimitHoldMs;
    client.setPacerSetup([perSecond, hold](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{perSecond, 1000}});
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(hold);
    });
}

QStringList AirtableLoader::supportedTypes()
{
    return {kBases, kTables, kRecords};
}

QStringList AirtableLoader::defaultTypes()
{
    return {kBases, kTables};
}

ApiClient::RequestId AirtableLoader::send(const ApiRequest &request, ApiClient::Callback done)
{
    auto slot = std::make_shared<ApiClient::RequestId>(0);
    const ApiClient::RequestId id = m_client.send(
        request, this, [this, slot, done = std::move(done)](const Result<QJsonDocument> &r) {
            m_outstanding.remove(*slot);
            done(r);
        });
    *slot = id;
    m_outstanding.insert(id);
    return id;
}

void AirtableLoader::start(const LoadRequest &request)
{
    if (m_running) {
        qCWarning(lcAirtable) << "start() while a load is running: ignored";
        return;
    }
    QStringList unknown;
    QStringList types;
    for (const QString &name :
         request.objectTypes.isEmpty() ? defaultTypes() : request.objectTypes) {
        const QString type = name.trimmed().toLower();
        if (!supportedTypes().contains(type))
            unknown.append(name);
        else if (!types.contains(type))
            types.append(type);
    }
    // Tables need their bases, records their tables.
    if (types.contains(kRecords) && !types.contains(kTables))
        types.append(kTables);
    if (types.contains(kTables) && !types.contains(kBases))
        types.append(kBases);
    m_types.clear();
    for (const QString &type : supportedTypes())
        if (types.contains(type))
            m_types.append(type);
    m_bases.clear();
    m_counters.clear();
    for (auto it = m_records.begin(); it != m_records.end();)
        it = it->eager ? m_records.erase(it) : std::next(it);
    for (const QString &type : std::as_const(m_types))
        m_counters.insert(type, Counter());
    m_basesOffset.clear();
    m_basesDone = false;
    m_started = true;
    m_running = true;
    m_clock.start();
    if (!unknown.isEmpty()) {
        LoadOutcome outcome;
        outcome.error = unknownTypesError(QStringLiteral("Airtable"), unknown, supportedTypes());
        m_running = false;
        m_types.clear();
        m_counters.clear();
        QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcAirtable) << "loading" << m_types;
    run();
}

void AirtableLoader::run()
{
    if (!m_basesDone && !m_basesInFlight)
        requestBases();
    for (const BaseState &base : std::as_const(m_bases))
        if (wants(kTables) && !base.tablesDone && !base.tablesInFlight)
            requestTables(base.base.id);
    for (auto it = m_records.begin(); it != m_records.end(); ++it)
        if (it->eager && !it->done && !it->running) {
            it->running = true;
            it->error = {};
            requestRecords(it.key());
        }
    publishProgress();
    checkFinished();
}

void AirtableLoader::requestBases()
{
    QUrlQuery query;
    if (!m_basesOffset.isEmpty())
        query.addQueryItem(QStringLiteral("offset"), m_basesOffset);
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/v0/meta/bases"));
    request.url.setQuery(query);
    request.tag = kBases;
    request.budget = kMetaBudget;
    auto parsed = std::make_shared<airtable::BasesPage>();
    request.validate = [parsed](const QJsonDocument &document) {
        auto page = airtable::parseBasesPage(document);
        if (!page.ok())
            return page.error().detail;
        *parsed = std::move(page).value();
        return QString();
    };
    m_basesInFlight = true;
    send(request, [this, parsed](const Result<QJsonDocument> &result) {
        m_basesInFlight = false;
        if (!result.ok()) {
            fail(kBases, result.error());
            return;
        }
        Counter &counter = m_counters[kBases];
        ++counter.pages;
        ItemBatch batch;
        for (const airtable::Base &base : std::as_const(parsed->bases)) {
            bool known = false;
            for (const BaseState &b : std::as_const(m_bases))
                known = known || b.base.id == base.id;
            if (known)
                continue;
            m_bases.append(BaseState{base, false, false});
            batch.append(airtable::baseItem(base, m_profile.webBaseUrl));
        }
        counter.loaded += batch.size();
        m_basesOffset = parsed->offset;
        m_basesDone = parsed->offset.isEmpty();
        if (!batch.isEmpty())
            Q_EMIT itemsReady(batch);
        if (m_running) {
            if (!m_basesDone)
                requestBases();
            if (wants(kTables))
                for (const airtable::Base &base : std::as_const(parsed->bases))
                    requestTables(base.id);
        }
        publishProgress();
        checkFinished();
    });
}

void AirtableLoader::requestTables(const QString &baseId)
{
    BaseState *state = nullptr;
    for (BaseState &b : m_bases)
        if (b.base.id == baseId)
            state = &b;
    if (!state || state->tablesInFlight || state->tablesDone)
        return;
    ApiRequest request;
    request.url =
        QUrl(QStringLiteral("/v0/meta/bases/") + pathPart(baseId) + QStringLiteral("/tables"));
    request.tag = kTables;
    request.budget = baseId;
    auto parsed = std::make_shared<QVector<airtable::Table>>();
    request.validate = [parsed](const QJsonDocument &document) {
        auto tables = airtable::parseTables(document);
        if (!tables.ok())
            return tables.error().detail;
        *parsed = std::move(tables).value();
        return QString();
    };
    state->tablesInFlight = true;
    send(request, [this, baseId, parsed](const Result<QJsonDocument> &result) {
        BaseState *state = nullptr;
        for (BaseState &b : m_bases)
            if (b.base.id == baseId)
                state = &b;
        if (!state)
            return;
        state->tablesInFlight = false;
        if (!result.ok()) {
            fail(kTables, result.error());
            return;
        }
        state->tablesDone = true;
        Counter &counter = m_counters[kTables];
        ++counter.pages;
        ItemBatch batch;
        for (const airtable::Table &table : std::as_const(*parsed))
            batch.append(
                airtable::tableItem(table, baseId, state->base.name, m_profile.webBaseUrl));
        counter.loaded += batch.size();
        if (!batch.isEmpty())
            Q_EMIT itemsReady(batch);
        if (m_running && wants(kRecords))
            for (const airtable::Table &table : std::as_const(*parsed))
                startRecords(table.id, baseId, table.name, table.primaryFieldName, true);
        publishProgress();
        checkFinished();
    });
}

bool AirtableLoader::canFetchChildren(const IntegrationItem &parent) const
{
    return parent.type == kTables && !parent.id.isEmpty() && !parent.parentId.isEmpty();
}

void AirtableLoader::fetchChildren(const IntegrationItem &parent)
{
    if (!canFetchChildren(parent)) {
        ItemLoader::fetchChildren(parent);
        return;
    }
    startRecords(parent.id, parent.parentId, parent.name,
                 parent.properties.value(QStringLiteral("primaryField")).toString(), false);
}

void AirtableLoader::startRecords(const QString &tableId, const QString &baseId,
                                  const QString &tableName, const QString &primaryField, bool eager)
{
    auto it = m_records.find(tableId);
    if (it != m_records.end() && it->running) {
        it->eager = it->eager || eager;
        return; // already loading: its childrenFinished() will come
    }
    RecordFetch fetch;
    fetch.tableId = tableId;
    fetch.baseId = baseId;
    fetch.tableName = tableName;
    fetch.primaryField = primaryField;
    fetch.eager = eager;
    fetch.running = true;
    m_records.insert(tableId, fetch);
    if (!m_counters.contains(kRecords))
        m_counters.insert(kRecords, Counter());
    requestRecords(tableId);
}

void AirtableLoader::requestRecords(const QString &tableId)
{
    RecordFetch &fetch = m_records[tableId];
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("pageSize"), QString::number(m_options.pageSize));
    if (!fetch.offset.isEmpty())
        query.addQueryItem(QStringLiteral("offset"), fetch.offset);
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/v0/") + pathPart(fetch.baseId) + QLatin1Char('/') +
                       pathPart(tableId));
    request.url.setQuery(query);
    request.tag = kRecords;
    request.budget = fetch.baseId;
    auto parsed = std::make_shared<airtable::RecordsPage>();
    request.validate = [parsed](const QJsonDocument &document) {
        auto page = airtable::parseRecordsPage(document);
        if (!page.ok())
            return page.error().detail;
        *parsed = std::move(page).value();
        return QString();
    };
    fetch.inFlight = send(request, [this, tableId, parsed](const Result<QJsonDocument> &result) {
        auto it = m_records.find(tableId);
        if (it == m_records.end())
            return;
        RecordFetch &fetch = *it;
        fetch.inFlight = 0;
        if (!result.ok()) {
            endRecords(fetch, result.error());
            return;
        }
        Counter &counter = m_counters[kRecords];
        ++counter.pages;
        ItemBatch batch;
        batch.reserve(parsed->records.size());
        for (const airtable::Record &record : std::as_const(parsed->records))
            batch.append(airtable::recordItem(record, fetch.baseId, fetch.tableId, fetch.tableName,
                                              fetch.primaryField, m_profile.webBaseUrl));
        counter.loaded += batch.size();
        fetch.offset = parsed->offset;
        if (!batch.isEmpty())
            Q_EMIT itemsReady(batch);
        if (parsed->offset.isEmpty()) {
            endRecords(fetch, {});
            return;
        }
        publishProgress();
        requestRecords(tableId);
    });
}

void AirtableLoader::endRecords(RecordFetch &fetch, const Error &error)
{
    fetch.running = false;
    fetch.done = !error;
    fetch.error = error;
    if (fetch.done)
        fetch.offset.clear();
    if (error && error.kind != Error::Kind::Cancelled) {
        qCWarning(lcAirtable).noquote()
            << "records of" << fetch.tableId << "stopped:" << Error::kindName(error.kind)
            << error.detail;
        if (fetch.eager && m_running && !m_counters[kRecords].error)
            m_counters[kRecords].error = error;
    }
    const QString tableId = fetch.tableId;
    const bool eager = fetch.eager;
    if (!eager) {
        // On-demand fetches start over next time.
        m_records.remove(tableId);
    }
    Q_EMIT childrenFinished(tableId, error);
    publishProgress();
    if (eager)
        checkFinished();
}

void AirtableLoader::fail(const QString &type, const Error &error)
{
    Counter &counter = m_counters[type];
    if (!counter.error) {
        counter.error = error;
        qCWarning(lcAirtable).noquote()
            << type << "stopped:" << Error::kindName(error.kind) << error.detail;
    }
    publishProgress();
    checkFinished();
}

void AirtableLoader::checkFinished()
{
    if (!m_running)
        return;
    if (m_basesInFlight)
        return;
    for (const BaseState &base : std::as_const(m_bases))
        if (base.tablesInFlight)
            return;
    for (const RecordFetch &fetch : std::as_const(m_records))
        if (fetch.eager && fetch.running)
            return;
    finish(false);
}

void AirtableLoader::finish(bool cancelled)
{
    m_running = false;
    LoadOutcome outcome;
    outcome.cancelled = cancelled;
    outcome.types = progress().types;
    outcome.complete = !cancelled;
    for (const TypeProgress &type : std::as_const(outcome.types)) {
        if (!type.done) {
            outcome.complete = false;
            if (!outcome.error && type.error)
                outcome.error = type.error;
        }
    }
    if (cancelled && !outcome.error)
        outcome.error = Error(Error::Kind::Cancelled, tr("The load was cancelled."));
    qCInfo(lcAirtable).noquote() << "load finished:"
                                 << (outcome.complete ? "complete" : "incomplete")
                                 << progress().totalLoaded() << "items in" << m_clock.elapsed()
                                 << "ms";
    Q_EMIT finished(outcome);
}

void AirtableLoader::cancel()
{
    const auto outstanding = m_outstanding;
    for (ApiClient::RequestId id : outstanding)
        m_client.cancel(id);
    m_outstanding.clear();
    m_basesInFlight = false;
    for (BaseState &base : m_bases)
        base.tablesInFlight = false;
    const Error cancelled(Error::Kind::Cancelled, tr("The load was cancelled."));
    const QStringList running = [this] {
        QStringList ids;
        for (const RecordFetch &fetch : std::as_const(m_records))
            if (fetch.running)
                ids.append(fetch.tableId);
        return ids;
    }();
    for (const QString &id : running) {
        auto it = m_records.find(id);
        if (it != m_records.end()) {
            it->inFlight = 0;
            endRecords(*it, cancelled);
        }
    }
    if (m_running)
        finish(true);
}

bool AirtableLoader::canResume() const
{
    if (m_running || !m_started)
        return false;
    const LoadProgress p = progress();
    for (const TypeProgress &type : p.types)
        if (!type.done)
            return true;
    return false;
}

void AirtableLoader::resume()
{
    if (!canResume())
        return;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it)
        it->error = {};
    m_running = true;
    qCInfo(lcAirtable) << "resuming";
    run();
}

LoadProgress AirtableLoader::progress() const
{
    LoadProgress progress;
    const double seconds = std::max<qint64>(1, m_clock.isValid() ? m_clock.elapsed() : 1) / 1000.0;
    int requests = 0;
    for (const QString &type : supportedTypes()) {
        if (!m_counters.contains(type))
            continue;
        const bool inLoad = m_types.contains(type);
        const Counter &counter = m_counters[type];
        TypeProgress t;
        t.type = type;
        t.loaded = counter.loaded;
        t.pages = counter.pages;
        t.requests = counter.requests;
        t.requestsPerSecond = counter.requests / seconds;
        t.error = counter.error;
        if (type == kBases) {
            t.done = m_basesDone && !counter.error;
        } else if (type == kTables) {
            bool all = m_basesDone;
            for (const BaseState &base : m_bases)
                all = all && base.tablesDone;
            t.done = all && !counter.error;
        } else {
            bool all = true;
            int tables = 0;
            for (const BaseState &base : m_bases)
                all = all && base.tablesDone;
            for (const RecordFetch &fetch : m_records)
                if (fetch.eager) {
                    ++tables;
                    all = all && fetch.done;
                }
            t.done = inLoad ? (all && m_basesDone && !counter.error) : tables == 0;
        }
        if (!inLoad && type == kRecords)
            t.done = true; // on-demand records are not part of the load
        requests += counter.requests;
        progress.types.append(t);
    }
    progress.requestsPerSecond = requests / seconds;
    return progress;
}

void AirtableLoader::publishProgress()
{
    Q_EMIT progressChanged(progress());
}

} // namespace desk
