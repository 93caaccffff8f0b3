#include "common/urlutil.h"

namespace desk {

QUrl appendPath(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString joined = url.path();
    while (joined.endsWith(QLatin1Char('/')))
        joined.chop(1);
    if (!path.startsWith(QLatin1Char('/')))
        joined += QLatin1Char('/');
    url.setPath(joined + path);
    return url;
}

} // namespace desk
