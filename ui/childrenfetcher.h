#pragma once

// ChildrenFetcher: loads the children of lazy containers (containers whose children come on demand)
// when the window asks, through the connection, and keeps the tree model's stub rows in step
// (Loading, Loaded, Failed, back to NotLoaded when cancelled). Nothing fetches by itself: the
// window calls fetch() when the user expands a row.

#include "common/error.h"
#include "connection/connection.h"
#include "items/itemrow.h"

#include <QObject>
#include <QPointer>

namespace desk {

class ItemSource;
class ItemTreeModel;

class ChildrenFetcher : public QObject
{
    Q_OBJECT
public:
    ChildrenFetcher(ItemTreeModel &model, const ItemSource *items, QObject *parent = nullptr);

    // Where the full items of containers are read (the integration on screen).
    void setSource(const ItemSource *items) { m_items = items; }

    // The connection that fetches (the integration on screen); null = none.
    void setConnection(Connection *connection);
    Connection *connection() const { return m_loader.data(); }

    // True when `key` is a lazy container whose children are neither loaded nor loading.
    bool canFetch(const ItemKey &key) const;
    // Starts loading; false when there is nothing to start.
    bool fetch(const ItemKey &key);
    int running() const { return int(m_running.size()); }

Q_SIGNALS:
    void started(const QString &type, const QString &id);
    // error.kind Cancelled when cancelled; empty when every child arrived.
    void finished(const QString &type, const QString &id, const desk::Error &error);

private:
    void onChildrenFinished(const ItemKey &parent, const Error &error);

    ItemTreeModel &m_model;
    const ItemSource *m_items = nullptr;
    QPointer<Connection> m_loader;
    QMetaObject::Connection m_connection;
    QVector<ItemKey> m_running;
};

} // namespace desk
