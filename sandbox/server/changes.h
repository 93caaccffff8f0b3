#pragma once

// Provider-neutral parts of the sandbox's changing data: the body and answer
// of a provider's POST <prefix>/_sandbox/changes control endpoint, the
// "TARGET:modify=N,add=N,delete=N@MSms" churn option that applies a change
// set periodically, and a deterministic pick of distinct items.
#include "httptypes.h"
#include "prng.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace desk::sandbox {

struct ChangeCounts
{
    int modify = 0;
    int add = 0;
    int remove = 0; // "delete" on the wire
    quint64 seed = 0;
};

struct ChangeResult
{
    QStringList modified;
    QStringList added;
    QStringList deleted;
    QJsonObject json() const; // {"modified":[…],"added":[…],"deleted":[…]}
};

// Reads a change request body: a JSON object whose "modify", "add" and "delete"
// are whole numbers >= 0 (absent: 0) and "seed" a whole number (absent: 0).
// Other keys are the caller's. On error, *error is a 400 in the control shape.
bool parseChangeRequest(const HttpRequest &request, QJsonObject *body, ChangeCounts *counts,
                        HttpResponse *error);

// Errors of the control endpoints: {"error":"<code>","message":…}. They are the
// sandbox's own, not a provider's.
HttpResponse controlError(int status, const QString &code, const QString &message);

// "pages:modify=2,add=1,delete=1@5000ms". The target (before ':') may be empty or
// absent; the counts are the keys of a change request; the period is "<N>ms".
struct ChurnSpec
{
    QString target;
    ChangeCounts counts;
    int intervalMs = 0;
};
bool parseChurnSpec(const QString &text, ChurnSpec *spec, QString *error);

// Applies `apply` every spec.intervalMs; tick n uses seed baseSeed + n (or the
// spec's own seed + n), so a run with the same options churns the same way.
class ChurnTimer : public QObject
{
    Q_OBJECT
public:
    using Apply = std::function<void(const QString &target, const ChangeCounts &counts)>;
    ChurnTimer(const ChurnSpec &spec, quint64 baseSeed, Apply apply, QObject *parent = nullptr);
    // One timer per spec, owned by `parent`.
    static void startAll(const QList<ChurnSpec> &specs, quint64 baseSeed, const Apply &apply,
                         QObject *parent);

private:
    ChurnSpec m_spec;
    quint64 m_seed;
    quint64 m_tick = 0;
    Apply m_apply;
    QTimer m_timer;
};

// `count` distinct numbers from [0, available), in the order drawn (fewer when
// fewer are available).
QVector<int> pickDistinct(Prng &rng, int available, int count);

} // namespace desk::sandbox
