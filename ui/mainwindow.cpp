#include "mainwindow.h"

#include "childrenfetcher.h"
#include "common/appsettings.h"
#include "credentials/credentialstore.h"
#include "items/itemexport.h"
#include "itemtreemodel.h"
#include "itemtreeview.h"
#include "logindialog.h"
#include "messagebanner.h"
#include "net/apiclient.h"
#include "thememanager.h"

#include "auth/statictokenprovider.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <limits>

Q_LOGGING_CATEGORY(lcWindow, "desk.ui.window")

namespace desk {

namespace {
QString typeList(const ProviderSpec *provider, const QVector<TypeProgress> &types, bool withTotals)
{
    QStringList parts;
    for (const TypeProgress &t : types) {
        QString part = (provider ? provider->typeDisplayName(t.type) : t.type) + QLatin1Char(' ') +
                       QLocale().toString(t.loaded);
        if (withTotals && t.total >= 0 && !t.done)
            part += QLatin1Char('/') + QLocale().toString(t.total);
        if (t.done)
            part += QStringLiteral(" \u2713");
        else if (t.error.isError())
            part += QStringLiteral(" \u26a0");
        parts.append(part);
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}
} // namespace

MainWindow::MainWindow(CredentialStore &credentials, ThemeManager &theme,
                       const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent), m_credentials(credentials), m_theme(theme), m_options(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Integrations Desk"));
    setWindowIcon(QIcon(QStringLiteral(":/app/integrations-desk.svg")));

    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(0);
    connect(m_flushTimer, &QTimer::timeout, this, &MainWindow::flushPendingItems);
    m_model = new ItemTreeModel(this);
    m_model->setDeferInserts(true);
    m_children = new ChildrenFetcher(*m_model, m_items, this);
    connect(m_model, &ItemTreeModel::countsChanged, this, &MainWindow::updateCount);
    connect(m_model, &ItemTreeModel::filterApplied, this, &MainWindow::onFilterApplied);

    createActions();
    createCentralWidgets();
    createMenus();
    createToolBar();

    m_countLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_countLabel);

    connect(&m_theme, &ThemeManager::themeChanged, this, &MainWindow::applyThemeToWidgets);
    applyThemeToWidgets();
    restoreWindowState();

    for (const ProviderSpec *provider : ProviderRegistry::all())
        m_providerCombo->addItem(provider->displayName, provider->id);
    const QString saved = AppSettings().raw().value(QStringLiteral("ui/provider")).toString();
    const int savedIndex = m_providerCombo->findData(saved);
    if (savedIndex >= 0)
        m_providerCombo->setCurrentIndex(savedIndex);
    connect(m_providerCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        selectProvider(ProviderRegistry::find(m_providerCombo->itemData(index).toString()));
    });
    if (m_providerCombo->count() > 0)
        selectProvider(ProviderRegistry::find(m_providerCombo->currentData().toString()));
    else
        showError(
            Error(Error::Kind::Configuration, tr("No integration is available in this build.")),
            {});
    updateActions();
}

MainWindow::~MainWindow()
{
    ++m_sessionGeneration;
    if (m_loginDialog)
        delete m_loginDialog.data();
    if (m_loader)
        delete m_loader.data();
    m_client.reset();
}

// ---------------------------------------------------------------- building

QTreeView *MainWindow::treeView() const
{
    return m_tree;
}

LoginDialog *MainWindow::loginDialog() const
{
    return m_loginDialog.data();
}

QAction *MainWindow::action(const QString &name) const
{
    return m_actions.value(name);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QString &icon,
                       const QKeySequence &key = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setProperty("iconName", icon);
        if (!key.isEmpty())
            a->setShortcut(key);
        m_actions.insert(name, a);
        return a;
    };
    connect(make(QStringLiteral("connect"), tr("&Connect"), QStringLiteral("connect")),
            &QAction::triggered, this, &MainWindow::connectAccount);
    m_actions[QStringLiteral("connect")]->setToolTip(tr("Sign in to the selected integration"));
    connect(make(QStringLiteral("connectToken"), tr("Connect with an &Access Token…"),
                 QStringLiteral("connect")),
            &QAction::triggered, this, [this] {
                AccessTokenDialog dialog(m_provider ? m_provider->displayName : QString(), this);
                if (dialog.exec() == QDialog::Accepted)
                    connectWithAccessToken(dialog.token());
            });
    connect(make(QStringLiteral("load"), tr("&Load"), QStringLiteral("load"),
                 QKeySequence(Qt::CTRL | Qt::Key_L)),
            &QAction::triggered, this, &MainWindow::loadItems);
    m_actions[QStringLiteral("load")]->setToolTip(tr("Load every object of the account (Ctrl+L)"));
    connect(make(QStringLiteral("reload"), tr("&Reload"), QStringLiteral("reload"),
                 QKeySequence(Qt::Key_F5)),
            &QAction::triggered, this, &MainWindow::loadItems);
    connect(make(QStringLiteral("cancel"), tr("C&ancel"), QStringLiteral("cancel"),
                 QKeySequence(Qt::Key_Escape)),
            &QAction::triggered, this, &MainWindow::cancel);
    connect(make(QStringLiteral("disconnect"), tr("&Disconnect"), QStringLiteral("disconnect")),
            &QAction::triggered, this, &MainWindow::disconnectAccount);
    connect(make(QStringLiteral("settings"), tr("&Settings…"), QStringLiteral("settings"),
                 QKeySequence::Preferences),
            &QAction::triggered, this, &MainWindow::showSettings);
    connect(make(QStringLiteral("exportAll"), tr("&Export All…"), QStringLiteral("export"),
                 QKeySequence(Qt::CTRL | Qt::Key_E)),
            &QAction::triggered, this, [this] { exportItems(false); });
    connect(
        make(QStringLiteral("exportSelected"), tr("Export &Selected…"), QStringLiteral("export")),
        &QAction::triggered, this, [this] { exportItems(true); });
    connect(make(QStringLiteral("quit"), tr("&Quit"), QString(), QKeySequence::Quit),
            &QAction::triggered, this, &QWidget::close);
    connect(make(QStringLiteral("filter"), tr("&Filter"), QStringLiteral("filter"),
                 QKeySequence(Qt::CTRL | Qt::Key_F)),
            &QAction::triggered, this, [this] {
                m_filter->setFocus(Qt::ShortcutFocusReason);
                m_filter->selectAll();
            });
    connect(
        make(QStringLiteral("openItem"), tr("&Open in Browser"), QStringLiteral("open-external")),
        &QAction::triggered, this, [this] { openItemInBrowser(currentItem()); });
    connect(make(QStringLiteral("copyId"), tr("Copy &ID"), QStringLiteral("copy")),
            &QAction::triggered, this, [this] { copyItemId(currentItem()); });
    connect(make(QStringLiteral("copyJson"), tr("Copy &JSON"), QStringLiteral("copy")),
            &QAction::triggered, this, [this] { copyItemJson(currentItem()); });
    connect(make(QStringLiteral("about"), tr("&About Integrations Desk"), QStringLiteral("about")),
            &QAction::triggered, this, &MainWindow::showAbout);
    connect(make(QStringLiteral("resume"), tr("&Resume"), QStringLiteral("reload")),
            &QAction::triggered, this, &MainWindow::resumeLoad);
    connect(make(QStringLiteral("expandAll"), tr("E&xpand All"), QString()), &QAction::triggered,
            this, [this] { expandWithoutFetching([this] { m_tree->expandAll(); }); });
    connect(make(QStringLiteral("retryChildren"), tr("&Retry"), QStringLiteral("reload")),
            &QAction::triggered, this, &MainWindow::retryChildren);
    connect(make(QStringLiteral("collapseAll"), tr("C&ollapse All"), QString()),
            &QAction::triggered, this, [this] { m_tree->collapseAll(); });

    m_themeGroup = new QActionGroup(this);
    const struct
    {
        const char *name;
        ThemeManager::Mode mode;
        QString text;
        const char *icon;
    } themes[] = {
        {"themeLight", ThemeManager::Mode::Light, tr("&Light"), "theme-light"},
        {"themeDark", ThemeManager::Mode::Dark, tr("&Dark"), "theme-dark"},
        {"themeSystem", ThemeManager::Mode::System, tr("Follow &System"), "theme-auto"},
    };
    for (const auto &t : themes) {
        QAction *a = make(QString::fromLatin1(t.name), t.text, QString::fromLatin1(t.icon));
        a->setCheckable(true);
        a->setData(int(t.mode));
        a->setChecked(m_theme.mode() == t.mode);
        m_themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, a] { setThemeMode(a->data().toInt()); });
    }

    m_groupingGroup = new QActionGroup(this);
    QAction *byType =
        make(QStringLiteral("groupByType"), tr("By &Type"), QStringLiteral("view-type"));
    QAction *byCompany =
        make(QStringLiteral("groupByCompany"), tr("By &Company"), QStringLiteral("view-company"));
    QAction *byParent =
        make(QStringLiteral("groupByParent"), tr("By &Parent"), QStringLiteral("view-company"));
    byParent->setToolTip(tr("The integration's own hierarchy (bases, tables and records; "
                            "workspace, pages and databases)"));
    for (QAction *a : {byType, byCompany, byParent}) {
        a->setCheckable(true);
        m_groupingGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, a] { setView(viewOfAction(a)); });
    }
    byType->setChecked(true);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions[QStringLiteral("connect")]);
    file->addAction(m_actions[QStringLiteral("connectToken")]);
    file->addAction(m_actions[QStringLiteral("disconnect")]);
    file->addSeparator();
    file->addAction(m_actions[QStringLiteral("exportAll")]);
    file->addAction(m_actions[QStringLiteral("exportSelected")]);
    file->addSeparator();
    file->addAction(m_actions[QStringLiteral("settings")]);
    file->addSeparator();
    file->addAction(m_actions[QStringLiteral("quit")]);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_actions[QStringLiteral("filter")]);
    edit->addSeparator();
    edit->addAction(m_actions[QStringLiteral("copyId")]);
    edit->addAction(m_actions[QStringLiteral("copyJson")]);
    edit->addAction(m_actions[QStringLiteral("openItem")]);

    QMenu *data = menuBar()->addMenu(tr("&Data"));
    data->addAction(m_actions[QStringLiteral("load")]);
    data->addAction(m_actions[QStringLiteral("reload")]);
    data->addAction(m_actions[QStringLiteral("resume")]);
    data->addAction(m_actions[QStringLiteral("cancel")]);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_actions[QStringLiteral("groupByType")]);
    view->addAction(m_actions[QStringLiteral("groupByCompany")]);
    view->addAction(m_actions[QStringLiteral("groupByParent")]);
    view->addSeparator();
    view->addAction(m_actions[QStringLiteral("expandAll")]);
    view->addAction(m_actions[QStringLiteral("collapseAll")]);
    view->addSeparator();
    QMenu *themeMenu = view->addMenu(tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("themeMenu"));
    for (QAction *a : m_themeGroup->actions())
        themeMenu->addAction(a);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_actions[QStringLiteral("about")]);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_actions[QStringLiteral("connect")]);
    bar->addAction(m_actions[QStringLiteral("load")]);
    bar->addAction(m_actions[QStringLiteral("cancel")]);
    bar->addAction(m_actions[QStringLiteral("disconnect")]);
    bar->addSeparator();
    bar->addAction(m_actions[QStringLiteral("exportAll")]);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    auto *themeButton = new QToolButton(bar);
    themeButton->setObjectName(QStringLiteral("themeButton"));
    themeButton->setText(tr("Theme"));
    themeButton->setToolTip(tr("Light, dark or follow the system"));
    themeButton->setPopupMode(QToolButton::InstantPopup);
    themeButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    auto *menu = new QMenu(themeButton);
    for (QAction *a : m_themeGroup->actions())
        menu->addAction(a);
    themeButton->setMenu(menu);
    bar->addWidget(themeButton);
    bar->addAction(m_actions[QStringLiteral("settings")]);
}

