// Account folders, private file modes, header checks, moving bad files aside.
#include "store/storefiles.h"
#include "store/storedb.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtEndian>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace desk::store {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::ItemStore", text);
}

// Letters, digits, '.', '_' and '-' stay; anything else becomes "%XX" of its UTF-8
// bytes, so the mapping is one-to-one and a name can never climb out of its folder.
QString safeName(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("%00");
    QString out;
    const QByteArray utf8 = name.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                           (byte >= '0' && byte <= '9') || byte == '_' || byte == '-' ||
                           byte == '.';
        if (plain)
            out += QLatin1Char(c);
        else
            out += QStringLiteral("%%1").arg(byte, 2, 16, QLatin1Char('0')).toUpper();
    }
    if (out == QLatin1String(".") || out == QLatin1String(".."))
        out.replace(QLatin1Char('.'), QStringLiteral("%2E"));
    return out;
}

Error chmodPrivate(const QString &path, mode_t mode)
{
    struct stat info
    {
    };
    const QByteArray native = QFile::encodeName(path);
    if (::stat(native.constData(), &info) != 0)
        return Error(
            Error::Kind::Storage, tr("The folder of the local copy could not be read."),
            QStringLiteral("stat %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if ((info.st_mode & 0777) == mode)
        return {};
    if (::chmod(native.constData(), mode) != 0)
        return Error(
            Error::Kind::Storage,
            tr("The local copy could not be made private to your user account."),
            QStringLiteral("chmod %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    qCInfo(lcStore) << "tightened mode of" << path << "from" << Qt::oct << (info.st_mode & 0777);
    return {};
}

} // namespace

QString storesRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/stores");
}

QString accountDirectory(const QString &credentialNamespace, const QString &accountId)
{
    return storesRoot() + QLatin1Char('/') + safeName(credentialNamespace) + QLatin1Char('/') +
           safeName(accountId);
}

QString databasePath(const QString &directory)
{
    return directory + QStringLiteral("/items.sqlite");
}

QStringList databaseFiles(const QString &databasePath)
{
    return {databasePath, databasePath + QStringLiteral("-wal"),
            databasePath + QStringLiteral("-shm")};
}

QString damageMarkerPath(const QString &databasePath)
{
    return databasePath + QStringLiteral(".damaged");
}

Error ensurePrivateDirectory(const QString &directory)
{
    // Tighten the levels this call creates and, below storesRoot(), every level up
    // to it; never the app's own folder or anything above.
    const QString root = QFileInfo(storesRoot()).absoluteFilePath();
    QStringList levels;
    for (QString current = QFileInfo(directory).absoluteFilePath();;
         current = QFileInfo(current).absolutePath()) {
        const bool underRoot = current == root || current.startsWith(root + QLatin1Char('/'));
        if (levels.isEmpty() || underRoot || !QFileInfo::exists(current))
            levels.append(current);
        else
            break;
        if (current == root || QFileInfo(current).isRoot())
            break;
    }
    if (!QDir().mkpath(directory))
        return Error(Error::Kind::Storage,
                     tr("The folder for the local copy could not be created."),
                     QStringLiteral("mkpath %1 failed").arg(directory));
    for (const QString &level : std::as_const(levels))
        if (Error error = chmodPrivate(level, 0700))
            return error;
    return {};
}

Error ensurePrivateFile(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error(
            Error::Kind::Storage, tr("The local copy could not be created."),
            QStringLiteral("open %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    ::close(fd);
    return chmodPrivate(path, 0600);
}

void tightenFiles(const QString &databasePath)
{
    for (const QString &file : databaseFiles(databasePath)) {
        struct stat info
        {
        };
        if (::stat(QFile::encodeName(file).constData(), &info) != 0)
            continue;
        if ((info.st_mode & 0077) != 0) {
            if (const Error error = chmodPrivate(file, info.st_mode & 0700))
                qCWarning(lcStore) << error.detail;
        }
    }
}

HeaderCheck checkHeader(const QString &databasePath, QString *detail)
{
    QFile file(databasePath);
    if (!file.exists() || file.size() == 0)
        return HeaderCheck::Empty;
    if (!file.open(QIODevice::ReadOnly)) {
        *detail = file.errorString();
        return HeaderCheck::Unreadable;
    }
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 100 || !header.startsWith(magic)) {
        *detail = QStringLiteral("no SQLite header (%1 bytes)").arg(file.size());
        return HeaderCheck::NotSqlite;
    }
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    const quint32 rawPageSize = qFromBigEndian<quint16>(bytes + 16);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const quint32 changeCounter = qFromBigEndian<quint32>(bytes + 24);
    const quint32 pageCount = qFromBigEndian<quint32>(bytes + 28);
    const quint32 validFor = qFromBigEndian<quint32>(bytes + 92);
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) {
        *detail = QStringLiteral("bad page size %1").arg(pageSize);
        return HeaderCheck::NotSqlite;
    }
    // A process that died during a checkpoint can leave the file shorter than its
    // header says; the write-ahead log then completes it, so only judge without one.
    const QFileInfo wal(databasePath + QStringLiteral("-wal"));
    const bool walMayComplete = wal.exists() && wal.size() > 0;
    const qint64 size = file.size();
    if (!walMayComplete && (size % pageSize != 0 ||
                            (changeCounter == validFor && qint64(pageCount) * pageSize > size))) {
        *detail = QStringLiteral("file has %1 bytes, header says %2 pages of %3")
                      .arg(size)
                      .arg(pageCount)
                      .arg(pageSize);
        return HeaderCheck::Truncated;
    }
    return HeaderCheck::Ok;
}

Result<QString> moveAside(const QString &databasePath, const QString &reason)
{
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    const QString suffix = QLatin1Char('.') + reason + QLatin1Char('-') + stamp;
    const QString target = databasePath + suffix;
    for (const QString &file : databaseFiles(databasePath)) {
        if (!QFile::exists(file))
            continue;
        const QString moved =
            file == databasePath ? target : target + file.mid(databasePath.size());
        if (!QFile::rename(file, moved))
            return Error(Error::Kind::Storage,
                         tr("The damaged local copy could not be moved aside."),
                         QStringLiteral("rename %1 -> %2 failed").arg(file, moved));
        // What is kept may still hold the account's data: as private as the store.
        if (Error error = chmodPrivate(moved, 0600))
            qCWarning(lcStore) << error.detail;
    }
    return target;
}

} // namespace desk::store
