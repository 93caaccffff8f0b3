// Notion's load plan: the workspace root, search (everything, or the changes
// and the trash since the token), databases, trashed rows of trashed data
// sources, and the hierarchy (block lookups, parents outside a refresh).
#include "providers/notion/notionplan.h"

#include "providers/notion/notionapi.h"
#include "providers/notion/notionpage.h"
#include "providers/notion/notionsync.h"

#include <QCoreApplication>
#include <memory>

namespace desk::notion {

namespace {

using State = std::shared_ptr<LoadState>;

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::Notion", text);
}

// What an object hangs under, for the hierarchy assembler.
ParentRef parentRef(const Parent &parent)
{
    switch (parent.kind) {
    case Parent::Kind::Workspace:
        return ParentRef::root();
    case Parent::Kind::Page:
        return ParentRef::item(parent.id, kPages, QStringLiteral("page ") + parent.id);
    case Parent::Kind::Database:
        return ParentRef::item(parent.id, kDatabases, QStringLiteral("database ") + parent.id);
    case Parent::Kind::DataSource:
        return ParentRef::item(parent.id, kDataSources, QStringLiteral("data source ") + parent.id);
    case Parent::Kind::Block:
        return ParentRef::lookup(parent.id, QStringLiteral("block ") + parent.id);
    case Parent::Kind::Unknown:
        break;
    }
    return ParentRef::unknown(parent.type.isEmpty() ? QStringLiteral("unknown")
                                                    : parent.type + QLatin1Char(' ') + parent.id);
}

QStringList searchTypes(const State &state)
{
    return state->objectFilter.isEmpty() ? QStringList{kPages, kDataSources}
                                         : QStringList{kDataSources};
}

StreamSpec databaseStream(const State &state, const QString &id);
StreamSpec trashedRowsStream(const State &state, const QString &dataSourceId);

// Once per emitted page: what the token and the parents outside a refresh
// need; a renamed parent makes an incremental refresh read everything.
void recordPage(const State &state, StreamPage &page);

StreamSpec workspaceStream(const State &state)
{
    StreamSpec stream;
    stream.key = kWorkspace;
    stream.request = [](const QString &) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/v1/users/me"));
        return request;
    };
    stream.read = [](const QJsonDocument &document) -> Result<StreamPage> {
        StreamPage page;
        page.items.append(workspaceItem(document.object()
                                            .value(QStringLiteral("bot"))
                                            .toObject()
                                            .value(QStringLiteral("workspace_name"))
                                            .toString()));
        page.parents.append(ParentRef::root());
        return page;
    };
    stream.recover = [](const Error &error) -> std::optional<StreamPage> {
        if (isAuthError(error))
            return std::nullopt; // nothing else would load either
        StreamPage page;         // the root is then called "Workspace"
        page.items.append(workspaceItem(QString()));
        page.parents.append(ParentRef::root());
        return page;
    };
    stream.finishPage = [state](StreamPage &page) { recordPage(state, page); };
    return stream;
}

// One object of a search or query page: shown, removed, or (changes only)
// older than the cutoff, which ends the list.
bool takeObject(const State &state, const Object &object, bool changesOnly, StreamPage &page)
{
    state->sawEdit(object.edited);
    if (changesOnly && !state->changed(object.edited))
        return false;
    if (object.kind == Object::Kind::Database) {
        // Only versions before data sources return databases in search.
        page.spawn.append(databaseStream(state, object.id));
        return true;
    }
    if (object.inTrash) {
        // Not live: never shown; a refresh that meets it reports it gone.
        if (changesOnly)
            page.removed.append(ItemKey{itemType(object.kind), object.id});
        return true;
    }
    if (object.kind == Object::Kind::DataSource && object.parent.kind == Parent::Kind::Database)
        page.spawn.append(databaseStream(state, object.parent.id));
    page.items.append(toItem(object));
    page.parents.append(parentRef(object.parent));
    return true;
}

// POST /v1/search: everything (ascending) or, for a refresh, the changes
// (descending, to the cutoff).
StreamSpec searchStream(const State &state, const QString &key, bool changesOnly)
{
    StreamSpec stream;
    stream.key = key;
    stream.itemTypes = searchTypes(state);
    stream.type = stream.itemTypes.first();
    // Databases; in a refresh also trashed rows and everything (a renamed parent).
    stream.spawnsTypes = {kDatabases};
    if (state->incremental)
        stream.spawnsTypes += searchTypes(state);
    stream.incremental = changesOnly;
    stream.request = [state, changesOnly](const QString &cursor) {
        return searchRequest(cursor, state->pageSize, state->objectFilter, false, changesOnly);
    };
    stream.read = [state, changesOnly](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        bool more = parsed.value().hasMore;
        for (const Object &object : std::as_const(parsed.value().results))
            more = takeObject(state, object, changesOnly, page) && more;
        page.nextCursor = more ? parsed.value().nextCursor : QString();
        return page;
    };
    stream.finishPage = [state](StreamPage &page) { recordPage(state, page); };
    return stream;
}

