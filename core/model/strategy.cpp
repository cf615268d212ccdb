#include "model/strategy.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace lw {

bool Metric::operator==(const Metric &o) const
{
    // The percentile only means something for percentile metrics; "mean" has no percentile.
    return kind == o.kind && (kind != MetricKind::LatencyPercentile || percentile == o.percentile);
}

bool Target::operator==(const Target &o) const
{
    return name == o.name && method == o.method && url == o.url && headers == o.headers && body == o.body &&
           weight == o.weight && expectStatus == o.expectStatus;
}

bool Stage::operator==(const Stage &o) const
{
    return duration == o.duration && target == o.target && ramp == o.ramp;
}

bool LoadProfile::operator==(const LoadProfile &o) const
{
    return model == o.model && stages == o.stages && maxConnections == o.maxConnections &&
           requestTimeout == o.requestTimeout && thinkTime == o.thinkTime && rateCap == o.rateCap;
}

bool SafetyLimit::operator==(const SafetyLimit &o) const
{
    // Settings a limit does not use (and does not write) do not make two limits differ.
    return name == o.name && metric == o.metric && baselineChange == o.baselineChange &&
           (!baselineChange.isEmpty() || threshold == o.threshold) && forDuration == o.forDuration &&
           action == o.action && (action != SafetyAction::Throttle || throttle == o.throttle);
}

bool RollbackTrigger::operator==(const RollbackTrigger &o) const
{
    return metric == o.metric && threshold == o.threshold && forDuration == o.forDuration &&
           severity == o.severity && action == o.action;
}

bool RollbackProcedure::operator==(const RollbackProcedure &o) const
{
    return name == o.name && command == o.command && timeout == o.timeout && verifyCommand == o.verifyCommand;
}

bool Risk::operator==(const Risk &o) const
{
    return id == o.id && name == o.name && description == o.description && category == o.category &&
           probability == o.probability && impact == o.impact && mitigation == o.mitigation;
}

bool Prerequisite::operator==(const Prerequisite &o) const
{
    return name == o.name && type == o.type && url == o.url && expectStatus == o.expectStatus &&
           host == o.host && port == o.port && command == o.command && path == o.path &&
           minFreeMiB == o.minFreeMiB && description == o.description && timeout == o.timeout &&
           required == o.required && autoCheck == o.autoCheck;
}

bool SuccessCriterion::operator==(const SuccessCriterion &o) const
{
    // A relative criterion has no operator or threshold of its own (they are not written).
    return metric == o.metric && baselineChange == o.baselineChange &&
           (!baselineChange.isEmpty() || (op == o.op && threshold == o.threshold)) && weight == o.weight &&
           required == o.required;
}

bool PrometheusEndpoint::operator==(const PrometheusEndpoint &o) const
{
    return name == o.name && url == o.url && metrics == o.metrics;
}

bool MonitoringPlan::operator==(const MonitoringPlan &o) const
{
    return host == o.host && hostIsTarget == o.hostIsTarget && processes == o.processes &&
           prometheus == o.prometheus && interval == o.interval;
}

bool TestingWindow::operator==(const TestingWindow &o) const
{
    return days == o.days && start == o.start && end == o.end;
}

bool NotificationRoute::operator==(const NotificationRoute &o) const
{
    return event == o.event && channel == o.channel && minSeverity == o.minSeverity;
}

bool Strategy::operator==(const Strategy &o) const
{
    return name == o.name && description == o.description && owner == o.owner && type == o.type &&
           safetyLevel == o.safetyLevel && tags == o.tags && targets == o.targets &&
           scenarios == o.scenarios && data == o.data && load == o.load && safetyLimits == o.safetyLimits &&
           rollback == o.rollback && risks == o.risks && prerequisites == o.prerequisites &&
           successCriteria == o.successCriteria && monitoring == o.monitoring && windows == o.windows &&
           notifications == o.notifications && engine == o.engine;
}

RiskSeverity riskSeverity(int probability, int impact)
{
    const int score = probability * impact;
    if (score >= 20)
        return RiskSeverity::Critical;
    if (score >= 10)
        return RiskSeverity::High;
    if (score >= 5)
        return RiskSeverity::Medium;
    return RiskSeverity::Low;
}

RiskSeverity highestRiskSeverity(const Strategy &s)
{
    RiskSeverity highest = RiskSeverity::Low;
    for (const Risk &r : s.risks)
        highest = std::max(highest, riskSeverity(r.probability, r.impact));
    return highest;
}

