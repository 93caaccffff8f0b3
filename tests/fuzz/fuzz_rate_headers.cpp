// libFuzzer target: rate-limit headers (X-HubSpot-RateLimit-*, Retry-After) and
// the retry classification of a response. Input: "Name: value" lines; the
// first two bytes pick an HTTP status and a network error. Invariants: no crash,
// no undefined behaviour (UBSan), no unbounded memory, and the pacer's answer
// stays a sane number (-1, 0 or a wait no longer than a day).
#include "fuzz_common.h"
#include "net/ratepacer.h"
#include "net/retrypolicy.h"
#include "providers/hubspot/hubspotapi.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    deskfuzz::quietLogs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = 100 + (data[0] * 4 + (data[1] & 3)) % 500;
    const auto networkError = QNetworkReply::NetworkError(data[1] >> 2);
    const QByteArray text(reinterpret_cast<const char *>(data + 2), int(size - 2));

    desk::RatePacer::Headers headers;
    QByteArray retryAfter;
    for (const QByteArray &line : text.split('\n')) {
        const int colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (headers.last().first.compare("Retry-After", Qt::CaseInsensitive) == 0)
            retryAfter = headers.last().second;
    }

    (void)desk::classifyResponse(status, networkError, data[0] & 1);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    const qint64 wait = desk::parseRetryAfter(retryAfter, now);
    if (wait < -1)
        std::abort();

    desk::RatePacer pacer;

    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    const qint64 sentAt = pacer.recordSend();
    pacer.observeResponse(headers, sentAt);
    pacer.recordDone();
    if (status == 429)
        pacer.observeRateLimited(wait);
    for (int i = 0; i < 3; ++i) {
        const qint64 delay = pacer.delayMs();
        if (delay < -1 || delay > 24LL * 3600 * 1000)
            std::abort();
        if (delay != 0)
            break;
        pacer.recordSend();
    }
    (void)pacer.usedInWindow();
    return 0;
}