// Search with in_trash, newest first, to the cutoff: what went to the trash.
StreamSpec trashStream(const State &state)
{
    StreamSpec stream;
    stream.key = QStringLiteral("trash");
    stream.itemTypes = searchTypes(state);
    stream.type = stream.itemTypes.first();
    stream.spawnsTypes = {kPages};
    stream.incremental = true;
    stream.request = [state](const QString &cursor) {
        return searchRequest(cursor, state->pageSize, state->objectFilter, true, true);
    };
    stream.read = [state](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        bool more = parsed.value().hasMore;
        for (const Object &object : std::as_const(parsed.value().results)) {
            state->sawEdit(object.edited);
            if (!state->changed(object.edited)) {
                more = false;
                continue;
            }
            if (!object.inTrash || object.kind == Object::Kind::Database)
                continue; // a server that ignored the filter: not trash
            page.removed.append(ItemKey{itemType(object.kind), object.id});
            if (object.kind == Object::Kind::DataSource)
                page.spawn.append(trashedRowsStream(state, object.id));
        }
        page.nextCursor = more ? parsed.value().nextCursor : QString();
        return page;
    };
    stream.finishPage = [state](StreamPage &page) { recordPage(state, page); };
    return stream;
}

// POST /v1/data_sources/{id}/query with in_trash: the rows of a trashed data
// source, removed.
StreamSpec trashedRowsStream(const State &state, const QString &dataSourceId)
{
    StreamSpec stream;
    stream.key = QStringLiteral("trash:") + dataSourceId;
    stream.type = kPages;
    stream.itemTypes = {kPages};
    stream.incremental = true;
    stream.request = [state, dataSourceId](const QString &cursor) {
        return queryRequest(dataSourceId, cursor, state->pageSize,
                            QJsonObject{{QStringLiteral("in_trash"), true}});
    };
    stream.read = [state](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        for (const Object &object : std::as_const(parsed.value().results)) {
            state->sawEdit(object.edited);
            if (object.inTrash && object.kind == Object::Kind::Page)
                page.removed.append(ItemKey{kPages, object.id});
        }
        page.nextCursor = parsed.value().hasMore ? parsed.value().nextCursor : QString();
        return page;
    };
    stream.recover = [](const Error &error) -> std::optional<StreamPage> {
        if (isGone(error))
            return StreamPage(); // nothing left to remove through it
        return std::nullopt;
    };
    stream.finishPage = [state](StreamPage &page) { recordPage(state, page); };
    return stream;
}

// A database read (or found gone): the page that shows it, or removes it and
// what the token knew of its data sources.
StreamPage databasePage(const State &state, const QString &id, const std::optional<Object> &read)
{
    StreamPage page;
    const bool known = state->incremental && state->previous.databases.contains(id);
    const QStringList before = state->previous.databases.value(id);
    const bool gone = !read || read->inTrash || read->dataSources.isEmpty();
    if (gone) {
        if (known)
            page.removed.append(ItemKey{kDatabases, id});
    } else if (!known || state->changed(read->edited)) {
        page.items.append(toItem(*read));
        page.parents.append(parentRef(read->parent));
    }
    for (const QString &source : before) {
        if (!gone && read->dataSources.contains(source))
            continue;
        page.removed.append(ItemKey{kDataSources, source});
        if (read) // a data source gone from its database: its rows go as well
            page.spawn.append(trashedRowsStream(state, source));
    }
    return page;
}

StreamSpec databaseStream(const State &state, const QString &id)
{
    auto read = std::make_shared<std::optional<Object>>();
    StreamSpec stream;
    stream.key = QStringLiteral("database:") + id;
    stream.type = kDatabases;
    stream.incremental = state->incremental;
    if (state->incremental) // trashed rows; everything when it was renamed
        stream.spawnsTypes = searchTypes(state) + QStringList{kPages};
    stream.request = [id](const QString &) { return retrieveRequest(kDatabases, id); };
    stream.read = [state, id, read](const QJsonDocument &document) -> Result<StreamPage> {
        auto object = parseObjectDocument(document);
        if (!object.ok())
            return object.error();
        if (object.value().kind != Object::Kind::Database || object.value().id != id)
            return Error(Error::Kind::BadResponse, tr("Notion sent data that could not be read."),
                         QStringLiteral("notion: databases/%1 is not that database").arg(id));
        state->sawEdit(object.value().edited);
        *read = object.value();
        return databasePage(state, id, *read);
    };
    stream.recover = [state, id, read](const Error &error) -> std::optional<StreamPage> {
        if (!isGone(error))
            return std::nullopt;
        read->reset(); // not shared (any more): its data sources become orphans
        return databasePage(state, id, std::nullopt);
    };
    stream.finishPage = [state, id, read](StreamPage &page) {
        if (*read && !(*read)->inTrash && !(*read)->dataSources.isEmpty()) {
            state->databases.insert(id, (*read)->dataSources);
            const IntegrationItem item = toItem(**read);
            // Read but unchanged (not shown again): still the parent of its sources.
            if (page.items.isEmpty())
                state->names.insert(id, KnownParent{kDatabases, item.name});
        }
        recordPage(state, page);
    };
    return stream;
}

