#include "changeset.h"

#include "prng.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>

using namespace Qt::StringLiterals;

namespace desk::sandbox {

namespace {

bool wholeNumber(const QJsonValue &value, qint64 max, qint64 *out)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d != std::floor(d) || d < 0 || d > double(max))
            return false;
        *out = qint64(d);
        return true;
    }
    if (value.isString()) {
        bool ok = false;
        *out = value.toString().toLongLong(&ok);
        return ok && *out >= 0 && *out <= max;
    }
    return false;
}

bool count(const QString &key, const QString &text, int *out, QString *error)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0) {
        *error = key + u" needs a non-negative integer (got \""_s + text + u"\")"_s;
        return false;
    }
    *out = value;
    return true;
}

} // namespace

bool parseChangeRequest(const QByteArray &body, ChangeRequest *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        *error = u"the body must be a JSON object"_s;
        return false;
    }
    const QJsonObject o = doc.object();
    *out = ChangeRequest();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        if (key == u"type"_s) {
            out->type = it.value().toString();
            continue;
        }
        qint64 value = 0;
        if (key == u"seed"_s) {
            if (!wholeNumber(it.value(), qint64(9e15), &value)) {
                *error = u"seed must be a non-negative integer"_s;
                return false;
            }
            out->hasSeed = true;
            out->seed = quint64(value);
            continue;
        }
        int *field = key == u"modify"_s   ? &out->modify
                     : key == u"add"_s    ? &out->add
                     : key == u"delete"_s ? &out->remove
                                          : nullptr;
        if (!field) {
            *error = u"unknown key \""_s + key + u"\" (known: type, modify, add, delete, seed)"_s;
            return false;
        }
        if (!wholeNumber(it.value(), 1000000, &value)) {
            *error = key + u" must be an integer between 0 and 1000000"_s;
            return false;
        }
        *field = int(value);
    }
    if (out->type.isEmpty()) {
        *error = u"type is required"_s;
        return false;
    }
    return true;
}

HttpResponse changeResponse(const QStringList &modified, const QStringList &added,
                            const QStringList &deleted)
{
    return HttpResponse::json(200,
                              QJsonObject{{u"modified"_s, QJsonArray::fromStringList(modified)},
                                          {u"added"_s, QJsonArray::fromStringList(added)},
                                          {u"deleted"_s, QJsonArray::fromStringList(deleted)}});
}

HttpResponse changeError(const QString &message)
{
    return HttpResponse::json(
        400, QJsonObject{{u"error"_s, u"invalid_change"_s}, {u"message"_s, message}});
}

bool parseChurnSpec(const QString &text, ChurnSpec *out, QString *error)
{
    static const QRegularExpression re(u"^([^:@]+):([^@]*)@(\\d+)(ms|s)$"_s);
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch()) {
        *error = u"expected TYPE:modify=N,add=N,delete=N@INTERVAL(ms|s), got \""_s + text + u"\""_s;
        return false;
    }
    *out = ChurnSpec();
    out->change.type = m.captured(1).trimmed();
    for (const QString &part : m.captured(2).split(u',', Qt::SkipEmptyParts)) {
        const QString key = part.section(u'=', 0, 0).trimmed();
        const QString value = part.section(u'=', 1).trimmed();
        if (key == u"seed"_s) {
            bool ok = false;
            out->change.seed = value.toULongLong(&ok);
            out->change.hasSeed = ok;
            if (!ok) {
                *error = u"seed needs a non-negative integer"_s;
                return false;
            }
            continue;
        }
        int *field = key == u"modify"_s   ? &out->change.modify
                     : key == u"add"_s    ? &out->change.add
                     : key == u"delete"_s ? &out->change.remove
                                          : nullptr;
        if (!field) {
            *error = u"unknown churn key \""_s + key + u"\" (known: modify, add, delete, seed)"_s;
            return false;
        }
        if (!count(key, value, field, error))
            return false;
    }
    bool ok = false;
    const qint64 interval = m.captured(3).toLongLong(&ok) * (m.captured(4) == u"s"_s ? 1000 : 1);
    if (!ok || interval < 10 || interval > 86400000) {
        *error = u"the churn interval must be between 10 ms and one day"_s;
        return false;
    }
    out->intervalMs = int(interval);
    return true;
}

Churn::Churn(quint64 baseSeed, Apply apply) : m_baseSeed(baseSeed), m_apply(std::move(apply)) {}

Churn::~Churn() = default;

void Churn::start(const ChurnSpec &spec)
{
    auto timer = std::make_unique<QTimer>();
    timer->setInterval(spec.intervalMs);
    QObject::connect(timer.get(), &QTimer::timeout, [this, spec] {
        ChangeRequest change = spec.change;
        const quint64 base = change.hasSeed ? change.seed : m_baseSeed;
        change.seed = Prng::mix(base ^ ++m_ticks);
        change.hasSeed = true;
        m_apply(change);
    });
    timer->start();
    m_timers.push_back(std::move(timer));
}

} // namespace desk::sandbox
