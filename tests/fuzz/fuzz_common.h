#pragma once
// Shared set-up for the libFuzzer targets: logging off (the parsers log their
// findings; that is noise at 10^5 runs/s).
#include <QLoggingCategory>

namespace deskfuzz {
inline void quietLogs()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
}
} // namespace deskfuzz
