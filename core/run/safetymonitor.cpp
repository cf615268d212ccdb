#include "run/safetymonitor.h"

#include <QDateTime>
#include <QJsonValue>
#include <QLocale>

#include <algorithm>

namespace lw {

namespace {

constexpr double kEpsilonS = 1e-6;
// An unevaluable metric is reported once it lasts one interval plus this (a late first interval at
// the run start is not worth an event).
constexpr double kReportSlackS = 1.0;

double parseSeconds(const QString &text, const QString &where, QStringList *errors)
{
    const auto ms = parseDurationMs(text);
    if (!ms || *ms < 0) {
        errors->append(where + QStringLiteral(": duration '") + text +
                       QStringLiteral("' does not parse; treated as 0s"));
        return 0;
    }
    return double(*ms) / 1000.0;
}

bool isResourceMetric(const Metric &m)
{
    return m.kind == MetricKind::Cpu || m.kind == MetricKind::Memory;
}

bool isCrossed(const Metric &m, double value, double threshold)
{
    return m.kind == MetricKind::Throughput ? value < threshold : value > threshold;
}

// "3 s", "2.5 s", "1m30s".
QString seconds(double s)
{
    if (s < 60) {
        QString text = QLocale::c().toString(s, 'f', 1);
        if (text.endsWith(QLatin1String(".0")))
            text.chop(2);
        return text + QStringLiteral(" s");
    }
    return formatDuration(qint64(s * 1000.0 + 0.5));
}

} // namespace

int actionStrength(SafetyAction action)
{
    switch (action) {
    case SafetyAction::Alert:
        return 0;
    case SafetyAction::Throttle:
        return 1;
    case SafetyAction::Stop:
        return 2;
    case SafetyAction::Rollback:
        return 3;
    case SafetyAction::EmergencyStop:
        return 4;
    }
    return 0;
}

double SafetyMonitor::windowSeconds(double forS, double intervalS)
{
    return std::min(std::max(forS, intervalS), std::max(kMaxSafetyWindowS, intervalS));
}

SafetyMonitor::SafetyMonitor(const Strategy &s, const BaselineThresholds &baseline)
    : m_window(kMaxSafetyWindowS + 5.0), m_resourceSource(resourceSourceFor(s.monitoring))
{
    const auto monitoringMs = parseDurationMs(s.monitoring.interval);
    if (monitoringMs && *monitoringMs > 0) {
        m_monitoringIntervalS = double(*monitoringMs) / 1000.0;
        m_window.setSampleIntervalS(m_monitoringIntervalS);
    } else
        m_configErrors.append(QStringLiteral("monitoring.interval '") + s.monitoring.interval +
                              QStringLiteral("' does not parse; 1s assumed"));

    for (int i = 0; i < s.safetyLimits.size(); ++i) {
        const SafetyLimit &l = s.safetyLimits.at(i);
        Watch w;
        w.path = QStringLiteral("safety_limits[%1]").arg(i);
        w.name = l.name.isEmpty() ? QStringLiteral("limit %1").arg(i + 1) : l.name;
        w.label = l.name.isEmpty() ? w.name : QStringLiteral("limit '%1'").arg(l.name);
        w.metric = l.metric;
        w.threshold = l.threshold;
        if (!l.baselineChange.isEmpty()) {
            if (!baseline.has(w.path))
                continue; // not evaluated without a baseline
            w.threshold = baseline.byPath.value(w.path).threshold;
            if (const auto change = parseBaselineChange(l.baselineChange, l.metric))
                w.label +=
                    QStringLiteral(", ") + change->toString(l.metric) + QStringLiteral(" over the baseline");
        }
        w.forS = parseSeconds(l.forDuration, w.path + QStringLiteral(".for"), &m_configErrors);
        w.action = l.action;
        w.actSeverity = l.action == SafetyAction::Alert || l.action == SafetyAction::Throttle
                            ? AlertSeverity::Warning
                            : AlertSeverity::Critical;
        w.throttle = l.throttle;
        if (l.action == SafetyAction::Throttle)
            w.cooldownS =
                parseSeconds(l.throttle.cooldown, w.path + QStringLiteral(".cooldown"), &m_configErrors);
        m_watches.append(w);
    }
    for (int i = 0; i < s.rollback.triggers.size(); ++i) {
        const RollbackTrigger &t = s.rollback.triggers.at(i);
        Watch w;
        w.path = QStringLiteral("rollback.triggers[%1]").arg(i);
        w.name = QStringLiteral("rollback trigger %1").arg(i + 1);
        w.label = w.name;
        w.metric = t.metric;
        w.threshold = t.threshold;
        w.forS = parseSeconds(t.forDuration, w.path + QStringLiteral(".for"), &m_configErrors);
        w.action = t.action;
        w.actSeverity = t.severity;
        m_watches.append(w);
    }
}

void SafetyMonitor::addInterval(const EngineInterval &interval)
{
    m_window.addInterval(interval);
}

void SafetyMonitor::addResource(const ResourceSample &sample)
{
    m_window.addResource(sample);
}

Measurement SafetyMonitor::lastMeasurement(int watch) const
{
    return watch >= 0 && watch < m_watches.size() ? m_watches.at(watch).last : Measurement();
}

SafetyFinding SafetyMonitor::makeFinding(const Watch &w, SafetyFinding::Kind kind, double heldS, double nowS,
                                         qint64 nowMs) const
{
    SafetyFinding f;
    f.kind = kind;
    f.path = w.path;
    f.name = w.name;
    f.metric = w.metric;
    if (w.last.evaluable)
        f.value = w.last.value;
    f.threshold = w.threshold;
    f.heldS = heldS;
    f.action = w.action;
    f.throttle = w.throttle;

    const QString metric = toString(w.metric);
    const QString sign =
        w.metric.kind == MetricKind::Throughput ? QStringLiteral(" < ") : QStringLiteral(" > ");
    const QString threshold = formatMetricValue(w.metric, w.threshold);
    const QString value = f.value ? formatMetricValue(w.metric, *f.value) : QString();
    const double unevaluableAfter =
        w.forS + 2 * (isResourceMetric(w.metric) ? m_monitoringIntervalS : m_window.intervalSeconds());
    RunEvent &e = f.event;
    switch (kind) {
    case SafetyFinding::Kind::Crossed:
        e.kind = QStringLiteral("limit.crossed");
        e.severity = AlertSeverity::Warning;
        e.message = metric + QLatin1Char(' ') + value + sign + threshold + QStringLiteral(" (") + w.label +
                    QStringLiteral("): ") + toString(w.action) + QStringLiteral(" if it holds for ") +
                    seconds(w.forS);
        break;
    case SafetyFinding::Kind::Cleared:
        e.kind = QStringLiteral("limit.cleared");
        e.severity = AlertSeverity::Info;
        if (w.unevaluable)
            e.message = metric + QStringLiteral(" can be measured again: ") + value + QStringLiteral(" (") +
                        w.label + QLatin1Char(')');
        else
            e.message = metric + QLatin1Char(' ') + value + QStringLiteral(" back within ") + threshold +
                        QStringLiteral(" after ") + seconds(heldS) + QStringLiteral(" (") + w.label +
                        QLatin1Char(')');
        break;
    case SafetyFinding::Kind::Unevaluable:
        e.kind = QStringLiteral("limit.unevaluable");
        e.severity = AlertSeverity::Warning;
        e.message = metric + QStringLiteral(" cannot be measured: ") + w.last.why + QStringLiteral(" (") +
                    w.label + QStringLiteral("); the run stops if this lasts ") + seconds(unevaluableAfter);
        break;
    case SafetyFinding::Kind::Act:
        e.kind = QStringLiteral("action");
        e.severity = w.actSeverity;
        break;
    }
    e.atMs = nowMs != 0 ? nowMs : QDateTime::currentMSecsSinceEpoch();
    e.elapsedS = nowS;
    e.data.insert(QStringLiteral("name"), w.name);
    e.data.insert(QStringLiteral("metric"), metric);
    e.data.insert(QStringLiteral("value"), f.value ? QJsonValue(*f.value) : QJsonValue());
    e.data.insert(QStringLiteral("threshold"), w.threshold);
    e.data.insert(QStringLiteral("action"), toString(w.action));
    e.data.insert(QStringLiteral("path"), w.path);
    e.data.insert(QStringLiteral("held_s"), heldS);
    e.data.insert(QStringLiteral("for_s"), w.forS);
    if (!w.last.evaluable)
        e.data.insert(QStringLiteral("why"), w.last.why);
    return f;
}

SafetyEvaluation SafetyMonitor::evaluate(double nowS, qint64 nowMs)
{
    SafetyEvaluation result;
    const double previousS = std::min(m_lastEvaluationS, nowS);
    const SafetyFinding *decisive = nullptr;

    for (Watch &w : m_watches) {
        const double intervalS =
            isResourceMetric(w.metric) ? m_monitoringIntervalS : m_window.intervalSeconds();
        const double windowS = windowSeconds(w.forS, intervalS);
        w.last = m_window.measure(w.metric, nowS, windowS, m_resourceSource);

        if (!w.last.evaluable) {
            if (!w.unevaluable) {
                // A crossing that turns into silence (nothing completes any more) keeps its clock.
                w.unevaluableSinceS = w.crossed ? w.crossedSinceS : previousS;
                w.crossed = false;
                w.fullCrossed = false;
                w.acted = false;
                w.unevaluable = true;
                w.unevaluableReported = false;
                w.actedUnevaluable = false;
            }
            const double held = nowS - w.unevaluableSinceS;
            const bool acting = !w.actedUnevaluable && held + kEpsilonS >= w.forS + 2 * intervalS;
            // Reported once it outlasts a late delivery (not at every run start), or when acting.
            if (!w.unevaluableReported && (acting || held + kEpsilonS >= intervalS + kReportSlackS)) {
                w.unevaluableReported = true;
                result.findings.append(makeFinding(w, SafetyFinding::Kind::Unevaluable, held, nowS, nowMs));
            }
            if (acting) {
                w.actedUnevaluable = true;
                SafetyFinding f = makeFinding(w, SafetyFinding::Kind::Act, held, nowS, nowMs);
                f.unevaluable = true;
                f.action = actionStrength(w.action) >= actionStrength(SafetyAction::Stop)
                               ? w.action
                               : SafetyAction::Stop;
                f.event.severity = AlertSeverity::Critical;
                f.event.data.insert(QStringLiteral("action"), toString(f.action));
                f.event.data.insert(QStringLiteral("unevaluable"), true);
                f.event.message = toString(w.metric) + QStringLiteral(" could not be measured for ") +
                                  seconds(held) + QStringLiteral(" (") + w.label + QStringLiteral(", ") +
                                  w.last.why + QStringLiteral("): ") + toString(f.action);
                result.findings.append(f);
            }
            continue;
        }

        if (w.unevaluable) {
            if (w.unevaluableReported)
                result.findings.append(
                    makeFinding(w, SafetyFinding::Kind::Cleared, nowS - w.unevaluableSinceS, nowS, nowMs));
            w.unevaluable = false;
            w.unevaluableReported = false;
            w.actedUnevaluable = false;
        }
        if (isCrossed(w.metric, w.last.value, w.threshold)) {
            if (!w.crossed) {
                w.crossed = true;
                w.crossedSinceS = previousS;
                w.acted = false;
                result.findings.append(
                    makeFinding(w, SafetyFinding::Kind::Crossed, nowS - previousS, nowS, nowMs));
            }
            // Full window: the data covers W seconds (5 % of an interval of slack for rounding).
            if (!w.fullCrossed && w.last.coveredS + 0.05 * intervalS >= windowS) {
                w.fullCrossed = true;
                w.fullCrossedSinceS = nowS;
            }
            const double held = nowS - w.crossedSinceS;
            // A throttle acts at most once per cool-down, within a crossing or across crossings: one
            // that did not bring the metric back acts again once its cool-down has passed.
            const bool coolingDown = w.action == SafetyAction::Throttle && w.hasActed &&
                                     nowS - w.actedAtS + kEpsilonS < w.cooldownS;
            if (w.acted && w.action == SafetyAction::Throttle && !coolingDown)
                w.acted = false;
            if (!w.acted && !coolingDown && w.fullCrossed &&
                nowS - w.fullCrossedSinceS + kEpsilonS >= w.forS - windowS) {
                w.hasActed = true;
                w.acted = true;
                w.actedAtS = nowS;
                SafetyFinding f = makeFinding(w, SafetyFinding::Kind::Act, held, nowS, nowMs);
                const QString sign =
                    w.metric.kind == MetricKind::Throughput ? QStringLiteral(" < ") : QStringLiteral(" > ");
                f.event.message = toString(w.metric) + QLatin1Char(' ') +
                                  formatMetricValue(w.metric, w.last.value) + sign +
                                  formatMetricValue(w.metric, w.threshold) + QStringLiteral(" for ") +
                                  seconds(std::max(w.forS, windowS)) + QStringLiteral(" (") + w.label +
                                  QStringLiteral("): ") + toString(w.action);
                result.findings.append(f);
            }
        } else if (w.crossed) {
            result.findings.append(
                makeFinding(w, SafetyFinding::Kind::Cleared, nowS - w.crossedSinceS, nowS, nowMs));
            w.crossed = false;
            w.fullCrossed = false;
            w.acted = false;
        }
    }

    for (const SafetyFinding &f : std::as_const(result.findings)) {
        if (f.kind == SafetyFinding::Kind::Act &&
            (!decisive || actionStrength(f.action) > actionStrength(decisive->action)))
            decisive = &f;
    }
    if (decisive) {
        result.decisive = decisive->action;
        result.reason = decisive->event.message;
    }
    m_lastEvaluationS = std::max(m_lastEvaluationS, nowS);
    return result;
}

} // namespace lw
