// The percentile distribution of a histogram, the "latency by percentile"
// series HdrHistogram prints with outputPercentileDistribution().

#include "report/reportfigures_p.h"

#include <cmath>
#include <string>

namespace lw::report {

namespace detail {

QList<PercentilePoint> percentileDistribution(const hdr::HdrHistogram &h, int ticksPerHalfDistance)
{
    // The reference PercentileIterator: levels step by 100 / (ticks * 2^(floor(log2(1/(1-p))) + 1)),
    // so every halving of the distance to 100 % gets ticksPerHalfDistance points; the bucket holding
    // the last recorded value gives one point at its first level, then a final point at 100 %.
    QList<PercentilePoint> points;
    const int64_t total = h.totalCount();
    if (total <= 0)
        return points;
    const long ticks = std::max(1, ticksPerHalfDistance);
    double level = 0;
    int64_t cumulative = 0;
    auto next = [ticks](double from) {
        const long reportingTicks =
            ticks * long(std::pow(2.0, double(long(std::log(100.0 / (100.0 - from)) / std::log(2.0)) + 1)));
        return from + 100.0 / double(reportingTicks);
    };
    bool done = false;
    h.forEachRecorded([&](int64_t, int64_t highest, int64_t count) {
        if (done)
            return;
        cumulative += count;
        const double reached = 100.0 * double(cumulative) / double(total);
        if (cumulative >= total) {
            points.append({level, highest, cumulative});
            points.append({100.0, highest, cumulative});
            done = true;
            return;
        }
        while (reached >= level) {
            points.append({level, highest, cumulative});
            level = next(level);
        }
    });
    return points;
}

} // namespace detail

QList<PercentilePoint> percentileDistribution(const QByteArray &base64Histogram, int ticksPerHalfDistance)
{
    const auto h = hdr::HdrHistogram::decodeCompressed(
        std::string_view(base64Histogram.constData(), size_t(base64Histogram.size())));
    return h ? detail::percentileDistribution(*h, ticksPerHalfDistance) : QList<PercentilePoint>();
}

} // namespace lw::report
