// ExportController: export file dialog, background run with progress and Cancel.
#include "exportcontroller.h"

#include "displayformat.h"
#include "itemtreemodel.h"
#include "windowitems.h"
#include "windowstate.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QRegularExpression>
#include <QStatusBar>
#include <QToolButton>

namespace desk {

ExportController::ExportController(QStatusBar &statusBar, const WindowState &state, QObject *parent)
    : QObject(parent), m_state(state)
{
    m_box = new QWidget(&statusBar);
    m_box->setObjectName(QStringLiteral("exportProgress"));
    auto *layout = new QHBoxLayout(m_box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(m_box);
    m_bar = new QProgressBar(m_box);
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_cancel = new QToolButton(m_box);
    m_cancel->setObjectName(QStringLiteral("cancelExport"));
    m_cancel->setText(tr("Cancel Export"));
    m_cancel->setAutoRaise(true);
    connect(m_cancel, &QToolButton::clicked, &m_runner, &ExportRunner::cancel);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    statusBar.addPermanentWidget(m_box);
    m_box->hide();
    connect(&m_runner, &ExportRunner::progress, this, &ExportController::showProgress);
    connect(
        &m_runner, &ExportRunner::finished, this,
        [this, &statusBar](const Error &error, qint64 written) {
            m_box->hide();
            if (!error.isError())
                statusBar.showMessage(
                    tr("Exported %1 to %2.").arg(DisplayFormat::items(written), m_runner.path()),
                    8000);
            else if (error.kind == Error::Kind::Cancelled)
                statusBar.showMessage(tr("Export cancelled; no file was written."), 8000);
            if (!error.isError())
                m_state.setExportFolder(QFileInfo(m_runner.path()).absolutePath());
            Q_EMIT finished(error, written, m_runner.path());
        });
}

QString ExportController::suggestedName(const QString &serviceName, const QDate &day)
{
    QString base = serviceName;
    base.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
    return base + QLatin1Char('-') + day.toString(Qt::ISODate);
}

QString ExportController::askPath(QWidget *parent, const QString &baseName, bool selectedOnly) const
{
    const QString csvFilter = tr("CSV files (*.csv)");
    const QString jsonFilter = tr("JSON files (*.json)");
    QString selectedFilter = csvFilter;
    const QString start = QDir(m_state.exportFolder()).filePath(baseName + QStringLiteral(".csv"));
    QString path = QFileDialog::getSaveFileName(
        parent, selectedOnly ? tr("Export Selected Items") : tr("Export All Items"), start,
        csvFilter + QStringLiteral(";;") + jsonFilter, &selectedFilter);
    if (path.isEmpty())
        return {};
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("csv") && suffix != QLatin1String("json") &&
        suffix != QLatin1String("jsonl"))
        path += selectedFilter == jsonFilter ? QStringLiteral(".json") : QStringLiteral(".csv");
    return path;
}

bool ExportController::start(ExportJob job)
{
    if (!m_runner.start(std::move(job)))
        return false;
    m_box->show();
    return true;
}

bool ExportController::start(const QString &path, const WindowItems &items,
                             const std::optional<QVector<ItemKey>> &keys,
                             const ItemTreeModel &model)
{
    ExportJob job;
    job.path = path;
    job.format = ExportRunner::formatForPath(path);
    job.expected = keys ? keys->size() : model.itemCount();
    if (keys)
        job.only = QSet<ItemKey>(keys->cbegin(), keys->cend());
    job.source = items.exportSource(job.only);
    // Containers' names as the tree shows them: the rule of the details pane.
    QSet<QString> containers;
    for (const TypePresentation &type : model.presentation().types)
        if (type.container)
            containers.insert(type.id);
    for (const ItemKey &key : model.allKeys())
        if (containers.contains(key.type))
            if (const std::optional<ItemRow> row = model.itemRow(key))
                job.parentNames.insert(key, row->name);
    return start(std::move(job));
}

QString ExportController::runToEnd(const QString &path, const WindowItems &items,
                                   const std::optional<QVector<ItemKey>> &keys,
                                   const ItemTreeModel &model)
{
    if (!start(path, items, keys, model))
        return tr("Another export is running.");
    Error result;
    const auto connection = connect(this, &ExportController::finished, this,
                                    [&result](const Error &error) { result = error; });
    m_runner.wait();
    disconnect(connection);
    return result.isError() ? result.message : QString();
}

void ExportController::showProgress(qint64 written, qint64 expected)
{
    if (expected > 0 && expected < INT_MAX) {
        m_bar->setRange(0, int(expected));
        m_bar->setValue(int(qMin(written, expected)));
        m_label->setText(tr("Exporting %1").arg(DisplayFormat::itemsOf(written, expected)));
    } else {
        m_bar->setRange(0, 0);
        m_label->setText(tr("Exporting: %1").arg(DisplayFormat::items(written)));
    }
}

} // namespace desk
