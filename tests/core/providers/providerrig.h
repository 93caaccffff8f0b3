#pragma once

// An OAuthSession for any registered provider wired to a fresh sandbox, with the
// test playing the browser (as tests/core/auth/sandboxrig.h does for HubSpot),
// plus an ApiClient and the provider's loader on top of it.

#include "auth/oauthsession.h"
#include "authtestutil.h"
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "net/apiclient.h"
#include "providers/itemloader.h"
#include "providers/providerspec.h"
#include "support/sandboxprocess.h"

#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace provtest {

using authtest::freePort;
using authtest::httpGet;
using authtest::waitUntil;

struct ProviderRig
{
    const desk::ProviderSpec &provider;
    quint16 redirectPort = freePort();
    SandboxProcess sandbox;
    QTemporaryDir dir;
    desk::AppSettings settings{dir.filePath(QStringLiteral("s.ini"))};
    desk::MemoryCredentialStore store;
    authtest::RecordingNetworkAccessManager nam;
    QNetworkAccessManager browser;
    desk::ProviderProfile profile;
    std::unique_ptr<desk::OAuthSession> session;
    QUrl authorizationUrl;
    desk::Error failure;
    desk::AccountInfo connectedAccount;
    bool finished = false;

    ProviderRig(const QString &providerId, const QStringList &extraSandboxArgs)
        : provider(*desk::ProviderRegistry::find(providerId))
        , sandbox(QStringList{QStringLiteral("--redirect-uri"),
                              QStringLiteral("http://localhost:%1/callback").arg(redirectPort),
                              QStringLiteral("--auto-consent"), QStringLiteral("--contacts"),
                              QStringLiteral("3"), QStringLiteral("--companies"),
                              QStringLiteral("1"), QStringLiteral("--deals"), QStringLiteral("1"),
                              QStringLiteral("--tickets"), QStringLiteral("1")} +
                  extraSandboxArgs)
    {
        desk::ProviderSettings ps;
        ps.sandboxUrl = sandbox.baseUrl();
        ps.redirectPort = redirectPort;
        profile = provider.profile(ps);
        makeSession();
    }

    void makeSession()
    {
        session = std::make_unique<desk::OAuthSession>(provider.account, profile, store, nam);
        session->setAppSettings(&settings);
        QObject::connect(session.get(), &desk::OAuthSession::connected, session.get(),
                         [this](const desk::AccountInfo &a) {
                             connectedAccount = a;
                             finished = true;
                         });
        QObject::connect(session.get(), &desk::OAuthSession::loginFailed, session.get(),
                         [this](const desk::Error &e) {
                             failure = e;
                             finished = true;
                         });
    }

    QString key(const QString &kind) const
    {
        return desk::CredentialStore::key(desk::OAuthSession::storageNamespace(profile),
                                          session->account().accountId, kind);
    }

    bool login()
    {
        finished = false;
        failure = {};
        authorizationUrl.clear();
        session->connectAccount([this](const QUrl &url) { authorizationUrl = url; });
        if (authorizationUrl.isEmpty())
            return false;
        const authtest::HttpAnswer a = httpGet(browser, authorizationUrl);
        if (a.status != 302)
            return false;
        httpGet(browser, a.location);
        return waitUntil([this] { return finished; }, 15000) && !failure.isError();
    }

    bool restore()
    {
        makeSession();
        bool restored = false;
        QObject::connect(session.get(), &desk::OAuthSession::restoreFinished, session.get(),
                         [&] { restored = true; });
        session->restore();
        return waitUntil([&] { return restored; }, 15000);
    }

    desk::Error refresh()
    {
        bool done = false;
        desk::Error error;
        session->refreshAccessToken([&](const desk::Error &e) {
            error = e;
            done = true;
        });
        waitUntil([&] { return done; }, 15000);
        return done ? error
                    : desk::Error(desk::Error::Kind::Timeout, QStringLiteral("refresh hung"));
    }
};

// Runs a loader to its finished() signal, collecting every item.
struct LoadRun
{
    desk::ItemBatch items;
    std::optional<desk::LoadOutcome> outcome;
    QVector<QPair<QString, desk::Error>> childrenDone;
    int batches = 0;

    void attach(desk::ItemLoader &loader)
    {
        QObject::connect(&loader, &desk::ItemLoader::itemsReady, &loader,
                         [this](const desk::ItemBatch &batch) {
                             items += batch;
                             ++batches;
                         });
        QObject::connect(&loader, &desk::ItemLoader::finished, &loader,
                         [this](const desk::LoadOutcome &o) { outcome = o; });
        QObject::connect(&loader, &desk::ItemLoader::childrenFinished, &loader,
                         [this](const QString &id, const desk::Error &e) {
                             childrenDone.append(qMakePair(id, e));
                         });
    }

    QVector<desk::IntegrationItem> ofType(const QString &type) const
    {
        QVector<desk::IntegrationItem> out;
        for (const auto &item : items)
            if (item.type == type)
                out.append(item);
        return out;
    }
};

// Request lines "METHOD path STATUS" of the sandbox's stderr log (paths without query).
inline QList<QByteArray> requestLines(SandboxProcess &sandbox, const QByteArray &method,
                                      const QByteArray &pathPrefix)
{
    QList<QByteArray> out;
    const QByteArray needle = "desk.sandbox.http: " + method + ' ' + pathPrefix;
    for (const QByteArray &line : sandbox.log().split('\n')) {
        const int at = line.indexOf(needle);
        if (at >= 0)
            out.append(line.mid(at + int(qstrlen("desk.sandbox.http: "))));
    }
    return out;
}

inline int countContaining(const QList<QByteArray> &lines, const QByteArray &needle)
{
    int n = 0;
    for (const QByteArray &line : lines)
        n += line.contains(needle);
    return n;
}

} // namespace provtest
