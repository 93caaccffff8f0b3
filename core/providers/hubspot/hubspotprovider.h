#pragma once

#include "providers/provider.h"

namespace desk {

// HubSpot (public OAuth app), or the local sandbox that imitates it.
class HubSpotProvider : public Provider
{
public:
    static QString defaultSandboxClientId() { return QStringLiteral("desk-demo-client"); }
    static QString defaultSandboxClientSecret() { return QStringLiteral("desk-demo-secret"); }
    static QStringList defaultScopes();

    QString id() const override { return QStringLiteral("hubspot"); }
    QString displayName() const override { return QStringLiteral("HubSpot"); }

    // Real service: app.hubspot.com / api.hubapi.com with the configured client.
    // settings.sandboxUrl set: every URL on that base, the demo client
    // (desk-demo-client / desk-demo-secret) unless a client id is configured.
    ProviderProfile profile(const ProviderSettings &settings) const override;

    QStringList objectTypes() const override;
    QStringList defaultObjectTypes() const override;
    QString typeDisplayName(const QString &type) const override;

    // GET {base}/oauth/v1/access-tokens/{token} -> user, hub_id, hub_domain, scopes.
    void fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                      const QByteArray &accessToken,
                      std::function<void(const Result<AccountInfo> &)> done) const override;

    // Parses the access-token metadata body (exposed for tests).
    static Result<AccountInfo> parseAccessTokenMetadata(const QByteArray &body);

    ItemLoader *createLoader(ApiClient &client, const ProviderProfile &profile,
                             QObject *parent) const override; // hubspotprovider_loader.cpp
    ItemPresentation presentation() const override;
};

} // namespace desk
