#pragma once

// A line chart described as plain data (series, markers, axis kinds) and laid out once into plot
// coordinates with "nice" ticks, so the SVG writer (HTML export) and the QPainter renderer (PDF
// export) draw exactly the same chart. Long series are decimated to min/max per pixel column, which
// keeps every spike visible while a 24 h run at 1 s intervals draws in a few thousand points.

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector>

namespace lw::report {

enum class AxisKind
{
    Linear,
    Log,               // decades; values <= 0 are left out
    Time,              // seconds since the run start, labelled 0:00 / 1:30 / 2:00:00
    InversePercentile  // x is a percentile 0..100 placed at log10(1 / (1 - p)): 0%, 90%, 99%, 99.9%...
};

struct ChartSeries
{
    QString name;
    QString color; // "#rrggbb"
    QVector<QPointF> points; // in data units, x ascending
    bool dashed = false;
};

// A vertical line at x (an event on the time axis); label is its tooltip / caption.
struct ChartMarker
{
    double x = 0;
    QString label;
    QString color;
};

struct ChartSpec
{
    QString id;    // stable, for anchors ("latency-over-time")
    QString title;
    QString xLabel;
    QString yLabel; // with its unit: "latency (ms)"
    AxisKind xAxis = AxisKind::Time;
    AxisKind yAxis = AxisKind::Linear;
    QList<ChartSeries> series;
    QList<ChartMarker> markers;
    QString emptyText; // shown instead of a chart without any point

    bool isEmpty() const;
};

struct AxisTick
{
    double position = 0; // in pixels along the axis
    QString label;
};

// A chart mapped to a pixel box: the plot area, ticks, and every series as pixel polylines.
struct ChartLayout
{
    QRectF bounds;
    QRectF plot;
    QList<AxisTick> xTicks; // position: x pixel
    QList<AxisTick> yTicks; // position: y pixel
    QList<QVector<QPointF>> lines; // one per spec series, decimated, in pixels
    QList<double> markerX;         // one per spec marker, NaN when outside the x range
    QList<QPointF> legend;         // top-left of each series' legend swatch
    bool empty = true;
};

// Lays spec out in a box of width x height pixels (axes, labels and legend included).
ChartLayout layoutChart(const ChartSpec &spec, double width, double height);
inline constexpr double kChartFontPx = 11; // tick and legend text size both renderers use
// Estimated width of a legend entry (swatch and text) at kChartFontPx.
double legendEntryWidth(const QString &name);

// Keeps, per pixel column, the first, minimum, maximum and last point (in x order): a polyline of at
// most ~4 points per column that shows every spike. Points must be in pixels with x ascending.
QVector<QPointF> decimateMinMax(const QVector<QPointF> &pixels, double columnWidth = 1.0);

// Axis helpers, exposed for tests.
QList<double> niceLinearTicks(double lo, double hi, int maxTicks, double *niceLo, double *niceHi);
QString formatElapsed(double seconds, double span); // 45s (span < 100 s), 1:30, 2:00:00
QString formatNumber(double v);                     // 0.25, 12, 1.5k, 2M
double inversePercentileX(double percentile);       // log10(1 / (1 - p/100)), capped at 7

} // namespace lw::report
