#pragma once

#include <QSortFilterProxyModel>

namespace desk {

// Sorting and recursive filtering over ItemTreeModel. The filter text matches
// the item's name, id, email/domain, stage and owner (case-insensitive, every
// word must appear); groups stay visible while any child matches. Group rows
// keep their natural order (Contacts, Companies, Deals, Tickets, then "No
// company") whatever the sort column and order.
class ItemFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ItemFilterProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_filterText;
    QStringList m_words;
};

} // namespace desk
