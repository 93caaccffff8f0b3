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
    QStringList objectTypes;                    // empty = the provider's defaults
    QHash<QString, QStringList> extraProperties; // type -> extra property names
    QString accountId; // the signed-in account (HubSpot hub id): used for object URLs; may be empty
};

struct TypeProgress
{
    QString type;
    int loaded = 0;
    int pages = 0;
    int total = -1; // -1 when the provider does not say
    int requests = 0;                // HTTP exchanges for this type, retries included
    double requestsPerSecond = 0.0;  // requests / seconds since the load started
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

Q_SIGNALS:
    void itemsReady(const desk::ItemBatch &items);
    void progressChanged(const desk::LoadProgress &progress);
    void finished(const desk::LoadOutcome &outcome);
};

} // namespace desk

Q_DECLARE_METATYPE(desk::LoadProgress)
Q_DECLARE_METATYPE(desk::LoadOutcome)
