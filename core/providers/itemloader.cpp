#include "providers/itemloader.h"

namespace desk {

Error ItemLoader::unknownTypesError(const QString &serviceName, const QStringList &unknown,
                                    const QStringList &supported)
{
    return Error(Error::Kind::Configuration,
                 tr("Unknown %1 object type: %2. Choose from %3.")
                     .arg(serviceName, unknown.join(QStringLiteral(", ")),
                          supported.join(QStringLiteral(", "))),
                 QStringLiteral("unknown object types ") + unknown.join(QLatin1Char(',')));
}

} // namespace desk
