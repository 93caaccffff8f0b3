// The settings table: every key with its scope, path, type and default.
#include "common/settingskeys.h"

#include <QDateTime>
#include <QUrl>

namespace desk {

namespace {

using S = Setting;
using Scope = SettingScope;
using T = SettingType;

QVector<SettingDefinition> makeTable()
{
    return {
        {S::ClientId, Scope::Provider, "providers/%1/clientId", T::Text, QString()},
        {S::RedirectPort, Scope::Provider, "providers/%1/redirectPort", T::Port, 0},
        {S::Scopes, Scope::Provider, "providers/%1/scopes", T::TextList, QStringList()},
        {S::UseSandbox, Scope::Provider, "providers/%1/useSandbox", T::Bool, false},
        {S::SandboxUrl, Scope::Provider, "providers/%1/sandboxUrl", T::Url, QUrl()},
        {S::ObjectTypes, Scope::Provider, "providers/%1/objectTypes", T::TextList, QStringList()},
        {S::ExtraProperties, Scope::Provider, "providers/%1/extraProperties", T::TextListMap,
         QVariantHash()},
        {S::HasClientSecret, Scope::Provider, "providers/%1/hasClientSecret", T::Bool, false},
        {S::KeepLocalCopy, Scope::Provider, "providers/%1/keepLocalCopy", T::Bool, true},
        {S::View, Scope::Provider, "ui/view/%1", T::Text, QString()},
        {S::Theme, Scope::App, "ui/theme", T::Text, QStringLiteral("system")},
        {S::WindowGeometry, Scope::App, "ui/geometry", T::Bytes, QByteArray()},
        {S::WindowState, Scope::App, "ui/windowState", T::Bytes, QByteArray()},
        {S::MainSplitter, Scope::App, "ui/splitter", T::Bytes, QByteArray()},
        {S::DetailsSplitter, Scope::App, "ui/detailsSplitter", T::Bytes, QByteArray()},
        {S::TreeHeader, Scope::App, "ui/treeHeader", T::Bytes, QByteArray()},
        {S::LastProvider, Scope::App, "ui/provider", T::Text, QString()},
        {S::LegacyGrouping, Scope::App, "ui/grouping", T::Text, QString()},
        {S::CurrentAccount, Scope::Namespace, "accounts/%1/current", T::Text, QString()},
        {S::AccountName, Scope::Namespace, "accounts/%1/name", T::Text, QString()},
        {S::AccountEmail, Scope::Namespace, "accounts/%1/email", T::Text, QString()},
        {S::AccountScopes, Scope::Namespace, "accounts/%1/scopes", T::TextList, QStringList()},
        {S::AccountLabel, Scope::Namespace, "accounts/%1/label", T::Text, QString()},
        {S::AccessTokenExpiry, Scope::Namespace, "accounts/%1/accessTokenExpiry", T::Time,
         QDateTime()},
        {S::AccessTokenLifetime, Scope::Namespace, "accounts/%1/accessTokenLifetime", T::Integer,
         qint64(-1)},
        {S::ReconnectNeeded, Scope::Namespace, "accounts/%1/reconnectNeeded", T::Bool, false},
        {S::AccountExtras, Scope::Namespace, "accounts/%1/extras", T::TextMap, QVariantHash()},
        {S::LocalCopyAccount, Scope::Namespace, "localCopies/%1/account", T::Text, QString()},
    };
}

} // namespace

const QVector<SettingDefinition> &settingDefinitions()
{
    static const QVector<SettingDefinition> table = makeTable();
    return table;
}

const SettingDefinition &settingDefinition(Setting key)
{
    const QVector<SettingDefinition> &table = settingDefinitions();
    for (const SettingDefinition &definition : table)
        if (definition.key == key)
            return definition;
    Q_UNREACHABLE(); // every enumerator has a row (tst_settingskeys checks it)
    return table.first();
}

QString settingPath(Setting key, const QString &scope)
{
    const SettingDefinition &definition = settingDefinition(key);
    const QString path = QString::fromLatin1(definition.path);
    return definition.scope == SettingScope::App ? path : path.arg(scope);
}

} // namespace desk
