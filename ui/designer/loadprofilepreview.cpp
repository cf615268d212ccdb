#include "designer/loadprofilepreview.h"

#include "model/capacityplan.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

namespace lw::ui {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

LoadProfilePreview::LoadProfilePreview(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_plot(new QCustomPlot(this)),
      m_noteLabel(new QLabel(this))
{
    m_summary->setTextFormat(Qt::RichText);
    m_noteLabel->setWordWrap(true);
    m_noteLabel->setVisible(false);
    m_plot->setMinimumSize(320, 200);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setAccessibleName(tr("Load profile chart"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_summary);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_noteLabel);
    applyPalette();
    rebuild();
}

QList<QPointF> LoadProfilePreview::profilePolyline(const LoadProfile &profile, QStringList *notes)
{
    QList<QPointF> points;
    if (profile.stages.isEmpty())
        return points;
    double t = 0;
    double current = 0;
    points << QPointF(0, 0);
    for (qsizetype i = 0; i < profile.stages.size(); ++i) {
        const Stage &s = profile.stages.at(i);
        const std::optional<qint64> ms = parseDurationMs(s.duration);
        if (!ms) {
            if (notes)
                *notes << tr("Stage %1 is not drawn: duration \"%2\" is not a duration such as 30s, 5m or "
                             "1h30m.")
                              .arg(i + 1)
                              .arg(s.duration);
            continue;
        }
        const double end = t + double(*ms) / 1000.0;
        if ((s.ramp == StageRamp::Step || *ms == 0) && s.target != current)
            points << QPointF(t, s.target);
        if (*ms > 0)
            points << QPointF(end, s.target);
        t = end;
        current = s.target;
    }
    return points;
}

void LoadProfilePreview::setProfile(const LoadProfile &profile)
{
    m_profile = profile;
    rebuild();
}

void LoadProfilePreview::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        rebuild();
    }
    QWidget::changeEvent(event);
}

void LoadProfilePreview::applyPalette()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor base = pal.color(QPalette::Base);
    const QColor grid = blend(base, text, 0.12);
    m_plot->setBackground(pal.brush(QPalette::Window));
    m_plot->axisRect()->setBackground(base);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(blend(base, text, 0.45)));
        axis->setTickPen(QPen(blend(base, text, 0.45)));
        axis->setSubTickPen(QPen(blend(base, text, 0.3)));
        axis->setTickLabelColor(blend(base, text, 0.75));
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
        axis->grid()->setZeroLinePen(QPen(grid, 1));
        axis->setTickLabelFont(font());
        axis->setLabelFont(font());
    }
    QPalette notePal = m_noteLabel->palette();
    notePal.setColor(QPalette::WindowText, QColor(0xb5, 0x4a, 0x00));
    m_noteLabel->setPalette(notePal);
}

