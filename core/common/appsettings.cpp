#include "common/appsettings.h"

#include <QSettings>

namespace desk {

namespace {

// A value read from QSettings (INI files give strings back) as the key's type.
QVariant converted(SettingType type, const QVariant &raw)
{
    switch (type) {
    case SettingType::Text:
        return raw.toString();
    case SettingType::TextList:
        return raw.toStringList();
    case SettingType::Bool:
        return raw.toBool();
    case SettingType::Port: {
        bool ok = false;
        const uint port = raw.toUInt(&ok);
        return ok && port > 0 && port < 65536 ? QVariant(port) : QVariant();
    }
    case SettingType::Url:
        return raw.toUrl();
    case SettingType::Bytes:
        return raw.toByteArray();
    case SettingType::Time:
        return raw.toDateTime();
    case SettingType::Integer: {
        bool ok = false;
        const qint64 number = raw.toLongLong(&ok);
        return ok ? QVariant(number) : QVariant();
    }
    case SettingType::TextMap:
    case SettingType::TextListMap:
        return {};
    }
    return {};
}

bool convertible(SettingType type, const QVariant &value)
{
    switch (type) {
    case SettingType::Text:
        return value.canConvert<QString>();
    case SettingType::TextList:
        return value.canConvert<QStringList>();
    case SettingType::Bool:
        return value.canConvert<bool>();
    case SettingType::Port:
        return converted(type, value).isValid();
    case SettingType::Url:
        return value.canConvert<QUrl>();
    case SettingType::Bytes:
        return value.canConvert<QByteArray>();
    case SettingType::Time:
        return value.canConvert<QDateTime>();
    case SettingType::Integer:
        return converted(type, value).isValid();
    case SettingType::TextMap:
    case SettingType::TextListMap:
        return value.canConvert<QVariantHash>();
    }
    return false;
}

QString themeName(const QString &t)
{
    return t == QLatin1String("light") || t == QLatin1String("dark") ? t : QStringLiteral("system");
}

} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>(organizationName(), applicationName()))
{}

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

AppSettings::~AppSettings() = default;

QVariant AppSettings::value(Setting key, const QString &scope) const
{
    const SettingDefinition &definition = settingDefinition(key);
    const QString path = settingPath(key, scope);
    if (definition.type == SettingType::TextMap || definition.type == SettingType::TextListMap) {
        QVariantHash map;
        m_settings->beginGroup(path);
        const QStringList names = m_settings->childKeys();
        for (const QString &name : names) {
            const QVariant raw = m_settings->value(name);
            map.insert(name, definition.type == SettingType::TextMap
                                 ? QVariant(raw.toString())
                                 : QVariant(raw.toStringList()));
        }
        m_settings->endGroup();
        return map;
    }
    if (!m_settings->contains(path))
        return definition.defaultValue;
    const QVariant value = converted(definition.type, m_settings->value(path));
    return value.isValid() ? value : definition.defaultValue;
}

bool AppSettings::setValue(Setting key, const QVariant &value, const QString &scope)
{
    const SettingDefinition &definition = settingDefinition(key);
    if (!convertible(definition.type, value))
        return false;
    const QString path = settingPath(key, scope);
    if (definition.type == SettingType::TextMap || definition.type == SettingType::TextListMap) {
        m_settings->remove(path);
        const QVariantHash map = value.toHash();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            m_settings->setValue(path + QLatin1Char('/') + it.key(),
                                 definition.type == SettingType::TextMap
                                     ? QVariant(it.value().toString())
                                     : QVariant(it.value().toStringList()));
        return true;
    }
    QVariant stored = converted(definition.type, value);
    if (definition.type == SettingType::Time)
        stored = stored.toDateTime().toUTC();
    m_settings->setValue(path, stored);
    return true;
}

void AppSettings::remove(Setting key, const QString &scope)
{
    m_settings->remove(settingPath(key, scope));
}

bool AppSettings::contains(Setting key, const QString &scope) const
{
    const QString path = settingPath(key, scope);
    if (m_settings->contains(path))
        return true;
    m_settings->beginGroup(path);
    const bool group = !m_settings->childKeys().isEmpty();
    m_settings->endGroup();
    return group;
}

ProviderSettings AppSettings::providerSettings(const QString &provider) const
{
    ProviderSettings s;
    if (useSandbox(provider))
        s.sandboxUrl = sandboxUrl(provider);
    s.clientId = clientId(provider);
    s.redirectPort = quint16(value(Setting::RedirectPort, provider).toUInt());
    s.scopes = scopes(provider);
    return s;
}