void MainWindow::createCentralWidgets()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);

    // Integration and account line.
    auto *header = new QHBoxLayout;
    auto *providerLabel = new QLabel(tr("&Integration:"), central);
    m_providerCombo = new QComboBox(central);
    m_providerCombo->setObjectName(QStringLiteral("providerCombo"));
    providerLabel->setBuddy(m_providerCombo);
    m_accountLabel = new QLabel(tr("Not connected"), central);
    m_accountLabel->setObjectName(QStringLiteral("accountLine"));
    m_accountLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoBadge = new QLabel(tr("Demo data"), central);
    m_demoBadge->setObjectName(QStringLiteral("demoBadge"));
    m_demoBadge->setToolTip(tr("Connected to the local sandbox: the data is made up."));
    m_demoBadge->hide();
    header->addWidget(providerLabel);
    header->addWidget(m_providerCombo);
    header->addSpacing(12);
    header->addWidget(m_accountLabel, 1);
    header->addWidget(m_demoBadge);
    layout->addLayout(header);

    m_banner = new MessageBanner(central);
    m_banner->setIconProvider([this](const QString &name) { return m_theme.icon(name); });
    layout->addWidget(m_banner);

    // Progress row.
    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(central);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_progressLabel = new QLabel(central);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    auto *cancelButton = new QToolButton(central);
    cancelButton->setDefaultAction(m_actions[QStringLiteral("cancel")]);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancelButton->setAutoRaise(true);
    connect(m_actions[QStringLiteral("cancel")], &QAction::changed, cancelButton,
            [this, cancelButton] {
                cancelButton->setVisible(m_actions[QStringLiteral("cancel")]->isEnabled());
            });
    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(320);
    progressRow->addWidget(m_filter, 1);
    progressRow->addSpacing(12);
    progressRow->addWidget(m_progress);
    progressRow->addWidget(m_progressLabel, 2);
    progressRow->addWidget(cancelButton);
    layout->addLayout(progressRow);

    // No debounce: the model searches in slices and a newer text replaces an older search.
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_model->appliedFilter().trimmed().isEmpty() && !text.trimmed().isEmpty() &&
            m_stateBeforeFilter.isEmpty())
            m_stateBeforeFilter = m_tree->saveState(); // given back when the filter is cleared
        m_model->setFilterText(text);
    });

    // Tree | details.
    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_tree = new ItemTreeView(m_splitter);
    m_tree->setObjectName(QStringLiteral("itemTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(ItemTreeModel::NameColumn, Qt::AscendingOrder);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setDefaultSectionSize(150);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeContextMenu);
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (const std::optional<ItemKey> key = m_model->itemKey(index))
            openItemInBrowser(m_items.item(*key));
        else if (m_model->nodeKind(index) == ItemTreeModel::NodeKind::Stub)
            if (const std::optional<ItemKey> parent = m_model->itemKey(index.parent()))
                m_children->fetch(*parent); // "Not loaded (double-click to load)"
    });
    // Lazy children (Airtable tables): loaded when the user expands the row.
    connect(m_tree, &QTreeView::expanded, this, &MainWindow::onTreeExpanded);
    connect(m_children, &ChildrenFetcher::started, this,
            [this](const QString &type, const QString &id) {
                const std::optional<IntegrationItem> item = m_items.item({type, id});
                statusBar()->showMessage(
                    tr("Loading the contents of \u201c%1\u201d\u2026").arg(item ? item->name : id));
                updateActions();
            });
    connect(m_children, &ChildrenFetcher::finished, this, &MainWindow::onChildrenFetchFinished);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateDetails);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    auto *details = new QWidget(m_splitter);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(4, 0, 0, 0);
    m_detailsTitle = new QLabel(tr("Select an item to see its details."), details);
    m_detailsTitle->setObjectName(QStringLiteral("detailsTitle"));
    m_detailsTitle->setWordWrap(true);
    m_detailsSplitter = new QSplitter(Qt::Vertical, details);
    m_detailsSplitter->setObjectName(QStringLiteral("detailsSplitter"));
    m_properties = new QTableWidget(0, 2, m_detailsSplitter);
    m_properties->setObjectName(QStringLiteral("propertiesTable"));
    m_properties->setHorizontalHeaderLabels({tr("Property"), tr("Value")});
    m_properties->horizontalHeader()->setStretchLastSection(true);
    m_properties->verticalHeader()->hide();
    m_properties->verticalHeader()->setDefaultSectionSize(m_properties->fontMetrics().height() + 6);
    m_properties->setAlternatingRowColors(true);
    m_properties->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_properties->setWordWrap(false);
    auto *jsonBox = new QWidget(m_detailsSplitter);
    auto *jsonLayout = new QVBoxLayout(jsonBox);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    m_json = new QPlainTextEdit(jsonBox);
    m_json->setObjectName(QStringLiteral("jsonView"));
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *copyJson = new QPushButton(tr("Copy JSON"), jsonBox);
    connect(copyJson, &QPushButton::clicked, this, [this] { copyItemJson(currentItem()); });
    jsonLayout->addWidget(m_json);
    jsonLayout->addWidget(copyJson, 0, Qt::AlignRight);
    detailsLayout->addWidget(m_detailsTitle);
    detailsLayout->addWidget(m_detailsSplitter, 1);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);

    setCentralWidget(central);
    resize(1280, 780);
}

