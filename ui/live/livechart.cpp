#include "live/livechart.h"
#include "live/runcharts.h"

#include <cmath>

namespace lw::ui {

namespace {

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QString clockText(double seconds)
{
    const qint64 s = qint64(std::floor(std::max(0.0, seconds)));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

LiveChart::LiveChart(QWidget *parent) : QCustomPlot(parent)
{
    setNoAntialiasingOnDrag(true);
    setMinimumSize(220, 110);
    setMouseTracking(true);
    auto ticker = QSharedPointer<QCPAxisTickerTime>::create();
    ticker->setTimeFormat(QStringLiteral("%m:%s"));
    ticker->setTickCount(6);
    xAxis->setTicker(ticker);
    xAxis->setRange(0, 60);
    yAxis->setRange(0, 1);
    axisRect()->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    axisRect()->setMargins(QMargins(0, 8, 0, 0));

    // The legend sits in a row above the plot (left-aligned), never over the data.
    legend->setVisible(true);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(8);
    legend->setBorderPen(Qt::NoPen);
    legend->setIconSize(14, 8);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(8);
    legend->setMargins(QMargins(4, 0, 4, 0));
    axisRect()->insetLayout()->take(legend);
    auto *legendRow = new QCPLayoutGrid;
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, legendRow);
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowSpacing(0);
    legendRow->setMargins(QMargins(0, 0, 0, 0));
    legendRow->addElement(0, 0, legend);
    legendRow->addElement(0, 1, new QCPLayoutElement(this)); // takes the rest of the row
    legendRow->setColumnStretchFactor(0, 0.001);
    legendRow->setColumnStretchFactor(1, 1);

    // QCustomPlot's own top layer, buffered: moving the crosshair repaints only this layer.
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmBuffered);
    m_crossLine = new QCPItemStraightLine(this);
    m_crossLine->setLayer(QStringLiteral("overlay"));
    m_crossLine->setVisible(false);
    m_crossLine->setSelectable(false);
    m_crossLabel = new QCPItemText(this);
    m_crossLabel->setLayer(QStringLiteral("overlay"));
    m_crossLabel->setVisible(false);
    m_crossLabel->setSelectable(false);
    m_crossLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_crossLabel->setPadding(QMargins(6, 4, 6, 4));
    m_crossLabel->setTextAlignment(Qt::AlignLeft);
    m_crossLabel->setClipToAxisRect(true);
    m_emptyLabel = new QCPItemText(this);
    m_emptyLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyLabel->position->setCoords(0.5, 0.5);
    m_emptyLabel->setVisible(false);
    applyPalette();
}

QColor LiveChart::textColor() const
{
    return palette().color(QPalette::WindowText);
}

QColor LiveChart::mutedColor() const
{
    return blend(palette().color(QPalette::Base), textColor(), 0.55);
}

void LiveChart::applyPalette()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor base = pal.color(QPalette::Base);
    const QColor grid = blend(base, text, 0.10);
    setBackground(base);
    axisRect()->setBackground(base);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.9));
    for (QCPAxis *axis : {xAxis, yAxis, yAxis2}) {
        axis->setBasePen(QPen(blend(base, text, 0.35)));
        axis->setTickPen(QPen(blend(base, text, 0.35)));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLabelColor(blend(base, text, 0.7));
        axis->setLabelColor(blend(base, text, 0.8));
        axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
        axis->grid()->setZeroLinePen(QPen(grid, 1));
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
    }
    yAxis2->grid()->setVisible(false);
    legend->setBrush(Qt::NoBrush);
    legend->setFont(small);
    legend->setTextColor(blend(base, text, 0.8));
    m_crossLine->setPen(QPen(blend(base, text, 0.5), 1, Qt::SolidLine));
    QColor labelBg = base;
    labelBg.setAlphaF(0.94f);
    m_crossLabel->setBrush(labelBg);
    m_crossLabel->setPen(QPen(blend(base, text, 0.25)));
    m_crossLabel->setColor(text);
    m_crossLabel->setFont(small);
    m_emptyLabel->setColor(mutedColor());
    m_emptyLabel->setFont(font());
}

void LiveChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        replot(rpQueuedReplot);
    }
    QCustomPlot::changeEvent(event);
}

QCPGraph *LiveChart::makeGraph(const QString &name, const QColor &color, QCPAxis *valueAxis,
                               Qt::PenStyle style, double width)
{
    QCPGraph *g = addGraph(xAxis, valueAxis);
    g->setName(name);
    g->setPen(QPen(color, width, style));
    g->setAdaptiveSampling(true);
    fitLegend();
    return g;
}

void LiveChart::fitLegend()
{
    // Entries packed to the left instead of spread over the whole row.
    legend->setMaximumSize(legend->minimumOuterSizeHint());
}

void LiveChart::setSeries(QCPGraph *graph, const DecimatedSeries *series, double scale)
{
    QVector<double> keys;
    QVector<double> values;
    if (series)
        series->points(&keys, &values);
    if (scale != 1.0) {
        for (double &v : values)
            v *= scale;
    }
    graph->setData(keys, values, true);
}

