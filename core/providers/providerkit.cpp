#include "providers/providerkit.h"

#include "net/ratepacer.h"

namespace desk::providerkit {

PacerSetup fixedWindowPacing(int requests, int windowMs, qint64 holdMs)
{
    const int perWindow = qMax(1, requests);
    const int window = qMax(1, windowMs);
    return [perWindow, window, holdMs](RatePacer &pacer, const QString &) {
        pacer.setFixedWindows({RatePacer::Window{perWindow, window}});
        pacer.setReserve(0);
        pacer.setRateLimitedHoldMs(holdMs);
    };
}

} // namespace desk::providerkit