void AppSettings::setProviderSettings(const QString &provider, const ProviderSettings &settings)
{
    setUseSandbox(provider, !settings.sandboxUrl.isEmpty());
    if (!settings.sandboxUrl.isEmpty())
        setSandboxUrl(provider, settings.sandboxUrl);
    setClientId(provider, settings.clientId);
    setRedirectPort(provider, settings.redirectPort);
    setScopes(provider, settings.scopes);
    // settings.clientSecret is deliberately not stored here.
}

QString AppSettings::clientId(const QString &provider) const
{
    return value(Setting::ClientId, provider).toString();
}

void AppSettings::setClientId(const QString &provider, const QString &clientId)
{
    if (clientId.isEmpty())
        remove(Setting::ClientId, provider);
    else
        setValue(Setting::ClientId, clientId, provider);
}

quint16 AppSettings::redirectPort(const QString &provider) const
{
    const uint port = value(Setting::RedirectPort, provider).toUInt();
    return port > 0 ? quint16(port) : DefaultRedirectPort;
}

void AppSettings::setRedirectPort(const QString &provider, quint16 port)
{
    if (port == 0)
        remove(Setting::RedirectPort, provider);
    else
        setValue(Setting::RedirectPort, uint(port), provider);
}

QStringList AppSettings::scopes(const QString &provider) const
{
    return value(Setting::Scopes, provider).toStringList();
}

void AppSettings::setScopes(const QString &provider, const QStringList &scopes)
{
    if (scopes.isEmpty())
        remove(Setting::Scopes, provider);
    else
        setValue(Setting::Scopes, scopes, provider);
}

bool AppSettings::useSandbox(const QString &provider) const
{
    return value(Setting::UseSandbox, provider).toBool();
}

void AppSettings::setUseSandbox(const QString &provider, bool useSandbox)
{
    setValue(Setting::UseSandbox, useSandbox, provider);
}

QUrl AppSettings::sandboxUrl(const QString &provider) const
{
    return value(Setting::SandboxUrl, provider).toUrl();
}

void AppSettings::setSandboxUrl(const QString &provider, const QUrl &url)
{
    setValue(Setting::SandboxUrl, url, provider);
}

QStringList AppSettings::objectTypes(const QString &provider) const
{
    return value(Setting::ObjectTypes, provider).toStringList();
}

void AppSettings::setObjectTypes(const QString &provider, const QStringList &types)
{
    setValue(Setting::ObjectTypes, types, provider);
}

QHash<QString, QStringList> AppSettings::extraProperties(const QString &provider) const
{
    QHash<QString, QStringList> extra;
    const QVariantHash map = value(Setting::ExtraProperties, provider).toHash();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        extra.insert(it.key(), it.value().toStringList());
    return extra;
}

void AppSettings::setExtraProperties(const QString &provider,
                                     const QHash<QString, QStringList> &extra)
{
    QVariantHash map;
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        map.insert(it.key(), it.value());
    setValue(Setting::ExtraProperties, map, provider);
}

bool AppSettings::hasClientSecret(const QString &provider) const
{
    return value(Setting::HasClientSecret, provider).toBool();
}

void AppSettings::setHasClientSecret(const QString &provider, bool stored)
{
    setValue(Setting::HasClientSecret, stored, provider);
}

bool AppSettings::keepLocalCopy(const QString &provider) const
{
    return value(Setting::KeepLocalCopy, provider).toBool();
}

void AppSettings::setKeepLocalCopy(const QString &provider, bool keep)
{
    setValue(Setting::KeepLocalCopy, keep, provider);
}

QString AppSettings::theme() const
{
    return themeName(value(Setting::Theme).toString());
}

void AppSettings::setTheme(const QString &theme)
{
    setValue(Setting::Theme, theme);
}

QByteArray AppSettings::windowGeometry() const
{
    return value(Setting::WindowGeometry).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &state)
{
    setValue(Setting::WindowGeometry, state);
}

QByteArray AppSettings::windowState() const
{
    return value(Setting::WindowState).toByteArray();
}

void AppSettings::setWindowState(const QByteArray &state)
{
    setValue(Setting::WindowState, state);
}

QByteArray AppSettings::mainSplitterState() const
{
    return value(Setting::MainSplitter).toByteArray();
}

void AppSettings::setMainSplitterState(const QByteArray &state)
{
    setValue(Setting::MainSplitter, state);
}

QByteArray AppSettings::detailsSplitterState() const
{
    return value(Setting::DetailsSplitter).toByteArray();
}

void AppSettings::setDetailsSplitterState(const QByteArray &state)
{
    setValue(Setting::DetailsSplitter, state);
}

QByteArray AppSettings::treeHeaderState() const
{
    return value(Setting::TreeHeader).toByteArray();
}

