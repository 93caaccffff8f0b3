// The HubSpot imitation's command-line options for today's API: versions and
// legacy paths, the readings of unverified points, association paging,
// search index lag, fan-out and churn (the older HubSpot options stay in main.cpp).
#pragma once

#include "hubspotcrm.h"
#include "hubspotoauth.h"
#include "server/changeset.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace desk::sandbox::hubspot {

struct Options
{
    CrmConfig crm;
    int fanoutContacts = 0;
    QVector<ChurnSpec> churn;
    // Copied into OAuthConfig:
    bool legacy = true;
    bool tokenOptionalFields = true;
    int revokeStatus = 204;
    bool introspectInactiveError = false;
};

QList<QCommandLineOption> commandLineOptions();
// Reads them after parser.process(); false with a message on bad input.
bool readOptions(const QCommandLineParser &parser, Options *options, QString *error);
void applyTo(const Options &options, OAuthConfig *oauth);

} // namespace desk::sandbox::hubspot
