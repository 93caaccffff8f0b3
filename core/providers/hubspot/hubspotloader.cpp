#include "providers/hubspot/hubspotloader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcLoader, "desk.core.hubspot", QtInfoMsg)

constexpr int kBatchLimit = 100; // v4 batch read inputs per call

// CRM search has its own limit (about 5 requests/s per account) apart from the
// ten-secondly one, and its answers carry no X-HubSpot-RateLimit-* headers. Its
// calls go to a budget of their own with a fixed window a little under that
// limit, so they neither spend the list budget nor get paced by it.
const QString kSearchBudget = QStringLiteral("hubspot-search");
constexpr int kSearchPerSecond = 4;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

HubSpotLoader::HubSpotLoader(ApiClient &client, ProviderProfile profile, QObject *parent)
    : ItemLoader(parent), m_client(client), m_profile(std::move(profile))
{
    // A client made for this profile needs no further setup.
    if (m_client.baseUrl().isEmpty())
        m_client.setBaseUrl(m_profile.apiBaseUrl);
    m_client.setPacerSetup([](RatePacer &pacer, const QString &budget) {
        if (budget != kSearchBudget)
            return; // the default budget learns HubSpot's window from its headers
        pacer.setFixedWindows({RatePacer::Window{kSearchPerSecond, 1000}});
        pacer.setReserve(0);
    });
    connect(&m_client, &ApiClient::requestFinished, this, [this](const QString &tag, int) {
        if (!m_running)
            return;
        if (TypeState *state = stateFor(tag))
            ++state->requests;
    });
}

HubSpotLoader::~HubSpotLoader()
{
    for (ApiClient::RequestId id : std::as_const(m_outstanding))
        m_client.cancel(id);
}

QStringList HubSpotLoader::supportedTypes()
{
    return {QStringLiteral("contacts"), QStringLiteral("companies"), QStringLiteral("deals"),
            QStringLiteral("tickets")};
}

QStringList HubSpotLoader::defaultTypes()
{
    return supportedTypes();
}

QStringList HubSpotLoader::defaultProperties(const QString &type)
{
    // HubSpot's own defaults for each type (see provider-apis.md) plus the owner,
    // which is shown by name.
    if (type == QLatin1String("contacts"))
        return {QStringLiteral("createdate"),       QStringLiteral("email"),
                QStringLiteral("firstname"),        QStringLiteral("hs_object_id"),
                QStringLiteral("lastmodifieddate"), QStringLiteral("lastname"),
                QStringLiteral("hubspot_owner_id")};
    if (type == QLatin1String("companies"))
        return {QStringLiteral("createdate"),
                QStringLiteral("domain"),
                QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("name"),
                QStringLiteral("hubspot_owner_id")};
    if (type == QLatin1String("deals"))
        return {QStringLiteral("amount"),          QStringLiteral("closedate"),
                QStringLiteral("createdate"),      QStringLiteral("dealname"),
                QStringLiteral("dealstage"),       QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),    QStringLiteral("pipeline"),
                QStringLiteral("hubspot_owner_id")};
    if (type == QLatin1String("tickets"))
        return {QStringLiteral("content"),
                QStringLiteral("createdate"),
                QStringLiteral("hs_lastmodifieddate"),
                QStringLiteral("hs_object_id"),
                QStringLiteral("hs_pipeline"),
                QStringLiteral("hs_pipeline_stage"),
                QStringLiteral("hs_ticket_category"),
                QStringLiteral("hs_ticket_priority"),
                QStringLiteral("subject"),
                QStringLiteral("hubspot_owner_id")};
    return {};
}

QStringList HubSpotLoader::associationTargets(const QString &type)
{
    if (type == QLatin1String("contacts"))
        return {QStringLiteral("companies")};
    if (type == QLatin1String("deals") || type == QLatin1String("tickets"))
        return {QStringLiteral("companies"), QStringLiteral("contacts")};
    return {};
}

