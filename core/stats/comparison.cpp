#include "stats/comparison.h"

#include "results/metricwindow.h"
#include "stats/mannwhitney.h"

#include <cmath>

namespace lw::stats {

QString toString(MetricVerdict verdict)
{
    switch (verdict) {
    case MetricVerdict::NoChange:
        return QStringLiteral("no_change");
    case MetricVerdict::Regression:
        return QStringLiteral("regression");
    case MetricVerdict::Improvement:
        return QStringLiteral("improvement");
    case MetricVerdict::InsufficientData:
        return QStringLiteral("insufficient_data");
    case MetricVerdict::TooNoisy:
        return QStringLiteral("too_noisy");
    }
    return {};
}

QString displayName(MetricVerdict verdict)
{
    switch (verdict) {
    case MetricVerdict::NoChange:
        return QStringLiteral("no significant change");
    case MetricVerdict::Regression:
        return QStringLiteral("REGRESSION");
    case MetricVerdict::Improvement:
        return QStringLiteral("improvement");
    case MetricVerdict::InsufficientData:
        return QStringLiteral("insufficient data");
    case MetricVerdict::TooNoisy:
        return QStringLiteral("too noisy");
    }
    return {};
}

bool Comparison::hasRegression() const
{
    for (const MetricComparison &m : metrics) {
        if (m.verdict == MetricVerdict::Regression)
            return true;
    }
    return false;
}

namespace {

struct Samples
{
    std::vector<double> base;
    std::vector<double> candidate;
};

double deltaPercentOf(double base, double candidate)
{
    return 100.0 * (candidate - base) / base;
}

// The verdict from the samples' test, the point estimate and (for latency) the bootstrap interval.
void decide(MetricComparison &m, const Samples &s, const ComparisonOptions &o)
{
    m.baseSamples = int(s.base.size());
    m.candidateSamples = int(s.candidate.size());
    if (m.base && m.candidate && *m.base != 0)
        m.deltaPercent = deltaPercentOf(*m.base, *m.candidate);
    if (m.baseSamples < o.minSamples || m.candidateSamples < o.minSamples) {
        m.verdict = MetricVerdict::InsufficientData;
        if (m.note.isEmpty())
            m.note = QStringLiteral("%1 and %2 samples; at least %3 in each run are needed")
                         .arg(m.baseSamples)
                         .arg(m.candidateSamples)
                         .arg(o.minSamples);
        return;
    }
    const MannWhitneyResult mw = mannWhitneyU(s.base, s.candidate);
    m.pValue = mw.pValue;
    m.effectSize = mw.effectSize;
    if (!m.note.isEmpty()) { // already known to be insufficient (too few responses)
        m.verdict = MetricVerdict::InsufficientData;
        return;
    }

    const bool worse = m.higherIsWorse ? *m.candidate > *m.base : *m.candidate < *m.base;
    const bool bigEnough = m.deltaPercent ? std::fabs(*m.deltaPercent) >= o.thresholdPercent
                                          : *m.candidate != *m.base; // from zero: any change
    const bool significant = mw.pValue < o.alpha / kComparedMetrics;
    const bool hasCi = m.ciLowPercent && m.ciHighPercent;
    const bool ciIncludesZero = hasCi && *m.ciLowPercent <= 0 && *m.ciHighPercent >= 0;
    const bool ciSpansWidely =
        hasCi && (*m.ciLowPercent < -o.thresholdPercent) && (*m.ciHighPercent > o.thresholdPercent);

    if (significant && bigEnough && !ciIncludesZero) {
        m.verdict = worse ? MetricVerdict::Regression : MetricVerdict::Improvement;
    } else if (significant && bigEnough) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the intervals differ (p = %1) but the 95 % interval of the delta includes 0")
                     .arg(mw.pValue, 0, 'g', 2);
    } else if (!significant && bigEnough && hasCi && !ciIncludesZero) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the 95 % interval of the delta excludes 0 but the intervals do not differ "
                                "significantly (p = %1)")
                     .arg(mw.pValue, 0, 'g', 2);
    } else if (ciSpansWidely) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the 95 % interval of the delta spans more than -%1 % to +%1 %")
                     .arg(o.thresholdPercent);
    } else {
        m.verdict = MetricVerdict::NoChange;
        if (significant)
            m.note = QStringLiteral("significant (p = %1) but below the %2 % threshold")
                         .arg(mw.pValue, 0, 'g', 2)
                         .arg(o.thresholdPercent);
    }
}

