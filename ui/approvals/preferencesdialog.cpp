#include "approvals/preferencesdialog.h"

#include "audit/users.h"
#include "keys/keys.h"
#include "shell/actinguser.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace lw::ui {

PreferencesDialog::PreferencesDialog(const Workspace &ws, QWidget *parent)
    : QDialog(parent), m_ws(ws), m_user(new QComboBox), m_info(new QLabel)
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));
    m_user->setObjectName(QStringLiteral("actingUserCombo"));
    m_user->setEditable(true);
    m_user->setInsertPolicy(QComboBox::NoInsert);
    m_user->setMinimumContentsLength(24);
    QString error;
    for (const audit::User &u : audit::users(ws, &error))
        m_user->addItem(QStringLiteral("%1").arg(u.name), u.name);
    if (m_user->findData(systemUser()) < 0)
        m_user->addItem(systemUser(), systemUser());
    const QString current = actingUser();
    const int index = m_user->findData(current);
    if (index >= 0)
        m_user->setCurrentIndex(index);
    else
        m_user->setEditText(current);
    m_info->setObjectName(QStringLiteral("actingUserInfo"));
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::RichText);

    auto *intro = new QLabel(
        tr("The acting user is the author of saved revisions, the user of runs and the signer of "
           "approvals, as <tt>--as USER</tt> is on the command line. To sign, the user must be registered "
           "in this workspace and have their private key in <tt>%1</tt>.")
            .arg(keys::keyDirectory().toHtmlEscaped()));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Act as:"), m_user);
    form->addRow(QString(), m_info);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    connect(m_user, &QComboBox::currentTextChanged, this, &PreferencesDialog::updateInfo);
    updateInfo();
    resize(560, sizeHint().height());
}

QString PreferencesDialog::chosenUser() const
{
    return m_user->currentText().trimmed();
}

void PreferencesDialog::accept()
{
    const QString name = chosenUser();
    setActingUser(name == systemUser() ? QString() : name);
    QDialog::accept();
}

QString PreferencesDialog::describeUser(const Workspace &ws, const QString &name)
{
    QString error;
    const auto user = audit::findUser(audit::users(ws, &error), name);
    if (!user)
        return tr("not a registered user of this workspace: can save and run, cannot sign.");
    if (!user->trusted)
        return tr("registration does not verify (%1): cannot sign.").arg(user->problem);
    QString keyError;
    const auto key = keys::loadKeyPair(name, &keyError);
    QString keyText;
    bool canSign = false;
    if (!key)
        keyText = tr("no usable private key here (%1)").arg(keyError);
    else if (key->publicKey != user->publicKey)
        keyText = tr("the private key here does not match the registered one");
    else {
        keyText = tr("private key present");
        canSign = true;
    }
    const QString role = audit::toString(user->role);
    if (!user->canApprove())
        return tr("%1 \u00b7 %2: can save and run, cannot sign approvals.").arg(role, keyText);
    return canSign ? tr("%1 \u00b7 %2: can sign approvals.").arg(role, keyText)
                   : tr("%1 \u00b7 %2: cannot sign until the key is there.").arg(role, keyText);
}

void PreferencesDialog::updateInfo()
{
    const QString name = chosenUser();
    m_info->setText(name.isEmpty()
                        ? tr("Enter a user name.")
                        : QStringLiteral("<b>%1</b>: %2")
                              .arg(name.toHtmlEscaped(), describeUser(m_ws, name).toHtmlEscaped()));
}

} // namespace lw::ui
