// ChangeSummary arithmetic and its sentence for the user.
#include "store/storetypes.h"

#include <QCoreApplication>
#include <QStringList>

namespace desk {

ChangeSummary &ChangeSummary::operator+=(const ChangeSummary &other)
{
    added += other.added;
    changed += other.changed;
    unchanged += other.unchanged;
    removed += other.removed;
    return *this;
}

bool ChangeSummary::operator==(const ChangeSummary &other) const
{
    return added == other.added && changed == other.changed && unchanged == other.unchanged &&
           removed == other.removed;
}

QString ChangeSummary::text() const
{
    const char *context = "desk::ItemStore";
    QStringList parts;
    if (changed > 0)
        parts << QCoreApplication::translate(context, "%n changed", nullptr, int(changed));
    if (added > 0)
        parts << QCoreApplication::translate(context, "%n new", nullptr, int(added));
    if (removed > 0)
        parts << QCoreApplication::translate(context, "%n removed", nullptr, int(removed));
    if (parts.isEmpty())
        return QCoreApplication::translate(context, "No changes");
    return parts.join(QStringLiteral(", "));
}

} // namespace desk
