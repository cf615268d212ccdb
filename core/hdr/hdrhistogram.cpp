#include "hdr/hdrhistogram.h"

#include "hdr/hdrencoding.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lw::hdr {

namespace {

int32_t bucketsNeededToCoverValue(int64_t value, int32_t subBucketCount, int32_t unitMagnitude)
{
    int64_t smallestUntrackableValue = static_cast<int64_t>(subBucketCount) << unitMagnitude;
    int32_t bucketsNeeded = 1;
    while (smallestUntrackableValue <= value) {
        if (smallestUntrackableValue > std::numeric_limits<int64_t>::max() / 2)
            return bucketsNeeded + 1;
        smallestUntrackableValue <<= 1;
        ++bucketsNeeded;
    }
    return bucketsNeeded;
}

int floorLog2(int64_t v)
{
    return 63 - __builtin_clzll(static_cast<uint64_t>(v));
}

} // namespace

bool HdrHistogram::isValidConfig(int64_t lowest, int64_t highest, int significantFigures)
{
    if (lowest < 1 || significantFigures < 1 || significantFigures > 5)
        return false;
    if (lowest > std::numeric_limits<int64_t>::max() / 2 || highest < 2 * lowest)
        return false;
    // The reference implementations refuse layouts whose sub-buckets would not fit in 62 bits.
    const int64_t largestSingleUnit = 2 * static_cast<int64_t>(std::pow(10, significantFigures));
    const int subBucketCountMagnitude = static_cast<int>(std::ceil(std::log2(double(largestSingleUnit))));
    const int halfCountMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
    return floorLog2(lowest) + halfCountMagnitude <= 61;
}

HdrHistogram::HdrHistogram(int64_t lowest, int64_t highest, int significantFigures)
{
    // Clamp rather than throw: the engine's hot path is exception-free and callers validate first.
    significantFigures = std::clamp(significantFigures, 1, 5);
    lowest = std::clamp<int64_t>(lowest, 1, int64_t(1) << 40);
    highest = std::max(highest, 2 * lowest);
    m_lowest = lowest;
    m_highest = highest;
    m_significantFigures = significantFigures;

    // Same derivation as HdrHistogram_c's hdr_calculate_bucket_config, so layouts are identical.
    const int64_t largestSingleUnit = 2 * static_cast<int64_t>(std::pow(10, significantFigures));
    const int32_t subBucketCountMagnitude =
        static_cast<int32_t>(std::ceil(std::log2(static_cast<double>(largestSingleUnit))));
    m_subBucketHalfCountMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
    m_unitMagnitude = floorLog2(lowest);
    m_subBucketCount = int32_t(1) << (m_subBucketHalfCountMagnitude + 1);
    m_subBucketHalfCount = m_subBucketCount / 2;
    m_subBucketMask = (static_cast<int64_t>(m_subBucketCount) - 1) << m_unitMagnitude;
    m_bucketCount = bucketsNeededToCoverValue(highest, m_subBucketCount, m_unitMagnitude);
    m_counts.assign(static_cast<size_t>(m_bucketCount + 1) * static_cast<size_t>(m_subBucketHalfCount), 0);
    m_min = std::numeric_limits<int64_t>::max();
}

bool HdrHistogram::recordCorrected(int64_t value, int64_t expectedInterval, int64_t count)
{
    const bool inRange = record(value, count);
    if (expectedInterval <= 0 || value <= expectedInterval)
        return inRange;
    for (int64_t missing = value - expectedInterval; missing >= expectedInterval; missing -= expectedInterval)
        record(missing, count);
    return inRange;
}

