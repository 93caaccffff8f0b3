// TypeCatalog: requested type names -> the load's types.
#include "engine/loadplan.h"

#include <QCoreApplication>

namespace desk {

QString TypeCatalog::canonical(const QString &name) const
{
    const QString lower = name.trimmed().toLower();
    if (types.contains(lower))
        return lower;
    return aliases.value(lower);
}

Result<QStringList> TypeCatalog::resolve(const QStringList &requested) const
{
    QStringList wanted;
    QStringList unknown;
    for (const QString &name : requested) {
        if (ignored.contains(name.trimmed().toLower()))
            continue;
        const QString type = canonical(name);
        if (type.isEmpty())
            unknown.append(name);
        else if (!wanted.contains(type))
            wanted.append(type);
    }
    if (!unknown.isEmpty())
        return Error(Error::Kind::Configuration,
                     QCoreApplication::translate("desk::ItemLoader",
                                                 "Unknown %1 object type: %2. Choose from %3.")
                         .arg(serviceName, unknown.join(QStringLiteral(", ")),
                              types.join(QStringLiteral(", "))),
                     QStringLiteral("unknown object types ") + unknown.join(QLatin1Char(',')));
    if (wanted.isEmpty())
        wanted = defaults;
    // Prerequisites, transitively (records need tables, tables need bases).
    for (int i = 0; i < wanted.size(); ++i)
        for (const QString &needed : prerequisites.value(wanted.at(i)))
            if (!wanted.contains(needed))
                wanted.append(needed);
    QStringList ordered;
    for (const QString &type : types)
        if (wanted.contains(type))
            ordered.append(type);
    return ordered;
}

} // namespace desk
