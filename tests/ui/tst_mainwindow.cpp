#include <catch2/catch.hpp>

#include "childrenfetcher.h"
#include "common/appsettings.h"
#include "credentials/memorycredentialstore.h"
#include "itemtreemodel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "thememanager.h"
#include "uitestutil.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <functional>

using namespace desk;
using namespace desktest;

namespace {
bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

// Lightness of the most opaque pixel of an icon.
int iconInkLightness(const QIcon &icon)
{
    const QImage image = icon.pixmap(24, 24).toImage().convertToFormat(QImage::Format_ARGB32);
    int bestAlpha = -1, lightness = -1;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() > bestAlpha) {
                bestAlpha = c.alpha();
                lightness = c.lightness();
            }
        }
    return lightness;
}

ItemBatch sampleItems()
{
    return {company(1), contact(1, QStringLiteral("501"), QStringLiteral("Company B")), contact(2),
            deal(1, QStringLiteral("501"), 1200, QStringLiteral("Closed won")), ticket(1)};
}
} // namespace

TEST_CASE("Themes switch instantly, recolour icons and are remembered", "[window][theme]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    MainWindow window(store, theme, options);
    window.show();

    window.action(QStringLiteral("themeLight"))->trigger();
    CHECK_FALSE(theme.isDark());
    CHECK_FALSE(isDarkPalette(QApplication::palette()));
    CHECK(iconInkLightness(theme.icon(QStringLiteral("load"))) < 100);
    CHECK(AppSettings().theme() == QStringLiteral("light"));

    window.action(QStringLiteral("themeDark"))->trigger();
    CHECK(theme.isDark());
    CHECK(isDarkPalette(QApplication::palette()));
    CHECK(isDarkPalette(window.palette()));
    CHECK(iconInkLightness(theme.icon(QStringLiteral("load"))) > 160);
    CHECK(window.action(QStringLiteral("themeDark"))->isChecked());
    CHECK(AppSettings().theme() == QStringLiteral("dark"));

    // Follow system: tracks the system preference as it changes.
    window.action(QStringLiteral("themeSystem"))->trigger();
    CHECK(AppSettings().theme() == QStringLiteral("system"));
    theme.setSystemPrefersDark(false);
    CHECK_FALSE(isDarkPalette(QApplication::palette()));
    theme.setSystemPrefersDark(true);
    CHECK(isDarkPalette(QApplication::palette()));

    // A new manager starts with the remembered mode.
    window.action(QStringLiteral("themeDark"))->trigger();
    ThemeManager again;
    again.loadSavedMode();
    CHECK(again.mode() == ThemeManager::Mode::Dark);
    theme.setMode(ThemeManager::Mode::Light);
}

TEST_CASE("Window without an account: actions, banner, settings hint", "[window]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    MainWindow window(store, theme, options);
    window.show();

    CHECK(window.accountText() == QStringLiteral("Not connected"));
    CHECK(window.action(QStringLiteral("connect"))->isEnabled());
    CHECK_FALSE(window.action(QStringLiteral("load"))->isEnabled());
    CHECK_FALSE(window.action(QStringLiteral("disconnect"))->isEnabled());
    CHECK_FALSE(window.action(QStringLiteral("cancel"))->isEnabled());
    CHECK_FALSE(window.isDemoMode());

    // Without a client id, Connect explains what to do next instead of failing.
    window.action(QStringLiteral("connect"))->trigger();
    CHECK(window.messageBanner()->isVisible());
    CHECK(window.messageBanner()->text().contains(QStringLiteral("Settings")));
    CHECK(window.messageBanner()->actions().contains(window.action(QStringLiteral("settings"))));
    window.messageBanner()->dismiss();
    CHECK_FALSE(window.messageBanner()->isVisible());

    // Keyboard: Ctrl+F focuses the filter.
    // Xvfb has no window manager: make the window active by hand.
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QApplication::setActiveWindow(&window);
    QApplication::processEvents();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    CHECK(waitFor([&] { return window.filterEdit()->hasFocus(); }, 2000));
    CHECK(window.action(QStringLiteral("load"))->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_L));
    CHECK(window.action(QStringLiteral("refresh"))->shortcut() == QKeySequence(Qt::Key_F5));
    CHECK(window.action(QStringLiteral("cancel"))->shortcut() == QKeySequence(Qt::Key_Escape));
}

