#include "runs/reportcharts.h"

#include "report/chartpalette.h"

#include <QGuiApplication>
#include <QMouseEvent>
#include <QScreen>

#include <cmath>
#include <vector>

namespace lw::ui {

namespace {

const QColor kP50(report::latencyStatColor(QStringLiteral("p50")));
const QColor kP90(report::latencyStatColor(QStringLiteral("p90")));
const QColor kP95(report::latencyStatColor(QStringLiteral("p95")));
const QColor kP99(report::latencyStatColor(QStringLiteral("p99")));
const QColor kP999(report::latencyStatColor(QStringLiteral("p99.9")));
const QColor kSourceColors[] = {QColor(0x2f, 0x6f, 0xde), QColor(0xe0, 0x7b, 0x00), QColor(0x12, 0x9a, 0x8a),
                                QColor(0x7a, 0x4f, 0xb5), QColor(0xc6, 0x2f, 0x3b)};

double runLength(const report::RunReport &report)
{
    double end = report.run.durationS;
    if (!report.intervals.isEmpty())
        end = std::max(end, report.intervals.constLast().endS);
    return std::max(1.0, end);
}

QColor eventColor(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return QColor(0xc0, 0x1f, 0x2b);
    case AlertSeverity::Warning:
        return QColor(0xd9, 0x48, 0x0f);
    default:
        return QColor(0x6b, 0x72, 0x80);
    }
}

// Buckets across the time axis: twice the widest screen's pixels, so a full-width chart has a
// minimum and a maximum per pixel and looks as it would with every point.
int screenBuckets()
{
    int width = 1920;
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        width = std::max(width, int(screen->size().width() * screen->devicePixelRatio()));
    return 2 * width;
}

// A series of many points (a soak's 86,400 intervals) reduced to the minimum and maximum of each
// of `buckets` equal spans of its x range, in x order: what a line of that many pixels shows.
// Series of at most 2 x buckets points are kept whole.
void setBucketed(QCPGraph *g, const QVector<double> &keys, const QVector<double> &values, int buckets)
{
    if (keys.size() <= 2 * qsizetype(buckets) || keys.isEmpty()) {
        g->setData(keys, values, true);
        return;
    }
    const double x0 = keys.constFirst();
    const double width = std::max(1e-9, keys.constLast() - x0);
    QVector<double> outKeys;
    QVector<double> outValues;
    outKeys.reserve(2 * buckets);
    outValues.reserve(2 * buckets);
    qsizetype lo = 0;
    qsizetype hi = 0;
    int bucket = -1;
    auto flush = [&] {
        if (bucket < 0)
            return;
        const qsizetype first = std::min(lo, hi);
        const qsizetype second = std::max(lo, hi);
        outKeys << keys.at(first);
        outValues << values.at(first);
        if (second != first) {
            outKeys << keys.at(second);
            outValues << values.at(second);
        }
    };
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const int b = std::min(buckets - 1, int((keys.at(i) - x0) / width * buckets));
        if (b != bucket) {
            flush();
            bucket = b;
            lo = hi = i;
            continue;
        }
        if (values.at(i) < values.at(lo))
            lo = i;
        if (values.at(i) > values.at(hi))
            hi = i;
    }
    flush();
    g->setData(outKeys, outValues, true);
}

} // namespace

QList<StageMark> stageMarks(const report::RunReport &report)
{
    QList<StageMark> marks;
    for (const report::StageRow &s : report.stages) {
        StageMark m;
        m.number = s.stage + 1;
        m.startS = s.figures.fromS;
        m.endS = s.figures.toS;
        QString label = s.label;
        const int colon = label.indexOf(QLatin1String(": "));
        m.label = colon >= 0 ? label.mid(colon + 2) : label;
        marks << m;
    }
    return marks;
}

