#pragma once

// Targets tab: the requests the engine sends (name, method, URL, weight, expected status) with the
// selected target's headers and body in a detail panel.

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QGroupBox;
class QPlainTextEdit;

namespace lw::ui {

class TableEditor;

class TargetsPage : public EditorPage
{
    Q_OBJECT
public:
    explicit TargetsPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Targets"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("targets")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    TableEditor *targetsTable() const { return m_targets; }
    TableEditor *headersTable() const { return m_headers; }

private:
    void showDetail(int row);

    StructListModel<Target> *m_targetModel;
    StructListModel<HttpHeader> *m_headerModel;
    TableEditor *m_targets;
    TableEditor *m_headers;
    QGroupBox *m_detail;
    QPlainTextEdit *m_body;
    FieldIssues m_bodyIssues;
    QList<ValidationIssue> m_issues;
    int m_row = -1;
};

} // namespace lw::ui
