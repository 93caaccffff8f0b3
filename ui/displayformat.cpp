// DisplayFormat: numbers, counts, dates, ages and durations through QLocale.
#include "displayformat.h"

#include <QLocale>

namespace desk {

QString DisplayFormat::number(qint64 n)
{
    return QLocale().toString(n);
}

QString DisplayFormat::items(qint64 n)
{
    return tr("%Ln item(s)", nullptr, int(qBound<qint64>(0, n, qint64(INT_MAX))));
}

QString DisplayFormat::itemsOf(qint64 shown, qint64 all)
{
    return tr("%1 of %Ln item(s)", nullptr, int(qBound<qint64>(0, all, qint64(INT_MAX))))
        .arg(number(shown));
}

QString DisplayFormat::dateTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}

QString DisplayFormat::longDateTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::LongFormat) : QString();
}

QString DisplayFormat::seconds(qint64 ms)
{
    const double s = ms / 1000.0;
    return tr("%1 s").arg(QLocale().toString(s, 'f', s < 1 ? 2 : 1));
}

QString DisplayFormat::age(const QDateTime &time, const QDateTime &now)
{
    const qint64 secs = time.secsTo(now);
    if (secs < 60)
        return tr("just now");
    const qint64 minutes = secs / 60;
    if (minutes < 60)
        return tr("%Ln minute(s) ago", nullptr, int(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%Ln hour(s) ago", nullptr, int(hours));
    return tr("%Ln day(s) ago", nullptr, int(hours / 24));
}

QString DisplayFormat::asOf(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    const QString when = local.date() == now.toLocalTime().date()
                             ? QLocale().toString(local.time(), QLocale::ShortFormat)
                             : QLocale().toString(local, QLocale::ShortFormat);
    return tr("as of %1, %2").arg(when, age(time, now));
}

} // namespace desk
