#pragma once

// A LoadEngine on a scripted loopback server, with test streams that read a
// small JSON page shape:
//     {"items": [{"id": "1", "name": "One", "parent": "..."}], "next": "c2",
//      "total": 10, "removed": ["7"], "sync": "token"}
// and a fixture that records everything the engine emits.

#include "engine/loadengine.h"
#include "loadtestutil.h"
#include "net/apiclient.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <optional>

namespace enginetest {

using Reply = ScriptedServer::Reply;
using loadtest::waitUntil;

inline Reply json(const QByteArray &body, int status = 200, int delayMs = 0)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    reply.delayMs = delayMs;
    return reply;
}

inline QString pathOf(const ScriptedServer::Request &request)
{
    return QUrl(QString::fromLatin1(request.target)).path();
}

inline QString cursorOf(const ScriptedServer::Request &request)
{
    return QUrlQuery(QUrl(QString::fromLatin1(request.target)))
        .queryItemValue(QStringLiteral("cursor"));
}

// {"items":[{"id":"<prefix><from>"},...]} with ids from..to-1 and `next`.
inline QByteArray page(const QString &prefix, int from, int to, const QString &next = {})
{
    QJsonArray items;
    for (int i = from; i < to; ++i)
        items.append(QJsonObject{{QStringLiteral("id"), QString(prefix + QString::number(i))},
                                 {QStringLiteral("name"), QStringLiteral("Item %1").arg(i)}});
    QJsonObject body{{QStringLiteral("items"), items}};
    if (!next.isEmpty())
        body.insert(QStringLiteral("next"), next);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

inline desk::Result<desk::StreamPage> readPage(const QString &type, const QJsonDocument &document)
{
    const QJsonValue items = document.object().value(QStringLiteral("items"));
    if (!items.isArray())
        return desk::Error(desk::Error::Kind::BadResponse, QStringLiteral("unreadable"),
                           QStringLiteral("items missing"));
    desk::StreamPage out;
    for (const QJsonValue &value : items.toArray()) {
        const QJsonObject o = value.toObject();
        desk::IntegrationItem item;
        item.type = type;
        item.id = o.value(QStringLiteral("id")).toString();
        item.name = o.value(QStringLiteral("name")).toString();
        item.parentId = o.value(QStringLiteral("parent")).toString();
        if (!item.parentId.isEmpty())
            item.parentType = o.value(QStringLiteral("parentType")).toString();
        out.items.append(item);
    }
    for (const QJsonValue &removed : document.object().value(QStringLiteral("removed")).toArray())
        out.removed.append(desk::ItemKey{type, removed.toString()});
    out.nextCursor = document.object().value(QStringLiteral("next")).toString();
    out.total = document.object().value(QStringLiteral("total")).toInt(-1);
    out.syncToken = document.object().value(QStringLiteral("sync")).toString();
    return out;
}

// GET <path>?cursor=<cursor>, read with readPage().
inline desk::StreamSpec stream(const QString &key, const QString &type, const QString &path)
{
    desk::StreamSpec spec;
    spec.key = key;
    spec.type = type;
    spec.request = [path](const QString &cursor) {
        desk::ApiRequest request;
        request.url = QUrl(path);
        if (!cursor.isEmpty())
            request.url.setQuery(QStringLiteral("cursor=") + cursor);
        return request;
    };
    spec.read = [type](const QJsonDocument &document) { return readPage(type, document); };
    return spec;
}

struct Fixture
{
    ScriptedServer server;
    QNetworkAccessManager network;
    loadtest::TestTokens tokens;
    desk::ApiClient client{network, tokens};
    desk::LoadDefinition definition;
    std::unique_ptr<desk::LoadEngine> engine;

    desk::ItemBatch items;
    QVector<desk::ItemBatch> batches;
    QVector<desk::ItemKey> removed;
    QVector<desk::LoadOutcome> outcomes;
    QVector<desk::LoadProgress> progress;
    QVector<QPair<QString, desk::Error>> childrenDone;

    explicit Fixture(QStringList types = {QStringLiteral("notes")})
    {
        REQUIRE(server.listen());
        client.setBaseUrl(server.url());
        desk::RetryPolicy policy;
        policy.baseDelayMs = 5;
        policy.maxDelayMs = 20;
        policy.maxAttempts = 2;
        policy.maxBadResponses = 2;
        client.setRetryPolicy(policy);
        client.setPacerSetup([](desk::RatePacer &pacer, const QString &) {
            pacer.setFixedWindows({desk::RatePacer::Window{1000, 1000}});
            pacer.setReserve(0);
        });
        definition.catalog.serviceName = QStringLiteral("Test");
        definition.catalog.types = types;
        definition.catalog.defaults = types;
    }

    // Makes the engine (after `definition` is filled in) and records its signals.
    desk::LoadEngine &make()
    {
        engine = std::make_unique<desk::LoadEngine>(client, desk::ProviderProfile(), definition);
        using desk::ItemLoader;
        QObject::connect(engine.get(), &ItemLoader::itemsReady, [this](const desk::ItemBatch &b) {
            items += b;
            batches.append(b);
        });
        QObject::connect(engine.get(), &ItemLoader::itemsRemoved,
                         [this](const QVector<desk::ItemKey> &keys) { removed += keys; });
        QObject::connect(engine.get(), &ItemLoader::finished,
                         [this](const desk::LoadOutcome &o) { outcomes.append(o); });
        QObject::connect(engine.get(), &ItemLoader::progressChanged,
                         [this](const desk::LoadProgress &p) { progress.append(p); });
        QObject::connect(engine.get(), &ItemLoader::childrenFinished,
                         [this](const QString &id, const desk::Error &e) {
                             childrenDone.append(qMakePair(id, e));
                         });
        return *engine;
    }

    // start() (or resume()) and wait for the next finished().
    const desk::LoadOutcome &load(const desk::LoadRequest &request = {})
    {
        const int before = outcomes.size();
        engine->start(request);
        REQUIRE(waitUntil([&] { return outcomes.size() > before; }));
        return outcomes.last();
    }
    const desk::LoadOutcome &resume()
    {
        const int before = outcomes.size();
        engine->resume();
        REQUIRE(waitUntil([&] { return outcomes.size() > before; }));
        return outcomes.last();
    }

    QStringList ids(const QString &type = {}) const
    {
        QStringList result;
        for (const desk::IntegrationItem &item : items)
            if (type.isEmpty() || item.type == type)
                result.append(item.id);
        return result;
    }
    int requestsTo(const QString &path) const
    {
        int n = 0;
        for (const auto &request : server.requests)
            n += pathOf(request) == path ? 1 : 0;
        return n;
    }
};

inline const desk::TypeProgress *typeIn(const desk::LoadOutcome &outcome, const QString &type)
{
    for (const desk::TypeProgress &t : outcome.types)
        if (t.type == type)
            return &t;
    return nullptr;
}

} // namespace enginetest
