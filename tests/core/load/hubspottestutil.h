#pragma once

// What the HubSpot tests against the sandbox share: its arguments (date-based
// API only, the legacy paths switched off), a loader on its own client that
// collects what it emits, the server's own view of a type, and checks of the
// sandbox's request log.
#include "engine/loadengine.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "providers/hubspot/hubspotspec.h"
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QHash>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QStringList>
#include <memory>
#include <optional>

namespace hubspottest {

using namespace desk;

inline const QByteArray kToken = sandboxtest::kPrivateToken;
inline const QString kHubId = QStringLiteral("24681357");

inline QStringList sandboxArgs(int contacts, int companies, int deals, int tickets,
                               QStringList extra = {})
{
    QStringList args{QStringLiteral("--private-app-token"),
                     QString::fromLatin1(kToken),
                     QStringLiteral("--contacts"),
                     QString::number(contacts),
                     QStringLiteral("--companies"),
                     QString::number(companies),
                     QStringLiteral("--deals"),
                     QString::number(deals),
                     QStringLiteral("--tickets"),
                     QString::number(tickets),
                     QStringLiteral("--hubspot-legacy"),
                     QStringLiteral("off"),
                     QStringLiteral("--quiet")};
    return args + extra;
}

// The same without --quiet: the sandbox's request log is searched.
inline QStringList loggedArgs(int contacts, int companies, int deals, int tickets,
                              QStringList extra = {})
{
    QStringList args = sandboxArgs(contacts, companies, deals, tickets, std::move(extra));
    args.removeAll(QStringLiteral("--quiet"));
    return args;
}

// One loader on its own client, collecting everything it emits.
struct LoadRun
{
    QNetworkAccessManager network;
    loadtest::TestTokens tokens;
    ApiClient client{network, tokens};
    std::unique_ptr<LoadEngine> loader;
    ItemBatch items;
    QVector<ItemKey> removed;
    int batches = 0;
    int finishedCount = 0;
    std::optional<LoadOutcome> outcome;
    LoadProgress lastProgress;
    QHash<QString, int> totalBeforeDone; // per type: a total reported while still loading

    explicit LoadRun(const QUrl &baseUrl, const QByteArray &token = kToken,
                     const QString &version = hubspot::kApiVersion)
    {
        tokens.token = token;
        client.setBaseUrl(baseUrl);
        RetryPolicy policy;
        policy.baseDelayMs = 5;
        policy.maxDelayMs = 50;
        policy.timeoutMs = 10000;
        client.setRetryPolicy(policy);
        ProviderProfile profile;
        profile.apiBaseUrl = baseUrl;
        profile.webBaseUrl = QUrl(QStringLiteral("https://app.hubspot.com"));
        loader.reset(static_cast<LoadEngine *>(
            hubspot::declaration(version).createLoader(client, profile, nullptr)));
        QObject::connect(loader.get(), &ItemLoader::itemsReady, [this](const ItemBatch &batch) {
            items += batch;
            ++batches;
        });
        QObject::connect(loader.get(), &ItemLoader::itemsRemoved,
                         [this](const QVector<ItemKey> &keys) { removed += keys; });
        QObject::connect(loader.get(), &ItemLoader::progressChanged,
                         [this](const LoadProgress &progress) {
                             lastProgress = progress;
                             for (const TypeProgress &p : progress.types)
                                 if (p.total >= 0 && !p.done && !totalBeforeDone.contains(p.type))
                                     totalBeforeDone.insert(p.type, p.total);
                         });
        QObject::connect(loader.get(), &ItemLoader::finished, [this](const LoadOutcome &o) {
            outcome = o;
            ++finishedCount;
        });
    }

    void tune(const std::function<void(LoadTuning &)> &change)
    {
        LoadTuning tuning = loader->tuning();
        change(tuning);
        loader->setTuning(tuning);
    }

    void start(QStringList types = {}, QHash<QString, QStringList> extra = {})
    {
        LoadRequest request;
        request.objectTypes = types;
        request.extraProperties = extra;
        request.accountId = kHubId;
        start(request);
    }

    void start(const LoadRequest &request)
    {
        outcome.reset();
        loader->start(request);
    }

    bool wait(int timeoutMs = 60000)
    {
        return loadtest::waitUntil([this] { return outcome.has_value(); }, timeoutMs);
    }

    QStringList ids(const QString &type) const
    {
        QStringList result;
        for (const IntegrationItem &item : items)
            if (item.type == type)
                result.append(item.id);
        return result;
    }

    const IntegrationItem *find(const QString &type, const QString &id) const
    {
        for (const IntegrationItem &item : items)
            if (item.type == type && item.id == id)
                return &item;
        return nullptr;
    }

    const TypeProgress *progressOf(const QString &type) const
    {
        for (const TypeProgress &p : outcome->types)
            if (p.type == type)
                return &p;
        return nullptr;
    }
};

// What the server holds, paged with a plain HTTP client (after a load the
// rate window may be spent: a 429 waits for the next window).
inline QStringList groundTruth(SandboxProcess &sandbox, const QString &type)
{
    HttpProbe probe;
    sandboxtest::Paged paged;
    for (int attempt = 0; attempt < 4; ++attempt) {
        paged = sandboxtest::pageAll(sandbox, probe,
                                     QStringLiteral("/crm/objects/") + hubspot::kApiVersion +
                                         QLatin1Char('/') + type + QStringLiteral("?limit=100"),
                                     QString::fromLatin1(kToken));
        if (paged.ok || !paged.failure.startsWith(QLatin1String("HTTP 429")))
            break;
        loadtest::waitUntil([] { return false; }, 10500);
    }
    INFO(paged.failure.toStdString());
    REQUIRE(paged.ok);
    return paged.ids;
}

inline int countOf(const QByteArray &log, const QByteArray &needle)
{
    return log.count(needle);
}

// Request log lines of the sandbox ("desk.sandbox.http: GET /crm/… 200 3 ms").
inline QStringList requestLines(const QByteArray &log)
{
    QStringList lines;
    for (const QByteArray &line : log.split('\n'))
        if (line.contains("desk.sandbox.http: "))
            lines.append(QString::fromUtf8(line.mid(line.indexOf("desk.sandbox.http: ") + 19)));
    return lines;
}

// Requests that went to an API HubSpot retired or is retiring.
inline QStringList legacyRequests(const QByteArray &log)
{
    static const QRegularExpression legacy(
        QStringLiteral("^\\S+ /(oauth/v1|oauth/v3|crm/v3|crm/v4)/"));
    QStringList found;
    for (const QString &line : requestLines(log))
        if (legacy.match(line).hasMatch())
            found.append(line);
    return found;
}

} // namespace hubspottest
