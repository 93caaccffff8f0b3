#pragma once

#include "auth/accesstokenprovider.h"
#include "credentials/credentialstore.h"

#include <QByteArray>
#include <QString>
#include <functional>

namespace desk {

// A fixed bearer token, e.g. a HubSpot private-app token. It cannot be refreshed:
// refreshAccessToken() always reports ReconnectNeeded (the token was rejected; the
// user must paste a new one). The token is kept in the CredentialStore under
// key(provider, "private-app", "access_token").
class StaticTokenProvider : public AccessTokenProvider
{
public:
    explicit StaticTokenProvider(QByteArray token = {},
                                 QString providerName = QStringLiteral("HubSpot"));

    void setToken(const QByteArray &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }

    QByteArray bearerToken() const override { return m_token; }
    bool tokenNeedsRefresh() const override { return false; }
    void refreshAccessToken(std::function<void(const Error &)> done) override;

    static QString storageKey(const QString &provider);
    static void save(CredentialStore &store, const QString &provider, const QByteArray &token,
                     CredentialStore::WriteCallback done);
    static void load(CredentialStore &store, const QString &provider,
                     CredentialStore::ReadCallback done);
    static void remove(CredentialStore &store, const QString &provider,
                       CredentialStore::WriteCallback done);

private:
    QByteArray m_token;
    QString m_providerName;
};

} // namespace desk
