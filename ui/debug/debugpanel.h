#pragma once

// "Send one iteration": the designer's debug panel. Its button (with a menu for N iterations up to
// 10, or one iteration per data row of the first rows) asks for a debug run of the open strategy;
// the run goes through the run controller in a worker thread (same gates as a run, stored as a run
// of kind debug) with progress and Cancel, and its steps fill the results tree as they arrive.
// Secrets are masked in the tree unless "Show secrets" is ticked.

#include "results/gatedecision.h"
#include "run/runcontroller.h"

#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QToolButton;
class QTreeView;

namespace lw {
class Workspace;
}

namespace lw::ui {

class DebugResultsModel;
class DebugSession;

class DebugPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DebugPanel(Workspace &workspace, QWidget *parent = nullptr);
    ~DebugPanel() override;

    void setEnginePath(const QString &path) { m_enginePath = path; } // empty: found beside the app
    void setUser(const QString &user) { m_user = user; }
    void setGate(ApprovalGate gate) { m_gate = std::move(gate); } // empty: the workspace's approvals
    // Asked before a debug run is deleted (title, text); empty: deleted without asking.
    void setConfirm(std::function<bool(const QString &, const QString &)> confirm)
    {
        m_confirm = std::move(confirm);
    }

    // Starts a debug run of the latest saved revision of strategyId. False (why in statusText())
    // when one is already running or the strategy has no saved revision.
    bool start(qint64 strategyId, const DebugOptions &options);
    void cancel();
    bool isRunning() const;
    // Shows a stored debug run (its step records) in the tree.
    bool openRun(qint64 runId);
    // Deletes the debug run shown (after the confirmation), audited; the tree empties.
    bool deleteShownRun();

    DebugResultsModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QToolButton *sendButton() const { return m_send; }
    QAction *sendAction() const { return m_sendOne; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *deleteButton() const { return m_delete; }
    QCheckBox *showSecretsBox() const { return m_showSecrets; }
    QString statusText() const;
    qint64 runId() const { return m_runId; }

Q_SIGNALS:
    // The user asked for a debug run with these options (the owner answers with start()).
    void sendRequested(const lw::DebugOptions &options);
    void finished(const lw::RunOutcome &outcome);
    void statusMessage(const QString &message);

private:
    void setStatus(const QString &text);
    void showDetails();
    void expandSteps();
    void setRunning(bool running);

    Workspace &m_ws;
    QString m_enginePath;
    QString m_user;
    ApprovalGate m_gate;
    std::function<bool(const QString &, const QString &)> m_confirm;
    DebugResultsModel *m_model;
    QToolButton *m_send;
    QAction *m_sendOne;
    QSpinBox *m_iterations;
    QSpinBox *m_rows;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_delete;
    QLabel *m_status;
    QCheckBox *m_showSecrets;
    QSplitter *m_split;
    QTreeView *m_tree;
    QPlainTextEdit *m_details;
    std::unique_ptr<DebugSession> m_session;
    qint64 m_runId = 0;
};

} // namespace lw::ui
