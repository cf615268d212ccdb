#pragma once

// Risks tab: the risk register (severity derived from probability x impact) beside the risk matrix.

#include "editor/editorpage.h"

namespace lw::ui {

class RiskMatrixView;
class TableEditor;

class RisksPage : public EditorPage
{
    Q_OBJECT
public:
    explicit RisksPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Risks"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("risks")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    TableEditor *table() const { return m_table; }

private:
    StructListModel<Risk> *m_model;
    TableEditor *m_table;
    RiskMatrixView *m_matrix;
};

// Badge colour of a safety level / risk severity (green, amber, orange, red).
QColor severityColor(SafetyLevel level);
// A light tint of the same colour, for table cell backgrounds.
QColor severityTint(SafetyLevel level);

} // namespace lw::ui
