// DisplayFormat: numbers, counts, dates, ages and durations through QLocale.
#include "displayformat.h"

#include "store/storetypes.h"

#include <QLocale>
#include <QStringList>

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

QString DisplayFormat::changes(const ChangeSummary &c)
{
    auto count = [](qint64 n) { return int(qBound<qint64>(0, n, qint64(INT_MAX))); };
    QStringList parts;
    if (c.changed > 0)
        parts << tr("%Ln changed", nullptr, count(c.changed));
    if (c.added > 0)
        parts << tr("%Ln new", nullptr, count(c.added));
    if (c.removed > 0)
        parts << tr("%Ln removed", nullptr, count(c.removed));
    return parts.isEmpty() ? tr("No changes") : parts.join(QStringLiteral(", "));
}

QString DisplayFormat::numericText(const QString &text)
{
    const QLocale c = QLocale::c();
    const int point = text.indexOf(QLatin1Char('.'));
    bool ok = false;
    if (point < 0) {
        const qlonglong n = c.toLongLong(text, &ok);
        return ok ? QLocale().toString(n) : text;
    }
    const double value = c.toDouble(text, &ok);
    return ok ? QLocale().toString(value, 'f', int(text.size() - point - 1)) : text;
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
