#include "providers/provider.h"

#include "providers/airtable/airtableprovider.h"
#include "providers/hubspot/hubspotprovider.h"
#include "providers/notion/notionprovider.h"

namespace desk {

// The one place providers are registered: one line each.
const QVector<const Provider *> &ProviderRegistry::all()
{
    static const HubSpotProvider hubspot;
    static const AirtableProvider airtable;
    static const NotionProvider notion;
    static const QVector<const Provider *> providers{&hubspot, &airtable, &notion};
    return providers;
}

const Provider *ProviderRegistry::find(const QString &id)
{
    for (const Provider *provider : all())
        if (provider->id() == id)
            return provider;
    return nullptr;
}

} // namespace desk
