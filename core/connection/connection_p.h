#pragma once

// Connection's inside: the credentials holder, client, loader and store of one
// integration, and the running load's bookkeeping. Only core/connection's
// .cpp files include this.

#include "auth/oauthsession.h"
#include "auth/statictokenprovider.h"
#include "connection/connection.h"
#include "connection/fallbackcredentialstore.h"
#include "connection/storefeed.h"
#include "net/apiclient.h"
#include "providers/providerspec.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QSet>
#include <memory>
#include <optional>

namespace desk {

// The AccessTokenProvider the client holds for the connection's whole life: it
// forwards to whichever holder is current (OAuth session or static token).
class TokenRelay : public AccessTokenProvider
{
public:
    AccessTokenProvider *target = nullptr;
    QByteArray bearerToken() const override
    {
        return target ? target->bearerToken() : QByteArray();
    }
    bool tokenNeedsRefresh() const override { return target && target->tokenNeedsRefresh(); }
    void refreshAccessToken(std::function<void(const Error &)> done) override;
};

class Connection::Private
{
public:
    Private(Connection *q, const ProviderSpec &spec, const ConnectionServices &services,
            const ConnectionFlags &flags);

    Connection *q;
    const ProviderSpec &spec;
    AppSettings &settings;
    ConnectionEnvironment environment;
    ConnectionFlags flags;
    ConnectionConfig config;
    Error configError;
    ProviderProfile profile;
    std::optional<QString> storedSecret; // the keychain's client secret, once read
    bool secretRead = false;
    bool secretReading = false;
    QVector<std::function<void()>> afterPrepare; // what waits for the secret

    std::unique_ptr<QNetworkAccessManager> ownNetwork;
    QNetworkAccessManager *network = nullptr;
    FallbackCredentialStore credentials;
    QSet<QString> warned; // each warning once

    // ---- credentials -------------------------------------------------------
    std::unique_ptr<OAuthSession> session;
    std::unique_ptr<StaticTokenProvider> staticToken;
    TokenRelay relay;
    State state = State::Disconnected;
    CredentialKind kind = CredentialKind::None;
    AccountInfo tokenAccount; // the static token's account
    Error lastError;
    int signInTimeout = 5 * 60 * 1000;
    quint64 generation = 0; // bumped when the holder changes: stale callbacks do nothing

    // ---- client, loader, store ---------------------------------------------------
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<ItemLoader> loader;
    std::unique_ptr<ItemStore> store;
    QString storeAccount; // the account `store` belongs to ("" = none: memory)
    int maxAttempts = 0;  // 0 = the client's default

    // ---- the running load ------------------------------------------------------------
    std::unique_ptr<StoreFeed> feed;
    bool loading = false;
    LoadResult result;
    LoadProgress lastProgress;
    ApiStatistics statsAtStart;
    QElapsedTimer clock;
    QHash<QString, ItemKey> childParents; // parent id -> key, while its children load

    // connection.cpp: configuration and credentials
    void warn(const QString &message);
    void resolve();
    bool needsStoredSecret() const;
    void prepare(std::function<void()> then);
    void buildSession();
    void connectSession();
    void setState(State next);
    void onSessionState(OAuthSession::State sessionState);
    void useStaticToken(const QByteArray &token, const AccountInfo &account, bool remember);
    void finishTokenCheck(quint64 gen, const QByteArray &token, const AccessTokenOptions &options,
                          const Result<AccountInfo> &account);
    void restoreOAuth();
    void dropCredentials();
    bool busy() const;

    // connectionstore.cpp: the local copy
    void openStoreFor(const QString &accountId);
    void closeStore();
    Error openStoreAt(const QString &accountId, bool onDisk);
    QString storeDirectory(const QString &accountId) const;

    // connectionloads.cpp: loads and children
    void ensureLoader();
    void dropLoader();
    void startLoad(LoadMode mode, bool resumeInterrupted);
    Error planStore(LoadMode mode, bool resumeInterrupted, LoadRequest &request);
    void finishLoad(const LoadOutcome &outcome);
    void failLoadEarly(const Error &error, LoadMode mode);
    void onStoreFailure(const Error &error);
    void onChildrenFinished(const QString &parentId, const Error &error);
};

} // namespace desk
