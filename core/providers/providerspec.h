#pragma once

// ProviderSpec: one integration (a CRM, a spreadsheet-database, a wiki...) as a
// declaration. Its folder in core/providers/<name>/ fills one; shared machinery
// reads it: OAuthSession gets a ProviderProfile and an AccountLookup, ApiClient
// an ApiDialect, LoadEngine a LoadDefinition, the UI and the store its
// ItemPresentation. Nothing outside the provider's folder names the provider,
// its types, properties or endpoints.
//
// A provider is its folder plus one registration line: core providers in
// registry.cpp, any other (a test's) with ProviderRegistry::add().

#include "auth/accountlookup.h"
#include "auth/providerprofile.h"
#include "common/providersettings.h"
#include "engine/loadplan.h"
#include "items/itempresentation.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <functional>

class QNetworkAccessManager;

namespace desk {

class ApiClient;
class ItemLoader;

// Where a provider's service lives.
struct ProviderEndpoints
{
    QUrl authorize;
    QUrl token;
    QUrl revoke;   // empty: no revocation endpoint
    QUrl metadata; // who is signed in (AccountLookup); empty: none
    QUrl api;      // data API root
    QUrl web;      // where objects open in a browser
};

// The local sandbox's imitation of it: paths under the sandbox's base URL.
struct SandboxEndpoints
{
    QString authorize;
    QString token;
    QString revoke; // empty: none
    QString metadata;
    QString api;               // empty: the sandbox's base itself
    bool webOnSandbox = false; // object links point at the sandbox (else at endpoints.web)
};

struct OAuthClient
{
    QString id;
    QString secret; // the sandbox's demo secret is public; real secrets never live in a spec
};

struct ProviderSpec
{
    ProviderSpec() = default;
    ProviderSpec(QString id, QString displayName, QString sandboxDisplayName)
        : id(std::move(id))
        , displayName(std::move(displayName))
        , sandboxDisplayName(std::move(sandboxDisplayName))
    {}

    // ---- identity and presentation --------------------------------------------
    QString id;                 // "hubspot": settings keys, keychain namespace, --provider
    QString displayName;        // "HubSpot"
    QString sandboxDisplayName; // translated "HubSpot (sandbox)"
    // Types in order (names, default or not, parent type, container and lazy
    // flags), value columns, groupings, hierarchy view, the web app's name.
    ItemPresentation itemPresentation;
    QHash<QString, QString> typeAliases;           // other lower-case names for a type
    QHash<QString, QStringList> typePrerequisites; // type -> types loaded with it

    // ---- sign-in ----------------------------------------------------------------
    ProviderEndpoints endpoints;
    SandboxEndpoints sandbox;
    OAuthClient demoClient; // the sandbox's
    QStringList defaultScopes;
    QString redirectPath = QStringLiteral("/callback");
    ProviderProfile::TokenRequestStyle tokenRequestStyle =
        ProviderProfile::TokenRequestStyle::FormBody;
    bool pkceRequired = true;
    bool expiresInRequired = true;
    QList<QPair<QString, QString>> extraAuthorizeParameters;
    ProviderProfile::RevokeStyle revokeStyle = ProviderProfile::RevokeStyle::FormWithClient;
    QStringList tokenResponseExtras;
    QString apiBaseUrlExtra;
    OAuthErrorReader readTokenError; // the token endpoint's own error codes; empty: RFC 6749's
    AccountLookup account;           // who is signed in after an OAuth sign-in
    // Who is signed in for a bearer token that came without a token response
    // (connect with an access token, fetchAccount()); not valid: `account`.
    AccountLookup tokenAccount;

    // ---- loading --------------------------------------------------------------------
    // Error bodies, rate-limit headers, default headers and pacing, for a tuning.
    std::function<ApiDialect(const LoadTuning &tuning)> dialect;
    std::function<LoadPlan(const PlanContext &context)> plan; // streams + references
    std::function<std::optional<StreamSpec>(const IntegrationItem &parent,
                                            const PlanContext &context)>
        children; // lazy containers' child streams; empty: none

    // ---- read by the shared machinery --------------------------------------------
    // Endpoints, scopes and client for the real service or, with
    // settings.sandboxUrl set, for the sandbox (its demo client unless a client
    // id is configured).
    ProviderProfile profile(const ProviderSettings &settings) const;
    const ItemPresentation &presentation() const { return itemPresentation; }
    QStringList objectTypes() const;                    // the types a user can choose, in order
    QStringList defaultObjectTypes() const;             // loaded when none is chosen
    QString typeDisplayName(const QString &type) const; // "contacts" -> "Contacts"
    TypeCatalog catalog() const;
    LoadDefinition load() const;
    // A LoadEngine running this provider's plan; the caller owns it (QObject parent).
    ItemLoader *createLoader(ApiClient &client, const ProviderProfile &profile,
                             QObject *parent) const;
    // Who is signed in, asked of the provider with a fresh access token.
    void fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                      const QByteArray &accessToken,
                      std::function<void(const Result<AccountInfo> &)> done) const;
};

class ProviderRegistry
{
public:
    // Every provider: the core ones (registry.cpp), then those added.
    static const QVector<const ProviderSpec *> &all();
    static const ProviderSpec *find(const QString &id);
    // Registers a provider declared outside core/, with one line at namespace
    // scope of its own file:
    //     static const bool registered = desk::ProviderRegistry::add(mySpec());
    // The registry keeps a copy. False (and nothing changes) when the id is taken.
    static bool add(ProviderSpec spec);
};

} // namespace desk
