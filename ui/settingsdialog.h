#pragma once

#include <QDialog>
#include <QHash>
#include <QMap>
#include <QStringList>
#include <QUrl>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace desk {

struct ProviderSpec;

// What the Settings dialog edits for one provider. The secret is only carried
// from the dialog to the keychain and never shown back.
struct ConnectionSettings
{
    QString clientId;
    QString clientSecret; // new secret typed by the user; empty = unchanged
    bool hasStoredSecret = false;
    bool clearSecret = false;
    quint16 redirectPort = 47110;
    QStringList scopes;      // empty = provider default
    QStringList objectTypes; // empty = provider default
    QHash<QString, QStringList> extraProperties;
    bool useSandbox = false;
    QUrl sandboxUrl;
    bool demoModeForced =
        false;                 // the run was started on a sandbox (--sandbox): shown, not editable
    bool keepLocalCopy = true; // keep the account's items on disk between runs
};

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const ProviderSpec &provider, const ConnectionSettings &settings,
                   QWidget *parent = nullptr);

    ConnectionSettings settings() const;

    static QString formatExtraProperties(const QHash<QString, QStringList> &extra);
    static QHash<QString, QStringList> parseExtraProperties(const QString &text);

Q_SIGNALS:
    // "Connect with an access token…" was clicked (the window asks for the token).
    void accessTokenRequested();
    // "Forget Local Data" was clicked: the window removes the account's local copy.
    void forgetLocalDataRequested();

private:
    const ProviderSpec &m_provider;
    ConnectionSettings m_initial;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QCheckBox *m_forgetSecret = nullptr;
    QSpinBox *m_redirectPort = nullptr;
    QLineEdit *m_scopes = nullptr;
    QMap<QString, QCheckBox *> m_types;
    QPlainTextEdit *m_extraProperties = nullptr;
    QCheckBox *m_useSandbox = nullptr;
    QLineEdit *m_sandboxUrl = nullptr;
    QCheckBox *m_keepLocalCopy = nullptr;
};

// Asks for a private-app access token (password field, never echoed).
class AccessTokenDialog : public QDialog
{
    Q_OBJECT
public:
    AccessTokenDialog(const QString &providerName, QWidget *parent = nullptr);
    QByteArray token() const;

private:
    QLineEdit *m_token = nullptr;
};

} // namespace desk
