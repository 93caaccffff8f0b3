#include <catch2/catch.hpp>

#include "common/urlutil.h"

using desk::appendPath;

TEST_CASE("appendPath joins a base and a path with exactly one slash", "[url]")
{
    const QString expected = QStringLiteral("http://127.0.0.1:8080/notion/v1/search");
    for (const char *base : {"http://127.0.0.1:8080/notion", "http://127.0.0.1:8080/notion/",
                             "http://127.0.0.1:8080/notion//"}) {
        for (const char *path : {"/v1/search", "v1/search"}) {
            INFO(base << " + " << path);
            CHECK(appendPath(QUrl(QString::fromLatin1(base)), QString::fromLatin1(path))
                      .toString() == expected);
        }
    }
    CHECK(appendPath(QUrl(QStringLiteral("https://api.hubapi.com")), QStringLiteral("/crm/v3"))
              .toString() == QStringLiteral("https://api.hubapi.com/crm/v3"));
    CHECK(appendPath(QUrl(QStringLiteral("https://api.hubapi.com")), QString()).toString() ==
          QStringLiteral("https://api.hubapi.com/"));
}

TEST_CASE("appendPath keeps the base's query and encodes the path", "[url]")
{
    const QUrl url = appendPath(QUrl(QStringLiteral("http://h/x?a=1")), QStringLiteral("/a b"));
    CHECK(url.path() == QStringLiteral("/x/a b"));
    CHECK(url.query() == QStringLiteral("a=1"));
    CHECK(url.toString(QUrl::FullyEncoded) == QStringLiteral("http://h/x/a%20b?a=1"));
}
