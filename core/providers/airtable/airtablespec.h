#pragma once

// Airtable (OAuth integration with PKCE, HTTP Basic client authentication,
// rotating refresh tokens), or the sandbox that imitates it under
// {base}/airtable: the declaration the shared machinery reads.

#include "providers/providerspec.h"

namespace desk::airtable {

// The declaration; the registry keeps the one everybody reads.
ProviderSpec declaration();

QStringList defaultScopes();
// GET {api}/v0/meta/whoami -> id, email, scopes.
Result<AccountInfo> parseWhoAmI(const QByteArray &body);
// {"error":{"type","message"}}, {"errors":[{"error","message"}]} or {"error":"NOT_FOUND"}.
ApiErrorBody readErrorBody(const QByteArray &body);

} // namespace desk::airtable
