// The window as a user meets it: switching integrations, the keyboard, the
// details pane, export in the background, disconnecting, and a provider that
// exists only in the tests (tests/core/engine/testprovider, linked in).
#include <catch2/catch.hpp>

#include "credentials/memorycredentialstore.h"
#include "detailspane.h"
#include "exportcontroller.h"
#include "itemtreemodel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "settingsdialog.h"
#include "thememanager.h"
#include "uiping.h"
#include "uitestutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace desk;
using namespace desktest;

namespace {
MainWindowOptions offline()
{
    MainWindowOptions options;
    options.restoreSession = false;
    return options;
}

void activate(MainWindow &window)
{
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    window.activateWindow(); // Xvfb has no window manager
    QApplication::setActiveWindow(&window);
    QApplication::processEvents();
}

ItemBatch contacts(int count)
{
    ItemBatch batch;
    batch.reserve(count);
    for (int i = 0; i < count; ++i)
        batch.append(contact(i));
    return batch;
}

QString cell(QTableWidget *table, const QString &field, int column)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == field)
            return table->item(row, column)->text();
    return QStringLiteral("<no row %1>").arg(field);
}
} // namespace

TEST_CASE("The test-only provider appears in the window with its own names", "[window][flows]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    activate(window);
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("providerCombo"));
    REQUIRE(combo);
    const int index = combo->findData(QStringLiteral("testnotes"));
    REQUIRE(index >= 0);
    CHECK(combo->itemText(index) == QStringLiteral("Test Notes"));
    window.selectProvider(QStringLiteral("testnotes"));
    REQUIRE(window.currentProvider());
    CHECK(window.currentProvider()->id == QStringLiteral("testnotes"));
    CHECK(window.windowTitle() == QStringLiteral("Test Notes"));

    IntegrationItem note;
    note.type = QStringLiteral("notes");
    note.id = QStringLiteral("n1");
    note.name = QStringLiteral("First note");
    note.url = QUrl(QStringLiteral("https://notes.invalid/app/n/n1"));
    window.appendItems({note});
    window.flushAllPendingItems();
    ItemTreeModel *model = window.itemModel();
    CHECK(model->itemCount() == 1);
    CHECK(model->data(model->index(0, 0)).toString().startsWith(QStringLiteral("Notes")));
    window.selectItem(QStringLiteral("notes"), QStringLiteral("n1"));
    CHECK(window.action(QStringLiteral("openItem"))->text() ==
          QStringLiteral("&Open in Test Notes"));
    CHECK(window.action(QStringLiteral("openItem"))->isEnabled());
    CHECK_FALSE(window.action(QStringLiteral("viewByGrouping"))->isVisible()); // it has none
    CHECK(window.countText().startsWith(QStringLiteral("1 item")));
}

TEST_CASE("Switching integrations leaks no count or progress and each reopens on its items",
          "[window][flows]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    activate(window);
    window.selectProvider(QStringLiteral("hubspot"));
    window.appendItems(contacts(40));
    window.flushAllPendingItems();
    REQUIRE(window.itemModel()->itemCount() == 40);
    const QString hubspotCount = window.countText();
    CHECK_FALSE(hubspotCount.isEmpty());

    window.selectProvider(QStringLiteral("testnotes"));
    CHECK(window.itemModel()->itemCount() == 0);
    CHECK(window.countText().isEmpty());
    CHECK(window.progressText().isEmpty());
    CHECK(window.detailsJson().isEmpty());

    window.selectProvider(QStringLiteral("hubspot"));
    REQUIRE(waitFor([&] { return window.itemModel()->itemCount() == 40; }, 5000));
    window.flushAllPendingItems();
    CHECK(window.countText() == hubspotCount);
    window.selectItem(QStringLiteral("contacts"), QStringLiteral("1003"));
    CHECK(window.detailsJson().contains(QStringLiteral("\"id\": \"1003\"")));
}

