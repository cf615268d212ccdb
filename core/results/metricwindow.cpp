#include "results/metricwindow.h"

#include "model/strategywords.h"
#include "results/errorrate.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace lw {

namespace {

// Tolerance for comparing interval ends with window edges (engine times are rounded to ms).
constexpr double kEpsilonS = 1e-6;
// How late an interval or sample may arrive before its source counts as silent.
constexpr double kDeliverySlackS = 1.0;

QString number(double v)
{
    // Up to 3 significant decimals, no exponent, C locale: "12.4", "950", "0.05".
    const double a = std::fabs(v);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    QString text = QLocale::c().toString(v, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text;
}

// Errors of a request that got a response: HTTP error statuses and failed scenario extractions and
// checks. The others (connect, timeout, tls, protocol) count as attempts without a response.
bool errorHasResponse(const QString &errorClass)
{
    return errorClass.startsWith(QLatin1String("http_")) || errorClass == QLatin1String("extract") ||
           errorClass == QLatin1String("check");
}

bool isResourceMetric(MetricKind kind)
{
    return kind == MetricKind::Cpu || kind == MetricKind::Memory;
}

} // namespace

QString formatMetricValue(const Metric &metric, double value)
{
    const QString unit = metricUnit(metric);
    return unit.isEmpty() ? number(value) : number(value) + QLatin1Char(' ') + unit;
}

QString resourceSourceFor(const MonitoringPlan &plan)
{
    if (!plan.processes.isEmpty()) {
        const ProcessWatch &p = plan.processes.first();
        if (!p.name.isEmpty())
            return QStringLiteral("process:") + p.name;
        if (p.pid)
            return QStringLiteral("process:") + QString::number(*p.pid);
    }
    return plan.host ? QStringLiteral("host") : QString();
}

MetricWindow::MetricWindow(double retainS) : m_retainS(retainS) {}

std::optional<double> MetricWindow::errorRatePercent(qint64 completed, qint64 errors,
                                                     const QMap<QString, qint64> &errorsByClass)
{
    qint64 withResponse = 0;
    for (auto it = errorsByClass.cbegin(); it != errorsByClass.cend(); ++it) {
        if (errorHasResponse(it.key()))
            withResponse += it.value();
    }
    return lw::errorRatePercent(completed, errors, errors - withResponse);
}

std::optional<double> MetricWindow::resourceValue(const ResourceSample &sample, MetricKind kind)
{
    if (!sample.error.isEmpty())
        return std::nullopt;
    const bool process = sample.source.startsWith(QLatin1String("process:"));
    if (process && sample.values.value(QStringLiteral("alive"), 1.0) == 0.0)
        return std::nullopt;
    QString key;
    if (kind == MetricKind::Cpu)
        key = QStringLiteral("cpu_percent");
    else if (kind == MetricKind::Memory)
        key = process ? QStringLiteral("rss_mib") : QStringLiteral("memory_used_mib");
    else
        return std::nullopt;
    const auto it = sample.values.constFind(key);
    if (it == sample.values.cend() || !std::isfinite(it.value()))
        return std::nullopt;
    return it.value();
}

void MetricWindow::addInterval(const EngineInterval &interval)
{
    Slot slot;
    slot.startS = interval.startS;
    slot.endS = interval.endS;
    slot.completed = interval.completed;
    slot.errors = interval.errors;
    qint64 withResponse = 0;
    for (auto it = interval.errorsByClass.cbegin(); it != interval.errorsByClass.cend(); ++it) {
        if (errorHasResponse(it.key()))
            withResponse += it.value();
    }
    slot.errorsWithoutResponse = std::max<qint64>(0, interval.errors - withResponse);
    slot.checkPasses = interval.checkPasses;
    slot.checkFails = interval.checkFails;
    if (!interval.histogram.isEmpty()) {
        slot.histogram = hdr::HdrHistogram::decodeCompressed(
            std::string_view(interval.histogram.constData(), size_t(interval.histogram.size())));
    }
    if (interval.endS > interval.startS)
        m_intervalS = interval.endS - interval.startS;
    m_intervals.push_back(std::move(slot));
    const double newest = m_intervals.back().endS;
    while (!m_intervals.empty() && m_intervals.front().endS < newest - m_retainS)
        m_intervals.pop_front();
}

void MetricWindow::addResource(const ResourceSample &sample)
{
    m_samples.push_back(sample);
    const double newest = sample.elapsedS;
    while (!m_samples.empty() && m_samples.front().elapsedS < newest - m_retainS)
        m_samples.pop_front();
}

Measurement MetricWindow::measure(const Metric &metric, double nowS, double windowS,
                                  const QString &resourceSource) const
{
    Measurement m;
    const QString span = QStringLiteral("in the last ") + number(windowS) + QStringLiteral(" s");

    if (isResourceMetric(metric.kind)) {
        if (resourceSource.isEmpty()) {
            m.why = QStringLiteral("the monitoring plan samples neither the host nor a process");
            return m;
        }
        // The window ends at the newest usable sample, unless that one is stale.
        double endS = -1e300;
        for (const ResourceSample &s : m_samples) {
            if (s.source == resourceSource && s.elapsedS <= nowS + kDeliverySlackS &&
                resourceValue(s, metric.kind))
                endS = std::max(endS, s.elapsedS);
        }
        if (endS < nowS - m_sampleIntervalS - kDeliverySlackS) {
            m.why = QStringLiteral("no usable sample of ") + resourceSource + QLatin1Char(' ') +
                    QStringLiteral("in the last ") + number(m_sampleIntervalS + kDeliverySlackS) +
                    QStringLiteral(" s");
            return m;
        }
        const double from = endS - windowS + kEpsilonS;
        double sum = 0;
        double oldestAt = endS;
        double newest = 0;
        for (const ResourceSample &s : m_samples) {
            if (s.source != resourceSource || s.elapsedS < from || s.elapsedS > endS)
                continue;
            const auto v = resourceValue(s, metric.kind);
            if (!v)
                continue;
            ++m.samples;
            sum += *v;
            oldestAt = std::min(oldestAt, s.elapsedS);
            if (s.elapsedS == endS)
                newest = *v;
        }
        m.evaluable = true;
        m.value = metric.kind == MetricKind::Cpu ? sum / m.samples : newest;
        m.coveredS = std::min(windowS, endS - oldestAt + m_sampleIntervalS);
        return m;
    }

    // The window ends at the newest interval, so an evaluation between two deliveries sees the same
    // data; an engine silent for longer than an interval + the slack leaves nothing to measure.
    if (m_intervals.empty()) {
        m.why = QStringLiteral("no engine interval yet");
        return m;
    }
    const double endS = m_intervals.back().endS;
    if (endS < nowS - m_intervalS - kDeliverySlackS) {
        m.why = QStringLiteral("no engine interval for ") + number(nowS - endS) + QStringLiteral(" s");
        return m;
    }
    const double from = endS - windowS + kEpsilonS;
    qint64 completed = 0;
    qint64 errors = 0;
    qint64 withoutResponse = 0;
    qint64 checkPasses = 0;
    qint64 checkFails = 0;
    double coveredS = 0;
    std::optional<hdr::HdrHistogram> merged;
    for (const Slot &slot : m_intervals) {
        if (slot.endS < from)
            continue;
        ++m.intervals;
        completed += slot.completed;
        errors += slot.errors;
        withoutResponse += slot.errorsWithoutResponse;
        checkPasses += slot.checkPasses;
        checkFails += slot.checkFails;
        coveredS += std::max(0.0, slot.endS - slot.startS);
        if (slot.histogram && slot.histogram->totalCount() > 0) {
            if (!merged)
                merged = *slot.histogram;
            else
                merged->add(*slot.histogram);
        }
    }
    if (m.intervals == 0) {
        m.why = QStringLiteral("no engine interval ") + span;
        return m;
    }
    m.coveredS = coveredS;
    switch (metric.kind) {
    case MetricKind::LatencyPercentile:
    case MetricKind::LatencyMean:
    case MetricKind::LatencyMax:
        if (!merged) {
            m.why = QStringLiteral("no request completed ") + span;
            return m;
        }
        if (metric.kind == MetricKind::LatencyPercentile)
            m.value = double(merged->valueAtPercentile(metric.percentile)) / 1000.0;
        else if (metric.kind == MetricKind::LatencyMean)
            m.value = merged->mean() / 1000.0;
        else
            m.value = double(merged->max()) / 1000.0;
        m.evaluable = true;
        return m;
    case MetricKind::ErrorRate: {
        const qint64 attempts = completed + withoutResponse;
        if (attempts <= 0) {
            m.why = QStringLiteral("no request completed or failed ") + span;
            return m;
        }
        m.value = std::min(100.0, 100.0 * double(errors) / double(attempts));
        m.evaluable = true;
        return m;
    }
    case MetricKind::CheckFailureRate:
        if (checkPasses + checkFails <= 0) {
            m.why = QStringLiteral("no scenario check was evaluated ") + span;
            return m;
        }
        m.value = 100.0 * double(checkFails) / double(checkPasses + checkFails);
        m.evaluable = true;
        return m;
    case MetricKind::Throughput:
        m.value = coveredS > 0 ? double(completed) / coveredS : 0.0;
        m.evaluable = true;
        return m;
    case MetricKind::Cpu:
    case MetricKind::Memory:
        break;
    }
    return m;
}

} // namespace lw