void HdrHistogram::add(const HdrHistogram &other)
{
    if (other.m_totalCount == 0)
        return;
    if (m_lowest == other.m_lowest && m_highest == other.m_highest &&
        m_significantFigures == other.m_significantFigures) {
        // Nothing is recorded above other's max: stop there (intervals are usually sparse).
        const size_t end = other.countsIndexFor(other.m_max) + 1;
        for (size_t i = 0; i < end; ++i)
            m_counts[i] += other.m_counts[i];
        m_totalCount += other.m_totalCount;
        m_overflowCount += other.m_overflowCount;
        m_min = std::min(m_min, other.m_min);
        m_max = std::max(m_max, other.m_max);
        return;
    }
    // Different layouts: re-record each bucket at its lowest-equivalent value, as the references do.
    for (size_t i = 0; i < other.m_counts.size(); ++i) {
        if (other.m_counts[i] != 0)
            record(other.valueFromIndex(i), other.m_counts[i]);
    }
}

void HdrHistogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_totalCount = 0;
    m_overflowCount = 0;
    m_min = std::numeric_limits<int64_t>::max();
    m_max = 0;
    m_startTimeMs = 0;
    m_endTimeMs = 0;
}

int64_t HdrHistogram::min() const
{
    if (m_totalCount == 0 || m_counts[0] > 0)
        return 0;
    return lowestEquivalent(m_min);
}

int64_t HdrHistogram::max() const
{
    return m_max == 0 ? 0 : highestEquivalent(m_max);
}

double HdrHistogram::mean() const
{
    if (m_totalCount == 0)
        return 0.0;
    double total = 0.0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] != 0)
            total += double(medianEquivalent(valueFromIndex(i))) * double(m_counts[i]);
    }
    return total / double(m_totalCount);
}

double HdrHistogram::stddev() const
{
    if (m_totalCount == 0)
        return 0.0;
    const double m = mean();
    double devTotal = 0.0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] != 0) {
            const double dev = double(medianEquivalent(valueFromIndex(i))) - m;
            devTotal += dev * dev * double(m_counts[i]);
        }
    }
    return std::sqrt(devTotal / double(m_totalCount));
}

int64_t HdrHistogram::valueAtPercentile(double percentile) const
{
    if (m_totalCount == 0)
        return 0;
    if (!(percentile > 0.0)) // also catches NaN
        percentile = 0.0;
    // As HdrHistogram Java: the smallest value that at least `percentile` % of the values are <=,
    // with one ulp taken off first so 10% of 10 values is the 1st value, not the 2nd.
    const double requested = std::min(std::max(std::nextafter(percentile, 0.0), 0.0), 100.0);
    auto countAtPercentile = static_cast<int64_t>(std::ceil(requested * double(m_totalCount) / 100.0));
    countAtPercentile = std::max<int64_t>(countAtPercentile, 1);
    int64_t running = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        running += m_counts[i];
        if (running >= countAtPercentile) {
            const int64_t v = valueFromIndex(i);
            return percentile == 0.0 ? lowestEquivalent(v) : highestEquivalent(v);
        }
    }
    return 0;
}

int64_t HdrHistogram::countAtValue(int64_t value) const
{
    if (value < 0 || value > m_highest)
        return 0;
    return m_counts[countsIndexFor(value)];
}

int64_t HdrHistogram::valueFromIndex(size_t index) const
{
    int32_t bucketIndex = static_cast<int32_t>(index >> m_subBucketHalfCountMagnitude) - 1;
    int32_t subBucketIndex =
        static_cast<int32_t>(index & static_cast<size_t>(m_subBucketHalfCount - 1)) + m_subBucketHalfCount;
    if (bucketIndex < 0) {
        subBucketIndex -= m_subBucketHalfCount;
        bucketIndex = 0;
    }
    return valueFromIndex(bucketIndex, subBucketIndex);
}

int64_t HdrHistogram::sizeOfEquivalentRange(int64_t v) const
{
    v = std::max<int64_t>(v, 0);
    const int32_t bucketIndex = bucketIndexFor(v);
    const int32_t subBucketIndex = static_cast<int32_t>(v >> (bucketIndex + m_unitMagnitude));
    const int32_t adjustedBucket = subBucketIndex >= m_subBucketCount ? bucketIndex + 1 : bucketIndex;
    return int64_t(1) << (m_unitMagnitude + adjustedBucket);
}

