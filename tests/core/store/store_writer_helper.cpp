// Test helper: applies the pages of a full load to a store in a loop, printing
// "page N" after each commit, so tests can kill it mid-write or run several at
// once. Resumes from the store's resume cursor. Exit code 0 when the load completed.
//
//   store-writer-helper DIR TYPE PAGES PAGE_SIZE [PREFIX]
#include "store/itemstore.h"

#include <QCoreApplication>
#include <QStringList>
#include <cstdio>

using namespace desk;

namespace {

IntegrationItem itemFor(const QString &type, const QString &prefix, int page, int index)
{
    IntegrationItem item;
    item.type = type;
    item.id = QStringLiteral("%1-%2-%3").arg(prefix).arg(page).arg(index);
    item.name = QStringLiteral("Item %1 of page %2").arg(index).arg(page);
    item.modified = QDateTime::fromMSecsSinceEpoch(1700000000000 + page * 1000 + index, Qt::UTC);
    item.properties.insert(QStringLiteral("email"), QStringLiteral("%1@example.test").arg(item.id));
    item.properties.insert(QStringLiteral("notes"), QString(200, QLatin1Char('x')));
    item.associations.insert(QStringLiteral("companies"), {QString::number(page)});
    return item;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: store-writer-helper DIR TYPE PAGES PAGE_SIZE [PREFIX]\n");
        return 2;
    }
    const QString type = args.at(2);
    const int pages = args.at(3).toInt();
    const int pageSize = args.at(4).toInt();
    const QString prefix = args.size() > 5 ? args.at(5) : type;
    StoreOptions options;
    options.directory = args.at(1);
    options.providerId = QStringLiteral("test");
    options.accountId = QStringLiteral("acct-1");
    options.busyTimeoutMs = 30000;
    auto opened = ItemStore::open(options);
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().detail));
        return 1;
    }
    ItemStore &store = *opened.value().store;
    auto ticket = store.beginFullLoad(type);
    if (!ticket) {
        std::fprintf(stderr, "begin: %s\n", qPrintable(ticket.error().detail));
        return 1;
    }
    const int start =
        ticket.value().resumeCursors.value(QStringLiteral("main"), QStringLiteral("0")).toInt();
    std::printf("start %d\n", start);
    std::fflush(stdout);
    for (int p = start; p < pages; ++p) {
        StorePage page;
        for (int i = 0; i < pageSize; ++i)
            page.items.append(itemFor(type, prefix, p, i));
        TypeSyncProgress progress;
        progress.type = type;
        progress.resumeCursors.insert(QStringLiteral("main"), QString::number(p + 1));
        progress.syncToken = QStringLiteral("token-%1").arg(p);
        progress.fullLoadComplete = p == pages - 1;
        page.progress = {progress};
        auto applied = store.applyPage(page);
        if (!applied) {
            std::fprintf(stderr, "page %d: %s\n", p, qPrintable(applied.error().detail));
            return 1;
        }
        std::printf("page %d\n", p);
        std::fflush(stdout);
    }
    std::printf("done\n");
    return 0;
}
