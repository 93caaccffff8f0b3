#include "providers/pageparsing.h"

#include <QCoreApplication>
#include <QtMath>

namespace desk::pageparsing {

Error unreadable(const QString &service, const QString &detail)
{
    return Error(
        Error::Kind::BadResponse,
        QCoreApplication::translate("desk::providers", "%1 sent data that could not be read.")
            .arg(service),
        detail);
}

QString numberText(double value)
{
    if (value == double(qint64(value)) && qAbs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 15);
}

} // namespace desk::pageparsing