TEST_CASE("Demo mode shows the indicator", "[window]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    options.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    MainWindow window(store, theme, options);
    window.show();
    CHECK(window.isDemoMode());
    auto *badge = window.findChild<QWidget *>(QStringLiteral("demoBadge"));
    REQUIRE(badge);
    CHECK(badge->isVisible());
    CHECK(window.windowTitle().contains(QStringLiteral("demo")));
}

TEST_CASE("Details, copy, filter, grouping and export of loaded items", "[window]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    MainWindow window(store, theme, options);
    window.show();
    window.appendItems(sampleItems());
    window.flushAllPendingItems();

    window.selectItem(QStringLiteral("contacts"), QStringLiteral("1001"));
    CHECK(window.detailsJson().contains(QStringLiteral("\"id\": \"1001\"")));
    CHECK(window.action(QStringLiteral("openItem"))->isEnabled());
    window.action(QStringLiteral("copyId"))->trigger();
    CHECK(QApplication::clipboard()->text() == QStringLiteral("1001"));
    window.action(QStringLiteral("copyJson"))->trigger();
    const QJsonDocument copied =
        QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8());
    CHECK(copied.object().value(QStringLiteral("email")).isUndefined()); // properties nest
    CHECK(copied.object().value(QStringLiteral("id")).toString() == QStringLiteral("1001"));

    // Filter box drives the model; the status bar counts what it shows.
    ItemTreeModel *model = window.itemModel();
    const QList<QLabel *> count = window.statusBar()->findChildren<QLabel *>();
    window.filterEdit()->setText(QStringLiteral("contact2@"));
    CHECK(waitFor([&] { return model->appliedFilter() == QStringLiteral("contact2@"); }, 2000));
    REQUIRE(model->rowCount() == 1);
    CHECK(model->rowCount(model->index(0, 0)) == 1);
    CHECK(model->visibleItemCount() == 1);
    bool counted = false;
    for (QLabel *label : count)
        counted |= label->text().startsWith(QStringLiteral("1 of 5 item"));
    CHECK(counted);
    window.filterEdit()->clear();
    CHECK(waitFor([&] { return model->rowCount() == 4; }, 2000));

    // By company view from the View menu, keeping the selected row.
    window.selectItem(QStringLiteral("contacts"), QStringLiteral("1001"));
    window.action(QStringLiteral("viewByGrouping"))->trigger();
    CHECK(model->view() == QStringLiteral("association:companies"));
    CHECK(model->rowCount(model->indexOfItem(QStringLiteral("companies"), QStringLiteral("501"))) ==
          2);
    CHECK(window.treeView()->currentIndex() ==
          model->indexOfItem(QStringLiteral("contacts"), QStringLiteral("1001")));
    window.action(QStringLiteral("viewByType"))->trigger();
    CHECK(model->view() == ItemTreeModel::byTypeView());
    CHECK(window.detailsJson().contains(QStringLiteral("\"id\": \"1001\"")));

    // Export all as JSON and CSV; selected only.
    QTemporaryDir dir;
    QString error;
    REQUIRE(window.exportToFile(dir.filePath(QStringLiteral("all.json")), false, &error));
    QFile json(dir.filePath(QStringLiteral("all.json")));
    REQUIRE(json.open(QIODevice::ReadOnly));
    CHECK(QJsonDocument::fromJson(json.readAll()).array().size() == 5);
    REQUIRE(window.exportToFile(dir.filePath(QStringLiteral("all.csv")), false, &error));
    QFile csv(dir.filePath(QStringLiteral("all.csv")));
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    CHECK(lines.size() == 6); // header + 5
    window.selectItem(QStringLiteral("contacts"), QStringLiteral("1002"));
    REQUIRE(window.exportToFile(dir.filePath(QStringLiteral("one.json")), true, &error));
    QFile one(dir.filePath(QStringLiteral("one.json")));
    REQUIRE(one.open(QIODevice::ReadOnly));
    const QJsonArray oneArray = QJsonDocument::fromJson(one.readAll()).array();
    REQUIRE(oneArray.size() == 1);
    CHECK(oneArray.at(0).toObject().value(QStringLiteral("id")).toString() ==
          QStringLiteral("1002"));
    CHECK_FALSE(window.exportToFile(QStringLiteral("/nonexistent-dir/x.csv"), false, &error));
    CHECK_FALSE(error.isEmpty());
}

