#include "providers/notion/notionplan.h"

#include "providers/notion/notionpage.h"
#include "providers/notion/notionspec.h"
#include "providers/providerkit.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace desk::notion {

namespace {

const QString kPages = QStringLiteral("pages");
const QString kDatabases = QStringLiteral("databases");
const QString kWorkspace = QStringLiteral("workspace");
constexpr int kMaxPageSize = 100;
constexpr int kRequestsPerSecond = 3; // Notion's documented average per connection

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::Notion", text);
}

bool isAuthError(const Error &error)
{
    return error.kind == Error::Kind::ReconnectNeeded || error.kind == Error::Kind::Unauthorized;
}

// What an object hangs under, for the hierarchy assembler: the workspace root,
// a page or database, a block to look up, or nothing known.
ParentRef parentRef(const Parent &parent)
{
    switch (parent.kind) {
    case Parent::Kind::Workspace:
        return ParentRef::root();
    case Parent::Kind::Page:
        return ParentRef::item(parent.id, QStringLiteral("pages"),
                               QStringLiteral("page ") + parent.id);
    case Parent::Kind::Database:
        return ParentRef::item(parent.id, QStringLiteral("databases"),
                               QStringLiteral("database ") + parent.id);
    case Parent::Kind::Block:
        return ParentRef::lookup(parent.id, QStringLiteral("block ") + parent.id);
    case Parent::Kind::Unknown:
        break;
    }
    return ParentRef::unknown(QStringLiteral("unknown"));
}

StreamSpec workspaceStream()
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
        return page;
    };
    stream.recover = [](const Error &error) -> std::optional<StreamPage> {
        if (isAuthError(error))
            return std::nullopt; // nothing else would load either
        StreamPage page;         // the root is then called "Workspace"
        page.items.append(workspaceItem(QString()));
        return page;
    };
    return stream;
}

StreamSpec searchStream(const PlanContext &context)
{
    const int pageSize = context.tuning.pageSize > 0
                             ? qBound(1, context.tuning.pageSize, kMaxPageSize)
                             : kMaxPageSize;
    const QStringList types = context.request.objectTypes;
    const QString filter = types.size() != 1         ? QString()
                           : types.first() == kPages ? QStringLiteral("page")
                                                     : QStringLiteral("database");
    StreamSpec stream;
    stream.key = QStringLiteral("search");
    stream.type = types.value(0, kPages);
    stream.itemTypes = types;
    stream.request = [pageSize, filter](const QString &cursor) {
        QJsonObject body{{QStringLiteral("page_size"), pageSize}};
        if (!filter.isEmpty())
            body.insert(QStringLiteral("filter"),
                        QJsonObject{{QStringLiteral("property"), QStringLiteral("object")},
                                    {QStringLiteral("value"), filter}});
        if (!cursor.isEmpty())
            body.insert(QStringLiteral("start_cursor"), cursor);
        ApiRequest request;
        request.verb = QByteArrayLiteral("POST");
        request.url = QUrl(QStringLiteral("/v1/search"));
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return request;
    };
    stream.read = [](const QJsonDocument &document) -> Result<StreamPage> {
        auto parsed = parseSearchPage(document);
        if (!parsed.ok())
            return parsed.error();
        StreamPage page;
        for (const Object &object : std::as_const(parsed.value().results)) {
            page.items.append(toItem(object));
            page.parents.append(parentRef(object.parent));
        }
        page.nextCursor = parsed.value().hasMore ? parsed.value().nextCursor : QString();
        return page;
    };
    return stream;
}

HierarchySpec hierarchy()
{
    HierarchySpec spec;
    spec.root = ItemKey{kWorkspace, kWorkspace};
    spec.lookupRequest = [](const QString &blockId) {
        ApiRequest request;
        request.url = QUrl(QStringLiteral("/v1/blocks/") + blockId);
        request.tag = QStringLiteral("blocks");
        return request;
    };
    spec.readLookup = [](const QJsonDocument &document) -> Result<ParentRef> {
        auto parent = parseBlockParent(document);
        if (!parent.ok())
            return parent.error();
        return parentRef(parent.value());
    };
    spec.orphanProblem = [](const QString &parent) {
        return tr("Its parent (%1) is not shared with the integration, so it is shown under the "
                  "workspace.")
            .arg(parent);
    };
    spec.maxLookups = 200;
    spec.maxDepth = 4;
    return spec;
}

} // namespace

LoadPlan plan(const PlanContext &context)
{
    LoadPlan plan;
    plan.references.append(workspaceStream());
    plan.streams.append(searchStream(context));
    plan.hierarchy = hierarchy();
    return plan;
}

ApiDialect dialect(const LoadTuning &tuning)
{
    ApiDialect d;
    d.readError = &readPlainErrorBody; // {"object":"error","code":"...","message":"..."}
    d.defaultHeaders = {{"Notion-Version", kVersion}};
    // Evenly spaced (one request per 1/rate s) rather than bursts of `rate` per
    // second: Notion's bucket is shared with calls the pacer does not see (the
    // sign-in's users/me, another window of the app), and spaced requests always
    // find a token as long as those are few.
    const int rate = tuning.requestsPerSecond > 0 ? tuning.requestsPerSecond : kRequestsPerSecond;
    d.pacing = providerkit::fixedWindowPacing(1, (1000 + rate - 1) / rate);
    return d;
}

} // namespace desk::notion
