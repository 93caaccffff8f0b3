#pragma once

#include "auth/providerprofile.h"
#include "net/apiclient.h"
#include "providers/hubspot/hubspotpage.h"
#include "providers/itemloader.h"

#include <QElapsedTimer>
#include <QSet>
#include <deque>
#include <memory>

namespace desk {

struct HubSpotLoaderOptions
{
    int pageSize = 100;      // HubSpot's maximum for list calls
    bool fetchTotals = true; // one search call (limit 1) per type for "n of N"; -1 when unsupported
    bool humanise = true;    // owner names and pipeline/stage labels (owners + pipelines calls)
    // Objects whose inline association list has more pages get the rest from
    // one v4 batch read per 100 such objects.
    bool followTruncatedAssociations = true;
};

// Loads HubSpot CRM objects (contacts, companies, deals, tickets) through one
// ApiClient, several types at once in its shared rate budget.
//
// Per type, pages are read in order with the `after` cursor at limit=100 and
// emitted (itemsReady) in that order, one batch per page. Associations come
// from the list call's `associations=` parameter: HubSpot returns them inline
// with each object, so they cost no request at all (a v4 batch read would cost
// one more request per page; one call per object would cost 100). Only objects
// whose inline list is itself paged get a v4 batch read.
//
// Owner names and pipeline/stage labels are fetched once at the start
// (GET /crm/v3/owners, paged; GET /crm/v3/pipelines/{deals,tickets}) while the
// first pages load; pages wait for them so every emitted item is humanised.
//
// A failed type keeps what was emitted and the cursor of its first missing
// page; other types go on. finished() reports which types are incomplete and
// why; resume() continues them from their cursors.
class HubSpotLoader : public ItemLoader
{
    Q_OBJECT
public:
    HubSpotLoader(ApiClient &client, ProviderProfile profile, QObject *parent = nullptr);
    ~HubSpotLoader() override;

    void setOptions(const HubSpotLoaderOptions &options) { m_options = options; }
    const HubSpotLoaderOptions &options() const { return m_options; }

    void start(const LoadRequest &request) override;
    void cancel() override;
    bool canResume() const override;
    void resume() override;

    bool isRunning() const { return m_running; }
    LoadProgress progress() const;

    static QStringList supportedTypes();
    static QStringList defaultTypes();
    static QStringList defaultProperties(const QString &type);
    static QStringList associationTargets(const QString &type); // what the list call asks for

private:
    struct PendingPage
    {
        QString requestCursor;
        hubspot::ObjectPage page;
        int followUps = 0;
    };

    struct TypeState
    {
        QString type;
        QStringList properties;
        QStringList targets;
        QString nextAfter;      // cursor for the next request
        QString keptAfter;      // cursor of the first page not emitted yet (resume point)
        bool exhausted = false; // last page received
        bool done = false;      // last page received and emitted
        Error error;
        int loaded = 0;
        int pages = 0;
        int requests = 0;
        int total = -1;
        bool totalRequested = false;
        ApiClient::RequestId inFlight = 0;
        std::deque<std::shared_ptr<PendingPage>> pending;
    };

    void run();
    void fetchReferenceData();
    void fetchOwners(const QString &after);
    void fetchPipelines(const QString &objectType);
    void referenceDone();
    void requestPage(TypeState &state);
    void onPage(const QString &type, const QString &cursor, const Result<QJsonDocument> &result,
                const std::shared_ptr<hubspot::ObjectPage> &parsed);
    void followUp(TypeState &state, const std::shared_ptr<PendingPage> &page);
    void requestTotal(TypeState &state);
    void drain(TypeState &state);
    void failType(TypeState &state, const Error &error);
    void checkFinished();
    void finish(bool cancelled);
    ApiClient::RequestId send(const ApiRequest &request, ApiClient::Callback done);
    TypeState *stateFor(const QString &type);
    void publishProgress();

    ApiClient &m_client;
    ProviderProfile m_profile;
    HubSpotLoaderOptions m_options;
    LoadRequest m_request;
    hubspot::MappingContext m_context;
    QVector<TypeState> m_types;
    QSet<ApiClient::RequestId> m_outstanding;
    int m_refsOutstanding = 0;
    bool m_refsReady = false;
    bool m_running = false;
    bool m_started = false;
    QElapsedTimer m_clock;
};

} // namespace desk