void MainWindow::applyThemeToWidgets()
{
    setStyleSheet(m_theme.styleSheet());
    for (QAction *a : std::as_const(m_actions)) {
        const QString icon = a->property("iconName").toString();
        if (!icon.isEmpty())
            a->setIcon(m_theme.icon(icon));
    }
    if (auto *button = findChild<QToolButton *>(QStringLiteral("themeButton")))
        button->setIcon(m_theme.icon(m_theme.isDark() ? QStringLiteral("theme-dark")
                                                      : QStringLiteral("theme-light")));
    for (QAction *a : m_themeGroup->actions())
        a->setChecked(a->data().toInt() == int(m_theme.mode()));
}

void MainWindow::setThemeMode(int mode)
{
    m_theme.setMode(ThemeManager::Mode(mode));
    m_theme.saveMode();
}

void MainWindow::restoreWindowState()
{
    AppSettings settings;
    QSettings &s = settings.raw();
    restoreGeometry(s.value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("ui/windowState")).toByteArray());
    if (!m_splitter->restoreState(s.value(QStringLiteral("ui/splitter")).toByteArray()))
        m_splitter->setSizes({900, 380});
    if (!m_detailsSplitter->restoreState(
            s.value(QStringLiteral("ui/detailsSplitter")).toByteArray()))
        m_detailsSplitter->setSizes({300, 300});
    m_tree->header()->restoreState(s.value(QStringLiteral("ui/treeHeader")).toByteArray());
    // The view is per integration: selectProvider() applies it.
}

void MainWindow::saveWindowState()
{
    AppSettings settings;
    QSettings &s = settings.raw();
    s.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    s.setValue(QStringLiteral("ui/windowState"), saveState());
    s.setValue(QStringLiteral("ui/splitter"), m_splitter->saveState());
    s.setValue(QStringLiteral("ui/detailsSplitter"), m_detailsSplitter->saveState());
    s.setValue(QStringLiteral("ui/treeHeader"), m_tree->header()->saveState());
    if (m_provider)
        s.setValue(QStringLiteral("ui/provider"), m_provider->id);
    settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    if (m_loader && m_loading)
        m_loader->cancel();
    QMainWindow::closeEvent(event);
}

// ---------------------------------------------------------------- provider & session

ConnectionSettings MainWindow::loadConnectionSettings() const
{
    ConnectionSettings cs;
    if (!m_provider)
        return cs;
    AppSettings settings;
    const QString id = m_provider->id;
    cs.clientId = settings.clientId(id);
    cs.redirectPort = settings.redirectPort(id);
    cs.scopes = settings.scopes(id);
    cs.objectTypes = settings.objectTypes(id);
    cs.useSandbox = settings.useSandbox(id);
    cs.sandboxUrl = settings.sandboxUrl(id);
    QSettings &raw = settings.raw();
    raw.beginGroup(QStringLiteral("providers/") + id + QStringLiteral("/extraProperties"));
    for (const QString &type : raw.childKeys())
        cs.extraProperties.insert(type, raw.value(type).toStringList());
    raw.endGroup();
    cs.hasStoredSecret =
        settings.raw()
            .value(QStringLiteral("providers/") + id + QStringLiteral("/hasClientSecret"))
            .toBool();
    return cs;
}

void MainWindow::saveConnectionSettings(const ConnectionSettings &cs)
{
    if (!m_provider)
        return;
    AppSettings settings;
    const QString id = m_provider->id;
    settings.setClientId(id, cs.clientId);
    settings.setRedirectPort(id, cs.redirectPort);
    settings.setScopes(id, cs.scopes);
    settings.setObjectTypes(id, cs.objectTypes);
    settings.setUseSandbox(id, cs.useSandbox);
    settings.setSandboxUrl(id, cs.sandboxUrl);
    QSettings &raw = settings.raw();
    raw.remove(QStringLiteral("providers/") + id + QStringLiteral("/extraProperties"));
    for (auto it = cs.extraProperties.cbegin(); it != cs.extraProperties.cend(); ++it)
        raw.setValue(QStringLiteral("providers/") + id + QStringLiteral("/extraProperties/") +
                         it.key(),
                     it.value());
    const QString secretFlag =
        QStringLiteral("providers/") + id + QStringLiteral("/hasClientSecret");
    if (!cs.clientSecret.isEmpty()) {
        m_freshClientSecret = cs.clientSecret;
        QPointer<MainWindow> self(this);
        m_credentials.write(
            clientSecretKey(), cs.clientSecret.toUtf8(),
            [self](CredentialStore::Status status, const QString &detail) {
                if (!self)
                    return;
                if (status != CredentialStore::Status::Ok) {
                    qCWarning(lcWindow) << "could not save the client secret:" << detail;
                    self->showError(
                        Error(Error::Kind::Keychain,
                              tr("The client secret could not be saved in the keychain.")),
                        tr("Settings"));
                }
            });
        raw.setValue(secretFlag, true);
    } else if (cs.clearSecret) {
        m_freshClientSecret.clear();
        m_credentials.remove(clientSecretKey(), [](CredentialStore::Status, const QString &) {});
        raw.setValue(secretFlag, false);
    }
    settings.sync();
}

QString MainWindow::credentialNamespace() const
{
    if (!m_provider)
        return {};
    return OAuthSession::storageNamespace(m_profile);
}

QString MainWindow::clientSecretKey() const
{
    return CredentialStore::key(m_provider ? m_provider->id : QString(), QStringLiteral("app"),
                                QStringLiteral("client_secret"));
}

QString MainWindow::accessTokenKey() const
{
    return StaticTokenProvider::storageKey(credentialNamespace());
}

bool MainWindow::isDemoMode() const
{
    return m_profile.isSandbox;
}

