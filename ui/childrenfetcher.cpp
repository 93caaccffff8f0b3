// ChildrenFetcher: on-demand children through the connection, reported to the model.
#include "childrenfetcher.h"

#include "connection/connection.h"
#include "items/itemsource.h"
#include "itemtreemodel.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcChildren, "desk.ui.children")

namespace desk {

using State = ItemTreeModel::ChildrenState;

ChildrenFetcher::ChildrenFetcher(ItemTreeModel &model, const ItemSource *items, QObject *parent)
    : QObject(parent), m_model(model), m_items(items)
{}

void ChildrenFetcher::setConnection(Connection *connection)
{
    if (m_loader == connection)
        return;
    QObject::disconnect(m_connection);
    m_loader = connection;
    m_running.clear();
    if (connection)
        m_connection = connect(connection, &Connection::childrenFinished, this,
                               &ChildrenFetcher::onChildrenFinished);
}

bool ChildrenFetcher::canFetch(const ItemKey &key) const
{
    const State state = m_model.childrenState(key);
    return m_loader && (state == State::NotLoaded || state == State::Failed);
}

bool ChildrenFetcher::fetch(const ItemKey &key)
{
    if (!canFetch(key))
        return false;
    const std::optional<IntegrationItem> item =
        m_items ? m_items->item(key) : std::optional<IntegrationItem>();
    if (!item || !m_loader->canFetchChildren(*item))
        return false;
    m_running.append(key);
    m_model.setChildrenState(key, State::Loading);
    qCInfo(lcChildren) << "loading the children of" << key.type << key.id;
    Q_EMIT started(key.type, key.id);
    m_loader->fetchChildren(*item); // may report at once
    return true;
}

void ChildrenFetcher::onChildrenFinished(const ItemKey &parent, const Error &error)
{
    const QString &parentId = parent.id;
    const auto it = std::find_if(m_running.begin(), m_running.end(),
                                 [&](const ItemKey &key) { return key.id == parentId; });
    if (it == m_running.end()) {
        // Children that the load itself brought (no fetch of ours): loaded.
        if (!error.isError())
            for (const TypePresentation &type : m_model.presentation().types)
                if (type.lazyChildren)
                    m_model.setChildrenState({type.id, parentId}, State::Loaded);
        return;
    }
    const ItemKey key = *it;
    m_running.erase(it);
    if (!error.isError())
        m_model.setChildrenState(key, State::Loaded);
    else if (error.kind == Error::Kind::Cancelled)
        m_model.setChildrenState(key, State::NotLoaded);
    else
        m_model.setChildrenState(key, State::Failed, error);
    Q_EMIT finished(key.type, key.id, error);
}

} // namespace desk
