#pragma once

// LoadProgressRow: the progress bar and per-type line of the current load
// ("<type> 1,200/100,260 · <type> 60 ✓"), its summary when it ends, and
// nothing once the integration changes.

#include "providers/itemloader.h"

#include <QWidget>

class QLabel;
class QAction;
class QProgressBar;

namespace desk {

struct ItemPresentation;

class LoadProgressRow : public QWidget
{
    Q_OBJECT
public:
    // `cancel` shows as a button beside the counts while it is enabled.
    LoadProgressRow(QAction &cancel, QWidget *parent = nullptr);

    void setPresentation(const ItemPresentation *presentation) { m_presentation = presentation; }
    void started(const QString &text);
    void showProgress(const LoadProgress &progress);
    void showSummary(const QVector<TypeProgress> &types);
    void showText(const QString &text);
    void reset(); // nothing shown: another integration, a disconnect
    QString text() const;

    static QString typeList(const ItemPresentation *presentation,
                            const QVector<TypeProgress> &types, bool withTotals);

private:
    const ItemPresentation *m_presentation = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_label = nullptr;
};

} // namespace desk
