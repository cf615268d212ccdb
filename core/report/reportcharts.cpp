#include "report/reportdocument.h"

#include "report/chartpalette.h"

#include <algorithm>
#include <cmath>

namespace lw::report {

namespace {

constexpr int kMaxMarkers = 200;

const char *const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                "#9467bd", "#8c564b", "#e377c2", "#17becf"};

QString paletteColor(qsizetype i)
{
    return QString::fromLatin1(kPalette[i % (sizeof(kPalette) / sizeof(kPalette[0]))]);
}

bool isMarkedEvent(const RunEvent &e)
{
    return e.kind.startsWith(QLatin1String("limit.")) || e.kind == QLatin1String("action") ||
           e.kind.startsWith(QLatin1String("rollback.")) || e.kind == QLatin1String("user") ||
           e.severity != AlertSeverity::Info;
}

QList<ChartMarker> eventMarkers(const RunReport &report)
{
    QList<ChartMarker> markers;
    for (const RunEvent &e : report.events) {
        if (!isMarkedEvent(e))
            continue;
        const QString color = e.severity == AlertSeverity::Critical  ? QStringLiteral("#c62828")
                              : e.severity == AlertSeverity::Warning ? QStringLiteral("#ef6c00")
                                                                     : QStringLiteral("#5c6bc0");
        markers.append({e.elapsedS,
                        QStringLiteral("%1 s, %2: %3").arg(e.elapsedS, 0, 'f', 1).arg(e.kind, e.message),
                        color});
        if (markers.size() >= kMaxMarkers)
            break; // a run that logs thousands of events would only draw a solid block
    }
    return markers;
}

ChartSpec latencyOverTime(const RunReport &report)
{
    ChartSpec c;
    c.id = QStringLiteral("latency-over-time");
    c.title = QStringLiteral("Latency percentiles over time");
    c.xLabel = QStringLiteral("time since start");
    c.emptyText = QStringLiteral("No latency recorded");
    const QStringList names = {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p95"),
                               QStringLiteral("p99"), QStringLiteral("p99.9")};
    for (qsizetype i = 0; i < names.size(); ++i)
        c.series.append({names[i], latencyStatColor(names[i]), {}, false}); // the workbench's colours
    double lo = 0, hi = 0;
    for (const IntervalRow &r : report.intervals) {
        if (r.latency.count <= 0)
            continue;
        const qint64 values[] = {r.latency.p50, r.latency.p90, r.latency.p95, r.latency.p99, r.latency.p999};
        for (int i = 0; i < 5; ++i)
            c.series[i].points.append(QPointF(r.endS, double(values[i]) / 1000.0));
        if (r.latency.p50 > 0)
            lo = lo == 0 ? double(r.latency.p50) : std::min(lo, double(r.latency.p50));
        hi = std::max(hi, double(r.latency.p999));
    }
    // Tails a hundred times the median flatten a linear axis into the floor.
    c.yAxis = lo > 0 && hi / lo > 30 ? AxisKind::Log : AxisKind::Linear;
    c.yLabel =
        c.yAxis == AxisKind::Log ? QStringLiteral("latency (ms, log)") : QStringLiteral("latency (ms)");
    c.markers = eventMarkers(report);
    return c;
}

ChartSpec throughputAndErrors(const RunReport &report)
{
    ChartSpec c;
    c.id = QStringLiteral("throughput");
    c.title = QStringLiteral("Throughput and errors");
    c.xLabel = QStringLiteral("time since start");
    c.yLabel = QStringLiteral("per second");
    c.emptyText = QStringLiteral("No interval recorded");
    c.series.append({QStringLiteral("completed/s"), paletteColor(0), {}, false});
    c.series.append({QStringLiteral("errors/s"), QStringLiteral("#d62728"), {}, false});
    ChartSeries dropped{QStringLiteral("dropped/s"), QStringLiteral("#7f7f7f"), {}, true};
    bool anyDropped = false;
    for (const IntervalRow &r : report.intervals) {
        const double len = r.endS - r.startS;
        if (len <= 0)
            continue;
        c.series[0].points.append(QPointF(r.endS, double(r.completed) / len));
        c.series[1].points.append(QPointF(r.endS, double(r.errors) / len));
        dropped.points.append(QPointF(r.endS, double(r.dropped) / len));
        anyDropped = anyDropped || r.dropped > 0;
    }
    if (anyDropped)
        c.series.append(dropped);
    c.markers = eventMarkers(report);
    return c;
}

// One series per source that has key (host first), named after the source.
ChartSpec resourceChart(const RunReport &report, const QString &id, const QString &title,
                        const QString &yLabel, const QString &hostKey, const QString &processKey)
{
    ChartSpec c;
    c.id = id;
    c.title = title;
    c.xLabel = QStringLiteral("time since start");
    c.yLabel = yLabel;
    c.emptyText = QStringLiteral("No resource monitoring in this run");
    for (const ResourceSeries &s : report.resources.series) {
        const bool host = s.source == QLatin1String("host");
        if (!host && !s.source.startsWith(QLatin1String("process:")) &&
            !s.source.startsWith(QLatin1String("worker:"))) // a Locust worker: its CPU
            continue;
        const int key = s.keyIndex(host ? hostKey : processKey);
        if (key < 0)
            continue;
        ChartSeries series{
            host ? QStringLiteral("host") : s.source, paletteColor(c.series.size()), {}, false};
        for (size_t i = 0; i < s.size(); ++i) {
            if (s.has(key, i) && s.errorAt(i).isEmpty())
                series.points.append(QPointF(s.elapsedS[i], s.values[size_t(key)][i]));
        }
        if (!series.points.isEmpty())
            c.series.append(series);
    }
    c.markers = eventMarkers(report);
    return c;
}

ChartSpec distribution(const RunReport &report)
{
    ChartSpec c;
    c.id = QStringLiteral("distribution");
    c.title = QStringLiteral("Latency by percentile");
    c.xLabel = QStringLiteral("percentile");
    c.yLabel = QStringLiteral("latency (ms)");
    c.xAxis = AxisKind::InversePercentile;
    c.emptyText = QStringLiteral("No latency recorded");
    ChartSeries s{report.range.isWholeRun() ? QStringLiteral("whole run")
                                            : QStringLiteral("%1 s to %2 s")
                                                  .arg(report.overall.fromS, 0, 'f', 0)
                                                  .arg(report.overall.toS, 0, 'f', 0),
                  paletteColor(0),
                  {},
                  false};
    for (const PercentilePoint &p : report.distribution) {
        if (p.percentile < 100) // 100 % sits at infinity on a 1/(1-p) axis, as in HdrHistogram's plotter
            s.points.append(QPointF(p.percentile, double(p.valueUs) / 1000.0));
    }
    c.series.append(s);
    return c;
}

} // namespace

QList<ChartSpec> reportCharts(const RunReport &report)
{
    QList<ChartSpec> charts = {latencyOverTime(report), throughputAndErrors(report), distribution(report),
                               resourceChart(report, QStringLiteral("cpu"), QStringLiteral("CPU"),
                                             QStringLiteral("CPU (% of one core)"),
                                             QStringLiteral("cpu_percent"), QStringLiteral("cpu_percent")),
                               resourceChart(report, QStringLiteral("memory"), QStringLiteral("Memory"),
                                             QStringLiteral("memory (MiB)"),
                                             QStringLiteral("memory_used_mib"), QStringLiteral("rss_mib"))};
    if (!report.range.isWholeRun()) { // time charts show the whole run with the report's range shaded
        for (ChartSpec &c : charts) {
            if (c.xAxis == AxisKind::Time) {
                c.highlightFrom = report.overall.fromS;
                c.highlightTo = report.overall.toS;
            }
        }
    }
    return charts;
}

} // namespace lw::report
