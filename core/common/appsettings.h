#pragma once

#include "common/accountinfo.h"
#include "common/providersettings.h"
#include "common/settingskeys.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>

class QSettings;

namespace desk {

// The app's non-secret settings (QSettings, organisation and application
// "Integrations Desk"). NEVER holds a secret: client secrets and tokens live in the
// CredentialStore. Every key is a row of the settings table (settingskeys.h):
// value()/setValue() read and write any of them with its declared type and
// default, the typed accessors below are the same reads with C++ types. Keys are
// grouped per provider ("providers/hubspot/...") and per credential namespace
// ("accounts/hubspot-sandbox/...").
class AppSettings
{
public:
    static QString organizationName() { return QStringLiteral("Integrations Desk"); }
    static QString applicationName() { return QStringLiteral("Integrations Desk"); }
    static constexpr quint16 DefaultRedirectPort = 47110;

    // The user's settings (native format, ~/.config/Integrations Desk/Integrations Desk.conf).
    AppSettings();
    // An INI file of its own (tests).
    explicit AppSettings(const QString &iniFile);
    ~AppSettings();

    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    // --- any key of the table ---
    // `scope`: the provider id or credential namespace the key belongs to
    // (ignored for app keys). A read of an unset key gives the table's default;
    // maps (ExtraProperties, AccountExtras) come as QVariantHash.
    QVariant value(Setting key, const QString &scope = {}) const;
    // Writes `value` converted to the key's type; false (and nothing written)
    // when it does not convert.
    bool setValue(Setting key, const QVariant &value, const QString &scope = {});
    void remove(Setting key, const QString &scope = {});
    bool contains(Setting key, const QString &scope = {}) const;

    // --- per provider (what the user configured) ---
    // clientSecret is always empty: read it from the CredentialStore.
    ProviderSettings providerSettings(const QString &provider) const;
    void setProviderSettings(const QString &provider, const ProviderSettings &settings);

    QString clientId(const QString &provider) const;
    void setClientId(const QString &provider, const QString &clientId);
    quint16 redirectPort(const QString &provider) const;         // DefaultRedirectPort when unset
    void setRedirectPort(const QString &provider, quint16 port); // 0 = back to default
    QStringList scopes(const QString &provider) const;           // empty = provider default
    void setScopes(const QString &provider, const QStringList &scopes);
    bool useSandbox(const QString &provider) const;
    void setUseSandbox(const QString &provider, bool useSandbox);
    QUrl sandboxUrl(const QString &provider) const;
    void setSandboxUrl(const QString &provider, const QUrl &url);
    QStringList objectTypes(const QString &provider) const; // empty = provider defaults
    void setObjectTypes(const QString &provider, const QStringList &types);
    QHash<QString, QStringList> extraProperties(const QString &provider) const; // type -> names
    void setExtraProperties(const QString &provider, const QHash<QString, QStringList> &extra);
    // Whether a client secret was saved in the keychain (the secret itself never is here).
    bool hasClientSecret(const QString &provider) const;
    void setHasClientSecret(const QString &provider, bool stored);
    // "Keep a local copy" (default on): off = the items live in memory only.
    bool keepLocalCopy(const QString &provider) const;
    void setKeepLocalCopy(const QString &provider, bool keep);

    // --- app ---
    QString theme() const; // "system" (default), "light", "dark"
    void setTheme(const QString &theme);
    // The window's saved geometry and layout (opaque Qt state blobs).
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &state);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray mainSplitterState() const;
    void setMainSplitterState(const QByteArray &state);
    QByteArray detailsSplitterState() const;
    void setDetailsSplitterState(const QByteArray &state);
    QByteArray treeHeaderState() const;
    void setTreeHeaderState(const QByteArray &state);
    QString lastProvider() const; // the integration selected last; empty = none
    void setLastProvider(const QString &provider);
    // The tree's view per provider: "type", "company" (its first grouping),
    // "parent"; empty = never chosen (then legacyGrouping(), written by older
    // versions for every provider, may say).
    QString view(const QString &provider) const;
    void setView(const QString &provider, const QString &view);
    QString legacyGrouping() const;

    // --- signed-in account, per credential namespace (see OAuthSession::storageNamespace) ---
    // Which account's keychain entries are current; empty = none.
    QString currentAccount(const QString &ns) const;
    void setCurrentAccount(const QString &ns, const QString &accountId);
    // Non-secret identity cache so status works offline.
    AccountInfo accountInfo(const QString &ns) const;
    void setAccountInfo(const QString &ns, const AccountInfo &account);
    QDateTime accessTokenExpiry(const QString &ns) const;
    qint64 accessTokenLifetime(const QString &ns) const; // seconds, -1 unknown
    void setAccessTokenExpiry(const QString &ns, const QDateTime &expiry, qint64 lifetimeSeconds);
    // Set when the refresh token was refused (invalid_grant): sign in again.
    bool reconnectNeeded(const QString &ns) const;
    void setReconnectNeeded(const QString &ns, bool needed);
    // Non-secret values the token endpoint sent besides the tokens (e.g. the
    // account's API host), by field name.
    QHash<QString, QString> accountExtras(const QString &ns) const;
    void setAccountExtras(const QString &ns, const QHash<QString, QString> &extras);
    // Removes every account key of the namespace (not LocalCopyAccount).
    void clearAccount(const QString &ns);
    // The account whose local copy (ItemStore) was written last in the
    // namespace: what `load --offline` reads. Kept across sign-out.
    QString localCopyAccount(const QString &ns) const;
    void setLocalCopyAccount(const QString &ns, const QString &accountId);

    void sync();
    QString fileName() const;
    // Deprecated: the window's last raw keys move to the typed accessors above;
    // then this goes. Nothing new may use it.
    QSettings &raw();

private:
    std::unique_ptr<QSettings> m_settings;
};

// OAuth client credentials given in the environment for one run:
// <PROVIDER>_CLIENT_ID and <PROVIDER>_CLIENT_SECRET, e.g. HUBSPOT_CLIENT_ID. Fields
// are empty when the variable is not set. The CLI and the desktop app both use it.
struct EnvironmentClient
{
    QString clientId;
    QString clientSecret;
};
EnvironmentClient clientFromEnvironment(const QString &providerId);

} // namespace desk
