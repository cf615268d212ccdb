#pragma once

// Runs a strategy's rollback procedures in order, never blocking the thread (QProcess signals).
//
// Each procedure: `/bin/sh -c command` in its own process group, killed as a group (SIGKILL) when its
// timeout expires; then its verify_command, if any, the same way with the same timeout. A step
// succeeds when the command exits 0 in time and the verify command (if any) exits 0 in time; the
// verify command runs only after a successful command (a failed command already fails the step).
// A timeout that does not parse (the strategy should be validated) counts as 60 s.
// A failing step does NOT stop the later ones: a rollback should undo as much as it can, so every
// procedure runs and finished(false) reports that at least one failed.
//
// Events (emitted as they happen): kind "rollback.step" after each command, "rollback.verify" after
// each verify command; data: procedure, index, command, exit_code (-1 when killed or not started),
// duration_ms, timed_out, output (last lines of stdout+stderr merged, at most 20 lines / 4 KiB).
// Lives in one thread; emits from it.

#include "model/strategy.h"
#include "results/runtypes.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QProcess;
class QTimer;

namespace lw {

struct RollbackStepResult
{
    QString name;
    bool commandOk = false;
    int exitCode = -1;
    bool timedOut = false;
    qint64 durationMs = 0;
    QString output;
    bool hasVerify = false;
    bool verifyOk = false;
    int verifyExitCode = -1;
    bool verifyTimedOut = false;
    qint64 verifyDurationMs = 0;
    QString verifyOutput;
    bool succeeded() const { return commandOk && (!hasVerify || verifyOk); }
};

class RollbackRunner : public QObject
{
    Q_OBJECT
public:
    explicit RollbackRunner(QList<RollbackProcedure> procedures, QObject *parent = nullptr);
    ~RollbackRunner() override; // kills a running step's process group

    // Wall-clock run start (ms since the epoch), so events carry elapsedS; 0 leaves elapsedS at 0.
    void setRunStartMs(qint64 runStartMs) { m_runStartMs = runStartMs; }

    bool isRunning() const { return m_running; }
    QList<RollbackStepResult> results() const { return m_results; }

public Q_SLOTS:
    void start(); // no procedures: finished(true) at once (queued)
    void abort(); // kills the current step's group, skips the rest, finished(false)

Q_SIGNALS:
    void stepStarted(int index, const QString &name);
    void eventLogged(const lw::RunEvent &event);
    void finished(bool allSucceeded);

private:
    void startStep(bool verify);
    void onProcessFinished(int exitCode, bool crashed);
    void onTimeout();
    void nextProcedure();
    void finish();
    void killGroup();
    RunEvent makeEvent(bool verify) const;

    QList<RollbackProcedure> m_procedures;
    QList<RollbackStepResult> m_results;
    int m_index = -1;
    bool m_verifying = false;
    bool m_running = false;
    bool m_timedOut = false;
    bool m_aborted = false;
    qint64 m_runStartMs = 0;
    qint64 m_timeoutMs = 0;
    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_clock;
    QByteArray m_output;
};

} // namespace lw
