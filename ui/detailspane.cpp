// DetailsPane: title, fields and properties (value and reading apart),
// problems and JSON of the selected item.
#include "detailspane.h"

#include "displayformat.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace desk {

DetailsPane::DetailsPane(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("detailsPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    m_title->setWordWrap(true);
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("detailsProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("detailsSplitter"));
    m_properties = new QTableWidget(0, 3, m_splitter);
    m_properties->setObjectName(QStringLiteral("propertiesTable"));
    m_properties->setHorizontalHeaderLabels({tr("Property"), tr("Value"), tr("Shown as")});
    m_properties->horizontalHeader()->setStretchLastSection(true);
    m_properties->verticalHeader()->hide();
    m_properties->verticalHeader()->setDefaultSectionSize(m_properties->fontMetrics().height() + 6);
    m_properties->setAlternatingRowColors(true);
    m_properties->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_properties->setWordWrap(false);
    // Tab leaves the table (arrows move inside it), as in any form.
    m_properties->setTabKeyNavigation(false);
    auto *jsonBox = new QWidget(m_splitter);
    auto *jsonLayout = new QVBoxLayout(jsonBox);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    m_json = new QPlainTextEdit(jsonBox);
    m_json->setObjectName(QStringLiteral("jsonView"));
    m_json->setReadOnly(true);
    m_json->setTabChangesFocus(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_copyJson = new QPushButton(tr("Copy JSON"), jsonBox);
    m_copyJson->setObjectName(QStringLiteral("copyJsonButton"));
    connect(m_copyJson, &QPushButton::clicked, this, &DetailsPane::copyJsonRequested);
    jsonLayout->addWidget(m_json);
    jsonLayout->addWidget(m_copyJson, 0, Qt::AlignRight);
    layout->addWidget(m_title);
    layout->addWidget(m_problems);
    layout->addWidget(m_splitter, 1);
    showItem(std::nullopt);
}

void DetailsPane::setPresentation(const ItemPresentation &presentation)
{
    m_presentation = presentation;
    showItem(std::nullopt);
}

QString DetailsPane::itemJson(const IntegrationItem &item)
{
    return QString::fromUtf8(QJsonDocument(item.toJson()).toJson(QJsonDocument::Indented));
}

QString DetailsPane::json() const
{
    return m_json->toPlainText();
}

QVector<DetailsPane::Row> DetailsPane::rowsOf(const IntegrationItem &item) const
{
    QVector<Row> rows{{tr("ID"), item.id, {}},
                      {tr("Type"), item.type, m_presentation.typeName(item.type)},
                      {tr("Name"), item.name, {}}};
    if (!item.parentId.isEmpty())
        rows.append({tr("Parent"), item.parentId,
                     item.parentName == item.parentId ? QString() : item.parentName});
    if (item.created.isValid())
        rows.append({tr("Created"), DisplayFormat::longDateTime(item.created), {}});
    if (item.modified.isValid())
        rows.append({tr("Modified"), DisplayFormat::longDateTime(item.modified), {}});
    if (item.url.isValid())
        rows.append({tr("Link"), item.url.toString(), {}});
    for (auto it = item.properties.cbegin(); it != item.properties.cend(); ++it) {
        const QString value = it.value().userType() == QMetaType::QStringList
                                  ? it.value().toStringList().join(QStringLiteral(", "))
                                  : it.value().toString();
        const QString reading = item.labels.value(it.key());
        rows.append({it.key(), value, reading == value ? QString() : reading});
    }
    for (auto it = item.associations.cbegin(); it != item.associations.cend(); ++it)
        rows.append({tr("Associated %1").arg(m_presentation.typeName(it.key())),
                     it.value().join(QStringLiteral(", ")),
                     DisplayFormat::items(it.value().size())});
    return rows;
}

void DetailsPane::fillTable(const QVector<Row> &rows)
{
    m_properties->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_properties->setItem(i, 0, new QTableWidgetItem(rows[i].field));
        auto *value = new QTableWidgetItem(rows[i].value);
        value->setToolTip(rows[i].value);
        m_properties->setItem(i, 1, value);
        m_properties->setItem(i, 2, new QTableWidgetItem(rows[i].reading));
    }
    m_properties->resizeColumnToContents(0);
    m_properties->resizeColumnToContents(1);
    if (m_properties->columnWidth(1) > 260)
        m_properties->setColumnWidth(1, 260);
}

void DetailsPane::showItem(const std::optional<IntegrationItem> &item)
{
    m_item = item;
    m_copyJson->setEnabled(item.has_value());
    m_properties->setRowCount(0);
    if (!item) {
        m_title->setText(tr("Select an item to see its details."));
        m_problems->hide();
        m_json->clear();
        return;
    }
    m_title->setText(
        QStringLiteral("<b>%1</b> — %2")
            .arg(item->name.toHtmlEscaped(), m_presentation.typeName(item->type).toHtmlEscaped()));
    if (item->problems.isEmpty()) {
        m_problems->hide();
    } else {
        m_problems->setText(tr("\u26a0 Incomplete: %1").arg(item->problems.join(QLatin1Char(' '))));
        m_problems->show();
    }
    fillTable(rowsOf(*item));
    m_json->setPlainText(itemJson(*item));
}

} // namespace desk
