// AccountHeader: integration selector, account line and demo badge.
#include "accountheader.h"

#include "displayformat.h"
#include "providers/providerspec.h"
#include "windowconnection.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

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
    m_age = new QLabel(this);
    m_age->setObjectName(QStringLiteral("storeAge"));
    m_age->setToolTip(tr("When the items shown were last read from the service; Refresh (F5) "
                         "reads what changed since."));
    auto *clock = new QTimer(this); // "3 hours ago" grows old while the window is open
    clock->start(60 * 1000);
    connect(clock, &QTimer::timeout, this, &AccountHeader::showAge);
    layout->addWidget(label);
    layout->addWidget(m_combo);
    layout->addSpacing(12);
    layout->addWidget(m_account, 1);
    layout->addWidget(m_age);
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
    const ItemStore *store = connection.core().store();
    m_asOf = store ? store->asOf() : QDateTime();
    showAge();
}

void AccountHeader::showAge()
{
    m_age->setText(DisplayFormat::asOf(m_asOf, QDateTime::currentDateTime()));
    m_age->setVisible(m_asOf.isValid());
}

QString AccountHeader::ageText() const
{
    return m_age->isVisible() ? m_age->text() : QString();
}

QString AccountHeader::accountText() const
{
    return m_account->text();
}

} // namespace desk
