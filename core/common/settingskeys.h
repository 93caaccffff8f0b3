#pragma once

// The one table of settings keys: every key the window, the CLI and the core
// read or write is declared once in settingskeys.cpp with its scope, type and
// default. AppSettings (appsettings.h) reads and writes only through this
// table; nothing else names a QSettings key. Secrets never appear here: client
// secrets and tokens live in the CredentialStore.

#include <QString>
#include <QVariant>
#include <QVector>

namespace desk {

enum class Setting
{
    // ---- per provider ("providers/<provider id>/...") ----
    ClientId,        // text: the OAuth client id for the real service; empty = none
    RedirectPort,    // port: the registered loopback port; 0 = the default
    Scopes,          // text list: empty = the provider's defaults
    UseSandbox,      // bool: talk to the sandbox at SandboxUrl
    SandboxUrl,      // url
    ObjectTypes,     // text list: empty = the provider's defaults
    ExtraProperties, // type -> text list: extra properties to load per type
    HasClientSecret, // bool: a client secret is in the keychain (never the secret itself)
    KeepLocalCopy,   // bool, default true: the account's items are kept on disk
    View,            // text, "ui/view/<provider id>": "type", "company" (first grouping), "parent"
          // ---- app ("ui/...") ----
    Theme,           // text: "system", "light", "dark"
    WindowGeometry,  // bytes: QWidget::saveGeometry()
    WindowState,     // bytes: QMainWindow::saveState()
    MainSplitter,    // bytes: QSplitter::saveState() of tree | details
    DetailsSplitter, // bytes: QSplitter::saveState() inside the details pane
    TreeHeader,      // bytes: QHeaderView::saveState()
    LastProvider,    // text: the integration selected when the window closed
    LegacyGrouping,  // text: the view of every provider, as written before views were per provider
                    // ---- per credential namespace ("accounts/<namespace>/...", see OAuthSession)
                    // ----
    CurrentAccount,      // text: whose keychain entries are current; empty = none
    AccountName,         // text
    AccountEmail,        // text
    AccountScopes,       // text list: granted scopes
    AccountLabel,        // text: how the account is shown
    AccessTokenExpiry,   // time (UTC)
    AccessTokenLifetime, // integer: seconds, -1 unknown
    ReconnectNeeded,     // bool: the refresh token was refused
    AccountExtras,       // name -> text: non-secret token-response fields
                   // ---- per credential namespace, kept across sign-out
                   // ("localCopies/<namespace>/...") ----
    LocalCopyAccount, // text: the account whose local copy was written last (load --offline)
};

enum class SettingScope
{
    App,       // no scope argument
    Provider,  // a provider id ("hubspot")
    Namespace, // a credential namespace ("hubspot-sandbox")
};

enum class SettingType
{
    Text,
    TextList,
    Bool,
    Port, // 1-65535; 0 = unset
    Url,
    Bytes,
    Time,        // QDateTime, UTC
    Integer,     // qint64
    TextMap,     // a group of name -> text
    TextListMap, // a group of name -> text list
};

struct SettingDefinition
{
    Setting key;
    SettingScope scope;
    const char *path; // "%1" stands for the scope: "providers/%1/clientId"
    SettingType type;
    QVariant defaultValue; // what a read gives when the key is unset
};

// Every key, in declaration order.
const QVector<SettingDefinition> &settingDefinitions();
const SettingDefinition &settingDefinition(Setting key);
// The QSettings key of `key` for `scope` (a provider id or credential namespace;
// ignored for app keys): settingPath(Setting::ClientId, "hubspot") ==
// "providers/hubspot/clientId".
QString settingPath(Setting key, const QString &scope = {});

} // namespace desk
