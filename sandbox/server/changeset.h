// The sandbox's change control, shared by the imitations: the JSON body of
// POST <prefix>/_sandbox/changes, its answer, and the --churn schedule that
// applies such a change set periodically. Each provider maps `type` to its own
// data and decides what "modify", "add" and "delete" (archive) mean there.
#pragma once

#include "httptypes.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace desk::sandbox {

struct ChangeRequest
{
    QString type; // the provider's type name, e.g. "contacts"
    int modify = 0;
    int add = 0;
    int remove = 0; // "delete" on the wire
    bool hasSeed = false;
    quint64 seed = 0;
};

// {"type":"contacts","modify":N,"add":N,"delete":N,"seed":S}: type required, the
// counts default to 0, seed is optional. Unknown keys, negative or non-integer
// counts are errors (false, with a message).
bool parseChangeRequest(const QByteArray &body, ChangeRequest *out, QString *error);
// 200 {"modified":[ids],"added":[ids],"deleted":[ids]}
HttpResponse changeResponse(const QStringList &modified, const QStringList &added,
                            const QStringList &deleted);
// 400 {"error":"invalid_change","message":…}
HttpResponse changeError(const QString &message);

struct ChurnSpec
{
    ChangeRequest change;
    int intervalMs = 0;
};

// "contacts:modify=10,add=3,delete=2@5000ms" (the interval may also be "@5s";
// an optional seed=S sets the base of the per-tick seeds).
bool parseChurnSpec(const QString &text, ChurnSpec *out, QString *error);

// Applies churn specs periodically on the event loop. Tick n of the schedule
// (counted over all specs) gets seed mix(base ^ n), where base is the spec's
// seed or the server's --seed, so a run is reproducible given the same timing.
class Churn
{
public:
    using Apply = std::function<void(const ChangeRequest &)>;
    Churn(quint64 baseSeed, Apply apply);
    ~Churn();
    void start(const ChurnSpec &spec);

private:
    quint64 m_baseSeed;
    Apply m_apply;
    quint64 m_ticks = 0;
    std::vector<std::unique_ptr<QTimer>> m_timers;
};

} // namespace desk::sandbox
