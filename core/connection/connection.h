#pragma once

// Connection: one integration as the window and the CLI use it. It resolves the
// configuration (connectionconfig.h), holds the credentials (an OAuth session or
// a static access token) behind one state, owns the API client, the account's
// item store and the loader, and runs loads, refreshes and children on demand
// so that every emitted page lands in the store in one transaction with its
// stream's resume cursor and sync state. The UI follows the store's signals
// (rowsAdded / rowsUpdated / rowsRemoved); ui/ and app/ never reach past this
// class to ApiClient, OAuthSession or LoadEngine.
//
// Top of core: it may include every other core folder; none includes it.

#include "common/accountinfo.h"
#include "common/error.h"
#include "connection/connectionconfig.h"
#include "engine/itemloader.h"
#include "items/integrationitem.h"
#include "store/itemstore.h"
#include "store/storetypes.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace desk {

class AppSettings;
class CredentialStore;
struct ProviderProfile;
struct ProviderSpec;

// What a connection is given by whoever makes it (the window, the CLI, a test).
struct ConnectionServices
{
    AppSettings *settings = nullptr;          // required, not owned
    CredentialStore *credentials = nullptr;   // required, not owned (keychain or memory)
    QNetworkAccessManager *network = nullptr; // not owned; null = the connection's own
    ConnectionEnvironment environment = systemEnvironment();
};

// How connectWithAccessToken() treats the token.
struct AccessTokenOptions
{
    bool remember = true; // keep it in the keychain for restore() (the window); the CLI's
                          // --access-token-env does not
    // The account the token belongs to when the caller knows it (--account-id):
    // no lookup is made. Empty = asked of the provider.
    QString accountId;
    // When the lookup fails: false = connect anyway without an account (the
    // CLI: the id only serves object URLs; the local copy is then in memory);
    // true = refuse the token (the window: "The access token was not accepted").
    bool requireAccount = true;
};

// What disconnectAccount() does with the account's local copy.
enum class LocalData
{
    Keep,   // the items stay on disk (load --offline, the next sign-in shows them at once)
    Forget, // the account's store folder is deleted
};

struct LoadOptions
{
    // Full: continue a full load that a previous run (or a cancel) stopped,
    // from the stored cursors. false = read every type from its beginning (the
    // CLI's `load`, whose output must hold every item).
    bool resumeInterrupted = true;
};

// What one load or refresh did: the engine's outcome, what it changed in the
// store, and what it cost.
struct LoadResult
{
    LoadMode mode = LoadMode::Full;
    LoadOutcome outcome;
    ChangeSummary changes;   // "12 changed, 3 new, 2 removed" (ChangeSummary::text())
    QStringList readInFull;  // types read in full (a refresh: no changes stream, or never loaded)
    QStringList readChanges; // types read as changes since their sync state
    QStringList resumed;     // types whose interrupted full load was continued
    qint64 requests = 0;     // HTTP exchanges of this load, retries included
    qint64 retries = 0;
    qint64 rateLimited = 0; // 429 answers
    qint64 elapsedMs = 0;
    bool storedOnDisk = false; // the pages went to the local copy on disk (not only memory)
    Error storeError;          // a page could not be stored: the load stopped there

    bool complete() const { return outcome.complete && !storeError; }
    // The first error: storage, else the load's.
    Error error() const { return storeError ? storeError : outcome.error; }
};

class Connection : public QObject
{
    Q_OBJECT
public:
    // One state for both kinds of credentials.
    enum class State
    {
        Disconnected,    // no usable credentials
        Restoring,       // restore() is reading the keychain (and may refresh)
        Connecting,      // a sign-in or an access token's check is under way
        Connected,       // loads may start
        ReconnectNeeded, // the credentials were refused: connect again (or a new token)
    };
    Q_ENUM(State)

    enum class CredentialKind
    {
        None,
        OAuth,       // authorization code + PKCE, refreshed
        AccessToken, // a static token (private app, personal access token)
    };
    Q_ENUM(CredentialKind)

    // How the authorization URL reaches the user: the embedded browser, the
    // system browser, a printed line.
    using UrlOpener = std::function<void(const QUrl &authorizationUrl)>;

    Connection(const ProviderSpec &spec, const ConnectionServices &services,
               const ConnectionFlags &flags = {}, QObject *parent = nullptr);
    ~Connection() override;

    // ---- configuration -------------------------------------------------------
    const ProviderSpec &spec() const;
    const ConnectionConfig &config() const;
    // Set when the configuration cannot be used (a bad URL in the environment);
    // connecting then fails with it.
    Error configError() const;
    ProviderProfile profile() const; // endpoints and client; never log its secret
    bool isSandbox() const;
    QString credentialNamespace() const; // "hubspot", "hubspot-sandbox": keychain and store
    // Replaces the command-line layer and resolves again (as reloadConfiguration()).
    bool setFlags(const ConnectionFlags &flags);
    // Resolves again from the settings (after the Settings dialog saved them).
    // Applies at once when Disconnected or ReconnectNeeded (the sign-in is
    // rebuilt, the stored one restored with restore()); false while connected,
    // connecting or loading: it applies after the next disconnect.
    bool reloadConfiguration();
    // The real service's client secret: written to the keychain (never to the
    // settings) and marked saved; used from now on. `done` gets the keychain's error.
    void saveClientSecret(const QString &secret, std::function<void(const Error &)> done = {});
    void forgetClientSecret();

