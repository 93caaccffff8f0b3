#include "engine/itemloader.h"

namespace desk {

void ItemLoader::fetchChildren(const IntegrationItem &parent)
{
    const QString id = parent.id;
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            Q_EMIT childrenFinished(id, Error(Error::Kind::Configuration,
                                              tr("These items have no children to load."),
                                              QStringLiteral("fetchChildren not supported")));
        },
        Qt::QueuedConnection);
}

} // namespace desk
