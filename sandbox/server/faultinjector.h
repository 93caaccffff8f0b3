#pragma once

#include <QByteArray>
#include <QVector>
#include <QtGlobal>

namespace desk::sandbox {

// Decides, for the n-th eligible request, whether to inject a fault. The
// decision depends only on (seed, n), so the same sequence of requests gets
// the same sequence of faults for the same seed.
class FaultInjector
{
public:
    enum class Kind
    {
        None,
        Status500,
        Status502,
        Status503,
        Status504,
        Reset,
        Truncate,
        // Opt-in kinds (--fault-kinds), never in the default mix:
        Malformed,   // 200 application/json whose body is not valid JSON
        ContentType, // 200 text/html (a captive portal / maintenance page)
        TooMany,     // 429 RATE_LIMITS with Retry-After: 1
        Huge,        // 200 application/json, a valid body padded to --huge-body-mb
        Overloaded,  // 529 (Notion's service_overload) with Retry-After
    };

    FaultInjector(quint64 seed, double rate);
    // Restricts the kinds drawn (default: the six of defaultKinds()).
    void setKinds(const QVector<Kind> &kinds);
    // The first `count` eligible requests are never faulted.
    void setAfter(quint64 count) { m_after = count; }
    static QVector<Kind> defaultKinds();
    // "500,reset,malformed" -> kinds; false on an unknown name.
    static bool parseKinds(const QByteArray &list, QVector<Kind> *kinds);
    double rate() const { return m_rate; }
    Kind next();
    quint64 injected() const { return m_injected; }

    static int statusOf(Kind kind); // 0 for non-status faults (529 counts as a status)
    static QByteArray name(Kind kind);

private:
    quint64 m_seed;
    double m_rate;
    quint64 m_counter = 0;
    quint64 m_injected = 0;
    quint64 m_after = 0;
    QVector<Kind> m_kinds;
};

} // namespace desk::sandbox
