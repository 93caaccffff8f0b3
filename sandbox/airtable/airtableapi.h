#pragma once

#include "airtabledata.h"
#include "airtableoauth.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <functional>

namespace desk::sandbox::airtable {

struct ApiConfig
{
    int rateMax = 5; // requests per base per window; 0: off
    int rateWindowMs = 1000;
    int penaltyMs = 30000; // every request to a base answers 429 this long after a 429
    int basesPageSize = 3;
};

// Airtable Web API v0 under /airtable: meta (whoami, bases, tables) and
// records, with Airtable's error bodies and its per-base rate limit with a
// penalty wait.
class AirtableApi
{
public:
    AirtableApi(const AirtableData *data, const AirtableOAuth *oauth, const ApiConfig &config);
    void registerRoutes(Router &router);

private:
    using Body = std::function<HttpResponse()>;
    // Token and scope checks, then the per-base limit when base >= 0.
    HttpResponse guarded(const HttpRequest &request, const QString &scope, int base,
                         const Body &body);
    HttpResponse whoami(const HttpRequest &request);
    HttpResponse listBases(const HttpRequest &request);
    HttpResponse listTables(int base);
    HttpResponse listRecords(const HttpRequest &request, int base, int table);
    HttpResponse getRecord(int base, int table, const QString &recordId);
    HttpResponse rateLimited(int base);

    const AirtableData *m_data;
    const AirtableOAuth *m_oauth;
    ApiConfig m_config;
    RateLimiter m_limiter;
    QElapsedTimer m_clock;
    QHash<int, qint64> m_penaltyUntilMs;
};

} // namespace desk::sandbox::airtable
