#include "error.h"

namespace desk {

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Network: return QStringLiteral("network");
    case Kind::Unauthorized: return QStringLiteral("unauthorized");
    case Kind::ReconnectNeeded: return QStringLiteral("reconnect-needed");
    case Kind::Forbidden: return QStringLiteral("forbidden");
    case Kind::RateLimited: return QStringLiteral("rate-limited");
    case Kind::Service: return QStringLiteral("service");
    case Kind::BadResponse: return QStringLiteral("bad-response");
    case Kind::AccessDenied: return QStringLiteral("access-denied");
    case Kind::Provider: return QStringLiteral("provider");
    case Kind::PortBusy: return QStringLiteral("port-busy");
    case Kind::Keychain: return QStringLiteral("keychain");
    case Kind::Configuration: return QStringLiteral("configuration");
    case Kind::Storage: return QStringLiteral("storage");
    }
    return QStringLiteral("unknown");
}

} // namespace desk
