#pragma once

#include <QMetaType>
#include <QString>

namespace desk {

// An error is a value: what went wrong (kind), what to tell the user (message,
// already translated and free of secrets) and what to put in the log (detail,
// also free of secrets). Kinds map to what the user can do about it.
struct Error
{
    enum class Kind
    {
        None,
        Cancelled,       // the user asked to stop
        Timeout,         // nothing came back in time
        Network,         // connection refused, reset, DNS, offline
        Unauthorized,    // 401 that survived one refresh
        ReconnectNeeded, // credentials unusable (invalid_grant, revoked): sign in again
        Forbidden,       // 403, e.g. MISSING_SCOPES
        RateLimited,     // 429 that could not be waited out
        Service,         // 5xx: trouble on the provider's side
        BadResponse,     // malformed, truncated or unexpected data
        AccessDenied,    // the user declined on the consent page
        Provider,        // the provider reported an OAuth/API error with a description
        PortBusy,        // loopback redirect port already in use
        Keychain,        // credential storage failed
        Configuration,   // missing client id, bad URL, bad option
        Storage,         // the local copy of an account could not be read or written
    };

    Kind kind = Kind::None;
    QString message; // user-facing, translated, no secrets
    QString detail;  // for the log, no secrets
    int httpStatus = 0;
    // The provider's own error code when it sent one ("MISSING_SCOPES",
    // "LIST_RECORDS_ITERATOR_NOT_AVAILABLE"): lets a provider recognise its
    // answers (an expired cursor) without parsing `detail`.
    QString code;

    Error() = default;
    Error(Kind k, QString userMessage, QString logDetail = {}, int status = 0)
        : kind(k), message(std::move(userMessage)), detail(std::move(logDetail)), httpStatus(status)
    {}

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }

    // Short machine-readable name of the kind ("network", "reconnect-needed", ...).
    static QString kindName(Kind kind);
};

} // namespace desk

Q_DECLARE_METATYPE(desk::Error)
