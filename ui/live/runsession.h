#pragma once

// The thin layer between a RunController and a LiveDashboard: the controller lives in its own
// QThread (parsing and storage never run on the GUI thread); its value-type signals reach the
// dashboard's slots through queued connections; the dashboard's Stop and Emergency stop reach the
// controller's slots the same way. The session ends when the controller reports finished().

#include "run/runcontroller.h"

#include <QObject>
#include <QPointer>

class QThread;

namespace lw::ui {

class LiveDashboard;

class RunSession : public QObject
{
    Q_OBJECT
public:
    RunSession(RunRequest request, LiveDashboard *dashboard, QObject *parent = nullptr);
    // Waits for the worker thread; a run still going is ended by destroying its controller
    // (the controller records it as interrupted by the app).
    ~RunSession() override;

    void start();
    bool isActive() const { return m_started && !m_outcome; }
    const std::optional<RunOutcome> &outcome() const { return m_outcome; }
    LiveDashboard *dashboard() const { return m_dashboard; }

public Q_SLOTS:
    void stop();
    void emergencyStop();

Q_SIGNALS:
    void finished(const lw::RunOutcome &outcome);

private:
    QThread *m_thread;
    RunController *m_controller;
    QPointer<LiveDashboard> m_dashboard;
    bool m_started = false;
    std::optional<RunOutcome> m_outcome;
};

} // namespace lw::ui
