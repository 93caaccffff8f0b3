#pragma once

#include "notiondata.h"
#include "notionoauth.h"
#include "server/router.h"
#include "server/tokenbucket.h"

#include <functional>

namespace desk::sandbox::notion {

struct ApiConfig
{
    double ratePerSecond = 3.0; // average per connection; 0: off
    int burst = 3;              // bucket capacity
    int retryAfterS = 1;        // Retry-After on every 429
};

// Notion API v1 under /notion: search, users/me, pages, databases (and their
// query), blocks; Notion-Version required, Notion's error object, a token
// bucket per connection with Retry-After on 429.
class NotionApi
{
public:
    NotionApi(const NotionData *data, const NotionOAuth *oauth, const ApiConfig &config);
    void registerRoutes(Router &router);

private:
    using Body = std::function<HttpResponse()>;
    HttpResponse guarded(const HttpRequest &request, const Body &body);
    HttpResponse search(const HttpRequest &request);
    HttpResponse usersMe();
    HttpResponse getPage(const QString &id);
    HttpResponse getDatabase(const QString &id);
    HttpResponse queryDatabase(const HttpRequest &request, const QString &id);
    HttpResponse getBlock(const QString &id);
    HttpResponse listPage(const QVector<const NotionObject *> &items, const QJsonObject &body);

    const NotionData *m_data;
    const NotionOAuth *m_oauth;
    ApiConfig m_config;
    TokenBucket m_bucket;
};

} // namespace desk::sandbox::notion
