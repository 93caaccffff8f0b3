// libFuzzer target: token endpoint bodies (code and refresh grants) and OAuth
// error bodies. Invariants: no crash; an accepted response has a non-empty
// access token and (when required) a positive expiry.
#include "auth/tokenresponse.h"
#include "fuzz_common.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    deskfuzz::quietLogs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), int(size));
    for (bool requireExpiry : {true, false}) {
        const desk::Result<desk::TokenResponse> r = desk::parseTokenResponse(body, requireExpiry);
        if (r.ok()) {
            if (r.value().accessToken.isEmpty())
                std::abort();
            if (requireExpiry && r.value().expiresIn <= 0)
                std::abort();
            const qint64 lead = desk::TokenTiming::refreshLeadSeconds(r.value().expiresIn);
            if (lead < 0)
                std::abort();
        } else if (r.error().kind != desk::Error::Kind::BadResponse) {
            std::abort();
        }
    }
    const desk::OAuthErrorBody e = desk::parseOAuthError(body);
    (void)e.isInvalidGrant();
    (void)e.isInvalidClient();
    (void)e.text();
    (void)e.code();
    return 0;
}
