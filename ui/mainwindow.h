#pragma once

// MainWindow: actions, menus, the integration selector, the banner and the
// wiring between the pieces — each integration's state (connection, items,
// load), the tree and its controller, the details pane, the progress row,
// exports and the error presenter.

#include "accountheader.h"
#include "common/error.h"
#include "errorpresenter.h"
#include "filteredit.h"
#include "integrationstate.h"
#include "itemtreeview.h"
#include "loadprogressrow.h"
#include "providers/itemloader.h"
#include "providers/providerspec.h"
#include "settingsdialog.h"
#include "signinflow.h"
#include "windowconnection.h"

#include <QHash>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTimer;
class QTreeView;

namespace desk {

class AccountHeader;
class ChildrenFetcher;
class CredentialStore;
class DetailsPane;
class ExportController;
class FilterEdit;
class IntegrationList;
class IntegrationState;
class ItemSource;
class ItemTreeModel;
class ItemTreeView;
class LoadProgressRow;
class LoginDialog;
class SignInFlow;
class MessageBanner;
class ThemeManager;
class TreeController;
class WindowActions;
class WindowState;
struct IntegrationItem;

struct MainWindowOptions
{
    QUrl sandboxUrl;             // non-empty: demo mode against this sandbox
    quint16 redirectPort = 0;    // non-zero: overrides the configured redirect port
    bool restoreSession = true;  // look for saved credentials at start
    bool embeddedBrowser = true; // false: always use the system browser
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using AccountState = WindowConnection::State; // the connection's one state enum

    MainWindow(CredentialStore &credentials, ThemeManager &theme,
               const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and the screenshot mode.
    ItemTreeModel *itemModel() const { return m_model; }
    ChildrenFetcher *childrenFetcher() const { return m_children; }
    const ItemSource &itemSource() const;
    QTreeView *treeView() const { return m_tree; }
    LoginDialog *loginDialog() const { return m_signIn->dialog(); }
    MessageBanner *messageBanner() const { return m_banner; }
    QLineEdit *filterEdit() const { return m_filter; }
    DetailsPane *detailsPane() const { return m_details; }
    ExportController *exporter() const { return m_export; }
    QAction *action(const QString &name) const;
    AccountState accountState() const;
    QString accountText() const { return m_header->accountText(); }
    QString storeAgeText() const { return m_header->ageText(); } // "as of 10:42, 3 hours ago"
    QString progressText() const { return m_progress->text(); }
    QString countText() const { return m_countLabel->text(); }
    bool isLoading() const { return m_current && m_current->isLoading(); }
    bool isDemoMode() const { return m_current && m_current->connection().isSandbox(); }
    const ProviderSpec *currentProvider() const { return m_provider; }
    ProviderProfile currentProfile() const
    {
        return m_current ? m_current->connection().profile() : ProviderProfile();
    }
    void selectItem(const QString &type, const QString &id);
    void selectProvider(const QString &id) { m_header->setCurrentProvider(id); }
    // Writes all (or the selected) items as CSV or JSON (by the file's suffix).
    // With errorMessage it waits for the end (tests); the menu's Export runs
    // in the background with progress and Cancel.
    bool exportToFile(const QString &path, bool selectedOnly, QString *errorMessage = nullptr);
    QString detailsJson() const;

    // Adds items to the current integration as if loaded (kept for details
    // and export, shown as rows).
    void appendItems(const ItemBatch &batch);
    void appendRows(const RowBatch &rows); // rows as the item store reports them, paced
    void flushPendingItems();              // one slice
    void flushAllPendingItems();           // everything now

public Q_SLOTS:
    void connectAccount();
    void connectWithAccessToken(const QByteArray &token);
    void loadItems(bool incremental = false); // incremental: Refresh
    void resumeLoad();
    void cancel();
    // Asks whether to forget the account's local data (a window-modal question).
    void disconnectAccount();
    void disconnectAccountWithoutAsking(bool forgetLocalData);
    void showSettings();
    void applyConnectionSettings(const ConnectionSettings &settings);
    ConnectionSettings connectionSettings() const;
    void exportItems(bool selectedOnly);
    // Switches the tree's view (By type, a grouping, By parent), keeping
    // expanded and selected rows, and remembers it for the integration.
    void setView(const QString &view);

Q_SIGNALS:
    void accountStateChanged(desk::MainWindow::AccountState state);
    void loadFinished(const desk::LoadOutcome &outcome);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void connectActions();
    void createCentralWidgets();
    void connectTree();

    void connectIntegrations();
    void switchTo(const ProviderSpec *provider);
    void onConnectionState();
    void onConnected();
    void updateTitle();
    void updateActions();
    void closeLogin() { m_signIn->closeLogin(); }

    void onLoadFinished(const LoadOutcome &outcome);
    void finishLoad(const LoadOutcome &outcome);
    void forgetLocalData();

    void showError(const Error &error, const ErrorSituation &situation);
    ErrorSituation situation(ErrorSituation::What what, qint64 itemsKept = -1,
                             const QString &subject = {}) const;

    void updateDetails();
    std::optional<IntegrationItem> currentItem() const;
    std::optional<IntegrationItem> resolvedItem(const ItemKey &key) const;
    void showTreeContextMenu(const QPoint &pos);
    void openItemInBrowser(const std::optional<IntegrationItem> &item);
    void copyText(const QString &text, const QString &message);
    void updateCount();
    void onChildrenFetchFinished(const QString &parentType, const QString &parentId,
                                 const Error &error);

    CredentialStore &m_credentials;
    ThemeManager &m_theme;
    MainWindowOptions m_options;
    std::unique_ptr<WindowState> m_state;
    WindowActions *m_actions = nullptr;

    const ProviderSpec *m_provider = nullptr;
    IntegrationList *m_integrations = nullptr;
    IntegrationState *m_current = nullptr;
    std::optional<LoadOutcome> m_finishedOutcome; // ended while rows were still queued
    SignInFlow *m_signIn = nullptr;

    ItemTreeModel *m_model = nullptr;
    ChildrenFetcher *m_children = nullptr;
    ItemTreeView *m_tree = nullptr;
    TreeController *m_treeControl = nullptr;
    DetailsPane *m_details = nullptr;
    ExportController *m_export = nullptr;
    LoadProgressRow *m_progress = nullptr;

    AccountHeader *m_header = nullptr;
    MessageBanner *m_banner = nullptr;
    FilterEdit *m_filter = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_countLabel = nullptr;

    ItemKey m_failedChildren; // the last lazy fetch that failed (Retry)
    QUrl m_failedLink;        // the last link no browser opened (Copy link)
};

} // namespace desk
