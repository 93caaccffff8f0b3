#pragma once

#include <QJsonValue>
#include <QtGlobal>
#include <optional>

namespace desk {

// A JSON number from outside input as a whole 64-bit integer: nullopt when the value
// is not a number, not whole, NaN/infinite, or beyond ±2^53 (where doubles stop being
// exact). Converting such a double with qint64(x) is undefined behaviour, which
// fuzzing found in the page parsers; every JSON-number-to-integer goes through here.
inline std::optional<qint64> jsonWholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    constexpr double limit = 9007199254740992.0; // 2^53
    if (!(number >= -limit && number <= limit))  // also false for NaN
        return std::nullopt;
    const auto whole = qint64(number);
    if (double(whole) != number)
        return std::nullopt;
    return whole;
}

} // namespace desk