void recordPage(const State &state, StreamPage &page)
{
    bool renamed = false;
    for (int i = 0; i < page.items.size(); ++i)
        renamed = state->sawLive(page.items.at(i), page.parents.value(i)) || renamed;
    // Removed unless this load read it live (moved, or back from the trash).
    page.removed.erase(
        std::remove_if(page.removed.begin(), page.removed.end(),
                       [&state](const ItemKey &key) { return state->names.contains(key.id); }),
        page.removed.end());
    for (const ItemKey &key : std::as_const(page.removed))
        state->removed.insert(key.id);
    if (renamed && !state->readsEverything) {
        state->readsEverything = true;
        page.spawn.append(searchStream(state, QStringLiteral("search:all"), false));
    }
}

HierarchySpec hierarchy(const State &state)
{
    HierarchySpec spec;
    spec.root = ItemKey{kWorkspace, kWorkspace};
    spec.lookupRequest = [](const QString &blockId) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/v1/blocks/") + blockId);
        request.tag = QStringLiteral("blocks");
        return request;
    };
    spec.readLookup = [state](const QJsonDocument &document) -> Result<ParentRef> {
        auto parent = parseBlockParent(document);
        if (!parent.ok())
            return parent.error();
        const QString block = normalizeId(document.object().value(QStringLiteral("id")).toString());
        if (!block.isEmpty() && !parent.value().id.isEmpty())
            state->blockParents.insert(block, parent.value().id);
        return parentRef(parent.value());
    };
    spec.orphanProblem = [](const QString &parent) {
        return tr("Its parent (%1) is not shared with the integration, so it is shown under the "
                  "workspace.")
            .arg(parent);
    };
    if (!state->incremental)
        return spec;
    spec.knownParent = [state](const ItemKey &parent) { return state->known(parent.id); };
    spec.parentRequest = [](const ItemKey &parent) {
        ApiRequest request = retrieveRequest(parent.type, parent.id);
        request.tag = QStringLiteral("parents");
        return request;
    };
    spec.readParent = [state](const QJsonDocument &document) -> Result<std::optional<KnownParent>> {
        auto object = parseObjectDocument(document);
        if (!object.ok())
            return object.error();
        if (object.value().inTrash)
            return std::optional<KnownParent>(); // in the trash: its children are orphans
        const IntegrationItem item = toItem(object.value());
        const KnownParent parent{item.type, item.name};
        state->names.insert(item.id, parent); // the token keeps it from now on
        return std::optional<KnownParent>(parent);
    };
    return spec;
}

// The token every requested type holds, when they agree and it is readable.
std::optional<SyncToken> commonToken(const PlanContext &context)
{
    QString text;
    for (const QString &type : context.request.objectTypes) {
        const QString token = context.request.syncStates.value(type).token;
        if (token.isEmpty() || (!text.isEmpty() && token != text))
            return std::nullopt;
        text = token;
    }
    return text.isEmpty() ? std::nullopt : SyncToken::decode(text);
}

} // namespace

LoadPlan plan(const PlanContext &context)
{
    auto state = std::make_shared<LoadState>();
    state->pageSize = pageSize(context.tuning);
    // Rows are pages under data sources: pages come with both container types
    // (prerequisites), so without pages only data sources are searched.
    state->objectFilter = context.wants(kPages) ? QString() : QStringLiteral("data_source");
    if (context.request.mode == LoadMode::Incremental)
        if (std::optional<SyncToken> token = commonToken(context)) {
            state->incremental = true;
            state->previous = *token;
            state->cutoff = token->mark.addMSecs(-kOverlapMs);
        }
    LoadPlan plan;
    plan.references.append(workspaceStream(state));
    if (state->incremental) {
        plan.streams.append(searchStream(state, QStringLiteral("changes"), true));
        plan.streams.append(trashStream(state));
        for (auto it = state->previous.databases.cbegin(); it != state->previous.databases.cend();
             ++it)
            plan.streams.append(databaseStream(state, it.key()));
    } else {
        plan.streams.append(searchStream(state, QStringLiteral("search"), false));
    }
    plan.hierarchy = hierarchy(state);
    plan.syncToken = [state](const QString &) { return state->token(); };
    return plan;
}

} // namespace desk::notion