TEST_CASE("Window geometry and splitter state are remembered", "[window]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    QList<int> sizes;
    {
        MainWindow window(store, theme, options);
        window.show();
        window.resize(1010, 640);
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        REQUIRE(splitter);
        splitter->setSizes({600, 300});
        QApplication::processEvents();
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow again(store, theme, options);
    again.show();
    QApplication::processEvents();
    CHECK(again.size() == QSize(1010, 640));
    CHECK(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes() == sizes);
}

TEST_CASE("Settings: the client secret goes to the keychain, never to the settings file",
          "[window][settings]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    MainWindow window(store, theme, options);

    ConnectionSettings settings = window.connectionSettings();
    CHECK(settings.redirectPort == AppSettings::DefaultRedirectPort);
    settings.clientId = QStringLiteral("my-client-id");
    settings.clientSecret = QStringLiteral("s3cr3t-value-xyz");
    settings.redirectPort = 47999;
    settings.objectTypes = {QStringLiteral("contacts"), QStringLiteral("deals")};
    settings.extraProperties = SettingsDialog::parseExtraProperties(
        QStringLiteral("contacts: phone, jobtitle\ndeals:hs_priority"));
    window.applyConnectionSettings(settings);

    REQUIRE(waitFor([&] { return !store.keys().isEmpty(); }, 3000));
    bool secretStored = false;
    for (const QString &key : store.keys())
        secretStored |= store.value(key) == "s3cr3t-value-xyz";
    CHECK(secretStored);

    AppSettings app;
    app.sync();
    QFile file(app.raw().fileName());
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    CHECK(contents.contains("my-client-id"));
    CHECK_FALSE(contents.contains("s3cr3t-value-xyz"));

    const ConnectionSettings reread = window.connectionSettings();
    CHECK(reread.clientId == QStringLiteral("my-client-id"));
    CHECK(reread.clientSecret.isEmpty());
    CHECK(reread.hasStoredSecret);
    CHECK(reread.redirectPort == 47999);
    CHECK(reread.objectTypes == QStringList{QStringLiteral("contacts"), QStringLiteral("deals")});
    CHECK(reread.extraProperties.value(QStringLiteral("contacts")) ==
          QStringList{QStringLiteral("phone"), QStringLiteral("jobtitle")});
    CHECK(reread.extraProperties.value(QStringLiteral("deals")) ==
          QStringList{QStringLiteral("hs_priority")});
    // The new session uses the new client and port.
    REQUIRE(waitFor(
        [&] { return window.currentProfile().clientId == QStringLiteral("my-client-id"); }, 3000));
    CHECK(window.currentProfile().redirectPort == 47999);

    // The dialog round-trips what it was given (the secret is never shown back).
    SettingsDialog dialog(*window.currentProvider(), reread);
    const ConnectionSettings fromDialog = dialog.settings();
    CHECK(fromDialog.clientId == reread.clientId);
    CHECK(fromDialog.clientSecret.isEmpty());
    CHECK_FALSE(fromDialog.clearSecret);
    CHECK(fromDialog.objectTypes == reread.objectTypes);
    CHECK(fromDialog.extraProperties == reread.extraProperties);
    CHECK(SettingsDialog::formatExtraProperties(reread.extraProperties) ==
          QStringLiteral("contacts: phone, jobtitle\ndeals: hs_priority"));
}

namespace {
QModelIndex proxyIndexOf(MainWindow &window, const QString &type, const QString &id)
{
    return window.itemModel()->indexOfItem(type, id);
}
} // namespace

TEST_CASE("Airtable and Notion open in the By parent view with their columns and details",
          "[window][lazy]")
{
    if (!ProviderRegistry::find(QStringLiteral("airtable")))
        return; // not in this build
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options;
    options.restoreSession = false;
    MainWindow window(store, theme, options);
    window.show();
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("providerCombo"));
    REQUIRE(combo);
    combo->setCurrentIndex(combo->findData(QStringLiteral("airtable")));
    REQUIRE(window.currentProvider()->id == QStringLiteral("airtable"));

    // The view and columns that fit the data.
    CHECK(window.itemModel()->view() == ItemTreeModel::byParentView());
    CHECK(window.action(QStringLiteral("viewByParent"))->isChecked());
    CHECK(window.action(QStringLiteral("viewByParent"))->isVisible());
    CHECK_FALSE(window.action(QStringLiteral("viewByGrouping"))->isVisible());
    CHECK(window.itemModel()->headerData(ItemTreeModel::FirstValueColumn, Qt::Horizontal) ==
          QStringLiteral("Details"));
    CHECK(window.itemModel()->headerData(ItemTreeModel::FirstValueColumn + 1, Qt::Horizontal) ==
          QStringLiteral("Parent"));

    window.appendItems(
        {treeItem(QStringLiteral("bases"), QStringLiteral("app1"), {}, {}, QStringLiteral("Sales")),
         treeItem(QStringLiteral("tables"), QStringLiteral("tbl1"), QStringLiteral("bases"),
                  QStringLiteral("app1"), QStringLiteral("Leads")),
         treeItem(QStringLiteral("tables"), QStringLiteral("tbl2"), QStringLiteral("bases"),
                  QStringLiteral("app1"), QStringLiteral("Orders"))});
    window.flushAllPendingItems();
    const QModelIndex base = proxyIndexOf(window, QStringLiteral("bases"), QStringLiteral("app1"));
    const QModelIndex leads =
        proxyIndexOf(window, QStringLiteral("tables"), QStringLiteral("tbl1"));
    REQUIRE(leads.isValid());
    CHECK(window.itemModel()->hasChildren(leads)); // the expand arrow

    // Details of a table: its parent is named as such, not as a company.
    window.selectItem(QStringLiteral("tables"), QStringLiteral("tbl1"));
    auto *properties = window.findChild<QTableWidget *>(QStringLiteral("propertiesTable"));
    REQUIRE(properties);
    bool parentRow = false;
    for (int row = 0; row < properties->rowCount(); ++row)
        if (properties->item(row, 0)->text() == QStringLiteral("Parent"))
            parentRow = properties->item(row, 1)->text() == QStringLiteral("app1") &&
                        properties->item(row, 2)->text() == QStringLiteral("Sales");
    CHECK(parentRow);
    window.appendItems({[] {
        IntegrationItem table =
            treeItem(QStringLiteral("tables"), QStringLiteral("tbl1"), QStringLiteral("bases"),
                     QStringLiteral("app1"), QStringLiteral("Leads"));
        table.properties.insert(QStringLiteral("fields"),
                                QStringList{QStringLiteral("Name"), QStringLiteral("Status")});
        return table;
    }()});
    window.flushAllPendingItems();
    window.selectItem(QStringLiteral("tables"), QStringLiteral("tbl2"));
    window.selectItem(QStringLiteral("tables"), QStringLiteral("tbl1"));
    bool fieldsRow = false;
    for (int row = 0; row < properties->rowCount(); ++row)
        if (properties->item(row, 0)->text() == QStringLiteral("fields"))
            fieldsRow = properties->item(row, 1)->text() == QStringLiteral("Name, Status");
    CHECK(fieldsRow); // lists read as lists

    // Expand All and the filter never load children.
    window.action(QStringLiteral("expandAll"))->trigger();
    window.filterEdit()->setText(QStringLiteral("Orders"));
    CHECK(waitFor([&] { return window.itemModel()->appliedFilter() == QStringLiteral("Orders"); },
                  2000));
    REQUIRE(window.itemModel()->rowCount() == 1); // the base, holding the match
    CHECK(window.itemModel()->rowCount(window.itemModel()->index(0, 0)) == 1);
    CHECK_FALSE(window.treeView()->isExpanded(
        proxyIndexOf(window, QStringLiteral("tables"), QStringLiteral("tbl2"))));
    window.filterEdit()->clear();
    CHECK(waitFor([&] { return window.itemModel()->appliedFilter().isEmpty(); }, 2000));
    CHECK(window.childrenFetcher()->running() == 0);
    window.action(QStringLiteral("collapseAll"))->trigger();

    // Records as a table's fetch delivers them (the fetch itself: tst_ui_e2e, on the sandbox).
    ItemBatch records;
    for (int i = 0; i < 7; ++i)
        records.append(treeItem(QStringLiteral("records"), QStringLiteral("rec%1").arg(i),
                                QStringLiteral("tables"), QStringLiteral("tbl1")));
    window.appendItems(records);
    window.flushAllPendingItems();
    CHECK(window.itemModel()->countOfType(QStringLiteral("records")) == 7);
    for (int i = 0; i < 7; ++i)
        CHECK(window.itemModel()
                  ->indexOfItem(QStringLiteral("records"), QStringLiteral("rec%1").arg(i))
                  .parent() ==
              proxyIndexOf(window, QStringLiteral("tables"), QStringLiteral("tbl1")));

    // Export: the records with their table as parent.
    QTemporaryDir dir;
    QString error;
    REQUIRE(window.exportToFile(dir.filePath(QStringLiteral("airtable.json")), false, &error));
    QFile json(dir.filePath(QStringLiteral("airtable.json")));
    REQUIRE(json.open(QIODevice::ReadOnly));
    const QJsonArray exported = QJsonDocument::fromJson(json.readAll()).array();
    CHECK(exported.size() == 10);
    int recordsOfLeads = 0;
    for (const QJsonValue &value : exported)
        if (value.toObject().value(QStringLiteral("type")).toString() == QStringLiteral("records"))
            recordsOfLeads += value.toObject().value(QStringLiteral("parentName")).toString() ==
                              QStringLiteral("Leads");
    CHECK(recordsOfLeads == 7);

    // Notion: the same view; HubSpot keeps its own.
    combo->setCurrentIndex(combo->findData(QStringLiteral("notion")));
    CHECK(window.itemModel()->view() == ItemTreeModel::byParentView());
    window.action(QStringLiteral("viewByType"))->trigger();
    combo->setCurrentIndex(combo->findData(QStringLiteral("hubspot")));
    CHECK(window.itemModel()->view() != ItemTreeModel::byParentView());
    CHECK(window.action(QStringLiteral("viewByGrouping"))->isVisible());
    CHECK_FALSE(window.action(QStringLiteral("viewByParent"))->isVisible());
    CHECK(window.itemModel()->headerData(ItemTreeModel::FirstValueColumn, Qt::Horizontal) ==
          QStringLiteral("Email / Domain"));
    // The choice is remembered per integration.
    combo->setCurrentIndex(combo->findData(QStringLiteral("notion")));
    CHECK(window.itemModel()->view() == ItemTreeModel::byTypeView());
}