int64_t HdrHistogram::lowestEquivalent(int64_t v) const
{
    v = std::max<int64_t>(v, 0);
    const int32_t bucketIndex = bucketIndexFor(v);
    const int32_t subBucketIndex = static_cast<int32_t>(v >> (bucketIndex + m_unitMagnitude));
    return valueFromIndex(bucketIndex, subBucketIndex);
}

int64_t HdrHistogram::highestEquivalent(int64_t v) const
{
    return lowestEquivalent(v) + sizeOfEquivalentRange(v) - 1;
}

int64_t HdrHistogram::medianEquivalent(int64_t v) const
{
    return lowestEquivalent(v) + (sizeOfEquivalentRange(v) >> 1);
}

bool HdrHistogram::valuesAreEquivalent(int64_t a, int64_t b) const
{
    return lowestEquivalent(a) == lowestEquivalent(b);
}

size_t HdrHistogram::memoryBytes() const
{
    return sizeof(*this) + m_counts.capacity() * sizeof(int64_t);
}

bool HdrHistogram::sameCounts(const HdrHistogram &other) const
{
    return m_lowest == other.m_lowest && m_highest == other.m_highest &&
           m_significantFigures == other.m_significantFigures && m_totalCount == other.m_totalCount &&
           m_counts == other.m_counts;
}

void HdrHistogram::recomputeMinMax()
{
    m_min = std::numeric_limits<int64_t>::max();
    m_max = 0;
    m_totalCount = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        m_totalCount += m_counts[i];
        const int64_t v = valueFromIndex(i);
        if (v != 0 && m_min == std::numeric_limits<int64_t>::max())
            m_min = v;
        m_max = v;
    }
}

std::string HdrHistogram::encodeCompressed() const
{
    // Only up to the highest non-empty index is written (trailing zeros are implied).
    size_t limit = m_counts.size();
    while (limit > 0 && m_counts[limit - 1] == 0)
        --limit;
    hdr::V2Header header;
    header.significantFigures = m_significantFigures;
    header.lowest = m_lowest;
    header.highest = m_highest;
    return hdr::encodeCompressedV2(header, m_counts.data(), limit);
}

std::optional<HdrHistogram> HdrHistogram::decodeCompressed(std::string_view base64, std::string *error)
{
    const auto fail = [&](std::string message) -> std::optional<HdrHistogram> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    hdr::V2Header header;
    std::string payload;
    std::string why;
    if (!hdr::decodeCompressedV2(base64, header, payload, &why))
        return fail(why);
    if (!isValidConfig(header.lowest, header.highest, header.significantFigures)) {
        return fail("invalid histogram configuration in header (lowest " + std::to_string(header.lowest) +
                    ", highest " + std::to_string(header.highest) + ", significant figures " +
                    std::to_string(header.significantFigures) + ")");
    }
    if (header.normalizingIndexOffset != 0)
        return fail("normalizing index offset " + std::to_string(header.normalizingIndexOffset) +
                    " is not supported");
    // Size check before allocating: a hostile header must not make us reserve gigabytes.
    const HdrHistogram probe(header.lowest, 2 * header.lowest, header.significantFigures);
    const int32_t buckets =
        bucketsNeededToCoverValue(header.highest, probe.m_subBucketCount, probe.m_unitMagnitude);
    const size_t len = static_cast<size_t>(buckets + 1) * static_cast<size_t>(probe.m_subBucketHalfCount);
    if (len > hdr::kMaxDecodedCounts)
        return fail("histogram too large to decode (" + std::to_string(len) + " buckets)");

    HdrHistogram h(header.lowest, header.highest, header.significantFigures);
    if (!hdr::decodeCounts(payload, h.m_counts.data(), h.m_counts.size(), &why))
        return fail(why);
    h.recomputeMinMax();
    return h;
}

} // namespace lw::hdr
