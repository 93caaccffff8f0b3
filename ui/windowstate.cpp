// WindowState: geometry, splitters, and per-integration view and header, remembered.
#include "windowstate.h"

#include "common/appsettings.h"
#include "items/itempresentation.h"
#include "itemtreemodel.h"

#include <QDir>
#include <QHeaderView>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>

namespace desk {

namespace {
QString key(const char *name, const QString &providerId = {})
{
    QString k = QStringLiteral("ui/") + QLatin1String(name);
    if (!providerId.isEmpty())
        k += QLatin1Char('/') + providerId;
    return k;
}
} // namespace

void WindowState::restoreWindow(QMainWindow &window, QSplitter &main, QSplitter &details) const
{
    AppSettings settings;
    QSettings &s = settings.raw();
    window.restoreGeometry(s.value(key("geometry")).toByteArray());
    window.restoreState(s.value(key("windowState")).toByteArray());
    if (!main.restoreState(s.value(key("splitter")).toByteArray()))
        main.setSizes({900, 380});
    if (!details.restoreState(s.value(key("detailsSplitter")).toByteArray()))
        details.setSizes({300, 300});
}

void WindowState::saveWindow(const QMainWindow &window, const QSplitter &main,
                             const QSplitter &details) const
{
    AppSettings settings;
    QSettings &s = settings.raw();
    s.setValue(key("geometry"), window.saveGeometry());
    s.setValue(key("windowState"), window.saveState());
    s.setValue(key("splitter"), main.saveState());
    s.setValue(key("detailsSplitter"), details.saveState());
    settings.sync();
}

QString WindowState::lastProvider() const
{
    return AppSettings().raw().value(key("provider")).toString();
}

void WindowState::setLastProvider(const QString &id) const
{
    AppSettings().raw().setValue(key("provider"), id);
}

// Saved as "type", "parent", or a grouping's id.
QString WindowState::view(const QString &providerId, const ItemPresentation &presentation) const
{
    const QString saved = AppSettings().raw().value(key("view", providerId)).toString();
    if (saved == QLatin1String("type"))
        return ItemTreeModel::byTypeView();
    for (const GroupingPresentation &grouping : presentation.groupings)
        if (saved == grouping.id)
            return grouping.id;
    if (saved == QLatin1String("parent") && presentation.hierarchy)
        return ItemTreeModel::byParentView();
    // A provider with its own hierarchy opens in it, the others by type.
    return presentation.hierarchy ? ItemTreeModel::byParentView() : ItemTreeModel::byTypeView();
}

void WindowState::setView(const QString &providerId, const QString &view,
                          const ItemPresentation &presentation) const
{
    Q_UNUSED(presentation)
    AppSettings().raw().setValue(key("view", providerId), view);
}

bool WindowState::restoreHeader(const QString &providerId, QHeaderView &header) const
{
    const QByteArray state = AppSettings().raw().value(key("treeHeader", providerId)).toByteArray();
    return !state.isEmpty() && header.restoreState(state);
}

void WindowState::saveHeader(const QString &providerId, const QHeaderView &header) const
{
    AppSettings().raw().setValue(key("treeHeader", providerId), header.saveState());
}

QString WindowState::sortKey(const QString &providerId, bool *descending) const
{
    const QString saved = AppSettings().raw().value(key("sort", providerId)).toString();
    *descending = saved.startsWith(QLatin1Char('-'));
    return *descending ? saved.mid(1) : saved;
}

void WindowState::setSortKey(const QString &providerId, const QString &column,
                             bool descending) const
{
    AppSettings().raw().setValue(key("sort", providerId),
                                 descending ? QLatin1Char('-') + column : column);
}

QString WindowState::exportFolder() const
{
    const QString saved = AppSettings().raw().value(key("exportFolder")).toString();
    if (!saved.isEmpty() && QDir(saved).exists())
        return saved;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

void WindowState::setExportFolder(const QString &folder) const
{
    AppSettings().raw().setValue(key("exportFolder"), folder);
}

} // namespace desk