void AppSettings::setTreeHeaderState(const QByteArray &state)
{
    setValue(Setting::TreeHeader, state);
}

QString AppSettings::lastProvider() const
{
    return value(Setting::LastProvider).toString();
}

void AppSettings::setLastProvider(const QString &provider)
{
    setValue(Setting::LastProvider, provider);
}

QString AppSettings::view(const QString &provider) const
{
    return value(Setting::View, provider).toString();
}

void AppSettings::setView(const QString &provider, const QString &view)
{
    setValue(Setting::View, view, provider);
}

QString AppSettings::legacyGrouping() const
{
    return value(Setting::LegacyGrouping).toString();
}

QString AppSettings::currentAccount(const QString &ns) const
{
    return value(Setting::CurrentAccount, ns).toString();
}

void AppSettings::setCurrentAccount(const QString &ns, const QString &accountId)
{
    setValue(Setting::CurrentAccount, accountId, ns);
}

AccountInfo AppSettings::accountInfo(const QString &ns) const
{
    AccountInfo a;
    a.accountId = currentAccount(ns);
    a.accountName = value(Setting::AccountName, ns).toString();
    a.userEmail = value(Setting::AccountEmail, ns).toString();
    a.scopes = value(Setting::AccountScopes, ns).toStringList();
    a.accountLabel = value(Setting::AccountLabel, ns).toString();
    return a;
}

void AppSettings::setAccountInfo(const QString &ns, const AccountInfo &account)
{
    setCurrentAccount(ns, account.accountId);
    setValue(Setting::AccountName, account.accountName, ns);
    setValue(Setting::AccountEmail, account.userEmail, ns);
    setValue(Setting::AccountScopes, account.scopes, ns);
    setValue(Setting::AccountLabel, account.accountLabel, ns);
}

QDateTime AppSettings::accessTokenExpiry(const QString &ns) const
{
    return value(Setting::AccessTokenExpiry, ns).toDateTime();
}

qint64 AppSettings::accessTokenLifetime(const QString &ns) const
{
    return value(Setting::AccessTokenLifetime, ns).toLongLong();
}

void AppSettings::setAccessTokenExpiry(const QString &ns, const QDateTime &expiry,
                                       qint64 lifetimeSeconds)
{
    if (expiry.isValid())
        setValue(Setting::AccessTokenExpiry, expiry.toUTC(), ns);
    else
        remove(Setting::AccessTokenExpiry, ns);
    setValue(Setting::AccessTokenLifetime, lifetimeSeconds, ns);
}

bool AppSettings::reconnectNeeded(const QString &ns) const
{
    return value(Setting::ReconnectNeeded, ns).toBool();
}

void AppSettings::setReconnectNeeded(const QString &ns, bool needed)
{
    if (needed)
        setValue(Setting::ReconnectNeeded, true, ns);
    else
        remove(Setting::ReconnectNeeded, ns);
}

QHash<QString, QString> AppSettings::accountExtras(const QString &ns) const
{
    QHash<QString, QString> extras;
    const QVariantHash map = value(Setting::AccountExtras, ns).toHash();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        extras.insert(it.key(), it.value().toString());
    return extras;
}

void AppSettings::setAccountExtras(const QString &ns, const QHash<QString, QString> &extras)
{
    QVariantHash map;
    for (auto it = extras.cbegin(); it != extras.cend(); ++it)
        map.insert(it.key(), it.value());
    setValue(Setting::AccountExtras, map, ns);
}

void AppSettings::clearAccount(const QString &ns)
{
    for (const SettingDefinition &definition : settingDefinitions())
        if (definition.scope == SettingScope::Namespace &&
            definition.key != Setting::LocalCopyAccount)
            remove(definition.key, ns);
}

QString AppSettings::localCopyAccount(const QString &ns) const
{
    return value(Setting::LocalCopyAccount, ns).toString();
}

void AppSettings::setLocalCopyAccount(const QString &ns, const QString &accountId)
{
    if (accountId.isEmpty())
        remove(Setting::LocalCopyAccount, ns);
    else
        setValue(Setting::LocalCopyAccount, accountId, ns);
}

void AppSettings::sync()
{
    m_settings->sync();
}

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

QSettings &AppSettings::raw()
{
    return *m_settings;
}

EnvironmentClient clientFromEnvironment(const QString &providerId)
{
    const QByteArray prefix = providerId.toUpper().toLatin1();
    EnvironmentClient client;
    client.clientId = qEnvironmentVariable(QByteArray(prefix + "_CLIENT_ID").constData());
    client.clientSecret = qEnvironmentVariable(QByteArray(prefix + "_CLIENT_SECRET").constData());
    return client;
}

} // namespace desk