HubSpotLoader::TypeState *HubSpotLoader::stateFor(const QString &type)
{
    for (TypeState &state : m_types)
        if (state.type == type)
            return &state;
    return nullptr;
}

ApiClient::RequestId HubSpotLoader::send(const ApiRequest &request, ApiClient::Callback done)
{
    // The id is known only after send() returns, so the callback looks it up
    // through a shared slot.
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

void HubSpotLoader::start(const LoadRequest &request)
{
    if (m_running) {
        qCWarning(lcLoader) << "start() while a load is running: ignored";
        return;
    }
    m_request = request;
    m_types.clear();
    m_outstanding.clear();
    m_context = {};
    m_context.webBaseUrl = m_profile.webBaseUrl;
    m_context.hubId = request.accountId;
    m_refsReady = false;
    m_refsOutstanding = 0;

    QStringList types = request.objectTypes.isEmpty() ? defaultTypes() : request.objectTypes;
    QStringList unknown;
    for (const QString &name : std::as_const(types)) {
        const QString type = hubspot::canonicalType(name);
        if (type.isEmpty()) {
            unknown.append(name);
            continue;
        }
        if (stateFor(type))
            continue;
        TypeState state;
        state.type = type;
        state.properties = defaultProperties(type);
        const QStringList extra =
            request.extraProperties.value(type) +
            (type != name ? request.extraProperties.value(name) : QStringList());
        for (const QString &property : extra)
            if (!property.trimmed().isEmpty() && !state.properties.contains(property.trimmed()))
                state.properties.append(property.trimmed());
        state.targets = associationTargets(type);
        m_types.append(state);
    }

    m_started = true;
    m_running = true;
    m_clock.start();
    if (!unknown.isEmpty() || m_types.isEmpty()) {
        LoadOutcome outcome;
        outcome.error = unknownTypesError(QStringLiteral("HubSpot"), unknown, supportedTypes());
        m_running = false;
        m_types.clear();
        QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcLoader) << "loading" << types;
    run();
}

void HubSpotLoader::run()
{
    if (!m_refsReady)
        fetchReferenceData();
    for (TypeState &state : m_types)
        if (!state.done && !state.inFlight)
            requestPage(state);
    publishProgress();
}

// ---- reference data ------------------------------------------------------

void HubSpotLoader::fetchReferenceData()
{
    if (!m_options.humanise) {
        m_refsReady = true;
        return;
    }
    if (m_refsOutstanding > 0)
        return;
    m_context.owners.clear();
    ++m_refsOutstanding;
    fetchOwners(QString());
    if (stateFor(QStringLiteral("deals"))) {
        ++m_refsOutstanding;
        fetchPipelines(QStringLiteral("deals"));
    }
    if (stateFor(QStringLiteral("tickets"))) {
        ++m_refsOutstanding;
        fetchPipelines(QStringLiteral("tickets"));
    }
}

void HubSpotLoader::fetchOwners(const QString &after)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageSize));
    if (!after.isEmpty())
        query.addQueryItem(QStringLiteral("after"), after);
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/crm/v3/owners"));
    request.url.setQuery(query);
    request.tag = QStringLiteral("owners");
    request.validate = [](const QJsonDocument &document) {
        const auto page = hubspot::parseOwnersPage(document);
        return page.ok() ? QString() : page.error().detail;
    };
    send(request, [this](const Result<QJsonDocument> &result) {
        if (!result.ok()) {
            // Not fatal: items keep raw owner ids.
            qCWarning(lcLoader).noquote() << "owners unavailable:" << result.error().detail;
            referenceDone();
            return;
        }
        const auto page = hubspot::parseOwnersPage(result.value());
        for (auto it = page.value().names.cbegin(); it != page.value().names.cend(); ++it)
            m_context.owners.insert(it.key(), it.value());
        if (!page.value().nextAfter.isEmpty() && m_running) {
            fetchOwners(page.value().nextAfter);
            return;
        }
        referenceDone();
    });
}

