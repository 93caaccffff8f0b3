// resolveConnectionConfig(): the one rule (defaults < saved < environment <
// flags) for every value of a connection, and what status shows of it.
#include "connection/connectionconfig.h"

#include "providers/providerspec.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace desk {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::ConnectionConfig", text);
}

template <typename T> void take(Sourced<T> &into, T value, ConfigSource source, QString origin)
{
    into.value = std::move(value);
    into.source = source;
    into.origin = std::move(origin);
}

// The saved layer: a key that is set wins over the default.
template <typename T>
void takeSaved(Sourced<T> &into, const AppSettings &settings, Setting key, const QString &scope,
               const std::function<T(const QVariant &)> &convert)
{
    if (settings.contains(key, scope))
        take(into, convert(settings.value(key, scope)), ConfigSource::Saved,
             settingPath(key, scope));
}

QString listText(const QStringList &list)
{
    return list.join(QLatin1Char(','));
}

QString propertiesText(const QHash<QString, QStringList> &extra)
{
    QStringList parts;
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        for (const QString &name : it.value())
            parts.append(it.key() + QLatin1Char(':') + name);
    parts.sort();
    return parts.join(QLatin1Char(','));
}

Error resolveTarget(ConnectionConfig &c, const ProviderSpec &spec, const AppSettings &settings,
                    const ConnectionEnvironment &env, const ConnectionFlags &flags)
{
    const QString id = spec.id;
    if (settings.useSandbox(id) && !settings.sandboxUrl(id).isEmpty())
        take(c.sandboxUrl, settings.sandboxUrl(id), ConfigSource::Saved,
             settingPath(Setting::SandboxUrl, id));
    else if (settings.contains(Setting::UseSandbox, id))
        take(c.sandboxUrl, QUrl(), ConfigSource::Saved, settingPath(Setting::UseSandbox, id));
    const QString variable = environmentVariable(id, "SANDBOX_URL");
    if (!env.value(variable).isEmpty()) {
        const Result<QUrl> url = parseSandboxUrl(env.value(variable), variable);
        if (!url)
            return url.error();
        take(c.sandboxUrl, url.value(), ConfigSource::Environment, variable);
    }
    if (flags.sandboxUrl)
        take(c.sandboxUrl, *flags.sandboxUrl, ConfigSource::CommandLine,
             flags.sandboxUrl->isEmpty() ? QStringLiteral("--no-sandbox")
                                         : QStringLiteral("--sandbox"));
    return {};
}

void resolveClient(ConnectionConfig &c, const ProviderSpec &spec, const AppSettings &settings,
                   const ConnectionEnvironment &env, const ConnectionFlags &flags,
                   const std::optional<QString> &storedSecret)
{
    const QString id = spec.id;
    if (c.usesSandbox()) {
        // The saved and environment credentials are the real service's.
        take(c.clientId, spec.demoClient.id, ConfigSource::Default,
             tr("the sandbox's demo client"));
        take(c.clientSecret, spec.demoClient.secret, ConfigSource::Default,
             tr("the sandbox's demo client"));
        if (flags.clientId) {
            take(c.clientId, *flags.clientId, ConfigSource::CommandLine,
                 QStringLiteral("--client-id"));
            take(c.clientSecret, flags.clientSecret.value_or(QString()),
                 flags.clientSecret ? ConfigSource::CommandLine : ConfigSource::Default,
                 flags.clientSecret ? QStringLiteral("--client-secret") : QString());
        }
        return;
    }
    takeSaved<QString>(c.clientId, settings, Setting::ClientId, id,
                       [](const QVariant &v) { return v.toString(); });
    if (storedSecret && !storedSecret->isEmpty())
        take(c.clientSecret, *storedSecret, ConfigSource::Saved, QStringLiteral("keychain"));
    const QString idVariable = environmentVariable(id, "CLIENT_ID");
    if (!env.value(idVariable).isEmpty())
        take(c.clientId, env.value(idVariable), ConfigSource::Environment, idVariable);
    const QString secretVariable = environmentVariable(id, "CLIENT_SECRET");
    if (!env.value(secretVariable).isEmpty())
        take(c.clientSecret, env.value(secretVariable), ConfigSource::Environment, secretVariable);
    if (flags.clientId)
        take(c.clientId, *flags.clientId, ConfigSource::CommandLine, QStringLiteral("--client-id"));
    if (flags.clientSecret)
        take(c.clientSecret, *flags.clientSecret, ConfigSource::CommandLine,
             QStringLiteral("--client-secret"));
}

Error resolvePort(ConnectionConfig &c, const QString &id, const AppSettings &settings,
                  const ConnectionEnvironment &env, const ConnectionFlags &flags)
{
    take(c.redirectPort, AppSettings::DefaultRedirectPort, ConfigSource::Default, QString());
    takeSaved<quint16>(c.redirectPort, settings, Setting::RedirectPort, id,
                       [](const QVariant &v) { return quint16(v.toUInt()); });
    const QString variable = environmentVariable(id, "REDIRECT_PORT");
    if (!env.value(variable).isEmpty()) {
        bool ok = false;
        const uint port = env.value(variable).toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return Error(Error::Kind::Configuration,
                         tr("%1 needs a port number 1-65535.").arg(variable));
        take(c.redirectPort, quint16(port), ConfigSource::Environment, variable);
    }
    if (flags.redirectPort)
        take(c.redirectPort, *flags.redirectPort, ConfigSource::CommandLine,
             QStringLiteral("--redirect-port"));
    return {};
}

