#pragma once

#include <QByteArray>
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
        Truncate
    };

    FaultInjector(quint64 seed, double rate);
    double rate() const { return m_rate; }
    Kind next();
    quint64 injected() const { return m_injected; }

    static int statusOf(Kind kind); // 0 for non-status faults
    static QByteArray name(Kind kind);

private:
    quint64 m_seed;
    double m_rate;
    quint64 m_counter = 0;
    quint64 m_injected = 0;
};

} // namespace desk::sandbox
