#include "auth/statictokenprovider.h"

#include <QCoreApplication>

namespace desk {

StaticTokenProvider::StaticTokenProvider(QByteArray token, QString providerName)
    : m_token(std::move(token)), m_providerName(std::move(providerName))
{}

void StaticTokenProvider::refreshAccessToken(std::function<void(const Error &)> done)
{
    done(Error(Error::Kind::ReconnectNeeded,
               QCoreApplication::translate("desk::StaticTokenProvider",
                                           "%1 rejected the private app token. Enter a new token.")
                   .arg(m_providerName),
               QStringLiteral("static token cannot be refreshed")));
}

QString StaticTokenProvider::storageKey(const QString &provider)
{
    return CredentialStore::key(provider, QStringLiteral("private-app"),
                                QStringLiteral("access_token"));
}

void StaticTokenProvider::save(CredentialStore &store, const QString &provider,
                               const QByteArray &token, CredentialStore::WriteCallback done)
{
    store.write(storageKey(provider), token, std::move(done));
}

void StaticTokenProvider::load(CredentialStore &store, const QString &provider,
                               CredentialStore::ReadCallback done)
{
    store.read(storageKey(provider), std::move(done));
}

void StaticTokenProvider::remove(CredentialStore &store, const QString &provider,
                                 CredentialStore::WriteCallback done)
{
    store.remove(storageKey(provider), std::move(done));
}

} // namespace desk