ReportTimeChart::ReportTimeChart(Kind kind, QWidget *parent) : LiveChart(parent), m_kind(kind)
{
    setMinimumHeight(170);
    m_selection = new QCPItemRect(this);
    m_selection->setLayer(QStringLiteral("overlay"));
    for (QCPItemPosition *p : {m_selection->topLeft, m_selection->bottomRight})
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    QColor fill(0x2f, 0x6f, 0xde);
    fill.setAlphaF(0.16f);
    m_selection->setBrush(fill);
    m_selection->setPen(QPen(QColor(0x2f, 0x6f, 0xde, 160), 1));
    m_selection->setSelectable(false);
    m_selection->setVisible(false);
    setToolTip(tr("Drag across the chart to select a time range"));
}

void ReportTimeChart::setReport(const report::RunReport &report)
{
    clearGraphs();
    switch (m_kind) {
    case Kind::Latency:
        fillLatency(report);
        break;
    case Kind::Throughput:
        fillThroughput(report);
        break;
    case Kind::Resources:
        fillResources(report);
        break;
    }
    // Antialiased strokes of a noisy series with tens of thousands of points (a soak) take seconds
    // per redraw; aliased ones take milliseconds and look the same at that density.
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph *g = graph(i);
        const bool dense = g->dataCount() >= 4000;
        g->setAntialiased(!dense);
        if (dense) {
            QPen pen = g->pen();
            pen.setWidthF(1.0); // the raster engine's fast path for aliased one-pixel lines
            g->setPen(pen);
        }
    }
    setTimeRange(0, runLength(report));
    setStages(stageMarks(report));
    markEvents(report);
    replot(rpQueuedReplot);
}

void ReportTimeChart::fillLatency(const report::RunReport &report)
{
    yAxis->setLabel(tr("Latency (ms)"));
    struct Def
    {
        QString name;
        QColor color;
        qint64 LatencySummary::*field;
    };
    const QList<Def> defs = {{tr("P50"), kP50, &LatencySummary::p50},
                             {tr("P90"), kP90, &LatencySummary::p90},
                             {tr("P95"), kP95, &LatencySummary::p95},
                             {tr("P99"), kP99, &LatencySummary::p99},
                             {tr("P99.9"), kP999, &LatencySummary::p999}};
    // The intervals with latencies, once for every series (a week is 604,800 of them).
    std::vector<const report::IntervalRow *> measured;
    measured.reserve(size_t(report.intervals.size()));
    QVector<double> keys;
    keys.reserve(report.intervals.size());
    for (const report::IntervalRow &row : report.intervals) {
        if (row.latency.count == 0)
            continue;
        measured.push_back(&row);
        keys << row.endS;
    }
    QVector<double> values(keys.size());
    for (const Def &def : defs) {
        QCPGraph *g = makeGraph(def.name, def.color, yAxis);
        g->setProperty("unit", QStringLiteral("ms"));
        for (size_t i = 0; i < measured.size(); ++i)
            values[qsizetype(i)] = double(measured[i]->latency.*(def.field)) / 1000.0;
        setBucketed(g, keys, values, screenBuckets());
    }
    rescaleValueAxis(yAxis, 0, false);
    setEmptyText(report.intervals.isEmpty() ? tr("No interval was stored for this run") : QString());
}

void ReportTimeChart::fillThroughput(const report::RunReport &report)
{
    yAxis->setLabel(tr("Requests per second"));
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("Errors (%)"));
    QCPGraph *completed = makeGraph(tr("Completed"), QColor(0x2f, 0x6f, 0xde), yAxis, Qt::SolidLine, 1.8);
    QCPGraph *sent = makeGraph(tr("Sent"), QColor(0x5b, 0x64, 0x72), yAxis, Qt::DashLine, 1.3);
    QCPGraph *errors = makeGraph(tr("Error rate"), QColor(0xc6, 0x2f, 0x3b), yAxis2, Qt::SolidLine, 1.4);
    completed->setProperty("unit", tr("req/s"));
    sent->setProperty("unit", tr("req/s"));
    errors->setProperty("unit", QStringLiteral("%"));
    QColor fill(0xc6, 0x2f, 0x3b);
    fill.setAlphaF(0.12f);
    errors->setBrush(fill);
    const qsizetype n = report.intervals.size();
    QVector<double> keys(n), completedS(n), sentS(n), errorRate(n);
    for (qsizetype i = 0; i < n; ++i) {
        const report::IntervalRow &row = report.intervals.at(i);
        const double span = std::max(1e-3, row.endS - row.startS);
        keys[i] = row.endS;
        completedS[i] = double(row.completed) / span;
        sentS[i] = double(row.sent) / span;
        const qint64 answered = row.completed + row.errors;
        errorRate[i] = answered > 0 ? 100.0 * double(row.errors) / double(answered) : 0.0;
    }
    const int buckets = screenBuckets();
    setBucketed(completed, keys, completedS, buckets);
    setBucketed(sent, keys, sentS, buckets);
    setBucketed(errors, keys, errorRate, buckets);
    rescaleValueAxis(yAxis, 0, false);
    rescaleValueAxis(yAxis2, 0, false);
    yAxis2->setRange(0, std::max(5.0, yAxis2->range().upper));
    setEmptyText(report.intervals.isEmpty() ? tr("No interval was stored for this run") : QString());
}

