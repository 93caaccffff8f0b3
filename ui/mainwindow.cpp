// MainWindow: actions, menus, the integration selector, the banner and the wiring.
#include "mainwindow.h"

#include "childrenfetcher.h"
#include "detailspane.h"
#include "displayformat.h"
#include "exportcontroller.h"
#include "integrationlist.h"
#include "itemtreemodel.h"
#include "messagebanner.h"
#include "problemdelegate.h"
#include "thememanager.h"
#include "treecontroller.h"
#include "windowactions.h"
#include "windowstate.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcWindow, "desk.ui.window")

namespace desk {

using What = ErrorSituation::What;

MainWindow::MainWindow(CredentialStore &credentials, ThemeManager &theme,
                       const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_credentials(credentials)
    , m_theme(theme)
    , m_options(options)
    , m_state(std::make_unique<WindowState>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/app/integrations-desk.svg")));
    m_integrations = new IntegrationList(credentials, {options.sandboxUrl, options.redirectPort},
                                         options.restoreSession, this);
    m_model = new ItemTreeModel(this);
    m_model->setDeferInserts(true);
    m_children = new ChildrenFetcher(*m_model, nullptr, this);
    connect(m_model, &ItemTreeModel::countsChanged, this, &MainWindow::updateCount);

    m_actions = new WindowActions(*this);
    connectIntegrations();
    createCentralWidgets();
    m_actions->buildMenus(*this);
    m_actions->buildToolBar(*this);
    connectActions();
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("itemCount"));
    statusBar()->addPermanentWidget(m_countLabel);
    m_export = new ExportController(*statusBar(), *m_state, this);
    connect(m_export, &ExportController::finished, this, [this](const Error &error) {
        if (error.isError() && error.kind != Error::Kind::Cancelled)
            showError(error, situation(What::Export));
        updateActions();
    });
    auto applyTheme = [this] {
        setStyleSheet(m_theme.styleSheet());
        m_actions->applyIcons(m_theme);
    };
    connect(&m_theme, &ThemeManager::themeChanged, this, applyTheme);
    applyTheme();
    m_state->restoreWindow(*this, *m_splitter, *m_details->splitter());

    m_header->listProviders(m_state->lastProvider());
    connect(m_header, &AccountHeader::providerChosen, this,
            [this](const QString &id) { switchTo(ProviderRegistry::find(id)); });
    if (!m_header->currentProvider().isEmpty())
        switchTo(ProviderRegistry::find(m_header->currentProvider()));
    else
        showError(
            Error(Error::Kind::Configuration, tr("No integration is available in this build.")),
            situation(What::Other));
    updateActions();
}

MainWindow::~MainWindow()
{
    m_export->cancel();
    m_export->runner().wait();
    delete m_signIn; // the login dialog, before the connections
    delete m_integrations;
}

// ---------------------------------------------------------------- building

void MainWindow::connectActions()
{
    auto on = [this](const char *name, auto slot) {
        connect(m_actions->get(name), &QAction::triggered, this, slot);
    };
    on("connect", [this] { connectAccount(); });
    on("connectToken", [this] {
        AccessTokenDialog dialog(m_provider ? m_provider->displayName : QString(), this);
        if (dialog.exec() == QDialog::Accepted)
            connectWithAccessToken(dialog.token());
    });
    on("load", [this] { loadItems(); });
    on("refresh", [this] { loadItems(true); });
    on("resume", [this] { resumeLoad(); });
    on("cancel", [this] { cancel(); });
    on("disconnect", [this] { disconnectAccount(); });
    on("settings", [this] { showSettings(); });
    on("exportAll", [this] { exportItems(false); });
    on("exportSelected", [this] { exportItems(true); });
    on("quit", [this] { close(); });
    on("filter", [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    on("openItem", [this] { openItemInBrowser(currentItem()); });
    on("copyId", [this] {
        if (const auto item = currentItem())
            copyText(item->id, tr("Copied ID %1.").arg(item->id));
    });
    on("copyJson", [this] {
        if (const auto item = currentItem())
            copyText(DetailsPane::itemJson(*item), tr("Copied the JSON of %1.").arg(item->name));
    });
    on("copyLink", [this] {
        copyText(m_failedLink.toString(), tr("Copied the link."));
        m_banner->dismiss();
    });
    on("about", [this] { WindowActions::showAbout(*this); });
    on("retryChildren", [this] {
        m_banner->dismiss();
        m_children->fetch(m_failedChildren);
    });
    on("expandAll", [this] { m_treeControl->expandAll(); });
    on("collapseAll", [this] { m_tree->collapseAll(); });
    for (QAction *a : m_actions->themes()->actions())
        connect(a, &QAction::triggered, this, [this, a] {
            m_theme.setMode(ThemeManager::Mode(a->data().toInt()));
            m_theme.saveMode();
        });
    for (QAction *a : m_actions->views()->actions())
        connect(a, &QAction::triggered, this,
                [this, a] { setView(WindowActions::viewOf(*a, m_model->presentation())); });
}

void MainWindow::createCentralWidgets()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    m_header = new AccountHeader(central);
    layout->addWidget(m_header);
    m_banner = new MessageBanner(central);
    m_banner->setIconProvider([this](const QString &name) { return m_theme.icon(name); });
    layout->addWidget(m_banner);
    m_signIn = new SignInFlow(
        *this, *m_banner, m_theme, m_options.embeddedBrowser,
        {m_actions->get("settings"), m_actions->get("connectToken"), m_actions->get("cancel")});

    auto *row = new QHBoxLayout;
    m_filter = new FilterEdit(central);
    m_filter->setMaximumWidth(320);
    m_progress = new LoadProgressRow(*m_actions->get("cancel"), central);
    row->addWidget(m_filter, 1);
    row->addSpacing(12);
    row->addWidget(m_progress, 2);
    layout->addLayout(row);

    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_tree = new ItemTreeView(m_splitter);
    m_details = new DetailsPane(m_splitter);
    connect(m_details, &DetailsPane::copyJsonRequested, m_actions->get("copyJson"),
            &QAction::trigger);
    connectTree();
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    // Room for every column of the tree beside the details pane, within the screen.
    const QRect screen = this->screen() ? this->screen()->availableGeometry() : QRect();
    resize(screen.isEmpty()
               ? QSize(1440, 880)
               : QSize(qMin(1440, screen.width() * 9 / 10), qMin(880, screen.height() * 9 / 10)));
    setTabOrder(m_header->selector(), m_filter);
    setTabOrder(m_filter, m_tree);
    setTabOrder(m_tree, m_details->propertiesTable());
}

void MainWindow::connectTree()
{
    m_treeControl = new TreeController(*m_tree, *m_model, *m_children, *m_state, this);
    m_tree->setItemDelegateForColumn(ItemTreeModel::NameColumn,
                                     new ProblemDelegate(*m_model, m_theme, m_tree));
    connect(m_treeControl, &TreeController::allRowsInserted, this, [this] {
        if (m_finishedOutcome)
            finishLoad(*std::exchange(m_finishedOutcome, std::nullopt));
    });
    connect(m_filter, &QLineEdit::textChanged, m_treeControl, &TreeController::setFilterText);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeContextMenu);
    connect(m_treeControl, &TreeController::itemActivated, this,
            [this](const ItemKey &key) { openItemInBrowser(resolvedItem(key)); });
    connect(m_children, &ChildrenFetcher::started, this,
            [this](const QString &type, const QString &id) {
                const std::optional<ItemRow> row = m_model->itemRow(ItemKey{type, id});
                statusBar()->showMessage(
                    tr("Loading the contents of \u201c%1\u201d\u2026").arg(row ? row->name : id));
                updateActions();
            });
    connect(m_children, &ChildrenFetcher::finished, this, &MainWindow::onChildrenFetchFinished);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateDetails);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_state->saveWindow(*this, *m_splitter, *m_details->splitter());
    if (m_provider)
        m_treeControl->saveHeader(m_provider->id);
    m_export->cancel();
    for (IntegrationState *integration : m_integrations->all())
        integration->cancel();
    m_treeControl->stopPending();
    m_integrations->stopReplay();
    QMainWindow::closeEvent(event);
}

