#include "run/baselinebounds.h"

#include "hdr/hdrhistogram.h"
#include "results/metricwindow.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace lw {

namespace {

QString at(const char *list, qsizetype i)
{
    return QLatin1String(list) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// The baseline's whole-run value of metric (as the verdict measures it), nullopt with *why.
std::optional<double> baselineValue(const Metric &metric, const EngineSummary &summary, QString *why)
{
    if (metric.kind == MetricKind::Throughput) {
        if (summary.durationS <= 0) {
            *why = QStringLiteral("the baseline run has no duration");
            return std::nullopt;
        }
        return double(summary.requests) / summary.durationS;
    }
    std::optional<hdr::HdrHistogram> h;
    if (!summary.histogram.isEmpty())
        h = hdr::HdrHistogram::decodeCompressed(
            std::string_view(summary.histogram.constData(), size_t(summary.histogram.size())));
    if (!h || h->totalCount() == 0) {
        *why = QStringLiteral("the baseline run has no latency data");
        return std::nullopt;
    }
    if (metric.kind == MetricKind::LatencyPercentile)
        return double(h->valueAtPercentile(metric.percentile)) / 1000.0;
    if (metric.kind == MetricKind::LatencyMean)
        return h->mean() / 1000.0;
    return double(h->max()) / 1000.0;
}

void resolveOne(const QString &path, const Metric &metric, const QString &text, std::optional<qint64> runId,
                const std::optional<EngineSummary> &summary, BaselineThresholds *out)
{
    const QString what = path + QLatin1Char(' ') + toString(metric) + QLatin1Char(' ') + text;
    const auto change = parseBaselineChange(text, metric);
    if (!change) {
        out->warnings << what + QStringLiteral(": not a relative bound; not evaluated");
        return;
    }
    const QString relative = toString(metric) + QLatin1Char(' ') + change->toString(metric);
    if (!runId) {
        out->warnings << path + QStringLiteral(" (") + relative +
                             QStringLiteral(
                                 " over the baseline) is not evaluated: the strategy has no baseline "
                                 "run (mark one in the Runs area or with 'loadwright baseline')");
        return;
    }
    QString why;
    const auto value = summary ? baselineValue(metric, *summary, &why) : std::nullopt;
    if (!value) {
        out->warnings << path + QStringLiteral(" (") + relative + QStringLiteral(") is not evaluated: ") +
                             (summary ? why : QStringLiteral("baseline run %1 has no summary").arg(*runId));
        return;
    }
    BaselineThreshold t;
    t.baseline = *value;
    t.threshold = change->thresholdFrom(*value, metric);
    t.text = path + QStringLiteral(": ") + relative + QStringLiteral(" over baseline run %1 (").arg(*runId) +
             formatMetricValue(metric, t.baseline) + QStringLiteral("): ") +
             formatMetricValue(metric, t.threshold);
    out->notes << t.text;
    out->byPath.insert(path, t);
}

} // namespace

bool hasBaselineBounds(const Strategy &s)
{
    for (const SafetyLimit &l : s.safetyLimits) {
        if (!l.baselineChange.isEmpty())
            return true;
    }
    for (const SuccessCriterion &c : s.successCriteria) {
        if (!c.baselineChange.isEmpty())
            return true;
    }
    return false;
}

BaselineThresholds resolveBaselineBounds(const Strategy &s, std::optional<qint64> baselineRunId,
                                         const std::optional<EngineSummary> &baselineSummary)
{
    BaselineThresholds out;
    out.baselineRunId = baselineRunId;
    for (qsizetype i = 0; i < s.safetyLimits.size(); ++i) {
        const SafetyLimit &l = s.safetyLimits.at(i);
        if (!l.baselineChange.isEmpty())
            resolveOne(at("safety_limits", i), l.metric, l.baselineChange, baselineRunId, baselineSummary,
                       &out);
    }
    for (qsizetype i = 0; i < s.successCriteria.size(); ++i) {
        const SuccessCriterion &c = s.successCriteria.at(i);
        if (!c.baselineChange.isEmpty())
            resolveOne(at("success_criteria", i), c.metric, c.baselineChange, baselineRunId, baselineSummary,
                       &out);
    }
    return out;
}

BaselineThresholds resolveBaselineBounds(const Strategy &s, Workspace &ws, qint64 strategyId)
{
    if (!hasBaselineBounds(s))
        return {};
    // The baselines table (schema 4) holds one run per strategy; report::baselineRun reads the same.
    QSqlQuery q(QSqlDatabase::database(ws.connectionName(), false));
    q.prepare(QStringLiteral("SELECT run_id FROM baselines WHERE strategy_id = ?"));
    q.addBindValue(strategyId);
    std::optional<qint64> runId;
    std::optional<EngineSummary> summary;
    if (!q.exec()) {
        BaselineThresholds out = resolveBaselineBounds(s, std::nullopt, std::nullopt);
        out.warnings.prepend(QStringLiteral("the baseline run could not be read: ") + q.lastError().text());
        return out;
    }
    if (q.next()) {
        runId = q.value(0).toLongLong();
        const RunStore store(ws);
        summary = store.summary(*runId);
    }
    return resolveBaselineBounds(s, runId, summary);
}

} // namespace lw
