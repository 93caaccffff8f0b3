#pragma once

// WindowState: what the window remembers between runs — geometry, splitters,
// the last integration, and per integration its view and its tree header
// (column widths and sort: one integration's sort never lands on another's
// unrelated column), and the folder of the last export.

#include <QByteArray>
#include <QString>

class QHeaderView;
class QMainWindow;
class QSplitter;

namespace desk {

struct ItemPresentation;

class WindowState
{
public:
    void restoreWindow(QMainWindow &window, QSplitter &main, QSplitter &details) const;
    void saveWindow(const QMainWindow &window, const QSplitter &main,
                    const QSplitter &details) const;

    QString lastProvider() const;
    void setLastProvider(const QString &id) const;

    // "type", "parent", or a grouping's id; empty when none was saved.
    QString view(const QString &providerId, const ItemPresentation &presentation) const;
    void setView(const QString &providerId, const QString &view,
                 const ItemPresentation &presentation) const;

    // Column widths and sort of the integration's tree; false when none saved
    // (the caller then sizes the columns to fit the window).
    bool restoreHeader(const QString &providerId, QHeaderView &header) const;
    void saveHeader(const QString &providerId, const QHeaderView &header) const;
    // The sort by column key ("name", "created", a value column's key), never by
    // index: the integrations' columns differ. Empty key: none saved.
    QString sortKey(const QString &providerId, bool *descending) const;
    void setSortKey(const QString &providerId, const QString &key, bool descending) const;

    QString exportFolder() const; // the last one, else Documents
    void setExportFolder(const QString &folder) const;
};

} // namespace desk
