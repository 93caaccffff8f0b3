// Response classification, back-off bounds, Retry-After parsing.
#include <catch2/catch.hpp>

#include "net/retrypolicy.h"

using namespace desk;

TEST_CASE("Responses are classified by status and network error", "[retry]")
{
    CHECK(classifyResponse(200, QNetworkReply::NoError, false) == ResponseClass::Success);
    CHECK(classifyResponse(200, QNetworkReply::RemoteHostClosedError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(401, QNetworkReply::AuthenticationRequiredError, false) ==
          ResponseClass::Unauthorized);
    CHECK(classifyResponse(429, QNetworkReply::UnknownContentError, false) ==
          ResponseClass::RateLimited);
    CHECK(classifyResponse(500, QNetworkReply::InternalServerError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(502, QNetworkReply::UnknownServerError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(503, QNetworkReply::ServiceUnavailableError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(504, QNetworkReply::UnknownServerError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(403, QNetworkReply::ContentAccessDenied, false) == ResponseClass::Fatal);
    CHECK(classifyResponse(404, QNetworkReply::ContentNotFoundError, false) ==
          ResponseClass::Fatal);
    CHECK(classifyResponse(0, QNetworkReply::RemoteHostClosedError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(0, QNetworkReply::ConnectionRefusedError, false) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(0, QNetworkReply::OperationCanceledError, true) ==
          ResponseClass::Transient);
    CHECK(classifyResponse(0, QNetworkReply::OperationCanceledError, false) ==
          ResponseClass::Cancelled);
    CHECK(classifyResponse(0, QNetworkReply::ProtocolUnknownError, false) == ResponseClass::Fatal);
}

TEST_CASE("Back-off grows exponentially, stays jittered and capped", "[retry]")
{
    RetryPolicy policy;
    policy.baseDelayMs = 100;
    policy.maxDelayMs = 1000;
    QRandomGenerator random(42);
    for (int round = 0; round < 200; ++round) {
        const int first = policy.backoffMs(1, &random);
        CHECK(first >= 50);
        CHECK(first <= 100);
        const int third = policy.backoffMs(3, &random);
        CHECK(third >= 200);
        CHECK(third <= 400);
        const int late = policy.backoffMs(30, &random);
        CHECK(late >= 500);
        CHECK(late <= 1000);
    }
    // Jitter: not every value is the same.
    QSet<int> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(policy.backoffMs(4, &random));
    CHECK(seen.size() > 5);
}

TEST_CASE("Retry-After is read as seconds or an HTTP date", "[retry]")
{
    CHECK(parseRetryAfter("3") == 3000);
    CHECK(parseRetryAfter(" 0 ") == 0);
    CHECK(parseRetryAfter("") == -1);
    CHECK(parseRetryAfter("soon") == -1);
    CHECK(parseRetryAfter("-5") == -1);
    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2015-10-21T07:27:50Z"), Qt::ISODate);
    CHECK(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now) == 10000);
}
