// HubSpot's CRM read endpoints at the date-based paths (/crm/objects/2026-09/…,
// every version of hubspotversions.h) and, unless turned off, at the legacy
// v3/v4 paths; the sandbox's change endpoint (POST /_sandbox/changes); the
// index and record pages.
#pragma once

#include "hubspotdata.h"
#include "hubspotoauth.h"
#include "hubspotversions.h"
#include "server/changeset.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <functional>

namespace desk::sandbox::hubspot {

// What the docs leave open, and sizes; defaults are the strict readings.
struct CrmConfig
{
    bool legacy = true;             // serve /crm/v3 and /crm/v4 (off: 404, as after the sunsets)
    int inlineAssociationCap = 100; // associations per record and type on list and read
    int associationPageSize = 500;  // per input of the associations batch read
    bool datedRateHeaders = true;   // X-HubSpot-RateLimit-* on date-based paths
    bool datedNumericIds = false;   // toObjectId as a JSON number on date-based paths
    qint64 searchLagMs = 0;         // search sees every record as it was this long ago
    // Lists go in a fixed pseudo-random order instead of by id (HubSpot documents no
    // order; the cursor is then the next record's key in that order).
    bool shuffledLists = false;
    quint64 seed = 1; // for change sets that bring no seed of their own
};

// Endpoints, scope checks and HubSpot-style rate-limit headers. hubspotcrm.cpp
// holds routing, guards and objects; hubspotassociations.cpp the association
// endpoints; hubspotsettings.cpp properties, owners, pipelines and account
// details; hubspotsearch.cpp search; hubspotpages.cpp the HTML pages.
class HubSpotCrm
{
public:
    HubSpotCrm(HubSpotData *data, const HubSpotOAuth *oauth, RateLimiter *limiter,
               const CrmConfig &config = {});

    void registerRoutes(Router &router);

    // The search endpoint's own rolling-window limit per account (HubSpot: about
    // 5 requests per second); max <= 0 turns it off. Search requests count only
    // against this limit, never against the general one, and carry no
    // X-HubSpot-RateLimit-* headers.
    void setSearchRateLimit(int max, int windowMs);
    // Applies one change set (the change endpoint, --churn); false with an error text.
    bool applyChanges(const ChangeRequest &request, ChangeOutcome *outcome, QString *error);

    static constexpr int kSearchMaxLimit = 200;     // results per search page
    static constexpr int kSearchMaxResults = 10000; // reachable per query
    static constexpr int kSearchDefaultRateMax = 5; // per kSearchDefaultRateWindowMs
    static constexpr int kSearchDefaultRateWindowMs = 1000;
    static constexpr int kMaxAssociationInputs = 1000;

private:
    using Body = std::function<HttpResponse()>;
    enum class Limit
    {
        General, // the account's rolling window, with X-HubSpot-RateLimit-* headers
        Search   // the search endpoint's own limit, no headers
    };
    // Where an API flavour lives.
    struct Paths
    {
        QString objects;        // /crm/v3/objects, /crm/objects/2026-09
        QString associations;   // /crm/v4/associations, /crm/associations/2026-09
        QString associationsOf; // prefix of …/{type}/{id}/associations/{to}; empty: not served
        QString owners, pipelines, properties;
        QString account; // /account-info/2026-09; empty: not served
    };
    static Paths pathsFor(const Api &api);
    void registerApi(Router &router, const Api &api);
    void registerLegacyGone(Router &router);

    // Authentication, scope and rate-limit checks around a data handler.
    HttpResponse guarded(const HttpRequest &request, const Api &api, const QStringList &anyOfScopes,
                         const Body &body, Limit limit = Limit::General);

    HttpResponse listObjects(const HttpRequest &request, const Api &api, ObjectType type);
    HttpResponse getObject(const HttpRequest &request, const Api &api, ObjectType type,
                           const QString &id);
    HttpResponse batchRead(const HttpRequest &request, const Api &api, ObjectType type);
    HttpResponse search(const HttpRequest &request, const Api &api,
                        ObjectType type); // hubspotsearch.cpp
    HttpResponse changes(const HttpRequest &request);

    // hubspotassociations.cpp
    HttpResponse associationsBatch(const HttpRequest &request, const Api &api, ObjectType from,
                                   ObjectType to);
    HttpResponse associationsOf(const HttpRequest &request, const Api &api, ObjectType from,
                                const QString &id, ObjectType to);
    QJsonObject inlineAssociations(const HttpRequest &request, const Api &api, ObjectType type,
                                   qint64 id, const QVector<ObjectType> &types) const;
    QJsonValue toObjectId(const Api &api, qint64 id) const;
    QString associationsLink(const HttpRequest &request, const Api &api, ObjectType from, qint64 id,
                             ObjectType to, const QString &after) const;

    // hubspotsettings.cpp
    HttpResponse properties(ObjectType type);
    HttpResponse owners(const HttpRequest &request, const Api &api);
    HttpResponse owner(const HttpRequest &request, const Api &api, const QString &id);
    HttpResponse pipelines(ObjectType type);
    HttpResponse accountDetails();

    // hubspotpages.cpp
    HttpResponse indexPage(const HttpRequest &request);
    HttpResponse recordPage(const QString &hubId, const QString &objectTypeId, const QString &id);

    QJsonObject objectJson(const HttpRequest &request, const Api &api, ObjectType type,
                           const ObjectRecord &record, const QVector<int> &columns,
                           const QVector<ObjectType> &associations) const;
    QVector<int> columnsFor(ObjectType type, const QStringList &requested) const;
    QString nextLink(const HttpRequest &request, const QString &after) const;

    HubSpotData *m_data;
    const HubSpotOAuth *m_oauth;
    RateLimiter *m_limiter;
    CrmConfig m_config;
    RateLimiter m_searchLimiter{kSearchDefaultRateMax, kSearchDefaultRateWindowMs};
    quint64 m_changeCount = 0;
};

// Shared by the CRM's source files.
namespace crm {
// HubSpot's error body. Date-based paths get the documented shape (category,
// correlationId, message, plus `extra`); the legacy paths also carry "status":"error".
HttpResponse error(const Api &api, int status, const QString &category, const QString &message,
                   const QJsonObject &extra = {});
HttpResponse validationError(const Api &api, const QString &message);
// limit: default when absent, error text when invalid.
bool parseLimit(const HttpRequest &request, int defaultLimit, int maxLimit, int *limit,
                QString *error);
bool parseId(const QString &text, qint64 *id);
QString jsonId(const QJsonValue &v); // "101" from "101" or 101
QString baseUrl(const HttpRequest &request);
QString nowIso();
QJsonObject paging(const QString &after, const QString &link); // {"next":{"after","link"}}
// A batch answer: 200, or 207 with errors[] and numErrors when there are errors.
HttpResponse batchAnswer(const QString &startedAt, const QJsonArray &results,
                         const QJsonArray &errors);
} // namespace crm

} // namespace desk::sandbox::hubspot
