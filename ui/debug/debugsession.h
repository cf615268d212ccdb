#pragma once

// A debug run from the workbench: a RunController (RunRequest::debug set) in its own QThread, so the
// engine's records are parsed and stored off the GUI thread; its value-type signals arrive queued.
// cancel() is an emergency stop (a debug run has nothing to finish gracefully).

#include "run/runcontroller.h"

#include <QObject>

class QThread;

namespace lw::ui {

class DebugSession : public QObject
{
    Q_OBJECT
public:
    explicit DebugSession(RunRequest request, QObject *parent = nullptr);
    // Waits for the worker thread; a debug run still going is ended by destroying its controller.
    ~DebugSession() override;

    void start();
    void cancel();
    bool isActive() const { return m_started && !m_outcome; }
    const std::optional<RunOutcome> &outcome() const { return m_outcome; }

Q_SIGNALS:
    void runCreated(qint64 runId);
    void statusChanged(lw::RunStatus status, const QString &detail);
    void stepRecorded(const QJsonObject &record);
    void finished(const lw::RunOutcome &outcome);

private:
    QThread *m_thread;
    RunController *m_controller;
    bool m_started = false;
    std::optional<RunOutcome> m_outcome;
};

} // namespace lw::ui
