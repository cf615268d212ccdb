#pragma once

// Starts runs from the workbench: gathers what the pre-run dialog shows (revision, gate answer,
// testing window, remembered variables), asks, then creates a RunSession (a RunController in its
// own thread) and shows its LiveDashboard in the navigator's "Live run" area, which appears with
// the first run. Also answers whether the window may close while a run is live.

#include "live/runprompts.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QStackedWidget;

namespace lw {
class Workspace;
}

namespace lw::ui {

class LiveDashboard;
class Navigator;
class RunSession;

class RunLauncher : public QObject
{
    Q_OBJECT
public:
    RunLauncher(Workspace &workspace, Navigator *navigator, QWidget *window);
    ~RunLauncher() override;

    void setPrompts(const RunPrompts &prompts) { m_prompts = prompts; }
    void setEnginePath(const QString &path) { m_enginePath = path; } // empty: found beside the app
    void setGate(ApprovalGate gate) { m_gate = std::move(gate); }    // empty: the workspace's approvals
    static QString defaultUser();                                    // QSettings "run/user", else $USER

    // Runs the given saved revision (0: latest); unsavedChanges only changes the dialog's note.
    // False when nothing started (the user cancelled, or why was shown).
    bool run(qint64 strategyId, int revision, bool unsavedChanges = false);

    bool isRunning() const;
    LiveDashboard *dashboard() const;
    RunSession *session() const { return m_session.get(); }
    int areaIndex() const { return m_areaIndex; } // -1 until the first run

    // Asks when a run is live. True: the window may close now. False: not now (maybe later: when
    // the user chose to stop or wait, the window is closed again once the run has ended).
    bool maybeClose();

Q_SIGNALS:
    void runStarted(qint64 strategyId);
    void runFinished(const lw::RunOutcome &outcome);

private:
    QString enginePath() const;
    void restoreLatencyView(LiveDashboard *dashboard);

    Workspace &m_ws;
    Navigator *m_navigator;
    QWidget *m_window;
    RunPrompts m_prompts;
    QString m_enginePath;
    ApprovalGate m_gate;
    QStackedWidget *m_area = nullptr;
    int m_areaIndex = -1;
    QPointer<LiveDashboard> m_dashboard;
    std::unique_ptr<RunSession> m_session;
    bool m_closeWhenDone = false;
};

} // namespace lw::ui
