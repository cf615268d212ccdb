#include "stats/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lw::stats {

namespace {

// SplitMix64: tiny, fast and the same sequence on every platform (std:: distributions are not).
class Rng
{
public:
    explicit Rng(uint64_t seed) : m_state(seed) {}
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound), bound > 0; the modulo bias is below bound / 2^64, far below any effect.
    size_t below(size_t bound) { return size_t(next() % bound); }

private:
    uint64_t m_state;
};

double quantileOfSorted(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double position = q * double(sorted.size() - 1);
    const size_t below = size_t(std::floor(position));
    const size_t above = std::min(sorted.size() - 1, below + 1);
    const double fraction = position - double(below);
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

} // namespace

IntervalBuckets IntervalBuckets::from(const hdr::HdrHistogram &histogram)
{
    IntervalBuckets out;
    histogram.forEachRecorded([&](int64_t lowest, int64_t highest, int64_t count) {
        out.buckets.push_back({lowest, highest, count});
    });
    return out;
}

int64_t IntervalBuckets::totalCount() const
{
    int64_t total = 0;
    for (const Bucket &b : buckets)
        total += b.count;
    return total;
}

void IntervalSeries::build(const std::vector<hdr::HdrHistogram> &base,
                           const std::vector<hdr::HdrHistogram> &candidate, IntervalSeries *baseOut,
                           IntervalSeries *candidateOut, size_t maxUnits)
{
    auto convert = [](const std::vector<hdr::HdrHistogram> &histograms) {
        std::vector<IntervalBuckets> out;
        out.reserve(histograms.size());
        for (const hdr::HdrHistogram &h : histograms)
            out.push_back(IntervalBuckets::from(h));
        return out;
    };
    build(convert(base), convert(candidate), baseOut, candidateOut, maxUnits);
}

int64_t IntervalSeries::totalCount() const
{
    int64_t total = 0;
    for (const auto &interval : m_intervals) {
        for (const Bucket &b : interval)
            total += b.count;
    }
    return total;
}

void IntervalSeries::build(const std::vector<IntervalBuckets> &base,
                           const std::vector<IntervalBuckets> &candidate, IntervalSeries *baseOut,
                           IntervalSeries *candidateOut, size_t maxUnits)
{
    // The shared axis: every bucket (by its lowest equivalent value) that any interval uses.
    std::map<int64_t, int64_t> highestByLowest;
    for (const auto *runs : {&base, &candidate}) {
        for (const IntervalBuckets &interval : *runs) {
            for (const IntervalBuckets::Bucket &b : interval.buckets)
                highestByLowest.emplace(b.lowest, b.highest);
        }
    }
    std::map<int64_t, uint32_t> indexByLowest;
    std::vector<int64_t> highestValues;
    std::vector<double> medians;
    for (const auto &[lowest, highest] : highestByLowest) {
        indexByLowest.emplace(lowest, uint32_t(highestValues.size()));
        highestValues.push_back(highest);
        medians.push_back(double(lowest + (highest - lowest + 1) / 2));
    }
    auto fill = [&](const std::vector<IntervalBuckets> &runs, IntervalSeries *out) {
        out->m_intervals.clear();
        out->m_highest = highestValues;
        out->m_median = medians;
        size_t nonEmpty = 0;
        for (const IntervalBuckets &interval : runs)
            nonEmpty += interval.buckets.empty() ? 0 : 1;
        const size_t perUnit = std::max<size_t>(1, (nonEmpty + maxUnits - 1) / std::max<size_t>(1, maxUnits));
        std::map<uint32_t, int64_t> unit; // sorted, so a unit's buckets stay in value order
        size_t inUnit = 0;
        auto flush = [&] {
            std::vector<Bucket> buckets;
            buckets.reserve(unit.size());
            for (const auto &[index, count] : unit)
                buckets.push_back({index, count});
            out->m_intervals.push_back(std::move(buckets));
            unit.clear();
            inUnit = 0;
        };
        for (const IntervalBuckets &interval : runs) {
            if (interval.buckets.empty())
                continue;
            for (const IntervalBuckets::Bucket &b : interval.buckets)
                unit[indexByLowest.at(b.lowest)] += b.count;
            if (++inUnit == perUnit)
                flush();
        }
        if (inUnit > 0)
            flush();
    };
    fill(base, baseOut);
    fill(candidate, candidateOut);
}