void ReportTimeChart::fillResources(const report::RunReport &report)
{
    yAxis->setLabel(tr("CPU (% of one core)"));
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("Memory (MiB)"));
    int graphs = 0;
    int sourceIndex = 0;
    const int buckets = screenBuckets();
    for (const ResourceSeries &s : report.resources.series) {
        const QColor color = kSourceColors[sourceIndex++ % 5];
        const QString shown = s.source.startsWith(QLatin1String("process:")) ? s.source.mid(8) : s.source;
        const bool host = s.source == QLatin1String("host");
        const QList<std::pair<QString, bool>> keys = {
            {QStringLiteral("cpu_percent"), false},
            {host ? QStringLiteral("memory_used_mib") : QStringLiteral("rss_mib"), true}};
        for (const auto &[key, isMem] : keys) {
            const int k = s.keyIndex(key);
            if (k < 0)
                continue;
            QVector<double> x;
            QVector<double> y;
            x.reserve(qsizetype(s.size()));
            y.reserve(qsizetype(s.size()));
            for (size_t i = 0; i < s.size(); ++i) {
                if (s.has(k, i) && s.errorAt(i).isEmpty()) {
                    x << s.elapsedS[i];
                    y << s.values[size_t(k)][i];
                }
            }
            if (x.isEmpty())
                continue;
            QCPGraph *g = makeGraph(isMem ? tr("%1 memory").arg(shown) : tr("%1 CPU").arg(shown), color,
                                    isMem ? yAxis2 : yAxis, isMem ? Qt::DashLine : Qt::SolidLine, 1.5);
            g->setProperty("unit", isMem ? QStringLiteral("MiB") : QStringLiteral("%"));
            setBucketed(g, x, y, buckets);
            ++graphs;
        }
    }
    rescaleValueAxis(yAxis, 0, false);
    rescaleValueAxis(yAxis2, 0, false);
    setEmptyText(graphs == 0 ? tr("No resource was monitored during this run") : QString());
}

void ReportTimeChart::markEvents(const report::RunReport &report)
{
    for (QCPAbstractItem *item : std::as_const(m_eventItems))
        removeItem(item);
    m_eventItems.clear();
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.8));
    for (const RunEvent &e : report.safetyEvents) {
        if (m_eventItems.size() >= 60) // a flapping limit must not paint the chart solid
            break;
        auto *line = new QCPItemStraightLine(this);
        line->point1->setCoords(e.elapsedS, 0);
        line->point2->setCoords(e.elapsedS, 1);
        line->setPen(QPen(eventColor(e.severity), 1.2, Qt::DotLine));
        line->setSelectable(false);
        line->setObjectName(e.message);
        auto *label = new QCPItemText(this);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(e.elapsedS, 0.02);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setText(QStringLiteral("\u26a0"));
        label->setColor(eventColor(e.severity));
        label->setFont(small);
        label->setSelectable(false);
        m_eventItems << line << label;
    }
}

void ReportTimeChart::setSelection(double fromS, double toS)
{
    if (std::isnan(fromS) || std::isnan(toS)) {
        m_selection->setVisible(false);
    } else {
        m_selection->topLeft->setCoords(std::min(fromS, toS), 0);
        m_selection->bottomRight->setCoords(std::max(fromS, toS), 1);
        m_selection->setVisible(true);
    }
    replot(rpQueuedReplot);
}