struct LatencyMetric
{
    const char *key;
    const char *label;
    LatencyStatistic statistic;
    qint64 LatencySummary::*figure; // null for the mean
};

double intervalFigure(const EngineInterval &i, const LatencyMetric &metric)
{
    return metric.figure ? double(i.latency.*metric.figure) : i.latency.mean;
}

void compareLatency(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &o,
                    Comparison &out)
{
    const LatencyMetric metrics[] = {
        {"p50", "p50 latency", LatencyStatistic::atPercentile(50), &LatencySummary::p50},
        {"p90", "p90 latency", LatencyStatistic::atPercentile(90), &LatencySummary::p90},
        {"p99", "p99 latency", LatencyStatistic::atPercentile(99), &LatencySummary::p99},
        {"p999", "p99.9 latency", LatencyStatistic::atPercentile(99.9), &LatencySummary::p999},
        {"mean", "mean latency", LatencyStatistic::mean(), nullptr},
    };
    std::vector<LatencyStatistic> statistics;
    for (const LatencyMetric &m : metrics)
        statistics.push_back(m.statistic);
    IntervalSeries baseSeries, candidateSeries;
    IntervalSeries::build(base.histograms, candidate.histograms, &baseSeries, &candidateSeries);
    const std::vector<DeltaInterval> deltas =
        bootstrapDeltas(baseSeries, candidateSeries, statistics, o.bootstrap);
    const int64_t baseResponses = baseSeries.totalCount();
    const int64_t candidateResponses = candidateSeries.totalCount();

    for (size_t k = 0; k < std::size(metrics); ++k) {
        const LatencyMetric &lm = metrics[k];
        MetricComparison m;
        m.key = QString::fromLatin1(lm.key);
        m.label = QString::fromLatin1(lm.label);
        m.unit = QStringLiteral("ms");
        Samples s;
        for (const EngineInterval &i : base.intervals) {
            if (i.latency.count > 0)
                s.base.push_back(intervalFigure(i, lm));
        }
        for (const EngineInterval &i : candidate.intervals) {
            if (i.latency.count > 0)
                s.candidate.push_back(intervalFigure(i, lm));
        }
        const DeltaInterval &d = deltas[k];
        if (d.valid) {
            m.base = d.base / 1000.0;
            m.candidate = d.candidate / 1000.0;
            if (d.base != 0) {
                m.ciLowPercent = d.lowPercent;
                m.ciHighPercent = d.highPercent;
            }
        }
        if (lm.statistic.kind == LatencyStatistic::Kind::Percentile) {
            const double needed =
                std::ceil(o.responsesPerTail / (1.0 - lm.statistic.percentile / 100.0) - 1e-6);
            if (double(std::min(baseResponses, candidateResponses)) < needed)
                m.note = QStringLiteral("%1 and %2 responses; %3 needs at least %4 in each run")
                             .arg(baseResponses)
                             .arg(candidateResponses)
                             .arg(m.label)
                             .arg(qint64(needed));
        }
        if (!d.valid) {
            m.baseSamples = int(s.base.size());
            m.candidateSamples = int(s.candidate.size());
            m.note = QStringLiteral("no latency was recorded in one of the runs");
            out.metrics.append(m);
            continue;
        }
        decide(m, s, o);
        out.metrics.append(m);
    }
}

double seconds(const EngineInterval &i)
{
    return i.endS - i.startS;
}