void LoadProfilePreview::rebuild()
{
    m_notes.clear();
    m_points = profilePolyline(m_profile, &m_notes);
    const bool open = m_profile.model == LoadModel::Open;
    const QString unitName = open ? tr("req/s") : tr("VUs");

    const double totalS = m_points.isEmpty() ? 0 : m_points.last().x();
    QString timeUnit;
    if (totalS <= 180) {
        m_unit = 1;
        timeUnit = tr("s");
    } else if (totalS <= 3 * 3600) {
        m_unit = 60;
        timeUnit = tr("min");
    } else {
        m_unit = 3600;
        timeUnit = tr("h");
    }

    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor accent = pal.color(QPalette::Highlight);
    const QColor muted = blend(pal.color(QPalette::Base), text, 0.5);

    m_plot->clearGraphs();
    m_plot->clearItems();
    QCPGraph *graph = m_plot->addGraph();
    QVector<double> xs;
    QVector<double> ys;
    double peak = 0;
    for (const QPointF &p : std::as_const(m_points)) {
        xs << p.x() / m_unit;
        ys << p.y();
        peak = std::max(peak, p.y());
    }
    graph->setData(xs, ys, true); // vertical steps repeat a key: keep the given order
    graph->setPen(QPen(accent, 2));
    QColor fill = accent;
    fill.setAlphaF(0.14f);
    graph->setBrush(fill);
    graph->setLineStyle(QCPGraph::lsLine);

    m_plot->xAxis->setLabel(tr("Time (%1)").arg(timeUnit));
    m_plot->yAxis->setLabel(open ? tr("Target rate (req/s)") : tr("Virtual users"));

    const double cap = open && m_profile.rateCap ? *m_profile.rateCap : 0;
    const double top = std::max({peak, cap, 1.0}) * 1.18;
    m_plot->xAxis->setRange(0, totalS > 0 ? totalS / m_unit : 1);
    m_plot->yAxis->setRange(0, top);

    // Stage boundaries and labels, over the stages that were drawn.
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.85));
    double t = 0;
    double previous = 0;
    int stageNo = 0;
    for (const Stage &s : std::as_const(m_profile.stages)) {
        ++stageNo;
        const std::optional<qint64> ms = parseDurationMs(s.duration);
        if (!ms)
            continue;
        const double start = t;
        const double end = t + double(*ms) / 1000.0;
        t = end;
        if (*ms == 0) {
            previous = s.target; // an instant jump: nothing to mark or label
            continue;
        }
        if (end < totalS) {
            auto *line = new QCPItemStraightLine(m_plot);
            line->point1->setCoords(end / m_unit, 0);
            line->point2->setCoords(end / m_unit, 1);
            line->setPen(QPen(blend(pal.color(QPalette::Base), text, 0.35), 1, Qt::DashLine));
        }
        QString what;
        if (s.ramp == StageRamp::Step)
            what = tr("step to %1").arg(number(s.target));
        else if (s.target == previous)
            what = tr("hold %1").arg(number(s.target));
        else
            what = tr("ramp to %1").arg(number(s.target));
        previous = s.target;
        const double share = totalS > 0 ? (end - start) / totalS : 1;
        auto *label = new QCPItemText(m_plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords((start + end) / 2 / m_unit, 0.02);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        label->setFont(small);
        label->setColor(muted);
        label->setClipToAxisRect(true);
        // Narrow stages get just their number; the tooltip-free chart must stay legible.
        label->setText(share < 0.14 ? QString::number(stageNo)
                                    : QStringLiteral("%1 · %2").arg(QString::number(stageNo), what));
    }

    if (cap > 0) {
        const QColor capColor(0xc6, 0x3b, 0x3b);
        auto *capLine = new QCPItemStraightLine(m_plot);
        capLine->point1->setCoords(0, cap);
        capLine->point2->setCoords(1, cap);
        capLine->setPen(QPen(capColor, 1.5, Qt::DashDotLine));
        auto *capLabel = new QCPItemText(m_plot);
        capLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        capLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
        capLabel->position->setCoords(0.99, cap);
        capLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        capLabel->setFont(small);
        capLabel->setColor(capColor);
        capLabel->setText(tr("rate cap %1 req/s").arg(number(cap)));
    }

    if (m_points.isEmpty()) {
        auto *empty = new QCPItemText(m_plot);
        empty->position->setType(QCPItemPosition::ptAxisRectRatio);
        empty->position->setCoords(0.5, 0.5);
        empty->setColor(muted);
        empty->setText(m_profile.stages.isEmpty() ? tr("No stages yet: add a stage to see the profile")
                                                  : tr("No stage has a valid duration"));
    }

    // Summary line above the chart.
    const double peakTarget = lw::peakTarget(m_profile);
    QStringList parts;
    parts << (open ? tr("<b>Open model</b>") : tr("<b>Closed model</b>"));
    if (!m_points.isEmpty()) {
        double planned = 0;
        for (const QPointF &pt : std::as_const(m_points))
            planned = std::max(planned, pt.y());
        if (open && planned > peakTarget)
            parts << tr("peak %1 %2 (capped; stages reach %3)")
                         .arg(number(peakTarget), unitName, number(planned));
        else
            parts << tr("peak %1 %2").arg(number(peakTarget), unitName);
        parts << tr("%1 total").arg(formatDuration(qint64(totalS * 1000)));
    }
    if (!open)
        parts << tr("think time %1").arg(m_profile.thinkTime.toHtmlEscaped());
    parts << tr("max %1 connections").arg(m_profile.maxConnections);
    parts << tr("timeout %1").arg(m_profile.requestTimeout.toHtmlEscaped());
    m_summary->setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));

    m_noteLabel->setText(m_notes.join(QLatin1Char('\n')));
    m_noteLabel->setVisible(!m_notes.isEmpty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace lw::ui