namespace {
// A window as a first start opens it (no remembered geometry, header or sort),
// or, with `forget` false, as the next start does.
bool forgetRemembered(bool forget)
{
    if (forget)
        AppSettings().raw().remove(QStringLiteral("ui"));
    return forget;
}

struct FreshWindow
{
    explicit FreshWindow(bool forget = true) : forgot(forgetRemembered(forget))
    {
        if (forgot)
            window.selectProvider(QStringLiteral("hubspot"));
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
        QApplication::processEvents();
    }
    bool forgot; // before the window, which reads what is remembered
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options = [] {
        MainWindowOptions o;
        o.restoreSession = false;
        return o;
    }();
    MainWindow window{store, theme, options};
};

// Every shown column lies inside the tree's viewport and holds its widest text of `rows`.
void checkColumnsFit(MainWindow &window, const QString &what)
{
    INFO(what.toStdString());
    QTreeView *tree = window.treeView();
    QHeaderView *header = tree->header();
    ItemTreeModel *model = window.itemModel();
    const QFontMetrics metrics = tree->fontMetrics();
    CHECK_FALSE(tree->horizontalScrollBar()->isVisible());
    for (int c = 0; c < model->columnCount(); ++c) {
        if (tree->isColumnHidden(c))
            continue;
        INFO("column " << model->headerData(c, Qt::Horizontal).toString().toStdString());
        CHECK(header->sectionViewportPosition(c) >= 0);
        CHECK(header->sectionViewportPosition(c) + header->sectionSize(c) <=
              tree->viewport()->width());
        CHECK(header->sectionSize(c) >= 48);
    }
    CHECK(header->sectionSize(ItemTreeModel::NameColumn) >= 150);
    // The dates are never cut: each cell's text fits its column.
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            for (int c : {model->createdColumn(), model->modifiedColumn()}) {
                const QString text = model->index(row, c, parent).data().toString();
                CHECK(metrics.horizontalAdvance(text) + 8 <= header->sectionSize(c));
            }
            walk(model->index(row, 0, parent));
        }
    };
    window.action(QStringLiteral("expandAll"))->trigger();
    walk({});
}
} // namespace

