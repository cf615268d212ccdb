#include "run/verdict.h"

#include "hdr/hdrhistogram.h"
#include "results/metricwindow.h"

#include <QLocale>

#include <cmath>

namespace lw {

namespace {

struct RunMeasures
{
    std::optional<hdr::HdrHistogram> histogram;
    QString resourceSource;
    QList<ResourceSample> samples; // of resourceSource, during the run
};

// The metric over the whole run; nullopt with *why when there is no data for it.
std::optional<double> measureRun(const Metric &metric, const EngineSummary &summary, const RunMeasures &run,
                                 QString *why)
{
    switch (metric.kind) {
    case MetricKind::LatencyPercentile:
    case MetricKind::LatencyMean:
    case MetricKind::LatencyMax: {
        if (!run.histogram || run.histogram->totalCount() == 0) {
            *why = summary.histogram.isEmpty() || summary.requests == 0
                       ? QStringLiteral("no request completed")
                       : QStringLiteral("the run's latency histogram does not decode");
            return std::nullopt;
        }
        const hdr::HdrHistogram &h = *run.histogram;
        if (metric.kind == MetricKind::LatencyPercentile)
            return double(h.valueAtPercentile(metric.percentile)) / 1000.0;
        if (metric.kind == MetricKind::LatencyMean)
            return h.mean() / 1000.0;
        return double(h.max()) / 1000.0;
    }
    case MetricKind::Throughput:
        if (summary.durationS <= 0) {
            *why = QStringLiteral("the run has no duration");
            return std::nullopt;
        }
        return double(summary.requests) / summary.durationS;
    case MetricKind::CheckFailureRate:
        if (summary.checkPasses + summary.checkFails <= 0) {
            *why = QStringLiteral("no scenario check was evaluated");
            return std::nullopt;
        }
        return 100.0 * double(summary.checkFails) / double(summary.checkPasses + summary.checkFails);
    case MetricKind::ErrorRate: {
        const auto rate =
            MetricWindow::errorRatePercent(summary.requests, summary.errors, summary.errorsByClass);
        if (!rate)
            *why = QStringLiteral("no request completed or failed");
        return rate;
    }
    case MetricKind::Cpu:
    case MetricKind::Memory: {
        if (run.resourceSource.isEmpty()) {
            *why = QStringLiteral("the monitoring plan samples neither the host nor a process");
            return std::nullopt;
        }
        double sum = 0;
        double max = 0;
        int n = 0;
        for (const ResourceSample &s : run.samples) {
            if (const auto v = MetricWindow::resourceValue(s, metric.kind)) {
                sum += *v;
                max = n == 0 ? *v : std::max(max, *v);
                ++n;
            }
        }
        if (n == 0) {
            *why = QStringLiteral("no usable sample of ") + run.resourceSource +
                   QStringLiteral(" during the run");
            return std::nullopt;
        }
        return metric.kind == MetricKind::Cpu ? sum / n : max;
    }
    }
    return std::nullopt;
}

bool compare(double value, Comparison op, double threshold)
{
    switch (op) {
    case Comparison::Less:
        return value < threshold;
    case Comparison::LessOrEqual:
        return value <= threshold;
    case Comparison::Greater:
        return value > threshold;
    case Comparison::GreaterOrEqual:
        return value >= threshold;
    }
    return false;
}

QString number(double v, int decimals = 0)
{
    return QLocale::c().toString(v, 'f', decimals);
}

QString criterionText(const SuccessCriterion &c)
{
    return toString(c.metric) + QLatin1Char(' ') + toString(c.op) + QLatin1Char(' ') +
           formatMetricValue(c.metric, c.threshold);
}

QString errorClassHint(const QString &cls, const EngineSummary &summary)
{
    Q_UNUSED(summary)
    if (cls == QLatin1String("connect"))
        return QStringLiteral("the target refused or dropped connections: check that it is up and its "
                              "connection limit (backlog, max clients)");
    if (cls == QLatin1String("timeout"))
        return QStringLiteral("requests ran into the request timeout: the target is saturated, or "
                              "load.request_timeout is too short for it");
    if (cls == QLatin1String("tls"))
        return QStringLiteral("TLS handshakes failed: check the certificate and the TLS versions offered");
    if (cls == QLatin1String("protocol"))
        return QStringLiteral("responses were not valid HTTP: check what listens on the target port");
    if (cls.startsWith(QLatin1String("http_5")))
        return QStringLiteral("the target failed on its side: read its logs for the failing requests");
    if (cls == QLatin1String("http_429"))
        return QStringLiteral("the target rate-limited the test: raise its limit or lower the rate");
    if (cls.startsWith(QLatin1String("http_4")))
        return QStringLiteral("client errors: check the URLs, headers, body and credentials of the targets");
    return QStringLiteral("see the error breakdown of the run");
}

void addRecommendations(const Strategy &strategy, const EngineSummary &summary, const RunMeasures &run,
                        Verdict *v)
{
    QStringList &out = v->recommendations;
    if (strategy.successCriteria.isEmpty())
        out.append(QStringLiteral("add success criteria (for example p99 <= 500 ms and error_rate <= 1 %) "
                                  "so runs get a meaningful verdict"));

    if (summary.cpuIntervals > 0 || summary.scheduleLagIntervals > 0) {
        out.append(
            QStringLiteral("the load generator was the bottleneck in %1 of %2 intervals (its CPU in %3, "
                           "late sends in %4): add threads or lower the rate before trusting these "
                           "latencies")
                .arg(std::max(summary.cpuIntervals, summary.scheduleLagIntervals))
                .arg(summary.intervals)
                .arg(summary.cpuIntervals)
                .arg(summary.scheduleLagIntervals));
    }
    if (summary.dropped > 0) {
        const double share =
            summary.scheduled > 0 ? 100.0 * double(summary.dropped) / double(summary.scheduled) : 0;
        out.append(QStringLiteral("%1 scheduled sends (%2 %) were dropped because no connection was free in "
                                  "time: raise load.max_connections (%3) or lower the rate; the rate the "
                                  "target saw is lower than planned")
                       .arg(summary.dropped)
                       .arg(number(share, 1))
                       .arg(strategy.load.maxConnections));
    }

    const qint64 attempts = summary.requests + summary.errors;
    for (auto it = summary.errorsByClass.cbegin(); it != summary.errorsByClass.cend(); ++it) {
        if (it.value() <= 0 || attempts <= 0)
            continue;
        const double share = 100.0 * double(it.value()) / double(attempts);
        if (share < 1.0 && it.value() < 10)
            continue;
        out.append(QStringLiteral("%1 %2 errors (%3 % of requests): %4")
                       .arg(it.value())
                       .arg(it.key())
                       .arg(number(share, share < 10 ? 1 : 0))
                       .arg(errorClassHint(it.key(), summary)));
    }

    if (run.histogram && run.histogram->totalCount() >= 100) {
        const double p50 = double(run.histogram->valueAtPercentile(50)) / 1000.0;
        const double p99 = double(run.histogram->valueAtPercentile(99)) / 1000.0;
        if (p50 > 0 && p99 >= 10 * p50) {
            out.append(QStringLiteral("p99 (%1) is %2 x p50 (%3): a long tail; look for queueing, pauses "
                                      "(GC, locks) or a slow dependency behind some requests")
                           .arg(formatMetricValue(Metric{}, p99))
                           .arg(number(p99 / p50))
                           .arg(formatMetricValue(Metric{}, p50)));
        }
    }

    for (int i = 0; i < strategy.safetyLimits.size(); ++i) {
        const SafetyLimit &l = strategy.safetyLimits.at(i);
        QString why;
        const auto value = measureRun(l.metric, summary, run, &why);
        if (!value || l.threshold <= 0)
            continue;
        const bool below = l.metric.kind == MetricKind::Throughput;
        const QString name =
            l.name.isEmpty() ? QStringLiteral("%1").arg(i + 1) : QStringLiteral("'%1'").arg(l.name);
        const QString measured = toString(l.metric) + QStringLiteral(" over the run (") +
                                 formatMetricValue(l.metric, *value) + QLatin1Char(')');
        const QString limit = QStringLiteral("safety limit ") + name + QStringLiteral(" (") +
                              formatMetricValue(l.metric, l.threshold) + QLatin1Char(')');
        const bool crossed = below ? *value < l.threshold : *value > l.threshold;
        const bool close = below ? *value <= l.threshold * 1.25 : *value >= l.threshold * 0.8;
        if (crossed) {
            out.append(measured + QStringLiteral(" is beyond ") + limit +
                       QStringLiteral(": the limit only acts when crossed for its whole 'for' duration; "
                                      "check the per-interval chart"));
        } else if (close) {
            const double margin = std::fabs(*value - l.threshold) / l.threshold * 100.0;
            out.append(measured + QStringLiteral(" came within ") + number(margin) +
                       QStringLiteral(" % of ") + limit +
                       QStringLiteral(": little headroom before the run would stop"));
        }
    }

    for (const CriterionResult &c : std::as_const(v->criteria)) {
        if (!c.evaluable &&
            (c.criterion.metric.kind == MetricKind::Cpu || c.criterion.metric.kind == MetricKind::Memory))
            out.append(QStringLiteral("the %1 criterion could not be measured: enable host monitoring or "
                                      "watch the process under test (monitoring.processes)")
                           .arg(toString(c.criterion.metric)));
    }
    const bool bottleneckNamed = summary.cpuIntervals > 0 || summary.scheduleLagIntervals > 0;
    for (const QString &w : summary.warnings) {
        // The engine's own bottleneck warning says what the recommendation above already says.
        if (bottleneckNamed && w.contains(QLatin1String("bottleneck")))
            continue;
        out.append(QStringLiteral("engine warning: ") + w);
    }
}

} // namespace

Verdict evaluateVerdict(const Strategy &strategy, const EngineSummary &summary,
                        const QList<ResourceSample> &resources, RunStatus endedAs,
                        const QStringList &safetyStops, const BaselineThresholds &baseline)
{
    RunMeasures run;
    if (!summary.histogram.isEmpty())
        run.histogram = hdr::HdrHistogram::decodeCompressed(
            std::string_view(summary.histogram.constData(), size_t(summary.histogram.size())));
    run.resourceSource = resourceSourceFor(strategy.monitoring);
    for (const ResourceSample &s : resources) {
        if (s.source == run.resourceSource && s.elapsedS >= 0 && s.elapsedS <= summary.durationS + 1.0)
            run.samples.append(s);
    }

    Verdict v;
    double totalWeight = 0;
    double metWeight = 0;
    bool requiredMet = true;
    QStringList notEvaluated;
    for (qsizetype i = 0; i < strategy.successCriteria.size(); ++i) {
        SuccessCriterion c = strategy.successCriteria.at(i);
        if (!c.baselineChange.isEmpty()) {
            const QString path = QStringLiteral("success_criteria[%1]").arg(i);
            if (!baseline.has(path)) {
                notEvaluated << path;
                continue;
            }
            c.threshold = baseline.byPath.value(path).threshold;
            c.op = c.metric.kind == MetricKind::Throughput ? Comparison::GreaterOrEqual
                                                           : Comparison::LessOrEqual;
        }
        CriterionResult r;
        r.criterion = c;
        QString why;
        const auto value = measureRun(c.metric, summary, run, &why);
        r.evaluable = value.has_value();
        const QString text = criterionText(c);
        if (value) {
            r.measured = *value;
            r.passed = compare(*value, c.op, c.threshold);
            const QString measured =
                toString(c.metric) + QStringLiteral(" = ") + formatMetricValue(c.metric, *value);
            QString bound = toString(c.op) + QLatin1Char(' ') + formatMetricValue(c.metric, c.threshold);
            if (const auto change = parseBaselineChange(c.baselineChange, c.metric))
                bound += QStringLiteral(" (baseline ") +
                         formatMetricValue(
                             c.metric,
                             baseline.byPath.value(QStringLiteral("success_criteria[%1]").arg(i)).baseline) +
                         QLatin1Char(' ') + change->toString(c.metric) + QLatin1Char(')');
            r.detail = measured + (r.passed ? QStringLiteral(" ") : QStringLiteral(", needs ")) + bound;
        } else {
            r.detail = toString(c.metric) + QStringLiteral(" not evaluable (") + why +
                       QStringLiteral("): counts as not met");
        }
        const double weight = c.weight > 0 ? c.weight : 1.0;
        totalWeight += weight;
        if (r.passed)
            metWeight += weight;
        if (!r.passed) {
            requiredMet = requiredMet && !c.required;
            v.violations.append(
                (c.required ? QStringLiteral("required criterion ") : QStringLiteral("criterion ")) + text +
                QStringLiteral(" not met: ") + r.detail);
        }
        v.criteria.append(r);
    }
    v.score = totalWeight > 0 ? 100.0 * metWeight / totalWeight : 100.0;

    for (const QString &stop : safetyStops)
        v.violations.append(QStringLiteral("safety stop: ") + stop);
    const bool incomplete = endedAs == RunStatus::StoppedBySafety || endedAs == RunStatus::Cancelled ||
                            endedAs == RunStatus::Interrupted;
    if (incomplete && safetyStops.isEmpty())
        v.violations.append(QStringLiteral("the run did not complete: ") + displayName(endedAs).toLower());
    if (requiredMet && v.score < kVerdictPassMark)
        v.violations.append(QStringLiteral("score %1 is below the pass mark of %2")
                                .arg(number(v.score, 1), number(kVerdictPassMark)));

    v.passed = !incomplete && safetyStops.isEmpty() && requiredMet && v.score >= kVerdictPassMark;
    Strategy judged = strategy; // relative limits with their thresholds from the baseline, or left out
    judged.safetyLimits.clear();
    for (qsizetype i = 0; i < strategy.safetyLimits.size(); ++i) {
        SafetyLimit l = strategy.safetyLimits.at(i);
        const QString path = QStringLiteral("safety_limits[%1]").arg(i);
        if (!l.baselineChange.isEmpty() && !baseline.has(path))
            continue;
        if (!l.baselineChange.isEmpty())
            l.threshold = baseline.byPath.value(path).threshold;
        judged.safetyLimits.append(l);
    }
    addRecommendations(judged, summary, run, &v);
    for (const QString &path : std::as_const(notEvaluated))
        v.recommendations.append(
            path + QStringLiteral(" is relative to the baseline run and was not evaluated: ") +
            (baseline.baselineRunId ? QStringLiteral("the baseline run has no data for it")
                                    : QStringLiteral("the strategy has no baseline run")));
    return v;
}

} // namespace lw