void HubSpotLoader::fetchPipelines(const QString &objectType)
{
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/crm/v3/pipelines/") + objectType);
    request.tag = QStringLiteral("pipelines");
    request.validate = [](const QJsonDocument &document) {
        const auto labels = hubspot::parsePipelines(document);
        return labels.ok() ? QString() : labels.error().detail;
    };
    send(request, [this, objectType](const Result<QJsonDocument> &result) {
        if (!result.ok()) {
            qCWarning(lcLoader).noquote()
                << objectType << "pipelines unavailable:" << result.error().detail;
        } else {
            const auto labels = hubspot::parsePipelines(result.value());
            if (objectType == QLatin1String("deals"))
                m_context.dealPipelines = labels.value();
            else
                m_context.ticketPipelines = labels.value();
        }
        referenceDone();
    });
}

void HubSpotLoader::referenceDone()
{
    if (--m_refsOutstanding > 0)
        return;
    m_refsReady = true;
    qCInfo(lcLoader) << "reference data:" << m_context.owners.size() << "owners,"
                     << m_context.dealPipelines.stages.size() << "deal stages,"
                     << m_context.ticketPipelines.stages.size() << "ticket stages";
    for (TypeState &state : m_types)
        drain(state);
    checkFinished();
}

// ---- pages ---------------------------------------------------------------

void HubSpotLoader::requestPage(TypeState &state)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageSize));
    query.addQueryItem(QStringLiteral("archived"), QStringLiteral("false"));
    query.addQueryItem(QStringLiteral("properties"), state.properties.join(QLatin1Char(',')));
    if (!state.targets.isEmpty())
        query.addQueryItem(QStringLiteral("associations"), state.targets.join(QLatin1Char(',')));
    if (!state.nextAfter.isEmpty())
        query.addQueryItem(QStringLiteral("after"), state.nextAfter);

    ApiRequest request;
    request.url = QUrl(QStringLiteral("/crm/v3/objects/") + state.type);
    request.url.setQuery(query);
    request.tag = state.type;
    // Parse once, in the validator: a page that is not well formed is retried by
    // the client like a truncated body, then reported as BadResponse.
    auto parsed = std::make_shared<hubspot::ObjectPage>();
    request.validate = [parsed](const QJsonDocument &document) {
        auto page = hubspot::parseObjectPage(document);
        if (!page.ok())
            return page.error().detail;
        *parsed = std::move(page).value();
        return QString();
    };
    const QString type = state.type;
    const QString cursor = state.nextAfter;
    state.inFlight =
        send(request, [this, type, cursor, parsed](const Result<QJsonDocument> &result) {
            onPage(type, cursor, result, parsed);
        });
}

void HubSpotLoader::onPage(const QString &type, const QString &cursor,
                           const Result<QJsonDocument> &result,
                           const std::shared_ptr<hubspot::ObjectPage> &parsed)
{
    TypeState *state = stateFor(type);
    if (!state)
        return;
    state->inFlight = 0;
    if (!result.ok()) {
        failType(*state, result.error());
        return;
    }
    ++state->pages;
    state->nextAfter = parsed->nextAfter;
    state->exhausted = parsed->nextAfter.isEmpty();
    auto page = std::make_shared<PendingPage>();
    page->requestCursor = cursor;
    page->page = std::move(*parsed);
    state->pending.push_back(page);
    if (m_options.followTruncatedAssociations)
        followUp(*state, page);
    if (!state->exhausted && m_running && !state->error)
        requestPage(*state);
    // A type whose first page is its last needs no search to know its total.
    if (m_options.fetchTotals && !state->totalRequested && !state->exhausted)
        requestTotal(*state);
    drain(*state);
    checkFinished();
}

