#pragma once

// What a step takes from its response (extractions: variable, from, expression, group) and what it
// asserts about it (checks: name, type and the fields of that type), as two tables with combo boxes
// for the enums. Cells that do not apply to a row's type are greyed out.

#include "editor/listtablemodel.h"
#include "editor/stepeditor.h"

namespace lw::ui {

class StepRulesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit StepRulesEditor(StepEdit edit, QWidget *parent = nullptr);

    void setStep(const Step *step);
    void showIssues(const QList<ValidationIssue> &local); // paths relative to the step
    // Focuses the cell of "extract[0].expression" or "checks[1].status" (relative to the step).
    bool focusField(const QString &relative);

    TableEditor *extractTable() const { return m_extract; }
    TableEditor *checksTable() const { return m_checks; }

private:
    StepEdit m_edit;
    int m_loading = 0;
    StructListModel<Extraction> *m_extractModel;
    StructListModel<Check> *m_checkModel;
    TableEditor *m_extract;
    TableEditor *m_checks;
};

// Status check text: "200, 201" (a set) or "200-299" (a range); parse returns false for anything else.
QString statusText(const Check &c);
bool parseStatusText(const QString &text, Check &c);

} // namespace lw::ui
