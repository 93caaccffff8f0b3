#pragma once

#include "airtabledata.h"
#include "airtableformula.h"
#include "airtableoauth.h"
#include "server/prng.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <QSet>
#include <QSharedPointer>
#include <deque>
#include <functional>
#include <memory>

namespace desk::sandbox::airtable {

struct ApiConfig
{
    int rateMax = 5; // requests per base per window; 0: off
    int rateWindowMs = 1000;
    int penaltyMs = 30000; // every request to a base (or of a user) answers 429 this long
    int basesPageSize = 3;
    int userRateMax = 50; // requests per user across all bases per window; 0: off
    int userRateWindowMs = 1000;
    bool userLimitPatOnly = false; // true: only personal-access-token traffic counts
    int offsetTtlS = 0;            // list-records offsets time out after this long; 0: never
    int offsetMaxPages = 0;        // an iteration gives at most this many pages; 0: no limit
    quint64 seed = 1;              // for offset ids
};

// Airtable Web API v0 under /airtable: meta (whoami, bases, tables) and
// records (list with filterByFormula, sort, fields, maxRecords and opaque
// offsets that can expire; one record), Airtable's error bodies, the per-base
// and per-user rate limits with a penalty wait, and the
// POST /airtable/_sandbox/changes control endpoint.
class AirtableApi
{
public:
    AirtableApi(AirtableData *data, const AirtableOAuth *oauth, const ApiConfig &config);
    void registerRoutes(Router &router);
    // A change set on BASE/TABLE (id or name; empty: the first), as the control
    // endpoint and --airtable-churn apply it. *error is set when nothing happened.
    // Without a seed, one is drawn from --seed and a call counter.
    RecordChanges applyChanges(const QString &base, const QString &table, ChangeRequest change,
                               QString *error);
    // --airtable-churn TARGET:modify=N,add=N,delete=N@INTERVAL with TARGET BASE[/TABLE]
    // or "first", each repeatable; false with *error on a bad spec.
    bool startChurn(const QStringList &specs, QString *error);

private:
    using Body = std::function<HttpResponse()>;
    struct ListParams
    {
        int pageSize = 100;
        int maxRecords = -1;
        QString view;
        QStringList fields;
        QVector<QPair<QString, bool>> sort; // field name or id, descending
        QString formula;
        QString offset;
        bool byId = false;
    };
    // One listing from its first page on: which records, in which order.
    struct Iteration
    {
        int base = 0;
        int table = 0;
        bool snapshot = false; // order holds the matching records (filter or sort)
        QVector<int> order;
        int limit = -1; // maxRecords
    };
    struct OffsetState
    {
        QSharedPointer<Iteration> iteration;
        int position = 0; // into order, or a record index when not a snapshot
        int returned = 0;
        int pages = 0; // pages served before this offset
        qint64 issuedMs = 0;
    };

    // Token and scope checks, the per-user limit, then the per-base limit when base >= 0.
    HttpResponse guarded(const HttpRequest &request, const QString &scope, int base,
                         const Body &body);
    bool overUserLimit(const Authentication &auth);
    HttpResponse whoami(const HttpRequest &request);
    HttpResponse listBases(const HttpRequest &request);
    HttpResponse listTables(int base);
    HttpResponse getRecord(int base, int table, const QString &recordId);
    HttpResponse rateLimited();
    HttpResponse changesEndpoint(const HttpRequest &request);
    // airtablerecords.cpp
    HttpResponse listRecords(const HttpRequest &request, int base, int table, bool post);
    bool parseListParams(const HttpRequest &request, bool post, ListParams *params,
                         HttpResponse *error) const;
    bool checkFields(const Table &t, const ListParams &params, HttpResponse *error) const;
    QSharedPointer<Iteration> startIteration(int base, int table, const ListParams &params,
                                             const Formula &formula);
    bool resumeIteration(const QString &offset, int base, int table, OffsetState *state,
                         HttpResponse *error) const;
    QString issueOffset(const OffsetState &state, const QString &nextRecordId);
    QJsonObject shapedRecord(int base, int table, int index, const ListParams &params) const;

    AirtableData *m_data;
    const AirtableOAuth *m_oauth;
    ApiConfig m_config;
    RateLimiter m_limiter;
    RateLimiter m_userLimiter;
    QElapsedTimer m_clock;
    QHash<int, qint64> m_penaltyUntilMs;
    qint64 m_userPenaltyUntilMs = 0;
    Prng m_offsetIds;
    QHash<QString, OffsetState> m_offsets;
    std::deque<QString> m_offsetOrder; // oldest first, to bound memory
    QSet<size_t> m_retiredOffsets; // hashes of offsets issued, then dropped: expired, not invalid
    quint64 m_changeCalls = 0;
    std::unique_ptr<Churn> m_churn;
};

} // namespace desk::sandbox::airtable
