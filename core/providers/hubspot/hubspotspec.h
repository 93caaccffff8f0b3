#pragma once

// HubSpot (public OAuth app), or the local sandbox that imitates it: the
// declaration the shared machinery reads.

#include "providers/providerspec.h"

namespace desk::hubspot {

// The declaration; the registry keeps the one everybody reads.
ProviderSpec declaration();

QStringList defaultScopes();
// GET {base}/oauth/v1/access-tokens/{token} -> user, hub_id, hub_domain, scopes.
Result<AccountInfo> parseAccessTokenMetadata(const QByteArray &body);

} // namespace desk::hubspot
