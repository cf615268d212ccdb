#pragma once

// Value types shared by the run controller, the run store, the resource monitor and the live
// dashboard: run status, resource samples, run events, prerequisite results and the verdict. Plain
// structs registered as metatypes so they cross queued connections between the controller's worker
// thread and the GUI.

#include "model/strategy.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw {

// Life of a run. Pending, Checking and Running are live; the rest are final.
enum class RunStatus
{
    Pending,         // created, nothing checked yet
    Checking,        // validation, prerequisites, approval gate, testing window
    Running,         // the engine is sending
    Passed,          // finished and met its success criteria
    Failed,          // finished and missed its success criteria
    StoppedBySafety, // a safety limit or rollback trigger stopped it
    Cancelled,       // refused before start (prerequisite, gate, window) or stopped by the user
    Interrupted      // the engine or the app died; the data received until then is kept
};

// "pending", "checking", "running", "passed", "failed", "stopped_by_safety", "cancelled",
// "interrupted"; fromString returns nullopt for anything else.
QString toString(RunStatus status);
template <> std::optional<RunStatus> fromString(const QString &text);
QString displayName(RunStatus status); // "Stopped by safety", ...
bool isFinal(RunStatus status);

// One sample of one monitored source, taken every monitoring interval (default 1 s).
// source: "host", "process:<name or pid>", "prometheus:<endpoint name>".
// Keys of values, rates per second over the last sampling period:
//   host:    cpu_percent (0..100 x cores, as top shows it), cpu_cores, memory_used_mib,
//            memory_total_mib, net_rx_bytes_s, net_tx_bytes_s, disk_read_bytes_s,
//            disk_write_bytes_s, load1
//   process: cpu_percent, rss_mib, threads, alive (1 or 0); pid is in values["pid"]
//   prometheus: the kept metric names, each series as name{label="v",...} in canonical label order;
//            counters also as name{...}:rate
struct ResourceSample
{
    qint64 atMs = 0;     // wall clock, ms since the Unix epoch
    double elapsedS = 0; // seconds since the run started (negative before)
    QString source;
    QMap<QString, double> values;
    QString error; // non-empty when the source could not be sampled this time
};

// Something that happened during a run, for the live event log and the report.
// kind: "state" (status change), "prerequisite", "gate", "window", "engine" (ready, started, warning,
// crash), "limit.crossed", "limit.cleared", "limit.unevaluable", "action" (alert, stop, emergency
// stop, rollback started), "rollback.step", "rollback.verify", "bottleneck", "user" (stop pressed),
// "storage" (a write problem).
struct RunEvent
{
    qint64 atMs = 0;
    double elapsedS = 0;
    QString kind;
    AlertSeverity severity = AlertSeverity::Info;
    QString message;  // one line for people
    QJsonObject data; // machine-readable details (limit name, value, threshold, exit code...)
};

// A safety action (the safety monitor's "action" event of a limit or rollback trigger: alert, stop,
// emergency stop, rollback), as opposed to other events of kind "action".
bool isSafetyAction(const RunEvent &e);

struct PrerequisiteResult
{
    enum class Outcome
    {
        Passed,
        Failed,
        Skipped,    // auto-check off or not required and not run
        Confirmed,  // manual item ticked
        Unconfirmed // manual item not ticked
    };
    QString name;
    PrerequisiteType type = PrerequisiteType::Manual;
    bool required = true;
    Outcome outcome = Outcome::Skipped;
    QString detail; // "HTTP 200 in 12 ms", "connection refused", "4.2 GiB free", ...
    qint64 durationMs = 0;
    QString checkedBy;   // user who ticked a manual item, or "auto"
    QDateTime checkedAt; // UTC
    bool blocksRun() const
    {
        return required && (outcome == Outcome::Failed || outcome == Outcome::Unconfirmed);
    }
};
QString
toString(PrerequisiteResult::Outcome outcome); // "passed", "failed", "skipped", "confirmed", "unconfirmed"

struct CriterionResult
{
    SuccessCriterion criterion;
    bool evaluable = false; // the metric had data (a CPU criterion without host monitoring has none)
    double measured = 0;
    bool passed = false;
    QString detail; // "p99 = 84.2 ms <= 250 ms"
};

struct Verdict
{
    bool passed = false;
    double score = 0; // 0..100: weighted share of criteria met
    QList<CriterionResult> criteria;
    QStringList violations;      // one line per failed criterion or safety stop
    QStringList recommendations; // what to look at next
};

} // namespace lw

Q_DECLARE_METATYPE(lw::RunStatus)
Q_DECLARE_METATYPE(lw::ResourceSample)
Q_DECLARE_METATYPE(lw::RunEvent)
Q_DECLARE_METATYPE(lw::PrerequisiteResult)
Q_DECLARE_METATYPE(lw::Verdict)
