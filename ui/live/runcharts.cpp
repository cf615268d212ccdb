#include "live/runcharts.h"

#include "report/chartpalette.h"

#include <limits>

namespace lw::ui {

namespace {

QColor statColor(LatencyStat stat)
{
    return QColor(report::latencyStatColor(displayName(stat))); // the exports' colours too
}

bool isLatencyMetric(const Metric &m)
{
    return m.kind == MetricKind::LatencyPercentile || m.kind == MetricKind::LatencyMean ||
           m.kind == MetricKind::LatencyMax;
}

const QColor kSourceColors[] = {QColor(0x2f, 0x6f, 0xde), QColor(0xe0, 0x7b, 0x00), QColor(0x12, 0x9a, 0x8a),
                                QColor(0x7a, 0x4f, 0xb5), QColor(0xc6, 0x2f, 0x3b)};

} // namespace

QColor limitColor(SafetyAction action)
{
    switch (action) {
    case SafetyAction::Alert:
    case SafetyAction::Throttle:
        return QColor(0xb7, 0x79, 0x00);
    case SafetyAction::Stop:
        return QColor(0xd9, 0x48, 0x0f);
    case SafetyAction::EmergencyStop:
    case SafetyAction::Rollback:
        return QColor(0xc0, 0x1f, 0x2b);
    }
    return Qt::red;
}

QString limitLabel(const SafetyLimit &limit)
{
    QString unit;
    switch (limit.metric.kind) {
    case MetricKind::LatencyPercentile:
    case MetricKind::LatencyMean:
    case MetricKind::LatencyMax:
        unit = QStringLiteral(" ms");
        break;
    case MetricKind::Throughput:
        unit = QStringLiteral(" req/s");
        break;
    case MetricKind::ErrorRate:
    case MetricKind::CheckFailureRate:
    case MetricKind::Cpu:
        unit = QStringLiteral(" %");
        break;
    case MetricKind::Memory:
        unit = QStringLiteral(" MiB");
        break;
    }
    const QString op =
        limit.metric.kind == MetricKind::Throughput ? QStringLiteral("<") : QStringLiteral(">");
    QString action = toString(limit.action).replace(QLatin1Char('_'), QLatin1Char(' '));
    return QStringLiteral("%1 %2 %3%4 \u2192 %5")
        .arg(toString(limit.metric), op, QString::number(limit.threshold, 'g', 6), unit, action);
}

// ---- Latency -----------------------------------------------------------------------------------

LatencyChart::LatencyChart(QWidget *parent) : LiveChart(parent)
{
    for (LatencyStat stat : allLatencyStats()) {
        QCPGraph *g = makeGraph(displayName(stat), statColor(stat), yAxis, Qt::SolidLine,
                                stat == LatencyStat::P99 ? 2.0 : 1.5);
        g->setProperty("unit", QStringLiteral("ms"));
        m_graphs << g;
    }
    setStatVisible(LatencyStat::Mean, false);
    yAxis->setLabel(tr("Latency (ms)"));
    setEmptyText(tr("Waiting for the first interval\u2026"));
    m_overlap = new QCPItemText(this);
    m_overlap->setObjectName(QStringLiteral("overlapNote"));
    m_overlap->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_overlap->position->setCoords(0.995, 0.03);
    m_overlap->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.85));
    m_overlap->setFont(small);
    m_overlap->setColor(QColor(0x5b, 0x64, 0x72));
    m_overlap->setBrush(QBrush(QColor(255, 255, 255, 220)));
    m_overlap->setPadding(QMargins(4, 2, 4, 2));
    m_overlap->setClipToAxisRect(true);
    m_overlap->setSelectable(false);
    m_overlap->setVisible(false);
}

QString LatencyChart::overlapNote() const
{
    return m_overlap->visible() ? m_overlap->text() : QString();
}

