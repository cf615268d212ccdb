#include "report/chartmodel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lw::report {

namespace {

constexpr double kMarginLeft = 64;
constexpr double kMarginRight = 18;
constexpr double kMarginTop = 26;    // title
constexpr double kMarginBottom = 58; // tick labels, axis label, legend
constexpr double kMaxInverseX = 7;   // 99.99999 %

struct Range
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v)
    {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool valid() const { return lo <= hi; }
};

// Axis units: what the pixel mapping is linear in.
double toAxis(AxisKind kind, double v)
{
    switch (kind) {
    case AxisKind::Log:
        return v > 0 ? std::log10(v) : std::numeric_limits<double>::quiet_NaN();
    case AxisKind::InversePercentile:
        return inversePercentileX(v);
    case AxisKind::Linear:
    case AxisKind::Time:
        return v;
    }
    return v;
}

struct Axis
{
    double lo = 0; // axis units
    double hi = 1;
    QList<double> ticks; // axis units
    QList<QString> labels;
};

Axis makeTimeAxis(double lo, double hi)
{
    static const std::array<double, 22> steps = {0.1,  0.2,  0.5,  1,    2,    5,    10,    15,
                                                 30,   60,   120,  300,  600,  900,  1800,  3600,
                                                 7200, 10800, 14400, 21600, 43200, 86400};
    Axis a;
    a.lo = lo;
    a.hi = hi > lo ? hi : lo + 1;
    double step = steps.back();
    for (double s : steps) {
        if ((a.hi - a.lo) / s <= 8) {
            step = s;
            break;
        }
    }
    for (double t = std::ceil(a.lo / step) * step; t <= a.hi + step * 1e-9; t += step) {
        a.ticks.append(t);
        a.labels.append(formatElapsed(t, a.hi));
    }
    return a;
}

Axis makeLinearAxis(double lo, double hi, bool fromZero)
{
    if (fromZero && lo > 0)
        lo = 0;
    if (hi <= lo)
        hi = lo + (lo == 0 ? 1 : std::fabs(lo) * 0.1);
    Axis a;
    a.ticks = niceLinearTicks(lo, hi, 6, &a.lo, &a.hi);
    for (double t : a.ticks)
        a.labels.append(formatNumber(t));
    return a;
}

Axis makeLogAxis(double lo, double hi)
{
    Axis a;
    a.lo = std::floor(std::log10(lo));
    a.hi = std::ceil(std::log10(hi));
    if (a.hi <= a.lo)
        a.hi = a.lo + 1;
    const bool fine = a.hi - a.lo <= 2;
    for (double d = a.lo; d <= a.hi + 1e-9; d += 1) {
        for (double m : {1.0, 2.0, 5.0}) {
            if (m != 1.0 && (!fine || d >= a.hi))
                continue;
            const double v = m * std::pow(10.0, d);
            a.ticks.append(std::log10(v));
            a.labels.append(formatNumber(v));
        }
    }
    return a;
}

Axis makeInversePercentileAxis(double hi)
{
    static const char *const labels[] = {"0%",     "90%",     "99%",      "99.9%",
                                         "99.99%", "99.999%", "99.9999%", "99.99999%"};
    Axis a;
    a.lo = 0;
    a.hi = std::clamp(std::ceil(hi - 1e-9), 2.0, kMaxInverseX);
    for (int d = 0; d <= int(a.hi); ++d) {
        a.ticks.append(d);
        a.labels.append(QString::fromLatin1(labels[d]));
    }
    return a;
}

} // namespace

bool ChartSpec::isEmpty() const
{
    return std::all_of(series.cbegin(), series.cend(), [](const ChartSeries &s) { return s.points.isEmpty(); });
}

double inversePercentileX(double percentile)
{
    if (percentile >= 100)
        return kMaxInverseX;
    const double x = std::log10(1.0 / (1.0 - std::max(0.0, percentile) / 100.0));
    return std::min(x, kMaxInverseX);
}

