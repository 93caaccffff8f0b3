#pragma once

// ISO 8601 instants as providers' filters take them: a date (midnight UTC) or
// a date-time, with or without milliseconds; no zone means UTC.
#include <QDateTime>
#include <QString>

namespace desk::sandbox {

inline bool parseIsoInstant(const QString &text, qint64 *ms, bool *dateOnly = nullptr)
{
    const QString t = text.trimmed();
    if (dateOnly)
        *dateOnly = false;
    if (t.size() == 10) {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (!d.isValid())
            return false;
        if (dateOnly)
            *dateOnly = true;
        *ms = QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        return true;
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return false;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC); // read as UTC, not as the server's zone
    *ms = dt.toMSecsSinceEpoch();
    return true;
}

} // namespace desk::sandbox
