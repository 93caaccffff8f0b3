#pragma once

#include "hubspotdata.h"
#include "hubspotoauth.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <functional>

namespace desk::sandbox::hubspot {

// CRM v3/v4 read endpoints (objects, batch read, associations, properties,
// owners, pipelines), the bearer/scope checks and HubSpot-style rate-limit
// headers, plus the sandbox index page and the "Open in HubSpot" record pages.
class HubSpotCrm
{
public:
    HubSpotCrm(const HubSpotData *data, const HubSpotOAuth *oauth, RateLimiter *limiter);

    void registerRoutes(Router &router);

private:
    using Body = std::function<HttpResponse()>;
    // Authentication, scope and rate-limit checks around a data handler.
    HttpResponse guarded(const HttpRequest &request, const QStringList &anyOfScopes,
                         const Body &body);

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
};

} // namespace desk::sandbox::hubspot
