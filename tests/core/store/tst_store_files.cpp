// ItemStore files: one private folder per account, 0700/0600 modes, bad files
// (garbage, truncated, not SQLite, damaged, another account's) set aside with a
// clear error and replaced, and forget deleting exactly the account's folder.
#include "store/itemstore.h"
#include "store/storefiles.h"
#include "store/storereader.h"
#include "storetestutil.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace desk;
using namespace desk::storetest;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    REQUIRE(::stat(QFile::encodeName(path).constData(), &info) == 0);
    return info.st_mode & 0777;
}

// Restores the process's umask when the test ends.
struct UmaskScope
{
    explicit UmaskScope(mode_t mask) : previous(::umask(mask)) {}
    ~UmaskScope() { ::umask(previous); }
    mode_t previous;
};

void fillStore(const QString &directory, int count)
{
    auto store = openStore(directory);
    for (int first = 0; first < count; first += 500)
        REQUIRE(store->applyPage(pageOf(contacts(first, qMin(500, count - first)))).ok());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(file.write(bytes) == bytes.size());
}

// Opens over a bad file: the result is a usable empty store, a Storage error
// that says so, and the bad bytes kept beside it.
void checkSetAside(const QString &directory, const QByteArray &badBytes)
{
    auto opened = ItemStore::open(options(directory));
    REQUIRE(opened.ok());
    const ItemStore::Opened &result = opened.value();
    CHECK(result.recovered.kind == Error::Kind::Storage);
    CHECK(result.recovered.message.contains(QFileInfo(result.movedAside).fileName()));
    REQUIRE(QFile::exists(result.movedAside));
    CHECK(QFileInfo(result.movedAside).dir() == QDir(directory));
    CHECK(readAll(result.movedAside) == badBytes);
    CHECK(modeOf(result.movedAside) == 0600);
    CHECK(result.store->count().value() == 0);
    REQUIRE(result.store->applyPage(pageOf(contacts(0, 3))).ok());
    CHECK(result.store->count().value() == 3);
}

} // namespace

TEST_CASE("Each account has its own folder under the app's local data", "[store]")
{
    QStandardPaths::setTestModeEnabled(true);
    const QString root = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    const QString a =
        ItemStore::accountDirectory(QStringLiteral("hubspot-sandbox"), QStringLiteral("24681357"));
    CHECK(a.startsWith(root + QStringLiteral("/stores/")));
    CHECK(a.endsWith(QStringLiteral("/hubspot-sandbox/24681357")));
    CHECK(a != ItemStore::accountDirectory(QStringLiteral("hubspot"), QStringLiteral("24681357")));
    CHECK(a != ItemStore::accountDirectory(QStringLiteral("hubspot-sandbox"),
                                           QStringLiteral("24681358")));
    // Ids that are not plain file names cannot climb out or collide.
    const QString odd =
        ItemStore::accountDirectory(QStringLiteral("notion"), QStringLiteral("../../etc"));
    CHECK(QFileInfo(odd).absolutePath() ==
          QFileInfo(ItemStore::accountDirectory(QStringLiteral("notion"), QStringLiteral("x")))
              .absolutePath());
    CHECK_FALSE(QFileInfo(odd).fileName().contains(QLatin1Char('/')));
    CHECK(ItemStore::accountDirectory(QStringLiteral("n"), QStringLiteral("a/b")) !=
          ItemStore::accountDirectory(QStringLiteral("n"), QStringLiteral("a%2Fb")));
    CHECK(ItemStore::accountDirectory(QStringLiteral("n"), QStringLiteral("..")) !=
          ItemStore::accountDirectory(QStringLiteral("n"), QStringLiteral("")));
    CHECK_FALSE(QFileInfo(ItemStore::accountDirectory(QStringLiteral("n"), QStringLiteral("..")))
                    .fileName() == QStringLiteral(".."));
}

TEST_CASE("Store folders are 0700 and its files 0600 even with a loose umask", "[store]")
{
    QTemporaryDir base;
    const QString directory = base.path() + QStringLiteral("/ns/account");
    UmaskScope loose(0);
    {
        auto store = openStore(directory);
        REQUIRE(store->applyPage(pageOf(contacts(0, 10))).ok());
        CHECK(modeOf(directory) == 0700);
        CHECK(modeOf(base.path() + QStringLiteral("/ns")) == 0700);
        for (const QString &file : store::databaseFiles(store->databasePath())) {
            INFO(file.toStdString());
            REQUIRE(QFile::exists(file));
            CHECK(modeOf(file) == 0600);
        }
    }
    // Files that someone loosened are tightened on the next open.
    const QString db = store::databasePath(directory);
    REQUIRE(::chmod(QFile::encodeName(db).constData(), 0644) == 0);
    REQUIRE(::chmod(QFile::encodeName(directory).constData(), 0755) == 0);
    auto store = openStore(directory);
    CHECK(modeOf(db) == 0600);
    CHECK(modeOf(directory) == 0700);
    CHECK(modeOf(db + QStringLiteral("-wal")) == 0600);
    CHECK(modeOf(db + QStringLiteral("-shm")) == 0600);
}

TEST_CASE("A garbage file is set aside with a clear error and the store rebuilt", "[store]")
{
    QTemporaryDir dir;
    QByteArray garbage;
    for (int i = 0; i < 20000; ++i)
        garbage.append(char((i * 7919) % 251));
    writeFile(store::databasePath(dir.path()), garbage);
    checkSetAside(dir.path(), garbage);
}

