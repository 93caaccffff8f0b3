#include "providers/notion/notionloader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcNotion, "desk.core.notion", QtInfoMsg)

const QString kPages = QStringLiteral("pages");
const QString kDatabases = QStringLiteral("databases");
const QString kWorkspace = QStringLiteral("workspace");
const QString kMissingParent = QStringLiteral("missingParent");

QString parentLabel(const notion::Parent &parent)
{
    switch (parent.kind) {
    case notion::Parent::Kind::Page:
        return QStringLiteral("page ") + parent.id;
    case notion::Parent::Kind::Database:
        return QStringLiteral("database ") + parent.id;
    case notion::Parent::Kind::Block:
        return QStringLiteral("block ") + parent.id;
    case notion::Parent::Kind::Workspace:
        return QStringLiteral("workspace");
    case notion::Parent::Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}
} // namespace

NotionLoader::NotionLoader(ApiClient &client, ProviderProfile profile, QObject *parent)
    : ItemLoader(parent), m_client(client), m_profile(std::move(profile))
{
    if (m_client.baseUrl().isEmpty())
        m_client.setBaseUrl(m_profile.apiBaseUrl);
    configureClient(m_client, m_options);
    connect(&m_client, &ApiClient::requestFinished, this, [this](const QString &tag, int) {
        if (tag == kPages)
            ++m_searchRequests;
    });
}

NotionLoader::~NotionLoader()
{
    for (ApiClient::RequestId id : std::as_const(m_outstanding))
        m_client.cancel(id);
}

void NotionLoader::setOptions(const NotionLoaderOptions &options)
{
    m_options = options;
    m_options.pageSize = qBound(1, m_options.pageSize, 100);
    configureClient(m_client, m_options);
}

void NotionLoader::configureClient(ApiClient &client, const NotionLoaderOptions &options)
{
    client.setDefaultHeader("Notion-Version", notion::kVersion);
    // Evenly spaced (one request per 1/rate s) rather than bursts of `rate` per
    // second: Notion's bucket is shared with calls the pacer does not see (the
    // sign-in's users/me, another window of the app), and spaced requests
    // always find a token as long as those are few.
    const int spacingMs = qMax(1, (1000 + qMax(1, options.requestsPerSecond) - 1) /
                                      qMax(1, options.requestsPerSecond));
    client.setPacerSetup([spacingMs](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{1, spacingMs}});
        pacer.setReserve(0);
    });
}

QStringList NotionLoader::supportedTypes()
{
    return {kPages, kDatabases};
}

QStringList NotionLoader::defaultTypes()
{
    return supportedTypes();
}

ApiClient::RequestId NotionLoader::send(const ApiRequest &request, ApiClient::Callback done)
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

void NotionLoader::start(const LoadRequest &request)
{
    if (m_running) {
        qCWarning(lcNotion) << "start() while a load is running: ignored";
        return;
    }
    QStringList unknown;
    m_types.clear();
    for (const QString &name :
         request.objectTypes.isEmpty() ? defaultTypes() : request.objectTypes) {
        const QString type = name.trimmed().toLower();
        if (type == kWorkspace)
            continue;
        if (!supportedTypes().contains(type))
            unknown.append(name);
        else if (!m_types.contains(type))
            m_types.append(type);
    }
    if (m_types.isEmpty() && unknown.isEmpty())
        m_types = defaultTypes();
    m_filter = m_types.size() == 1 ? (m_types.first() == kPages ? QStringLiteral("page")
                                                                : QStringLiteral("database"))
                                   : QString();
    m_rootEmitted = false;
    m_cursor.clear();
    m_searchDone = false;
    m_searchPages = 0;
    m_searchRequests = 0;
    m_error = {};
    m_emitted.clear();
    m_waitingForParent.clear();
    m_waitingForBlock.clear();
    m_blockParents.clear();
    m_blocksInFlight.clear();
    m_blockLookups = 0;
    m_loaded.clear();
    m_started = true;
    m_running = true;
    m_clock.start();
    if (!unknown.isEmpty()) {
        LoadOutcome outcome;
        outcome.error = unknownTypesError(QStringLiteral("Notion"), unknown, supportedTypes());
        m_running = false;
        m_types.clear();
        QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcNotion) << "loading" << m_types;
    run();
}