TEST_CASE("The default window shows every column with dates uncut, and the Type column only "
          "where it says something",
          "[window][columns]")
{
    FreshWindow fresh;
    MainWindow &window = fresh.window;
    ItemBatch items = sampleItems();
    IntegrationItem late = contact(3);
    late.created = QDateTime(QDate(2026, 12, 28), QTime(23, 58), Qt::UTC);
    late.modified = QDateTime(QDate(2026, 11, 30), QTime(22, 47), Qt::UTC);
    items.append(late);
    window.appendItems(items);
    window.flushAllPendingItems();
    QApplication::processEvents();
    ItemTreeModel *model = window.itemModel();

    // By type: the groups are the types, so the Type column is hidden.
    REQUIRE(model->view() == ItemTreeModel::byTypeView());
    CHECK(window.treeView()->isColumnHidden(ItemTreeModel::TypeColumn));
    checkColumnsFit(window, QStringLiteral("by type"));
    // By company mixes types under a company: there it is shown, and all still fits.
    window.action(QStringLiteral("viewByGrouping"))->trigger();
    CHECK_FALSE(window.treeView()->isColumnHidden(ItemTreeModel::TypeColumn));
    checkColumnsFit(window, QStringLiteral("by company"));
    window.action(QStringLiteral("viewByType"))->trigger();
    CHECK(window.treeView()->isColumnHidden(ItemTreeModel::TypeColumn));

    // Amounts are numbers the locale writes, as are counts.
    const QModelIndex dealRow = model->indexOfItem(QStringLiteral("deals"), QStringLiteral("9001"));
    REQUIRE(dealRow.isValid());
    CHECK(dealRow.siblingAtColumn(ItemTreeModel::FirstValueColumn + 1).data().toString() ==
          QLocale().toString(1200.0, 'f', 2));

    // A wider window gives the room to the name; the other columns keep fitting.
    const int nameBefore = window.treeView()->header()->sectionSize(ItemTreeModel::NameColumn);
    window.resize(window.width() + 300, window.height());
    QApplication::processEvents();
    CHECK(window.treeView()->header()->sectionSize(ItemTreeModel::NameColumn) > nameBefore);
    checkColumnsFit(window, QStringLiteral("wider"));

    if (!ProviderRegistry::find(QStringLiteral("notion")))
        return;
    window.resize(window.width() - 300, window.height());
    window.selectProvider(QStringLiteral("notion"));
    window.appendItems({treeItem(QStringLiteral("workspace"), QStringLiteral("workspace"), {}, {},
                                 QStringLiteral("Demo Workspace")),
                        treeItem(QStringLiteral("pages"), QStringLiteral("p1"),
                                 QStringLiteral("workspace"), QStringLiteral("workspace"))});
    window.flushAllPendingItems();
    QApplication::processEvents();
    checkColumnsFit(window, QStringLiteral("notion by parent"));
}

