#pragma once

// The run store: runs and everything recorded while they ran (intervals with their total encoded
// HdrHistogram and per-request latency figures, resource samples, events, prerequisite results,
// summary, verdict, and the exact strategy revision that ran), kept in the workspace SQLite file
// (schema v2, migrations.cpp).
//
// Threading: a RunStore uses the connection of the Workspace it is built on, so it lives on that
// Workspace's thread (one Workspace per thread). Writes are short BEGIN IMMEDIATE transactions;
// reads finish and reset every statement, so no read transaction stays open and the WAL file is
// checkpointed while a soak runs.

#include "results/engineevents.h"
#include "results/intervalcolumns.h"
#include "results/runtypes.h"
#include "results/scenariostats.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace lw {

class Workspace;

// What went wrong with a store call, for a message a person can act on and for the caller to decide
// (a Full or Busy error during a run is worth an event and a retry of the same batch).
struct StoreError
{
    enum class Kind
    {
        None,
        Busy,     // another program holds the workspace lock past the busy timeout
        Full,     // the disk (or the file's size limit) is full: SQLITE_FULL
        ReadOnly, // the file or its directory is not writable
        NotFound, // no run with that id
        Refused,  // the call makes no sense for the run's state (e.g. changing a final run)
        Other
    };
    Kind kind = Kind::None;
    QString message;

    bool isError() const { return kind != Kind::None; }
};

// The host/process that owns a live run, so a later start can tell a dead owner from a live one.
struct RunOwner
{
    QString host; // QSysInfo::machineHostName()
    qint64 pid = 0;
    QString bootId;        // /proc/sys/kernel/random/boot_id
    qint64 startTicks = 0; // field 22 of /proc/PID/stat: tells a reused pid from the owner

    static RunOwner current();
};

// What a run is: a load test, or a debug run (a few iterations sent one by one, with a record per
// step; kept out of comparisons, baselines and trends).
enum class RunKind
{
    Load,
    Debug
};
QString toString(RunKind kind); // "load", "debug"
std::optional<RunKind> runKindFromString(const QString &text);

struct RunStart
{
    qint64 strategyId = 0;
    int revision = 0;
    QString contentHash;
    QString strategyName;
    QByteArray strategyJson;          // the exact revision document that runs
    QMap<QString, QString> variables; // resolved --set / environment values used by the run
    QString user;
    double plannedDurationS = 0;
    std::optional<RunOwner> owner; // empty: RunOwner::current()
    RunKind kind = RunKind::Load;
};

// What the controller stores in one transaction, typically every second.
struct RunBatch
{
    QList<EngineInterval> intervals;
    QList<ResourceSample> resources;
    QList<RunEvent> events;

    bool isEmpty() const { return intervals.isEmpty() && resources.isEmpty() && events.isEmpty(); }
};

// Who ran a run and what: for the entries observers write about it (its audit trail).
struct RunIdentity
{
    QString user;
    QString strategyName;
    int revision = 0;
};
// Reads runId's identity on db (inside an observer's transaction); nullopt with *error when the run
// cannot be read.
std::optional<RunIdentity> readRunIdentity(QSqlDatabase db, qint64 runId, QString *error);

// One row of the run list, with the totals kept up to date while the run is stored.
struct RunRecord
{
    qint64 id = 0;
    RunKind kind = RunKind::Load;
    qint64 strategyId = 0;
    int revision = 0;
    QString contentHash;
    QString strategyName;
    QMap<QString, QString> variables;
    QString user;
    QString engineVersion;
    RunStatus status = RunStatus::Pending;
    QString statusReason;
    QDateTime createdAt; // UTC
    QDateTime startedAt; // UTC; invalid until the engine started
    QDateTime endedAt;   // UTC; invalid while live
    QDateTime heartbeatAt;
    double plannedDurationS = 0;
    RunOwner owner;

    qint64 requests = 0; // completed responses
    qint64 sent = 0;
    qint64 errors = 0;
    qint64 dropped = 0;
    int intervals = 0;
    double durationS = 0;
    double rps = 0;
    // Latency in microseconds: of the summary once finished, else of the intervals stored so far
    // (p50/p90/p99/p999 then are the worst interval's; 0 when nothing was stored).
    qint64 p50Us = 0;
    qint64 p90Us = 0;
    qint64 p99Us = 0;
    qint64 p999Us = 0;
    qint64 maxUs = 0;
    std::optional<double> score; // from the verdict
    std::optional<bool> passed;  // from the verdict
};

