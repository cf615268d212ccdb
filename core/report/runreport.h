#pragma once

// The report of one stored run: everything an analyst reads offline (verdict and score, success
// criteria, safety events and actions, prerequisite results, the risk register, the approvals that
// allowed the run, the exact strategy revision, per-request and per-stage breakdowns, interval
// figures, resources, the latency distribution) gathered once from the workspace into a plain value.
//
// A RunReport is what every view and export renders: the report view, HTML, PDF, JSON, CSV. A saved
// report (savedreports.h) stores the JSON document of a RunReport, so it reopens exactly as it was
// generated, even after the run is deleted.
//
// Latency figures of a range are always computed from the merged interval histograms of that range
// (RangeSlicer), never by averaging percentiles.

#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/intervalcolumns.h"
#include "results/resourcecolumns.h"
#include "results/runtypes.h"
#include "results/scenariostats.h"
#include "storage/runstore.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace lw {
class Workspace;
}

namespace lw::report {

class RangeSlicer;
namespace detail {
struct SlicerFactory;
}

// Version of the report document (JSON "format_version"); bumped on incompatible changes.
inline constexpr int kReportFormatVersion = 1;

// Interval indices, inclusive; -1 is an open end. {-1, -1} is the whole run.
struct IntervalRange
{
    int fromIndex = -1;
    int toIndex = -1;
    bool isWholeRun() const { return fromIndex < 0 && toIndex < 0; }
};

// Totals and latency of a range of intervals (or of the whole run).
struct RangeFigures
{
    IntervalRange range;
    double fromS = 0; // seconds since the run start
    double toS = 0;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    qint64 dropped = 0;
    double rps = 0;       // completed per second over the range
    double errorRate = 0; // errors / completed responses and failures, 0..1
    LatencySummary latency;
};

// One point of the latency distribution ("latency by percentile", HdrHistogram's percentile
// distribution): the value at percentile, plotted on a 1/(1-p) axis.
struct PercentilePoint
{
    double percentile = 0; // 0..100
    qint64 valueUs = 0;
    qint64 totalCount = 0; // recorded values <= valueUs
};

// A named check of a scenario step ("step/check") over the whole run.
struct CheckRow
{
    QString name;
    qint64 passes = 0;
    qint64 fails = 0;
};

struct RequestRow
{
    QString name;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    double rps = 0;
    double errorRate = 0;
    LatencySummary latency; // of the whole run (per-request histograms exist only for the whole run)
};

// One stage of the load profile as it actually ran: the intervals inside it, merged.
struct StageRow
{
    int stage = 0;          // 0-based index in the strategy's load profile
    QString label;          // "Stage 2: ramp to 200 req/s over 60 s"
    double plannedRate = 0; // target rate (open model) or virtual users (closed model) at the stage end
    RangeFigures figures;
};

// One interval's figures, for the time series charts and the CSV export (stored as column blocks
// by the run store, results/intervalcolumns.h).
using IntervalRow = IntervalFigures;

// A decision recorded for the revision that ran, as verified when the report was generated.
struct ApprovalRow
{
    QString approver;
    QString decision; // "approve", "reject", "revoke"
    QString comment;
    QString createdAt;
    QString expiresAt;
    bool valid = false;
    QString problem;
};

struct RunReport
{
    int formatVersion = kReportFormatVersion;
    QDateTime generatedAt; // UTC
    QString generatedBy;   // acting user
    QString generator;     // "Loadwright 0.x.y"
    QString workspaceId;
    QString auditHeadHash; // head of the workspace's audit chain when generated

    RunRecord run;
    QByteArray strategyJson; // the exact revision that ran
    Strategy strategy;       // parsed from strategyJson

