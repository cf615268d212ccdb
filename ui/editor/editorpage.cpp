#include "editor/editorpage.h"

#include "designer/strategydocument.h"
#include "editor/tableeditor.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace lw::ui {

EditorPage::EditorPage(StrategyDocument *doc, QWidget *parent) : QWidget(parent), m_doc(doc) {}

namespace {
// Tools inside a page that do not edit the strategy (the capacity planner is a calculator) carry the
// "lwNotEditor" property and stay usable in read-only views.
bool isExempt(const QWidget *w, const QWidget *page)
{
    for (; w && w != page; w = w->parentWidget()) {
        if (w->property("lwNotEditor").toBool())
            return true;
    }
    return false;
}
} // namespace

void EditorPage::setReadOnly(bool readOnly)
{
    for (auto *w : findChildren<QLineEdit *>()) {
        if (!isExempt(w, this) && !qobject_cast<QAbstractSpinBox *>(w->parentWidget()) &&
            !qobject_cast<QComboBox *>(w->parentWidget()))
            w->setReadOnly(readOnly);
    }
    for (auto *w : findChildren<QPlainTextEdit *>()) {
        if (!isExempt(w, this))
            w->setReadOnly(readOnly);
    }
    for (auto *w : findChildren<QAbstractSpinBox *>()) {
        if (!isExempt(w, this))
            w->setReadOnly(readOnly);
    }
    for (auto *w : findChildren<QComboBox *>()) {
        if (!isExempt(w, this))
            w->setEnabled(!readOnly);
    }
    for (auto *w : findChildren<QAbstractButton *>()) {
        if (!isExempt(w, this) && !qobject_cast<TableEditor *>(w->parentWidget()))
            w->setEnabled(!readOnly);
    }
    for (auto *t : findChildren<TableEditor *>())
        t->setReadOnly(readOnly);
}

void EditorPage::commit(const std::function<void(Strategy &)> &mutate, const QString &mergeKey,
                        const QString &description)
{
    if (m_refreshing > 0 || !m_doc->isOpen() || m_doc->isReadOnly())
        return;
    Strategy s = m_doc->strategy();
    mutate(s);
    m_doc->edit(s, mergeKey, description);
}

const Strategy &EditorPage::strategy() const
{
    return m_doc->strategy();
}

} // namespace lw::ui
