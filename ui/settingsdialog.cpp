#include "settingsdialog.h"

#include "providers/providerspec.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace desk {

SettingsDialog::SettingsDialog(const ProviderSpec &provider, const ConnectionSettings &settings,
                               QWidget *parent)
    : QDialog(parent), m_provider(provider), m_initial(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("%1 Settings").arg(provider.displayName));

    // --- OAuth app
    auto *appBox = new QGroupBox(tr("%1 app (OAuth)").arg(provider.displayName), this);
    auto *appForm = new QFormLayout(appBox);
    m_clientId = new QLineEdit(settings.clientId, appBox);
    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_clientSecret = new QLineEdit(appBox);
    m_clientSecret->setObjectName(QStringLiteral("clientSecret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setPlaceholderText(
        settings.hasStoredSecret ? tr("Saved in the keychain (type to replace)") : tr("Not set"));
    m_forgetSecret = new QCheckBox(tr("Remove the saved secret"), appBox);
    m_forgetSecret->setVisible(settings.hasStoredSecret);
    m_redirectPort = new QSpinBox(appBox);
    m_redirectPort->setObjectName(QStringLiteral("redirectPort"));
    m_redirectPort->setRange(1024, 65535);
    m_redirectPort->setValue(settings.redirectPort ? settings.redirectPort : 47110);
    m_redirectPort->setToolTip(
        tr("The app must register http://localhost:PORT/callback as its redirect URL."));
    m_scopes = new QLineEdit(settings.scopes.join(QLatin1Char(' ')), appBox);
    m_scopes->setObjectName(QStringLiteral("scopes"));
    m_scopes->setPlaceholderText(tr("Default scopes"));
    appForm->addRow(tr("Client &ID:"), m_clientId);
    appForm->addRow(tr("Client &secret:"), m_clientSecret);
    appForm->addRow(QString(), m_forgetSecret);
    appForm->addRow(tr("&Redirect port:"), m_redirectPort);
    appForm->addRow(tr("S&copes:"), m_scopes);
    auto *tokenButton = new QPushButton(tr("Connect with an &Access Token…"), appBox);
    tokenButton->setObjectName(QStringLiteral("accessTokenButton"));
    tokenButton->setToolTip(tr("Use a private app's access token instead of signing in."));
    connect(tokenButton, &QPushButton::clicked, this, [this] {
        accept();
        Q_EMIT accessTokenRequested();
    });
    appForm->addRow(QString(), tokenButton);

    // --- What to load
    auto *dataBox = new QGroupBox(tr("What to load"), this);
    auto *dataLayout = new QVBoxLayout(dataBox);
    auto *typeGrid = new QGridLayout;
    const QStringList selected =
        settings.objectTypes.isEmpty() ? provider.defaultObjectTypes() : settings.objectTypes;
    int i = 0;
    for (const QString &type : provider.objectTypes()) {
        auto *box = new QCheckBox(provider.typeDisplayName(type), dataBox);
        box->setObjectName(QStringLiteral("type_") + type);
        box->setChecked(selected.contains(type));
        m_types.insert(type, box);
        typeGrid->addWidget(box, i / 4, i % 4);
        ++i;
    }
    dataLayout->addLayout(typeGrid);
    const QStringList types = provider.objectTypes();
    dataLayout->addWidget(
        new QLabel(tr("Extra properties, one type a line (e.g. \"%1: name, status\"):")
                       .arg(types.isEmpty() ? QStringLiteral("type") : types.first()),
                   dataBox));
    m_extraProperties =
        new QPlainTextEdit(formatExtraProperties(settings.extraProperties), dataBox);
    m_extraProperties->setObjectName(QStringLiteral("extraProperties"));
    m_extraProperties->setMaximumHeight(80);
    dataLayout->addWidget(m_extraProperties);

    // --- Demo
    auto *demoBox = new QGroupBox(tr("Demo"), this);
    auto *demoForm = new QFormLayout(demoBox);
    m_useSandbox = new QCheckBox(tr("Use sandbox (demo data)"), demoBox);
    m_useSandbox->setObjectName(QStringLiteral("useSandbox"));
    m_useSandbox->setChecked(settings.useSandbox);
    m_sandboxUrl = new QLineEdit(settings.sandboxUrl.toString(), demoBox);
    m_sandboxUrl->setObjectName(QStringLiteral("sandboxUrl"));
    m_sandboxUrl->setPlaceholderText(tr("e.g. http://127.0.0.1:8080"));
    m_sandboxUrl->setEnabled(settings.useSandbox && !settings.demoModeForced);
    connect(m_useSandbox, &QCheckBox::toggled, m_sandboxUrl, &QWidget::setEnabled);
    demoForm->addRow(m_useSandbox);
    demoForm->addRow(tr("Sandbox &URL:"), m_sandboxUrl);
    if (settings.demoModeForced) { // what this run uses, not what is saved
        m_useSandbox->setEnabled(false);
        m_sandboxUrl->setReadOnly(true);
        demoForm->addRow(new QLabel(tr("This run was started on the sandbox (--sandbox)."), demoBox));
    }

    // --- Local copy
    auto *localBox = new QGroupBox(tr("Local copy"), this);
    auto *localLayout = new QHBoxLayout(localBox);
    m_keepLocalCopy = new QCheckBox(tr("&Keep a local copy"), localBox);
    m_keepLocalCopy->setObjectName(QStringLiteral("keepLocalCopy"));
    m_keepLocalCopy->setToolTip(
        tr("Keep the account's items on this computer, so the app opens on them at once."));
    m_keepLocalCopy->setChecked(settings.keepLocalCopy);
    auto *forget = new QPushButton(tr("&Forget Local Data"), localBox);
    forget->setObjectName(QStringLiteral("forgetLocalData"));
    connect(forget, &QPushButton::clicked, this, [this, forget] {
        forget->setEnabled(false);
        Q_EMIT forgetLocalDataRequested();
    });
    localLayout->addWidget(m_keepLocalCopy, 1);
    localLayout->addWidget(forget);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(appBox);
    layout->addWidget(dataBox);
    layout->addWidget(demoBox);
    layout->addWidget(localBox);
    layout->addWidget(new QLabel(tr("Changes apply the next time you connect."), this));
    layout->addWidget(buttons);
}

