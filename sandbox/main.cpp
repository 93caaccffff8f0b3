// integrations-sandbox: a local server that speaks HubSpot's, Airtable's and
// Notion's documented OAuth and data HTTP APIs on deterministic demo data.
// HubSpot is served at the root, Airtable under /airtable, Notion under /notion.
// See docs/sandbox.md.
#include "airtable/airtableapi.h"
#include "airtable/airtabledata.h"
#include "airtable/airtableoauth.h"
#include "hubspot/hubspotcrm.h"
#include "hubspot/hubspotdata.h"
#include "hubspot/hubspotoauth.h"
#include "hubspot/hubspotoptions.h"
#include "notion/notionapi.h"
#include "notion/notiondata.h"
#include "notion/notionoauth.h"
#include "server/changeset.h"
#include "server/httpserver.h"
#include "server/ratelimiter.h"
#include "server/router.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace desk::sandbox;

Q_LOGGING_CATEGORY(lcSandbox, "desk.sandbox")

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "integrations-sandbox: %s\n", qPrintable(message));
    std::exit(2);
}

int intOption(const QCommandLineParser &parser, const QString &name, int min)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min)
        fail(u"--"_s + name + u" needs an integer >= "_s + QString::number(min));
    return value;
}

// "MAX/WINDOW_MS" or "off" for a provider option.
void rateOption(const QCommandLineParser &parser, const QString &name, int *max, int *windowMs)
{
    if (!RateLimiter::parse(parser.value(name), max, windowMs))
        fail(u"--"_s + name + u" needs MAX/WINDOW_MS (e.g. 5/1000) or 'off'"_s);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"integrations-sandbox"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Local server speaking HubSpot's (at /), Airtable's (under /airtable) and Notion's "
        "(under /notion) OAuth 2.0 and data APIs on demo data. Prints "
        "'listening on http://127.0.0.1:PORT' on stdout once ready."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QList<QCommandLineOption> options = {
        {u"port"_s, u"TCP port on 127.0.0.1 (0 = any free port)."_s, u"N"_s, u"0"_s},
        {u"seed"_s, u"Seed for demo data and fault sequence."_s, u"N"_s, u"1"_s},
        {u"contacts"_s, u"Number of contacts."_s, u"N"_s, u"300"_s},
        {u"companies"_s, u"Number of companies."_s, u"N"_s, u"60"_s},
        {u"deals"_s, u"Number of deals."_s, u"N"_s, u"120"_s},
        {u"tickets"_s, u"Number of tickets."_s, u"N"_s, u"80"_s},
        {u"owners"_s, u"Number of owners (users)."_s, u"N"_s, u"8"_s},
        {u"archived"_s, u"Extra archived records per object type."_s, u"N"_s, u"3"_s},
        {u"client-id"_s, u"OAuth client id."_s, u"ID"_s, u"desk-demo-client"_s},
        {u"client-secret"_s, u"OAuth client secret."_s, u"SECRET"_s, u"desk-demo-secret"_s},
        {u"app-name"_s, u"App name on the consent page."_s, u"NAME"_s, u"Integrations Desk"_s},
        {u"redirect-uri"_s, u"Registered redirect URI (repeatable)."_s, u"URI"_s},
        {u"auto-consent"_s, u"Answer /oauth/authorize with the redirect at once."_s},
        {u"code-lifetime"_s, u"Authorization code lifetime in seconds."_s, u"SECONDS"_s, u"300"_s},
        {u"token-lifetime"_s, u"Access token lifetime in seconds."_s, u"SECONDS"_s, u"1800"_s},
        {u"rotate-refresh-tokens"_s, u"Issue a new refresh token on every refresh."_s},
        {u"private-app-token"_s, u"Also accept this static bearer token (all scopes)."_s,
         u"TOKEN"_s},
        {u"rate-limit"_s, u"MAX/WINDOW_MS per account, or 'off'."_s, u"SPEC"_s, u"100/10000"_s},
        {u"search-rate-limit"_s, u"MAX/WINDOW_MS per account for CRM search, or 'off'."_s,
         u"SPEC"_s, u"5/1000"_s},
        {u"latency-ms"_s, u"Delay before every response."_s, u"N"_s, u"0"_s},
        {u"fault-rate"_s, u"Probability (0..1) of a fault per CRM request."_s, u"P"_s, u"0"_s},
        {u"faults-everywhere"_s, u"Also inject faults into OAuth endpoints and pages."_s},
        {u"fault-kinds"_s,
         u"Faults to draw from (comma list): 500,502,503,504,reset,truncate (default), "
         "malformed,html,429,huge,529."_s,
         u"LIST"_s},
        {u"fault-after"_s, u"Never fault the first N eligible requests."_s, u"N"_s, u"0"_s},
        {u"huge-body-mb"_s, u"Size of a 'huge' fault response in MiB."_s, u"N"_s, u"50"_s},
        {u"quiet"_s, u"Do not log requests to stderr."_s},
        // Airtable (under /airtable)
        {u"airtable-bases"_s, u"Number of Airtable bases."_s, u"N"_s, u"5"_s},
        {u"airtable-tables"_s, u"Tables per Airtable base."_s, u"N"_s, u"3"_s},
        {u"airtable-records"_s, u"Records per Airtable table."_s, u"N"_s, u"120"_s},
        {u"airtable-client-id"_s, u"Airtable OAuth client id."_s, u"ID"_s, u"desk-airtable-demo"_s},
        {u"airtable-client-secret"_s, u"Airtable client secret ('' = public client)."_s,
         u"SECRET"_s, u"desk-airtable-secret"_s},
        {u"airtable-token-lifetime"_s, u"Airtable access token lifetime in seconds."_s,
         u"SECONDS"_s, u"3600"_s},
        {u"airtable-rate-limit"_s, u"MAX/WINDOW_MS per Airtable base, or 'off'."_s, u"SPEC"_s,
         u"5/1000"_s},
        {u"airtable-penalty-ms"_s, u"Airtable 429 penalty per base in ms."_s, u"N"_s, u"30000"_s},
        {u"airtable-pat"_s, u"Also accept this static Airtable bearer (all scopes)."_s, u"TOKEN"_s},
        {u"airtable-user-rate-limit"_s, u"MAX/WINDOW_MS per Airtable user, all bases, or 'off'."_s,
         u"SPEC"_s, u"50/1000"_s},
        {u"airtable-user-limit-scope"_s, u"Traffic the per-user limit counts: all or pat."_s,
         u"SCOPE"_s, u"all"_s},
        {u"airtable-offset-ttl"_s,
         u"Airtable list offsets expire after S idle seconds (0 = never)."_s, u"S"_s, u"0"_s},
        {u"airtable-offset-pages"_s, u"An Airtable listing gives at most N pages (0 = no limit)."_s,
         u"N"_s, u"0"_s},
        {u"airtable-churn"_s, u"Apply TARGET:modify=N,add=N,delete=N@INTERVAL periodically."_s,
         u"SPEC"_s},
        // Notion (under /notion)
        {u"notion-pages"_s, u"Number of shared Notion pages."_s, u"N"_s, u"60"_s},
        {u"notion-databases"_s, u"Number of shared Notion databases."_s, u"N"_s, u"6"_s},
        {u"notion-client-id"_s, u"Notion OAuth client id."_s, u"ID"_s, u"desk-notion-demo"_s},
        {u"notion-client-secret"_s, u"Notion OAuth client secret."_s, u"SECRET"_s,
         u"desk-notion-secret"_s},
        {u"notion-token-lifetime"_s, u"Notion access token lifetime in s (0 = never expires)."_s,
         u"SECONDS"_s, u"0"_s},
        {u"notion-rate"_s, u"Notion requests per second per connection (0 = off)."_s, u"R"_s,
         u"3"_s},
        {u"notion-burst"_s, u"Notion token bucket capacity."_s, u"N"_s, u"3"_s},
        {u"notion-retry-after"_s, u"Retry-After seconds on Notion 429s."_s, u"S"_s, u"1"_s},
        {u"notion-token"_s, u"Also accept this static Notion bearer (internal integration)."_s,
         u"TOKEN"_s},
        {u"notion-multi-source"_s, u"Notion databases with two data sources (-1 = databases/3)."_s,
         u"N"_s, u"-1"_s},
        {u"notion-legacy-multi-source"_s,
         u"2022-06-28 search meeting a multi-source database: error or omit."_s, u"MODE"_s,
         u"error"_s},
        {u"notion-window-budget"_s, u"N[/WINDOW_MS] Notion requests per connection per window."_s,
         u"SPEC"_s, u"off"_s},
        {u"notion-workspace-limit"_s, u"MAX/WINDOW_MS for all Notion connections, or 'off'."_s,
         u"SPEC"_s, u"off"_s},
        {u"notion-workspace-retry-after"_s, u"Retry-After of the workspace 429 (0 = computed)."_s,
         u"S"_s, u"0"_s},
        {u"notion-overload-retry-after"_s, u"Retry-After on injected Notion 529s."_s, u"S"_s,
         u"1"_s},
        {u"notion-churn"_s, u"Apply TYPE:modify=N,add=N,delete=N@INTERVAL periodically."_s,
         u"SPEC"_s},
    };
    parser.addOptions(options);
    parser.addOptions(hubspot::commandLineOptions());
    parser.process(app);

    const int port = intOption(parser, u"port"_s, 0);
    if (port > 65535)
        fail(u"--port must be <= 65535"_s);
    bool seedOk = false;
    const quint64 seed = parser.value(u"seed"_s).toULongLong(&seedOk);
    if (!seedOk)
        fail(u"--seed needs a non-negative integer"_s);

    hubspot::GeneratorConfig gen;
    gen.seed = seed;
    gen.contacts = intOption(parser, u"contacts"_s, 0);
    gen.companies = intOption(parser, u"companies"_s, 0);
    gen.deals = intOption(parser, u"deals"_s, 0);
    gen.tickets = intOption(parser, u"tickets"_s, 0);
    gen.owners = intOption(parser, u"owners"_s, 0);
    gen.archivedPerType = intOption(parser, u"archived"_s, 0);
    hubspot::Options hubspotOptions;
    QString optionError;
    if (!hubspot::readOptions(parser, &hubspotOptions, &optionError))
        fail(optionError);
    if (hubspotOptions.fanoutContacts > gen.contacts)
        fail(u"--fanout-contacts must not exceed --contacts"_s);
    gen.fanoutContacts = hubspotOptions.fanoutContacts;
    hubspotOptions.crm.seed = seed;

    hubspot::OAuthConfig oauthConfig;
    oauthConfig.clientId = parser.value(u"client-id"_s);
    oauthConfig.clientSecret = parser.value(u"client-secret"_s);
    oauthConfig.appName = parser.value(u"app-name"_s);
    oauthConfig.redirectUris = parser.values(u"redirect-uri"_s);
    oauthConfig.autoConsent = parser.isSet(u"auto-consent"_s);
    oauthConfig.codeLifetimeS = intOption(parser, u"code-lifetime"_s, 1);
    oauthConfig.tokenLifetimeS = intOption(parser, u"token-lifetime"_s, 1);
    oauthConfig.rotateRefreshTokens = parser.isSet(u"rotate-refresh-tokens"_s);
    oauthConfig.privateAppToken = parser.value(u"private-app-token"_s);
    hubspot::applyTo(hubspotOptions, &oauthConfig);

    int rateMax = 0, rateWindow = 0;
    if (!RateLimiter::parse(parser.value(u"rate-limit"_s), &rateMax, &rateWindow))
        fail(u"--rate-limit needs MAX/WINDOW_MS (e.g. 100/10000) or 'off'"_s);
    int searchRateMax = 0, searchRateWindow = 0;
    if (!RateLimiter::parse(parser.value(u"search-rate-limit"_s), &searchRateMax,
                            &searchRateWindow))
        fail(u"--search-rate-limit needs MAX/WINDOW_MS (e.g. 5/1000) or 'off'"_s);

    ServerOptions serverOptions;
    serverOptions.latencyMs = intOption(parser, u"latency-ms"_s, 0);
    bool rateOk = false;
    serverOptions.faultRate = parser.value(u"fault-rate"_s).toDouble(&rateOk);
    if (!rateOk || serverOptions.faultRate < 0.0 || serverOptions.faultRate > 1.0)
        fail(u"--fault-rate needs a number between 0 and 1"_s);
    serverOptions.faultSeed = seed;
    serverOptions.faultsOnAllRoutes = parser.isSet(u"faults-everywhere"_s);
    if (parser.isSet(u"fault-kinds"_s) &&
        !FaultInjector::parseKinds(parser.value(u"fault-kinds"_s).toLatin1(),
                                   &serverOptions.faultKinds))
        fail(u"--fault-kinds needs a comma list of 500,502,503,504,reset,truncate,malformed,"
             "html,429,huge,529"_s);
    serverOptions.faultAfter = quint64(intOption(parser, u"fault-after"_s, 0));
    serverOptions.hugeBodyMb = intOption(parser, u"huge-body-mb"_s, 1);
    serverOptions.logRequests = !parser.isSet(u"quiet"_s);

    airtable::GeneratorConfig airtableGen;
    airtableGen.seed = seed;
    airtableGen.bases = intOption(parser, u"airtable-bases"_s, 0);
    airtableGen.tablesPerBase = intOption(parser, u"airtable-tables"_s, 1);
    airtableGen.recordsPerTable = intOption(parser, u"airtable-records"_s, 0);
    airtable::OAuthConfig airtableOAuthConfig;
    airtableOAuthConfig.clientId = parser.value(u"airtable-client-id"_s);
    airtableOAuthConfig.clientSecret = parser.value(u"airtable-client-secret"_s);
    airtableOAuthConfig.appName = oauthConfig.appName;
    airtableOAuthConfig.redirectUris = oauthConfig.redirectUris;
    airtableOAuthConfig.autoConsent = oauthConfig.autoConsent;
    airtableOAuthConfig.codeLifetimeS = oauthConfig.codeLifetimeS;
    airtableOAuthConfig.tokenLifetimeS = intOption(parser, u"airtable-token-lifetime"_s, 1);
    airtableOAuthConfig.personalAccessToken = parser.value(u"airtable-pat"_s);
    airtable::ApiConfig airtableApiConfig;
    if (!RateLimiter::parse(parser.value(u"airtable-rate-limit"_s), &airtableApiConfig.rateMax,
                            &airtableApiConfig.rateWindowMs))
        fail(u"--airtable-rate-limit needs MAX/WINDOW_MS (e.g. 5/1000) or 'off'"_s);
    airtableApiConfig.penaltyMs = intOption(parser, u"airtable-penalty-ms"_s, 0);
    rateOption(parser, u"airtable-user-rate-limit"_s, &airtableApiConfig.userRateMax,
               &airtableApiConfig.userRateWindowMs);
    const QString userScope = parser.value(u"airtable-user-limit-scope"_s);
    if (userScope != u"all"_s && userScope != u"pat"_s)
        fail(u"--airtable-user-limit-scope needs 'all' or 'pat'"_s);
    airtableApiConfig.userLimitPatOnly = userScope == u"pat"_s;
    airtableApiConfig.offsetTtlS = intOption(parser, u"airtable-offset-ttl"_s, 0);
    airtableApiConfig.offsetMaxPages = intOption(parser, u"airtable-offset-pages"_s, 0);
    airtableApiConfig.seed = seed;

    notion::GeneratorConfig notionGen;
    notionGen.seed = seed;
    notionGen.pages = intOption(parser, u"notion-pages"_s, 0);
    notionGen.databases = intOption(parser, u"notion-databases"_s, 0);
    notion::OAuthConfig notionOAuthConfig;
    notionOAuthConfig.clientId = parser.value(u"notion-client-id"_s);
    notionOAuthConfig.clientSecret = parser.value(u"notion-client-secret"_s);
    notionOAuthConfig.appName = oauthConfig.appName;
    notionOAuthConfig.redirectUris = oauthConfig.redirectUris;
    notionOAuthConfig.autoConsent = oauthConfig.autoConsent;
    notionOAuthConfig.codeLifetimeS = oauthConfig.codeLifetimeS;
    notionOAuthConfig.tokenLifetimeS = intOption(parser, u"notion-token-lifetime"_s, 0);
    notionOAuthConfig.internalToken = parser.value(u"notion-token"_s);
    notion::ApiConfig notionApiConfig;
    bool notionRateOk = false;
    notion::LimitConfig &notionLimits = notionApiConfig.limits;
    notionLimits.ratePerSecond = parser.value(u"notion-rate"_s).toDouble(&notionRateOk);
    if (!notionRateOk || notionLimits.ratePerSecond < 0.0)
        fail(u"--notion-rate needs a number >= 0"_s);
    notionLimits.burst = intOption(parser, u"notion-burst"_s, 1);
    notionLimits.retryAfterS = intOption(parser, u"notion-retry-after"_s, 0);
    if (!notion::parseWindowBudget(parser.value(u"notion-window-budget"_s), &notionLimits))
        fail(u"--notion-window-budget needs N or N/WINDOW_MS (window at most 60000) or 'off'"_s);
    rateOption(parser, u"notion-workspace-limit"_s, &notionLimits.workspaceMax,
               &notionLimits.workspaceWindowMs);
    notionLimits.workspaceRetryAfterS = intOption(parser, u"notion-workspace-retry-after"_s, 0);
    notionApiConfig.overloadRetryAfterS = intOption(parser, u"notion-overload-retry-after"_s, 0);
    const QString legacyMode = parser.value(u"notion-legacy-multi-source"_s);
    if (legacyMode != u"error"_s && legacyMode != u"omit"_s)
        fail(u"--notion-legacy-multi-source needs 'error' or 'omit'"_s);
    notionApiConfig.legacyOmitMultiSource = legacyMode == u"omit"_s;
    notionApiConfig.seed = seed;
    notionGen.multiSource = intOption(parser, u"notion-multi-source"_s, -1);

    QElapsedTimer generation;
    generation.start();
    hubspot::HubSpotData data;
    data.generate(gen);
    qCInfo(lcSandbox,
           "generated %d contacts, %d companies, %d deals, %d tickets, %d owners "
           "in %lld ms (seed %llu)",
           gen.contacts, gen.companies, gen.deals, gen.tickets, gen.owners, generation.elapsed(),
           static_cast<unsigned long long>(seed));

    generation.restart();
    airtable::AirtableData airtableData;
    airtableData.generate(airtableGen);
    notion::NotionData notionData;
    notionData.generate(notionGen);
    qCInfo(lcSandbox,
           "generated Airtable: %d bases x %d tables x %d records; Notion: %d pages, %d "
           "databases in %lld ms",
           airtableGen.bases, airtableGen.tablesPerBase, airtableGen.recordsPerTable,
           notionGen.pages, notionGen.databases, generation.elapsed());
    airtableOAuthConfig.userId = airtableData.collaborators().first().id;

    RateLimiter limiter(rateMax, rateWindow);
    hubspot::HubSpotOAuth oauth(oauthConfig);
    hubspot::HubSpotCrm crm(&data, &oauth, &limiter, hubspotOptions.crm);
    crm.setSearchRateLimit(searchRateMax, searchRateWindow);
    Churn churn(seed, [&crm](const ChangeRequest &change) {
        hubspot::ChangeOutcome outcome;
        QString error;
        if (!crm.applyChanges(change, &outcome, &error))
            qCWarning(lcSandbox, "churn %s: %s", qPrintable(change.type), qPrintable(error));
    });
    for (const ChurnSpec &spec : hubspotOptions.churn)
        churn.start(spec);
    Router router;
    oauth.registerRoutes(router);
    crm.registerRoutes(router);
    airtable::AirtableOAuth airtableOAuth(airtableOAuthConfig);
    airtable::AirtableApi airtableApi(&airtableData, &airtableOAuth, airtableApiConfig);
    airtableOAuth.registerRoutes(router);
    airtableApi.registerRoutes(router);
    notion::NotionOAuth notionOAuth(notionOAuthConfig, &notionData);
    notion::NotionApi notionApi(&notionData, &notionOAuth, notionApiConfig);
    notionOAuth.registerRoutes(router);
    notionApi.registerRoutes(router);
    QString churnError;
    if (!notionApi.startChurn(parser.values(u"notion-churn"_s), &churnError))
        fail(u"--notion-churn: "_s + churnError);
    if (!airtableApi.startChurn(parser.values(u"airtable-churn"_s), &churnError))
        fail(u"--airtable-churn: "_s + churnError);

    HttpServer server(&router, serverOptions);
    if (!server.listen(quint16(port)))
        fail(u"cannot listen on 127.0.0.1:"_s + QString::number(port) + u": "_s +
             server.errorString());

    if (::pipe(g_signalPipe) != 0)
        fail(u"cannot create signal pipe"_s);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    std::printf("listening on http://127.0.0.1:%u\n", unsigned(server.port()));
    std::fflush(stdout);

    const int rc = app.exec();
    const ServerStats &stats = server.stats();
    qCInfo(lcSandbox,
           "stopped: served %llu requests, %llu rate-limited (429), %llu faults injected",
           static_cast<unsigned long long>(stats.requests),
           static_cast<unsigned long long>(stats.rateLimited),
           static_cast<unsigned long long>(stats.faults));
    return rc;
}
