#pragma once

#include <QVector>
#include <QtGlobal>

#include <algorithm>

namespace desk::sandbox {

// SplitMix64: tiny, fast and fully deterministic across platforms and Qt
// versions (unlike std::uniform_int_distribution), so --seed reproduces the
// same data and the same fault sequence everywhere.
class Prng
{
public:
    explicit Prng(quint64 seed) : m_state(seed) {}

    static quint64 mix(quint64 z)
    {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    quint64 next()
    {
        m_state += 0x9e3779b97f4a7c15ULL;
        quint64 z = m_state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound) (bound > 0); the modulo bias is irrelevant here.
    quint64 below(quint64 bound) { return bound == 0 ? 0 : next() % bound; }
    // Uniform in [lo, hi].
    qint64 range(qint64 lo, qint64 hi) { return lo + qint64(below(quint64(hi - lo + 1))); }
    // Uniform in [0, 1).
    double unit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }

    template <typename Container> const auto &pick(const Container &c)
    {
        return c[int(below(quint64(c.size())))];
    }

private:
    quint64 m_state;
};

// `count` distinct numbers from [0, available), in the order drawn (fewer when
// fewer are available): a partial Fisher-Yates shuffle.
inline QVector<int> pickDistinct(Prng &rng, int available, int count)
{
    QVector<int> all(std::max(0, available));
    for (int i = 0; i < available; ++i)
        all[i] = i;
    count = std::min(count, available);
    for (int i = 0; i < count; ++i)
        std::swap(all[i], all[i + int(rng.below(quint64(available - i)))]);
    all.resize(std::max(0, count));
    return all;
}

} // namespace desk::sandbox
