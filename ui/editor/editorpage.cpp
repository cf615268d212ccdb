#include "editor/editorpage.h"

#include "editor/tableeditor.h"
#include "strategydocument.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace lw::ui {

EditorPage::EditorPage(StrategyDocument *doc, QWidget *parent) : QWidget(parent), m_doc(doc) {}

void EditorPage::setReadOnly(bool readOnly)
{
    for (auto *w : findChildren<QLineEdit *>()) {
        if (!qobject_cast<QAbstractSpinBox *>(w->parentWidget()) &&
            !qobject_cast<QComboBox *>(w->parentWidget()))
            w->setReadOnly(readOnly);
    }
    for (auto *w : findChildren<QPlainTextEdit *>()) {
        if (w->property("lwAlwaysReadOnly").toBool())
            continue;
        w->setReadOnly(readOnly);
    }
    for (auto *w : findChildren<QAbstractSpinBox *>())
        w->setReadOnly(readOnly);
    for (auto *w : findChildren<QComboBox *>())
        w->setEnabled(!readOnly);
    for (auto *w : findChildren<QAbstractButton *>()) {
        if (!w->property("lwKeepEnabled").toBool() && !qobject_cast<TableEditor *>(w->parentWidget()))
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