void MainWindow::selectProvider(const ProviderSpec *provider)
{
    if (!provider || provider == m_provider)
        return;
    clearPendingItems();
    m_items.clear();
    m_provider = provider;
    // Columns, names and views come from the provider's presentation.
    const ItemPresentation presentation = provider->presentation();
    m_model->setPresentation(presentation);
    const bool grouped = !presentation.groupings.isEmpty();
    QAction *byGroup = m_actions[QStringLiteral("groupByCompany")];
    byGroup->setEnabled(grouped);
    byGroup->setVisible(grouped);
    if (grouped)
        byGroup->setText(presentation.groupings.first().title);
    m_actions[QStringLiteral("groupByParent")]->setEnabled(presentation.hierarchy);
    m_actions[QStringLiteral("groupByParent")]->setVisible(presentation.hierarchy);
    m_model->setView(savedView(provider));
    for (QAction *a : m_groupingGroup->actions())
        a->setChecked(viewOfAction(a) == m_model->view());
    qCInfo(lcWindow) << "integration" << provider->id;
    rebuildSession(m_options.restoreSession);
}

void MainWindow::rebuildSession(bool restore)
{
    if (!m_provider)
        return;
    const ConnectionSettings cs = loadConnectionSettings();
    ProviderSettings ps;
    ps.clientId = cs.clientId;
    ps.redirectPort = cs.redirectPort;
    ps.scopes = cs.scopes;
    if (!m_options.sandboxUrl.isEmpty())
        ps.sandboxUrl = m_options.sandboxUrl;
    else if (cs.useSandbox && cs.sandboxUrl.isValid())
        ps.sandboxUrl = cs.sandboxUrl;
    if (m_options.redirectPort)
        ps.redirectPort = m_options.redirectPort;
    // <PROVIDER>_CLIENT_ID/_SECRET in the environment win over saved settings for
    // this run (never saved); the sandbox always uses its demo client.
    const EnvironmentClient environment = clientFromEnvironment(m_provider->id);
    if (ps.sandboxUrl.isEmpty() && !environment.clientId.isEmpty())
        ps.clientId = environment.clientId;

    const quint64 generation = ++m_sessionGeneration;
    if (ps.sandboxUrl.isEmpty() && !environment.clientSecret.isEmpty()) {
        ps.clientSecret = environment.clientSecret;
    } else if (ps.sandboxUrl.isEmpty() && !m_freshClientSecret.isEmpty()) {
        ps.clientSecret = m_freshClientSecret;
    } else if (ps.sandboxUrl.isEmpty() && cs.hasStoredSecret) {
        QPointer<MainWindow> self(this);
        m_credentials.read(clientSecretKey(),
                           [self, generation, ps, restore](CredentialStore::Status status,
                                                           const QByteArray &secret,
                                                           const QString &) mutable {
                               if (!self || generation != self->m_sessionGeneration)
                                   return;
                               if (status == CredentialStore::Status::Ok)
                                   ps.clientSecret = QString::fromUtf8(secret);
                               self->createSession(ps, restore);
                           });
        return;
    }
    createSession(ps, restore);
}

void MainWindow::createSession(const ProviderSettings &settings, bool restore)
{
    closeLogin();
    // The loader and its client use the old session's tokens: they go first.
    if (m_loader) {
        delete m_loader.data();
        m_loader = nullptr;
    }
    m_client.reset();
    m_loading = false;
    clearPendingItems();
    m_progress->hide();
    m_session.reset();
    m_staticTokens.reset();
    m_profile = m_provider->profile(settings);
    m_demoBadge->setVisible(m_profile.isSandbox);
    setWindowTitle(m_profile.isSandbox
                       ? tr("Integrations Desk — %1 (demo data)").arg(m_provider->displayName)
                       : tr("Integrations Desk — %1").arg(m_provider->displayName));

    m_session =
        std::make_unique<OAuthSession>(m_provider->account, m_profile, m_credentials, m_network);
    OAuthSession *session = m_session.get();
    connect(session, &OAuthSession::stateChanged, this, [this](OAuthSession::State state) {
        if (m_staticTokens)
            return;
        switch (state) {
        case OAuthSession::State::Disconnected:
            setAccountState(AccountState::NotConnected);
            break;
        case OAuthSession::State::Restoring:
            setAccountState(AccountState::Restoring);
            break;
        case OAuthSession::State::Connecting:
            setAccountState(AccountState::Connecting);
            break;
        case OAuthSession::State::Connected:
            setAccountState(AccountState::Connected, m_session->account());
            break;
        case OAuthSession::State::ReconnectNeeded:
            setAccountState(AccountState::ReconnectNeeded, m_session->account());
            break;
        }
    });
    connect(session, &OAuthSession::connected, this, [this](const AccountInfo &account) {
        closeLogin();
        m_banner->dismiss();
        setAccountState(AccountState::Connected, account);
        statusBar()->showMessage(
            tr("Connected. Press Load (Ctrl+L) to fetch the account's objects."), 8000);
    });
    connect(session, &OAuthSession::loginFailed, this, &MainWindow::onLoginFailed);
    connect(session, &OAuthSession::disconnected, this, [this] {
        if (!m_staticTokens)
            setAccountState(AccountState::NotConnected);
    });
    connect(session, &OAuthSession::warning, this, [this](const QString &message) {
        m_banner->showMessage(MessageBanner::Kind::Warning, message);
    });

    setAccountState(AccountState::NotConnected);
    if (restore)
        tryRestoreAccessToken();
}

void MainWindow::tryRestoreAccessToken()
{
    // A saved private-app token wins; otherwise the OAuth session restores itself.
    QPointer<MainWindow> self(this);
    const quint64 generation = m_sessionGeneration;
    setAccountState(AccountState::Restoring);
    m_credentials.read(accessTokenKey(),
                       [self, generation](CredentialStore::Status status, const QByteArray &token,
                                          const QString &) {
                           if (!self || generation != self->m_sessionGeneration || !self->m_session)
                               return;
                           if (status == CredentialStore::Status::Ok && !token.isEmpty())
                               self->connectWithAccessToken(token);
                           else
                               self->m_session->restore();
                       });
}

void MainWindow::setAccountState(AccountState state, const AccountInfo &account)
{
    m_accountState = state;
    if (state == AccountState::Connected || state == AccountState::ReconnectNeeded) {
        if (account.isValid())
            m_account = account;
    } else if (state == AccountState::NotConnected) {
        m_account = {};
    }
    QString text;
    switch (state) {
    case AccountState::NotConnected:
        text = tr("Not connected");
        break;
    case AccountState::Restoring:
        text = tr("Checking the saved sign-in…");
        break;
    case AccountState::Connecting:
        text = tr("Signing in…");
        break;
    case AccountState::Connected:
        text = tr("Connected as %1").arg(m_account.summary());
        break;
    case AccountState::ReconnectNeeded:
        text = tr("Reconnect needed");
        break;
    }
    if (m_staticTokens && state == AccountState::Connected)
        text += QLatin1Char(' ') + tr("(access token)");
    m_accountLabel->setText(text);
    m_accountLabel->setToolTip(m_account.isValid() ? m_account.scopes.join(QLatin1Char(' '))
                                                   : QString());
    updateActions();
    Q_EMIT accountStateChanged(state);
}

QString MainWindow::accountText() const
{
    return m_accountLabel->text();
}

QString MainWindow::progressText() const
{
    return m_progressLabel->text();
}

void MainWindow::updatePlaceholder()
{
    QString text;
    if (isLoading())
        text = tr("Loading…");
    else if (m_model->itemCount() > 0)
        text = tr("Nothing matches the filter.");
    else if (m_accountState == AccountState::Connected)
        text = tr("Press Load (Ctrl+L) to fetch the account's objects.");
    else if (m_accountState == AccountState::ReconnectNeeded)
        text = tr("Sign in again with Connect to load this account's objects.");
    else if (m_accountState == AccountState::NotConnected)
        text = m_profile.isSandbox ? tr("Press Connect to sign in to the demo account (sandbox).")
                                   : tr("Press Connect to sign in to %1.")
                                         .arg(m_provider ? m_provider->displayName : QString());
    m_tree->setPlaceholderText(text);
}

