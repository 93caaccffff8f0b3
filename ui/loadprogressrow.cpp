// LoadProgressRow: progress bar and per-type counts of the running load.
#include "loadprogressrow.h"

#include "displayformat.h"
#include "items/itempresentation.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace desk {

LoadProgressRow::LoadProgressRow(QAction &cancel, QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("loadProgress"));
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(false);
    m_bar->hide();
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("progressLabel"));
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
    auto *cancelButton = new QToolButton(this);
    cancelButton->setDefaultAction(&cancel);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancelButton->setAutoRaise(true);
    connect(&cancel, &QAction::changed, cancelButton,
            [&cancel, cancelButton] { cancelButton->setVisible(cancel.isEnabled()); });
    layout->addWidget(cancelButton);
}

QString LoadProgressRow::typeList(const ItemPresentation *presentation,
                                  const QVector<TypeProgress> &types, bool withTotals)
{
    QStringList parts;
    for (const TypeProgress &t : types) {
        QString part = (presentation ? presentation->typeName(t.type) : t.type) + QLatin1Char(' ') +
                       DisplayFormat::number(t.loaded);
        if (withTotals && t.total >= 0 && !t.done)
            part += QLatin1Char('/') + DisplayFormat::number(t.total);
        if (t.done)
            part += QStringLiteral(" \u2713");
        else if (t.error.isError())
            part += QStringLiteral(" \u26a0");
        parts.append(part);
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

void LoadProgressRow::started(const QString &text)
{
    m_bar->setRange(0, 0);
    m_bar->show();
    m_label->setText(text);
}

void LoadProgressRow::showProgress(const LoadProgress &progress)
{
    qint64 loaded = 0, total = 0;
    bool totalsKnown = !progress.types.isEmpty();
    for (const TypeProgress &t : progress.types) {
        loaded += t.loaded;
        if (t.total < 0 && !t.done)
            totalsKnown = false;
        total += t.done ? t.loaded : qMax<qint64>(t.total, t.loaded);
    }
    // QProgressBar repaints at once whenever its text would change, and a
    // synchronous repaint paints the window's other pending regions too (a large
    // tree: 40-60 ms inside whatever reported the progress). Updates held, it is
    // painted with the rest in the next frame.
    m_bar->setUpdatesEnabled(false);
    if (totalsKnown && total > 0 && total < INT_MAX) {
        m_bar->setRange(0, int(total));
        m_bar->setValue(int(loaded));
    } else {
        m_bar->setRange(0, 0);
    }
    m_bar->setUpdatesEnabled(true); // schedules an ordinary update
    m_bar->show();
    m_label->setText(typeList(m_presentation, progress.types, true));
}

void LoadProgressRow::showSummary(const QVector<TypeProgress> &types)
{
    m_bar->hide();
    m_label->setText(typeList(m_presentation, types, false));
}

void LoadProgressRow::showText(const QString &text)
{
    m_bar->hide();
    m_label->setText(text);
}

void LoadProgressRow::reset()
{
    m_bar->hide();
    m_label->clear();
}

QString LoadProgressRow::text() const
{
    return m_label->text();
}

} // namespace desk