void NotionLoader::run()
{
    if (!m_rootEmitted) {
        if (!m_workspaceInFlight)
            requestWorkspace();
        return; // the search starts once the root is out
    }
    if (!m_searchDone && !m_searchInFlight)
        requestSearch();
    publishProgress();
    checkFinished();
}

void NotionLoader::requestWorkspace()
{
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/v1/users/me"));
    request.tag = kWorkspace;
    m_workspaceInFlight = true;
    send(request, [this](const Result<QJsonDocument> &result) {
        m_workspaceInFlight = false;
        QString name;
        if (result.ok())
            name = result.value()
                       .object()
                       .value(QStringLiteral("bot"))
                       .toObject()
                       .value(QStringLiteral("workspace_name"))
                       .toString();
        else
            // Not fatal: the root is then called "Workspace".
            qCInfo(lcNotion).noquote() << "workspace name unavailable:" << result.error().detail;
        if (result.error().kind == Error::Kind::ReconnectNeeded ||
            result.error().kind == Error::Kind::Unauthorized) {
            m_error = result.error();
            finish(false);
            return;
        }
        m_rootEmitted = true;
        Q_EMIT itemsReady(ItemBatch{notion::workspaceItem(name)});
        if (m_running)
            run();
    });
}

void NotionLoader::requestSearch()
{
    QJsonObject body{{QStringLiteral("page_size"), m_options.pageSize}};
    if (!m_filter.isEmpty())
        body.insert(QStringLiteral("filter"),
                    QJsonObject{{QStringLiteral("property"), QStringLiteral("object")},
                                {QStringLiteral("value"), m_filter}});
    if (!m_cursor.isEmpty())
        body.insert(QStringLiteral("start_cursor"), m_cursor);
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(QStringLiteral("/v1/search"));
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.tag = kPages;
    auto parsed = std::make_shared<notion::SearchPage>();
    request.validate = [parsed](const QJsonDocument &document) {
        auto page = notion::parseSearchPage(document);
        if (!page.ok())
            return page.error().detail;
        *parsed = std::move(page).value();
        return QString();
    };
    m_searchInFlight = true;
    send(request, [this, parsed](const Result<QJsonDocument> &result) {
        m_searchInFlight = false;
        if (!result.ok()) {
            if (!m_error)
                m_error = result.error();
            qCWarning(lcNotion).noquote()
                << "search stopped:" << Error::kindName(result.error().kind)
                << result.error().detail;
            checkFinished();
            return;
        }
        ++m_searchPages;
        ItemBatch batch;
        for (const notion::Object &object : std::as_const(parsed->results)) {
            if (m_emitted.contains(object.id))
                continue; // already placed (a page seen twice across pages)
            bool held = false;
            for (const auto &list : std::as_const(m_waitingForParent))
                for (const Held &h : list)
                    held = held || h.item.id == object.id;
            for (const auto &list : std::as_const(m_waitingForBlock))
                for (const Held &h : list)
                    held = held || h.item.id == object.id;
            if (held)
                continue;
            place(notion::toItem(object), object.parent, 0, batch);
        }
        m_cursor = parsed->nextCursor;
        m_searchDone = !parsed->hasMore;
        flush(batch);
        if (!m_searchDone && m_running)
            requestSearch();
        publishProgress();
        checkFinished();
    });
}

