#pragma once

#include "hubspotdata.h"
#include "hubspotoauth.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <functional>

namespace desk::sandbox::hubspot {

// CRM v3/v4 read endpoints (objects, batch read, associations, properties,
// owners, pipelines, search), the bearer/scope checks and HubSpot-style rate-limit
// headers, plus the sandbox index page and the "Open in HubSpot" record pages.
class HubSpotCrm
{
public:
    HubSpotCrm(const HubSpotData *data, const HubSpotOAuth *oauth, RateLimiter *limiter);

    void registerRoutes(Router &router);

    // The search endpoint's own rolling-window limit per account (HubSpot: about
    // 5 requests per second); max <= 0 turns it off. Search requests count only
    // against this limit, never against the general one, and carry no
    // X-HubSpot-RateLimit-* headers.
    void setSearchRateLimit(int max, int windowMs);

    static constexpr int kSearchMaxLimit = 200;     // results per search page
    static constexpr int kSearchMaxResults = 10000; // reachable per query
    static constexpr int kSearchDefaultRateMax = 5; // per kSearchDefaultRateWindowMs
    static constexpr int kSearchDefaultRateWindowMs = 1000;

private:
    using Body = std::function<HttpResponse()>;
    enum class Limit
    {
        General, // the account's rolling window, with X-HubSpot-RateLimit-* headers
        Search   // the search endpoint's own limit, no headers
    };
    // Authentication, scope and rate-limit checks around a data handler.
    HttpResponse guarded(const HttpRequest &request, const QStringList &anyOfScopes,
                         const Body &body, Limit limit = Limit::General);

    HttpResponse listObjects(const HttpRequest &request, ObjectType type);
    HttpResponse getObject(const HttpRequest &request, ObjectType type, const QString &id);
    HttpResponse batchRead(const HttpRequest &request, ObjectType type);
    HttpResponse associationsBatch(const HttpRequest &request, ObjectType from, ObjectType to);
    HttpResponse associationsOf(const HttpRequest &request, ObjectType from, const QString &id,
                                ObjectType to);
    HttpResponse properties(ObjectType type);
    HttpResponse owners(const HttpRequest &request);
    HttpResponse owner(const QString &id);
    HttpResponse pipelines(ObjectType type);
    HttpResponse search(const HttpRequest &request, ObjectType type); // hubspotsearch.cpp
    HttpResponse indexPage(const HttpRequest &request);
    HttpResponse recordPage(const QString &hubId, const QString &objectTypeId, const QString &id);

    QJsonObject objectJson(ObjectType type, const ObjectRecord &record, int activeIndex,
                           const QVector<int> &columns,
                           const QVector<ObjectType> &associations) const;
    QVector<int> columnsFor(ObjectType type, const QStringList &requested) const;
    QString baseUrl(const HttpRequest &request) const;
    QString nextLink(const HttpRequest &request, const QString &after) const;

    const HubSpotData *m_data;
    const HubSpotOAuth *m_oauth;
    RateLimiter *m_limiter;
    RateLimiter m_searchLimiter{kSearchDefaultRateMax, kSearchDefaultRateWindowMs};
};

} // namespace desk::sandbox::hubspot