TEST_CASE("Keyboard: Ctrl+comma, Escape in the filter, Tab out of the table and into the tree",
          "[window][flows][keyboard]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    window.selectProvider(QStringLiteral("hubspot"));
    activate(window);

    // Ctrl+, opens Settings (closed again from a timer: exec() blocks).
    bool opened = false;
    QTimer::singleShot(300, [&] {
        if (auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget())) {
            opened = true;
            dialog->reject();
        }
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    CHECK(waitFor([&] { return opened; }, 3000));
    activate(window); // the dialog took the activation

    // Escape clears the filter and leaves the window's Cancel alone.
    window.appendItems(contacts(300));
    window.flushAllPendingItems();
    QLineEdit *filter = window.filterEdit();
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("contact12"));
    CHECK(waitFor(
        [&] { return window.itemModel()->appliedFilter() == QStringLiteral("contact12"); }, 3000));
    CHECK(window.countText().contains(QStringLiteral(" of ")));
    QTest::keyClick(filter, Qt::Key_Escape);
    CHECK(filter->text().isEmpty());
    CHECK(waitFor([&] { return window.itemModel()->appliedFilter().isEmpty(); }, 3000));

    // The first Tab into the tree lands on a row in sight, even when scrolled.
    QTreeView *tree = window.treeView();
    window.setView(ItemTreeModel::byTypeView());
    tree->expandAll();
    tree->setCurrentIndex({});
    tree->verticalScrollBar()->setValue(tree->verticalScrollBar()->maximum() / 2);
    QApplication::processEvents();
    filter->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(filter, Qt::Key_Tab);
    INFO("focus on " << (QApplication::focusWidget()
                             ? QApplication::focusWidget()->objectName().toStdString()
                             : std::string("nothing")));
    REQUIRE(waitFor([&] { return tree->hasFocus(); }, 2000));
    const QModelIndex current = tree->currentIndex();
    REQUIRE(current.isValid());
    CHECK(tree->viewport()->rect().intersects(tree->visualRect(current)));

    // Tab leaves the properties table at once (arrows move inside it).
    window.selectItem(QStringLiteral("contacts"), QStringLiteral("1005"));
    auto *table = window.findChild<QTableWidget *>(QStringLiteral("propertiesTable"));
    REQUIRE(table);
    REQUIRE(table->rowCount() > 3);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Tab);
    CHECK_FALSE(table->hasFocus());
}

TEST_CASE("Details pane: value and reading apart, problems said, Copy JSON only with an item",
          "[window][flows][details]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    window.selectProvider(QStringLiteral("hubspot"));
    activate(window);
    auto *copyJson = window.findChild<QPushButton *>(QStringLiteral("copyJsonButton"));
    REQUIRE(copyJson);
    CHECK_FALSE(copyJson->isEnabled());
    CHECK_FALSE(window.action(QStringLiteral("copyJson"))->isEnabled());

    IntegrationItem item = contact(1, QStringLiteral("501"), QString());
    item.parentType = company(1).type; // the parent's name is not in the item
    item.properties.insert(QStringLiteral("hubspot_owner_id"), QStringLiteral("77"));
    item.labels.insert(QStringLiteral("hubspot_owner_id"), QStringLiteral("Ada Lovelace"));
    item.problems << QStringLiteral("Only 500 of 1,234 associated deals could be read.");
    window.appendItems({company(1), item});
    window.flushAllPendingItems();
    window.selectItem(item.type, item.id);
    CHECK(copyJson->isEnabled());
    auto *table = window.findChild<QTableWidget *>(QStringLiteral("propertiesTable"));
    CHECK(cell(table, QStringLiteral("hubspot_owner_id"), 1) == QStringLiteral("77"));
    CHECK(cell(table, QStringLiteral("hubspot_owner_id"), 2) == QStringLiteral("Ada Lovelace"));
    // The parent's name comes from the tree when the item has none: as in exports.
    CHECK(cell(table, QStringLiteral("Parent"), 2) == company(1).name);
    auto *problems = window.findChild<QLabel *>(QStringLiteral("detailsProblems"));
    REQUIRE(problems);
    CHECK(problems->isVisible());
    CHECK(problems->text().contains(QStringLiteral("Only 500 of 1,234")));
    const QJsonObject json = QJsonDocument::fromJson(window.detailsJson().toUtf8()).object();
    CHECK(json.value(QStringLiteral("properties")).toObject().value(u"hubspot_owner_id"_qs) ==
          u"77"_qs);
    CHECK(json.value(QStringLiteral("labels")).toObject().value(u"hubspot_owner_id"_qs) ==
          u"Ada Lovelace"_qs);
    CHECK(json.value(QStringLiteral("parentName")).toString() == company(1).name);
    CHECK_FALSE(json.contains(QStringLiteral("isContainer")));

    QTemporaryDir dir;
    QString error;
    REQUIRE(window.exportToFile(dir.filePath(QStringLiteral("one.json")), true, &error));
    QFile file(dir.filePath(QStringLiteral("one.json")));
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonObject exported = QJsonDocument::fromJson(file.readAll()).array().at(0).toObject();
    CHECK(exported.value(QStringLiteral("parentName")) == json.value(QStringLiteral("parentName")));
}