void NotionLoader::place(IntegrationItem item, const notion::Parent &parent, int depth,
                         ItemBatch &out)
{
    switch (parent.kind) {
    case notion::Parent::Kind::Workspace:
        item.parentId = kWorkspace;
        item.parentType = kWorkspace;
        emitItem(item, out);
        return;
    case notion::Parent::Kind::Unknown:
        attachToRoot(item, parentLabel(parent), out);
        return;
    case notion::Parent::Kind::Page:
    case notion::Parent::Kind::Database: {
        item.parentId = parent.id;
        item.parentType = parent.kind == notion::Parent::Kind::Page ? kPages : kDatabases;
        const auto found = m_emitted.constFind(parent.id);
        if (found != m_emitted.constEnd()) {
            item.parentType = found.value(); // trust what the parent really is
            emitItem(item, out);
            return;
        }
        m_waitingForParent[parent.id].append(Held{item, depth});
        return;
    }
    case notion::Parent::Kind::Block: {
        item.properties.insert(QStringLiteral("parentBlock"), parent.id);
        const auto resolved = m_blockParents.constFind(parent.id);
        if (resolved != m_blockParents.constEnd()) {
            if (resolved->kind == notion::Parent::Kind::Block &&
                depth + 1 > m_options.maxBlockDepth)
                attachToRoot(item, parentLabel(parent), out);
            else
                place(item, *resolved, depth + 1, out);
            return;
        }
        if (depth >= m_options.maxBlockDepth || (!m_blocksInFlight.contains(parent.id) &&
                                                 m_blockLookups >= m_options.maxBlockLookups)) {
            attachToRoot(item, parentLabel(parent), out);
            return;
        }
        m_waitingForBlock[parent.id].append(Held{item, depth});
        if (!m_blocksInFlight.contains(parent.id))
            requestBlock(parent.id, depth);
        return;
    }
    }
}

void NotionLoader::requestBlock(const QString &blockId, int depth)
{
    ++m_blockLookups;
    m_blocksInFlight.insert(blockId);
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/v1/blocks/") + blockId);
    request.tag = QStringLiteral("blocks");
    request.validate = [](const QJsonDocument &document) {
        const auto parent = notion::parseBlockParent(document);
        return parent.ok() ? QString() : parent.error().detail;
    };
    send(request, [this, blockId, depth](const Result<QJsonDocument> &result) {
        m_blocksInFlight.remove(blockId);
        notion::Parent parent; // Unknown when the block cannot be read
        if (result.ok())
            parent = notion::parseBlockParent(result.value()).value();
        else
            qCInfo(lcNotion).noquote() << "block parent unavailable:" << result.error().detail;
        if (!result.ok() && !m_error &&
            (result.error().kind == Error::Kind::ReconnectNeeded ||
             result.error().kind == Error::Kind::Unauthorized))
            m_error = result.error();
        m_blockParents.insert(blockId, parent);
        const QVector<Held> waiting = m_waitingForBlock.take(blockId);
        ItemBatch batch;
        for (const Held &held : waiting) {
            if (parent.kind == notion::Parent::Kind::Unknown)
                attachToRoot(held.item, QStringLiteral("block ") + blockId, batch);
            else
                place(held.item, parent, held.depth + 1, batch);
        }
        Q_UNUSED(depth);
        flush(batch);
        publishProgress();
        checkFinished();
    });
}

void NotionLoader::emitItem(const IntegrationItem &item, ItemBatch &out)
{
    // Breadth-first: the item, then whatever waited for it.
    QVector<IntegrationItem> queue{item};
    for (int i = 0; i < queue.size(); ++i) {
        IntegrationItem current = queue.at(i);
        if (m_emitted.contains(current.id))
            continue;
        m_emitted.insert(current.id, current.type);
        ++m_loaded[current.type];
        const QVector<Held> children = m_waitingForParent.take(current.id);
        out.append(current);
        for (const Held &child : children) {
            IntegrationItem c = child.item;
            c.parentType = current.type;
            c.parentName = current.name;
            queue.append(c);
        }
    }
}

void NotionLoader::attachToRoot(IntegrationItem item, const QString &missing, ItemBatch &out)
{
    item.parentId = kWorkspace;
    item.parentType = kWorkspace;
    item.parentName.clear();
    item.properties.insert(kMissingParent, missing);
    emitItem(item, out);
}

void NotionLoader::flush(ItemBatch &batch)
{
    if (batch.isEmpty())
        return;
    Q_EMIT itemsReady(batch);
    batch.clear();
}