TEST_CASE("A file that is not SQLite is set aside and the store rebuilt", "[store]")
{
    QTemporaryDir dir;
    const QByteArray json = "{\"items\": [1, 2, 3]}\n";
    writeFile(store::databasePath(dir.path()), json);
    checkSetAside(dir.path(), json);
}

TEST_CASE("A truncated store file is set aside and the store rebuilt", "[store]")
{
    QTemporaryDir dir;
    fillStore(dir.path(), 3000);
    const QString db = store::databasePath(dir.path());
    REQUIRE_FALSE(QFile::exists(db + QStringLiteral("-wal"))); // checkpointed on close
    QByteArray bytes = readAll(db);
    REQUIRE(bytes.size() > 100000);
    bytes.truncate(bytes.size() / 2 + 1000); // not even on a page boundary
    writeFile(db, bytes);
    checkSetAside(dir.path(), bytes);
}

TEST_CASE("A store damaged inside is found, marked and rebuilt on the next open", "[store]")
{
    QTemporaryDir dir;
    fillStore(dir.path(), 3000);
    const QString db = store::databasePath(dir.path());
    QByteArray bytes = readAll(db);
    // Overwrite the last quarter (item pages) while keeping size and header intact.
    for (int i = bytes.size() * 3 / 4; i < bytes.size(); ++i)
        bytes[i] = char(0xA5 ^ (i & 0xff));
    writeFile(db, bytes);
    {
        auto opened = ItemStore::open(options(dir.path()));
        REQUIRE(opened.ok());
        REQUIRE(opened.value().store);
        ItemStore &store = *opened.value().store;
        QSignalSpy damaged(&store, &ItemStore::damaged);
        const Error check = store.checkIntegrity();
        CHECK(check.kind == Error::Kind::Storage);
        CHECK_FALSE(check.message.isEmpty());
        CHECK(QFile::exists(store::damageMarkerPath(db)));
        CHECK(damaged.count() == 1);
    }
    auto reopened = ItemStore::open(options(dir.path()));
    REQUIRE(reopened.ok());
    CHECK(reopened.value().recovered.kind == Error::Kind::Storage);
    CHECK(QFile::exists(reopened.value().movedAside));
    CHECK(readAll(reopened.value().movedAside) == bytes);
    CHECK_FALSE(QFile::exists(store::damageMarkerPath(db)));
    CHECK(reopened.value().store->count().value() == 0);
    CHECK_FALSE(reopened.value().store->checkIntegrity());
}

TEST_CASE("Another account's or provider's file is set aside, not used", "[store]")
{
    QTemporaryDir dir;
    fillStore(dir.path(), 10);
    StoreOptions other = options(dir.path());
    other.accountId = QStringLiteral("acct-2");
    auto opened = ItemStore::open(other);
    REQUIRE(opened.ok());
    CHECK(opened.value().recovered.kind == Error::Kind::Storage);
    CHECK(opened.value().store->count().value() == 0);
    REQUIRE(QFile::exists(opened.value().movedAside));
}

TEST_CASE("A file of another schema version is set aside", "[store]")
{
    QTemporaryDir dir;
    fillStore(dir.path(), 10);
    sqlOnFile(store::databasePath(dir.path()),
              QStringLiteral("UPDATE meta SET value = '999' WHERE key = 'schema_version'"));
    auto opened = ItemStore::open(options(dir.path()));
    REQUIRE(opened.ok());
    CHECK(opened.value().recovered.kind == Error::Kind::Storage);
    CHECK(opened.value().store->count().value() == 0);
}

TEST_CASE("Forget deletes the account's folder and nothing else", "[store]")
{
    QTemporaryDir base;
    const QString mine = base.path() + QStringLiteral("/ns/mine");
    const QString theirs = base.path() + QStringLiteral("/ns/theirs");
    fillStore(theirs, 5);
    auto store = openStore(mine);
    REQUIRE(store->applyPage(pageOf(contacts(0, 5))).ok());
    writeFile(mine + QStringLiteral("/items.sqlite.damaged-20250101T000000000Z"), "old copy");
    // A reader still running is stopped first.
    StoreReader *reader = store->readRows(ReadOptions{1, 1, {}, 1}, nullptr);
    QSignalSpy finished(reader, &StoreReader::finished);
    REQUIRE_FALSE(store->forget());
    CHECK(reader->waitForWorker(10000));
    CHECK_FALSE(QFileInfo::exists(mine));
    CHECK(QFileInfo::exists(store::databasePath(theirs)));
    CHECK(openStore(theirs)->count().value() == 5);
    CHECK(store->count().error().kind == Error::Kind::Storage);
    CHECK_FALSE(store->applyPage(pageOf(contacts(0, 1))).ok());
    REQUIRE((finished.count() == 1 || finished.wait(5000)));
}

TEST_CASE("ForgetDirectory refuses empty and root paths", "[store]")
{
    CHECK(ItemStore::forgetDirectory(QString()).kind == Error::Kind::Configuration);
    CHECK(ItemStore::forgetDirectory(QStringLiteral("/")).kind == Error::Kind::Configuration);
    QTemporaryDir base;
    const QString directory = base.path() + QStringLiteral("/acct");
    fillStore(directory, 3);
    CHECK_FALSE(ItemStore::forgetDirectory(directory));
    CHECK_FALSE(QFileInfo::exists(directory));
}
