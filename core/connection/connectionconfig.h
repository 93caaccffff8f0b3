#pragma once

// How one integration's connection is configured, resolved in one place with
// one rule: defaults < saved settings < environment < command-line flags. The
// window and the CLI both call resolveConnectionConfig() (through Connection);
// the result says where each value came from (for `status` and for tests).
//
// Client credentials belong to a target. For the real service the layers are
// the table's default (none) < saved (providers/<id>/clientId; the secret in the
// keychain) < environment (<PROVIDER>_CLIENT_ID / _CLIENT_SECRET) < flags
// (--client-id / --client-secret). The sandbox has no saved or environment
// client layers (those are the real service's credentials): its default is its
// demo client, a flag may name another.

#include "common/appsettings.h"
#include "common/error.h"
#include "common/providersettings.h"
#include "common/result.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <optional>

namespace desk {

struct ProviderSpec;

// Where a resolved value came from, lowest layer first.
enum class ConfigSource
{
    Default,     // the table's or the provider's default (the sandbox's demo client)
    Saved,       // the user's settings (the keychain, for a client secret)
    Environment, // a variable of the process environment
    CommandLine, // a flag of the command line (desktop or CLI)
};
QString configSourceName(ConfigSource source); // "default", "saved", "environment", "command line"

template <typename T> struct Sourced
{
    T value{};
    ConfigSource source = ConfigSource::Default;
    // What exactly: a settings key ("providers/hubspot/clientId"), "keychain",
    // a variable ("HUBSPOT_CLIENT_ID"), a flag ("--client-id"), or what the
    // default is ("the sandbox's demo client").
    QString origin;
};

// The process environment as the resolver reads it (tests pass their own).
using ConnectionEnvironment = QHash<QString, QString>;
ConnectionEnvironment systemEnvironment();
// The variables read for a provider: <PREFIX>_CLIENT_ID, _CLIENT_SECRET,
// _SANDBOX_URL, _REDIRECT_PORT, with PREFIX the provider id in upper case
// (non-alphanumerics as '_'): HUBSPOT_CLIENT_ID.
QString environmentVariable(const QString &providerId, const char *suffix);

// The command-line layer: a field that is unset was not given.
struct ConnectionFlags
{
    // --sandbox URL; an empty URL = --no-sandbox (the real service even if the
    // sandbox is saved).
    std::optional<QUrl> sandboxUrl;
    std::optional<QString> clientId;        // --client-id
    std::optional<QString> clientSecret;    // --client-secret (prefer the environment)
    std::optional<quint16> redirectPort;    // --redirect-port
    std::optional<QStringList> scopes;      // --scopes
    std::optional<QStringList> objectTypes; // --objects
    std::optional<QHash<QString, QStringList>> extraProperties; // --properties
    std::optional<bool> keepLocalCopy;                          // --no-local-copy (false)
};

// The resolved configuration. The client secret is the one secret in it (what
// sign-in needs); describe() shows only whether it is set. Never log it.
struct ConnectionConfig
{
    QString providerId;
    Sourced<QUrl> sandboxUrl; // empty = the real service
    Sourced<QString> clientId;
    Sourced<QString> clientSecret;
    Sourced<quint16> redirectPort;
    Sourced<QStringList> scopes;      // empty = the provider's default scopes
    Sourced<QStringList> objectTypes; // empty = the provider's default types
    Sourced<QHash<QString, QStringList>> extraProperties;
    Sourced<bool> keepLocalCopy;

    bool usesSandbox() const { return !sandboxUrl.value.isEmpty(); }
    // What ProviderSpec::profile() takes (the secret included).
    ProviderSettings providerSettings() const;

    struct Line
    {
        QString name;  // "client id"
        QString value; // "desk-demo-client"; a secret is "set" or "not set"
        ConfigSource source = ConfigSource::Default;
        QString origin;
    };
    // One line per value, for `status`: never the secret itself.
    QVector<Line> describe() const;
};

// A sandbox URL as the user typed it: http(s) with a host, or a Configuration
// error naming `where` ("--sandbox", "HUBSPOT_SANDBOX_URL").
Result<QUrl> parseSandboxUrl(const QString &text, const QString &where);

// The one rule (see the top of this file). `storedSecret` is the client secret
// read from the keychain (the saved layer of the secret; unset when not read).
// Fails (Configuration) only for unusable environment values, naming them.
Result<ConnectionConfig> resolveConnectionConfig(const ProviderSpec &spec,
                                                 const AppSettings &settings,
                                                 const ConnectionEnvironment &environment,
                                                 const ConnectionFlags &flags,
                                                 const std::optional<QString> &storedSecret = {});

} // namespace desk
