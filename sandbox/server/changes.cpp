#include "changes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcChanges, "desk.sandbox.changes")

namespace desk::sandbox {

namespace {

QJsonArray toArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

// A whole number in [0, max]; false for anything else (strings, fractions, negatives).
bool wholeNumber(const QJsonValue &v, double max, quint64 *out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (d < 0 || d > max || std::floor(d) != d)
        return false;
    *out = quint64(d);
    return true;
}

bool countValue(const QString &text, int *out)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 0 || n > 100000)
        return false;
    *out = n;
    return true;
}

} // namespace

QJsonObject ChangeResult::json() const
{
    return QJsonObject{{u"modified"_s, toArray(modified)},
                       {u"added"_s, toArray(added)},
                       {u"deleted"_s, toArray(deleted)}};
}

HttpResponse controlError(int status, const QString &code, const QString &message)
{
    return HttpResponse::json(status, QJsonObject{{u"error"_s, code}, {u"message"_s, message}});
}

bool parseChangeRequest(const HttpRequest &request, QJsonObject *body, ChangeCounts *counts,
                        HttpResponse *error)
{
    *body = {};
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = controlError(400, u"invalid_json"_s, u"The body must be a JSON object."_s);
            return false;
        }
        *body = doc.object();
    }
    const struct
    {
        const char *key;
        int *target;
    } fields[] = {{"modify", &counts->modify}, {"add", &counts->add}, {"delete", &counts->remove}};
    for (const auto &f : fields) {
        const QJsonValue v = body->value(QLatin1String(f.key));
        quint64 n = 0;
        if (!v.isUndefined() && !wholeNumber(v, 100000, &n)) {
            *error =
                controlError(400, u"invalid_request"_s,
                             QLatin1String(f.key) + u" must be a whole number from 0 to 100000."_s);
            return false;
        }
        *f.target = int(n);
    }
    const QJsonValue seed = body->value(u"seed"_s);
    counts->seed = 0;
    if (!seed.isUndefined() && !wholeNumber(seed, 9007199254740992.0, &counts->seed)) {
        *error = controlError(400, u"invalid_request"_s, u"seed must be a whole number >= 0."_s);
        return false;
    }
    return true;
}

bool parseChurnSpec(const QString &text, ChurnSpec *spec, QString *error)
{
    *spec = ChurnSpec();
    const int at = text.lastIndexOf(u'@');
    if (at < 0 || !text.endsWith(u"ms"_s)) {
        *error = u"expected TARGET:modify=N,add=N,delete=N@MSms"_s;
        return false;
    }
    bool ok = false;
    spec->intervalMs = text.mid(at + 1, text.size() - at - 3).toInt(&ok);
    if (!ok || spec->intervalMs < 10) {
        *error =
            u"the period after '@' must be a whole number of milliseconds >= 10, e.g. @5000ms"_s;
        return false;
    }
    QString counts = text.left(at);
    const int colon = counts.indexOf(u':');
    if (colon >= 0) {
        spec->target = counts.left(colon);
        counts = counts.mid(colon + 1);
    }
    for (const QString &part : counts.split(u',', Qt::SkipEmptyParts)) {
        const QString key = part.section(u'=', 0, 0).trimmed();
        const QString value = part.section(u'=', 1).trimmed();
        int n = 0;
        if (key == u"seed"_s) {
            spec->counts.seed = value.toULongLong(&ok);
            if (!ok) {
                *error = u"seed must be a whole number"_s;
                return false;
            }
            continue;
        }
        int *target = key == u"modify"_s   ? &spec->counts.modify
                      : key == u"add"_s    ? &spec->counts.add
                      : key == u"delete"_s ? &spec->counts.remove
                                           : nullptr;
        if (!target || !countValue(value, &n)) {
            *error = u"unknown or bad count '"_s + part + u"' (use modify=N, add=N, delete=N)"_s;
            return false;
        }
        *target = n;
    }
    if (spec->counts.modify + spec->counts.add + spec->counts.remove == 0) {
        *error = u"a churn needs at least one of modify=N, add=N, delete=N"_s;
        return false;
    }
    return true;
}

ChurnTimer::ChurnTimer(const ChurnSpec &spec, quint64 baseSeed, Apply apply, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_seed(spec.counts.seed ? spec.counts.seed : baseSeed)
    , m_apply(std::move(apply))
{
    m_timer.setInterval(spec.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        ChangeCounts counts = m_spec.counts;
        counts.seed = m_seed + m_tick++;
        qCDebug(lcChanges, "churn tick %llu on '%s'", static_cast<unsigned long long>(m_tick),
                qPrintable(m_spec.target));
        m_apply(m_spec.target, counts);
    });
    m_timer.start();
}

void ChurnTimer::startAll(const QList<ChurnSpec> &specs, quint64 baseSeed, const Apply &apply,
                          QObject *parent)
{
    for (const ChurnSpec &spec : specs)
        new ChurnTimer(spec, baseSeed, apply, parent);
}

QVector<int> pickDistinct(Prng &rng, int available, int count)
{
    QVector<int> out;
    count = std::min(count, available);
    if (count <= 0)
        return out;
    if (count * 2 > available) {
        // Dense: a partial Fisher-Yates shuffle.
        QVector<int> all(available);
        for (int i = 0; i < available; ++i)
            all[i] = i;
        for (int i = 0; i < count; ++i) {
            const int j = i + int(rng.below(quint64(available - i)));
            std::swap(all[i], all[j]);
            out.append(all.at(i));
        }
        return out;
    }
    QSet<int> seen;
    while (out.size() < count) {
        const int n = int(rng.below(quint64(available)));
        if (!seen.contains(n)) {
            seen.insert(n);
            out.append(n);
        }
    }
    return out;
}

} // namespace desk::sandbox
