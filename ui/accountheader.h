#pragma once

// AccountHeader: the line above the tree — the integration selector, who is
// signed in (or why not), and the demo-data badge.

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
    QComboBox *selector() const { return m_combo; }

Q_SIGNALS:
    void providerChosen(const QString &id);

private:
    QComboBox *m_combo = nullptr;
    QLabel *m_account = nullptr;
    QLabel *m_demoBadge = nullptr;
};

} // namespace desk
