#pragma once

#include "auth/oauthsession.h"
#include "auth/providerprofile.h"
#include "common/accountinfo.h"
#include "common/error.h"
#include "itemtreemodel.h"
#include "itemtreeview.h"
#include "memoryitemsource.h"
#include "providers/itemloader.h"
#include "providers/providerspec.h"
#include "settingsdialog.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QSplitter;
class QTableWidget;
class QToolButton;
class QTimer;
class QTreeView;

namespace desk {

class ApiClient;
class ChildrenFetcher;
class CredentialStore;
class ItemTreeModel;
class LoginDialog;
class MessageBanner;
class ThemeManager;
struct IntegrationItem;

struct MainWindowOptions
{
    QUrl sandboxUrl;             // non-empty: demo mode against this sandbox
    quint16 redirectPort = 0;    // non-zero: overrides the configured redirect port
    bool restoreSession = true;  // look for saved credentials at start
    bool embeddedBrowser = true; // false: always use the system browser
};

// The app window: integration selector, account line, Connect / Load /
// Disconnect / Cancel, progress with per-type counts, filter, item tree,
// details pane, menus, toolbar, status bar and a non-modal message banner.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class AccountState
    {
        NotConnected,
        Restoring,
        Connecting,
        Connected,
        ReconnectNeeded
    };
    Q_ENUM(AccountState)

