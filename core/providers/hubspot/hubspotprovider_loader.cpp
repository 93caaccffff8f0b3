#include "providers/hubspot/hubspotloader.h"
#include "providers/hubspot/hubspotprovider.h"

namespace desk {

ItemLoader *HubSpotProvider::createLoader(ApiClient &client, const ProviderProfile &profile,
                                          QObject *parent) const
{
    return new HubSpotLoader(client, profile, parent);
}

} // namespace desk