void NotionLoader::settleOrphans()
{
    // Search is over and no block lookup is out: whoever still waits has a
    // parent that was never returned (not shared with the integration).
    ItemBatch batch;
    while (!m_waitingForParent.isEmpty()) {
        QSet<QString> heldIds;
        for (const auto &list : std::as_const(m_waitingForParent))
            for (const Held &h : list)
                heldIds.insert(h.item.id);
        QString key;
        for (auto it = m_waitingForParent.cbegin(); it != m_waitingForParent.cend(); ++it)
            if (!heldIds.contains(it.key())) {
                key = it.key();
                break;
            }
        if (key.isEmpty())
            key = m_waitingForParent.cbegin().key(); // a cycle: break it anywhere
        const QVector<Held> orphans = m_waitingForParent.take(key);
        for (const Held &h : orphans) {
            notion::Parent missing;
            missing.kind = h.item.parentType == kDatabases ? notion::Parent::Kind::Database
                                                           : notion::Parent::Kind::Page;
            missing.id = key;
            attachToRoot(h.item, parentLabel(missing), batch);
        }
    }
    for (auto it = m_waitingForBlock.begin(); it != m_waitingForBlock.end(); ++it)
        for (const Held &h : std::as_const(it.value()))
            attachToRoot(h.item, QStringLiteral("block ") + it.key(), batch);
    m_waitingForBlock.clear();
    if (!batch.isEmpty())
        qCInfo(lcNotion) << batch.size()
                         << "items attached to the workspace root (parent not shared)";
    flush(batch);
}

void NotionLoader::checkFinished()
{
    if (!m_running || m_searchInFlight || m_workspaceInFlight || !m_blocksInFlight.isEmpty())
        return;
    if (!m_searchDone && !m_error)
        return;
    if (m_searchDone)
        settleOrphans();
    finish(false);
}

void NotionLoader::finish(bool cancelled)
{
    m_running = false;
    const auto outstanding = m_outstanding;
    for (ApiClient::RequestId id : outstanding)
        m_client.cancel(id);
    m_outstanding.clear();
    m_searchInFlight = false;
    m_workspaceInFlight = false;
    m_blocksInFlight.clear();
    LoadOutcome outcome;
    outcome.cancelled = cancelled;
    outcome.types = progress().types;
    outcome.complete = !cancelled && m_searchDone && !m_error;
    outcome.error = m_error;
    if (cancelled && !outcome.error)
        outcome.error = Error(Error::Kind::Cancelled, tr("The load was cancelled."));
    qCInfo(lcNotion).noquote() << "load finished:" << (outcome.complete ? "complete" : "incomplete")
                               << progress().totalLoaded() << "items in" << m_clock.elapsed()
                               << "ms," << m_blockLookups << "block lookups";
    Q_EMIT finished(outcome);
}

void NotionLoader::cancel()
{
    if (!m_running)
        return;
    finish(true);
}

bool NotionLoader::canResume() const
{
    return !m_running && m_started && !m_searchDone && !m_types.isEmpty();
}

void NotionLoader::resume()
{
    if (!canResume())
        return;
    m_error = {};
    m_running = true;
    qCInfo(lcNotion) << "resuming";
    run();
}

LoadProgress NotionLoader::progress() const
{
    LoadProgress progress;
    const double seconds = std::max<qint64>(1, m_clock.isValid() ? m_clock.elapsed() : 1) / 1000.0;
    for (const QString &type : m_types) {
        TypeProgress t;
        t.type = type;
        t.loaded = m_loaded.value(type);
        t.pages = m_searchPages;
        // One search serves both types: its requests are counted once, on the first.
        t.requests = type == m_types.first() ? m_searchRequests : 0;
        t.requestsPerSecond = t.requests / seconds;
        t.done = m_searchDone && !m_running && !m_error;
        t.error = m_searchDone ? Error() : m_error;
        progress.types.append(t);
    }
    progress.requestsPerSecond = m_searchRequests / seconds;
    return progress;
}

void NotionLoader::publishProgress()
{
    Q_EMIT progressChanged(progress());
}

} // namespace desk