void HubSpotLoader::followUp(TypeState &state, const std::shared_ptr<PendingPage> &page)
{
    // Objects whose inline association list was cut off: read the rest with v4
    // batch reads, up to 100 objects per call.
    QHash<QString, QStringList> idsByTarget;
    for (const hubspot::ObjectRecord &record : std::as_const(page->page.results))
        for (const QString &target : record.truncatedAssociations)
            idsByTarget[target].append(record.id);
    const QString type = state.type;
    for (auto it = idsByTarget.cbegin(); it != idsByTarget.cend(); ++it) {
        const QString target = it.key();
        const QStringList &ids = it.value();
        for (int from = 0; from < ids.size(); from += kBatchLimit) {
            QJsonArray inputs;
            for (const QString &id : ids.mid(from, kBatchLimit))
                inputs.append(QJsonObject{{QStringLiteral("id"), id}});
            ApiRequest request;
            request.verb = QByteArrayLiteral("POST");
            request.url = QUrl(QStringLiteral("/crm/v4/associations/") + type + QLatin1Char('/') +
                               target + QStringLiteral("/batch/read"));
            request.body = compact(QJsonObject{{QStringLiteral("inputs"), inputs}});
            request.tag = type;
            request.validate = [](const QJsonDocument &document) {
                const auto links = hubspot::parseAssociationBatch(document);
                return links.ok() ? QString() : links.error().detail;
            };
            ++page->followUps;
            send(request, [this, type, target, page](const Result<QJsonDocument> &result) {
                TypeState *state = stateFor(type);
                if (!state)
                    return;
                --page->followUps;
                if (!result.ok()) {
                    failType(*state, result.error());
                    return;
                }
                const auto links = hubspot::parseAssociationBatch(result.value()).value();
                for (hubspot::ObjectRecord &record : page->page.results) {
                    const auto found = links.constFind(record.id);
                    if (found == links.cend())
                        continue;
                    QVector<hubspot::AssociationRef> &refs = record.associations[target];
                    for (const QString &id : found.value()) {
                        bool known = false;
                        for (const auto &ref : std::as_const(refs))
                            known = known || ref.id == id;
                        if (!known)
                            refs.append(hubspot::AssociationRef{id, QString()});
                    }
                }
                drain(*state);
                checkFinished();
            });
        }
    }
}

void HubSpotLoader::requestTotal(TypeState &state)
{
    state.totalRequested = true;
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(QStringLiteral("/crm/v3/objects/") + state.type + QStringLiteral("/search"));
    request.body = compact(
        QJsonObject{{QStringLiteral("limit"), 1},
                    {QStringLiteral("properties"), QJsonArray{QStringLiteral("hs_object_id")}}});
    request.tag = state.type;
    request.budget = kSearchBudget;
    request.observeRateHeaders = false; // search answers carry no rate-limit headers
    request.validate = [](const QJsonDocument &document) {
        const auto total = hubspot::parseSearchTotal(document);
        return total.ok() ? QString() : total.error().detail;
    };
    const QString type = state.type;
    send(request, [this, type](const Result<QJsonDocument> &result) {
        TypeState *state = stateFor(type);
        if (!state || !result.ok())
            return; // totals are a nicety: -1 when search is unavailable
        state->total = int(hubspot::parseSearchTotal(result.value()).value());
        publishProgress();
    });
}

void HubSpotLoader::drain(TypeState &state)
{
    if (!m_refsReady)
        return;
    bool emitted = false;
    while (!state.pending.empty() && state.pending.front()->followUps == 0) {
        const std::shared_ptr<PendingPage> page = state.pending.front();
        state.pending.pop_front();
        ItemBatch batch;
        batch.reserve(page->page.results.size());
        for (const hubspot::ObjectRecord &record : std::as_const(page->page.results)) {
            batch.append(hubspot::toItem(record, state.type, m_context));
            if (state.type == QLatin1String("companies"))
                m_context.companyNames.insert(batch.last().id, batch.last().name);
        }
        state.loaded += batch.size();
        state.keptAfter = page->page.nextAfter;
        emitted = true;
        if (!batch.isEmpty())
            Q_EMIT itemsReady(batch);
    }
    if (state.exhausted && state.pending.empty() && !state.inFlight && !state.error) {
        state.done = true;
        if (state.total < 0)
            state.total = state.loaded; // every page is in: the total is known now
    }
    if (emitted || state.done)
        publishProgress();
}