ApprovalRequirement approvalRequirement(const Strategy &s)
{
    ApprovalRequirement req;
    req.effectiveLevel = std::max(s.safetyLevel, highestRiskSeverity(s));
    switch (req.effectiveLevel) {
    case SafetyLevel::Low:
        req.approvals = 0;
        break;
    case SafetyLevel::Medium:
        req.approvals = 1;
        break;
    case SafetyLevel::High:
        req.approvals = 2;
        break;
    case SafetyLevel::Critical:
        req.approvals = 2;
        req.adminRequired = true;
        break;
    }
    return req;
}

std::optional<qint64> parseDurationMs(const QString &text)
{
    // A sequence of <number><unit> parts, largest unit first is not enforced: "1h30m", "1.5s", "250ms".
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    if (t == QLatin1String("0"))
        return 0;
    double total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const QRegularExpressionMatch m = part.match(t, pos, QRegularExpression::NormalMatch,
                                                     QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return std::nullopt;
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        double factor = 1;
        if (unit == QLatin1String("s"))
            factor = 1000;
        else if (unit == QLatin1String("m"))
            factor = 60'000;
        else if (unit == QLatin1String("h"))
            factor = 3'600'000;
        else if (unit == QLatin1String("d"))
            factor = 86'400'000;
        total += value * factor;
        pos = m.capturedEnd();
    }
    if (total > 366.0 * 86'400'000)
        return std::nullopt;
    return static_cast<qint64>(std::llround(total));
}

QString formatDuration(qint64 ms)
{
    if (ms == 0)
        return QStringLiteral("0s");
    QString out;
    if (ms < 0) {
        out += QLatin1Char('-');
        ms = -ms;
    }
    const qint64 h = ms / 3'600'000;
    const qint64 m = (ms / 60'000) % 60;
    const qint64 s = (ms / 1000) % 60;
    const qint64 rest = ms % 1000;
    if (h)
        out += QString::number(h) + QLatin1Char('h');
    if (m)
        out += QString::number(m) + QLatin1Char('m');
    if (s)
        out += QString::number(s) + QLatin1Char('s');
    if (rest) {
        if (s && !h && !m) {
            // 1500 -> "1.5s" reads better than "1s500ms"
            out.chop(1);
            out += QLatin1Char('.') + QString::number(rest).rightJustified(3, QLatin1Char('0'));
            while (out.endsWith(QLatin1Char('0')))
                out.chop(1);
            out += QLatin1Char('s');
        } else {
            out += QString::number(rest) + QLatin1String("ms");
        }
    }
    return out;
}

qint64 plannedDurationMs(const LoadProfile &p)
{
    qint64 total = 0;
    for (const Stage &st : p.stages)
        total += parseDurationMs(st.duration).value_or(0);
    return total;
}

} // namespace lw

namespace lw {

bool measuresLatency(const Metric &m)
{
    return m.kind == MetricKind::LatencyPercentile || m.kind == MetricKind::LatencyMean ||
           m.kind == MetricKind::LatencyMax;
}

const char *baselineChangeKey(const Metric &metric)
{
    return metric.kind == MetricKind::Throughput ? "max_throughput_decrease" : "max_latency_increase";
}

std::optional<BaselineChange> parseBaselineChange(const QString &text, const Metric &metric)
{
    const bool throughput = metric.kind == MetricKind::Throughput;
    if (!throughput && !measuresLatency(metric))
        return std::nullopt;
    // Latency: "+20%", "20%", "+50ms", "0.5s", "800us"; throughput: "10%", "-10%", "100/s", "-100req/s".
    static const QRegularExpression latency(QStringLiteral(R"(^\+?(\d+(?:\.\d+)?)\s*(%|ms|s|us)$)"));
    static const QRegularExpression rate(QStringLiteral(R"(^-?(\d+(?:\.\d+)?)\s*(%|/s|req/s)$)"));
    const QRegularExpressionMatch m = (throughput ? rate : latency).match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    BaselineChange c;
    c.amount = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    c.percent = unit == QLatin1String("%");
    if (unit == QLatin1String("s"))
        c.amount *= 1000.0;
    else if (unit == QLatin1String("us"))
        c.amount /= 1000.0;
    if (!std::isfinite(c.amount) || (throughput && c.percent && c.amount >= 100))
        return std::nullopt;
    return c;
}

double BaselineChange::thresholdFrom(double baselineValue, const Metric &metric) const
{
    const double delta = percent ? baselineValue * amount / 100.0 : amount;
    return metric.kind == MetricKind::Throughput ? std::max(0.0, baselineValue - delta)
                                                 : baselineValue + delta;
}

QString BaselineChange::toString(const Metric &metric) const
{
    const bool throughput = metric.kind == MetricKind::Throughput;
    const QString n = QString::number(amount, 'g', 6);
    return (throughput ? QStringLiteral("-") : QStringLiteral("+")) + n +
           (percent      ? QStringLiteral(" %")
            : throughput ? QStringLiteral(" req/s")
                         : QStringLiteral(" ms"));
}

} // namespace lw
