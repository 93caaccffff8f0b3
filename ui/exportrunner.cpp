// ExportRunner: items to a file on a worker thread, atomically, with progress and cancel.
#include "exportrunner.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcExport, "desk.ui.export")

namespace desk {

ExportRunner::ExportRunner(QObject *parent) : QObject(parent)
{
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this,
            [this] { Q_EMIT progress(written(), m_expected); });
}

ExportRunner::~ExportRunner()
{
    cancel();
    wait();
}

ItemWriter::Format ExportRunner::formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return ItemWriter::Format::Csv;
    if (suffix == QLatin1String("jsonl"))
        return ItemWriter::Format::Jsonl;
    return ItemWriter::Format::Json;
}

void ExportRunner::resolveParentName(IntegrationItem &item, const QHash<ItemKey, QString> &names)
{
    if (!item.parentName.isEmpty() || item.parentId.isEmpty())
        return;
    item.parentName = names.value(ItemKey{item.parentType, item.parentId});
}

bool ExportRunner::start(ExportJob job)
{
    if (m_thread)
        return false;
    m_cancel.storeRelaxed(0);
    m_written.storeRelaxed(0);
    m_expected = job.expected;
    m_path = job.path;
    m_result = {};
    auto shared = std::make_shared<ExportJob>(std::move(job));
    m_thread.reset(QThread::create([this, shared] {
        m_result = run(*shared);
        shared->source.reset(); // a source may hold a connection that belongs to this thread
    }));
    connect(m_thread.get(), &QThread::finished, this, &ExportRunner::onWorkerDone,
            Qt::QueuedConnection);
    qCInfo(lcExport) << "export started, expecting" << m_expected << "items";
    m_thread->start(QThread::LowPriority);
    m_progressTimer.start();
    Q_EMIT progress(0, m_expected);
    return true;
}

void ExportRunner::cancel()
{
    m_cancel.storeRelaxed(1);
}

void ExportRunner::wait()
{
    if (!m_thread)
        return;
    m_thread->wait();
    onWorkerDone();
}

void ExportRunner::onWorkerDone()
{
    if (!m_thread)
        return;
    m_thread->wait();
    m_thread.reset();
    m_progressTimer.stop();
    const qint64 count = written();
    qCInfo(lcExport) << "export ended:" << Error::kindName(m_result.kind) << count << "items";
    Q_EMIT progress(count, m_expected);
    Q_EMIT finished(m_result, count);
}

// On the worker thread.
Error ExportRunner::run(ExportJob &job)
{
    QSaveFile file(job.path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Configuration,
                     tr("Cannot write %1: %2").arg(job.path, file.errorString()));
    ItemWriter writer(file, job.format);
    QHash<ItemKey, QString> names = job.parentNames;
    for (;;) {
        if (m_cancel.loadRelaxed()) {
            file.cancelWriting();
            return Error(Error::Kind::Cancelled, tr("The export was cancelled."));
        }
        Result<ItemBatch> batch = job.source->next(1000);
        if (!batch.ok()) {
            file.cancelWriting();
            return batch.error();
        }
        ItemBatch items = std::move(batch.value());
        if (items.isEmpty())
            break;
        if (job.only) {
            ItemBatch kept;
            for (IntegrationItem &item : items)
                if (job.only->contains(ItemKey{item.type, item.id}))
                    kept.append(std::move(item));
            items = std::move(kept);
        }
        for (IntegrationItem &item : items) {
            names.insert(ItemKey{item.type, item.id}, item.name);
            resolveParentName(item, names);
        }
        writer.write(items);
        m_written.fetchAndAddRelaxed(items.size());
    }
    if (m_cancel.loadRelaxed()) {
        file.cancelWriting();
        return Error(Error::Kind::Cancelled, tr("The export was cancelled."));
    }
    if (!writer.finish() || !file.commit())
        return Error(Error::Kind::Configuration,
                     tr("Cannot write %1: %2")
                         .arg(job.path, writer.errorString().isEmpty() ? file.errorString()
                                                                       : writer.errorString()));
    return {};
}

} // namespace desk
