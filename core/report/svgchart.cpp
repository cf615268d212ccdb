#include "report/svgchart.h"

#include <cmath>

namespace lw::report {

namespace {

QByteArray num(double v)
{
    return QByteArray::number(std::round(v * 10) / 10, 'f', 1);
}

QByteArray esc(const QString &text)
{
    return escapeXml(text).toUtf8();
}

void appendPolyline(QByteArray &out, const QVector<QPointF> &points, const ChartSeries &s)
{
    if (points.isEmpty())
        return;
    out += "<polyline fill=\"none\" stroke=\"" + esc(s.color) + "\" stroke-width=\"1.5\"";
    if (s.dashed)
        out += " stroke-dasharray=\"5 3\"";
    out += " points=\"";
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (i)
            out += ' ';
        out += num(points[i].x()) + ',' + num(points[i].y());
    }
    out += "\"><title>" + esc(s.name) + "</title></polyline>\n";
    if (points.size() == 1) // a single interval: a dot, or nothing would show
        out += "<circle cx=\"" + num(points[0].x()) + "\" cy=\"" + num(points[0].y()) + "\" r=\"2.5\" fill=\"" +
               esc(s.color) + "\"/>\n";
}

} // namespace

QString escapeXml(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&#39;");
            break;
        default:
            if ((c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t') && c != QLatin1Char('\r')) ||
                c.unicode() == 0xFFFE || c.unicode() == 0xFFFF)
                break;
            out += c;
        }
    }
    return out;
}

QByteArray renderSvgChart(const ChartSpec &spec, int width, int height)
{
    const ChartLayout layout = layoutChart(spec, width, height);
    const QRectF &plot = layout.plot;
    QByteArray out;
    out.reserve(16 * 1024);
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" +
           QByteArray::number(width) + "\" height=\"" + QByteArray::number(height) + "\" viewBox=\"0 0 " +
           QByteArray::number(width) + ' ' + QByteArray::number(height) + "\" font-family=\"sans-serif\" font-size=\"" +
           QByteArray::number(kChartFontPx) + "\">\n";
    out += "<title>" + esc(spec.title) + "</title>\n";
    out += "<text x=\"" + num(plot.left()) + "\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">" +
           esc(spec.title) + "</text>\n";
    out += "<rect x=\"" + num(plot.left()) + "\" y=\"" + num(plot.top()) + "\" width=\"" + num(plot.width()) +
           "\" height=\"" + num(plot.height()) + "\" fill=\"#fff\" stroke=\"#999\"/>\n";

    // Grid and ticks.
    for (const AxisTick &t : layout.yTicks) {
        out += "<line x1=\"" + num(plot.left()) + "\" x2=\"" + num(plot.right()) + "\" y1=\"" + num(t.position) +
               "\" y2=\"" + num(t.position) + "\" stroke=\"#e4e4e4\"/>";
        out += "<text x=\"" + num(plot.left() - 6) + "\" y=\"" + num(t.position + 4) + "\" text-anchor=\"end\" fill=\"#444\">" +
               esc(t.label) + "</text>\n";
    }
    for (const AxisTick &t : layout.xTicks) {
        out += "<line x1=\"" + num(t.position) + "\" x2=\"" + num(t.position) + "\" y1=\"" + num(plot.top()) +
               "\" y2=\"" + num(plot.bottom()) + "\" stroke=\"#e4e4e4\"/>";
        out += "<text x=\"" + num(t.position) + "\" y=\"" + num(plot.bottom() + 15) + "\" text-anchor=\"middle\" fill=\"#444\">" +
               esc(t.label) + "</text>\n";
    }
    out += "<text x=\"" + num(plot.center().x()) + "\" y=\"" + num(plot.bottom() + 30) +
           "\" text-anchor=\"middle\" fill=\"#222\">" + esc(spec.xLabel) + "</text>\n";
    out += "<text transform=\"translate(13 " + num(plot.center().y()) +
           ") rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">" + esc(spec.yLabel) + "</text>\n";

    if (layout.empty) {
        out += "<text x=\"" + num(plot.center().x()) + "\" y=\"" + num(plot.center().y()) +
               "\" text-anchor=\"middle\" fill=\"#777\">" +
               esc(spec.emptyText.isEmpty() ? QStringLiteral("No data recorded") : spec.emptyText) + "</text>\n";
    }

    for (qsizetype i = 0; i < spec.markers.size(); ++i) {
        const double x = layout.markerX[i];
        if (!std::isfinite(x))
            continue;
        const ChartMarker &m = spec.markers[i];
        out += "<line x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" + num(plot.top()) + "\" y2=\"" +
               num(plot.bottom()) + "\" stroke=\"" + esc(m.color) + "\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"><title>" +
               esc(m.label) + "</title></line>\n";
    }
    for (qsizetype i = 0; i < spec.series.size(); ++i)
        appendPolyline(out, layout.lines[i], spec.series[i]);

    for (qsizetype i = 0; i < spec.series.size(); ++i) {
        const QPointF p = layout.legend[i];
        const ChartSeries &s = spec.series[i];
        out += "<line x1=\"" + num(p.x()) + "\" x2=\"" + num(p.x() + 16) + "\" y1=\"" + num(p.y() - 4) + "\" y2=\"" +
               num(p.y() - 4) + "\" stroke=\"" + esc(s.color) + "\" stroke-width=\"3\"" +
               (s.dashed ? QByteArray(" stroke-dasharray=\"5 3\"") : QByteArray()) + "/>";
        out += "<text x=\"" + num(p.x() + 22) + "\" y=\"" + num(p.y()) + "\" fill=\"#222\">" + esc(s.name) + "</text>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace lw::report
