#pragma once

#include <QString>
#include <QStringList>

namespace desk {

// Who is signed in. Filled from the provider's token metadata endpoint.
struct AccountInfo
{
    QString accountId;   // HubSpot hub id, Airtable user id, Notion workspace id
    QString accountName; // hub domain / workspace name
    QString userEmail;
    QStringList scopes;
    // What follows the user in the one-line summary, set by the provider:
    // "hub 24681357" (HubSpot), the workspace name (Notion); empty for none.
    QString accountLabel;

    bool isValid() const { return !accountId.isEmpty(); }
    // "x@y — hub 123" style one-liner for the account line.
    QString summary() const;
};

} // namespace desk
