#include "auth/providerprofile.h"

namespace desk {

QUrl ProviderProfile::redirectUri() const
{
    const QString path = redirectPath.isEmpty() ? QStringLiteral("/callback")
                         : redirectPath.startsWith(QLatin1Char('/'))
                             ? redirectPath
                             : QLatin1Char('/') + redirectPath;
    return QUrl(QStringLiteral("http://localhost:%1%2").arg(redirectPort).arg(path));
}

} // namespace desk
