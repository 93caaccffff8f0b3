// StoreReader (chunks from a worker thread, bounded read-ahead, cancel) and
// ItemCursor (keyset paging through items by seq inside one read snapshot).
#include "store/storereader.h"
#include "store/storefiles.h"

#include <QCoreApplication>
#include <QFile>

namespace desk {

using store::Db;

namespace {

Error cancelledError()
{
    return Error(
        Error::Kind::Cancelled,
        QCoreApplication::translate("desk::ItemStore", "Reading the local copy was cancelled."));
}

// Leaves a marker so that the next open moves the damaged file aside.
void markDamaged(const Db &db)
{
    if (!db.sawDamage() || db.target().inMemory())
        return;
    QFile marker(store::damageMarkerPath(db.target().path));
    if (marker.open(QIODevice::WriteOnly))
        marker.close();
}

} // namespace

// --- ItemCursor ---

ItemCursor::ItemCursor(store::DbTarget target, QStringList types)
    : m_target(std::move(target)), m_types(std::move(types))
{}

ItemCursor::~ItemCursor()
{
    m_query.reset();
    if (m_db && m_inTransaction)
        m_db->rollback();
}

Error ItemCursor::ensureOpen()
{
    if (m_db)
        return {};
    auto opened = Db::open(m_target);
    if (!opened)
        return opened.error();
    m_db = std::move(opened).value();
    // One read transaction for the whole walk: later chunks see the same snapshot
    // as the first. In memory the connections share one cache and read as it is.
    if (!m_target.inMemory()) {
        if (Error error = m_db->begin(false))
            return error;
        m_inTransaction = true;
    }
    return {};
}

bool ItemCursor::fetch(int max, bool withBody, Error *error)
{
    if (m_cancelled.loadRelaxed()) {
        *error = cancelledError();
        return false;
    }
    if ((*error = ensureOpen()))
        return false;
    QString sql = QStringLiteral("SELECT seq, ") + store::rowColumns() +
                  (withBody ? QStringLiteral(", body") : QString()) +
                  QStringLiteral(" FROM items WHERE seq > ?");
    if (!m_types.isEmpty()) {
        QStringList marks;
        for (int i = 0; i < m_types.size(); ++i)
            marks << QStringLiteral("?");
        sql += QStringLiteral(" AND type IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?");
    if (!m_query || m_queryHasBody != withBody) {
        m_queryHasBody = withBody;
        m_query = std::make_unique<QSqlQuery>(m_db->query());
        if (!store::prepare(*m_db, *m_query, sql, "read chunk", error))
            return false;
    }
    m_query->addBindValue(m_lastSeq);
    for (const QString &type : m_types)
        m_query->addBindValue(type);
    m_query->addBindValue(max);
    if (!store::run(*m_db, *m_query, "read chunk", error)) {
        markDamaged(*m_db);
        return false;
    }
    return true;
}

Result<ItemBatch> ItemCursor::next(int max)
{
    Error error;
    if (!fetch(max, true, &error))
        return error;
    ItemBatch batch;
    batch.reserve(max);
    while (m_query->next()) {
        m_lastSeq = m_query->value(0).toLongLong();
        batch.append(store::readItem(*m_query, 1));
    }
    m_query->finish();
    return batch;
}

Result<RowBatch> ItemCursor::nextRows(int max)
{
    Error error;
    if (!fetch(max, false, &error))
        return error;
    RowBatch batch;
    batch.reserve(max);
    while (m_query->next()) {
        m_lastSeq = m_query->value(0).toLongLong();
        ItemRow row = store::readRow(*m_query, 1);
        shareWithPrevious(row);
        batch.append(row);
    }
    m_query->finish();
    return batch;
}

// Neighbouring rows mostly share their type and parent (records of one table,
// pages of one database): one string for all of them instead of one each, which
// is memory the tree keeps for every row.
void ItemCursor::shareWithPrevious(ItemRow &row)
{
    for (auto member : {&ItemRow::type, &ItemRow::parentType, &ItemRow::parentId,
                        &ItemRow::parentName, &ItemRow::groupParentId}) {
        if (row.*member == m_previous.*member)
            row.*member = m_previous.*member;
    }
    m_previous = row;
}

// --- StoreReader ---

StoreReader::StoreReader(store::DbTarget target, What what, ReadOptions options, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_what(what)
    , m_options(std::move(options))
    , m_room(qMax(1, m_options.queuedChunks))
{
    m_options.firstChunk = qMax(1, m_options.firstChunk);
    m_options.chunk = qMax(1, m_options.chunk);
}

StoreReader::~StoreReader()
{
    cancel();
    waitForWorker();
}

void StoreReader::start()
{
    if (m_thread)
        return;
    m_thread.reset(QThread::create([this] { work(); }));
    m_thread->setObjectName(QStringLiteral("store reader"));
    m_thread->start();
}

void StoreReader::cancel()
{
    if (m_cancelled.fetchAndStoreRelaxed(1))
        return;
    m_room.release(qMax(1, m_options.queuedChunks) + 1); // wakes a worker waiting for room
}

bool StoreReader::waitForWorker(int timeoutMs)
{
    if (!m_thread)
        return true;
    return m_thread->wait(timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                        : QDeadlineTimer(timeoutMs));
}

bool StoreReader::post(std::function<void()> delivery)
{
    m_room.acquire();
    if (m_cancelled.loadRelaxed())
        return false;
    QMetaObject::invokeMethod(
        this,
        [this, delivery = std::move(delivery)] {
            if (!m_cancelled.loadRelaxed())
                delivery();
            m_room.release();
        },
        Qt::QueuedConnection);
    return true;
}

void StoreReader::finish(const Error &error)
{
    QMetaObject::invokeMethod(
        this,
        [this, error] {
            if (m_finished)
                return;
            m_finished = true;
            emit finished(m_cancelled.loadRelaxed() ? cancelledError() : error);
        },
        Qt::QueuedConnection);
}

void StoreReader::work()
{
    ItemCursor cursor(m_target, m_options.types);
    int size = m_options.firstChunk;
    while (!m_cancelled.loadRelaxed()) {
        bool more = false;
        bool posted = true;
        if (m_what == What::Rows) {
            auto batch = cursor.nextRows(size);
            if (!batch)
                return finish(batch.error());
            more = !batch.value().isEmpty();
            if (more)
                posted = post([this, rows = std::move(batch).value()] { emit this->rows(rows); });
        } else {
            auto batch = cursor.next(size);
            if (!batch)
                return finish(batch.error());
            more = !batch.value().isEmpty();
            if (more)
                posted =
                    post([this, items = std::move(batch).value()] { emit this->items(items); });
        }
        if (!more || !posted)
            break;
        size = m_options.chunk;
    }
    finish(Error());
}

} // namespace desk