void LiveChart::setEmptyText(const QString &text)
{
    m_emptyLabel->setText(text);
    m_emptyLabel->setVisible(!text.isEmpty());
}

void LiveChart::setTimeRange(double lowerS, double upperS)
{
    upperS = std::max(upperS, lowerS + 1);
    auto ticker = xAxis->ticker().dynamicCast<QCPAxisTickerTime>();
    if (ticker)
        ticker->setTimeFormat(upperS - lowerS > 3 * 3600 ? QStringLiteral("%h:%m") : QStringLiteral("%m:%s"));
    xAxis->setRange(lowerS, upperS);
}

void LiveChart::alignTimeAxes(const QList<LiveChart *> &charts)
{
    int left = 0;
    int right = 0;
    for (LiveChart *c : charts) {
        QCPAxisRect *r = c->axisRect();
        const QMargins min = r->minimumMargins();
        r->setMinimumMargins(QMargins(0, min.top(), 0, min.bottom()));
        // The margins the axes need now (tick labels of the current ranges), without a replot.
        c->plotLayout()->update(QCPLayoutElement::upPreparation);
        c->plotLayout()->update(QCPLayoutElement::upMargins);
        left = std::max(left, r->margins().left());
        right = std::max(right, r->margins().right());
    }
    for (LiveChart *c : charts) {
        QCPAxisRect *r = c->axisRect();
        const QMargins min = r->minimumMargins();
        r->setMinimumMargins(QMargins(left, min.top(), right, min.bottom()));
        c->replot(rpQueuedReplot);
    }
}

void LiveChart::resizeEvent(QResizeEvent *event)
{
    QCustomPlot::resizeEvent(event);
    if (!m_stages.isEmpty() && event->size().width() != event->oldSize().width())
        setStages(m_stages);
}

void LiveChart::setStages(const QList<StageMark> &stages)
{
    m_stages = stages;
    for (QCPAbstractItem *item : std::as_const(m_stageItems))
        removeItem(item);
    m_stageItems.clear();
    const double span = std::max(1.0, xAxis->range().size());
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.82));
    const QColor line = blend(palette().color(QPalette::Base), textColor(), 0.3);
    for (const StageMark &s : stages) {
        if (s.startS > 0) {
            auto *l = new QCPItemStraightLine(this);
            l->point1->setCoords(s.startS, 0);
            l->point2->setCoords(s.startS, 1);
            l->setPen(QPen(line, 1, Qt::DashLine));
            l->setSelectable(false);
            m_stageItems << l;
        }
        auto *label = new QCPItemText(this);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(s.startS + span * 0.006, 0.985);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setFont(small);
        label->setColor(mutedColor());
        label->setClipToAxisRect(true);
        label->setSelectable(false);
        // Full label when it fits the stage's width on screen, else just the stage number.
        const double px = std::max(60, width() - 110) * (std::min(s.endS, span) - s.startS) / span;
        const QString full = QStringLiteral("%1 · %2").arg(QString::number(s.number), s.label);
        label->setText(QFontMetrics(small).horizontalAdvance(full) + 12 < px ? full
                                                                             : QString::number(s.number));
        m_stageItems << label;
    }
}

void LiveChart::setActionMarks(const QList<ActionMark> &marks)
{
    if (marks.size() == m_actionMarkCount)
        return;
    m_actionMarkCount = marks.size();
    for (QCPAbstractItem *item : std::as_const(m_actionItems))
        removeItem(item);
    m_actionItems.clear();
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.82));
    for (const ActionMark &m : marks) {
        const QColor color = limitColor(m.action);
        auto *l = new QCPItemStraightLine(this);
        l->point1->setCoords(m.atS, 0);
        l->point2->setCoords(m.atS, 1);
        l->setPen(QPen(color, 1.4));
        l->setSelectable(false);
        auto *label = new QCPItemText(this);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(m.atS, 0.02);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setPadding(QMargins(3, 0, 0, 0));
        label->setFont(small);
        label->setColor(color);
        label->setText(m.label);
        label->setClipToAxisRect(true);
        label->setSelectable(false);
        m_actionItems << l << label;
    }
}

void LiveChart::setLimitLines(const QList<LimitLine> &lines)
{
    for (QCPAbstractItem *item : std::as_const(m_limitLines))
        removeItem(item);
    for (QCPAbstractItem *item : std::as_const(m_limitLabels))
        removeItem(item);
    m_limitLines.clear();
    m_limitLabels.clear();
    m_limits = lines;
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.82));
    for (const LimitLine &l : lines) {
        auto *line = new QCPItemStraightLine(this);
        line->point1->setAxes(xAxis, l.axis);
        line->point2->setAxes(xAxis, l.axis);
        line->point1->setCoords(0, l.value);
        line->point2->setCoords(1, l.value);
        line->setPen(QPen(l.color, 1.3, Qt::DashLine));
        line->setSelectable(false);
        line->setObjectName(l.label);
        auto *label = new QCPItemText(this);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setAxes(xAxis, l.axis);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setFont(small);
        label->setColor(l.color);
        label->setSelectable(false);
        label->setClipToAxisRect(false);
        m_limitLines << line;
        m_limitLabels << label;
    }
    updateLimitLabels();
}

