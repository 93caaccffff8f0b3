#pragma once

#include "notiondata.h"
#include "notionlimits.h"
#include "notionoauth.h"
#include "notionversion.h"
#include "server/router.h"

#include <QHash>
#include <deque>
#include <functional>
#include <memory>

namespace desk::sandbox::notion {

struct ApiConfig
{
    LimitConfig limits;
    int overloadRetryAfterS = 1; // Retry-After of an injected 529 service_overload
    // 2022-06-28 meeting a database with several data sources in search results:
    // false = the search fails (strict), true = the database is left out.
    bool legacyOmitMultiSource = false;
    quint64 seed = 1; // for cursor ids
};

// Notion API v1 under /notion, answering by the Notion-Version received:
// search, users/me, pages, databases and their query (2022-06-28), data sources
// and their query (2025-09-03 on), blocks; Notion's error object with
// request_id and x-notion-request-id; the per-connection and per-workspace
// limits; and the POST /notion/_sandbox/changes control endpoint.
class NotionApi
{
public:
    NotionApi(NotionData *data, const NotionOAuth *oauth, const ApiConfig &config);
    void registerRoutes(Router &router);
    // A change set, as the control endpoint and --notion-churn apply it (without a
    // seed, one is drawn from --seed and a call counter).
    ChangeOutcome applyChanges(ChangeRequest change);
    // --notion-churn TYPE:modify=N,add=N,delete=N@INTERVAL, each repeatable; false
    // with *error on a bad spec.
    bool startChurn(const QStringList &specs, QString *error);

private:
    using Body = std::function<HttpResponse(ApiVersion)>;
    struct Entry
    {
        const NotionObject *object = nullptr;
        qint64 key = 0; // the sort timestamp
        int order = 0;  // creation order: ties and the default order
    };
    struct Cursor
    {
        QString scope;
        Entry next;
    };
    // A filter on in_trash (search filter or query body): only trashed, or only live.
    struct TrashFilter
    {
        bool trashed = false;
    };

    HttpResponse guarded(const HttpRequest &request, const Body &body);
    HttpResponse fail(int status, const QString &code, const QString &message) const;
    HttpResponse faultShape(const HttpResponse &generic) const;
    HttpResponse changesEndpoint(const HttpRequest &request);
    HttpResponse usersMe();
    HttpResponse getPage(const QString &id, ApiVersion v);
    HttpResponse getDatabase(const QString &id, ApiVersion v);
    HttpResponse getDataSource(const QString &id, ApiVersion v);
    HttpResponse getBlock(const QString &id, ApiVersion v);
    HttpResponse multiSourceError(const NotionObject &database, ApiVersion v) const;
    HttpResponse invalidId(const char *what, const QString &id) const;
    HttpResponse notFound(const char *what, const QString &id) const;
    // notionlists.cpp
    HttpResponse search(const HttpRequest &request, ApiVersion v);
    HttpResponse queryDatabase(const HttpRequest &request, const QString &id, ApiVersion v);
    HttpResponse queryDataSource(const HttpRequest &request, const QString &id, ApiVersion v);
    // The database or data source a query names (its body parsed), or null with *error.
    const NotionObject *queryTarget(const HttpRequest &request, const QString &id,
                                    NotionObject::Kind kind, QJsonObject *body,
                                    HttpResponse *error) const;
    HttpResponse queryRows(const QJsonObject &body, const QString &scope, ApiVersion v,
                           const std::function<bool(const NotionObject &)> &isRow);
    bool parseSearchFilter(const QJsonObject &body, ApiVersion v, QString *kind, TrashFilter *trash,
                           HttpResponse *error) const;
    bool parseQueryTrash(const QJsonObject &body, ApiVersion v, TrashFilter *trash,
                         HttpResponse *error) const;
    bool parseTimestampFilter(const QJsonValue &filter,
                              std::function<bool(const NotionObject &)> *match,
                              HttpResponse *error) const;
    HttpResponse listPage(const QVector<Entry> &entries, bool descending, const QString &scope,
                          const QJsonObject &body, ApiVersion v, const char *listType);
    QString issueCursor(const QString &scope, const Entry &next);
    bool inTrash(const NotionObject &o, ApiVersion v) const;
    qint64 editedMs(const NotionObject &o, ApiVersion v) const;

    NotionData *m_data;
    const NotionOAuth *m_oauth;
    ApiConfig m_config;
    NotionLimits m_limits;
    QString m_requestId; // of the request being answered (one at a time)
    Prng m_cursorIds;
    QHash<QString, Cursor> m_cursors;
    std::deque<QString> m_cursorOrder; // oldest first, to bound memory
    quint64 m_changeCalls = 0;
    std::unique_ptr<Churn> m_churn;
};

} // namespace desk::sandbox::notion
