// The HubSpot API versions the sandbox serves, in one place: the date-based
// versions (/crm/objects/2026-09/…) and how each differs, plus the legacy
// flavour (/crm/v3/…, /crm/v4/…, /oauth/v1/…, /oauth/v3/…).
#pragma once

#include <QString>
#include <QVector>

namespace desk::sandbox::hubspot {

struct DatedVersion
{
    QString name; // the path segment, e.g. 2026-09
    // GET /crm/objects/{v}/{type}/{id}/associations/{toType}: in the 2026-03 spec, absent
    // from the 2026-09 snapshot (the strict reading: not served there).
    bool perRecordAssociations = false;
};

// Newest first. The first one is "latest".
inline const QVector<DatedVersion> &datedVersions()
{
    static const QVector<DatedVersion> versions = {{QStringLiteral("2026-09"), false},
                                                   {QStringLiteral("2026-03"), true}};
    return versions;
}

// Which flavour of the API a request came in on; handlers differ in small ways
// (error shape, toObjectId type, rate-limit headers, link targets).
struct Api
{
    QString version; // a dated version, or empty for the legacy v3/v4 paths

    bool dated() const { return !version.isEmpty(); }
    static Api legacy() { return {}; }
};

} // namespace desk::sandbox::hubspot
