#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::hdr {

// A High Dynamic Range histogram: log-linear buckets with a fixed memory footprint, the same bucket
// layout as the reference HdrHistogram (C and Java), so the V2 encodings are interchangeable.
// Values are integers (microseconds in Loadwright). Not thread-safe: one writer; merge with add().
class HdrHistogram
{
public:
    // lowest >= 1, highest >= 2 * lowest, significantFigures in 1..5. Invalid arguments are clamped
    // into range (check isValidConfig() beforehand when taking them from users).
    explicit HdrHistogram(int64_t lowest = 1, int64_t highest = 3'600'000'000, int significantFigures = 3);

    static bool isValidConfig(int64_t lowest, int64_t highest, int significantFigures);

    // Records count occurrences of value. Values below 0 or above highest() are not dropped: they are
    // recorded at the nearest end of the range, counted in overflowCount(), and record() returns false.
    bool record(int64_t value, int64_t count = 1)
    {
        bool inRange = true;
        if (value < 0) {
            value = 0;
            inRange = false;
        } else if (value > m_highest) {
            value = m_highest;
            inRange = false;
        }
        const size_t i = countsIndexFor(value);
        m_counts[i] += count;
        m_totalCount += count;
        if (value < m_min && value != 0)
            m_min = value;
        if (value > m_max)
            m_max = value;
        if (!inRange)
            m_overflowCount += count;
        return inRange;
    }
    // Records value and, when it exceeds expectedInterval, the values a coordinated-omission-free
    // measurement would have seen (value - interval, value - 2*interval, ...), as wrk2/HdrHistogram do.
    bool recordCorrected(int64_t value, int64_t expectedInterval, int64_t count = 1);

    // Merges other into this histogram. Same layout: a counts-array addition; otherwise each bucket
    // of other is re-recorded at its median-equivalent value.
    void add(const HdrHistogram &other);
    void reset();

    int64_t totalCount() const { return m_totalCount; }
    int64_t overflowCount() const { return m_overflowCount; }
    // min()/max() are the lowest/highest equivalent values of the smallest/largest recorded values
    // (as HdrHistogram reports them); 0 when empty.
    int64_t min() const;
    int64_t max() const;
    double mean() const;
    double stddev() const;
    // percentile in 0..100 (clamped). The highest-equivalent value at that percentile, 0 when empty.
    int64_t valueAtPercentile(double percentile) const;
    // Count of recorded values equivalent to value.
    int64_t countAtValue(int64_t value) const;

    // Calls f(lowestEquivalent, highestEquivalent, count) for each non-empty bucket, in value order.
    template <class F> void forEachRecorded(F f) const
    {
        for (size_t i = 0; i < m_counts.size(); ++i) {
            if (m_counts[i] != 0) {
                const int64_t v = valueFromIndex(i);
                f(lowestEquivalent(v), highestEquivalent(v), m_counts[i]);
            }
        }
    }

    int64_t lowestEquivalent(int64_t v) const;
    int64_t highestEquivalent(int64_t v) const;
    int64_t medianEquivalent(int64_t v) const;
    int64_t sizeOfEquivalentRange(int64_t v) const;
    bool valuesAreEquivalent(int64_t a, int64_t b) const;

    int64_t lowest() const { return m_lowest; }
    int64_t highest() const { return m_highest; }
    int significantFigures() const { return m_significantFigures; }

    // V2 compressed encoding (the cookie header + zlib deflate of the V2 payload), as base64 text:
    // the format of the .hlog "Interval_Compressed_Histogram" column.
    std::string encodeCompressed() const;
    // Never crashes on malformed input: returns nullopt and, if error is given, says what is wrong.
    static std::optional<HdrHistogram> decodeCompressed(std::string_view base64,
                                                        std::string *error = nullptr);

    // Bytes held by this object (counts array included); constant for a given configuration.
    size_t memoryBytes() const;

    // Timestamps carried for the interval log, milliseconds since the Unix epoch (0 = unset).
    int64_t startTimeMs() const { return m_startTimeMs; }
    int64_t endTimeMs() const { return m_endTimeMs; }
    void setStartTimeMs(int64_t ms) { m_startTimeMs = ms; }
    void setEndTimeMs(int64_t ms) { m_endTimeMs = ms; }

    // Bucket-level equality (configuration and every count), used by tests and merges.
    bool sameCounts(const HdrHistogram &other) const;

private:
    size_t countsIndexFor(int64_t value) const
    {
        const int32_t bucketIndex = bucketIndexFor(value);
        const int32_t subBucketIndex = static_cast<int32_t>(value >> (bucketIndex + m_unitMagnitude));
        return static_cast<size_t>(((bucketIndex + 1) << m_subBucketHalfCountMagnitude) +
                                   (subBucketIndex - m_subBucketHalfCount));
    }
    int32_t bucketIndexFor(int64_t value) const
    {
        // Position of the highest set bit of (value | mask), relative to the sub-bucket range.
        const int pow2Ceiling = 64 - __builtin_clzll(static_cast<uint64_t>(value | m_subBucketMask));
        return pow2Ceiling - m_unitMagnitude - (m_subBucketHalfCountMagnitude + 1);
    }
    int64_t valueFromIndex(size_t index) const;
    int64_t valueFromIndex(int32_t bucketIndex, int32_t subBucketIndex) const
    {
        return static_cast<int64_t>(subBucketIndex) << (bucketIndex + m_unitMagnitude);
    }
    void recomputeMinMax();

    int64_t m_lowest;
    int64_t m_highest;
    int m_significantFigures;
    int32_t m_unitMagnitude;
    int32_t m_subBucketHalfCountMagnitude;
    int32_t m_subBucketCount;
    int32_t m_subBucketHalfCount;
    int64_t m_subBucketMask;
    int32_t m_bucketCount;
    std::vector<int64_t> m_counts;
    int64_t m_totalCount = 0;
    int64_t m_overflowCount = 0;
    int64_t m_min;
    int64_t m_max = 0;
    int64_t m_startTimeMs = 0;
    int64_t m_endTimeMs = 0;
};

} // namespace lw::hdr