void MainWindow::connectIntegrations()
{
    IntegrationList *list = m_integrations;
    connect(list, &IntegrationList::stateChanged, this, &MainWindow::onConnectionState);
    connect(list, &IntegrationList::connected, this, &MainWindow::onConnected);
    connect(list, &IntegrationList::failed, this, [this](const Error &error, bool token) {
        closeLogin();
        if (error.kind != Error::Kind::Cancelled)
            return showError(error, situation(token ? What::AccessToken : What::SignIn));
        statusBar()->showMessage(tr("Sign-in cancelled."), 5000);
        m_banner->dismiss();
    });
    connect(list, &IntegrationList::warning, this, [this](const QString &text) {
        m_banner->showMessage(MessageBanner::Kind::Warning, text);
    });
    connect(list, &IntegrationList::rowsArrived, this, &MainWindow::appendRows);
    connect(list, &IntegrationList::rowsGone, this,
            [this](const QVector<ItemKey> &keys) { m_model->removeRows(keys); });
    connect(list, &IntegrationList::progressChanged, this,
            [this](const LoadProgress &progress) { m_progress->showProgress(progress); });
    connect(list, &IntegrationList::loadFinished, this, &MainWindow::onLoadFinished);
}

QAction *MainWindow::action(const QString &name) const
{
    return (*m_actions)[name];
}

