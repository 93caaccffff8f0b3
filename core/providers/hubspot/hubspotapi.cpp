#include "providers/hubspot/hubspotapi.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace desk::hubspot {

namespace {
// A fixed window a little under the search limit, so search neither spends the
// list budget nor gets paced by it.
constexpr int kSearchPerSecond = 4;
} // namespace

ApiErrorBody readErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    ApiErrorBody read;
    read.code = object.value(QStringLiteral("category")).toString();
    read.message = object.value(QStringLiteral("message")).toString();
    read.missingScope = read.code == QLatin1String("MISSING_SCOPES");
    return read;
}

RateReading readRateHeaders(const RatePacer::Headers &headers)
{
    RateReading windows;
    bool maxOk = false, intervalOk = false, remainingOk = false;
    const int max = RatePacer::headerInt(headers, "X-HubSpot-RateLimit-Max", &maxOk);
    const int interval =
        RatePacer::headerInt(headers, "X-HubSpot-RateLimit-Interval-Milliseconds", &intervalOk);
    const int remaining =
        RatePacer::headerInt(headers, "X-HubSpot-RateLimit-Remaining", &remainingOk);
    if (maxOk)
        windows.append(
            {max, intervalOk && interval > 0 ? interval : 10000, remainingOk ? remaining : -1});
    bool secondlyOk = false, secondlyRemainingOk = false;
    const int secondly = RatePacer::headerInt(headers, "X-HubSpot-RateLimit-Secondly", &secondlyOk);
    const int secondlyRemaining = RatePacer::headerInt(
        headers, "X-HubSpot-RateLimit-Secondly-Remaining", &secondlyRemainingOk);
    if (secondlyOk)
        windows.append({secondly, 1000, secondlyRemainingOk ? secondlyRemaining : -1});
    return windows;
}

ApiDialect dialect(const LoadTuning &tuning)
{
    Q_UNUSED(tuning);
    ApiDialect d;
    d.readError = &readErrorBody;
    d.readRateHeaders = &readRateHeaders;
    d.pacing = [](RatePacer &pacer, const QString &budget) {
        if (budget != kSearchBudget) {
            pacer.setFallbackWindow({100, 10000}); // the documented limit, until headers say
            return; // the list budget learns its window from the headers
        }
        pacer.setFixedWindows({RatePacer::Window{kSearchPerSecond, 1000}});
        pacer.setReserve(0);
    };
    return d;
}

} // namespace desk::hubspot
