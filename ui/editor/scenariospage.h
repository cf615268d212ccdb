#pragma once

// Scenarios tab: the weighted user journeys (name, weight and the share it gives, cookies), the
// selected scenario's ordered steps grouped by transaction (add, duplicate, remove, reorder by drag
// or Ctrl+Up/Down, disable), the selected step's request and its extractions and checks, the test
// data with a preview, and every run-time variable with where it is defined and used. All edits go
// through the document's undo stack; all messages are the validator's, at their JSON paths.

#include "editor/editorpage.h"

#include <memory>

class QLabel;
class QTabWidget;
class QToolButton;
class QSplitter;
class QTreeView;

namespace lw::ui {

class DataSourcesPanel;
class StepEditor;
class StepRulesEditor;
class StepTreeModel;
class TableEditor;
class VariablesView;

class ScenariosPage : public EditorPage
{
    Q_OBJECT
public:
    explicit ScenariosPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Scenarios"); }
    QStringList issuePrefixes() const override
    {
        return {QStringLiteral("scenarios"), QStringLiteral("data")};
    }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;
    void setReadOnly(bool readOnly) override;
    void fitToWidth(int width) override;

    // Step operations on the selected scenario (the toolbar and shortcuts call these).
    void addStep();
    void duplicateStep();
    void removeStep();
    void moveStep(int delta);
    void toggleStepEnabled();
    // Selects a scenario and one of its steps (-1: none).
    void selectStep(int scenario, int step);
    // Goes to the field of an issue or variable path ("scenarios[0].steps[2].url", "data[1]"):
    // selects the scenario and step, the tab that shows the field, and focuses the field or cell.
    void showPath(const QString &path) override;

    int currentScenario() const { return m_scenario; }
    int currentStep() const { return m_step; }
    TableEditor *scenariosTable() const { return m_scenarios; }
    QTreeView *stepsView() const { return m_stepsView; }
    StepTreeModel *stepsModel() const { return m_stepModel; }
    QLabel *stepsMessage() const { return m_stepsMessage; }
    StepEditor *stepEditor() const { return m_stepEditor; }
    StepRulesEditor *rulesEditor() const { return m_rules; }
    DataSourcesPanel *dataPanel() const { return m_data; }
    VariablesView *variablesView() const { return m_variables; }
    QTabWidget *detailTabs() const { return m_detail; }

private:
    QWidget *buildStepsPanel();
    void showScenario();
    void showStep();
    void routeStepIssues();
    void updateStepButtons();
    void commitSteps(const std::function<void(QList<Step> &)> &mutate, const QString &description,
                     int select);
    QString uniqueStepName(const QString &base, const Strategy &s) const;

    QSplitter *m_columns = nullptr; // the scenarios and steps | the selected step's details
    std::shared_ptr<double> m_totalWeight;
    StructListModel<Scenario> *m_scenarioModel;
    TableEditor *m_scenarios;
    StepTreeModel *m_stepModel;
    QTreeView *m_stepsView;
    QLabel *m_stepsMessage;
    QToolButton *m_addStep = nullptr;
    QToolButton *m_removeStep = nullptr;
    QToolButton *m_duplicateStep = nullptr;
    QToolButton *m_upStep = nullptr;
    QToolButton *m_downStep = nullptr;
    QToolButton *m_toggleStep = nullptr;
    QTabWidget *m_detail;
    StepEditor *m_stepEditor;
    StepRulesEditor *m_rules;
    DataSourcesPanel *m_data;
    VariablesView *m_variables;
    QList<ValidationIssue> m_issues;
    int m_scenario = -1;
    int m_step = -1;
    int m_pendingStep = -1; // step to select after the edit being committed
    bool m_selecting = false;
    bool m_readOnly = false;
};

} // namespace lw::ui
