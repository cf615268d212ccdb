#pragma once

// The run controller: one run of one strategy revision, from checks to verdict. Used by the GUI
// (moved to a worker thread, so parsing and storage never run on the GUI thread) and by
// `loadwright run` (in the command's own thread). It opens its own connection to the workspace file.
//
//   validate -> prerequisites -> approval gate -> testing window -> launch the engine
//   -> store intervals, resources and events in short batched transactions
//   -> evaluate safety limits and rollback triggers every interval -> act -> verdict.
//
// Every signal carries value types (runtypes.h, engineevents.h) and is emitted from the
// controller's thread; connect with Qt::QueuedConnection (the default across threads). The request's
// callbacks (gate, clock, connectionHook) are called in the controller's thread too.
//
// How runs end (status / RunOutcome::Cause): criteria met or missed -> passed / failed (Completed);
// refused before the engine sends -> cancelled (Invalid, Prerequisite, Gate, Window, EngineRefused,
// EngineFailure, UserStop); a limit acted -> stopped_by_safety (SafetyStop); stop() -> cancelled
// (UserStop); the engine died or stopped on its own -> interrupted (EngineCrash, EngineFailure); the
// workspace could not be written for more than 10 s -> the run is stopped and interrupted (Storage);
// the controller destroyed mid-run -> interrupted (ControllerGone). Everything received before the end
// is stored. A graceful stop the engine does not answer within its request timeout + 3 s becomes an
// emergency stop. If the final write fails (workspace locked), finished() still comes at once and the
// write is retried every second for a minute; a run left live is marked interrupted by the next
// RunStore::recoverInterrupted().

#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/gatedecision.h"
#include "results/runtypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace lw {

// The gate of a request without one: refuses any revision whose approvalRequirement() asks for
// sign-off, because it cannot verify one (the CLI and the GUI pass governance's gate).
GateDecision defaultApprovalGate(const Strategy &strategy, qint64 strategyId, int revision,
                                 const QString &contentHash, const QString &user);

// A debug run (stored as a run of kind debug): the engine's debug mode instead of the strategy's load
// profile: iterations rounds of the scenario (or of every scenario and target), or one iteration per
// data row for the first rows rows, each by a fresh virtual user, with a record per step. It passes the
// same validation, prerequisites, approval gate, testing window and allow-list as a run; safety limits,
// resource monitoring, success criteria and notifications do not apply. It passes when every step
// answered without an HTTP error, every extraction found its value and every check passed.
struct DebugOptions
{
    int iterations = 1; // 1..10
    int rows = 0;       // 1..10: one iteration per data row instead (0: off)
    QString scenario;   // empty: every scenario (and plain target)
    bool applyThinkTime = false;
};

struct RunRequest
{
    QString workspacePath;
    qint64 strategyId = 0;
    int revision = 0;                         // 0: the latest revision
    QString user;                             // who runs it (--as, GUI setting); recorded with the run
    QMap<QString, QString> variables;         // --set VAR=value; the environment fills the rest
    QStringList confirmedManualPrerequisites; // names of manual checklist items the user ticked
    QString enginePath;                       // empty: EngineProcess::defaultEnginePath()
    std::optional<EngineChoice> engine;       // set: overrides the strategy's engine (--engine-kind)
    ApprovalGate gate;                        // empty: defaultApprovalGate
    std::function<QDateTime()> clock;         // empty: QDateTime::currentDateTime (tests inject one)
    // Run although outside every testing window: only on the user's request, with a reason, and only
    // when windowOverrideGate allows request.user (an admin, or an approver of the strategy). The
    // override is an event of the run (kind "window.override", shown in its report) and an audit
    // entry (run.window_override, with who and why).
    bool ignoreTestingWindows = false;
    QString windowOverrideReason;
    std::function<GateDecision(const QString &user)> windowOverrideGate; // empty: nobody may override
    // Called with the controller's own workspace connection right after it is opened, in the
    // controller's thread (tests use it for PRAGMA max_page_count to make the disk "full").
    std::function<void(const QString &connectionName)> connectionHook;
    std::optional<DebugOptions> debug; // set: a debug run (kind debug) instead of a load run
};

struct RunProgress
{
    double elapsedS = 0;
    double plannedS = 0;
    int stageIndex = 0; // 0-based; -1 before the first stage
    int stageCount = 0;
    double currentTarget = 0; // planned rate (open) or users (closed) now
    double sentRate = 0;      // last interval
    double completedRate = 0; // last interval
};

struct RunOutcome
{
    // Why the run ended as it did (the CLI's exit code and the GUI's message follow from it).
    enum class Cause
    {
        Completed,      // the engine finished the plan (status passed or failed)
        Invalid,        // the revision does not validate (unset variables, bad fields)
        Prerequisite,   // a required prerequisite failed or was not confirmed
        Gate,           // the approval gate refused
        Window,         // outside every testing window
        EngineRefused,  // the engine refused the spec (host not allowed, unresolvable, invalid)
        EngineFailure,  // the engine could not run: missing binary, protocol mismatch, no summary
        EngineCrash,    // the engine died during the run
        Storage,        // the workspace could not be written (locked, full) and the run was stopped
        UserStop,       // stop() or emergencyStop() by the user
        SafetyStop,     // a safety limit or rollback trigger stopped it
        ControllerGone, // the controller was destroyed during the run (the app closed)
        WorkspaceError  // the workspace could not be opened or the run row not created
    };

    qint64 runId = 0;
    RunStatus status = RunStatus::Pending;
    QString reason; // one line: "3 of 3 criteria met", "error_rate 12.4 % > 5 % for 3 s", ...
    std::optional<EngineSummary> summary;
    std::optional<Verdict> verdict;
    int intervals = 0;
    Cause cause = Cause::Completed;
};

class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(RunRequest request, QObject *parent = nullptr);
    ~RunController() override;

    qint64 runId() const; // 0 until the run row exists (soon after start())
    RunStatus status() const;
    // After finished(): true while the end of the run (its last records and final state) could not
    // be written yet and is being retried (a full or locked workspace). finalStorageSettled() says
    // when that is over.
    bool isStoringFinal() const;

public Q_SLOTS:
    void start();         // runs everything up to the verdict; finished() is always emitted once
    void stop();          // user: graceful stop; before the engine runs, cancels
    void emergencyStop(); // user: every socket closed at once

Q_SIGNALS:
    void runCreated(qint64 runId);
    void statusChanged(lw::RunStatus status, const QString &detail);
    void prerequisiteChecked(const lw::PrerequisiteResult &result);
    void engineReady(const lw::EngineHello &hello);
    void intervalRecorded(const lw::EngineInterval &interval); // after it is stored
    void resourceSampled(const lw::ResourceSample &sample);
    void eventLogged(const lw::RunEvent &event);
    void progressed(const lw::RunProgress &progress);
    void finished(const lw::RunOutcome &outcome);
    // The retried end of the run was written (stored) or the retries ran out (not stored: the next
    // opening of the workspace marks the run interrupted; what was lost is in lostRecords).
    void finalStorageSettled(bool stored, const QString &lostRecords);
    // Debug runs: the record of one step (PROTOCOL.md, "Debug runs"), after it is stored.
    void debugStepRecorded(const QJsonObject &record);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw

Q_DECLARE_METATYPE(lw::RunProgress)
Q_DECLARE_METATYPE(lw::RunOutcome)