void HubSpotLoader::failType(TypeState &state, const Error &error)
{
    if (!state.error) {
        state.error = error;
        qCWarning(lcLoader).noquote() << state.type << "stopped after" << state.loaded
                                      << "items:" << Error::kindName(error.kind) << error.detail;
    }
    // A failed follow-up makes its page (and every later one) unusable: drop them
    // and come back to the first missing page on resume.
    bool dropping = false;
    for (auto it = state.pending.begin(); it != state.pending.end();) {
        if (!dropping && (*it)->followUps == 0) {
            ++it;
            continue;
        }
        dropping = true;
        it = state.pending.erase(it);
    }
    if (state.inFlight && dropping) {
        m_client.cancel(state.inFlight);
        m_outstanding.remove(state.inFlight);
        state.inFlight = 0;
    }
    state.exhausted = false;
    drain(state);
    publishProgress();
    checkFinished();
}

void HubSpotLoader::checkFinished()
{
    if (!m_running)
        return;
    if (!m_refsReady)
        return;
    for (const TypeState &state : std::as_const(m_types)) {
        if (state.done)
            continue;
        if (state.error && !state.inFlight && state.pending.empty())
            continue;
        return;
    }
    finish(false);
}

void HubSpotLoader::finish(bool cancelled)
{
    m_running = false;
    // Totals and reference calls still out are not needed any more.
    const auto outstanding = m_outstanding;
    for (ApiClient::RequestId id : outstanding)
        m_client.cancel(id);
    m_outstanding.clear();
    m_refsOutstanding = 0;

    LoadOutcome outcome;
    outcome.cancelled = cancelled;
    outcome.types = progress().types;
    outcome.complete = !cancelled;
    for (TypeState &state : m_types) {
        state.inFlight = 0;
        if (!state.done) {
            outcome.complete = false;
            // Whatever was received but not emitted is reloaded on resume.
            state.pending.clear();
            state.nextAfter = state.keptAfter;
            state.exhausted = false;
            if (!outcome.error && state.error)
                outcome.error = state.error;
        }
    }
    if (cancelled && !outcome.error)
        outcome.error = Error(Error::Kind::Cancelled, tr("The load was cancelled."));
    qCInfo(lcLoader).noquote() << "load finished:" << (outcome.complete ? "complete" : "incomplete")
                               << progress().totalLoaded() << "items in" << m_clock.elapsed()
                               << "ms";
    Q_EMIT finished(outcome);
}

void HubSpotLoader::cancel()
{
    if (!m_running)
        return;
    finish(true);
}

bool HubSpotLoader::canResume() const
{
    if (m_running || !m_started)
        return false;
    for (const TypeState &state : m_types)
        if (!state.done)
            return true;
    return false;
}

void HubSpotLoader::resume()
{
    if (!canResume())
        return;
    for (TypeState &state : m_types)
        if (!state.done) {
            state.error = {};
            state.nextAfter = state.keptAfter;
        }
    m_running = true;
    qCInfo(lcLoader) << "resuming";
    run();
}

LoadProgress HubSpotLoader::progress() const
{
    LoadProgress progress;
    const double seconds = std::max<qint64>(1, m_clock.isValid() ? m_clock.elapsed() : 1) / 1000.0;
    int requests = 0;
    for (const TypeState &state : m_types) {
        TypeProgress type;
        type.type = state.type;
        type.loaded = state.loaded;
        type.pages = state.pages;
        type.total = state.total;
        type.requests = state.requests;
        type.requestsPerSecond = state.requests / seconds;
        type.done = state.done;
        type.error = state.error;
        requests += state.requests;
        progress.types.append(type);
    }
    progress.requestsPerSecond = requests / seconds;
    return progress;
}

void HubSpotLoader::publishProgress()
{
    Q_EMIT progressChanged(progress());
}

} // namespace desk