QList<double> niceLinearTicks(double lo, double hi, int maxTicks, double *niceLo, double *niceHi)
{
    const double span = hi - lo;
    const double rough = span / std::max(1, maxTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (span / step <= maxTicks - 1)
            break;
    }
    *niceLo = std::floor(lo / step) * step;
    *niceHi = std::ceil(hi / step) * step;
    QList<double> ticks;
    for (double t = *niceLo; t <= *niceHi + step * 1e-9; t += step)
        ticks.append(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

QString formatElapsed(double seconds, double span)
{
    if (span < 100) {
        const bool whole = std::fabs(seconds - std::round(seconds)) < 1e-6;
        return QString::number(seconds, 'f', whole ? 0 : 1) + QLatin1Char('s');
    }
    const qint64 total = std::llround(seconds);
    const qint64 h = total / 3600;
    const qint64 m = (total % 3600) / 60;
    const qint64 s = total % 60;
    if (span < 3600)
        return QStringLiteral("%1:%2").arg(m + h * 60).arg(s, 2, 10, QLatin1Char('0'));
    if (s == 0)
        return QStringLiteral("%1:%2").arg(h).arg(m, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
}

QString formatNumber(double v)
{
    const double a = std::fabs(v);
    if (a == 0)
        return QStringLiteral("0");
    auto trimmed = [](double x, int decimals) {
        QString t = QString::number(x, 'f', decimals);
        if (t.contains(QLatin1Char('.'))) {
            while (t.endsWith(QLatin1Char('0')))
                t.chop(1);
            if (t.endsWith(QLatin1Char('.')))
                t.chop(1);
        }
        return t;
    };
    if (a >= 1e6)
        return trimmed(v / 1e6, 2) + QLatin1Char('M');
    if (a >= 1e4)
        return trimmed(v / 1e3, 1) + QLatin1Char('k');
    const int decimals = std::clamp(2 - int(std::floor(std::log10(a))), 0, 4);
    return trimmed(v, decimals);
}

double legendEntryWidth(const QString &name)
{
    return 22 + 0.62 * kChartFontPx * double(name.size()) + 16;
}

QVector<QPointF> decimateMinMax(const QVector<QPointF> &pixels, double columnWidth)
{
    const qsizetype n = pixels.size();
    if (n <= 4)
        return pixels;
    QVector<QPointF> out;
    out.reserve(std::min<qsizetype>(n, 4096));
    qsizetype first = 0;
    while (first < n) {
        const double column = std::floor(pixels[first].x() / columnWidth);
        qsizetype minI = first, maxI = first, last = first;
        while (last + 1 < n && std::floor(pixels[last + 1].x() / columnWidth) == column) {
            ++last;
            if (pixels[last].y() < pixels[minI].y())
                minI = last;
            if (pixels[last].y() > pixels[maxI].y())
                maxI = last;
        }
        std::array<qsizetype, 4> keep = {first, minI, maxI, last};
        std::sort(keep.begin(), keep.end());
        for (size_t k = 0; k < keep.size(); ++k) {
            if (k == 0 || keep[k] != keep[k - 1])
                out.append(pixels[keep[k]]);
        }
        first = last + 1;
    }
    return out;
}

ChartLayout layoutChart(const ChartSpec &spec, double width, double height)
{
    ChartLayout layout;
    layout.bounds = QRectF(0, 0, width, height);
    layout.plot = QRectF(kMarginLeft, kMarginTop, std::max(10.0, width - kMarginLeft - kMarginRight),
                         std::max(10.0, height - kMarginTop - kMarginBottom));

    Range xr, yr;
    for (const ChartSeries &s : spec.series) {
        for (const QPointF &p : s.points) {
            const double x = toAxis(spec.xAxis, p.x());
            const double y = p.y();
            if (!std::isfinite(x) || !std::isfinite(y) || (spec.yAxis == AxisKind::Log && y <= 0))
                continue;
            xr.add(x);
            yr.add(y);
        }
    }
    layout.empty = !xr.valid();
    if (layout.empty) {
        xr = {0, 1};
        yr = {1, 10};
    }

    Axis xa;
    switch (spec.xAxis) {
    case AxisKind::Time:
        xa = makeTimeAxis(xr.lo, xr.hi);
        break;
    case AxisKind::InversePercentile:
        xa = makeInversePercentileAxis(xr.hi);
        break;
    case AxisKind::Log:
        xa = makeLogAxis(std::pow(10.0, xr.lo), std::pow(10.0, xr.hi));
        break;
    case AxisKind::Linear:
        xa = makeLinearAxis(xr.lo, xr.hi, false);
        break;
    }
    const Axis ya = spec.yAxis == AxisKind::Log ? makeLogAxis(yr.lo, yr.hi) : makeLinearAxis(yr.lo, yr.hi, true);

    const QRectF &plot = layout.plot;
    const auto px = [&](double axisX) { return plot.left() + (axisX - xa.lo) / (xa.hi - xa.lo) * plot.width(); };
    const auto py = [&](double axisY) { return plot.bottom() - (axisY - ya.lo) / (ya.hi - ya.lo) * plot.height(); };
    for (qsizetype i = 0; i < xa.ticks.size(); ++i)
        layout.xTicks.append({px(xa.ticks[i]), xa.labels[i]});
    for (qsizetype i = 0; i < ya.ticks.size(); ++i)
        layout.yTicks.append({py(ya.ticks[i]), ya.labels[i]});

    for (const ChartSeries &s : spec.series) {
        QVector<QPointF> pixels;
        pixels.reserve(s.points.size());
        for (const QPointF &p : s.points) {
            const double x = toAxis(spec.xAxis, p.x());
            const double y = toAxis(spec.yAxis, p.y());
            if (std::isfinite(x) && std::isfinite(y))
                pixels.append(QPointF(px(x), py(y)));
        }
        layout.lines.append(decimateMinMax(pixels));
    }
    for (const ChartMarker &m : spec.markers) {
        const double x = px(toAxis(spec.xAxis, m.x));
        layout.markerX.append(x >= plot.left() - 0.5 && x <= plot.right() + 0.5
                                  ? x
                                  : std::numeric_limits<double>::quiet_NaN());
    }

    double lx = plot.left();
    double ly = height - 16;
    for (const ChartSeries &s : spec.series) {
        const double w = legendEntryWidth(s.name);
        if (lx + w > width && lx > plot.left()) {
            lx = plot.left();
            ly += 14; // wraps below; rare with the few series a report chart has
        }
        layout.legend.append(QPointF(lx, ly));
        lx += w;
    }
    return layout;
}

} // namespace lw::report
