// libFuzzer target: the Airtable page parsers (bases, tables, records) over one
// JSON document. Invariant: no crash / UB / leak.
#include "fuzz_common.h"
#include "providers/airtable/airtablepage.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    deskfuzz::quietLogs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), int(size)));
    (void)desk::airtable::parseBasesPage(doc);
    (void)desk::airtable::parseTables(doc);
    (void)desk::airtable::parseRecordsPage(doc);
    return 0;
}