void MainWindow::updateActions()
{
    updatePlaceholder();
    const bool connected = m_accountState == AccountState::Connected;
    const bool busyLogin = m_accountState == AccountState::Connecting;
    const bool restoring = m_accountState == AccountState::Restoring;
    const bool loading = isLoading();
    m_actions[QStringLiteral("connect")]->setEnabled(m_session && !busyLogin && !restoring &&
                                                     !connected);
    m_actions[QStringLiteral("connect")]->setText(
        m_accountState == AccountState::ReconnectNeeded ? tr("Re&connect") : tr("&Connect"));
    m_actions[QStringLiteral("connectToken")]->setEnabled(m_session && !busyLogin && !connected);
    m_actions[QStringLiteral("load")]->setEnabled(connected && !loading);
    m_actions[QStringLiteral("reload")]->setEnabled(connected && !loading);
    m_actions[QStringLiteral("resume")]->setEnabled(connected && !loading && m_loader &&
                                                    m_loader->canResume());
    m_actions[QStringLiteral("cancel")]->setEnabled(loading || busyLogin ||
                                                    m_children->running() > 0);
    m_actions[QStringLiteral("disconnect")]->setEnabled(
        connected || m_accountState == AccountState::ReconnectNeeded);
    const bool haveItems = m_model->itemCount() > 0;
    m_actions[QStringLiteral("exportAll")]->setEnabled(haveItems);
    m_actions[QStringLiteral("exportSelected")]->setEnabled(haveItems &&
                                                            !selectedItems().isEmpty());
    const std::optional<IntegrationItem> item = currentItem();
    m_actions[QStringLiteral("copyId")]->setEnabled(item.has_value());
    m_actions[QStringLiteral("copyJson")]->setEnabled(item.has_value());
    m_actions[QStringLiteral("openItem")]->setEnabled(item && item->url.isValid());
    m_actions[QStringLiteral("openItem")]->setText(
        tr("&Open in %1").arg(m_provider ? m_provider->displayName : tr("Browser")));
}

// ---------------------------------------------------------------- sign-in

void MainWindow::connectAccount()
{
    if (!m_session)
        return;
    if (!m_profile.isSandbox && m_profile.clientId.isEmpty()) {
        m_banner->showMessage(
            MessageBanner::Kind::Info,
            tr("To sign in, enter your %1 app's client ID and secret in Settings, "
               "connect with a private app's access token, or use the sandbox (demo data).")
                .arg(m_provider->displayName),
            {m_actions[QStringLiteral("settings")], m_actions[QStringLiteral("connectToken")]});
        return;
    }
    m_banner->dismiss();
    qCInfo(lcWindow) << "sign-in started";
    m_session->connectAccount([this](const QUrl &url) { openLogin(url); });
}

void MainWindow::openLogin(const QUrl &url)
{
    closeLogin();
    QString reason;
    if (!m_options.embeddedBrowser || !LoginDialog::embeddedBrowserAvailable(&reason)) {
        if (!reason.isEmpty())
            qCInfo(lcWindow) << "embedded browser unavailable:" << reason;
        m_banner->showMessage(MessageBanner::Kind::Info,
                              (reason.isEmpty() ? QString() : reason + QLatin1Char(' ')) +
                                  tr("Continue signing in in your web browser; this window updates "
                                     "when you are done."),
                              {m_actions[QStringLiteral("cancel")]});
        QDesktopServices::openUrl(url);
        return;
    }
    // Qt 6.4 fixes the page's prefers-color-scheme when the browser starts:
    // the first sign-in of the run decides it.
    LoginDialog::prepareColorScheme(m_theme.isDark());
    auto *dialog = new LoginDialog(url, m_provider->displayName, m_theme.isDark(), this);
    m_loginDialog = dialog;
    connect(dialog, &LoginDialog::openInSystemBrowserRequested, this,
            [](const QUrl &authorizationUrl) { QDesktopServices::openUrl(authorizationUrl); });
    connect(dialog, &QDialog::rejected, this, [this, dialog] {
        if (m_loginDialog == dialog && m_session &&
            m_session->state() == OAuthSession::State::Connecting) {
            qCInfo(lcWindow) << "sign-in cancelled in the dialog";
            m_session->cancelLogin();
        }
        dialog->deleteLater();
    });
    connect(dialog, &QDialog::accepted, dialog, &QObject::deleteLater);
    dialog->setModal(false);
    dialog->show();
}

void MainWindow::closeLogin()
{
    if (LoginDialog *dialog = m_loginDialog) {
        m_loginDialog = nullptr;
        dialog->accept();
    }
}

void MainWindow::onLoginFailed(const Error &error)
{
    closeLogin();
    if (error.kind == Error::Kind::Cancelled) {
        statusBar()->showMessage(tr("Sign-in cancelled."), 5000);
        m_banner->dismiss();
        return;
    }
    showError(error, tr("Sign-in failed."));
}

void MainWindow::connectWithAccessToken(const QByteArray &token)
{
    if (!m_provider || token.isEmpty())
        return;
    const quint64 generation = m_sessionGeneration;
    QPointer<MainWindow> self(this);
    setAccountState(AccountState::Connecting);
    m_provider->fetchAccount(
        m_network, m_profile, token, [self, generation, token](const Result<AccountInfo> &result) {
            if (!self || generation != self->m_sessionGeneration)
                return;
            if (!result.ok()) {
                self->setAccountState(AccountState::NotConnected);
                self->showError(result.error(), tr("The access token was not accepted."));
                return;
            }
            self->m_staticTokens =
                std::make_unique<StaticTokenProvider>(token, self->m_provider->displayName);
            self->m_credentials.write(
                self->accessTokenKey(), token,
                [self](CredentialStore::Status status, const QString &) {
                    if (self && status != CredentialStore::Status::Ok)
                        self->m_banner->showMessage(
                            MessageBanner::Kind::Warning,
                            tr("The access token could not be saved in the keychain; "
                               "you will have to enter it again next time."));
                });
            self->setAccountState(AccountState::Connected, result.value());
        });
}

void MainWindow::disconnectAccount()
{
    cancel();
    closeLogin();
    if (m_staticTokens) {
        m_staticTokens.reset();
        m_credentials.remove(accessTokenKey(), [](CredentialStore::Status, const QString &) {});
    } else if (m_session) {
        m_session->disconnectAccount();
    }
    if (m_loader) {
        delete m_loader.data();
        m_loader = nullptr;
    }
    m_loading = false;
    m_progress->hide();
    m_client.reset();
    clearPendingItems();
    m_model->clear();
    m_items.clear();
    updateDetails();
    m_progressLabel->clear();
    m_countLabel->clear();
    m_banner->dismiss();
    setAccountState(AccountState::NotConnected);
    statusBar()->showMessage(tr("Disconnected. Loaded items were cleared."), 5000);
}

// ---------------------------------------------------------------- loading

