#pragma once

// Items shaped like each provider's (a CRM contact with labels and associations,
// a spreadsheet record with list fields, a wiki page with a parent and
// problems), a presentation for them, and helpers to compare and open stores.

#include "store/itemstore.h"

#include <QString>
#include <memory>

namespace desk::storetest {

ItemPresentation presentation();

IntegrationItem contact(int n); // type "contacts"
IntegrationItem company(int n); // type "companies"
IntegrationItem record(int n);  // type "records", list fields, parent table
IntegrationItem page(int n);    // type "pages", parent page, problems

// Checks every field of `actual` against `expected` (Catch2 CHECKs).
void checkSameItem(const IntegrationItem &actual, const IntegrationItem &expected);

StoreOptions options(const QString &directory); // provider "test", account "acct-1"
// Opens and REQUIREs success without a recovery.
std::unique_ptr<ItemStore> openStore(const QString &directory);

StorePage pageOf(const ItemBatch &items, const QVector<ItemKey> &removed = {});
ItemBatch contacts(int first, int count);

// Runs `sql` on the store file through a connection of the test's own.
QStringList sqlOnFile(const QString &databasePath, const QString &sql);

} // namespace desk::storetest