bool ReportTimeChart::hasSelection() const
{
    return m_selection->visible();
}

void ReportTimeChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && axisRect()->rect().contains(event->pos())) {
        m_dragStart = xAxis->pixelToCoord(event->position().x());
        m_dragStartPx = event->position().x();
    }
    LiveChart::mousePressEvent(event);
}

void ReportTimeChart::mouseMoveEvent(QMouseEvent *event)
{
    if (!std::isnan(m_dragStart) && (event->buttons() & Qt::LeftButton)) {
        const double x = xAxis->pixelToCoord(event->position().x());
        if (std::fabs(event->position().x() - m_dragStartPx) > 3)
            setSelection(m_dragStart, x);
    }
    LiveChart::mouseMoveEvent(event);
}

void ReportTimeChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !std::isnan(m_dragStart)) {
        const double start = m_dragStart;
        m_dragStart = qQNaN();
        if (std::fabs(event->position().x() - m_dragStartPx) > 3) {
            const QCPRange r = xAxis->range();
            const double end = std::clamp(xAxis->pixelToCoord(event->position().x()), r.lower, r.upper);
            emit rangeDragged(std::clamp(std::min(start, end), r.lower, r.upper), std::max(start, end));
        }
    }
    LiveChart::mouseReleaseEvent(event);
}

DistributionChart::DistributionChart(QWidget *parent) : QCustomPlot(parent)
{
    setMinimumSize(320, 220);
    const QPalette pal = palette();
    setBackground(pal.color(QPalette::Base));
    xAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const QList<std::pair<double, QString>> ticks = {
        {1, QStringLiteral("0%")},         {10, QStringLiteral("90%")},
        {100, QStringLiteral("99%")},      {1e3, QStringLiteral("99.9%")},
        {1e4, QStringLiteral("99.99%")},   {1e5, QStringLiteral("99.999%")},
        {1e6, QStringLiteral("99.9999%")}, {1e7, QStringLiteral("99.99999%")}};
    for (const auto &[pos, text] : ticks)
        ticker->addTick(pos, text);
    xAxis->setTicker(ticker);
    xAxis->setLabel(tr("Percentile"));
    yAxis->setLabel(tr("Latency (ms)"));
    xAxis->grid()->setSubGridVisible(false);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.9));
    for (QCPAxis *axis : {xAxis, yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
        axis->setSubTickPen(Qt::NoPen);
        axis->grid()->setPen(QPen(QColor(0xe3, 0xe6, 0xea)));
    }
    legend->setVisible(true);
    legend->setFont(small);
    legend->setBorderPen(QPen(QColor(0xd0, 0xd4, 0xda)));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    setMouseTracking(true);
}

double DistributionChart::axisPosition(double percentile)
{
    const double rest = 1.0 - std::clamp(percentile, 0.0, 100.0) / 100.0;
    return rest <= 1e-7 ? 1e7 : 1.0 / rest;
}

void DistributionChart::setSeries(const QList<Series> &series)
{
    clearGraphs();
    double maxX = 100;
    double maxY = 1;
    for (const Series &s : series) {
        QCPGraph *g = addGraph();
        g->setName(s.name);
        g->setPen(QPen(s.color, 1.8));
        g->setLineStyle(QCPGraph::lsStepLeft);
        QVector<double> keys;
        QVector<double> values;
        for (const report::PercentilePoint &p : s.points) {
            if (p.percentile >= 100.0) // 1/(1-p) is infinite there; the max is the last finite point's
                continue;
            keys << axisPosition(p.percentile);
            values << double(p.valueUs) / 1000.0;
            maxX = std::max(maxX, keys.constLast());
            maxY = std::max(maxY, values.constLast());
        }
        g->setData(keys, values, true);
    }
    xAxis->setRange(1, std::pow(10.0, std::ceil(std::log10(maxX * 1.01))) * 1.25); // last tick inside
    yAxis->setRange(0, maxY * 1.1);
    legend->setVisible(!series.isEmpty());
    replot(rpQueuedReplot);
}

} // namespace lw::ui
