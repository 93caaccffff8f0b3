#pragma once

#include "common/error.h"
#include "items/integrationitem.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVector>

namespace desk {

struct LoadRequest
{
    QStringList objectTypes;                     // empty = the provider's defaults
    QHash<QString, QStringList> extraProperties; // type -> extra property names
    QString accountId; // the signed-in account (HubSpot hub id): used for object URLs; may be empty
};

struct TypeProgress
{
    QString type;
    int loaded = 0;
    int pages = 0;
    int total = -1;                 // -1 when the provider does not say
    int requests = 0;               // HTTP exchanges for this type, retries included
    double requestsPerSecond = 0.0; // requests / seconds since the load started
    bool done = false;
    Error error; // set when this type stopped incomplete
};

struct LoadProgress
{
    QVector<TypeProgress> types;
    double requestsPerSecond = 0.0;
    int totalLoaded() const
    {
        int sum = 0;
        for (const auto &t : types)
            sum += t.loaded;
        return sum;
    }
};

struct LoadOutcome
{
    bool complete = false;  // every requested type loaded to its last page
    bool cancelled = false; // the user cancelled
    QVector<TypeProgress> types;
    Error error; // the first error, for a one-line summary; empty when complete
};

// Streams one account's items. Emits itemsReady() batch by batch, progressChanged()
// as pages arrive, then finished() exactly once. A failure never discards items
// already emitted; resume() continues incomplete types from their kept cursors.
class ItemLoader : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start(const LoadRequest &request) = 0;
    virtual void cancel() = 0;
    virtual bool canResume() const = 0;
    virtual void resume() = 0;

    // --- extensions (issue 6): children loaded on demand ---
    // Some containers are not filled by start() because their children are many
    // and only wanted when the user opens them (Airtable: the records of a
    // table). canFetchChildren() says whether `parent` (an item this loader
    // emitted) is such a container; fetchChildren() then loads its children:
    // they arrive through itemsReady() (parentId = parent.id, parentType =
    // parent.type) page by page, followed by exactly one
    // childrenFinished(parent.id, error) — error empty when every child was
    // emitted. Calling it again for a parent whose fetch is running does
    // nothing; calling it after it finished loads the children again (what was
    // emitted before is emitted again; callers replace, not append).
    // fetchChildren() works whether or not a start() load is running, and
    // cancel() stops it too (childrenFinished with kind Cancelled).
    // Defaults: no such containers; fetchChildren() reports Configuration.
    virtual bool canFetchChildren(const desk::IntegrationItem &parent) const
    {
        Q_UNUSED(parent);
        return false;
    }
    virtual void fetchChildren(const desk::IntegrationItem &parent)
    {
        const QString id = parent.id;
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                Q_EMIT childrenFinished(id, Error(Error::Kind::Configuration,
                                                  tr("These items have no children to load."),
                                                  QStringLiteral("fetchChildren not supported")));
            },
            Qt::QueuedConnection);
    }

protected:
    // The Configuration error for object types the provider does not have.
    static Error unknownTypesError(const QString &serviceName, const QStringList &unknown,
                                   const QStringList &supported);

Q_SIGNALS:
    void itemsReady(const desk::ItemBatch &items);
    void progressChanged(const desk::LoadProgress &progress);
    void finished(const desk::LoadOutcome &outcome);
    // The end of one fetchChildren(parent) (see there).
    void childrenFinished(const QString &parentId, const desk::Error &error);
};

} // namespace desk

Q_DECLARE_METATYPE(desk::LoadProgress)
Q_DECLARE_METATYPE(desk::LoadOutcome)
