#pragma once

// Small pieces several providers' declarations use, so that no provider folder
// repeats another's.

#include "net/apiclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace desk::providerkit {

// Every budget paced by one fixed window of `requests` per `windowMs`, the
// whole budget used (no reserve); a 429 without Retry-After holds the budget
// for `holdMs` (-1: one window).
PacerSetup fixedWindowPacing(int requests, int windowMs, qint64 holdMs = -1);

// An account answer ("who is signed in"): a JSON object with a non-empty string
// "id", each member of `optional` absent, null or of its type; else nullopt.
std::optional<QJsonObject>
accountObject(const QByteArray &body,
              const QList<QPair<const char *, QJsonValue::Type>> &optional = {});

} // namespace desk::providerkit