void MainWindow::loadItems()
{
    if (!m_provider || m_accountState != AccountState::Connected || isLoading())
        return;
    AccessTokenProvider *tokens =
        m_staticTokens ? m_staticTokens.get() : static_cast<AccessTokenProvider *>(m_session.get());
    if (!tokens)
        return;
    if (m_loader) {
        delete m_loader.data();
        m_loader = nullptr;
    }
    m_client = std::make_unique<ApiClient>(m_network, *tokens);
    m_client->setBaseUrl(m_profile.apiBaseUrl);
    ItemLoader *loader = m_provider->createLoader(*m_client, m_profile, this);
    if (!loader) {
        showError(
            Error(
                Error::Kind::Configuration,
                tr("Loading %1 data is not available in this build.").arg(m_provider->displayName)),
            {});
        return;
    }
    m_loader = loader;
    m_children->setLoader(loader);
    connect(loader, &ItemLoader::itemsReady, this, &MainWindow::onItemsReady);
    connect(loader, &ItemLoader::progressChanged, this, &MainWindow::onProgress);
    connect(loader, &ItemLoader::finished, this, &MainWindow::onLoadFinished);

    const ConnectionSettings cs = loadConnectionSettings();
    LoadRequest request;
    request.objectTypes = cs.objectTypes;
    request.extraProperties = cs.extraProperties;
    request.accountId = m_account.accountId;
    clearPendingItems();
    m_model->clear();
    m_items.clear();
    updateDetails();
    m_banner->dismiss();
    m_loading = true;
    m_progress->setRange(0, 0);
    m_progress->show();
    m_progressLabel->setText(tr("Loading…"));
    m_loadTimer.start();
    updateActions();
    qCInfo(lcWindow) << "load started" << request.objectTypes;
    loader->start(request);
}

void MainWindow::resumeLoad()
{
    if (!m_loader || isLoading() || !m_loader->canResume())
        return;
    m_banner->dismiss();
    m_loading = true;
    m_progress->setRange(0, 0);
    m_progress->show();
    updateActions();
    m_loader->resume();
}

void MainWindow::cancel()
{
    if (m_loader && m_loading) {
        qCInfo(lcWindow) << "load cancelled by the user";
        m_loader->cancel();
    } else if (m_children->loader() && m_children->running() > 0) {
        qCInfo(lcWindow) << "loading children cancelled by the user";
        m_children->loader()->cancel(); // ends with childrenFinished(Cancelled)
    } else if (m_session && m_accountState == AccountState::Connecting) {
        closeLogin();
        m_session->cancelLogin();
    }
}

void MainWindow::onItemsReady(const ItemBatch &batch)
{
    appendItems(batch);
}

void MainWindow::appendItems(const ItemBatch &batch)
{
    if (batch.isEmpty())
        return;
    m_items.put(batch);
    RowBatch rows;
    rows.reserve(batch.size());
    for (const IntegrationItem &item : batch)
        rows.append(ItemRow::fromItem(item, m_model->presentation()));
    appendRows(rows);
}

void MainWindow::appendRows(const RowBatch &rows)
{
    if (rows.isEmpty())
        return;
    const bool first = m_model->itemCount() == 0;
    m_model->addRows(rows); // stored at once; put in the tree in paced slices
    if (first) {
        m_model->insertPending(1000); // the very first rows go in at once
        qCInfo(lcWindow) << "first rows after" << m_loadTimer.elapsed() << "ms";
    }
    if (m_model->pendingRows() > 0 && !m_flushTimer->isActive())
        m_flushTimer->start(50);
}

void MainWindow::flushPendingItems()
{
    m_flushTimer->stop();
    // After every insert the view lays out all its rows again (QTreeView), which
    // costs more the more rows there are: insert for a slice of time per turn,
    // then leave the view its layout and as long again for painting and input
    // (and never repaint more than ~20 times a second: shaping the visible
    // rows' text is not free either).
    QElapsedTimer timer;
    timer.start();
    // The view's relayout sets the longest stall anyway: slices as long as it
    // (25 to 45 ms) mean fewer relayouts for the same rows.
    const bool done = m_model->insertPending(qBound(25, int(m_tree->lastLayoutMs()), 45));
    qCDebug(lcWindow) << "inserted for" << timer.elapsed() << "ms; last layout"
                      << m_tree->lastLayoutMs() << "ms; rows" << m_model->itemCount() << "pending"
                      << m_model->pendingRows();
    if (!done)
        m_flushTimer->start(qBound(50, int(2 * m_tree->lastLayoutMs()) + 5, 300));
    if (done && m_finishedOutcome) {
        const LoadOutcome outcome = *m_finishedOutcome;
        m_finishedOutcome.reset();
        finishLoad(outcome);
    }
}

void MainWindow::flushAllPendingItems()
{
    m_flushTimer->stop();
    m_model->insertPending(std::numeric_limits<int>::max());
}

void MainWindow::updateCount()
{
    const int all = m_model->itemCount();
    if (m_model->appliedFilter().trimmed().isEmpty())
        m_countLabel->setText(all > 0 ? tr("%n item(s)", nullptr, all) : QString());
    else
        m_countLabel->setText(tr("%1 of %n item(s)", nullptr, all)
                                  .arg(QLocale().toString(m_model->visibleItemCount())));
}

void MainWindow::onFilterApplied(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        const ItemTreeView::State state = std::exchange(m_stateBeforeFilter, {});
        expandWithoutFetching([&] { m_tree->restoreState(state); });
        return;
    }
    // Show the matches; expanding this way never loads lazy children.
    expandWithoutFetching([this] {
        if (m_model->view() == ItemTreeModel::byTypeView())
            m_tree->expandToDepth(0);
        else if (m_model->view() == ItemTreeModel::byParentView())
            m_tree->expandAll();
        else
            m_tree->expandToDepth(1);
    });
}

void MainWindow::clearPendingItems()
{
    m_flushTimer->stop();
    m_finishedOutcome.reset();
}

void MainWindow::onProgress(const LoadProgress &progress)
{
    int loaded = 0, total = 0;
    bool totalsKnown = !progress.types.isEmpty();
    for (const TypeProgress &t : progress.types) {
        loaded += t.loaded;
        if (t.total < 0 && !t.done)
            totalsKnown = false;
        total += t.done ? t.loaded : qMax(t.total, t.loaded);
    }
    if (totalsKnown && total > 0) {
        m_progress->setRange(0, total);
        m_progress->setValue(loaded);
    } else {
        m_progress->setRange(0, 0);
    }
    m_progressLabel->setText(typeList(m_provider, progress.types, true));
}

void MainWindow::onLoadFinished(const LoadOutcome &outcome)
{
    if (m_model->pendingRows() > 0) {
        // Report the end once the queued rows are in the tree.
        m_finishedOutcome = outcome;
        if (!m_flushTimer->isActive())
            m_flushTimer->start(0);
        return;
    }
    finishLoad(outcome);
}

void MainWindow::finishLoad(const LoadOutcome &outcome)
{
    m_loading = false;
    m_progress->hide();
    const QString summary = typeList(m_provider, outcome.types, false);
    m_progressLabel->setText(summary);
    const double seconds = m_loadTimer.elapsed() / 1000.0;
    if (outcome.cancelled) {
        statusBar()->showMessage(
            tr("Load cancelled; %n item(s) kept.", nullptr, m_model->itemCount()), 8000);
    } else if (!outcome.complete) {
        Error error = outcome.error;
        if (!error.isError())
            error = Error(Error::Kind::Service, tr("Some objects could not be loaded."));
        showError(error, tr("Loading stopped; the %n item(s) already loaded are kept.", nullptr,
                            m_model->itemCount()));
    } else {
        statusBar()->showMessage(tr("Loaded %n item(s) in %1 s.", nullptr, m_model->itemCount())
                                     .arg(QLocale().toString(seconds, 'f', seconds < 1 ? 2 : 1)),
                                 10000);
    }
    qCInfo(lcWindow) << "load finished complete" << outcome.complete << "cancelled"
                     << outcome.cancelled << "items" << m_model->itemCount() << "in" << seconds
                     << "s";
    updateActions();
    Q_EMIT loadFinished(outcome);
}

// ---------------------------------------------------------------- messages

