#pragma once

#include "auth/providerprofile.h"
#include "net/apiclient.h"
#include "providers/itemloader.h"
#include "providers/notion/notionpage.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

namespace desk {

struct NotionLoaderOptions
{
    int pageSize = 100;        // search page size (Notion's maximum)
    int requestsPerSecond = 3; // Notion's documented average per connection
    int maxBlockLookups = 200; // GET /v1/blocks/{id} calls per load at most
    int maxBlockDepth = 4;     // nested block parents followed at most
};

// Loads the pages and databases shared with a Notion connection as a tree.
//
// - A synthetic root item (type "workspace", id "workspace", named after the
//   workspace from GET /v1/users/me) comes first.
// - POST /v1/search pages through everything shared (page_size 100,
//   start_cursor/next_cursor/has_more; filtered to pages or databases when only
//   one of them is requested). Each page of results is emitted as it arrives,
//   except items whose parent has not been seen yet: they wait for it, so a
//   parent is always emitted before its children.
// - Parents: workspace -> the root; page_id / database_id -> that item;
//   block_id -> GET /v1/blocks/{id} (cached, bounded) gives the page holding
//   the block; parents never returned by search (not shared with the
//   integration) make orphans, which are attached to the root with the
//   property "missingParent" ("page <id>", ...) — never dropped.
// - Titles: a page's title-typed property, a database's title[], joined
//   plain_text; "Untitled" when empty. Trashed items carry "inTrash".
// Every request carries Notion-Version: 2022-06-28 (a default header on the
// client) and is paced one per 1/3 s (3 per second, no bursts); a 429 waits
// Retry-After.
class NotionLoader : public ItemLoader
{
    Q_OBJECT
public:
    NotionLoader(ApiClient &client, ProviderProfile profile, QObject *parent = nullptr);
    ~NotionLoader() override;

    void setOptions(const NotionLoaderOptions &options);
    const NotionLoaderOptions &options() const { return m_options; }
    // Notion-Version header and the fixed per-connection window on `client`.
    static void configureClient(ApiClient &client, const NotionLoaderOptions &options);

    void start(const LoadRequest &request) override;
    void cancel() override;
    bool canResume() const override;
    void resume() override;

    bool isRunning() const { return m_running; }
    LoadProgress progress() const;

    static QStringList supportedTypes(); // pages, databases
    static QStringList defaultTypes();

private:
    struct Held
    {
        IntegrationItem item;
        int depth = 0; // block hops followed so far
    };

    void run();
    void requestWorkspace();
    void requestSearch();
    void requestBlock(const QString &blockId, int depth);
    void place(IntegrationItem item, const notion::Parent &parent, int depth, ItemBatch &out);
    void emitItem(const IntegrationItem &item, ItemBatch &out);
    void attachToRoot(IntegrationItem item, const QString &missing, ItemBatch &out);
    void flush(ItemBatch &batch);
    void settleOrphans();
    void checkFinished();
    void finish(bool cancelled);
    ApiClient::RequestId send(const ApiRequest &request, ApiClient::Callback done);
    void publishProgress();

    ApiClient &m_client;
    ProviderProfile m_profile;
    NotionLoaderOptions m_options;
    QStringList m_types;
    QString m_filter; // "page", "database" or empty

    bool m_rootEmitted = false;
    bool m_workspaceInFlight = false;
    QString m_cursor;
    bool m_searchDone = false;
    bool m_searchInFlight = false;
    int m_searchPages = 0;
    int m_searchRequests = 0;
    Error m_error;

    QHash<QString, QString> m_emitted;                // id -> type
    QHash<QString, QVector<Held>> m_waitingForParent; // parent id -> children
    QHash<QString, QVector<Held>> m_waitingForBlock;  // block id -> children
    QHash<QString, notion::Parent> m_blockParents;    // resolved blocks
    QSet<QString> m_blocksInFlight;
    int m_blockLookups = 0;
    QHash<QString, int> m_loaded; // type -> emitted count

    QSet<ApiClient::RequestId> m_outstanding;
    bool m_running = false;
    bool m_started = false;
    QElapsedTimer m_clock;
};

} // namespace desk
