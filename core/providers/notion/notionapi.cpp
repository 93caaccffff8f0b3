// Notion's requests and API dialect: version header, error body, which answers
// mean "slow down", and the pacing of the per-connection budget.
#include "providers/notion/notionapi.h"

#include "net/ratepacer.h"
#include "providers/notion/notionpage.h"

#include <QJsonDocument>

namespace desk::notion {

ApiErrorBody readErrorBody(const QByteArray &body)
{
    ApiErrorBody read = readPlainErrorBody(body);
    const QJsonObject additional =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("additional_data")).toObject();
    read.sharedLimit = additional.value(QStringLiteral("rate_limit_reason")).toString() ==
                       QLatin1String(kWorkspaceLimitReason);
    return read;
}

ApiDialect dialect(const LoadTuning &tuning)
{
    ApiDialect d;
    d.readError = &readErrorBody;
    d.defaultHeaders = {{"Notion-Version", kVersion}};
    // 529 service_overload is answered like 429 (Notion's SDK retries both the
    // same way): Retry-After waited out, the pacer held meanwhile.
    d.rateLimitStatuses = {529};
    const bool budgetKnown = tuning.windowRequests > 0;
    const int rate = tuning.requestsPerSecond > 0 ? tuning.requestsPerSecond
                     : budgetKnown                ? 0
                                                  : kDefaultRequestsPerSecond;
    QVector<RatePacer::Window> windows;
    if (rate > 0) // evenly spaced: the bucket also serves calls this pacer does not see
        windows.append(RatePacer::Window{1, (1000 + rate - 1) / rate});
    windows.append(budgetKnown
                       ? RatePacer::Window{tuning.windowRequests,
                                           tuning.windowMs > 0 ? tuning.windowMs : kBudgetWindowMs}
                       : RatePacer::Window{kDefaultRequestsPerSecond * 60, kBudgetWindowMs});
    const qint64 hold = tuning.rateLimitHoldMs;
    d.pacing = [windows, hold](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows(windows);
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(hold); // -1: a 429 without Retry-After holds a window
    };
    return d;
}

int pageSize(const LoadTuning &tuning)
{
    return tuning.pageSize > 0 ? qBound(1, tuning.pageSize, kMaxPageSize) : kMaxPageSize;
}

ApiRequest searchRequest(const QString &cursor, int pageSize, const QString &objectFilter,
                         bool trash, bool descending)
{
    QJsonObject body{
        {QStringLiteral("page_size"), pageSize},
        {QStringLiteral("sort"),
         QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("last_edited_time")},
                     {QStringLiteral("direction"),
                      descending ? QStringLiteral("descending") : QStringLiteral("ascending")}}}};
    QJsonObject filter;
    if (!objectFilter.isEmpty()) {
        filter.insert(QStringLiteral("property"), QStringLiteral("object"));
        filter.insert(QStringLiteral("value"), objectFilter);
    }
    if (trash)
        filter.insert(QStringLiteral("in_trash"), true);
    if (!filter.isEmpty())
        body.insert(QStringLiteral("filter"), filter);
    if (!cursor.isEmpty())
        body.insert(QStringLiteral("start_cursor"), cursor);
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url = QUrl(QStringLiteral("/v1/search"));
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

ApiRequest retrieveRequest(const QString &type, const QString &id)
{
    const QString collection = type == kDatabases     ? QStringLiteral("databases")
                               : type == kDataSources ? QStringLiteral("data_sources")
                                                      : QStringLiteral("pages");
    ApiRequest request;
    request.url = QUrl(QStringLiteral("/v1/") + collection + QLatin1Char('/') + id);
    request.tag = type;
    return request;
}

ApiRequest queryRequest(const QString &dataSourceId, const QString &cursor, int pageSize,
                        QJsonObject body)
{
    body.insert(QStringLiteral("page_size"), pageSize);
    if (!cursor.isEmpty())
        body.insert(QStringLiteral("start_cursor"), cursor);
    ApiRequest request;
    request.verb = QByteArrayLiteral("POST");
    request.url =
        QUrl(QStringLiteral("/v1/data_sources/") + dataSourceId + QStringLiteral("/query"));
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

bool isGone(const Error &error)
{
    return error.httpStatus == 404 || error.httpStatus == 403;
}

bool isAuthError(const Error &error)
{
    return error.kind == Error::Kind::ReconnectNeeded || error.kind == Error::Kind::Unauthorized;
}

} // namespace desk::notion
