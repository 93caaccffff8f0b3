// Regression tests for inputs the libFuzzer targets (tests/fuzz) found. Each
// former crash is kept as a file under tests/fuzz/regressions/<target>/ (scripts/fuzz
// replays them through the fuzz target) and as an explicit behaviour check here,
// so the normal and the sanitizer test runs catch a relapse without clang.
// Plus the verdicts of the pure callback parser added as a fuzz entry point.
#include <catch2/catch.hpp>

#include "auth/loopbackreplyhandler.h"
#include "net/ratepacer.h"
#include "providers/hubspot/hubspotapi.h"
#include "providers/hubspot/hubspotpage.h"

#include "net/retrypolicy.h"
#include <QJsonDocument>

using namespace desk;

namespace {

RatePacer::Headers headers(std::initializer_list<std::pair<const char *, const char *>> list)
{
    RatePacer::Headers result;
    for (const auto &h : list)
        result.append({QByteArray(h.first), QByteArray(h.second)});
    return result;
}

} // namespace

TEST_CASE("fuzz regression: Retry-After NaN, infinity and 1e300 are not undefined behaviour",
          "[hardening][fuzz]")
{
    // Found by fuzz_rate_headers: qint64(seconds * 1000.0) on NaN / 1e300 is UB
    // (UBSan: "outside the range of representable values").
    CHECK(parseRetryAfter("nan") == -1);
    CHECK(parseRetryAfter("inf") == -1);
    CHECK(parseRetryAfter("-inf") == -1);
    CHECK(parseRetryAfter("1e300") == kMaxRetryAfterMs);
    CHECK(parseRetryAfter("86400") == kMaxRetryAfterMs); // capped at an hour
    CHECK(parseRetryAfter("2.5") == 2500);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    CHECK(parseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now) == kMaxRetryAfterMs);
}

TEST_CASE("fuzz regression: absurd rate-limit headers neither overflow nor exhaust memory",
          "[hardening][fuzz]")
{
    SECTION("Remaining far below zero (signed overflow in Max - Remaining)")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        const qint64 sent = pacer.recordSend();
        pacer.recordDone();
        pacer.observeResponse(headers({{"X-HubSpot-RateLimit-Max", "100"},
                                       {"X-HubSpot-RateLimit-Remaining", "-2000000000"}}),
                              sent);
        CHECK(pacer.usedInWindow() <= 100);
        CHECK(pacer.delayMs() >= 0);
    }
    SECTION("Max of two billion with nothing remaining (2e9 phantom records = 16 GB)")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        const qint64 sent = pacer.recordSend();
        pacer.recordDone();
        CHECK_FALSE(pacer.observeResponse(headers({{"X-HubSpot-RateLimit-Max", "2000000000"},
                                                   {"X-HubSpot-RateLimit-Remaining", "0"}}),
                                          sent)); // ignored like a missing header
        CHECK(pacer.mode() != RatePacer::Mode::Limited);
        CHECK(pacer.usedInWindow() <= 1);
    }
    SECTION("a plausible window is still honoured")
    {
        RatePacer pacer;
        pacer.setHeaderReader(&desk::hubspot::readRateHeaders); // the headers are HubSpot's
        const qint64 sent = pacer.recordSend();
        pacer.recordDone();
        CHECK(pacer.observeResponse(headers({{"X-HubSpot-RateLimit-Max", "100"},
                                             {"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"},
                                             {"X-HubSpot-RateLimit-Remaining", "0"}}),
                                    sent));
        CHECK(pacer.mode() == RatePacer::Mode::Limited);
        CHECK(pacer.delayMs() > 0); // the server says the budget is spent
    }
}

TEST_CASE("fuzz entry point: the pure callback parser keeps the listener's rules",
          "[hardening][fuzz]")
{
    // checkLoopbackRequest() was split out of LoopbackReplyHandler for
    // fuzz_loopback_callback; this pins its verdicts to the listener's.
    const QString state = QStringLiteral("s7aTe-xyz_0123456789abcdefABCDEF");
    // The pure parser keeps the listener's rules.
    const QByteArray good = "GET /callback?code=abc&state=" + state.toLatin1() + " HTTP/1.1";
    CHECK(checkLoopbackRequest(good, QStringLiteral("/callback"), state).status == 200);
    CHECK(checkLoopbackRequest(good, QStringLiteral("/callback"), state).code ==
          QLatin1String("abc"));
    CHECK(checkLoopbackRequest(good, QStringLiteral("/callback"), QString()).status == 400);
    CHECK(checkLoopbackRequest("GET /callback?code=abc&state=x HTTP/1.1",
                               QStringLiteral("/callback"), state)
              .reason == QLatin1String("state mismatch"));
    CHECK(checkLoopbackRequest("POST /callback HTTP/1.1", QStringLiteral("/callback"), state)
              .status == 405);
    CHECK(
        checkLoopbackRequest("GET /callback?code=a&code=b&state=" + state.toLatin1() + " HTTP/1.1",
                             QStringLiteral("/callback"), state)
            .reason.startsWith(QLatin1String("duplicated")));
}

TEST_CASE("fuzz regression: a 9e70 id in a HubSpot page is refused, not converted",
          "[hardening][fuzz]")
{
    // Found by fuzz_hubspot_page (tests/fuzz/regressions/hubspot_page/owners-id-9e70):
    // qint64(9e70) in the id reader was undefined behaviour (UBSan in the ASan stage).
    const QByteArray page = R"({"results":[{"id":9e70,"email":"a@b.c"}]})";
    const auto owners = hubspot::parseOwnersPage(QJsonDocument::fromJson(page));
    if (owners.ok())
        CHECK(owners.value().names.isEmpty());
    const auto objects = hubspot::parseObjectPage(
        QJsonDocument::fromJson(R"({"results":[{"id":9e70,"properties":{},"createdAt":9e70}]})"));
    CHECK_FALSE(objects.ok());
}
