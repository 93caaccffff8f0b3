// libFuzzer target: the Notion parsers (search page, block parent) over one JSON
// document, and the mapping of every parsed object to an item. Invariant: no
// crash / UB / leak.
#include "fuzz_common.h"
#include "providers/notion/notionpage.h"

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
    if (const auto page = desk::notion::parseSearchPage(doc); page.ok()) {
        for (const desk::notion::Object &object : page.value().results)
            (void)desk::notion::toItem(object).toJson();
    }
    (void)desk::notion::parseBlockParent(doc);
    return 0;
}