// A live run found without its owner by recoverInterrupted().
struct RecoveredRun
{
    qint64 runId = 0;
    RunStatus previousStatus = RunStatus::Pending;
    QString reason; // as stored in status_reason
    int intervals = 0;
};

// Which parts of the stored intervals to read. Figures (counts, latency figures of the interval and
// of each request) are cheap; the total histogram costs a blob per interval.
enum class IntervalContent
{
    Figures,
    WithTotalHistogram
};

// The histogram pyramid (run_histogram_blocks): level-1 blocks merge the interval totals with index
// in [32 b, 32 b + 31], level-2 blocks the level-1 blocks [32 b, 32 b + 31] (1,024 intervals). Every
// block is the exact merge (same V2 encoding, 3 significant digits) of what is stored below it,
// rewritten in the transaction that stores its intervals.
inline constexpr qint64 kPyramidFanout = 32;
inline constexpr int kPyramidLevels = 2;
// Resource samples are stored per source in blocks of this span of wall-clock time (at_ms div it).
inline constexpr qint64 kResourceBlockMs = 1024 * 1000;
// Per-interval figures are stored in column blocks of kIntervalBlockSpan (1,024) intervals
// (results/intervalcolumns.h).

class RunStore
{
public:
    explicit RunStore(Workspace &workspace);
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    // Writes. Each returns false (or nullopt) with *error set; nothing is half-written then.

    // A new run in status pending, owned by start.owner (default: this process). Returns its id.
    std::optional<qint64> createRun(const RunStart &start, StoreError *error = nullptr);
    // Moves a live run to another status (live or final); refuses to change a final run. For the end
    // of a run prefer finishRun().
    bool setStatus(qint64 runId, RunStatus status, const QString &reason, StoreError *error = nullptr);
    bool setStarted(qint64 runId, const QDateTime &startedAt, const QString &engineVersion,
                    StoreError *error = nullptr);
    // Stores a batch in one IMMEDIATE transaction, updates the running totals and the heartbeat.
    // A failed call stores nothing of the batch, so the caller retries the same batch. Re-storing
    // is idempotent: an interval (run, index) or resource sample (run, source, time) already stored
    // is replaced, never duplicated and never an error.
    bool appendBatch(qint64 runId, const RunBatch &batch, StoreError *error = nullptr);
    // Marks the owner alive without data (e.g. while prerequisites are checked).
    bool heartbeat(qint64 runId, StoreError *error = nullptr);
    // Replaces the run's prerequisite results.
    bool savePrerequisites(qint64 runId, const QList<PrerequisiteResult> &results,
                           StoreError *error = nullptr);
    // Final status (isFinal() must hold), reason, totals from the summary (or from the stored
    // intervals without one), summary histogram and verdict. Refuses an already-final run.
    bool finishRun(qint64 runId, RunStatus status, const QString &reason,
                   const std::optional<EngineSummary> &summary, const std::optional<Verdict> &verdict,
                   StoreError *error = nullptr);
    // Every live run whose owner is gone (same host: other boot, dead pid or reused pid; another
    // host: no heartbeat for 2 minutes) becomes interrupted, keeping its data. Runs whose owner is
    // alive are left alone.
    QList<RecoveredRun> recoverInterrupted(StoreError *error = nullptr);
    // Deletes a run and everything recorded with it.
    bool deleteRun(qint64 runId, StoreError *error = nullptr);
    // Debug runs: appends the engine's debug_step records (in the order sent) in one transaction.
    bool appendDebugSteps(qint64 runId, const QList<QJsonObject> &records, StoreError *error = nullptr);

    // Reads. An empty result with error->isError() false means there is nothing (yet).

