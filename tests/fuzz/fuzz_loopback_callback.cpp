// libFuzzer target: the request head the loopback redirect listener reads from
// a browser (or any local program). Invariants: never crashes, only 200/400/405,
// and a 200 always carries the expected state (a forged callback is never
// accepted) and exactly one of code / error.
#include "auth/loopbackreplyhandler.h"
#include "fuzz_common.h"

#include <QUrlQuery>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    deskfuzz::quietLogs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray head(reinterpret_cast<const char *>(data), int(size));
    static const QString state = QStringLiteral("s7aTe-xyz_0123456789abcdefABCDEF");
    for (const QString &expected : {state, QString()}) {
        const desk::LoopbackRequestCheck check =
            desk::checkLoopbackRequest(head, QStringLiteral("/callback"), expected);
        if (check.status != 200 && check.status != 400 && check.status != 405)
            std::abort();
        if (check.status != 200)
            continue;
        if (expected.isEmpty())
            std::abort(); // nothing may be accepted without an expected state
        if (check.code.isEmpty() == check.error.isEmpty())
            std::abort();
        // The accepted request must really name /callback and carry the state.
        const QByteArray line =
            head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n"));
        const QByteArray target = line.split(' ').value(1);
        if (!target.startsWith("/callback?") && target != "/callback")
            std::abort();
        const QUrlQuery query(QString::fromLatin1(target.mid(target.indexOf('?') + 1)));
        if (query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != expected)
            std::abort();
    }
    return 0;
}
