#pragma once

// ExportController: Export All / Export Selected as the user sees it — the
// file dialog (in the last export folder, named after the integration and the
// day), the run in the background with a progress bar and Cancel in the status
// bar, and one message when it ends.

#include "exportrunner.h"

#include <QObject>
#include <optional>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;
class QWidget;

namespace desk {

class ItemTreeModel;
class WindowItems;
class WindowState;

class ExportController : public QObject
{
    Q_OBJECT
public:
    // Says in `statusBar` how it went; errors other than Cancelled are the caller's to show.
    ExportController(QStatusBar &statusBar, const WindowState &state, QObject *parent = nullptr);

    // Asks for a file; empty when the user cancelled.
    QString askPath(QWidget *parent, const QString &baseName, bool selectedOnly) const;
    bool start(ExportJob job);
    // `keys` of `items` (all of them when unset), with the parents' names as
    // the tree shows them.
    bool start(const QString &path, const WindowItems &items,
               const std::optional<QVector<ItemKey>> &keys, const ItemTreeModel &model);
    // Starts and waits; the error's message, empty when the file was written (tests).
    QString runToEnd(const QString &path, const WindowItems &items,
                     const std::optional<QVector<ItemKey>> &keys, const ItemTreeModel &model);
    void cancel() { m_runner.cancel(); }
    bool isRunning() const { return m_runner.isRunning(); }
    ExportRunner &runner() { return m_runner; }

    static QString suggestedName(const QString &serviceName, const QDate &day);

Q_SIGNALS:
    // written > 0 and no error: the file is complete.
    void finished(const desk::Error &error, qint64 written, const QString &path);

private:
    void showProgress(qint64 written, qint64 expected);

    const WindowState &m_state;
    ExportRunner m_runner;
    QWidget *m_box = nullptr;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QToolButton *m_cancel = nullptr;
};

} // namespace desk
