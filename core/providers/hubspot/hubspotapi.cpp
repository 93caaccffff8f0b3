// HubSpot's API: paths of one version, error bodies, rate-limit headers, pacing.
#include "providers/hubspot/hubspotapi.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace desk::hubspot {

namespace {
// The documented general limit of a public app per account (100 per 10 s):
// what a response without rate-limit headers is taken to mean (whether the
// date-based paths send them is unverified).
constexpr RatePacer::Window kDocumentedWindow{100, 10000};
// Requests in flight. The default pacer's cap bounds the client as a whole, all
// budgets together: at 6 (Qt's connections per host) the general requests alone
// fill it at real round trips and search waits behind them, below its own 5/s.
// So the client may carry the general budget's 6 plus the search budget's own 3
// (5/s at a few hundred ms per search needs 2, the partitions ask for up to 3).
constexpr int kGeneralInFlight = 6;
constexpr int kSearchInFlight = 3;
} // namespace

QString Api::objects(const QString &type) const
{
    return QStringLiteral("/crm/objects/") + version + QLatin1Char('/') + type;
}

QString Api::batchRead(const QString &type) const
{
    return objects(type) + QStringLiteral("/batch/read");
}

QString Api::search(const QString &type) const
{
    return objects(type) + QStringLiteral("/search");
}

QString Api::associations(const QString &from, const QString &to) const
{
    return QStringLiteral("/crm/associations/") + version + QLatin1Char('/') + from +
           QLatin1Char('/') + to + QStringLiteral("/batch/read");
}

QString Api::owners() const
{
    return QStringLiteral("/crm/owners/") + version;
}

QString Api::pipelines(const QString &type) const
{
    return QStringLiteral("/crm/pipelines/") + version + QLatin1Char('/') + type;
}

QString Api::accountDetails() const
{
    return QStringLiteral("/account-info/") + version + QStringLiteral("/details");
}

QString Api::token() const
{
    return QStringLiteral("/oauth/") + version + QStringLiteral("/token");
}

QString Api::introspect() const
{
    return token() + QStringLiteral("/introspect");
}

QString Api::revoke() const
{
    return token() + QStringLiteral("/revoke");
}

ApiErrorBody readErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    ApiErrorBody read;
    read.code = object.value(QStringLiteral("category")).toString();
    read.message = object.value(QStringLiteral("message")).toString();
    read.missingScope = read.code == QLatin1String("MISSING_SCOPES");
    return read;
}

OAuthErrorBody readTokenError(const QByteArray &body)
{
    OAuthErrorBody read = parseOAuthError(body);
    read.invalidGrant = read.invalidGrant || read.status == QLatin1String("BAD_REFRESH_TOKEN") ||
                        read.status == QLatin1String("EXPIRED_REFRESH_TOKEN");
    read.invalidClient = read.invalidClient || read.status == QLatin1String("BAD_CLIENT_ID") ||
                         read.status == QLatin1String("BAD_CLIENT_SECRET");
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
            // The general budget learns its window from the headers; without
            // them (or before the first answer) the documented limit applies.
            pacer.setFallbackWindow(kDocumentedWindow);
            pacer.setWindowsWithoutHeaders({kDocumentedWindow});
            // Two kept unused, not one: list pages and search answers make the
            // server's own time vary, and requests it reads late reach its window
            // in a bunch (one 429 in three runs at 250 ms with one kept).
            pacer.setReserve(2);
            if (budget.isEmpty())
                pacer.setMaxInFlight(kGeneralInFlight + kSearchInFlight);
            return;
        }
        pacer.setFixedWindows({RatePacer::Window{kSearchPerSecond, 1000}});
        pacer.setReserve(0);
        pacer.setMaxInFlight(kSearchInFlight);
    };
    return d;
}

} // namespace desk::hubspot
