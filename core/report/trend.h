#pragma once

// A strategy's runs over time: per finished load run (passed or failed; debug runs and runs stopped
// early are left out, and counted) its p50, p95 and p99 latency from the run's merged histogram, its
// throughput, error rate and score, oldest first, the baseline marked; and per metric the change
// points of stats::judgeTrend (a run significantly worse than the runs before it, when the level moved
// with it). What the Runs area's trend view and `loadwright trend` show.

#include "results/runtypes.h"
#include "stats/trend.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace lw {
class Workspace;
}

namespace lw::report {

struct TrendRun
{
    qint64 runId = 0;
    QDateTime startedAt; // UTC
    int revision = 0;
    RunStatus status = RunStatus::Passed;
    bool baseline = false;
    qint64 requests = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double rps = 0;
    double errorRate = 0;        // errors / sent, 0..1
    std::optional<double> score; // 0..100, when the strategy has success criteria
};

struct TrendMetric
{
    QString key; // "p50", "p95", "p99", "rps", "error_rate", "score"
    QString label;
    QString unit; // "ms", "req/s", "%", ""
    bool higherIsWorse = true;
    std::vector<int> runIndex;  // into Trend::runs, oldest first (score: only the runs that have one)
    std::vector<double> values; // in the unit (error rate in %)
    std::vector<stats::TrendJudgement> judgements;
};

struct Trend
{
    QString strategyName;
    qint64 strategyId = 0;
    std::optional<qint64> baselineRunId;
    QList<TrendRun> runs; // oldest first
    QList<TrendMetric> metrics;
    int leftOut = 0; // finished load runs not in the trend (stopped early, interrupted, cancelled)
    stats::TrendOptions options;

    // The metrics (labels) in which the newest run is a change point.
    QStringList newestChangePoints() const;
};

// The trend of the strategy called strategyName over its last `lastRuns` finished load runs (0: all).
// nullopt with *error when there is no such strategy or the workspace cannot be read.
std::optional<Trend> buildTrend(Workspace &ws, const QString &strategyName, int lastRuns,
                                QString *error = nullptr);

// {"strategy", "baseline_run", "left_out", "options": {...}, "runs": [{"run", "started_at",
//  "revision", "status", "baseline", "requests", "p50_ms", ...}], "metrics": [{"key", "label", "unit",
//  "higher_is_worse", "points": [{"run", "value", "state", "reference", "bound", "change_percent"}]}],
//  "newest_change_points": [labels]}
QJsonObject trendToJson(const Trend &trend);

} // namespace lw::report
