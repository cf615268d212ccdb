#include "approvals/usersdialog.h"
#include "common/columnfit.h"

#include "audit/users.h"
#include "keys/keys.h"
#include "shell/actinguser.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lw::ui {

using audit::Role;

UsersDialog::UsersDialog(Workspace &ws, QWidget *parent)
    : QDialog(parent), m_ws(ws), m_intro(new QLabel), m_table(new QTableWidget), m_name(new QLineEdit),
      m_role(new QComboBox), m_add(new QPushButton(tr("Add user"))), m_result(new QLabel)
{
    setWindowTitle(tr("Users"));
    setObjectName(QStringLiteral("usersDialog"));
    resize(720, 480);
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::RichText);
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Role"), tr("Added by"), tr("Registration"), tr("Private key on this machine")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_name->setObjectName(QStringLiteral("newUserName"));
    m_name->setPlaceholderText(tr("name, as people use it with --as"));
    m_role->setObjectName(QStringLiteral("newUserRole"));
    for (Role r : {Role::Engineer, Role::Approver, Role::Analyst, Role::Admin})
        m_role->addItem(audit::toString(r), audit::toString(r));
    m_add->setObjectName(QStringLiteral("addUserButton"));
    m_result->setObjectName(QStringLiteral("addUserResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_name, 1);
    addRow->addWidget(m_role);
    addRow->addWidget(m_add);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(addRow);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &UsersDialog::addUser);
    connect(m_name, &QLineEdit::returnPressed, this, &UsersDialog::addUser);
    reload();
}

void UsersDialog::reload()
{
    QString error;
    const QList<audit::User> all = audit::users(m_ws, &error);
    const QString me = actingUser();
    const std::optional<audit::User> self = audit::findUser(all, me);
    const bool admin = all.isEmpty() || (self && self->trusted && self->role == Role::Admin);
    m_intro->setText(
        all.isEmpty()
            ? tr("This workspace has no users yet: the first one added becomes its admin. Adding a user "
                 "makes their key pair; the private key stays in <tt>%1</tt> on this machine.")
                  .arg(keys::keyDirectory().toHtmlEscaped())
        : admin ? tr("Acting as <b>%1</b> (admin): add users with their role. A new user's key pair is made "
                     "on this machine (<tt>%2</tt>); give them their private key file to sign elsewhere.")
                      .arg(me.toHtmlEscaped(), keys::keyDirectory().toHtmlEscaped())
                : tr("Only an admin adds users; you act as <b>%1</b>. Choose an admin under Edit > "
                     "Preferences, or ask one to run <tt>loadwright users add NAME --role ROLE</tt>.")
                      .arg(me.toHtmlEscaped()));
    m_name->setEnabled(admin);
    m_role->setEnabled(admin);
    m_add->setEnabled(admin);
    m_table->setRowCount(int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        const audit::User &u = all.at(i);
        const bool key = QFileInfo::exists(keys::keyFilePath(u.name));
        const QStringList cells{u.name, audit::toString(u.role), u.addedBy,
                                u.trusted ? tr("verifies") : tr("does not verify: %1").arg(u.problem),
                                key ? tr("present: can sign here")
                                    : tr("not here: cannot sign on this machine")};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    fitColumns(m_table);
    if (!error.isEmpty())
        m_result->setText(QStringLiteral("<span style='color:#b42318'>%1</span>").arg(error.toHtmlEscaped()));
}

bool UsersDialog::addUser()
{
    const QString name = m_name->text().trimmed();
    const std::optional<Role> role = audit::roleFromString(m_role->currentData().toString());
    if (name.isEmpty() || !role) {
        m_result->setText(
            QStringLiteral("<span style='color:#b42318'>%1</span>").arg(tr("Type a name first.")));
        return false;
    }
    const audit::AddUserResult r = audit::addUser(m_ws, name, *role, actingUser());
    QString text = r.message.toHtmlEscaped();
    if (r.ok && r.keyCreated)
        text += QStringLiteral("<br>") + tr("Private key written to <tt>%1</tt> (keep it private).")
                                             .arg(keys::keyFilePath(name).toHtmlEscaped());
    m_result->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                          .arg(r.ok ? QStringLiteral("#1f7a3e") : QStringLiteral("#b42318"), text));
    if (r.ok) {
        m_name->clear();
        reload();
        emit usersChanged();
    }
    return r.ok;
}

} // namespace lw::ui