void compareCounts(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &o,
                   Comparison &out)
{
    // Throughput: completed responses per second of each interval; the run's value over its whole span.
    {
        MetricComparison m;
        m.key = QStringLiteral("throughput");
        m.label = QStringLiteral("throughput");
        m.unit = QStringLiteral("req/s");
        m.higherIsWorse = false;
        Samples s;
        auto collect = [](const RunSamples &run, std::vector<double> &samples) {
            qint64 completed = 0;
            double span = 0;
            for (const EngineInterval &i : run.intervals) {
                if (seconds(i) <= 0)
                    continue;
                samples.push_back(double(i.completed) / seconds(i));
                completed += i.completed;
                span += seconds(i);
            }
            return span > 0 ? double(completed) / span : 0.0;
        };
        m.base = collect(base, s.base);
        m.candidate = collect(candidate, s.candidate);
        decide(m, s, o);
        out.metrics.append(m);
    }
    // Error rate: the safety monitor's definition (errors over attempts that got an answer or failed).
    {
        MetricComparison m;
        m.key = QStringLiteral("error_rate");
        m.label = QStringLiteral("error rate");
        m.unit = QStringLiteral("%");
        Samples s;
        auto collect = [](const RunSamples &run, std::vector<double> &samples) {
            qint64 completed = 0, errors = 0;
            QMap<QString, qint64> byClass;
            for (const EngineInterval &i : run.intervals) {
                if (const auto rate = MetricWindow::errorRatePercent(i.completed, i.errors, i.errorsByClass))
                    samples.push_back(*rate);
                completed += i.completed;
                errors += i.errors;
                for (auto it = i.errorsByClass.cbegin(); it != i.errorsByClass.cend(); ++it)
                    byClass[it.key()] += it.value();
            }
            return MetricWindow::errorRatePercent(completed, errors, byClass).value_or(0.0);
        };
        m.base = collect(base, s.base);
        m.candidate = collect(candidate, s.candidate);
        decide(m, s, o);
        out.metrics.append(m);
    }
}

// The monitored source both runs have: the host, else the first watched process they share.
QString sharedSource(const RunSamples &base, const RunSamples &candidate)
{
    auto sources = [](const RunSamples &run) {
        QStringList list;
        for (const ResourceSample &r : run.resources) {
            if (r.error.isEmpty() && !list.contains(r.source))
                list.append(r.source);
        }
        return list;
    };
    const QStringList b = sources(base), c = sources(candidate);
    if (b.contains(QStringLiteral("host")) && c.contains(QStringLiteral("host")))
        return QStringLiteral("host");
    for (const QString &source : b) {
        if (source.startsWith(QLatin1String("process:")) && c.contains(source))
            return source;
    }
    return {};
}

void compareResources(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &o,
                      Comparison &out)
{
    const QString source = sharedSource(base, candidate);
    const bool host = source == QLatin1String("host");
    const struct
    {
        const char *key;
        const char *label;
        const char *unit;
        QString value;
    } metrics[] = {
        {"cpu", "CPU", "%", QStringLiteral("cpu_percent")},
        {"memory", "memory", "MiB", host ? QStringLiteral("memory_used_mib") : QStringLiteral("rss_mib")}};
    for (const auto &rm : metrics) {
        MetricComparison m;
        m.key = QString::fromLatin1(rm.key);
        m.label = QString::fromLatin1(rm.label);
        if (!source.isEmpty())
            m.label += QStringLiteral(" (%1)").arg(source);
        m.unit = QString::fromLatin1(rm.unit);
        Samples s;
        auto collect = [&](const RunSamples &run, std::vector<double> &samples) -> std::optional<double> {
            double sum = 0;
            for (const ResourceSample &r : run.resources) {
                if (r.source != source || !r.error.isEmpty() || r.elapsedS < 0 ||
                    !r.values.contains(rm.value))
                    continue;
                samples.push_back(r.values.value(rm.value));
                sum += samples.back();
            }
            if (samples.empty())
                return std::nullopt;
            return sum / double(samples.size());
        };
        if (!source.isEmpty()) {
            m.base = collect(base, s.base);
            m.candidate = collect(candidate, s.candidate);
        }
        if (!m.base || !m.candidate) {
            m.base.reset();
            m.candidate.reset();
            m.baseSamples = int(s.base.size());
            m.candidateSamples = int(s.candidate.size());
            m.note = QStringLiteral("not monitored in both runs (monitor the host or the same process)");
            out.metrics.append(m);
            continue;
        }
        decide(m, s, o);
        out.metrics.append(m);
    }
}

} // namespace

Comparison compareRuns(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &options)
{
    Comparison out;
    out.baseRunId = base.runId;
    out.candidateRunId = candidate.runId;
    out.options = options;
    if (base.strategyName != candidate.strategyName)
        out.warnings.append(QStringLiteral("the runs are of different strategies ('%1' and '%2')")
                                .arg(base.strategyName, candidate.strategyName));
    else if (base.revision != candidate.revision)
        out.warnings.append(QStringLiteral("the runs are of different revisions of '%1' (%2 and %3)")
                                .arg(base.strategyName)
                                .arg(base.revision)
                                .arg(candidate.revision));
    compareLatency(base, candidate, options, out);
    compareCounts(base, candidate, options, out);
    compareResources(base, candidate, options, out);
    return out;
}

} // namespace lw::stats