// ---------------------------------------------------------------- integrations

void MainWindow::switchTo(const ProviderSpec *provider)
{
    if (!provider || provider == m_provider)
        return;
    if (m_provider)
        m_treeControl->saveHeader(m_provider->id);
    m_treeControl->stopPending();
    m_integrations->stopReplay();
    m_finishedOutcome.reset();
    closeLogin();
    m_banner->dismiss();
    m_filter->clear();
    m_provider = provider;
    m_state->setLastProvider(provider->id);
    const ItemPresentation &presentation = provider->presentation();
    m_model->setPresentation(presentation); // clears the rows
    m_details->setPresentation(presentation);
    m_progress->setPresentation(&presentation);
    m_actions->showViews(presentation);
    m_treeControl->showIntegration(provider->id, m_state->view(provider->id, presentation));
    m_actions->checkView(m_model->view(), presentation);
    m_current = &m_integrations->select(*provider); // replays its items as rows
    m_children->setSource(&m_current->items());
    m_children->setConnection(&m_current->core());
    m_progress->reset();
    if (m_current->isLoading() && m_current->lastProgress())
        m_progress->showProgress(*m_current->lastProgress());
    else if (!m_current->summary().isEmpty())
        m_progress->showSummary(m_current->summary());
    qCInfo(lcWindow) << "integration" << provider->id;
    updateCount();
    onConnectionState();
}

void MainWindow::onConnectionState()
{
    IntegrationState *integration = m_current;
    m_header->showConnection(integration->connection());
    updateTitle();
    updateActions();
    Q_EMIT accountStateChanged(integration->connection().state());
}

void MainWindow::onConnected()
{
    IntegrationState *integration = m_current;
    closeLogin();
    if (integration->canResume()) {
        // Signed in again after the load stopped: the way on is Resume.
        m_banner->showMessage(MessageBanner::Kind::Info,
                              tr("Signed in again. Resume the load where it stopped."),
                              {m_actions->get("resume")});
        return;
    }
    m_banner->dismiss();
    if (m_model->itemCount() == 0)
        statusBar()->showMessage(
            tr("Connected. Press Load (Ctrl+L) to fetch the account's objects."), 8000);
}

void MainWindow::updateTitle()
{
    // "Document — App": the platform adds the application's name.
    setWindowTitle(!m_provider    ? QString()
                   : isDemoMode() ? tr("%1 (demo data)").arg(m_provider->displayName)
                                  : m_provider->displayName);
}

MainWindow::AccountState MainWindow::accountState() const
{
    return m_current ? m_current->connection().state() : AccountState::NotConnected;
}

