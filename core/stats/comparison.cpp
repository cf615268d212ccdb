#include "stats/comparison.h"

#include "results/metricwindow.h"
#include "stats/blocktest.h"
#include "stats/mannwhitney.h"

#include <algorithm>
#include <cmath>
#include <map>

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

double deltaPercentOf(double base, double candidate)
{
    return 100.0 * (candidate - base) / base;
}

BlockTestOptions blockOptions(const ComparisonOptions &o)
{
    BlockTestOptions b;
    b.minBlocks = o.minBlocks;
    b.confidence = o.bootstrap.confidence;
    return b;
}

// The verdict from the block test, the point estimate and the interval of the delta (the bootstrap's
// for latency, the test's own for the other metrics).
void decide(MetricComparison &m, const BlockTestResult &test, const ComparisonOptions &o, bool bootstrapCi,
            int family)
{
    if (m.base && m.candidate && *m.base != 0)
        m.deltaPercent = deltaPercentOf(*m.base, *m.candidate);
    m.blockLength = test.blockLength;
    m.autocorrelation = test.autocorrelation;
    if (m.baseSamples < o.minSamples || m.candidateSamples < o.minSamples) {
        m.verdict = MetricVerdict::InsufficientData;
        if (m.note.isEmpty())
            m.note = QStringLiteral("%1 and %2 samples; at least %3 in each run are needed")
                         .arg(m.baseSamples)
                         .arg(m.candidateSamples)
                         .arg(o.minSamples);
        return;
    }
    if (!test.valid) {
        m.verdict = MetricVerdict::InsufficientData;
        if (m.note.isEmpty())
            m.note =
                QStringLiteral("too short for its autocorrelation (lag 1: %1): blocks of %2 samples give "
                               "%3 and %4 blocks, at least %5 in each run are needed")
                    .arg(test.autocorrelation, 0, 'f', 2)
                    .arg(test.blockLength)
                    .arg(test.baseBlocks)
                    .arg(test.candidateBlocks)
                    .arg(o.minBlocks);
        return;
    }
    m.pValue = test.pValue;
    m.effectSize = test.effectSize;
    if (!bootstrapCi && test.baseMean != 0) {
        m.ciLowPercent = 100.0 * test.low / std::fabs(test.baseMean);
        m.ciHighPercent = 100.0 * test.high / std::fabs(test.baseMean);
    }
    if (!m.note.isEmpty()) { // already known to be insufficient (too few responses)
        m.verdict = MetricVerdict::InsufficientData;
        return;
    }

    const bool worse = m.higherIsWorse ? *m.candidate > *m.base : *m.candidate < *m.base;
    const bool bigEnough = m.deltaPercent ? std::fabs(*m.deltaPercent) >= o.thresholdPercent
                                          : *m.candidate != *m.base; // from zero: any change
    const bool significant = test.pValue < o.alpha / std::max(1, family);
    const bool hasCi = m.ciLowPercent && m.ciHighPercent;
    const bool ciIncludesZero = hasCi && *m.ciLowPercent <= 0 && *m.ciHighPercent >= 0;
    const bool ciSpansWidely =
        hasCi && (*m.ciLowPercent < -o.thresholdPercent) && (*m.ciHighPercent > o.thresholdPercent);

    if (significant && bigEnough && !ciIncludesZero) {
        m.verdict = worse ? MetricVerdict::Regression : MetricVerdict::Improvement;
    } else if (significant && bigEnough) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the blocks differ (p = %1) but the 95 % interval of the delta includes 0")
                     .arg(test.pValue, 0, 'g', 2);
    } else if (bootstrapCi && !significant && bigEnough && hasCi && !ciIncludesZero) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the 95 % interval of the delta excludes 0 but the blocks do not differ "
                                "significantly (p = %1)")
                     .arg(test.pValue, 0, 'g', 2);
    } else if (ciSpansWidely) {
        m.verdict = MetricVerdict::TooNoisy;
        m.note = QStringLiteral("the 95 % interval of the delta spans more than -%1 % to +%1 %")
                     .arg(o.thresholdPercent);
    } else {
        m.verdict = MetricVerdict::NoChange;
        if (significant)
            m.note = QStringLiteral("significant (p = %1) but below the %2 % threshold")
                         .arg(test.pValue, 0, 'g', 2)
                         .arg(o.thresholdPercent);
    }
}

struct LatencyMetric
{
    const char *key;
    const char *label;
    LatencyStatistic statistic;
};

