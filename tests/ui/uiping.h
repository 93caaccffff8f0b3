#pragma once

// UiPing: how long the UI thread keeps the user waiting. A timer asks the event
// loop for a turn every `intervalMs`; the longest gap between two turns (less
// the interval) is the longest time the window could not answer input.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

namespace desktest {

class UiPing : public QObject
{
public:
    explicit UiPing(int intervalMs = 50);

    void start(); // forgets earlier figures
    void stop();
    // The longest wait beyond the interval, in ms, since start().
    qint64 longestStallMs() const;
    int turns() const { return m_turns; }
    // Stalls longer than `ms`.
    int stallsOver(qint64 ms) const;

private:
    void tick();

    int m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QVector<qint64> m_stalls;
    int m_turns = 0;
};

} // namespace desktest