const ItemSource &MainWindow::itemSource() const
{
    static const MemoryItemSource none;
    return m_current ? static_cast<const ItemSource &>(m_current->items()) : none;
}

void MainWindow::updateActions()
{
    if (m_current)
        m_tree->setPlaceholderText(m_current->placeholderText(m_model->itemCount() > 0));
    const AccountState state = accountState();
    const bool connected = state == AccountState::Connected;
    const bool busy = state == AccountState::Connecting || state == AccountState::Restoring;
    const bool loading = isLoading();
    m_actions->enable("connect", m_current && !busy && !connected);
    m_actions->get("connect")->setText(state == AccountState::ReconnectNeeded ? tr("Re&connect")
                                                                              : tr("&Connect"));
    m_actions->enable("connectToken", m_current && !busy && !connected);
    m_actions->enable("load", connected && !loading);
    m_actions->enable("refresh", connected && !loading);
    m_actions->enable("resume", connected && m_current->canResume());
    m_actions->enable("cancel",
                      loading || state == AccountState::Connecting || m_children->running() > 0);
    m_actions->enable("disconnect", connected || state == AccountState::ReconnectNeeded);
    const bool haveItems = m_model->itemCount() > 0 && !m_export->isRunning();
    m_actions->enable("exportAll", haveItems);
    m_actions->enable("exportSelected", haveItems && m_tree->selectionModel()->hasSelection());
    const bool item = m_details->item().has_value();
    m_actions->enable("copyId", item);
    m_actions->enable("copyJson", item);
    const QString web = m_model->presentation().webAppName;
    m_actions->get("openItem")
        ->setText(web.isEmpty() ? tr("&Open in Browser") : tr("&Open in %1").arg(web));
    m_actions->enable("openItem", item && m_details->item()->url.isValid());
}

// ---------------------------------------------------------------- sign-in

void MainWindow::connectAccount()
{
    if (m_current)
        m_signIn->start(m_current->connection());
}

void MainWindow::connectWithAccessToken(const QByteArray &token)
{
    if (m_current)
        m_current->connection().connectWithAccessToken(token);
}

void MainWindow::disconnectAccount()
{
    if (m_current)
        m_signIn->askDisconnect(m_provider->displayName, m_model->itemCount(),
                                [this](bool forget) { disconnectAccountWithoutAsking(forget); });
}

void MainWindow::disconnectAccountWithoutAsking(bool forget)
{
    if (!m_current)
        return;
    closeLogin();
    m_current->stop();
    m_children->setConnection(nullptr);
    m_current->connection().disconnectAccount(forget ? LocalData::Forget : LocalData::Keep);
    m_banner->dismiss();
    if (forget)
        forgetLocalData();
    statusBar()->showMessage(
        forget ? tr("Disconnected; the account's local data was forgotten.")
               : tr("Disconnected; the items stay on this computer until you forget them."),
        5000);
    updateActions();
}

void MainWindow::forgetLocalData()
{
    m_treeControl->stopPending();
    m_integrations->stopReplay();
    m_finishedOutcome.reset();
    m_model->clear();
    if (const Error error = m_current->forgetItems(); error.isError())
        showError(error, situation(What::Storage));
    m_progress->reset();
    updateDetails();
}

// ---------------------------------------------------------------- loading

void MainWindow::loadItems(bool incremental)
{
    if (!m_current || accountState() != AccountState::Connected || isLoading())
        return;
    if (!m_current->start(incremental))
        return showError(
            Error(
                Error::Kind::Configuration,
                tr("Loading %1 data is not available in this build.").arg(m_provider->displayName)),
            situation(What::Load));
    m_children->setConnection(&m_current->core());
    m_banner->dismiss();
    statusBar()->clearMessage(); // "Connected. Press Load" no longer applies
    m_progress->started(incremental ? tr("Refreshing…") : tr("Loading…"));
    updateActions();
}

void MainWindow::resumeLoad()
{
    if (!m_current || accountState() != AccountState::Connected || !m_current->resume())
        return;
    m_banner->dismiss();
    statusBar()->clearMessage();
    m_progress->started(tr("Resuming…"));
    updateActions();
}

