#include "editor/fieldissues.h"

#include "editor/issuepath.h"
#include "shell/icons.h"

#include <QAction>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QVBoxLayout>

namespace lw::ui {

QLabel *createMessageLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("fieldMessage"));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b42318; font-size: 9pt;"));
    label->hide();
    return label;
}

void setInvalid(QWidget *field, bool invalid)
{
    if (field->property("lwInvalid").toBool() == invalid)
        return;
    field->setProperty("lwInvalid", invalid);
    // Dynamic properties in style sheet selectors only apply after a re-polish.
    field->style()->unpolish(field);
    field->style()->polish(field);
    field->update();
}

void FieldIssues::add(const QString &path, QWidget *field, QLabel *message)
{
    Entry e{field, message, nullptr};
    if (auto *edit = qobject_cast<QLineEdit *>(field)) {
        e.icon = edit->addAction(icon(IconId::Warning), QLineEdit::TrailingPosition);
        e.icon->setVisible(false);
    }
    m_entries.insert(path, e);
}

QWidget *FieldIssues::field(const QString &path) const
{
    QWidget *best = nullptr;
    qsizetype bestLength = -1;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it.key().size() > bestLength && pathIsUnder(path, it.key()) && it.value().field) {
            best = it.value().field;
            bestLength = it.key().size();
        }
    }
    return best;
}

void FieldIssues::addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &path)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(field);
    QLabel *message = createMessageLabel(box);
    v->addWidget(message);
    form->addRow(label, box);
    // The label's mnemonic (&Name) focuses the field itself, not the container.
    if (auto *l = qobject_cast<QLabel *>(form->labelForField(box)))
        l->setBuddy(field);
    add(path, field, message);
}

QList<ValidationIssue> FieldIssues::show(const QList<ValidationIssue> &issues)
{
    QHash<QString, QStringList> byPath;
    QList<ValidationIssue> unmatched;
    for (const ValidationIssue &issue : issues) {
        bool matched = false;
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
            if (pathIsUnder(issue.path, it.key())) {
                // "tags[2]: ..." belongs to the tags field; name the element in the message.
                const QString where = issue.path.mid(it.key().size());
                byPath[it.key()].append(where.isEmpty() ? issue.message
                                                        : issue.path + QStringLiteral(": ") + issue.message);
                matched = true;
                break;
            }
        }
        if (!matched)
            unmatched.append(issue);
    }
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        const Entry &e = it.value();
        const QStringList messages = byPath.value(it.key());
        const QString text = messages.join(QLatin1Char('\n'));
        if (e.field)
            setInvalid(e.field, !messages.isEmpty());
        if (e.message) {
            e.message->setText(text);
            e.message->setVisible(!messages.isEmpty());
        }
        if (e.icon) {
            e.icon->setVisible(!messages.isEmpty());
            e.icon->setToolTip(text);
        }
    }
    return unmatched;
}

} // namespace lw::ui