void LatencyChart::updateOverlapNote()
{
    // The visible tail statistics over the last 30 points: when they (nearly) coincide in most of
    // them, their lines hide each other; say why rather than let one colour stand for three.
    QList<QCPGraph *> tails;
    QStringList names;
    for (LatencyStat stat : {LatencyStat::P99, LatencyStat::P999, LatencyStat::Max}) {
        QCPGraph *g = m_graphs.at(int(stat));
        if (g->visible() && !g->data()->isEmpty()) {
            tails << g;
            names << displayName(stat);
        }
    }
    bool overlap = false;
    if (tails.size() >= 2) {
        const int n = tails.first()->data()->size();
        const int from = std::max(0, n - 30);
        int same = 0;
        for (int i = from; i < n; ++i) {
            double lo = std::numeric_limits<double>::max();
            double hi = 0;
            for (QCPGraph *g : std::as_const(tails)) {
                if (i >= g->data()->size())
                    continue;
                const double v = (g->data()->constBegin() + i)->value;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            if (hi - lo <= std::max(0.002 * hi, 0.001)) // within the histograms' precision
                ++same;
        }
        overlap = n - from > 0 && same * 10 >= (n - from) * 8;
    }
    if (overlap)
        m_overlap->setText(tr("%1 coincide: too few requests per interval to tell them apart")
                               .arg(names.join(QStringLiteral(", "))));
    m_overlap->setVisible(overlap);
    fitOverlapNote();
}

int LatencyChart::overlapNoteWidth() const
{
    const QFontMetrics fm(m_overlap->font());
    int widest = 0;
    for (const QString &line : m_overlap->text().split(QLatin1Char('\n')))
        widest = std::max(widest, fm.horizontalAdvance(line));
    return widest + m_overlap->padding().left() + m_overlap->padding().right();
}

int LatencyChart::overlapNoteRoom() const
{
    // Anchored at 99.5 % of the plot's width, right-aligned.
    return int(axisRect()->width() * 0.995) - 2;
}

void LatencyChart::fitOverlapNote()
{
    if (!m_overlap->visible())
        return;
    QString text = m_overlap->text();
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    m_overlap->setText(text);
    if (overlapNoteWidth() > overlapNoteRoom()) {
        // "P99, P99.9, Max coincide:" over "too few requests per interval to tell them apart".
        const qsizetype colon = text.indexOf(QLatin1String(": "));
        if (colon > 0)
            m_overlap->setText(text.left(colon + 1) + QLatin1Char('\n') + text.mid(colon + 2));
    }
}

void LatencyChart::resizeEvent(QResizeEvent *event)
{
    LiveChart::resizeEvent(event); // lays the plot out again
    if (m_overlap->visible()) {
        const QString before = m_overlap->text();
        fitOverlapNote();
        if (m_overlap->text() != before)
            replot(QCustomPlot::rpQueuedReplot);
    }
}

void LatencyChart::setScope(const QString &scope, const QString &label)
{
    m_scope = scope;
    m_scopeLabel = label.isEmpty() ? scope : label;
}

void LatencyChart::setStatVisible(LatencyStat stat, bool visible)
{
    QCPGraph *g = m_graphs.at(int(stat));
    g->setVisible(visible);
    if (visible)
        g->addToLegend();
    else
        g->removeFromLegend();
    fitLegend();
}

bool LatencyChart::isStatVisible(LatencyStat stat) const
{
    return m_graphs.at(int(stat))->visible();
}

void LatencyChart::setLogScale(bool log)
{
    yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) {
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setLogBase(10);
        ticker->setSubTickCount(8);
        yAxis->setTicker(ticker);
        yAxis->setNumberFormat(QStringLiteral("gb"));
    } else {
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        yAxis->setNumberFormat(QStringLiteral("g"));
    }
}

bool LatencyChart::logScale() const
{
    return yAxis->scaleType() == QCPAxis::stLogarithmic;
}

void LatencyChart::setSafetyLimits(const QList<SafetyLimit> &limits)
{
    QList<LimitLine> lines;
    for (const SafetyLimit &l : limits) {
        if (isLatencyMetric(l.metric))
            lines.append({yAxis, l.threshold, limitLabel(l), limitColor(l.action)});
    }
    setLimitLines(lines);
}