void MainWindow::cancel()
{
    if (isLoading())
        m_current->cancel();
    else if (m_children->connection() && m_children->running() > 0)
        m_children->connection()->cancel(); // ends with childrenFinished(Cancelled)
    else if (m_current && accountState() == AccountState::Connecting) {
        closeLogin();
        m_current->connection().cancelLogin();
    }
}

void MainWindow::appendItems(const ItemBatch &batch)
{
    if (m_current)
        m_current->addItems(batch);
}

void MainWindow::appendRows(const RowBatch &rows)
{
    m_treeControl->appendRows(rows);
}
void MainWindow::flushPendingItems()
{
    m_treeControl->flushPending();
}
void MainWindow::flushAllPendingItems()
{
    m_treeControl->flushAllPending();
}

void MainWindow::onLoadFinished(const LoadOutcome &outcome)
{
    if (m_model->pendingRows() > 0) {
        m_finishedOutcome = outcome; // reported once the queued rows are in the tree
        return m_treeControl->flushPending();
    }
    finishLoad(outcome);
}

void MainWindow::finishLoad(const LoadOutcome &outcome)
{
    m_progress->showSummary(outcome.types);
    const QString kept = DisplayFormat::items(m_model->itemCount());
    if (outcome.cancelled) {
        statusBar()->showMessage(tr("Load cancelled; %1 kept.").arg(kept), 8000);
    } else if (!outcome.complete) {
        const Error error =
            outcome.error.isError()
                ? outcome.error
                : Error(Error::Kind::Service, tr("Some objects could not be loaded."));
        showError(error, situation(What::Load, m_model->itemCount()));
    } else {
        statusBar()->showMessage(m_current->finishedText(m_model->itemCount()), 10000);
    }
    updateActions();
    Q_EMIT loadFinished(outcome);
}

// ---------------------------------------------------------------- messages

ErrorSituation MainWindow::situation(What what, qint64 itemsKept, const QString &subject) const
{
    ErrorSituation s;
    s.what = what;
    s.serviceName = m_provider ? m_provider->displayName : QString();
    s.sandbox = isDemoMode();
    s.itemsKept = itemsKept;
    s.subject = subject;
    s.canResume = what == What::Load && m_current && m_current->canResume();
    return s;
}

void MainWindow::showError(const Error &error, const ErrorSituation &situation)
{
    qCWarning(lcWindow) << "error" << Error::kindName(error.kind) << error.detail;
    const ErrorAdvice advice = ErrorPresenter::present(error, situation);
    QList<QAction *> actions;
    for (const QString &name : advice.actions)
        if (QAction *a = action(name))
            actions.append(a);
    m_banner->showMessage(MessageBanner::Kind::Error, advice.text, actions);
}

// ---------------------------------------------------------------- details, items, views

// The same parent name in the details pane, Copy JSON and both exports.
std::optional<IntegrationItem> MainWindow::resolvedItem(const ItemKey &key) const
{
    std::optional<IntegrationItem> item = m_current ? m_current->items().item(key) : std::nullopt;
    if (item && item->parentName.isEmpty() && !item->parentId.isEmpty())
        if (const auto parent = m_model->itemRow(ItemKey{item->parentType, item->parentId}))
            item->parentName = parent->name;
    return item;
}

std::optional<IntegrationItem> MainWindow::currentItem() const
{
    const std::optional<ItemKey> key = m_treeControl->currentKey();
    return key ? resolvedItem(*key) : std::nullopt;
}

void MainWindow::selectItem(const QString &type, const QString &id)
{
    m_treeControl->select(ItemKey{type, id});
}

QString MainWindow::detailsJson() const
{
    return m_details->json();
}