    // ---- sign-in ---------------------------------------------------------------
    State state() const;
    CredentialKind credentialKind() const;
    AccountInfo account() const;
    QDateTime accessTokenExpiry() const; // invalid = unknown or never (static tokens)
    // False when the credentials live in memory only (no keychain, or it failed).
    bool credentialsPersistent() const;
    Error lastError() const; // of the last sign-in, restore or refresh
    bool isSignInInProgress() const;
    quint16 signInPort() const; // the loopback port of the sign-in in progress; 0 = none
    void setSignInTimeout(int milliseconds); // default 5 min

    // Reads the saved credentials: a remembered access token first, else the
    // OAuth session. Ends with restoreFinished(state). Opens the local copy of
    // the saved account at once (storeOpened) so its items show before the
    // network answers.
    void restore();
    // OAuth sign-in; ends with connected() or signInFailed() (Cancelled after
    // cancelSignIn(), Timeout, PortBusy, AccessDenied, ...).
    void connectAccount(UrlOpener opener);
    // Checks the token (who is signed in) and connects with it; ends with
    // connected() or signInFailed().
    void connectWithAccessToken(const QByteArray &token, const AccessTokenOptions &options = {});
    void cancelSignIn();
    // Cancels what runs, revokes at the provider (best effort), deletes the
    // keychain entries; the local copy is kept or forgotten as asked. Ends with
    // disconnectFinished() and disconnected().
    void disconnectAccount(LocalData localData = LocalData::Keep);

    // ---- local copy --------------------------------------------------------------
    // The account's items (null before an account is known). On disk when
    // "Keep a local copy" is on, else in memory. Replaced when the account
    // changes: storeClosing(old) comes first, then storeOpened(new).
    ItemStore *store() const;
    bool keepsLocalCopy() const;
    // Saves the setting and reopens the store (the disk copy is kept when
    // turned off: Forget Local Data deletes it).
    void setKeepLocalCopy(bool keep);
    // Opens the local copy of the account last loaded in this namespace
    // without signing in (offline). Storage error when there is none.
    Error openLocalCopy();
    // Deletes the current account's local copy; an empty store takes its place.
    Error forgetLocalData();

    // ---- loads -----------------------------------------------------------------
    bool isLoading() const;
    // A full load of the configured types: replaces what is stored (items the
    // load did not deliver are removed when their type completes).
    void load(const LoadOptions &options = {});
    // An incremental load: each type's changes since its sync state where the
    // provider reads changes, in full otherwise (and for types never loaded).
    void refresh();
    // Stops the load, children fetches and a sign-in in progress.
    void cancel();
    bool canResume() const; // the last load stopped (error, cancel): resume() continues it
    void resume();
    LoadProgress progress() const;
    // Lazy containers: their children are loaded on demand, into the store too.
    bool canFetchChildren(const IntegrationItem &parent) const;
    void fetchChildren(const IntegrationItem &parent);
    int childrenFetchesRunning() const;
    // Tries per request on 5xx, timeouts and resets (default 6).
    void setMaxAttempts(int attempts);

Q_SIGNALS:
    void stateChanged(desk::Connection::State state);
    void restoreFinished(desk::Connection::State state);
    void connected(const desk::AccountInfo &account);
    void signInFailed(const desk::Error &error);
    void authorizationUrlOpened();
    // The loopback listener refused a request and keeps waiting (no secrets in `reason`).
    void redirectRejected(int httpStatus, const QString &reason);
    void disconnectFinished(const desk::Error &revokeError, const desk::Error &storeError);
    void disconnected();
    // Non-fatal problems for the user ("credentials are kept in memory only").
    void warning(const QString &message);

    // The account's store was opened (`recovered` set: an unreadable copy was
    // set aside and replaced by an empty one: say it), or is about to go.
    void storeOpened(desk::ItemStore *store, const desk::Error &recovered);
    void storeClosing(desk::ItemStore *store);
    // A page could not be written (the load stops with LoadResult::storeError).
    void storeError(const desk::Error &error);

    void loadStarted(desk::LoadMode mode);
    // The items as the loader emitted them (before the store has them; the
    // CLI writes them out; the UI follows the store instead).
    void itemsLoaded(const desk::ItemBatch &items);
    // Items of itemsLoaded that the account's store holds now: read them from there.
    void itemsStored(const QVector<desk::ItemKey> &keys);
    void itemsRemoved(const QVector<desk::ItemKey> &keys);
    void progressChanged(const desk::LoadProgress &progress);
    void loadFinished(const desk::LoadResult &result);
    void childrenFinished(const desk::ItemKey &parent, const desk::Error &error);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace desk

Q_DECLARE_METATYPE(desk::LoadResult)