// A limit above the visible range keeps its label at the top edge, marked with an arrow.
void LiveChart::updateLimitLabels()
{
    for (int i = 0; i < m_limits.size(); ++i) {
        const LimitLine &l = m_limits.at(i);
        QCPItemText *label = m_limitLabels.at(i);
        const bool above = l.value > l.axis->range().upper;
        label->setVisible(l.axis->visible());
        if (above) {
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            label->position->setCoords(0.995, 0.0);
            label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
            label->setText(QStringLiteral("\u2191 %1").arg(l.label));
        } else {
            label->position->setTypeY(QCPItemPosition::ptPlotCoords);
            label->position->setCoords(0.995, l.value);
            label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
            label->setText(l.label);
        }
    }
}

void LiveChart::rescaleValueAxis(QCPAxis *axis, double floor, bool includeLimits)
{
    const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
    double lo = std::numeric_limits<double>::max();
    double hi = 0;
    bool any = false;
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph *g = graph(i);
        if (!g->visible() || g->valueAxis() != axis)
            continue;
        bool found = false;
        const QCPRange r = g->getValueRange(found, log ? QCP::sdPositive : QCP::sdBoth);
        if (found) {
            any = true;
            lo = std::min(lo, r.lower);
            hi = std::max(hi, r.upper);
        }
    }
    if (includeLimits) {
        for (const LimitLine &l : std::as_const(m_limits)) {
            // A far-away limit would flatten the data: it is shown at the top edge instead.
            if (l.axis == axis && (!any || l.value <= hi * 2.5 || log))
                hi = std::max(hi, l.value), any = true;
        }
    }
    if (log) {
        const double bottom = any ? std::max(1e-3, lo / 1.6) : 0.1;
        axis->setRange(bottom, std::max(bottom * 10, hi * 1.6));
    } else {
        axis->setRange(floor, any && hi > floor ? floor + (hi - floor) * 1.15 : floor + 1);
    }
    updateLimitLabels();
}

QString LiveChart::formatValue(const QCPGraph *graph, double value) const
{
    const QString unit = graph->property("unit").toString();
    const int decimals = std::fabs(value) >= 100 ? 0 : (std::fabs(value) >= 10 ? 1 : 2);
    return unit.isEmpty() ? QString::number(value, 'f', decimals)
                          : QStringLiteral("%1 %2").arg(QString::number(value, 'f', decimals), unit);
}

QStringList LiveChart::crosshairLines(double key) const
{
    QStringList lines;
    lines << clockText(key);
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph *g = graph(i);
        if (!g->visible() || g->data()->isEmpty())
            continue;
        auto it = g->data()->findBegin(key, false); // first point with key >= wanted
        if (it == g->data()->constEnd())
            --it;
        if (it != g->data()->constBegin()) {
            auto prev = it - 1;
            if (std::fabs(prev->key - key) < std::fabs(it->key - key))
                it = prev;
        }
        lines << QStringLiteral("%1  %2").arg(g->name(), formatValue(g, it->value));
    }
    return lines;
}

QString LiveChart::crosshairText() const
{
    return m_crossLabel->visible() ? m_crossLabel->text() : QString();
}

void LiveChart::setCrosshair(double key)
{
    const bool show = !std::isnan(key);
    m_crossKey = key;
    m_crossLine->setVisible(show);
    m_crossLabel->setVisible(show);
    if (show) {
        m_crossLine->point1->setCoords(key, 0);
        m_crossLine->point2->setCoords(key, 1);
        m_crossLabel->setText(crosshairLines(key).join(QLatin1Char('\n')));
        const QCPRange r = xAxis->range();
        const bool right = key > r.lower + r.size() * 0.62;
        m_crossLabel->position->setCoords(key, 0.04);
        m_crossLabel->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        // Keep the label off the line itself.
        m_crossLabel->setPadding(QMargins(6, 4, 6, 4));
        m_crossLabel->position->setPixelPosition(m_crossLabel->position->pixelPosition() +
                                                 QPointF(right ? -8 : 8, 0));
    }
    layer(QStringLiteral("overlay"))->replot();
}

void LiveChart::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    const QPointF pos = event->position();
    const double key = axisRect()->rect().contains(pos.toPoint()) ? xAxis->pixelToCoord(pos.x()) : qQNaN();
    if (std::isnan(key) && std::isnan(m_crossKey))
        return;
    setCrosshair(key);
    emit crosshairMoved(key);
}

void LiveChart::leaveEvent(QEvent *event)
{
    QCustomPlot::leaveEvent(event);
    if (!std::isnan(m_crossKey)) {
        setCrosshair(qQNaN());
        emit crosshairMoved(qQNaN());
    }
}

} // namespace lw::ui
