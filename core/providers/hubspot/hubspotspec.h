#pragma once

// HubSpot (public OAuth app), or the local sandbox that imitates it: the
// declaration the shared machinery reads.

#include "providers/hubspot/hubspotapi.h"
#include "providers/providerspec.h"

#include <QJsonObject>
#include <optional>

namespace desk::hubspot {

// The declaration for an API version (kApiVersion unless a test asks for
// another); the registry keeps the one everybody reads.
ProviderSpec declaration(const QString &version = kApiVersion);

QStringList defaultScopes();

// Who signed in, from the three places HubSpot says it:
// - the token response's optional hub_id, user_id and scopes (nullopt without hub_id);
Result<AccountInfo> accountFromTokenResponse(const QJsonObject &tokenResponse);
// - POST /oauth/{v}/token/introspect: hub_id, hub_domain, user, scopes ({"active":false}:
//   Unauthorized);
Result<AccountInfo> parseIntrospection(const QByteArray &body);
// - GET /account-info/{v}/details with any bearer (service keys too): portalId.
Result<AccountInfo> parseAccountDetails(const QByteArray &body);

} // namespace desk::hubspot
