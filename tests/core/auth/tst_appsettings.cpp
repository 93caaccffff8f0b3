#include <catch2/catch.hpp>

#include "common/appsettings.h"

#include <QFile>
#include <QTemporaryDir>

using namespace desk;

TEST_CASE("AppSettings round-trips provider settings and never stores a secret", "[settings]")
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("settings.ini"));
    {
        AppSettings s(file);
        CHECK(s.redirectPort(QStringLiteral("hubspot")) == AppSettings::DefaultRedirectPort);
        CHECK(s.theme() == QStringLiteral("system"));
        CHECK_FALSE(s.useSandbox(QStringLiteral("hubspot")));

        ProviderSettings ps;
        ps.clientId = QStringLiteral("my-client");
        ps.clientSecret = QStringLiteral("TOP-SECRET-VALUE");
        ps.redirectPort = 53682;
        ps.scopes = {QStringLiteral("oauth"), QStringLiteral("tickets")};
        ps.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:9999"));
        s.setProviderSettings(QStringLiteral("hubspot"), ps);
        s.setTheme(QStringLiteral("dark"));
        s.setObjectTypes(QStringLiteral("hubspot"), {QStringLiteral("deals")});
        s.sync();
    }
    QFile f(file);
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK_FALSE(f.readAll().contains("TOP-SECRET-VALUE"));

    AppSettings s(file);
    const ProviderSettings back = s.providerSettings(QStringLiteral("hubspot"));
    CHECK(back.clientId == QStringLiteral("my-client"));
    CHECK(back.clientSecret.isEmpty());
    CHECK(back.redirectPort == 53682);
    CHECK(back.scopes == QStringList{QStringLiteral("oauth"), QStringLiteral("tickets")});
    CHECK(back.sandboxUrl == QUrl(QStringLiteral("http://127.0.0.1:9999")));
    CHECK(s.theme() == QStringLiteral("dark"));
    CHECK(s.objectTypes(QStringLiteral("hubspot")) == QStringList{QStringLiteral("deals")});

    s.setUseSandbox(QStringLiteral("hubspot"), false);
    CHECK(s.providerSettings(QStringLiteral("hubspot")).sandboxUrl.isEmpty());
    s.setRedirectPort(QStringLiteral("hubspot"), 0);
    CHECK(s.redirectPort(QStringLiteral("hubspot")) == AppSettings::DefaultRedirectPort);
}

TEST_CASE("AppSettings keeps the current account pointer and clears it", "[settings]")
{
    QTemporaryDir dir;
    AppSettings s(dir.filePath(QStringLiteral("s.ini")));
    const QString ns = QStringLiteral("hubspot-sandbox");
    CHECK(s.currentAccount(ns).isEmpty());
    AccountInfo a;
    a.accountId = QStringLiteral("24681357");
    a.accountName = QStringLiteral("demo-company.sandbox.local");
    a.userEmail = QStringLiteral("demo.user@example.com");
    a.scopes = {QStringLiteral("oauth")};
    s.setAccountInfo(ns, a);
    const QDateTime expiry = QDateTime::currentDateTimeUtc().addSecs(100);
    s.setAccessTokenExpiry(ns, expiry, 1800);
    s.setReconnectNeeded(ns, true);
    CHECK(s.currentAccount(ns) == QStringLiteral("24681357"));
    CHECK(s.accountInfo(ns).userEmail == a.userEmail);
    CHECK(s.accountInfo(ns).scopes == a.scopes);
    CHECK(qAbs(s.accessTokenExpiry(ns).secsTo(expiry)) <= 1);
    CHECK(s.accessTokenLifetime(ns) == 1800);
    CHECK(s.reconnectNeeded(ns));
    CHECK(s.currentAccount(QStringLiteral("hubspot")).isEmpty()); // namespaces are separate
    s.clearAccount(ns);
    CHECK(s.currentAccount(ns).isEmpty());
    CHECK_FALSE(s.reconnectNeeded(ns));
    CHECK_FALSE(s.accessTokenExpiry(ns).isValid());
}

TEST_CASE("client credentials come from <PROVIDER>_CLIENT_ID and _CLIENT_SECRET", "[settings]")
{
    qunsetenv("NOTION_CLIENT_ID");
    qunsetenv("NOTION_CLIENT_SECRET");
    CHECK(desk::clientFromEnvironment(QStringLiteral("notion")).clientId.isEmpty());
    CHECK(desk::clientFromEnvironment(QStringLiteral("notion")).clientSecret.isEmpty());

    qputenv("NOTION_CLIENT_ID", "env-client");
    qputenv("NOTION_CLIENT_SECRET", "env-secret");
    const desk::EnvironmentClient client = desk::clientFromEnvironment(QStringLiteral("notion"));
    CHECK(client.clientId == QStringLiteral("env-client"));
    CHECK(client.clientSecret == QStringLiteral("env-secret"));
    // Another provider's variables are not read.
    CHECK(desk::clientFromEnvironment(QStringLiteral("airtable")).clientId.isEmpty());
    qunsetenv("NOTION_CLIENT_ID");
    qunsetenv("NOTION_CLIENT_SECRET");
}

TEST_CASE("AppSettings keeps token-response extras per account namespace", "[settings]")
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("settings.ini"));
    const QString ns = QStringLiteral("example-sandbox");
    {
        AppSettings s(file);
        CHECK(s.accountExtras(ns).isEmpty());
        s.setAccountExtras(ns, {{QStringLiteral("api_domain"), QStringLiteral("https://eu1.x")}});
        s.sync();
    }
    AppSettings s(file);
    CHECK(s.accountExtras(ns).value(QStringLiteral("api_domain")) ==
          QStringLiteral("https://eu1.x"));
    CHECK(s.accountExtras(QStringLiteral("other")).isEmpty());
    s.setAccountExtras(ns, {});
    CHECK(s.accountExtras(ns).isEmpty());
    s.setAccountExtras(ns, {{QStringLiteral("a"), QStringLiteral("1")}});
    s.clearAccount(ns);
    CHECK(s.accountExtras(ns).isEmpty());
}