// The statistic of the merged histograms of intervals [begin, end) (microseconds).
double statisticOfIntervals(const std::vector<const IntervalBuckets *> &intervals, int begin, int end,
                            const LatencyStatistic &statistic)
{
    std::map<int64_t, std::pair<int64_t, int64_t>> merged; // lowest -> (highest, count)
    for (int i = begin; i < end; ++i) {
        for (const IntervalBuckets::Bucket &b : intervals[size_t(i)]->buckets) {
            auto &slot = merged[b.lowest];
            slot.first = b.highest;
            slot.second += b.count;
        }
    }
    std::vector<int64_t> counts, highest;
    std::vector<double> median;
    for (const auto &[lowest, hc] : merged) {
        highest.push_back(hc.first);
        counts.push_back(hc.second);
        median.push_back(double(lowest + (hc.first - lowest + 1) / 2));
    }
    return statisticOfCounts(counts, highest, median, statistic);
}

// The block test of one latency statistic: the block length from the autocorrelation of the
// per-interval statistic, each block's statistic read from its MERGED histograms.
BlockTestResult latencyBlockTest(const std::vector<const IntervalBuckets *> &base,
                                 const std::vector<const IntervalBuckets *> &candidate,
                                 const LatencyStatistic &statistic, const ComparisonOptions &o)
{
    auto perInterval = [&](const std::vector<const IntervalBuckets *> &run) {
        std::vector<double> values;
        for (int i = 0; i < int(run.size()); ++i)
            values.push_back(statisticOfIntervals(run, i, i + 1, statistic));
        return values;
    };
    const double rho = pooledLag1Autocorrelation({perInterval(base), perInterval(candidate)});
    const int shorter = int(std::min(base.size(), candidate.size()));
    const BlockTestOptions bo = blockOptions(o);
    const int length = blockLengthFor(rho, bo.maxResidualCorrelation, std::max(1, shorter));
    auto blocks = [&](const std::vector<const IntervalBuckets *> &run) {
        std::vector<double> values;
        for (const auto &[begin, end] : blockRanges(int(run.size()), length))
            values.push_back(statisticOfIntervals(run, begin, end, statistic));
        return values;
    };
    const std::vector<double> b = blocks(base), c = blocks(candidate);
    BlockTestResult r;
    if (int(b.size()) < std::max(2, bo.minBlocks) || int(c.size()) < std::max(2, bo.minBlocks)) {
        r.baseBlocks = int(b.size());
        r.candidateBlocks = int(c.size());
    } else {
        r = compareBlocks(b, c, blockMeanCorrelation(rho, length), bo.confidence);
    }
    r.autocorrelation = rho;
    r.blockLength = length;
    return r;
}

// What one latency comparison is about: the run's total (every response) or a scenario scope.
struct LatencySubject
{
    QString keyPrefix;   // "" or "transaction:buy:"
    QString labelSuffix; // "" or " of transaction buy"
    QString unitNoun;    // "responses", "durations"
};

void compareLatency(const std::vector<IntervalBuckets> &baseHistograms,
                    const std::vector<IntervalBuckets> &candidateHistograms, const LatencyMetric *metrics,
                    size_t metricCount, const LatencySubject &subject, const ComparisonOptions &o, int family,
                    Comparison &out)
{
    std::vector<LatencyStatistic> statistics;
    for (size_t k = 0; k < metricCount; ++k)
        statistics.push_back(metrics[k].statistic);
    IntervalSeries baseSeries, candidateSeries;
    IntervalSeries::build(baseHistograms, candidateHistograms, &baseSeries, &candidateSeries);
    const std::vector<DeltaInterval> deltas =
        bootstrapDeltas(baseSeries, candidateSeries, statistics, o.bootstrap);
    const int64_t baseResponses = baseSeries.totalCount();
    const int64_t candidateResponses = candidateSeries.totalCount();
    auto withResponses = [](const std::vector<IntervalBuckets> &histograms) {
        std::vector<const IntervalBuckets *> list;
        for (const IntervalBuckets &h : histograms) {
            if (!h.buckets.empty())
                list.push_back(&h);
        }
        return list;
    };
    const std::vector<const IntervalBuckets *> baseIntervals = withResponses(baseHistograms),
                                               candidateIntervals = withResponses(candidateHistograms);

    for (size_t k = 0; k < metricCount; ++k) {
        const LatencyMetric &lm = metrics[k];
        MetricComparison m;
        m.key = subject.keyPrefix + QString::fromLatin1(lm.key);
        m.label = QString::fromLatin1(lm.label) + subject.labelSuffix;
        m.unit = QStringLiteral("ms");
        m.baseSamples = int(baseIntervals.size());
        m.candidateSamples = int(candidateIntervals.size());
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
                m.note = QStringLiteral("%1 and %2 %3; %4 needs at least %5 in each run")
                             .arg(baseResponses)
                             .arg(candidateResponses)
                             .arg(subject.unitNoun, m.label)
                             .arg(qint64(needed));
        }
        if (!d.valid) {
            m.note = subject.keyPrefix.isEmpty()
                         ? QStringLiteral("no latency was recorded in one of the runs")
                         : QStringLiteral("no duration was recorded in one of the runs");
            out.metrics.append(m);
            continue;
        }
        decide(m, latencyBlockTest(baseIntervals, candidateIntervals, lm.statistic, o), o, true, family);
        out.metrics.append(m);
    }
}

