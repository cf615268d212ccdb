#pragma once

// Rollback tab: the triggers that start the rollback plan and its procedures, run in order.

#include "editor/editorpage.h"

namespace lw::ui {

class TableEditor;

class RollbackPage : public EditorPage
{
    Q_OBJECT
public:
    explicit RollbackPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Rollback"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("rollback")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

private:
    StructListModel<RollbackTrigger> *m_triggerModel;
    StructListModel<RollbackProcedure> *m_procedureModel;
    TableEditor *m_triggers;
    TableEditor *m_procedures;
};

} // namespace lw::ui
