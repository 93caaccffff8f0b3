#pragma once

#include "auth/accountinfo.h"
#include "auth/providerprofile.h"
#include "common/result.h"
#include "items/itempresentation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace desk {

class ApiClient;
class ItemLoader;

// What the user configured for a provider. Empty fields mean "use the default".
struct ProviderSettings
{
    QUrl sandboxUrl; // non-empty: talk to the local sandbox with its demo client
    QString clientId;
    QString clientSecret;
    quint16 redirectPort = 0;
    QStringList scopes;
};

// One integration (HubSpot, Airtable, Notion). Stateless; the registry owns one
// instance of each. Adding a provider = its folder in core/providers/ plus one
// line in registry.cpp.
class Provider
{
public:
    virtual ~Provider() = default;

    virtual QString id() const = 0;          // "hubspot"
    virtual QString displayName() const = 0; // "HubSpot"

    // Endpoints, scopes and client for the real service or, with
    // settings.sandboxUrl set, for the sandbox.
    virtual ProviderProfile profile(const ProviderSettings &settings) const = 0;

    virtual QStringList objectTypes() const = 0;        // every type the user can choose
    virtual QStringList defaultObjectTypes() const = 0; // loaded when none is chosen
    virtual QString typeDisplayName(const QString &type) const = 0; // "contact" -> "Contacts"

    // Who is signed in, asked of the provider with a fresh access token.
    virtual void fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                              const QByteArray &accessToken,
                              std::function<void(const Result<AccountInfo> &)> done) const = 0;

    // A loader for this provider's items. The caller owns it (QObject parent).
    virtual ItemLoader *createLoader(ApiClient &client, const ProviderProfile &profile,
                                     QObject *parent) const = 0;

    // How the tree, the details pane and exports show this provider's items.
    // The default: its types in order, no value columns, no other views.
    virtual ItemPresentation presentation() const
    {
        ItemPresentation p;
        for (const QString &type : objectTypes())
            p.types.append({type, typeDisplayName(type), {}, false, false});
        p.webAppName = displayName();
        return p;
    }

protected:
    // "contacts" -> "Contacts": the name of a type without a translated one.
    static QString capitalisedTypeName(const QString &type)
    {
        return type.isEmpty() ? type : type.left(1).toUpper() + type.mid(1);
    }
};

class ProviderRegistry
{
public:
    static const QVector<const Provider *> &all();
    static const Provider *find(const QString &id);
};

} // namespace desk
