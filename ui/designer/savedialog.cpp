#include "designer/savedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lw::ui {

SaveDialog::SaveDialog(const QString &strategyName, int revision, QWidget *parent)
    : QDialog(parent), m_comment(new QPlainTextEdit)
{
    setWindowTitle(tr("Save as new revision"));
    auto *heading = new QLabel(
        revision == 1
            ? tr("<b>%1</b> will be saved as a new strategy (revision 1).").arg(strategyName.toHtmlEscaped())
            : tr("<b>%1</b> will be saved as revision %2. Earlier revisions stay in "
                 "the history.")
                  .arg(strategyName.toHtmlEscaped())
                  .arg(revision));
    heading->setWordWrap(true);
    auto *label = new QLabel(tr("&Change comment (what changed and why):"));
    label->setBuddy(m_comment);
    m_comment->setPlaceholderText(revision == 1 ? tr("e.g. first version, from the load template")
                                                : tr("e.g. raise the peak to 800 req/s for the Black Friday "
                                                     "forecast"));
    m_comment->setTabChangesFocus(true);
    m_comment->setMinimumHeight(90);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setEnabled(false);
    m_save->setToolTip(tr("A comment is required: it is what reviewers and approvers read"));
    connect(m_comment, &QPlainTextEdit::textChanged, this,
            [this] { m_save->setEnabled(!comment().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(heading);
    layout->addWidget(label);
    layout->addWidget(m_comment, 1);
    layout->addWidget(buttons);
    resize(520, 260);
}

QString SaveDialog::comment() const
{
    return m_comment->toPlainText().trimmed();
}

} // namespace lw::ui
