#pragma once

#include "auth/accesstokenprovider.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace loadtest {

// Runs the event loop until `done` is true or `timeoutMs` passed; returns done().
// (processEvents(flags, maxtime) ignores WaitForMoreEvents and spins; a ticking
// timer lets the blocking overload wake up for the deadline instead.)
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    QTimer tick;
    tick.start(20);
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return done();
}

// A token holder the tests steer: the current token, whether it "needs refresh",
// and what a refresh does (default: switch to nextToken; or a custom action).
class TestTokens : public desk::AccessTokenProvider
{
public:
    QByteArray token = "token-1";
    QByteArray nextToken = "token-2";
    bool needsRefresh = false;
    int refreshCalls = 0;
    desk::Error refreshError; // returned by the default refresh
    std::function<void(std::function<void(const desk::Error &)>)> onRefresh;

    QByteArray bearerToken() const override { return token; }
    bool tokenNeedsRefresh() const override { return needsRefresh; }
    void refreshAccessToken(std::function<void(const desk::Error &)> done) override
    {
        ++refreshCalls;
        if (onRefresh) {
            onRefresh(std::move(done));
            return;
        }
        QTimer::singleShot(5, [this, done = std::move(done)] {
            if (!refreshError) {
                token = nextToken;
                needsRefresh = false;
            }
            done(refreshError);
        });
    }
};

} // namespace loadtest
