#include <catch2/catch.hpp>

#include "common/jsonnumber.h"

#include <limits>

using desk::jsonWholeNumber;

TEST_CASE("jsonWholeNumber takes whole numbers within 2^53 and nothing else", "[json]")
{
    CHECK(jsonWholeNumber(QJsonValue(42.0)) == 42);
    CHECK(jsonWholeNumber(QJsonValue(-7.0)) == -7);
    CHECK(jsonWholeNumber(QJsonValue(9007199254740992.0)) == 9007199254740992LL);
    CHECK_FALSE(jsonWholeNumber(QJsonValue(2.5)));
    // Found by fuzz_hubspot_page: qint64(9e70) is undefined behaviour.
    CHECK_FALSE(jsonWholeNumber(QJsonValue(9e70)));
    CHECK_FALSE(jsonWholeNumber(QJsonValue(-9e70)));
    CHECK_FALSE(jsonWholeNumber(QJsonValue(std::numeric_limits<double>::quiet_NaN())));
    CHECK_FALSE(jsonWholeNumber(QJsonValue(std::numeric_limits<double>::infinity())));
    CHECK_FALSE(jsonWholeNumber(QJsonValue(QStringLiteral("42"))));
    CHECK_FALSE(jsonWholeNumber(QJsonValue()));
}
