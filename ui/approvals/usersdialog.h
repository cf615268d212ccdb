#pragma once

// Approvals > Users: the workspace's users with their role, whether their registration verifies and
// whether their private key is on this machine; an admin adds users here with the same signed
// registration as `loadwright users add` (audit::addUser), a key pair made for a new name.

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace lw {
class Workspace;
}

namespace lw::ui {

class UsersDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UsersDialog(Workspace &ws, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *roleCombo() const { return m_role; }
    QPushButton *addButton() const { return m_add; }
    QLabel *resultLabel() const { return m_result; }

    // Adds the user typed in as the acting user; false (and the reason shown) when refused.
    bool addUser();

signals:
    void usersChanged();

private:
    void reload();

    Workspace &m_ws;
    QLabel *m_intro;
    QTableWidget *m_table;
    QLineEdit *m_name;
    QComboBox *m_role;
    QPushButton *m_add;
    QLabel *m_result;
};

} // namespace lw::ui
