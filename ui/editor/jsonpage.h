#pragma once

// JSON tab: the document exactly as it will be saved or exported, with its content hash.

#include "editor/editorpage.h"

class QLabel;
class QPlainTextEdit;

namespace lw::ui {

class JsonPage : public EditorPage
{
    Q_OBJECT
public:
    explicit JsonPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("JSON"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("schema")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &) override {}
    void setReadOnly(bool) override {} // always read-only

    QString text() const;

private:
    QPlainTextEdit *m_text;
    QLabel *m_hash;
};

} // namespace lw::ui
