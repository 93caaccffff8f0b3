// Placeholder until the HubSpot loader exists (load work replaces this file).
#include "providers/hubspot/hubspotprovider.h"

namespace desk {

ItemLoader *HubSpotProvider::createLoader(ApiClient &, const ProviderProfile &, QObject *) const
{
    return nullptr;
}

} // namespace desk
