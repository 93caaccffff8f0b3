#pragma once

#include "providers/provider.h"

namespace desk {

// Notion (public integration: OAuth with HTTP Basic client authentication and
// a JSON token request, owner=user, tokens without expiry), or the sandbox that
// imitates it under {base}/notion. Items: the workspace root, then pages and
// databases in their parent tree (NotionLoader).
class NotionProvider : public Provider
{
public:
    static QString defaultSandboxClientId() { return QStringLiteral("desk-notion-demo"); }
    static QString defaultSandboxClientSecret() { return QStringLiteral("desk-notion-secret"); }

    QString id() const override { return QStringLiteral("notion"); }
    QString displayName() const override { return QStringLiteral("Notion"); }

    ProviderProfile profile(const ProviderSettings &settings) const override;

    QStringList objectTypes() const override; // pages, databases
    QStringList defaultObjectTypes() const override;
    QString typeDisplayName(const QString &type) const override;

    // GET {api}/v1/users/me (the integration's bot user): account id = bot id,
    // name = workspace name, email = the owner's.
    void fetchAccount(QNetworkAccessManager &network, const ProviderProfile &profile,
                      const QByteArray &accessToken,
                      std::function<void(const Result<AccountInfo> &)> done) const override;
    static Result<AccountInfo> parseBotUser(const QByteArray &body);

    ItemLoader *createLoader(ApiClient &client, const ProviderProfile &profile,
                             QObject *parent) const override;
    ItemPresentation presentation() const override;
};

} // namespace desk