    MainWindow(CredentialStore &credentials, ThemeManager &theme,
               const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and the screenshot mode.
    ItemTreeModel *itemModel() const { return m_model; }
    ChildrenFetcher *childrenFetcher() const { return m_children; }
    const ItemSource &itemSource() const { return m_items; }
    QTreeView *treeView() const;
    LoginDialog *loginDialog() const;
    MessageBanner *messageBanner() const { return m_banner; }
    QLineEdit *filterEdit() const { return m_filter; }
    QAction *
    action(const QString &name) const; // "connect", "load", "reload", "cancel", "disconnect", ...
    AccountState accountState() const { return m_accountState; }
    QString accountText() const;
    QString progressText() const;
    bool isLoading() const { return m_loader != nullptr && m_loading; }
    bool isDemoMode() const;
    const ProviderSpec *currentProvider() const { return m_provider; }
    ProviderProfile currentProfile() const { return m_profile; }
    OAuthSession *session() const { return m_session.get(); }
    void selectItem(const QString &type, const QString &id);
    // Writes all (or the selected) items as CSV or JSON (by the file's suffix).
    bool exportToFile(const QString &path, bool selectedOnly, QString *errorMessage = nullptr);
    QString detailsJson() const;

    // Adds streamed items (kept for details and export, shown as rows).
    void appendItems(const ItemBatch &batch);
    // Adds rows to the tree the way the item store reports them. Rows arriving
    // close together are coalesced: the view relayouts every row after each
    // insert, so inserts are paced by how long that takes.
    void appendRows(const RowBatch &rows);
    void flushPendingItems();    // one slice
    void flushAllPendingItems(); // everything now

public Q_SLOTS:
    void connectAccount();
    void connectWithAccessToken(const QByteArray &token);
    void loadItems();
    void cancel();
    void disconnectAccount();
    void showSettings();
    // Saves what the Settings dialog returned (secret to the keychain) and
    // rebuilds the session when sign-in settings changed.
    void applyConnectionSettings(const ConnectionSettings &settings);
    ConnectionSettings connectionSettings() const { return loadConnectionSettings(); }
    void exportItems(bool selectedOnly);
    void setGroupingByCompany(bool byCompany);
    // Switches the tree's view (ItemTreeModel::views(): By type, a grouping, By
    // parent), keeping expanded and selected rows, and remembers it for the
    // current integration.
    void setView(const QString &view);

Q_SIGNALS:
    void accountStateChanged(desk::MainWindow::AccountState state);
    void loadFinished(const desk::LoadOutcome &outcome);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralWidgets();
    void restoreWindowState();
    void saveWindowState();
    void applyThemeToWidgets();

    void selectProvider(const ProviderSpec *provider);
    ConnectionSettings loadConnectionSettings() const;
    void saveConnectionSettings(const ConnectionSettings &settings);
    QString credentialNamespace() const;
    QString clientSecretKey() const;
    QString accessTokenKey() const;
    void rebuildSession(bool restore);
    void createSession(const ProviderSettings &settings, bool restore);
    void tryRestoreAccessToken();

    void setAccountState(AccountState state, const AccountInfo &account = {});
    void updateActions();
    void updatePlaceholder();
    void openLogin(const QUrl &url);
    void closeLogin();
    void onLoginFailed(const Error &error);

    void onItemsReady(const ItemBatch &batch);
    void onProgress(const LoadProgress &progress);
    void onLoadFinished(const LoadOutcome &outcome);
    void finishLoad(const LoadOutcome &outcome);
    void clearPendingItems();
    void resumeLoad();

    void showError(const Error &error, const QString &context,
                   const QList<QAction *> &extraActions = {});
    void showInfo(const QString &text);

    void updateDetails();
    std::optional<IntegrationItem> currentItem() const;
    QVector<IntegrationItem> selectedItems() const;
    void showTreeContextMenu(const QPoint &pos);
    void openItemInBrowser(const std::optional<IntegrationItem> &item);
    void copyItemId(const std::optional<IntegrationItem> &item);
    void copyItemJson(const std::optional<IntegrationItem> &item);
    void setThemeMode(int mode);
    QString savedView(const ProviderSpec *provider) const;
    QString viewOfAction(const QAction *action) const;
    void updateCount();
    void onFilterApplied(const QString &text);
    void expandWithoutFetching(const std::function<void()> &expand);
    void onTreeExpanded(const QModelIndex &proxyIndex);
    void onChildrenFetchFinished(const QString &parentType, const QString &parentId,
                                 const Error &error);
    void retryChildren();
    void showAbout();

    CredentialStore &m_credentials;
    ThemeManager &m_theme;
    MainWindowOptions m_options;
    QNetworkAccessManager m_network;

    const ProviderSpec *m_provider = nullptr;
    ProviderProfile m_profile;
    std::unique_ptr<OAuthSession> m_session;
    std::unique_ptr<AccessTokenProvider> m_staticTokens; // private-app token mode
    std::unique_ptr<ApiClient> m_client;
    QPointer<ItemLoader> m_loader;
    bool m_loading = false;
    AccountState m_accountState = AccountState::NotConnected;
    AccountInfo m_account;
    QPointer<LoginDialog> m_loginDialog;
    QElapsedTimer m_loadTimer;
    std::optional<LoadOutcome> m_finishedOutcome; // load ended while rows were still queued
    QTimer *m_flushTimer = nullptr;
    quint64 m_sessionGeneration = 0;
    QString m_freshClientSecret; // just typed in Settings, while the keychain write is in flight

    MemoryItemSource m_items; // until the item store serves them
    ItemTreeModel *m_model = nullptr;
    ChildrenFetcher *m_children = nullptr;
    ItemTreeView::State m_stateBeforeFilter;

    QComboBox *m_providerCombo = nullptr;
    QLabel *m_accountLabel = nullptr;
    QLabel *m_demoBadge = nullptr;
    MessageBanner *m_banner = nullptr;
    QLineEdit *m_filter = nullptr;
    ItemTreeView *m_tree = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_detailsSplitter = nullptr;
    QTableWidget *m_properties = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QLabel *m_detailsTitle = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QLabel *m_countLabel = nullptr;

    QHash<QString, QAction *> m_actions;
    QActionGroup *m_themeGroup = nullptr;
    QActionGroup *m_groupingGroup = nullptr;
    bool m_expandingWithoutFetch = false; // expand-all / filter expansion: never fetch children
    QString m_failedChildrenType;         // the last lazy fetch that failed (Retry)
    QString m_failedChildrenId;
};

} // namespace desk
