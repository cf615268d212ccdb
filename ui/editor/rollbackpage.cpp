#include "editor/rollbackpage.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<RollbackTrigger>> triggerFields()
{
    return {metricField<RollbackTrigger>(QObject::tr("Metric"), QStringLiteral("metric"),
                                         &RollbackTrigger::metric, 150),
            thresholdField<RollbackTrigger>(QObject::tr("Threshold"), QStringLiteral("threshold"),
                                            &RollbackTrigger::threshold, &RollbackTrigger::metric, 130),
            textField<RollbackTrigger>(QObject::tr("For"), QStringLiteral("for"),
                                       &RollbackTrigger::forDuration, QStringLiteral("10s"), 100),
            choiceField<RollbackTrigger>(QObject::tr("Severity"), QStringLiteral("severity"),
                                         &RollbackTrigger::severity, allAlertSeverities(), 130),
            choiceField<RollbackTrigger>(QObject::tr("Action"), QStringLiteral("action"),
                                         &RollbackTrigger::action, allSafetyActions(), 0)};
}

QList<Field<RollbackProcedure>> procedureFields()
{
    return {textField<RollbackProcedure>(QObject::tr("Name"), QStringLiteral("name"),
                                         &RollbackProcedure::name, QObject::tr("name"), 180),
            textField<RollbackProcedure>(QObject::tr("Command"), QStringLiteral("command"),
                                         &RollbackProcedure::command,
                                         QStringLiteral("kubectl rollout undo ...")),
            textField<RollbackProcedure>(QObject::tr("Timeout"), QStringLiteral("timeout"),
                                         &RollbackProcedure::timeout, QStringLiteral("60s"), 90),
            textField<RollbackProcedure>(QObject::tr("Verify with"), QStringLiteral("verify_command"),
                                         &RollbackProcedure::verifyCommand,
                                         QObject::tr("optional: exit 0 = done"))};
}

QGroupBox *boxed(const QString &title, const QString &intro, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    auto *label = new QLabel(intro);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #56606e;"));
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

RollbackPage::RollbackPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent),
      m_triggerModel(new StructListModel<RollbackTrigger>(triggerFields(), RollbackTrigger(), this)),
      m_procedureModel(new StructListModel<RollbackProcedure>(procedureFields(), RollbackProcedure(), this)),
      m_triggers(new TableEditor(m_triggerModel, tr("No triggers: the rollback plan only runs when a safety "
                                                    "limit's action is \"rollback\"."))),
      m_procedures(new TableEditor(m_procedureModel, tr("No procedures. Add the commands that put the system "
                                                        "back, in the order they must run.")))
{
    m_procedures->setMovable(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(12);
    layout->addWidget(boxed(tr("Triggers"),
                            tr("Conditions that start the rollback while the test runs (metric past "
                               "threshold for the given time)."),
                            m_triggers),
                      2);
    layout->addWidget(boxed(tr("Procedures (run in order)"),
                            tr("Each command runs with /bin/sh -c and must finish within its timeout; the "
                               "verification command, if any, must then exit 0."),
                            m_procedures),
                      3);

    bindList(
        m_triggerModel, [](auto &s) -> auto & { return s.rollback.triggers; }, tr("Edit rollback triggers"));
    bindList(
        m_procedureModel, [](auto &s) -> auto & { return s.rollback.procedures; },
        tr("Edit rollback procedures"));
}

void RollbackPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_triggerModel->setItems(s.rollback.triggers);
    m_procedureModel->setItems(s.rollback.procedures);
}

void RollbackPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_triggers->showIssues(issues, QStringLiteral("rollback.triggers"));
    m_procedures->showIssues(issues, QStringLiteral("rollback.procedures"));
}

} // namespace lw::ui
