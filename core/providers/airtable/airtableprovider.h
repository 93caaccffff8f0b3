#pragma once

#include "providers/provider.h"

namespace desk {

// Airtable (OAuth integration with PKCE, HTTP Basic client authentication,
// rotating refresh tokens), or the sandbox that imitates it under {base}/airtable.
// Items: bases -> tables (loaded by start()), records of a table loaded on
// demand with ItemLoader::fetchChildren() (or all at once when "records" is
// among the requested types).
class AirtableProvider : public Provider
{
public:
    static QString defaultSandboxClientId() { return QStringLiteral("desk-airtable-demo"); }
    static QString defaultSandboxClientSecret() { return QStringLiteral("desk-airtable-secret"); }
    static QStringList defaultScopes();

    QString id() const override { return QStringLiteral("airtable"); }
    QString displayName() const override { return QStringLiteral("Airtable"); }

    ProviderProfile profile(const ProviderSettings &settings) const override;

    QStringList objectTypes() const override;        // bases, tables, records
    QStringList defaultObjectTypes() const override; // bases, tables
    QString typeDisplayName(const QString &type) const override;

    // GET {api}/v0/meta/whoami -> id, email, scopes.
    void fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                      const QByteArray &accessToken,
                      std::function<void(const Result<AccountInfo> &)> done) const override;
    static Result<AccountInfo> parseWhoAmI(const QByteArray &body);

    ItemLoader *createLoader(ApiClient &client, const ProviderProfile &profile,
                             QObject *parent) const override;
    ItemPresentation presentation() const override;
};

} // namespace desk
