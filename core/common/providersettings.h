#pragma once

// What the user configured for one provider, as stored by AppSettings and read
// by ProviderSpec::profile(). Plain values; empty fields mean "use the default".

#include <QString>
#include <QStringList>
#include <QUrl>

namespace desk {

struct ProviderSettings
{
    QUrl sandboxUrl; // non-empty: talk to the local sandbox with its demo client
    QString clientId;
    QString clientSecret;
    quint16 redirectPort = 0;
    QStringList scopes;
};

} // namespace desk