void MainWindow::showError(const Error &error, const QString &context,
                           const QList<QAction *> &extraActions)
{
    qCWarning(lcWindow) << "error" << Error::kindName(error.kind) << error.detail;
    QString next;
    QList<QAction *> actions = extraActions;
    const bool canResume = m_loader && !m_loading && m_loader->canResume();
    switch (error.kind) {
    case Error::Kind::ReconnectNeeded:
    case Error::Kind::Unauthorized:
        next = tr("Sign in again to continue.");
        actions << m_actions[QStringLiteral("connect")];
        break;
    case Error::Kind::Network:
        next = m_profile.isSandbox ? tr("Check that the sandbox is still running, then try again.")
                                   : tr("Check your internet connection, then try again.");
        break;
    case Error::Kind::Timeout:
        next = tr("The service did not answer in time. Try again in a moment.");
        break;
    case Error::Kind::RateLimited:
        next = tr("The service asks to slow down. Wait a minute, then try again.");
        break;
    case Error::Kind::Service:
        next = tr("%1 has trouble right now. Try again later.")
                   .arg(m_provider ? m_provider->displayName : QString());
        break;
    case Error::Kind::Forbidden:
        next = tr("The app lacks a permission. Add the missing scopes in Settings and reconnect.");
        actions << m_actions[QStringLiteral("settings")];
        break;
    case Error::Kind::AccessDenied:
        next = tr("Access was declined. Press Connect to try again.");
        break;
    case Error::Kind::PortBusy:
        next = tr("Another program uses the sign-in port. Close it or choose another redirect port "
                  "in Settings.");
        actions << m_actions[QStringLiteral("settings")];
        break;
    case Error::Kind::Keychain:
        next = tr("Check that the system keychain is unlocked.");
        break;
    case Error::Kind::Configuration:
        next = tr("Check the settings.");
        actions << m_actions[QStringLiteral("settings")];
        break;
    default:
        break;
    }
    if (extraActions.isEmpty() && canResume && error.kind != Error::Kind::ReconnectNeeded &&
        error.kind != Error::Kind::Unauthorized)
        actions.prepend(m_actions[QStringLiteral("resume")]);
    QStringList parts;
    if (!context.isEmpty())
        parts << context;
    if (!error.message.isEmpty())
        parts << error.message;
    if (!next.isEmpty())
        parts << next;
    m_banner->showMessage(MessageBanner::Kind::Error, parts.join(QLatin1Char(' ')), actions);
}

void MainWindow::showInfo(const QString &text)
{
    m_banner->showMessage(MessageBanner::Kind::Info, text);
}

// ---------------------------------------------------------------- details & items

std::optional<IntegrationItem> MainWindow::currentItem() const
{
    const std::optional<ItemKey> key = m_model->itemKey(m_tree->currentIndex());
    return key ? m_items.item(*key) : std::nullopt;
}

QVector<IntegrationItem> MainWindow::selectedItems() const
{
    QVector<IntegrationItem> items;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(0);
    for (const QModelIndex &index : rows)
        if (const std::optional<ItemKey> key = m_model->itemKey(index))
            if (std::optional<IntegrationItem> item = m_items.item(*key))
                items.append(std::move(*item));
    return items;
}

void MainWindow::selectItem(const QString &type, const QString &id)
{
    const QModelIndex index = m_model->indexOfItem(type, id);
    if (!index.isValid())
        return;
    m_tree->scrollTo(index);
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
}

QString MainWindow::detailsJson() const
{
    return m_json->toPlainText();
}

