// LoadEngine: what goes beside the pages — request counting, totals, the
// hierarchy's lookups, and child streams loaded on demand.
#include "engine/loadengine_p.h"

#include <QLoggingCategory>

namespace desk {

namespace {
Q_LOGGING_CATEGORY(lcExtras, "desk.core.engine.extras", QtInfoMsg)
} // namespace

void LoadEngine::Private::countExchange(ApiClient::RequestId id)
{
    const auto it = out.constFind(id);
    if (it == out.cend() || it->child)
        return;
    if (TypeRun *type = it->countsFor.isEmpty() ? nullptr : typeRun(it->countsFor))
        ++type->requests;
    else
        ++sharedRequests;
}

// ---- totals -------------------------------------------------------------------

void LoadEngine::Private::maybeAskTotal(const StreamRun &run)
{
    if (run.role != StreamRun::Role::Items || run.exhausted)
        return; // a type whose first page is its last needs no request to know its total
    const auto spec = totals.constFind(run.spec.type);
    TypeRun *type = typeRun(run.spec.type);
    if (spec == totals.cend() || !type || type->totalAsked)
        return;
    type->totalAsked = true;
    ApiRequest request = spec->request;
    if (request.tag.isEmpty())
        request.tag = type->type;
    const QString name = type->type;
    type->totalOut = send<qint64>(request, spec->read, RequestOwner{name, false},
                                  [this, name](ApiClient::RequestId, Result<qint64> result) {
                                      onTotal(name, std::move(result));
                                  });
}

void LoadEngine::Private::onTotal(const QString &typeName, Result<qint64> result)
{
    TypeRun *type = typeRun(typeName);
    if (!type)
        return;
    type->totalOut = 0;
    if (result.ok())
        type->total = result.value();
    else // totals are a nicety: the count is known once every page is in
        qCInfo(lcExtras).noquote() << typeName << "total unavailable:" << result.error().detail;
    reportCompleted();
    publishProgress();
    checkFinished();
}

// ---- hierarchy ----------------------------------------------------------------

void LoadEngine::Private::askLookups()
{
    if (!assembler || !hierarchy || !running)
        return;
    QString countsFor;
    for (const QString &key : std::as_const(order))
        if (streams.at(key)->role == StreamRun::Role::Items) {
            countsFor = streams.at(key)->spec.type;
            break;
        }
    const QStringList keys = assembler->takeLookups();
    for (const QString &key : keys) {
        ApiRequest request = hierarchy->lookupRequest(key);
        if (request.tag.isEmpty())
            request.tag = QStringLiteral("lookup");
        const ApiClient::RequestId id =
            send<ParentRef>(request, hierarchy->readLookup, RequestOwner{countsFor, false},
                            [this](ApiClient::RequestId id, Result<ParentRef> result) {
                                onLookup(id, std::move(result));
                            });
        lookupsOut.insert(id, key);
    }
}

void LoadEngine::Private::onLookup(ApiClient::RequestId id, Result<ParentRef> result)
{
    const QString key = lookupsOut.take(id);
    if (!assembler)
        return;
    ParentRef parent = ParentRef::unknown({});
    if (result.ok()) {
        parent = result.value();
    } else {
        qCInfo(lcExtras).noquote() << "lookup" << key << "unavailable:" << result.error().detail;
        // Without a valid sign-in nothing else will load either.
        if (!loadError && (result.error().kind == Error::Kind::ReconnectNeeded ||
                           result.error().kind == Error::Kind::Unauthorized))
            loadError = result.error();
    }
    ItemBatch released;
    assembler->resolve(key, parent, released);
    emitItems(std::move(released), nullptr);
    askLookups();
    publishProgress();
    checkFinished();
}

// Incremental loads: parents that never came are asked for (known to the
// provider, or read) before their children settle as orphans. True when
// requests went out (the load finishes once they are in).
bool LoadEngine::Private::askMissingParents()
{
    if (parentsAsked || !hierarchy || (!hierarchy->knownParent && !hierarchy->parentRequest))
        return false;
    parentsAsked = true;
    QString countsFor;
    for (const QString &key : std::as_const(order))
        if (streams.at(key)->role == StreamRun::Role::Items) {
            countsFor = streams.at(key)->spec.type;
            break;
        }
    ItemBatch released;
    const QVector<ItemKey> missing = assembler->missingParents();
    for (const ItemKey &parent : missing) {
        if (hierarchy->knownParent)
            if (const std::optional<KnownParent> known = hierarchy->knownParent(parent)) {
                assembler->resolveMissingParent(parent.id, known, released);
                continue;
            }
        if (!hierarchy->parentRequest || !hierarchy->readParent) {
            assembler->resolveMissingParent(parent.id, std::nullopt, released);
            continue;
        }
        ApiRequest request = hierarchy->parentRequest(parent);
        if (request.tag.isEmpty())
            request.tag = QStringLiteral("parent");
        const ApiClient::RequestId id = send<std::optional<KnownParent>>(
            request, hierarchy->readParent, RequestOwner{countsFor, false},
            [this](ApiClient::RequestId id, Result<std::optional<KnownParent>> result) {
                onMissingParent(id, std::move(result));
            });
        parentsOut.insert(id, parent.id);
    }
    emitItems(std::move(released), nullptr);
    return !parentsOut.isEmpty();
}

void LoadEngine::Private::onMissingParent(ApiClient::RequestId id,
                                          Result<std::optional<KnownParent>> result)
{
    const QString parentId = parentsOut.take(id);
    if (!assembler)
        return;
    std::optional<KnownParent> parent;
    if (result.ok()) {
        parent = result.value();
    } else {
        const int status = result.error().httpStatus;
        if (status != 404 && status != 403 && status != 410) {
            // Not "gone": an orphan now would be wrong; read it again next time.
            abortLoad(result.error());
            return;
        }
    }
    ItemBatch released;
    assembler->resolveMissingParent(parentId, parent, released);
    emitItems(std::move(released), nullptr);
    publishProgress();
    checkFinished();
}

void LoadEngine::Private::settleHierarchy()
{
    if (askMissingParents())
        return;
    ItemBatch orphans;
    assembler->settle(orphans);
    settled = true;
    if (!orphans.isEmpty())
        qCInfo(lcExtras) << orphans.size()
                         << "items put under the root (their parent was not found)";
    emitItems(std::move(orphans), nullptr);
}

// ---- children on demand -------------------------------------------------------

void LoadEngine::Private::startChildren(const IntegrationItem &parent)
{
    PlanContext childContext = context;
    childContext.profile = profile;
    childContext.tuning = tuning;
    std::optional<StreamSpec> spec = definition.children(parent, childContext);
    if (!spec)
        return;
    if (spec->parentId.isEmpty())
        spec->parentId = parent.id;
    if (spec->key.isEmpty())
        spec->key = QStringLiteral("children:") + parent.type + QLatin1Char('/') + parent.id;
    if (findStream(spec->key, true))
        return; // already loading: its childrenFinished() will come
    auto run = std::make_unique<StreamRun>();
    run->spec = *spec;
    run->role = StreamRun::Role::Children;
    StreamRun &ref = *run;
    children[spec->key] = std::move(run);
    requestPage(ref, true);
}

void LoadEngine::Private::endChildren(StreamRun &run, const Error &error)
{
    const QString parentId = run.spec.parentId;
    if (error && error.kind != Error::Kind::Cancelled)
        qCWarning(lcExtras).noquote() << "children of" << parentId
                                      << "stopped:" << Error::kindName(error.kind) << error.detail;
    // On-demand fetches start over the next time.
    children.erase(run.spec.key);
    Q_EMIT q->childrenFinished(parentId, error);
}

void LoadEngine::Private::cancelChildren()
{
    for (auto it = out.begin(); it != out.end();) {
        if (!it->child) {
            ++it;
            continue;
        }
        client.cancel(it.key());
        it = out.erase(it);
    }
    const Error cancelled(Error::Kind::Cancelled, tr("The load was cancelled."));
    QStringList parents;
    for (const auto &entry : children)
        parents.append(entry.second->spec.parentId);
    children.clear();
    for (const QString &parentId : std::as_const(parents))
        Q_EMIT q->childrenFinished(parentId, cancelled);
}

} // namespace desk