TEST_CASE("The sort is kept per integration by column, restored when switching back and at the "
          "next start",
          "[window][columns]")
{
    if (!ProviderRegistry::find(QStringLiteral("notion")))
        return;
    const int stage = ItemTreeModel::FirstValueColumn + 2;
    {
        FreshWindow fresh;
        MainWindow &window = fresh.window;
        ItemTreeModel *model = window.itemModel();
        QHeaderView *header = window.treeView()->header();
        REQUIRE(model->headerData(stage, Qt::Horizontal).toString() == QStringLiteral("Stage"));
        window.treeView()->sortByColumn(stage, Qt::DescendingOrder);
        REQUIRE(model->sortColumn() == stage);

        // Notion's column at the same index is its Created date: never sorted by it.
        window.selectProvider(QStringLiteral("notion"));
        CHECK(model->sortColumn() == ItemTreeModel::NameColumn);
        CHECK(model->sortOrder() == Qt::AscendingOrder);
        CHECK(header->sortIndicatorSection() == ItemTreeModel::NameColumn);
        window.treeView()->sortByColumn(model->modifiedColumn(), Qt::AscendingOrder);
        const int notionModified = model->modifiedColumn();

        window.selectProvider(QStringLiteral("hubspot"));
        CHECK(model->sortColumn() == stage);
        CHECK(model->sortOrder() == Qt::DescendingOrder);
        CHECK(header->sortIndicatorSection() == stage);
        CHECK(header->sortIndicatorOrder() == Qt::DescendingOrder);

        window.selectProvider(QStringLiteral("notion"));
        CHECK(model->sortColumn() == notionModified);
        CHECK(header->sortIndicatorSection() == notionModified);
        window.selectProvider(QStringLiteral("hubspot"));
        window.close(); // saves
    }
    FreshWindow next(false);
    MainWindow &again = next.window;
    REQUIRE(again.currentProvider()->id == QStringLiteral("hubspot"));
    CHECK(again.itemModel()->sortColumn() == stage);
    CHECK(again.itemModel()->sortOrder() == Qt::DescendingOrder);
}

