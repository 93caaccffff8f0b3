#pragma once

// AccountHeader: the line above the tree — the integration selector, who is
// signed in (or why not), the age of the stored items ("as of 10:42, 3 hours
// ago") and the demo-data badge.

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QLabel;

namespace desk {

class WindowConnection;

class AccountHeader : public QWidget
{
    Q_OBJECT
public:
    explicit AccountHeader(QWidget *parent = nullptr);

    // Fills the selector from the provider registry and picks `current` (if listed).
    void listProviders(const QString &current);
    QString currentProvider() const;
    void setCurrentProvider(const QString &id);
    void showConnection(const WindowConnection &connection);
    QString accountText() const;
    QString ageText() const; // empty when nothing stored was ever synced
    QComboBox *selector() const { return m_combo; }

Q_SIGNALS:
    void providerChosen(const QString &id);

private:
    void showAge();

    QComboBox *m_combo = nullptr;
    QLabel *m_account = nullptr;
    QLabel *m_demoBadge = nullptr;
    QLabel *m_age = nullptr;
    QDateTime m_asOf;
};

} // namespace desk