double statisticOfCounts(const std::vector<int64_t> &counts, const std::vector<int64_t> &highest,
                         const std::vector<double> &median, const LatencyStatistic &statistic)
{
    int64_t total = 0;
    for (int64_t c : counts)
        total += c;
    if (total == 0)
        return 0;
    if (statistic.kind == LatencyStatistic::Kind::Mean) {
        double sum = 0;
        for (size_t i = 0; i < counts.size(); ++i)
            sum += median[i] * double(counts[i]);
        return sum / double(total);
    }
    // HdrHistogram's valueAtPercentile, on the axis.
    const double requested =
        std::min(std::max(std::nextafter(std::max(statistic.percentile, 0.0), 0.0), 0.0), 100.0);
    const int64_t wanted =
        std::max<int64_t>(1, static_cast<int64_t>(std::ceil(requested * double(total) / 100.0)));
    int64_t running = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        running += counts[i];
        if (running >= wanted)
            return double(highest[i]);
    }
    return 0;
}

class BootstrapEngine
{
public:
    BootstrapEngine(const IntervalSeries &series, int blockLength) : m_series(series)
    {
        const size_t n = series.intervals();
        m_block = blockLength > 0 ? size_t(blockLength)
                                  : std::max<size_t>(1, size_t(std::lround(std::sqrt(double(n)))));
        m_block = std::min(m_block, std::max<size_t>(n, 1));
        m_counts.assign(series.m_highest.size(), 0);
    }

    // Counts of all intervals (the point estimate).
    const std::vector<int64_t> &all()
    {
        std::fill(m_counts.begin(), m_counts.end(), 0);
        for (size_t i = 0; i < m_series.intervals(); ++i)
            add(i);
        return m_counts;
    }

    // Counts of one moving-block resample of as many intervals as the run has.
    const std::vector<int64_t> &resample(Rng &rng)
    {
        std::fill(m_counts.begin(), m_counts.end(), 0);
        const size_t n = m_series.intervals();
        const size_t starts = n - m_block + 1;
        size_t taken = 0;
        while (taken < n) {
            const size_t start = rng.below(starts);
            for (size_t k = 0; k < m_block && taken < n; ++k, ++taken)
                add(start + k);
        }
        return m_counts;
    }

    double statistic(const LatencyStatistic &s) const
    {
        return statisticOfCounts(m_counts, m_series.m_highest, m_series.m_median, s);
    }

private:
    void add(size_t interval)
    {
        for (const IntervalSeries::Bucket &b : m_series.m_intervals[interval])
            m_counts[b.index] += b.count;
    }

    const IntervalSeries &m_series;
    size_t m_block = 1;
    std::vector<int64_t> m_counts;
};

std::vector<DeltaInterval> bootstrapDeltas(const IntervalSeries &base, const IntervalSeries &candidate,
                                           const std::vector<LatencyStatistic> &statistics,
                                           const BootstrapOptions &options)
{
    std::vector<DeltaInterval> results(statistics.size());
    if (base.intervals() == 0 || candidate.intervals() == 0)
        return results;
    BootstrapEngine b(base, options.blockLength);
    BootstrapEngine c(candidate, options.blockLength);
    b.all();
    c.all();
    for (size_t s = 0; s < statistics.size(); ++s) {
        DeltaInterval &r = results[s];
        r.valid = true;
        r.base = b.statistic(statistics[s]);
        r.candidate = c.statistic(statistics[s]);
        r.delta = r.candidate - r.base;
        r.deltaPercent = r.base != 0 ? 100.0 * r.delta / r.base : 0;
    }

    const int replicates = std::max(1, options.replicates);
    std::vector<std::vector<double>> deltas(statistics.size()), relative(statistics.size());
    for (size_t s = 0; s < statistics.size(); ++s) {
        deltas[s].reserve(size_t(replicates));
        relative[s].reserve(size_t(replicates));
    }
    Rng rng(options.seed);
    for (int i = 0; i < replicates; ++i) {
        b.resample(rng);
        c.resample(rng);
        for (size_t s = 0; s < statistics.size(); ++s) {
            const double bv = b.statistic(statistics[s]);
            const double cv = c.statistic(statistics[s]);
            deltas[s].push_back(cv - bv);
            relative[s].push_back(bv != 0 ? 100.0 * (cv - bv) / bv : 0);
        }
    }
    const double tail = (1.0 - std::clamp(options.confidence, 0.0, 1.0)) / 2.0;
    for (size_t s = 0; s < statistics.size(); ++s) {
        std::sort(deltas[s].begin(), deltas[s].end());
        std::sort(relative[s].begin(), relative[s].end());
        results[s].low = quantileOfSorted(deltas[s], tail);
        results[s].high = quantileOfSorted(deltas[s], 1.0 - tail);
        results[s].lowPercent = quantileOfSorted(relative[s], tail);
        results[s].highPercent = quantileOfSorted(relative[s], 1.0 - tail);
    }
    return results;
}

} // namespace lw::stats