void LatencyChart::refresh(const LiveRunModel &model)
{
    bool any = false;
    for (LatencyStat stat : allLatencyStats()) {
        const DecimatedSeries *s = model.latency(m_scope, stat);
        any = any || (s && !s->isEmpty());
        setSeries(m_graphs.at(int(stat)), s);
    }
    updateOverlapNote();
    if (any)
        setEmptyText({});
    else if (model.intervals() > 0)
        setEmptyText(m_scope.isEmpty()                 ? tr("No responses yet")
                     : m_scope.startsWith(QChar(0x1f)) ? tr("%1: none completed yet").arg(m_scopeLabel)
                                                       : tr("No responses for %1 yet").arg(m_scopeLabel));
    rescaleValueAxis(yAxis);
    if (!std::isnan(crosshairKey()))
        setCrosshair(crosshairKey());
    replot(rpQueuedReplot);
}

// ---- Throughput ---------------------------------------------------------------------------------

ThroughputChart::ThroughputChart(QWidget *parent) : LiveChart(parent)
{
    // Completed first so the dashed "sent" line stays visible on top where the two agree.
    m_completed = makeGraph(tr("Completed"), QColor(0x2f, 0x6f, 0xde), yAxis, Qt::SolidLine, 1.8);
    m_sent = makeGraph(tr("Sent"), QColor(0x5b, 0x64, 0x72), yAxis, Qt::DashLine, 1.3);
    m_errors = makeGraph(tr("Errors"), QColor(0xc6, 0x2f, 0x3b), yAxis2, Qt::SolidLine, 1.4);
    QColor fill(0xc6, 0x2f, 0x3b);
    fill.setAlphaF(0.12f);
    m_errors->setBrush(fill);
    for (QCPGraph *g : {m_sent, m_completed})
        g->setProperty("unit", tr("req/s"));
    m_errors->setProperty("unit", QStringLiteral("%"));
    yAxis->setLabel(tr("Requests/s"));
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("Errors (%)"));
    setEmptyText(tr("Waiting for the first interval\u2026"));
}

void ThroughputChart::setSafetyLimits(const QList<SafetyLimit> &limits)
{
    QList<LimitLine> lines;
    for (const SafetyLimit &l : limits) {
        if (l.metric.kind == MetricKind::Throughput)
            lines.append({yAxis, l.threshold, limitLabel(l), limitColor(l.action)});
        else if (l.metric.kind == MetricKind::ErrorRate)
            lines.append({yAxis2, l.threshold, limitLabel(l), limitColor(l.action)});
    }
    setLimitLines(lines);
}

void ThroughputChart::refresh(const LiveRunModel &model)
{
    setSeries(m_sent, &model.rate(RateSeries::Sent));
    setSeries(m_completed, &model.rate(RateSeries::Completed));
    setSeries(m_errors, &model.rate(RateSeries::ErrorPct));
    for (const QString &source : model.resourceSources()) {
        if (!source.startsWith(QLatin1String("worker:")))
            continue;
        const DecimatedSeries *s = model.resource(source, QStringLiteral("requests_per_s"));
        if (!s)
            continue;
        QCPGraph *g = m_workers.value(source);
        if (!g) {
            g = makeGraph(tr("Worker %1").arg(source.mid(7)), kSourceColors[(m_workers.size() + 1) % 5],
                          yAxis, Qt::DotLine, 1.3);
            g->setProperty("unit", tr("req/s"));
            m_workers.insert(source, g);
        }
        setSeries(g, s);
    }
    if (model.intervals() > 0)
        setEmptyText({});
    rescaleValueAxis(yAxis);
    rescaleValueAxis(yAxis2);
    // Error percentages: at least 0..5 % so a few errors do not look like a wall.
    if (yAxis2->range().upper < 5)
        yAxis2->setRange(0, 5);
    updateLimitLabels();
    if (!std::isnan(crosshairKey()))
        setCrosshair(crosshairKey());
    replot(rpQueuedReplot);
}

// ---- Resources ----------------------------------------------------------------------------------

ResourceChart::ResourceChart(QWidget *parent) : LiveChart(parent)
{
    yAxis->setLabel(tr("CPU (% of one core)"));
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("Memory (MiB)"));
    setEmptyText(tr("No resource samples yet"));
}

void ResourceChart::setSafetyLimits(const QList<SafetyLimit> &limits)
{
    QList<LimitLine> lines;
    for (const SafetyLimit &l : limits) {
        if (l.metric.kind == MetricKind::Cpu)
            lines.append({yAxis, l.threshold, limitLabel(l), limitColor(l.action)});
        else if (l.metric.kind == MetricKind::Memory)
            lines.append({yAxis2, l.threshold, limitLabel(l), limitColor(l.action)});
    }
    setLimitLines(lines);
}