TEST_CASE("A tree with one root opens on what is under it, also when the root comes last",
          "[window][lazy]")
{
    if (!ProviderRegistry::find(QStringLiteral("notion")))
        return;
    FreshWindow fresh;
    MainWindow &window = fresh.window;
    window.selectProvider(QStringLiteral("notion"));
    ItemTreeModel *model = window.itemModel();
    REQUIRE(model->view() == ItemTreeModel::byParentView());
    // Children first: they wait under a placeholder for the workspace.
    window.appendItems({treeItem(QStringLiteral("pages"), QStringLiteral("p1"),
                                 QStringLiteral("workspace"), QStringLiteral("workspace")),
                        treeItem(QStringLiteral("pages"), QStringLiteral("p2"),
                                 QStringLiteral("workspace"), QStringLiteral("workspace"))});
    window.flushAllPendingItems();
    window.appendItems({treeItem(QStringLiteral("workspace"), QStringLiteral("workspace"), {}, {},
                                 QStringLiteral("Demo Workspace"))});
    window.flushAllPendingItems();
    REQUIRE(model->rowCount() == 1);
    const QModelIndex root =
        model->indexOfItem(QStringLiteral("workspace"), QStringLiteral("workspace"));
    REQUIRE(root.isValid());
    CHECK(model->rowCount(root) == 2);
    CHECK(window.treeView()->isExpanded(root));

    // Closed by the user, it stays closed while more rows come.
    window.treeView()->collapse(root);
    window.appendItems({treeItem(QStringLiteral("pages"), QStringLiteral("p3"),
                                 QStringLiteral("workspace"), QStringLiteral("workspace"))});
    window.flushAllPendingItems();
    CHECK_FALSE(window.treeView()->isExpanded(
        model->indexOfItem(QStringLiteral("workspace"), QStringLiteral("workspace"))));
}

TEST_CASE("Checked views and themes are marked visibly in both themes", "[window][theme]")
{
    FreshWindow fresh;
    MainWindow &window = fresh.window;
    for (const char *themeAction : {"themeDark", "themeLight"}) {
        INFO(themeAction);
        window.action(QString::fromLatin1(themeAction))->trigger();
        QApplication::processEvents();
        QMenu menu;
        menu.addAction(window.action(QStringLiteral("viewByType")));
        menu.addAction(window.action(QStringLiteral("viewByGrouping")));
        REQUIRE(window.action(QStringLiteral("viewByType"))->isChecked());
        menu.adjustSize();
        const QImage image = menu.grab().toImage();
        // Pixels in the indicator's place (left of the text) that stand out from the
        // menu's own background (the row's most frequent lightness).
        auto marked = [&](QAction *action) {
            const QRect row = menu.actionGeometry(action);
            QHash<int, int> lightnesses;
            for (int y = row.top(); y <= row.bottom(); ++y)
                for (int x = row.left(); x <= row.right(); ++x)
                    ++lightnesses[image.pixelColor(x, y).lightness()];
            int background = 0;
            for (auto it = lightnesses.cbegin(); it != lightnesses.cend(); ++it)
                if (it.value() > lightnesses.value(background))
                    background = it.key();
            int n = 0;
            for (int y = row.top(); y <= row.bottom(); ++y)
                for (int x = row.left(); x < row.left() + 24; ++x)
                    n += qAbs(image.pixelColor(x, y).lightness() - background) > 90;
            return n;
        };
        // The same place of the unchecked row has only what every row has (the frame).
        CHECK(marked(window.action(QStringLiteral("viewByType"))) >=
              marked(window.action(QStringLiteral("viewByGrouping"))) + 8);
    }
}