    IntervalRange range;  // what the headline figures cover (the whole run by default)
    RangeFigures overall; // headline figures over range, from merged histograms
    std::optional<Verdict> verdict;
    QList<CriterionResult> criteria; // = verdict->criteria, kept for convenience of renderers
    QList<RunEvent> events;          // all run events, in order
    QList<RunEvent> safetyEvents;    // limit.*, action, rollback.* events
    QList<PrerequisiteResult> prerequisites;
    QList<Risk> risks;            // the strategy's risk register
    QList<ApprovalRow> approvals; // decisions on strategy id + revision that ran
    QString approvalSummary;      // "Approved by alice, bob (2 of 2 required)" / "No sign-off required"
    QList<RequestRow> requests;
    QList<CheckRow> checks; // scenario checks, whole run (empty for runs without scenarios)
    // Transactions and each scenario's iterations, whole run: durations from the interval histograms
    // merged exactly (empty for runs without scenarios; histogram is not kept in the JSON document).
    QList<ScenarioScope> scopes;
    QList<StageRow> stages;
    QList<IntervalRow> intervals;        // every stored interval (the whole run, not only range)
    ResourceColumns resources;           // every stored sample, as columns per source
    QList<PercentilePoint> distribution; // of range
    QMap<QString, qint64> errorsByClass; // whole run
    QMap<int, qint64> statuses;          // whole run
};

// Gathers the report of runId from ws (run store, strategy revision, governance). The headline
// figures and the distribution cover range. Returns nullopt with *error set when the run does not
// exist or cannot be read. When slicer is given, it receives the RangeSlicer the report was computed
// with (the intervals are read once for both; re-slice with applyRange()).
std::optional<RunReport> buildRunReport(Workspace &ws, qint64 runId, const IntervalRange &range,
                                        const QString &user, QString *error,
                                        class RangeSlicer *slicer = nullptr);

// Recomputes overall and distribution of report for another range from slicer (same run).
void applyRange(RunReport &report, const class RangeSlicer &slicer, const IntervalRange &range);

// Percentile distribution of an encoded (base64 V2) histogram at HdrHistogram's usual ticks
// (ticksPerHalfDistance 5, up to the max), for the 1/(1-p) plot.
QList<PercentilePoint> percentileDistribution(const QByteArray &base64Histogram,
                                              int ticksPerHalfDistance = 5);

// JSON document of a report (documented in core/report/REPORT-FORMAT.md) and back. fromJson names
// the JSON path of the first problem in *error.
QJsonObject toJson(const RunReport &report);
std::optional<RunReport> reportFromJson(const QJsonObject &json, QString *error);

// Exact figures of any interval range of a stored run, fast enough for interactive re-slicing of a
// 24 h soak at 1 s intervals (86,400 intervals): a stored run is sliced from its histogram pyramid
// (RunStore: blocks of 32 and 1,024 intervals), of which only the blocks of 1,024 are decoded at
// load; a range reads its edge intervals and blocks of 32 on demand, so it costs a few dozen merges.
// Thread-compatible: load in a worker thread, then query from any one thread.
class RangeSlicer
{
public:
    RangeSlicer();
    ~RangeSlicer();
    RangeSlicer(RangeSlicer &&) noexcept;
    RangeSlicer &operator=(RangeSlicer &&) noexcept;

    // Reads the figures of every interval of runId and its pyramid (built first, once, for a run
    // stored before pyramids existed; when that cannot be written, every interval histogram is
    // decoded instead). Keeps a read-only connection to the workspace file for the edges of ranges.
    // nullopt with *error on a read failure.
    static std::optional<RangeSlicer> load(const RunStore &store, qint64 runId, QString *error);
    // The same from intervals already read (in index order, with their total histograms).
    static std::optional<RangeSlicer> fromIntervals(const QList<EngineInterval> &intervals, QString *error);

    int intervalCount() const;
    RangeFigures figures(const IntervalRange &range) const;
    // The merged histogram of range, base64 V2 compressed (empty when nothing is recorded there).
    QByteArray histogram(const IntervalRange &range) const;
    QList<PercentilePoint> distribution(const IntervalRange &range, int ticksPerHalfDistance = 5) const;
    // The interval index whose span contains elapsed second s (clamped to the run).
    int indexAt(double s) const;

private:
    friend struct detail::SlicerFactory;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw::report
