#pragma once

// DetailsPane: the selected item in full, beside the tree: a title, a table of
// its fields and properties (the provider's value, and the human reading next
// to it in a column of its own), its problems, and its JSON as exported.

#include "items/integrationitem.h"
#include "items/itempresentation.h"

#include <QWidget>
#include <functional>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTableWidget;

namespace desk {

class DetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPane(QWidget *parent = nullptr);

    void setPresentation(const ItemPresentation &presentation);
    // Shows `item` (its parentName already resolved) or the hint when empty.
    void showItem(const std::optional<IntegrationItem> &item);
    const std::optional<IntegrationItem> &item() const { return m_item; }

    QString json() const;
    QSplitter *splitter() const { return m_splitter; }
    QTableWidget *propertiesTable() const { return m_properties; }
    QPushButton *copyJsonButton() const { return m_copyJson; }

    // The item as exported (JSON, indented).
    static QString itemJson(const IntegrationItem &item);

Q_SIGNALS:
    void copyJsonRequested();

private:
    struct Row
    {
        QString field, value, reading;
    };
    QVector<Row> rowsOf(const IntegrationItem &item) const;
    void fillTable(const QVector<Row> &rows);

    ItemPresentation m_presentation;
    std::optional<IntegrationItem> m_item;
    QLabel *m_title = nullptr;
    QLabel *m_problems = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableWidget *m_properties = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QPushButton *m_copyJson = nullptr;
};

} // namespace desk
