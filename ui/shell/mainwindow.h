#pragma once

// The workbench window. It only assembles: the navigator with its areas, the actions (menus, tool
// bar, shortcuts) wired to the areas, the status bar, and window state kept in QSettings.

#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QLabel;

namespace lw {
class Workspace;
}

namespace lw::ui {

class ApprovalStatusLabel;
class ApprovalsArea;
class AuditArea;
class Navigator;
class RunLauncher;
class RunsArea;
class StrategiesArea;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(std::unique_ptr<lw::Workspace> workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    StrategiesArea *strategiesArea() const { return m_strategies; }
    Navigator *navigator() const { return m_navigator; }
    RunLauncher *runLauncher() const { return m_runs; }
    ApprovalsArea *approvalsArea() const { return m_approvals; }
    AuditArea *auditArea() const { return m_audit; }
    RunsArea *runsArea() const { return m_runsArea; }
    QAction *action(const QString &objectName) const; // "actionSave", "actionUndo", ...
    // When the workspace file is not the one this user first opened (another identity or first
    // admin: see governance/workspacetrust.h), asks whether to trust it now; ask gets the message
    // and returns the answer (a question box when not given). True when the workspace is trusted.
    bool confirmWorkspaceIdentity(const std::function<bool(const QString &message)> &ask = {});

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void updateTitle();
    void updateActions();
    void updateStatus();
    void restoreState();
    void saveState();
    void about();
    void runOpenStrategy();

    std::unique_ptr<lw::Workspace> m_ws;
    bool m_readOnly = false; // the workspace's, kept: the title is updated while children are destroyed
    Navigator *m_navigator;
    StrategiesArea *m_strategies;
    RunLauncher *m_runs = nullptr;
    RunsArea *m_runsArea = nullptr;
    QLabel *m_pathLabel = nullptr;
    QLabel *m_validLabel = nullptr;
    QLabel *m_approvalLabel = nullptr;
    ApprovalStatusLabel *m_approvalStatus = nullptr; // the same label: approval status of the open strategy
    ApprovalsArea *m_approvals = nullptr;
    AuditArea *m_audit = nullptr;
    QAction *m_save = nullptr;
    QAction *m_export = nullptr;
    QAction *m_history = nullptr;
    QAction *m_archive = nullptr;
    QAction *m_run = nullptr;
};

} // namespace lw::ui
