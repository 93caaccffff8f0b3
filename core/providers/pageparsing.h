#pragma once

// Small pieces the providers' response parsers share (Qt Core only, so the
// fuzz targets can build a parser with just its own files and this one).

#include "common/error.h"

#include <QString>

namespace desk::pageparsing {

// The BadResponse error of a body without the documented shape: the user reads
// "<service> sent data that could not be read.", the log `detail`.
Error unreadable(const QString &service, const QString &detail);

// A JSON number as text: whole numbers without a fraction ("3"), others with
// up to 15 significant digits ("2.5").
QString numberText(double value);

} // namespace desk::pageparsing
