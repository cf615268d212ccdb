#include "report/chartpainter.h"

#include <QFont>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace lw::report {

void paintChart(QPainter &p, const QRectF &box, const ChartSpec &spec)
{
    const ChartLayout layout = layoutChart(spec, box.width(), box.height());
    const QRectF &plot = layout.plot;
    p.save();
    p.translate(box.topLeft());
    p.setRenderHint(QPainter::Antialiasing, true);

    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(int(kChartFontPx));
    QFont titleFont = font;
    titleFont.setPixelSize(13);
    titleFont.setBold(true);

    p.setFont(titleFont);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QPointF(plot.left(), 16), spec.title);

    p.setFont(font);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawRect(plot);
    p.setBrush(Qt::NoBrush);

    const QPen grid(QColor(0xe4, 0xe4, 0xe4), 0.8);
    const QPen label(QColor(0x44, 0x44, 0x44));
    const QFontMetricsF fm(font);
    for (const AxisTick &t : layout.yTicks) {
        p.setPen(grid);
        p.drawLine(QPointF(plot.left(), t.position), QPointF(plot.right(), t.position));
        p.setPen(label);
        p.drawText(QPointF(plot.left() - 6 - fm.horizontalAdvance(t.label), t.position + 4), t.label);
    }
    for (const AxisTick &t : layout.xTicks) {
        p.setPen(grid);
        p.drawLine(QPointF(t.position, plot.top()), QPointF(t.position, plot.bottom()));
        p.setPen(label);
        p.drawText(QPointF(t.position - fm.horizontalAdvance(t.label) / 2, plot.bottom() + 15), t.label);
    }
    p.setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
    p.drawRect(plot);

    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QPointF(plot.center().x() - fm.horizontalAdvance(spec.xLabel) / 2, plot.bottom() + 30), spec.xLabel);
    p.save();
    p.translate(13, plot.center().y());
    p.rotate(-90);
    p.drawText(QPointF(-fm.horizontalAdvance(spec.yLabel) / 2, 0), spec.yLabel);
    p.restore();

    if (layout.empty) {
        const QString text = spec.emptyText.isEmpty() ? QStringLiteral("No data recorded") : spec.emptyText;
        p.setPen(QColor(0x77, 0x77, 0x77));
        p.drawText(plot, Qt::AlignCenter, text);
    }

    p.setClipRect(plot.adjusted(-2, -2, 2, 2));
    for (qsizetype i = 0; i < spec.markers.size(); ++i) {
        const double x = layout.markerX[i];
        if (!std::isfinite(x))
            continue;
        QPen pen(QColor(spec.markers[i].color), 1.2, Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    for (qsizetype i = 0; i < spec.series.size(); ++i) {
        const QVector<QPointF> &line = layout.lines[i];
        QPen pen(QColor(spec.series[i].color), 1.4, spec.series[i].dashed ? Qt::DashLine : Qt::SolidLine);
        pen.setJoinStyle(Qt::RoundJoin);
        p.setPen(pen);
        if (line.size() == 1) {
            p.setBrush(QColor(spec.series[i].color));
            p.drawEllipse(line.first(), 2.5, 2.5);
            p.setBrush(Qt::NoBrush);
        } else if (line.size() > 1) {
            p.drawPolyline(line.constData(), int(line.size()));
        }
    }
    p.setClipping(false);

    for (qsizetype i = 0; i < spec.series.size(); ++i) {
        const QPointF pos = layout.legend[i];
        QPen pen(QColor(spec.series[i].color), 3, spec.series[i].dashed ? Qt::DashLine : Qt::SolidLine);
        p.setPen(pen);
        p.drawLine(QPointF(pos.x(), pos.y() - 4), QPointF(pos.x() + 16, pos.y() - 4));
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QPointF(pos.x() + 22, pos.y()), spec.series[i].name);
    }
    p.restore();
}

} // namespace lw::report
