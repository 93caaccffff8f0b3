#pragma once

#include "items/integrationitem.h"

#include <QString>
#include <functional>

namespace desktest {

// Runs the event loop until `condition` holds or `timeoutMs` passes.
bool waitFor(const std::function<bool()> &condition, int timeoutMs = 10000);

// Synthetic HubSpot-like items (deterministic).
desk::IntegrationItem contact(int n, const QString &companyId = {},
                              const QString &companyName = {});
desk::IntegrationItem company(int n);
desk::IntegrationItem deal(int n, const QString &companyId, double amount, const QString &stage);
desk::IntegrationItem ticket(int n, const QString &companyId = {});
// A provider-neutral item (Airtable/Notion-like) for the By parent view.
desk::IntegrationItem treeItem(const QString &type, const QString &id,
                               const QString &parentType = {}, const QString &parentId = {},
                               const QString &name = {});

// Collects qt.modeltest warnings (QAbstractItemModelTester in Warning mode).
class ModelTestMessages
{
public:
    ModelTestMessages();
    ~ModelTestMessages();
    static QStringList messages();
    static void clear();
};

} // namespace desktest
