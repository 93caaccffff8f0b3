#pragma once

#include "auth/providerprofile.h"
#include "net/apiclient.h"
#include "providers/airtable/airtablepage.h"
#include "providers/itemloader.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

namespace desk {

struct AirtableLoaderOptions
{
    int pageSize = 100;             // records per page (Airtable's maximum)
    int requestsPerSecond = 5;      // per base (Airtable's documented limit)
    qint64 rateLimitHoldMs = 30000; // a 429 (no Retry-After) blocks that base this long
};

// Loads an Airtable account: bases (paged by offset) and the tables of each
// base as containers. Records are loaded per table with fetchChildren(table),
// paged by offset at pageSize=100, or for every table during start() when
// "records" is among the requested types (CLI: --objects records).
//
// Pacing: every request counts against a rate budget named after its base
// (the meta calls against "meta"); each budget has a fixed window of 5
// requests per second (ApiClient budgets + RatePacer fixed windows), so
// several bases load in parallel without any base going over its limit. A 429
// holds that base for 30 s (Airtable sends no Retry-After), then the client
// retries.
//
// Items: "bases" (no parent), "tables" (parent: base), "records" (parent:
// table; name = the primary field's value, properties = the record's fields
// flattened to text or lists of text), urls https://airtable.com/{base}/{table}/{record}.
class AirtableLoader : public ItemLoader
{
    Q_OBJECT
public:
    AirtableLoader(ApiClient &client, ProviderProfile profile, QObject *parent = nullptr);
    ~AirtableLoader() override;

    // Also re-applies the pacing to the client.
    void setOptions(const AirtableLoaderOptions &options);
    const AirtableLoaderOptions &options() const { return m_options; }
    // Fixed per-base windows on `client` (what the constructor does).
    static void configurePacing(ApiClient &client, const AirtableLoaderOptions &options);

    void start(const LoadRequest &request) override;
    void cancel() override;
    bool canResume() const override;
    void resume() override;

    bool canFetchChildren(const IntegrationItem &parent) const override;
    void fetchChildren(const IntegrationItem &parent) override;

    bool isRunning() const { return m_running; }
    LoadProgress progress() const;

    static QStringList supportedTypes(); // bases, tables, records
    static QStringList defaultTypes();   // bases, tables

private:
    struct BaseState
    {
        airtable::Base base;
        bool tablesDone = false;
        bool tablesInFlight = false;
    };
    struct RecordFetch
    {
        QString tableId;
        QString tableName;
        QString baseId;
        QString primaryField;
        QString offset;     // next page
        bool eager = false; // part of the start() load
        bool running = false;
        bool done = false;
        Error error;
        ApiClient::RequestId inFlight = 0;
    };
    struct Counter
    {
        int loaded = 0;
        int pages = 0;
        int requests = 0;
        Error error;
    };

    void run();
    void requestBases();
    void requestTables(const QString &baseId);
    void requestRecords(const QString &tableId);
    void startRecords(const QString &tableId, const QString &baseId, const QString &tableName,
                      const QString &primaryField, bool eager);
    void endRecords(RecordFetch &fetch, const Error &error);
    void fail(const QString &type, const Error &error);
    void checkFinished();
    void finish(bool cancelled);
    ApiClient::RequestId send(const ApiRequest &request, ApiClient::Callback done);
    void publishProgress();
    bool wants(const QString &type) const { return m_types.contains(type); }

    ApiClient &m_client;
    ProviderProfile m_profile;
    AirtableLoaderOptions m_options;
    QStringList m_types;
    QVector<BaseState> m_bases;
    QHash<QString, RecordFetch> m_records; // table id -> fetch
    QHash<QString, Counter> m_counters;    // type -> counters
    QString m_basesOffset;
    bool m_basesDone = false;
    bool m_basesInFlight = false;
    QSet<ApiClient::RequestId> m_outstanding;
    bool m_running = false;
    bool m_started = false;
    QElapsedTimer m_clock;
};

} // namespace desk
