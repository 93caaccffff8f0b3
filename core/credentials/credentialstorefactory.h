#pragma once

#include "credentials/credentialstore.h"

#include <QString>
#include <functional>
#include <memory>

namespace desk {

// What CredentialStoreFactory picked.
struct CredentialStoreChoice
{
    std::unique_ptr<CredentialStore> store;
    // Empty when the OS keychain works. Otherwise a translated sentence for the user
    // ("No keychain is available: you will have to sign in again after a restart.").
    QString warning;
    // Why the keychain was not used (for the log; no secrets).
    QString detail;
    CredentialStore::Status probeStatus = CredentialStore::Status::Ok;
};

// Chooses the credential store: the OS keychain when it answers, else an in-memory
// store plus a warning. Never a plaintext file.
//
// The probe reads a non-existent entry: Ok/NotFound = the keychain works;
// NoBackend, AccessDenied, OtherError or no answer within `timeoutMs` (e.g. no D-Bus
// session, Secret Service not running) = memory fallback.
// Environment override DESK_CREDENTIAL_STORE=memory|keychain skips the probe.
class CredentialStoreFactory
{
public:
    static constexpr int DefaultProbeTimeoutMs = 5000;

    static void create(std::function<void(CredentialStoreChoice)> done,
                       int timeoutMs = DefaultProbeTimeoutMs);
    // Same, blocking with a local event loop (CLI, tests).
    static CredentialStoreChoice createBlocking(int timeoutMs = DefaultProbeTimeoutMs);

    static QString fallbackWarning();
};

} // namespace desk
