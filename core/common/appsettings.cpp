#include "common/appsettings.h"

#include <QSettings>

namespace desk {

namespace {
QString providerKey(const QString &provider, const char *name)
{
    return QStringLiteral("providers/") + provider + QLatin1Char('/') + QLatin1String(name);
}
QString accountKey(const QString &ns, const char *name)
{
    return QStringLiteral("accounts/") + ns + QLatin1Char('/') + QLatin1String(name);
}
} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>(organizationName(), applicationName()))
{}

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

AppSettings::~AppSettings() = default;

ProviderSettings AppSettings::providerSettings(const QString &provider) const
{
    ProviderSettings s;
    if (useSandbox(provider))
        s.sandboxUrl = sandboxUrl(provider);
    s.clientId = clientId(provider);
    s.redirectPort = m_settings->value(providerKey(provider, "redirectPort"), 0).toUInt();
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
    return m_settings->value(providerKey(provider, "clientId")).toString();
}

void AppSettings::setClientId(const QString &provider, const QString &clientId)
{
    if (clientId.isEmpty())
        m_settings->remove(providerKey(provider, "clientId"));
    else
        m_settings->setValue(providerKey(provider, "clientId"), clientId);
}

quint16 AppSettings::redirectPort(const QString &provider) const
{
    const uint port = m_settings->value(providerKey(provider, "redirectPort"), 0).toUInt();
    return port > 0 && port < 65536 ? quint16(port) : DefaultRedirectPort;
}

void AppSettings::setRedirectPort(const QString &provider, quint16 port)
{
    if (port == 0)
        m_settings->remove(providerKey(provider, "redirectPort"));
    else
        m_settings->setValue(providerKey(provider, "redirectPort"), uint(port));
}

QStringList AppSettings::scopes(const QString &provider) const
{
    return m_settings->value(providerKey(provider, "scopes")).toStringList();
}

void AppSettings::setScopes(const QString &provider, const QStringList &scopes)
{
    if (scopes.isEmpty())
        m_settings->remove(providerKey(provider, "scopes"));
    else
        m_settings->setValue(providerKey(provider, "scopes"), scopes);
}

bool AppSettings::useSandbox(const QString &provider) const
{
    return m_settings->value(providerKey(provider, "useSandbox"), false).toBool();
}

void AppSettings::setUseSandbox(const QString &provider, bool useSandbox)
{
    m_settings->setValue(providerKey(provider, "useSandbox"), useSandbox);
}

QUrl AppSettings::sandboxUrl(const QString &provider) const
{
    return m_settings->value(providerKey(provider, "sandboxUrl")).toUrl();
}

void AppSettings::setSandboxUrl(const QString &provider, const QUrl &url)
{
    m_settings->setValue(providerKey(provider, "sandboxUrl"), url);
}

QStringList AppSettings::objectTypes(const QString &provider) const
{
    return m_settings->value(providerKey(provider, "objectTypes")).toStringList();
}

void AppSettings::setObjectTypes(const QString &provider, const QStringList &types)
{
    m_settings->setValue(providerKey(provider, "objectTypes"), types);
}

QString AppSettings::theme() const
{
    const QString t = m_settings->value(QStringLiteral("ui/theme")).toString();
    if (t == QLatin1String("light") || t == QLatin1String("dark"))
        return t;
    return QStringLiteral("system");
}

void AppSettings::setTheme(const QString &theme)
{
    m_settings->setValue(QStringLiteral("ui/theme"), theme);
}

QString AppSettings::currentAccount(const QString &ns) const
{
    return m_settings->value(accountKey(ns, "current")).toString();
}

void AppSettings::setCurrentAccount(const QString &ns, const QString &accountId)
{
    m_settings->setValue(accountKey(ns, "current"), accountId);
}

AccountInfo AppSettings::accountInfo(const QString &ns) const
{
    AccountInfo a;
    a.accountId = currentAccount(ns);
    a.accountName = m_settings->value(accountKey(ns, "name")).toString();
    a.userEmail = m_settings->value(accountKey(ns, "email")).toString();
    a.scopes = m_settings->value(accountKey(ns, "scopes")).toStringList();
    a.accountLabel = m_settings->value(accountKey(ns, "label")).toString();
    return a;
}

void AppSettings::setAccountInfo(const QString &ns, const AccountInfo &account)
{
    setCurrentAccount(ns, account.accountId);
    m_settings->setValue(accountKey(ns, "name"), account.accountName);
    m_settings->setValue(accountKey(ns, "email"), account.userEmail);
    m_settings->setValue(accountKey(ns, "scopes"), account.scopes);
    m_settings->setValue(accountKey(ns, "label"), account.accountLabel);
}

QDateTime AppSettings::accessTokenExpiry(const QString &ns) const
{
    return m_settings->value(accountKey(ns, "accessTokenExpiry")).toDateTime();
}

qint64 AppSettings::accessTokenLifetime(const QString &ns) const
{
    return m_settings->value(accountKey(ns, "accessTokenLifetime"), -1).toLongLong();
}

void AppSettings::setAccessTokenExpiry(const QString &ns, const QDateTime &expiry,
                                       qint64 lifetimeSeconds)
{
    if (expiry.isValid())
        m_settings->setValue(accountKey(ns, "accessTokenExpiry"), expiry.toUTC());
    else
        m_settings->remove(accountKey(ns, "accessTokenExpiry"));
    m_settings->setValue(accountKey(ns, "accessTokenLifetime"), lifetimeSeconds);
}

bool AppSettings::reconnectNeeded(const QString &ns) const
{
    return m_settings->value(accountKey(ns, "reconnectNeeded"), false).toBool();
}

void AppSettings::setReconnectNeeded(const QString &ns, bool needed)
{
    if (needed)
        m_settings->setValue(accountKey(ns, "reconnectNeeded"), true);
    else
        m_settings->remove(accountKey(ns, "reconnectNeeded"));
}

QHash<QString, QString> AppSettings::accountExtras(const QString &ns) const
{
    QHash<QString, QString> extras;
    m_settings->beginGroup(accountKey(ns, "extras"));
    const QStringList keys = m_settings->childKeys();
    for (const QString &key : keys)
        extras.insert(key, m_settings->value(key).toString());
    m_settings->endGroup();
    return extras;
}

void AppSettings::setAccountExtras(const QString &ns, const QHash<QString, QString> &extras)
{
    m_settings->remove(accountKey(ns, "extras"));
    for (auto it = extras.cbegin(); it != extras.cend(); ++it)
        m_settings->setValue(accountKey(ns, "extras") + QLatin1Char('/') + it.key(), it.value());
}

void AppSettings::clearAccount(const QString &ns)
{
    m_settings->remove(QStringLiteral("accounts/") + ns);
}

void AppSettings::sync()
{
    m_settings->sync();
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
