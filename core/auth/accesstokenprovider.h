#pragma once

#include "common/error.h"

#include <QByteArray>
#include <functional>

namespace desk {

// What the API client needs from whoever holds the credentials: the current
// bearer token, and a way to get a fresh one. Implemented by OAuthSession
// (OAuth apps) and StaticTokenProvider (HubSpot private-app tokens).
class AccessTokenProvider
{
public:
    virtual ~AccessTokenProvider() = default;

    // The access token to send as "Authorization: Bearer ...". Empty when not connected.
    virtual QByteArray bearerToken() const = 0;

    // True when the token is expired or about to expire and should be refreshed
    // before the next request.
    virtual bool tokenNeedsRefresh() const = 0;

    // Obtain a new access token (refresh grant). Calls `done` exactly once, on the
    // object's thread, with an empty Error on success. Concurrent calls are merged
    // into one refresh. An Error of kind ReconnectNeeded means the user must sign in
    // again; other kinds are transient and leave the stored credentials untouched.
    virtual void refreshAccessToken(std::function<void(const Error &)> done) = 0;
};

} // namespace desk
