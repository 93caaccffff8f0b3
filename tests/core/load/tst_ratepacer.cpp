// desk::RatePacer: the sliding-window bookkeeping, without a network.
#include <catch2/catch.hpp>

#include "net/ratepacer.h"
#include "providers/hubspot/hubspotapi.h"

using desk::RatePacer;

namespace {
RatePacer::Headers limitHeaders(int max, int remaining, int intervalMs)
{
    return {{"X-HubSpot-RateLimit-Max", QByteArray::number(max)},
            {"x-hubspot-ratelimit-remaining", QByteArray::number(remaining)},
            {"X-HubSpot-RateLimit-Interval-Milliseconds", QByteArray::number(intervalMs)}};
}
} // namespace

TEST_CASE("RatePacer sends one probe until it knows the budget", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    CHECK(pacer.mode() == RatePacer::Mode::Unknown);
    CHECK(pacer.delayMs() == 0);
    pacer.recordSend();
    CHECK(pacer.delayMs() == -1); // second request waits for the first answer
    pacer.recordDone();
    CHECK(pacer.delayMs() == 0);
}

TEST_CASE("RatePacer without headers only caps requests in flight", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(3);
    const qint64 sent = pacer.recordSend();
    pacer.recordDone();
    CHECK_FALSE(pacer.observeResponse({{"Content-Type", "application/json"}}, sent));
    CHECK(pacer.mode() == RatePacer::Mode::Unlimited);
    for (int i = 0; i < 3; ++i) {
        CHECK(pacer.delayMs() == 0);
        pacer.recordSend();
    }
    CHECK(pacer.delayMs() == -1);
    pacer.recordDone();
    CHECK(pacer.delayMs() == 0);
}

TEST_CASE("RatePacer keeps Max-1 requests per window", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(100);
    const qint64 sent = pacer.recordSend();
    pacer.recordDone();
    REQUIRE(pacer.observeResponse(limitHeaders(5, 4, 1000), sent));
    CHECK(pacer.mode() == RatePacer::Mode::Limited);
    REQUIRE(pacer.windows().size() == 1);
    CHECK(pacer.windows().at(0).max == 5);
    CHECK(pacer.windows().at(0).intervalMs == 1000);

    // One sent, three more allowed (Max-1 = 4 per window), then a wait of about
    // one interval plus the margin.
    for (int i = 0; i < 3; ++i) {
        CHECK(pacer.delayMs() == 0);
        pacer.recordSend();
        pacer.recordDone();
    }
    CHECK(pacer.usedInWindow() == 4);
    const qint64 wait = pacer.delayMs();
    CHECK(wait > 900);
    CHECK(wait <= 1000 + 30 + 1);
}

TEST_CASE("RatePacer counts budget spent by someone else", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(100);
    const qint64 sent = pacer.recordSend();
    pacer.recordDone();
    // The server has counted 8 of 10 although we sent one: 7 belong to others.
    pacer.observeResponse(limitHeaders(10, 2, 10000), sent);
    CHECK(pacer.usedInWindow() == 8);
    CHECK(pacer.delayMs() == 0); // the 9th (= Max-1) is still allowed
    pacer.recordSend();
    CHECK(pacer.delayMs() > 0);
}

TEST_CASE("RatePacer does not mistake its own concurrent requests for others'", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(100);
    const qint64 first = pacer.recordSend();
    pacer.recordDone();
    pacer.observeResponse(limitHeaders(10, 9, 10000), first);
    const qint64 a = pacer.recordSend();
    pacer.recordSend();
    pacer.recordSend();
    // The server saw the later ones before `a`: 4 used, all ours.
    pacer.observeResponse(limitHeaders(10, 6, 10000), a);
    CHECK(pacer.usedInWindow() == 4);
}

TEST_CASE("RatePacer holds everything after a 429", "[pacer]")
{
    SECTION("with Retry-After")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        pacer.observeRateLimited(500);
        const qint64 wait = pacer.delayMs();
        CHECK(wait > 0);
        CHECK(wait <= 500);
    }
    SECTION("without Retry-After, for a whole window")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        const qint64 sent = pacer.recordSend();
        pacer.recordDone();
        pacer.observeResponse(limitHeaders(100, 99, 2000), sent);
        pacer.observeRateLimited(-1);
        CHECK(pacer.delayMs() > 1900);
    }
    SECTION("from a server that sent no headers: falls back to HubSpot's documented limit")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        pacer.observeRateLimited(-1);
        CHECK(pacer.mode() == RatePacer::Mode::Limited);
        REQUIRE(pacer.windows().size() == 1);
        CHECK(pacer.windows().at(0).max == 100);
        CHECK(pacer.windows().at(0).intervalMs == 10000);
    }
}

TEST_CASE("RatePacer honours the secondly limit too", "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(100);
    const qint64 sent = pacer.recordSend();
    pacer.recordDone();
    RatePacer::Headers headers = limitHeaders(100, 99, 10000);
    headers.append(qMakePair(QByteArray("X-HubSpot-RateLimit-Secondly"), QByteArray("3")));
    headers.append(
        qMakePair(QByteArray("X-HubSpot-RateLimit-Secondly-Remaining"), QByteArray("2")));
    pacer.observeResponse(headers, sent);
    CHECK(pacer.windows().size() == 2);
    pacer.recordSend(); // 2 in the last second = Secondly-1
    CHECK(pacer.delayMs() > 0);
}

TEST_CASE("RatePacer widens its margin to the spread of recent round trips, within bounds",
          "[pacer]")
{
    RatePacer pacer;
    pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
    pacer.setMaxInFlight(100);
    const qint64 sent = pacer.recordSend();
    pacer.recordDone();
    pacer.observeResponse(limitHeaders(2, 1, 1000), sent); // Max-1 = 1: the window is full
    CHECK(pacer.marginMs() == 30);
    const qint64 base = pacer.delayMs();
    CHECK(base > 900);
    CHECK(base <= 1031);

    // A long but steady round trip moves every arrival alike: no wider margin.
    for (int i = 0; i < 16; ++i)
        pacer.observeRoundTrip(250);
    CHECK(pacer.marginMs() == 30);

    // Round trips that vary by 150 ms: the margin covers that spread.
    pacer.observeRoundTrip(400);
    CHECK(pacer.marginMs() == 150);
    CHECK(pacer.delayMs() > 1050);
    CHECK(pacer.delayMs() <= 1151);

    pacer.observeRoundTrip(9000); // capped at a quarter of the interval (+ the base margin)
    CHECK(pacer.delayMs() <= 1000 + 250 + 30 + 1);

    // Old round trips age out of the record.
    for (int i = 0; i < 16; ++i)
        pacer.observeRoundTrip(5);
    CHECK(pacer.marginMs() == 30);
}
