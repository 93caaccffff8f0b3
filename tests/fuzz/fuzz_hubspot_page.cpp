// libFuzzer target: every HubSpot CRM page parser over the same JSON, and the
// mapping of parsed records to items. Invariants: no crash; a parsed object page
// never has a record with an empty id (the loader keys on it).
#include "fuzz_common.h"
#include "providers/hubspot/hubspotpage.h"

#include <QJsonDocument>
#include <cstdlib>

using namespace desk::hubspot;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    deskfuzz::quietLogs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), int(size)));
    MappingContext context;
    context.webBaseUrl = QUrl(QStringLiteral("https://app.hubspot.com"));
    context.hubId = QStringLiteral("24681357");
    if (const auto owners = parseOwnersPage(doc); owners.ok())
        context.owners = owners.value().names;
    if (const auto pipelines = parsePipelines(doc); pipelines.ok()) {
        context.dealPipelines = pipelines.value();
        context.ticketPipelines = pipelines.value();
    }
    (void)parseSearchTotal(doc);
    (void)parseAssociationBatch(doc);
    if (const auto page = parseObjectPage(doc); page.ok()) {
        for (const ObjectRecord &record : page.value().results) {
            if (record.id.isEmpty())
                std::abort();
            for (const char *type : {"contacts", "companies", "deals", "tickets"}) {
                const desk::IntegrationItem item = toItem(record, QLatin1String(type), context);
                if (item.id != record.id)
                    std::abort();
                (void)item.toJson();
            }
        }
    }
    return 0;
}
