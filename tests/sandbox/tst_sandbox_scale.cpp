// The "done when" figure: paging through 100,000 contacts at limit=100 with the
// rate limit off. Prints the generation and paging times; asserts correctness only.
#include "sandboxtestutil.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

TEST_CASE("paging 100,000 contacts at limit=100 returns each exactly once", "[sandbox][scale]")
{
    QElapsedTimer startup;
    startup.start();
    SandboxProcess sandbox({u"--contacts"_s, u"100000"_s, u"--rate-limit"_s, u"off"_s,
                            u"--private-app-token"_s, QString::fromLatin1(kPrivateToken),
                            u"--quiet"_s});
    REQUIRE(sandbox.started());
    const qint64 startupMs = startup.elapsed();
    const QString log = QString::fromUtf8(sandbox.log());
    const auto generated =
        QRegularExpression(u"generated 100000 contacts.* in (\\d+) ms"_s).match(log);
    REQUIRE(generated.hasMatch());

    HttpProbe probe;
    QElapsedTimer paging;
    paging.start();
    const Paged p = pageAll(sandbox, probe, u"/crm/v3/objects/contacts?limit=100"_s,
                            QString::fromLatin1(kPrivateToken), false, 2000);
    const qint64 pagingMs = paging.elapsed();
    INFO(p.failure.toStdString());
    REQUIRE(p.ok);
    CHECK(p.requests == 1000);
    CHECK(p.ids.size() == 100000);
    CHECK(QSet<QString>(p.ids.begin(), p.ids.end()).size() == 100000);
    CHECK(strictlyAscendingNumeric(p.ids));

    std::printf(
        "FIGURE sandbox: generated 100000 contacts in %s ms (process ready after %lld ms)\n",
        qPrintable(generated.captured(1)), static_cast<long long>(startupMs));
    std::printf("FIGURE sandbox: paged 100000 contacts at limit=100 in %lld ms (%d requests, "
                "%.0f records/s)\n",
                static_cast<long long>(pagingMs), p.requests,
                pagingMs > 0 ? 100000.0 * 1000.0 / double(pagingMs) : 0.0);
    std::fflush(stdout);
    WARN("generation " << generated.captured(1).toStdString() << " ms, paging " << pagingMs
                       << " ms");
    CHECK(sandbox.stop() == 0);
}
