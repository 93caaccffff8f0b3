// The provider registry: the core providers, one line each, and those added
// from outside core/ (ProviderRegistry::add).
#include "providers/providerspec.h"

#include "providers/airtable/airtablespec.h"
#include "providers/hubspot/hubspotspec.h"
#include "providers/notion/notionspec.h"

#include <deque>

namespace desk {

namespace {

struct Registry
{
    std::deque<ProviderSpec> specs; // stable addresses
    QVector<const ProviderSpec *> all;

    Registry()
    {
        for (ProviderSpec spec : {
                 hubspot::declaration(),
                 airtable::declaration(),
                 notion::declaration(),
             })
            add(std::move(spec));
    }
    void add(ProviderSpec spec)
    {
        specs.push_back(std::move(spec));
        all.append(&specs.back());
    }
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

} // namespace

const QVector<const ProviderSpec *> &ProviderRegistry::all()
{
    return registry().all;
}

const ProviderSpec *ProviderRegistry::find(const QString &id)
{
    for (const ProviderSpec *provider : registry().all)
        if (provider->id == id)
            return provider;
    return nullptr;
}

bool ProviderRegistry::add(ProviderSpec spec)
{
    if (spec.id.isEmpty() || find(spec.id))
        return false;
    registry().add(std::move(spec));
    return true;
}

} // namespace desk
