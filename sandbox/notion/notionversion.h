#pragma once

// The Notion-Version values the sandbox serves, in one place, and what each
// one changes: 2022-06-28 (databases with properties), 2025-09-03 (databases
// are containers of data sources) and 2026-03-11 (only in_trash, no archived).
#include <QByteArray>
#include <QString>

namespace desk::sandbox::notion {

enum class ApiVersion
{
    V2022_06_28,
    V2025_09_03,
    V2026_03_11
};

struct ServedVersion
{
    const char *header;
    ApiVersion version;
};

inline constexpr ServedVersion kServedVersions[] = {
    {"2022-06-28", ApiVersion::V2022_06_28},
    {"2025-09-03", ApiVersion::V2025_09_03},
    {"2026-03-11", ApiVersion::V2026_03_11},
};

// False for a value that is not one of kServedVersions.
inline bool parseVersion(const QByteArray &header, ApiVersion *out)
{
    for (const ServedVersion &v : kServedVersions) {
        if (header == v.header) {
            *out = v.version;
            return true;
        }
    }
    return false;
}

inline QString servedVersionList()
{
    QString s;
    for (const ServedVersion &v : kServedVersions)
        s += (s.isEmpty() ? QString() : QStringLiteral(", ")) + QLatin1String(v.header);
    return s;
}

inline const char *versionName(ApiVersion version)
{
    for (const ServedVersion &v : kServedVersions)
        if (v.version == version)
            return v.header;
    return "";
}

// 2025-09-03 on: /v1/data_sources, databases without properties, search over
// pages and data sources, rows with data_source_id parents.
inline bool hasDataSources(ApiVersion v)
{
    return v != ApiVersion::V2022_06_28;
}

// Before 2026-03-11, responses carry `archived` next to `in_trash` and requests
// may use `archived` as an alias; from 2026-03-11 only `in_trash` exists.
inline bool knowsArchived(ApiVersion v)
{
    return v != ApiVersion::V2026_03_11;
}

} // namespace desk::sandbox::notion
