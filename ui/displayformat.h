#pragma once

// DisplayFormat: the one way the window writes numbers, counts, dates, ages
// and durations, all through QLocale (so "100,260" everywhere, never "100260").

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace desk {

struct ChangeSummary;

class DisplayFormat
{
    Q_DECLARE_TR_FUNCTIONS(desk::DisplayFormat)
public:
    static QString number(qint64 n);                  // "100,260"
    static QString items(qint64 n);                   // "1 item", "100,260 items"
    static QString itemsOf(qint64 shown, qint64 all); // "2 of 100,260 items"
    static QString dateTime(const QDateTime &time);   // short date and time, local
    static QString longDateTime(const QDateTime &time);
    static QString seconds(qint64 ms); // "0.25 s", "51.1 s"
    // "12 changed, 3 new, 2 removed" / "No changes", counts as number() writes them.
    static QString changes(const ChangeSummary &changes);
    // A number as the source wrote it ("4800", "-12.50") in the user's locale
    // ("4,800", "-12.50"); any other text unchanged.
    static QString numericText(const QString &text);
    // "3 hours ago", "just now", "yesterday"-like coarse ages (future: "just now").
    static QString age(const QDateTime &time, const QDateTime &now);
    // "as of 10:42, 3 hours ago" (the date instead of the time when not today).
    static QString asOf(const QDateTime &time, const QDateTime &now);
};

} // namespace desk
