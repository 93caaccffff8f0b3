#include "providers/providerkit.h"

#include "net/ratepacer.h"

#include <QJsonDocument>

namespace desk::providerkit {

PacerSetup fixedWindowPacing(int requests, int windowMs, qint64 holdMs)
{
    const int perWindow = qMax(1, requests);
    const int window = qMax(1, windowMs);
    return [perWindow, window, holdMs](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{perWindow, window}});
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(holdMs);
    };
}

std::optional<QJsonObject>
accountObject(const QByteArray &body, const QList<QPair<const char *, QJsonValue::Type>> &optional)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (!id.isString() || id.toString().isEmpty())
        return std::nullopt;
    for (const auto &member : optional) {
        const QJsonValue v = o.value(QLatin1String(member.first));
        if (!v.isUndefined() && !v.isNull() && v.type() != member.second)
            return std::nullopt;
    }
    return o;
}

} // namespace desk::providerkit