    QList<RunRecord> runs(StoreError *error = nullptr) const; // newest first, every kind
    // The step records of a debug run, in the order the engine sent them (empty for a load run).
    QList<QJsonObject> debugSteps(qint64 runId, StoreError *error = nullptr) const;
    std::optional<RunRecord> run(qint64 runId, StoreError *error = nullptr) const;
    // Intervals with index in [fromIndex, toIndex] (-1: open end), in index order, with their counts
    // and latency figures (p50, p90, p99, p999, max, min, mean: the engine's exact ones; p95 from the
    // interval's histogram) and, per named request, its counts (sent, completed, errors) and exact figures
    // decoded from the engine's per-request histogram of that interval. With WithTotalHistogram,
    // EngineInterval::histogram is the interval's total over all requests (base64 V2 compressed):
    // the engine's counts at the engine's precision (3 significant digits), only re-compressed;
    // empty with Figures.
    // requests[i].histogram is always empty: per-request histograms are not kept per interval (they
    // would break the budget of 10 MiB per hour of 1 s intervals). The whole run's per-request
    // histograms, at full precision, are in summary()->perRequest.
    QList<EngineInterval> intervals(qint64 runId, int fromIndex = -1, int toIndex = -1,
                                    IntervalContent content = IntervalContent::Figures,
                                    StoreError *error = nullptr) const;
    // The total latency histogram over all requests (base64 V2 compressed, 3 significant digits),
    // merged from the stored interval totals in [fromIndex, toIndex] (-1: open end): exact for any
    // range. Empty when no interval with a histogram is stored there. There is no per-request
    // equivalent for a range; only the whole run's per-request histograms exist (summary()).
    QByteArray mergedHistogram(qint64 runId, int fromIndex = -1, int toIndex = -1,
                               StoreError *error = nullptr) const;
    // The scenario statistics of [fromIndex, toIndex] (-1: open end) merged exactly from the stored
    // intervals: each transaction's and each scenario's iteration duration histogram (added, never
    // averaged) and every named check's counts. Empty for a run without scenarios; *error when a
    // stored histogram does not decode.
    ScenarioTotals scenarioTotals(qint64 runId, int fromIndex = -1, int toIndex = -1,
                                  StoreError *error = nullptr) const;
    QList<ResourceSample> resources(qint64 runId, StoreError *error = nullptr) const; // by time
    QList<RunEvent> events(qint64 runId, StoreError *error = nullptr) const;          // in order
    QList<PrerequisiteResult> prerequisites(qint64 runId, StoreError *error = nullptr) const;
    std::optional<Verdict> verdict(qint64 runId, StoreError *error = nullptr) const;
    // The engine's summary as stored by finishRun(), with its total histogram and, in perRequest,
    // each request's whole-run histogram at full precision.
    std::optional<EngineSummary> summary(qint64 runId, StoreError *error = nullptr) const;
    QByteArray strategyJson(qint64 runId, StoreError *error = nullptr) const;
    // Whether the run's histogram pyramid is complete (false for a run stored before pyramids
    // existed, until ensurePyramid()); nullopt with *error when the run cannot be read.
    std::optional<bool> hasPyramid(qint64 runId, StoreError *error = nullptr) const;
    // Builds the histogram pyramid of a run stored before pyramids existed (once, in one write
    // transaction; progress(done, total) in intervals). True at once when it is already built. A
    // read that completes what is stored (the run's data do not change), hence const.
    bool ensurePyramid(qint64 runId, const std::function<void(int done, int total)> &progress = {},
                       StoreError *error = nullptr) const;

    // Whether the run's per-interval figures are stored as column blocks (run_interval_blocks; false
    // for a run stored before they existed, until ensureIntervalBlocks()); nullopt with *error when
    // the run cannot be read.
    std::optional<bool> hasIntervalBlocks(qint64 runId, StoreError *error = nullptr) const;
    // Builds the column blocks of a run stored before they existed from its interval rows (once, in
    // one write transaction; p95 from each interval's histogram; progress(done, total) in intervals).
    // True at once when they are built. Like ensurePyramid(), a const completion of what is stored.
    bool ensureIntervalBlocks(qint64 runId, const std::function<void(int done, int total)> &progress = {},
                              StoreError *error = nullptr) const;
    // The per-interval figures of every interval of runId from its column blocks, in index order
    // (empty for a run whose blocks are not built). The same figures as intervals() gives per row, with
    // p95 and the errors that came with an HTTP response.
    QList<IntervalFigures> intervalFigures(qint64 runId, StoreError *error = nullptr) const;

    // The connection name of the Workspace this store uses, for fast read paths of other areas
    // (core/report reads 86,400 interval rows with the SQLite API directly).
    QString connectionName() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// The object `loadwright runs --json` prints for one run: id, strategy, strategy_id, revision,
// content_hash, kind ("load" or "debug"), status (toString(RunStatus)), reason, user, created_at, started_at,
// ended_at (ISO 8601 UTC or null), planned_duration_s, duration_s, requests, sent, errors, dropped,
// intervals, rps, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, score and passed (null without a verdict).
QJsonObject runRecordToJson(const RunRecord &run);

} // namespace lw

Q_DECLARE_METATYPE(lw::RunRecord)
