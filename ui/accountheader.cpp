// AccountHeader: integration selector, account line and demo badge.
#include "accountheader.h"

#include "providers/providerspec.h"
#include "windowconnection.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace desk {

AccountHeader::AccountHeader(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("&Integration:"), this);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("providerCombo"));
    label->setBuddy(m_combo);
    m_account = new QLabel(tr("Not connected"), this);
    m_account->setObjectName(QStringLiteral("accountLine"));
    m_account->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoBadge = new QLabel(tr("Demo data"), this);
    m_demoBadge->setObjectName(QStringLiteral("demoBadge"));
    m_demoBadge->setToolTip(tr("Connected to the local sandbox: the data is made up."));
    m_demoBadge->hide();
    layout->addWidget(label);
    layout->addWidget(m_combo);
    layout->addSpacing(12);
    layout->addWidget(m_account, 1);
    layout->addWidget(m_demoBadge);
}

void AccountHeader::listProviders(const QString &current)
{
    for (const ProviderSpec *provider : ProviderRegistry::all())
        m_combo->addItem(provider->displayName, provider->id);
    setCurrentProvider(current);
    connect(m_combo, &QComboBox::currentIndexChanged, this,
            [this](int index) { Q_EMIT providerChosen(m_combo->itemData(index).toString()); });
}

QString AccountHeader::currentProvider() const
{
    return m_combo->currentData().toString();
}

void AccountHeader::setCurrentProvider(const QString &id)
{
    const int index = m_combo->findData(id);
    if (index >= 0)
        m_combo->setCurrentIndex(index);
}

void AccountHeader::showConnection(const WindowConnection &connection)
{
    m_account->setText(connection.stateText());
    m_account->setToolTip(connection.account().isValid()
                              ? connection.account().scopes.join(QLatin1Char(' '))
                              : QString());
    m_demoBadge->setVisible(connection.isSandbox());
}

QString AccountHeader::accountText() const
{
    return m_account->text();
}

} // namespace desk
