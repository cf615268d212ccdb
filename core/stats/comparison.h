#pragma once

// Baseline vs candidate: per-metric deltas, significance from a test that respects autocorrelation
// (a Mann-Whitney U test on blocks of consecutive intervals, long enough that neighbouring blocks are
// nearly independent; see blocktest.h; a latency block's statistic is read from its merged histograms) and
// moving-block bootstrap confidence intervals of the latency deltas (interval histograms merged, never
// percentiles averaged). CPU and memory are those of the monitored target (a watched process or a
// Prometheus endpoint), not of the load generator's host unless the strategy says the host is the
// target. A metric gets a verdict only when the data can carry one; otherwise it says why not (too
// few intervals, blocks or responses, too noisy), as benchstat does.

#include "hdr/hdrhistogram.h"
#include "results/engineevents.h"
#include "results/runtypes.h"
#include "results/scenariostats.h"
#include "stats/bootstrap.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace lw {
class RunStore;
}

namespace lw::stats {

enum class MetricVerdict
{
    NoChange,         // no significant change of at least the threshold
    Regression,       // significant and at least the threshold, in the worse direction
    Improvement,      // significant and at least the threshold, in the better direction
    InsufficientData, // too few intervals, samples or responses for this metric
    TooNoisy          // the data do not settle the direction (the confidence interval spans both ways)
};
// "no_change", "regression", "improvement", "insufficient_data", "too_noisy"
QString toString(MetricVerdict verdict);
// "no significant change", "REGRESSION", "improvement", "insufficient data", "too noisy"
QString displayName(MetricVerdict verdict);

// Metrics every comparison tests: p50, p90, p95, p99, p99.9, mean, throughput, error rate, CPU, memory.
constexpr int kComparedMetrics = 10;
// Runs with scenarios add, for every transaction and every scenario's iterations both runs recorded,
// the duration's p50, p95 and p99 ("transaction:buy:p95"), from the interval histograms merged
// exactly; the Bonferroni family then counts them too.
constexpr int kComparedPerScope = 3;

struct ComparisonOptions
{
    double thresholdPercent = 5; // minimum effect size for a regression or an improvement
    // Family-wise significance level of the whole comparison: each metric's block test runs at
    // alpha / (number of metrics tested) (Bonferroni), so an A/A comparison of ten metrics is not
    // flagged one time in two.
    double alpha = 0.05;
    int minSamples = 6; // intervals (or resource samples) per run below which there is no verdict
    int minBlocks = 4;  // blocks per run (after blocking for autocorrelation) below which there is none
    // A percentile p needs at least this many responses / (1 - p) in each run (10 for p99: 1000).
    double responsesPerTail = 10;
    BootstrapOptions bootstrap;
};

// One transaction's or one scenario's iteration durations, per interval (aligned with
// RunSamples::intervals; an interval that recorded none has no buckets).
struct ScopeSamples
{
    ScopeKind kind = ScopeKind::Transaction;
    QString name;
    std::vector<IntervalBuckets> histograms;
    QString key() const { return toString(kind) + QLatin1Char(':') + name; }
};

// What a comparison needs of one run, read once from the run store.
struct RunSamples
{
    qint64 runId = 0;
    QString strategyName;
    int revision = 0;
    QList<EngineInterval> intervals;         // figures, in index order
    std::vector<IntervalBuckets> histograms; // each interval's total histogram, decoded once
    QList<ResourceSample> resources;
    bool hostIsTarget = false;  // the strategy's monitoring.host_is_target
    QList<ScopeSamples> scopes; // scenario runs: transactions and iterations, in the engine's order
};

// Reads a run; nullopt with *error (a sentence for the user) when the run does not exist, has no
// stored interval or a histogram does not decode.
std::optional<RunSamples> loadRunSamples(const RunStore &store, qint64 runId, QString *error);

struct MetricComparison
{
    QString key;   // p50, p90, p95, p99, p999, mean, throughput, error_rate, cpu, memory;
                   // transaction:NAME:p50 (p95, p99), iteration:SCENARIO:p50 (p95, p99)
    QString label; // "p99 latency"
    QString unit;  // ms, req/s, %, MiB
    bool higherIsWorse = true;
    std::optional<double> base; // in unit
    std::optional<double> candidate;
    std::optional<double> deltaPercent; // (candidate - base) / base; empty when base is 0
    // CI of deltaPercent: the moving-block bootstrap's (latency), the block test's (other metrics)
    std::optional<double> ciLowPercent;
    std::optional<double> ciHighPercent;
    std::optional<double> pValue;     // block test (Mann-Whitney U on block values), two-sided
    std::optional<double> effectSize; // Cliff's delta of candidate vs base block values
    int baseSamples = 0;              // intervals (or resource samples) of each run
    int candidateSamples = 0;
    int blockLength = 1;        // samples per block of the test
    double autocorrelation = 0; // pooled lag-1 autocorrelation the block length follows from
    MetricVerdict verdict = MetricVerdict::InsufficientData;
    QString note; // why there is no verdict, or what qualifies it
};

struct Comparison
{
    qint64 baseRunId = 0;
    qint64 candidateRunId = 0;
    ComparisonOptions options;
    QList<MetricComparison> metrics; // tested together: each at alpha / metrics.size()
    QStringList warnings;            // e.g. the runs are of different strategies

    bool hasRegression() const;
};

Comparison compareRuns(const RunSamples &base, const RunSamples &candidate,
                       const ComparisonOptions &options = {});

// The `loadwright compare --json` document: base_run, candidate_run, threshold_percent, alpha,
// bootstrap {replicates, confidence, block_length, seed}, warnings, regression (bool) and metrics: one object
// per metric with key, label, unit, higher_is_worse, base, candidate, delta_percent, ci_low_percent,
// ci_high_percent, p_value, effect_size, base_samples, candidate_samples, block_length,
// autocorrelation, verdict, note (null where there is no value).
QJsonObject comparisonToJson(const Comparison &comparison);

} // namespace lw::stats