const LatencyMetric kTotalLatency[] = {
    {"p50", "p50 latency", LatencyStatistic::atPercentile(50)},
    {"p90", "p90 latency", LatencyStatistic::atPercentile(90)},
    {"p95", "p95 latency", LatencyStatistic::atPercentile(95)},
    {"p99", "p99 latency", LatencyStatistic::atPercentile(99)},
    {"p999", "p99.9 latency", LatencyStatistic::atPercentile(99.9)},
    {"mean", "mean latency", LatencyStatistic::mean()},
};
const LatencyMetric kScopeDuration[] = {
    {"p50", "p50", LatencyStatistic::atPercentile(50)},
    {"p95", "p95", LatencyStatistic::atPercentile(95)},
    {"p99", "p99", LatencyStatistic::atPercentile(99)},
};
static_assert(std::size(kScopeDuration) == size_t(kComparedPerScope));

// The scopes both runs recorded, in the base run's order.
QList<QPair<const ScopeSamples *, const ScopeSamples *>> commonScopes(const RunSamples &base,
                                                                      const RunSamples &candidate)
{
    QList<QPair<const ScopeSamples *, const ScopeSamples *>> out;
    for (const ScopeSamples &b : base.scopes) {
        for (const ScopeSamples &c : candidate.scopes) {
            if (c.kind == b.kind && c.name == b.name) {
                out.append(qMakePair(&b, &c));
                break;
            }
        }
    }
    return out;
}

double seconds(const EngineInterval &i)
{
    return i.endS - i.startS;
}

void compareCounts(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &o,
                   int family, Comparison &out)
{
    // Throughput: completed responses per second of each interval; the run's value over its whole span.
    {
        MetricComparison m;
        m.key = QStringLiteral("throughput");
        m.label = QStringLiteral("throughput");
        m.unit = QStringLiteral("req/s");
        m.higherIsWorse = false;
        std::vector<double> b, c;
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
        m.base = collect(base, b);
        m.candidate = collect(candidate, c);
        m.baseSamples = int(b.size());
        m.candidateSamples = int(c.size());
        decide(m, blockTest(b, c, blockOptions(o)), o, false, family);
        out.metrics.append(m);
    }
    // Error rate: the safety monitor's definition (errors over attempts that got an answer or failed).
    {
        MetricComparison m;
        m.key = QStringLiteral("error_rate");
        m.label = QStringLiteral("error rate");
        m.unit = QStringLiteral("%");
        std::vector<double> b, c;
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
        m.base = collect(base, b);
        m.candidate = collect(candidate, c);
        m.baseSamples = int(b.size());
        m.candidateSamples = int(c.size());
        decide(m, blockTest(b, c, blockOptions(o)), o, false, family);
        out.metrics.append(m);
    }
}

// Where the CPU and memory of the system under test come from: a watched process both runs have,
// else a Prometheus endpoint both runs scraped with the standard process metrics, else the host when
// both strategies say the host is the target. The generator's own host is never compared by default:
// its load is the test's own.
struct ResourceSource
{
    QString source;
    QString cpuKey;
    double cpuScale = 1;
    QString memoryKey;
    double memoryScale = 1;
};

std::optional<ResourceSource> targetSource(const RunSamples &base, const RunSamples &candidate)
{
    auto sources = [](const RunSamples &run) {
        QMap<QString, QStringList> keys; // source -> value keys
        for (const ResourceSample &r : run.resources) {
            if (!r.error.isEmpty())
                continue;
            QStringList &list = keys[r.source];
            for (auto it = r.values.cbegin(); it != r.values.cend(); ++it) {
                if (!list.contains(it.key()))
                    list.append(it.key());
            }
        }
        return keys;
    };
    const QMap<QString, QStringList> b = sources(base), c = sources(candidate);
    for (auto it = b.cbegin(); it != b.cend(); ++it) {
        if (it.key().startsWith(QLatin1String("process:")) && c.contains(it.key()))
            return ResourceSource{it.key(), QStringLiteral("cpu_percent"), 1, QStringLiteral("rss_mib"), 1};
    }
    const QString promCpu = QStringLiteral("process_cpu_seconds_total:rate");
    const QString promMemory = QStringLiteral("process_resident_memory_bytes");
    for (auto it = b.cbegin(); it != b.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("prometheus:")) || !c.contains(it.key()))
            continue;
        const QStringList &other = c.value(it.key());
        if ((it->contains(promCpu) && other.contains(promCpu)) ||
            (it->contains(promMemory) && other.contains(promMemory)))
            return ResourceSource{it.key(), promCpu, 100, promMemory, 1.0 / (1024 * 1024)};
    }
    const QString host = QStringLiteral("host");
    if (base.hostIsTarget && candidate.hostIsTarget && b.contains(host) && c.contains(host))
        return ResourceSource{host, QStringLiteral("cpu_percent"), 1, QStringLiteral("memory_used_mib"), 1};
    return std::nullopt;
}

