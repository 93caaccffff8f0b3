#pragma once

// Airtable loads on the engine against a sandbox, for the tests of expired
// offsets, pacing and incremental refresh: a load with a personal access token
// or an OAuth token, what it emitted, an ItemStore written the way the
// Connection writes one, the sandbox's change-set endpoint and its request log.

#include "engine/loadengine.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/providerspec.h"
#include "store/itemstore.h"
#include "support/httpprobe.h"
#include "support/sandboxprocess.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <functional>
#include <memory>
#include <optional>

namespace attest {

inline const QByteArray kPat = "pat-airtable-client-test";

// Sandbox arguments: the data's size, the PAT, then `extra`.
QStringList dataArgs(int bases, int tables, int records, const QStringList &extra = {});

const desk::ProviderSpec &airtable();
// bases, tables, records: what a load of records reads.
QStringList allTypes();

// One engine on its own ApiClient, collecting what it emits.
struct AirtableLoad
{
    AirtableLoad(SandboxProcess &sandbox, desk::AccessTokenProvider &tokens);
    ~AirtableLoad();

    // Starts a load and waits for finished().
    const desk::LoadOutcome &run(const desk::LoadRequest &request, int timeoutMs = 90000);
    static desk::LoadRequest records(desk::LoadMode mode = desk::LoadMode::Full,
                                     const desk::SyncStates &states = {});
    const desk::TypeProgress *type(const QString &name) const;
    // How often each item of `type` was emitted.
    QHash<QString, int> timesEmitted(const QString &type) const;
    int requests() const; // every exchange of the last load (types and shared)

    SandboxProcess &sandbox;
    QNetworkAccessManager network;
    desk::ApiClient client;
    desk::LoadEngine *engine = nullptr; // owned below
    std::unique_ptr<desk::ItemLoader> owner;
    desk::ItemBatch items;
    QVector<desk::ItemKey> removed;
    std::optional<desk::LoadOutcome> outcome;
    std::function<void(const desk::ItemBatch &)> onItems; // a test's hook, after collecting
};

// An in-memory ItemStore fed by a loader the way the Connection feeds one: a
// Full load begins a full load of each type and completes it for the types that
// completed (which removes what the load did not deliver); an Incremental one
// applies items and removed keys and marks the sync complete.
struct StoreSink
{
    StoreSink();
    void attach(desk::ItemLoader &loader, desk::LoadMode mode, const QStringList &types);
    // "type/id" -> the item's JSON, of every item in the store.
    QMap<QString, QByteArray> snapshot() const;
    qint64 count(const QString &type) const;

    std::unique_ptr<desk::ItemStore> store;
    desk::ChangeSummary summary;
    desk::Error error;
    QVector<QMetaObject::Connection> connections;
};

// Where the sandbox's request log names `pathPart` with `status` (e.g. " 422 ").
int logCount(SandboxProcess &sandbox, const QByteArray &pathPart, const QByteArray &status);
// The paths of the sandbox's logged requests under /airtable/v0/, in order.
QList<QByteArray> loggedPaths(SandboxProcess &sandbox);

// POST /airtable/_sandbox/changes; the answer's modified, added and deleted ids.
struct Changes
{
    QStringList modified;
    QStringList added;
    QStringList deleted;
};
Changes applyChanges(SandboxProcess &sandbox, const QJsonObject &body);

} // namespace attest