void MainWindow::updateDetails()
{
    const std::optional<IntegrationItem> item = currentItem();
    m_properties->setRowCount(0);
    updateActions();
    if (!item) {
        m_detailsTitle->setText(tr("Select an item to see its details."));
        m_json->clear();
        return;
    }
    m_detailsTitle->setText(
        QStringLiteral("<b>%1</b> — %2")
            .arg(item->name.toHtmlEscaped(),
                 (m_provider ? m_provider->typeDisplayName(item->type) : item->type)
                     .toHtmlEscaped()));
    QVector<QPair<QString, QString>> rows{
        {tr("ID"), item->id},
        {tr("Type"), item->type},
        {tr("Name"), item->name},
    };
    if (!item->parentId.isEmpty()) {
        QString parentName = item->parentName;
        if (parentName.isEmpty())
            if (const std::optional<ItemRow> parent =
                    m_model->itemRow(ItemKey{item->parentType, item->parentId}))
                parentName = parent->name;
        if (parentName == item->parentId)
            parentName.clear();
        rows.append({tr("Parent"), parentName.isEmpty() ? item->parentId
                                                        : parentName + QStringLiteral(" (") +
                                                              item->parentId + QLatin1Char(')')});
    }
    if (item->created.isValid())
        rows.append(
            {tr("Created"), QLocale().toString(item->created.toLocalTime(), QLocale::LongFormat)});
    if (item->modified.isValid())
        rows.append({tr("Modified"),
                     QLocale().toString(item->modified.toLocalTime(), QLocale::LongFormat)});
    if (item->url.isValid())
        rows.append({tr("Link"), item->url.toString()});
    for (auto it = item->properties.cbegin(); it != item->properties.cend(); ++it) {
        const QString value = it.value().userType() == QMetaType::QStringList
                                  ? it.value().toStringList().join(QStringLiteral(", "))
                                  : it.value().toString();
        const QString label = item->labels.value(it.key());
        rows.append({it.key(), label.isEmpty() || label == value
                                   ? value
                                   : label + QStringLiteral(" (") + value + QLatin1Char(')')});
    }
    for (const QString &problem : item->problems)
        rows.append({tr("Problem"), problem});
    for (auto it = item->associations.cbegin(); it != item->associations.cend(); ++it)
        rows.append({tr("Associated %1").arg(it.key()), it.value().join(QStringLiteral(", "))});
    m_properties->setRowCount(rows.size());
    for (int i = 0; i < rows.size(); ++i) {
        m_properties->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        m_properties->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    m_properties->resizeColumnToContents(0);
    m_json->setPlainText(
        QString::fromUtf8(QJsonDocument(item->toJson()).toJson(QJsonDocument::Indented)));
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    if (!index.isValid())
        return;
    updateActions();
    QMenu menu(this);
    menu.addAction(m_actions[QStringLiteral("openItem")]);
    menu.addAction(m_actions[QStringLiteral("copyId")]);
    menu.addAction(m_actions[QStringLiteral("copyJson")]);
    menu.addSeparator();
    menu.addAction(m_actions[QStringLiteral("exportSelected")]);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void MainWindow::openItemInBrowser(const std::optional<IntegrationItem> &item)
{
    if (!item || !item->url.isValid())
        return;
    qCInfo(lcWindow) << "opening item" << item->type << item->id << "in the browser";
    QDesktopServices::openUrl(item->url);
}

void MainWindow::copyItemId(const std::optional<IntegrationItem> &item)
{
    if (!item)
        return;
    QApplication::clipboard()->setText(item->id);
    statusBar()->showMessage(tr("Copied ID %1.").arg(item->id), 3000);
}

void MainWindow::copyItemJson(const std::optional<IntegrationItem> &item)
{
    if (!item)
        return;
    QApplication::clipboard()->setText(
        QString::fromUtf8(QJsonDocument(item->toJson()).toJson(QJsonDocument::Indented)));
    statusBar()->showMessage(tr("Copied the JSON of %1.").arg(item->name), 3000);
}

void MainWindow::setGroupingByCompany(bool byCompany)
{
    setView(byCompany ? viewOfAction(m_actions[QStringLiteral("groupByCompany")])
                      : ItemTreeModel::byTypeView());
}

QString MainWindow::viewOfAction(const QAction *action) const
{
    if (action == m_actions.value(QStringLiteral("groupByParent")))
        return ItemTreeModel::byParentView();
    if (action == m_actions.value(QStringLiteral("groupByCompany")) &&
        !m_model->presentation().groupings.isEmpty())
        return m_model->presentation().groupings.first().id;
    return ItemTreeModel::byTypeView();
}

void MainWindow::setView(const QString &view)
{
    const ItemTreeView::State state = m_tree->saveState();
    m_model->setView(view);
    expandWithoutFetching([&] { m_tree->restoreState(state); });
    for (QAction *a : m_groupingGroup->actions())
        a->setChecked(viewOfAction(a) == m_model->view());
    if (m_provider) {
        // Settings keep the older names: "type", "company" (the first grouping), "parent".
        const QString current = m_model->view();
        const QString name = current == ItemTreeModel::byTypeView()     ? QStringLiteral("type")
                             : current == ItemTreeModel::byParentView() ? QStringLiteral("parent")
                                                                        : QStringLiteral("company");
        AppSettings settings;
        settings.raw().setValue(QStringLiteral("ui/view/") + m_provider->id, name);
    }
    updateDetails();
}

QString MainWindow::savedView(const ProviderSpec *provider) const
{
    const ItemPresentation &presentation = m_model->presentation();
    AppSettings settings;
    QString saved = settings.raw().value(QStringLiteral("ui/view/") + provider->id).toString();
    if (saved.isEmpty() && !presentation.groupings.isEmpty())
        saved = settings.raw().value(QStringLiteral("ui/grouping")).toString(); // before 3 views
    if (saved == QLatin1String("type"))
        return ItemTreeModel::byTypeView();
    if (saved == QLatin1String("company") && !presentation.groupings.isEmpty())
        return presentation.groupings.first().id;
    if (saved == QLatin1String("parent") && presentation.hierarchy)
        return ItemTreeModel::byParentView();
    // Defaults: a provider with its own hierarchy opens in it, the others by type.
    return presentation.hierarchy ? ItemTreeModel::byParentView() : ItemTreeModel::byTypeView();
}

void MainWindow::expandWithoutFetching(const std::function<void()> &expand)
{
    const bool was = m_expandingWithoutFetch;
    m_expandingWithoutFetch = true;
    expand();
    // QTreeView marks rows expanded whether or not they show children (the
    // filter hides stub rows): keep lazy containers that were never loaded
    // collapsed, so the user's first expand is what loads them.
    for (const ItemKey &key : m_model->unloadedContainers()) {
        const QModelIndex index = m_model->indexOfItem(key);
        if (index.isValid() && m_tree->isExpanded(index))
            m_tree->collapse(index);
    }
    m_expandingWithoutFetch = was;
}

void MainWindow::onTreeExpanded(const QModelIndex &index)
{
    if (m_expandingWithoutFetch)
        return; // expand-all and the filter never load lazy children
    // Only a first expansion loads (NotLoaded); a failed fetch is retried with
    // Retry or a double-click on its row, not by collapsing and expanding.
    const std::optional<ItemKey> key = m_model->itemKey(index);
    if (key && m_model->childrenState(*key) == ItemTreeModel::ChildrenState::NotLoaded)
        m_children->fetch(*key);
}

void MainWindow::onChildrenFetchFinished(const QString &parentType, const QString &parentId,
                                         const Error &error)
{
    flushAllPendingItems(); // the children that arrived, in the tree
    updateActions();
    const std::optional<IntegrationItem> parent = m_items.item({parentType, parentId});
    const QString name = parent ? parent->name : parentId;
    int children = 0;
    const QModelIndex index = m_model->indexOfItem(parentType, parentId);
    for (int row = 0; row < m_model->rowCount(index); ++row)
        if (m_model->itemKey(m_model->index(row, 0, index)))
            ++children;
    if (!error.isError()) {
        statusBar()->showMessage(tr("Loaded the contents of \u201c%1\u201d.").arg(name), 8000);
        return;
    }
    if (error.kind == Error::Kind::Cancelled) {
        statusBar()->showMessage(tr("Loading \u201c%1\u201d was cancelled.").arg(name), 5000);
        return;
    }
    m_failedChildrenType = parentType;
    m_failedChildrenId = parentId;
    showError(error,
              tr("The contents of \u201c%1\u201d could not all be loaded; the %n item(s) already "
                 "loaded are kept.",
                 nullptr, children)
                  .arg(name),
              {m_actions[QStringLiteral("retryChildren")]});
}

void MainWindow::retryChildren()
{
    m_banner->dismiss();
    m_children->fetch({m_failedChildrenType, m_failedChildrenId});
}

void MainWindow::exportItems(bool selectedOnly)
{
    const int count = selectedOnly ? int(selectedItems().size()) : m_items.size();
    if (count == 0)
        return;
    QString selectedFilter;
    const QString csvFilter = tr("CSV files (*.csv)");
    const QString jsonFilter = tr("JSON files (*.json)");
    QString path = QFileDialog::getSaveFileName(
        this, selectedOnly ? tr("Export Selected Items") : tr("Export All Items"),
        QStringLiteral("items.csv"), csvFilter + QStringLiteral(";;") + jsonFilter,
        &selectedFilter);
    if (path.isEmpty())
        return;
    if (selectedFilter == jsonFilter &&
        !path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) &&
        !path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        path += QStringLiteral(".json");
    QString error;
    if (!exportToFile(path, selectedOnly, &error)) {
        showError(Error(Error::Kind::Configuration, error), tr("Export failed."));
        return;
    }
    statusBar()->showMessage(tr("Exported %n item(s) to %1.", nullptr, count).arg(path), 8000);
}

bool MainWindow::exportToFile(const QString &path, bool selectedOnly, QString *errorMessage)
{
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    ItemBatch batch;
    if (selectedOnly) {
        batch = selectedItems();
    } else {
        const QVector<ItemKey> keys = m_items.keys();
        batch.reserve(keys.size());
        for (const ItemKey &key : keys)
            if (std::optional<IntegrationItem> item = m_items.item(key))
                batch.append(std::move(*item));
    }
    ItemWriter::resolveParentNames(batch);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (errorMessage)
            *errorMessage = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    ItemWriter writer(file, json ? ItemWriter::Format::Json : ItemWriter::Format::Csv);
    writer.write(batch);
    if (!writer.finish() || !file.commit()) {
        if (errorMessage)
            *errorMessage = tr("Cannot write %1: %2")
                                .arg(path, writer.errorString().isEmpty() ? file.errorString()
                                                                          : writer.errorString());
        return false;
    }
    qCInfo(lcWindow) << "exported" << batch.size() << "items";
    return true;
}

void MainWindow::showSettings()
{
    if (!m_provider)
        return;
    SettingsDialog dialog(*m_provider, loadConnectionSettings(), this);
    bool tokenRequested = false;
    connect(&dialog, &SettingsDialog::accessTokenRequested, this,
            [&tokenRequested] { tokenRequested = true; });
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyConnectionSettings(dialog.settings());
    if (tokenRequested)
        m_actions[QStringLiteral("connectToken")]->trigger();
}

void MainWindow::applyConnectionSettings(const ConnectionSettings &after)
{
    if (!m_provider)
        return;
    const ConnectionSettings before = loadConnectionSettings();
    saveConnectionSettings(after);
    const bool sessionAffected =
        after.clientId != before.clientId || !after.clientSecret.isEmpty() || after.clearSecret ||
        after.redirectPort != before.redirectPort || after.scopes != before.scopes ||
        after.useSandbox != before.useSandbox || after.sandboxUrl != before.sandboxUrl;
    if (!sessionAffected)
        return;
    if (m_accountState == AccountState::Connected)
        statusBar()->showMessage(tr("New settings apply after you disconnect and connect again."),
                                 8000);
    else if (m_options.sandboxUrl.isEmpty())
        rebuildSession(true);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Integrations Desk"),
        tr("<h3>Integrations Desk %1</h3>"
           "<p>Browse HubSpot, Airtable and Notion accounts in a native desktop app.</p>"
           "<p>Qt %2 (built with Qt %3)</p>")
            .arg(QStringLiteral(DESK_VERSION), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR)));
}

} // namespace desk