void MainWindow::updateDetails()
{
    m_details->showItem(currentItem());
    updateActions();
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    if (!m_tree->indexAt(pos).isValid())
        return;
    updateActions();
    QMenu menu(this);
    menu.addActions(
        {m_actions->get("openItem"), m_actions->get("copyId"), m_actions->get("copyJson")});
    menu.addSeparator();
    menu.addAction(m_actions->get("exportSelected"));
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void MainWindow::openItemInBrowser(const std::optional<IntegrationItem> &item)
{
    if (!item || !item->url.isValid() || QDesktopServices::openUrl(item->url))
        return;
    m_failedLink = item->url; // no browser: say so, and offer the link
    showError(Error(), situation(What::OpenLink, -1, item->url.toString()));
}

void MainWindow::copyText(const QString &text, const QString &message)
{
    QApplication::clipboard()->setText(text);
    statusBar()->showMessage(message, 3000);
}

void MainWindow::updateCount()
{
    const int all = m_model->itemCount();
    if (m_model->appliedFilter().trimmed().isEmpty())
        m_countLabel->setText(all > 0 ? DisplayFormat::items(all) : QString());
    else
        m_countLabel->setText(DisplayFormat::itemsOf(m_model->visibleItemCount(), all));
}

void MainWindow::setView(const QString &view)
{
    m_treeControl->setView(view);
    m_actions->checkView(m_model->view(), m_model->presentation());
    if (m_provider)
        m_state->setView(m_provider->id, m_model->view(), m_model->presentation());
    updateDetails();
}

void MainWindow::onChildrenFetchFinished(const QString &parentType, const QString &parentId,
                                         const Error &error)
{
    flushAllPendingItems(); // the children that arrived, in the tree
    updateActions();
    const std::optional<ItemRow> parent = m_model->itemRow(ItemKey{parentType, parentId});
    const QString name = parent ? parent->name : parentId;
    if (!error.isError())
        return statusBar()->showMessage(tr("Loaded the contents of \u201c%1\u201d.").arg(name),
                                        8000);
    if (error.kind == Error::Kind::Cancelled)
        return statusBar()->showMessage(tr("Loading \u201c%1\u201d was cancelled.").arg(name),
                                        5000);
    m_failedChildren = {parentType, parentId};
    showError(error, situation(What::Children, m_treeControl->childItems(m_failedChildren), name));
}

// ---------------------------------------------------------------- export, settings, about

void MainWindow::exportItems(bool selectedOnly)
{
    if (!m_current || m_export->isRunning())
        return;
    const QString path = m_export->askPath(
        this, ExportController::suggestedName(m_provider->displayName, QDate::currentDate()),
        selectedOnly);
    if (!path.isEmpty())
        exportToFile(path, selectedOnly);
}

bool MainWindow::exportToFile(const QString &path, bool selectedOnly, QString *errorMessage)
{
    if (!m_current || m_export->isRunning())
        return false;
    const auto keys =
        selectedOnly ? std::make_optional(m_treeControl->selectedKeys()) : std::nullopt;
    if (errorMessage) { // and wait for the end (tests)
        *errorMessage = m_export->runToEnd(path, m_current->items(), keys, *m_model);
        return errorMessage->isEmpty();
    }
    const bool started = m_export->start(path, m_current->items(), keys, *m_model);
    updateActions(); // in the background, with progress and Cancel
    return started;
}

ConnectionSettings MainWindow::connectionSettings() const
{
    return m_current ? m_current->connection().settings() : ConnectionSettings();
}

void MainWindow::showSettings()
{
    if (!m_provider)
        return;
    SettingsDialog dialog(*m_provider, connectionSettings(), this);
    bool tokenRequested = false;
    connect(&dialog, &SettingsDialog::accessTokenRequested, this,
            [&tokenRequested] { tokenRequested = true; });
    connect(&dialog, &SettingsDialog::forgetLocalDataRequested, this, &MainWindow::forgetLocalData);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyConnectionSettings(dialog.settings());
    if (tokenRequested)
        m_actions->get("connectToken")->trigger();
}

void MainWindow::applyConnectionSettings(const ConnectionSettings &after)
{
    if (!m_current || !m_current->connection().applySettings(after))
        return;
    if (accountState() == AccountState::Connected)
        statusBar()->showMessage(tr("New settings apply after you disconnect and connect again."),
                                 8000);
    else
        m_current->connection().rebuild(true);
}

} // namespace desk