void compareResources(const RunSamples &base, const RunSamples &candidate, const ComparisonOptions &o,
                      int family, Comparison &out)
{
    const std::optional<ResourceSource> source = targetSource(base, candidate);
    const struct
    {
        const char *key;
        const char *label;
        const char *unit;
    } metrics[] = {{"cpu", "CPU", "%"}, {"memory", "memory", "MiB"}};
    for (const auto &rm : metrics) {
        MetricComparison m;
        m.key = QString::fromLatin1(rm.key);
        m.label = QString::fromLatin1(rm.label);
        m.unit = QString::fromLatin1(rm.unit);
        if (!source) {
            m.note = QStringLiteral("the target is not monitored in both runs (watch its process or a "
                                    "Prometheus endpoint; the generator's host counts only when "
                                    "monitoring.host_is_target is set)");
            out.metrics.append(m);
            continue;
        }
        m.label += QStringLiteral(" (%1)").arg(source->source);
        const bool cpu = m.key == QLatin1String("cpu");
        const QString valueKey = cpu ? source->cpuKey : source->memoryKey;
        const double scale = cpu ? source->cpuScale : source->memoryScale;
        std::vector<double> b, c;
        auto collect = [&](const RunSamples &run, std::vector<double> &samples) -> std::optional<double> {
            double sum = 0;
            for (const ResourceSample &r : run.resources) {
                if (r.source != source->source || !r.error.isEmpty() || r.elapsedS < 0 ||
                    !r.values.contains(valueKey))
                    continue;
                samples.push_back(r.values.value(valueKey) * scale);
                sum += samples.back();
            }
            if (samples.empty())
                return std::nullopt;
            return sum / double(samples.size());
        };
        m.base = collect(base, b);
        m.candidate = collect(candidate, c);
        m.baseSamples = int(b.size());
        m.candidateSamples = int(c.size());
        if (!m.base || !m.candidate) {
            m.base.reset();
            m.candidate.reset();
            m.note = QStringLiteral("%1 has no %2 samples in both runs").arg(source->source, valueKey);
            out.metrics.append(m);
            continue;
        }
        decide(m, blockTest(b, c, blockOptions(o)), o, false, family);
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
    const auto scopes = commonScopes(base, candidate);
    const int family = kComparedMetrics + kComparedPerScope * int(scopes.size());
    compareLatency(base.histograms, candidate.histograms, kTotalLatency, std::size(kTotalLatency),
                   LatencySubject{QString(), QString(), QStringLiteral("responses")}, options, family, out);
    compareCounts(base, candidate, options, family, out);
    compareResources(base, candidate, options, family, out);
    for (const auto &[b, c] : scopes) {
        const LatencySubject subject{b->key() + QLatin1Char(':'),
                                     QStringLiteral(" of %1 %2").arg(toString(b->kind), b->name),
                                     b->kind == ScopeKind::Transaction ? QStringLiteral("transactions")
                                                                       : QStringLiteral("iterations")};
        compareLatency(b->histograms, c->histograms, kScopeDuration, std::size(kScopeDuration), subject,
                       options, family, out);
    }
    for (const ScopeSamples &b : base.scopes) {
        if (std::none_of(scopes.cbegin(), scopes.cend(), [&b](const auto &p) { return p.first == &b; }))
            out.warnings.append(QStringLiteral("%1 %2 is only in run %3; it is not compared")
                                    .arg(toString(b.kind), b.name)
                                    .arg(base.runId));
    }
    for (const ScopeSamples &c : candidate.scopes) {
        if (std::none_of(scopes.cbegin(), scopes.cend(), [&c](const auto &p) { return p.second == &c; }))
            out.warnings.append(QStringLiteral("%1 %2 is only in run %3; it is not compared")
                                    .arg(toString(c.kind), c.name)
                                    .arg(candidate.runId));
    }
    return out;
}

} // namespace lw::stats