void resolveLoading(ConnectionConfig &c, const QString &id, const AppSettings &settings,
                    const ConnectionFlags &flags)
{
    const auto list = [](const QVariant &v) { return v.toStringList(); };
    takeSaved<QStringList>(c.scopes, settings, Setting::Scopes, id, list);
    if (flags.scopes)
        take(c.scopes, *flags.scopes, ConfigSource::CommandLine, QStringLiteral("--scopes"));
    takeSaved<QStringList>(c.objectTypes, settings, Setting::ObjectTypes, id, list);
    if (flags.objectTypes)
        take(c.objectTypes, *flags.objectTypes, ConfigSource::CommandLine,
             QStringLiteral("--objects"));
    if (settings.contains(Setting::ExtraProperties, id))
        take(c.extraProperties, settings.extraProperties(id), ConfigSource::Saved,
             settingPath(Setting::ExtraProperties, id));
    if (flags.extraProperties)
        take(c.extraProperties, *flags.extraProperties, ConfigSource::CommandLine,
             QStringLiteral("--properties"));
    take(c.keepLocalCopy, true, ConfigSource::Default, QString());
    takeSaved<bool>(c.keepLocalCopy, settings, Setting::KeepLocalCopy, id,
                    [](const QVariant &v) { return v.toBool(); });
    if (flags.keepLocalCopy)
        take(c.keepLocalCopy, *flags.keepLocalCopy, ConfigSource::CommandLine,
             *flags.keepLocalCopy ? QStringLiteral("--keep-local-copy")
                                  : QStringLiteral("--no-local-copy"));
}

} // namespace

QString configSourceName(ConfigSource source)
{
    switch (source) {
    case ConfigSource::Default:
        return QStringLiteral("default");
    case ConfigSource::Saved:
        return QStringLiteral("saved");
    case ConfigSource::Environment:
        return QStringLiteral("environment");
    case ConfigSource::CommandLine:
        return QStringLiteral("command line");
    }
    return {};
}

ConnectionEnvironment systemEnvironment()
{
    ConnectionEnvironment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    const QStringList keys = system.keys();
    for (const QString &key : keys)
        env.insert(key, system.value(key));
    return env;
}

QString environmentVariable(const QString &providerId, const char *suffix)
{
    QString prefix = providerId.toUpper();
    for (QChar &c : prefix)
        if (!c.isLetterOrNumber() || c.unicode() > 127)
            c = QLatin1Char('_');
    return prefix + QLatin1Char('_') + QLatin1String(suffix);
}

Result<QUrl> parseSandboxUrl(const QString &text, const QString &where)
{
    const QUrl url = QUrl::fromUserInput(text.trimmed());
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return Error(Error::Kind::Configuration,
                     tr("%1 needs an http(s) URL, e.g. http://127.0.0.1:8080").arg(where));
    return url;
}

ProviderSettings ConnectionConfig::providerSettings() const
{
    ProviderSettings s;
    s.sandboxUrl = sandboxUrl.value;
    s.clientId = clientId.value;
    s.clientSecret = clientSecret.value;
    s.redirectPort = redirectPort.value;
    s.scopes = scopes.value;
    return s;
}

QVector<ConnectionConfig::Line> ConnectionConfig::describe() const
{
    const auto line = [](const QString &name, const QString &value, ConfigSource source,
                         const QString &origin) {
        return Line{name, value, source, origin};
    };
    const QString none = QStringLiteral("-");
    QVector<Line> lines;
    lines << line(QStringLiteral("service"),
                  usesSandbox() ? sandboxUrl.value.toString() : QStringLiteral("real"),
                  sandboxUrl.source, sandboxUrl.origin);
    lines << line(QStringLiteral("client id"), clientId.value.isEmpty() ? none : clientId.value,
                  clientId.source, clientId.origin);
    lines << line(QStringLiteral("client secret"),
                  clientSecret.value.isEmpty() ? QStringLiteral("not set") : QStringLiteral("set"),
                  clientSecret.source, clientSecret.origin);
    lines << line(QStringLiteral("redirect port"), QString::number(redirectPort.value),
                  redirectPort.source, redirectPort.origin);
    lines << line(QStringLiteral("scopes"),
                  scopes.value.isEmpty() ? QStringLiteral("(provider default)")
                                         : scopes.value.join(QLatin1Char(' ')),
                  scopes.source, scopes.origin);
    lines << line(QStringLiteral("object types"),
                  objectTypes.value.isEmpty() ? QStringLiteral("(provider default)")
                                              : listText(objectTypes.value),
                  objectTypes.source, objectTypes.origin);
    lines << line(QStringLiteral("extra properties"),
                  extraProperties.value.isEmpty() ? none : propertiesText(extraProperties.value),
                  extraProperties.source, extraProperties.origin);
    lines << line(QStringLiteral("keep local copy"),
                  keepLocalCopy.value ? QStringLiteral("yes") : QStringLiteral("no"),
                  keepLocalCopy.source, keepLocalCopy.origin);
    return lines;
}

Result<ConnectionConfig> resolveConnectionConfig(const ProviderSpec &spec,
                                                 const AppSettings &settings,
                                                 const ConnectionEnvironment &environment,
                                                 const ConnectionFlags &flags,
                                                 const std::optional<QString> &storedSecret)
{
    ConnectionConfig config;
    config.providerId = spec.id;
    if (Error error = resolveTarget(config, spec, settings, environment, flags))
        return error;
    resolveClient(config, spec, settings, environment, flags, storedSecret);
    if (Error error = resolvePort(config, spec.id, settings, environment, flags))
        return error;
    resolveLoading(config, spec.id, settings, flags);
    return config;
}

} // namespace desk