QCPGraph *ResourceChart::graphFor(const QString &source, const QString &key) const
{
    return m_graphs.value(source + QLatin1Char('|') + key);
}

void ResourceChart::refresh(const LiveRunModel &model)
{
    int sourceIndex = 0;
    bool any = false;
    for (const QString &source : model.resourceSources()) {
        const bool host = source == QLatin1String("host");
        const bool worker = source.startsWith(QLatin1String("worker:")); // a Locust worker: CPU only
        if (!host && !worker && !source.startsWith(QLatin1String("process:")))
            continue; // Prometheus series have no fixed meaning to chart here
        const QColor color = kSourceColors[sourceIndex++ % 5];
        const QString shown = host ? tr("host") : worker ? tr("worker %1").arg(source.mid(7)) : source.mid(8);
        const QString memKey = host ? QStringLiteral("memory_used_mib") : QStringLiteral("rss_mib");
        for (const auto &[key, isMem] :
             {std::pair{QStringLiteral("cpu_percent"), false}, std::pair{memKey, true}}) {
            const DecimatedSeries *s = model.resource(source, key);
            if (!s)
                continue;
            const QString id = source + QLatin1Char('|') + key;
            QCPGraph *g = m_graphs.value(id);
            if (!g) {
                g = makeGraph(isMem ? tr("%1 memory").arg(shown) : tr("%1 CPU").arg(shown), color,
                              isMem ? yAxis2 : yAxis, isMem ? Qt::DashLine : Qt::SolidLine, 1.5);
                g->setProperty("unit", isMem ? tr("MiB") : QStringLiteral("%"));
                m_graphs.insert(id, g);
            }
            setSeries(g, s);
            any = true;
        }
    }
    if (any)
        setEmptyText({});
    rescaleValueAxis(yAxis);
    rescaleValueAxis(yAxis2);
    if (!std::isnan(crosshairKey()))
        setCrosshair(crosshairKey());
    replot(rpQueuedReplot);
}

// ---- Network ------------------------------------------------------------------------------------

NetworkChart::NetworkChart(QWidget *parent) : LiveChart(parent)
{
    const QList<std::tuple<QString, QString, QColor, Qt::PenStyle>> defs = {
        {QStringLiteral("net_rx_bytes_s"), tr("Net in"), QColor(0x2f, 0x6f, 0xde), Qt::SolidLine},
        {QStringLiteral("net_tx_bytes_s"), tr("Net out"), QColor(0x12, 0x9a, 0x8a), Qt::SolidLine},
        {QStringLiteral("disk_read_bytes_s"), tr("Disk read"), QColor(0x8a, 0x94, 0xa6), Qt::DashLine},
        {QStringLiteral("disk_write_bytes_s"), tr("Disk write"), QColor(0xe0, 0x7b, 0x00), Qt::DashLine}};
    for (const auto &[key, name, color, style] : defs) {
        QCPGraph *g = makeGraph(name, color, yAxis, style, 1.5);
        g->setProperty("unit", tr("MB/s"));
        m_graphs.append({key, g});
    }
    yAxis->setLabel(tr("Host I/O (MB/s)"));
    setEmptyText(tr("No host samples yet"));
}

void NetworkChart::refresh(const LiveRunModel &model)
{
    bool any = false;
    for (const auto &[key, g] : std::as_const(m_graphs)) {
        const DecimatedSeries *s = model.resource(QStringLiteral("host"), key);
        any = any || s;
        setSeries(g, s, 1e-6);
        // Keys the host sampler did not report (yet) stay out of the legend.
        if (g->visible() != bool(s)) {
            g->setVisible(s);
            if (s)
                g->addToLegend();
            else
                g->removeFromLegend();
            fitLegend();
        }
    }
    if (any)
        setEmptyText({});
    rescaleValueAxis(yAxis);
    if (!std::isnan(crosshairKey()))
        setCrosshair(crosshairKey());
    replot(rpQueuedReplot);
}

} // namespace lw::ui
