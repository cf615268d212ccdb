#pragma once

// RunController internals, shared by runcontroller.cpp (setup, checks, finish) and
// runcontrollerrunning.cpp (engine, monitoring, safety actions).

#include "notify/runnotifier.h"
#include "run/engineprocess.h"
#include "run/prerequisitechecker.h"
#include "run/resourcemonitor.h"
#include "run/rollbackrunner.h"
#include "run/runcontroller.h"
#include "run/runcontrollerwriter.h"
#include "run/safetymonitor.h"
#include "run/verdict.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTemporaryDir>
#include <QTimer>

namespace lw {

struct RunController::Private
{
    explicit Private(RunController *owner, RunRequest r) : q(owner), request(std::move(r)) {}

    RunController *q;
    RunRequest request;
    std::unique_ptr<Workspace> workspace;
    std::unique_ptr<RunStore> store;
    RunBatchWriter *writer = nullptr;
    std::unique_ptr<notify::RunNotifier> notifier; // run events -> outbox rows

    qint64 runId = 0;
    RunStatus status = RunStatus::Pending;
    Strategy strategy;                      // resolved: no ${VAR} left
    std::unique_ptr<QTemporaryDir> dataDir; // scenario data files the engine reads, for the run's life
    StrategyRevision revision;
    QStringList allowHosts;

    PrerequisiteChecker *checker = nullptr;
    EngineProcess *engine = nullptr;
    ResourceMonitor *monitor = nullptr;
    RollbackRunner *rollback = nullptr;
    std::unique_ptr<SafetyMonitor> safety;
    BaselineThresholds baseline; // relative limits and criteria resolved against the baseline run
    QTimer *safetyTimer = nullptr;
    QTimer *stopWatchdog = nullptr; // escalates a graceful stop the engine does not answer

    qint64 engineHelloPid = 0;
    QStringList engineCapabilities; // from the engine's hello ("set_rate" makes a throttle possible)
    double throttleScale = 1.0;     // product of every throttle's scale so far (1: never throttled)
    QString engineVersion;          // as stored with the run: the version, or "locust 2.12.1, 2 workers"
    EngineChoice engineChoice;      // the engine that runs (debug runs always use the built-in one)
    qint64 runStartMs = 0;          // wall clock of the engine's start; 0 before
    bool runStarted = false;
    bool engineDone = false;
    bool rollbackDone = true;
    QString verdictSource;         // resourceSourceFor(strategy.monitoring)
    QList<ResourceSample> samples; // samples of verdictSource (cpu/memory values only), for the verdict
    bool generatorSaturated = false;
    std::optional<EngineSummary> summary;
    int intervalsReceived = 0;
    // Debug runs: step records not stored yet (a write failed), and what failed.
    QList<QJsonObject> pendingDebugSteps;
    int debugSteps = 0;
    QStringList debugFailures; // "iteration 1, step 'login': check 'token issued' failed (...)"

    // Why the engine is stopping, first one wins.
    bool userStopped = false;
    bool safetyStopped = false;
    bool storageStopped = false;
    bool emergencyRequested = false;
    QString stopReason;
    QStringList safetyStops; // one line per limit that acted

    // The end once the engine (and a rollback) are done.
    std::optional<RunStatus> endStatus;
    RunOutcome::Cause endCause = RunOutcome::Cause::Completed;
    QString endReason;
    bool finished = false;
    // The final write, retried while the workspace stays locked (runcontrollerfinish.cpp).
    RunOutcome finalOutcome;
    QTimer *finalRetry = nullptr;
    int finalAttempts = 0;
    bool finalStored = false;
    QString unstoredText(const QString &problem) const;

    // runcontroller.cpp
    void begin();
    bool openWorkspace();
    bool prepareStrategy(QString *reason, RunOutcome::Cause *cause);
    void startChecks();
    void onPrerequisitesFinished(const QList<PrerequisiteResult> &results);
    void afterPrerequisites();
    void setStatus(RunStatus s, const QString &detail);
    void logEvent(const QString &kind, AlertSeverity severity, const QString &message,
                  const QJsonObject &data = {});
    void logEvent(RunEvent event);
    void refuse(RunOutcome::Cause cause, const QString &reason); // cancelled before the engine ran
    void finish(RunStatus s, RunOutcome::Cause cause, const QString &reason);
    bool storeFinal(QString *problem); // runcontrollerfinish.cpp
    QDateTime now() const;
    double elapsedS() const;

    // runcontrollerrunning.cpp
    void launchEngine();
    void onEngineReady(const EngineHello &hello);
    void onRunStarted();
    void onInterval(const EngineInterval &interval);
    void onSample(const ResourceSample &sample);
    void addWorkerSamples(const EngineInterval &interval);
    void onRunFinished(const EngineSummary &s);
    void onDebugStep(const QJsonObject &record);
    void finishDebugRun();
    void onEngineFailed(const QString &message);
    void onEngineCrashed(int code, const QString &message);
    void evaluateSafety();
    void act(SafetyAction action, const QString &reason);
    bool throttle(SafetyFinding *finding); // false: the engine cannot throttle (stop instead)
    void startRollback();
    void requestStop(bool emergency);
    void onStorageGaveUp(const QString &reason);
    void maybeFinishRun();
    RunProgress progressAt(double elapsed, const EngineInterval *last) const;
    void stopMonitoring();
};

} // namespace lw
