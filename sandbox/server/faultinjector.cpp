#include "faultinjector.h"

#include "prng.h"

namespace desk::sandbox {

FaultInjector::FaultInjector(quint64 seed, double rate)
    : m_seed(seed), m_rate(rate), m_kinds(defaultKinds())
{}

QVector<FaultInjector::Kind> FaultInjector::defaultKinds()
{
    return {Kind::Status500, Kind::Status502, Kind::Status503,
            Kind::Status504, Kind::Reset,     Kind::Truncate};
}

void FaultInjector::setKinds(const QVector<Kind> &kinds)
{
    m_kinds = kinds.isEmpty() ? defaultKinds() : kinds;
}

bool FaultInjector::parseKinds(const QByteArray &list, QVector<Kind> *kinds)
{
    kinds->clear();
    static const Kind all[] = {Kind::Status500, Kind::Status502, Kind::Status503, Kind::Status504,
                               Kind::Reset,     Kind::Truncate,  Kind::Malformed, Kind::ContentType,
                               Kind::TooMany,   Kind::Huge,      Kind::Overloaded};
    for (const QByteArray &raw : list.split(',')) {
        const QByteArray name = raw.trimmed();
        if (name.isEmpty())
            continue;
        bool found = false;
        for (Kind k : all) {
            if (FaultInjector::name(k) == name) {
                kinds->append(k);
                found = true;
            }
        }
        if (!found)
            return false;
    }
    return !kinds->isEmpty();
}

FaultInjector::Kind FaultInjector::next()
{
    const quint64 n = m_counter++;
    if (m_rate <= 0.0 || n < m_after)
        return Kind::None;
    const quint64 h = Prng::mix(Prng::mix(m_seed ^ 0xfa017ULL) ^ (n * 0x9e3779b97f4a7c15ULL));
    const double u = double(h >> 11) * (1.0 / 9007199254740992.0);
    if (u >= m_rate)
        return Kind::None;
    ++m_injected;
    return m_kinds[int(Prng::mix(h) % quint64(m_kinds.size()))];
}

int FaultInjector::statusOf(Kind kind)
{
    switch (kind) {
    case Kind::Status500:
        return 500;
    case Kind::Status502:
        return 502;
    case Kind::Status503:
        return 503;
    case Kind::Status504:
        return 504;
    case Kind::Overloaded:
        return 529;
    default:
        return 0;
    }
}

QByteArray FaultInjector::name(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return "none";
    case Kind::Status500:
        return "500";
    case Kind::Status502:
        return "502";
    case Kind::Status503:
        return "503";
    case Kind::Status504:
        return "504";
    case Kind::Reset:
        return "reset";
    case Kind::Truncate:
        return "truncate";
    case Kind::Malformed:
        return "malformed";
    case Kind::ContentType:
        return "html";
    case Kind::TooMany:
        return "429";
    case Kind::Huge:
        return "huge";
    case Kind::Overloaded:
        return "529";
    }
    return "none";
}

} // namespace desk::sandbox
