#pragma once

// Edit > Preferences: who acts in this workbench. Lists the workspace's registered users with their
// role and whether their private key is in this machine's key directory (only then can they sign);
// any other name may be typed (it then acts only as an author, like an unregistered --as USER).

#include <QDialog>

class QComboBox;
class QLabel;

namespace lw {
class Workspace;
}

namespace lw::ui {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const Workspace &ws, QWidget *parent = nullptr);

    QComboBox *userCombo() const { return m_user; }
    QString chosenUser() const;
    // Stores the choice (QSettings "run/user") when accepted.
    void accept() override;

    // "approver · private key present: can sign approvals.", "not a registered user ...", ...
    static QString describeUser(const Workspace &ws, const QString &name);

private:
    void updateInfo();

    const Workspace &m_ws;
    QComboBox *m_user;
    QLabel *m_info;
};

} // namespace lw::ui