ConnectionSettings SettingsDialog::settings() const
{
    ConnectionSettings s = m_initial;
    s.clientId = m_clientId->text().trimmed();
    s.clientSecret = m_clientSecret->text().trimmed();
    s.clearSecret = m_forgetSecret->isChecked() && s.clientSecret.isEmpty();
    s.redirectPort = quint16(m_redirectPort->value());
    s.scopes = m_scopes->text().simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    s.objectTypes.clear();
    for (auto it = m_types.cbegin(); it != m_types.cend(); ++it)
        if (it.value()->isChecked())
            s.objectTypes.append(it.key());
    // Keep the provider's order.
    QStringList ordered;
    for (const QString &type : m_provider.objectTypes())
        if (s.objectTypes.contains(type))
            ordered.append(type);
    s.objectTypes = ordered;
    s.extraProperties = parseExtraProperties(m_extraProperties->toPlainText());
    s.useSandbox = m_useSandbox->isChecked();
    s.sandboxUrl = QUrl::fromUserInput(m_sandboxUrl->text().trimmed());
    s.keepLocalCopy = m_keepLocalCopy->isChecked();
    return s;
}

QString SettingsDialog::formatExtraProperties(const QHash<QString, QStringList> &extra)
{
    QStringList lines;
    QStringList types = extra.keys();
    types.sort();
    for (const QString &type : std::as_const(types))
        if (!extra.value(type).isEmpty())
            lines.append(type + QStringLiteral(": ") +
                         extra.value(type).join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

QHash<QString, QStringList> SettingsDialog::parseExtraProperties(const QString &text)
{
    QHash<QString, QStringList> result;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const int colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString type = line.left(colon).trimmed();
        QStringList names;
        const QStringList parts = line.mid(colon + 1).split(
            QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (const QString &name : parts)
            if (!names.contains(name))
                names.append(name);
        if (!type.isEmpty() && !names.isEmpty())
            result[type] += names;
    }
    return result;
}

AccessTokenDialog::AccessTokenDialog(const QString &providerName, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("accessTokenDialog"));
    setWindowTitle(tr("Connect with an Access Token"));
    auto *label =
        new QLabel(tr("Paste an access token for %1. It is kept in the system keychain and "
                      "never shown again.")
                       .arg(providerName),
                   this);
    label->setWordWrap(true);
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("accessToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Access token"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setEnabled(false);
    connect(m_token, &QLineEdit::textChanged, connectButton, [connectButton](const QString &text) {
        connectButton->setEnabled(!text.trimmed().isEmpty());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_token);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

QByteArray AccessTokenDialog::token() const
{
    return m_token->text().trimmed().toUtf8();
}

} // namespace desk
