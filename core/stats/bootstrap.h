#pragma once

// Bootstrap confidence intervals of latency deltas between two runs. A run is a series of interval
// histograms; a replicate resamples each run's intervals in moving blocks (so the autocorrelation of
// neighbouring seconds is kept), MERGES the drawn histograms bucket by bucket and reads the statistic
// from the merged counts: percentiles are never averaged. Plain C++, no Qt.

#include "hdr/hdrhistogram.h"

#include <cstdint>
#include <vector>

namespace lw::stats {

// What to read from a merged histogram: a percentile (0..100) or the mean.
struct LatencyStatistic
{
    enum class Kind
    {
        Percentile,
        Mean
    };
    Kind kind = Kind::Percentile;
    double percentile = 50;

    static LatencyStatistic atPercentile(double p) { return {Kind::Percentile, p}; }
    static LatencyStatistic mean() { return {Kind::Mean, 0}; }
};

struct BootstrapOptions
{
    int replicates = 1000;
    int blockLength = 0; // intervals per block; 0: round(sqrt(n)) of each run
    double confidence = 0.95;
    uint64_t seed = 0x5eed; // same seed and data: same interval, on every machine
};

// The delta candidate - base of one statistic: the point estimate from all intervals, and the
// percentile-bootstrap interval, absolute (microseconds) and relative (% of the base value).
struct DeltaInterval
{
    double base = 0;      // statistic of the base run's merged intervals
    double candidate = 0; // statistic of the candidate run's merged intervals
    double delta = 0;     // candidate - base
    double deltaPercent = 0;
    double low = 0; // CI of delta
    double high = 0;
    double lowPercent = 0; // CI of the relative delta, in % of the base (0 when the base is 0)
    double highPercent = 0;
    bool valid = false; // false when either run has no interval with values
};

// One interval's histogram as its non-empty buckets, in value order: a few KiB instead of the fixed
// counts array of an HdrHistogram (about 190 KiB at 3 digits up to an hour), so a long run's
// intervals fit in memory.
struct IntervalBuckets
{
    struct Bucket
    {
        int64_t lowest; // lowest and highest equivalent values of the bucket
        int64_t highest;
        int64_t count;
    };
    std::vector<Bucket> buckets;

    static IntervalBuckets from(const hdr::HdrHistogram &histogram);
    int64_t totalCount() const;
};

// Interval histograms of one run flattened onto a bucket axis shared with the other run, so a merge
// is an addition of small sparse count lists. Built once per comparison.
class IntervalSeries
{
public:
    // Builds both series on one axis. Histograms with different layouts are placed by each bucket's
    // value range, so any two runs can be compared. A run of more than maxUnits non-empty intervals
    // is cut into at most maxUnits groups of consecutive intervals, each merged exactly, and the
    // groups are resampled: a 24 h soak at 1 s resamples as fast as a 30-minute run, and the blocks
    // still keep neighbouring seconds together.
    static void build(const std::vector<IntervalBuckets> &base, const std::vector<IntervalBuckets> &candidate,
                      IntervalSeries *baseOut, IntervalSeries *candidateOut, size_t maxUnits = 2000);
    static void build(const std::vector<hdr::HdrHistogram> &base,
                      const std::vector<hdr::HdrHistogram> &candidate, IntervalSeries *baseOut,
                      IntervalSeries *candidateOut, size_t maxUnits = 2000);

    size_t intervals() const { return m_intervals.size(); } // resampled units (intervals or groups)
    int64_t totalCount() const;

private:
    friend class BootstrapEngine;
    struct Bucket
    {
        uint32_t index;
        int64_t count;
    };
    std::vector<std::vector<Bucket>> m_intervals;
    std::vector<int64_t> m_highest; // per axis bucket: value reported for percentiles
    std::vector<double> m_median;   // per axis bucket: value used for the mean
};

std::vector<DeltaInterval> bootstrapDeltas(const IntervalSeries &base, const IntervalSeries &candidate,
                                           const std::vector<LatencyStatistic> &statistics,
                                           const BootstrapOptions &options = {});

// The statistic of merged counts on an axis, with HdrHistogram's definitions (the percentile is the
// highest equivalent value of the bucket reaching it; the mean weights bucket medians). Exposed for
// tests.
double statisticOfCounts(const std::vector<int64_t> &counts, const std::vector<int64_t> &highest,
                         const std::vector<double> &median, const LatencyStatistic &statistic);

} // namespace lw::stats
