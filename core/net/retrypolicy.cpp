#include "net/retrypolicy.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace desk {

ResponseClass classifyResponse(int status, QNetworkReply::NetworkError error, bool timedOut)
{
    if (timedOut)
        return ResponseClass::Transient;
    if (status >= 200 && status < 300) {
        // A 2xx whose body broke off mid-way still reports an error.
        return error == QNetworkReply::NoError ? ResponseClass::Success : ResponseClass::Transient;
    }
    if (status == 401)
        return ResponseClass::Unauthorized;
    if (status == 429)
        return ResponseClass::RateLimited;
    if (status == 408 || status >= 500)
        return ResponseClass::Transient;
    if (status >= 300)
        return ResponseClass::Fatal;
    // No HTTP status: a network-level failure.
    switch (error) {
    case QNetworkReply::OperationCanceledError:
        return ResponseClass::Cancelled;
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownContentError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return ResponseClass::Transient;
    default:
        return ResponseClass::Fatal;
    }
}

int RetryPolicy::backoffMs(int attempt, QRandomGenerator *random) const
{
    const int exponent = std::clamp(attempt - 1, 0, 20);
    const qint64 ceiling = std::min<qint64>(qint64(baseDelayMs) << exponent, maxDelayMs);
    const qint64 floor = ceiling / 2;
    if (ceiling <= floor)
        return int(ceiling);
    return int(floor + random->bounded(ceiling - floor + 1));
}

qint64 parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    bool ok = false;
    const double seconds = trimmed.toDouble(&ok);
    if (ok) {
        // NaN, infinities and negative values are unusable; absurdly long waits
        // are capped (the value comes from the network).
        if (!std::isfinite(seconds) || seconds < 0)
            return -1;
        return qint64(std::min(seconds, double(kMaxRetryAfterMs / 1000)) * 1000.0);
    }
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(trimmed),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return -1;
    when.setTimeSpec(Qt::UTC);
    return std::clamp<qint64>(now.msecsTo(when), 0, kMaxRetryAfterMs);
}

} // namespace desk
