#pragma once

// Notion (public integration: OAuth with HTTP Basic client authentication and
// a JSON token request, owner=user, tokens without expiry), or the sandbox that
// imitates it under {base}/notion: the declaration the shared machinery reads.

#include "providers/providerspec.h"

namespace desk::notion {

// The declaration; the registry keeps the one everybody reads.
ProviderSpec declaration();

// GET {api}/v1/users/me (the integration's bot user): account id = bot id,
// name = workspace name, email = the owner's.
Result<AccountInfo> parseBotUser(const QByteArray &body);

} // namespace desk::notion