TEST_CASE("Export of 100,000 items runs in the background with progress and Cancel",
          "[window][flows][export]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    window.selectProvider(QStringLiteral("hubspot"));
    activate(window);
    window.appendItems(contacts(100000));
    window.flushAllPendingItems();
    REQUIRE(window.itemModel()->itemCount() == 100000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("all.json"));
    ExportController *exporter = window.exporter();

    // Cancelled half-way: no file, not even a temporary one.
    UiPing ping;
    ping.start();
    REQUIRE(window.exportToFile(path, false));
    CHECK(exporter->isRunning());
    CHECK_FALSE(window.action(QStringLiteral("exportAll"))->isEnabled());
    REQUIRE(waitFor([&] { return exporter->runner().written() > 0; }, 20000));
    auto *cancel = window.findChild<QToolButton *>(QStringLiteral("cancelExport"));
    REQUIRE(cancel);
    CHECK(cancel->isVisible());
    cancel->click();
    REQUIRE(waitFor([&] { return !exporter->isRunning(); }, 20000));
    ping.stop();
    CHECK(exporter->runner().written() < 100000);
    CHECK_FALSE(QFile::exists(path));
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());

    // Run to the end: the window answered throughout.
    ping.start();
    REQUIRE(window.exportToFile(path, false));
    REQUIRE(waitFor([&] { return !exporter->isRunning(); }, 120000));
    ping.stop();
    INFO("longest stall " << ping.longestStallMs() << " ms over " << ping.turns() << " turns");
    CHECK(ping.longestStallMs() < 1000); // generous: the export itself is off the UI thread
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(QJsonDocument::fromJson(file.readAll()).array().size() == 100000);
    CHECK(window.action(QStringLiteral("exportAll"))->isEnabled());
}

TEST_CASE("Disconnect asks, and keeps or forgets the items as told", "[window][flows]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindow window(store, theme, offline());
    window.selectProvider(QStringLiteral("hubspot"));
    activate(window);
    window.appendItems(contacts(20));
    window.flushAllPendingItems();

    auto answer = [&](const char *button) {
        window.disconnectAccount();
        QMessageBox *box = nullptr;
        REQUIRE(waitFor(
            [&] {
                return (box =
                            window.findChild<QMessageBox *>(QStringLiteral("disconnectQuestion")));
            },
            2000));
        CHECK(box->informativeText().contains(QStringLiteral("20")));
        auto *choice = box->findChild<QPushButton *>(QString::fromLatin1(button));
        REQUIRE(choice);
        choice->click();
        QApplication::processEvents();
    };
    answer("keepButton");
    CHECK(window.itemModel()->itemCount() == 20);
    answer("forgetButton");
    CHECK(window.itemModel()->itemCount() == 0);
    CHECK(window.countText().isEmpty());
    CHECK(window.itemSource().keys().isEmpty());
}

TEST_CASE("Settings show the demo mode the window runs in", "[window][flows][settings]")
{
    MemoryCredentialStore store;
    ThemeManager theme;
    MainWindowOptions options = offline();
    options.sandboxUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    MainWindow window(store, theme, options);
    window.selectProvider(QStringLiteral("hubspot"));
    const ConnectionSettings settings = window.connectionSettings();
    CHECK(settings.useSandbox);
    CHECK(settings.sandboxUrl == options.sandboxUrl);
    CHECK(settings.keepLocalCopy);
    SettingsDialog dialog(*window.currentProvider(), settings);
    auto *useSandbox = dialog.findChild<QCheckBox *>(QStringLiteral("useSandbox"));
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("sandboxUrl"));
    REQUIRE(useSandbox);
    REQUIRE(url);
    CHECK(useSandbox->isChecked());
    CHECK(url->text() == options.sandboxUrl.toString());
    CHECK(dialog.findChild<QCheckBox *>(QStringLiteral("keepLocalCopy"))->isChecked());
    // The title names the integration; the platform adds the app's name.
    CHECK(window.windowTitle() == QStringLiteral("HubSpot (demo data)"));
}
