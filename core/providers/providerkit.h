#pragma once

// Small pieces several providers' declarations use, so that no provider folder
// repeats another's.

#include "net/apiclient.h"

#include <QByteArray>
#include <QString>

namespace desk::providerkit {

// Every budget paced by one fixed window of `requests` per `windowMs`, the
// whole budget used (no reserve); a 429 without Retry-After holds the budget
// for `holdMs` (-1: one window).
PacerSetup fixedWindowPacing(int requests, int windowMs, qint64 holdMs = -1);

} // namespace desk::providerkit
