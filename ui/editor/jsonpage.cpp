#include "editor/jsonpage.h"

#include "model/strategyjson.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace lw::ui {

JsonPage::JsonPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_text(new QPlainTextEdit), m_hash(new QLabel)
{
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hash->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hash->setStyleSheet(QStringLiteral("color: #56606e;"));
    // A 64-digit hash must not set the page's minimum width; the full text stays in the tooltip.
    m_hash->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    auto *note = new QLabel(tr("The document as it will be saved and exported. Edit it through the other "
                               "pages; approvals bind to the content hash."));
    note->setWordWrap(true);
    layout->addWidget(note);
    layout->addWidget(m_hash);
    layout->addWidget(m_text, 1);
}

void JsonPage::refresh(const Strategy &s)
{
    const QString json = QString::fromUtf8(toJson(s, true));
    if (json == m_text->toPlainText())
        return;
    // Keep the reading position while the document changes underneath.
    const int scroll = m_text->verticalScrollBar()->value();
    m_text->setPlainText(json);
    m_text->verticalScrollBar()->setValue(scroll);
    m_hash->setText(tr("SHA-256 of the canonical form: %1").arg(contentHash(s)));
    m_hash->setToolTip(m_hash->text());
}

QString JsonPage::text() const
{
    return m_text->toPlainText();
}

} // namespace lw::ui
