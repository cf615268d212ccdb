#pragma once

// Internal to core/report: interval histograms as sparse (counts index, count) lists, decoded
// straight from the V2 counts payload (no dense 23k-slot array per interval), and a dense
// accumulator that turns merged counts back into an engine::HdrHistogram with the same counts a
// RunStore::mergedHistogram() would give.

#include "engine/hdrencoding.h"
#include "engine/hdrhistogram.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace lw::report::detail {

struct SparseCounts
{
    std::vector<uint32_t> index; // ascending counts-array indexes
    std::vector<int64_t> count;  // > 0
    void clear()
    {
        index.clear();
        count.clear();
    }
};

// Counts-array length of a layout, derived as HdrHistogram (and HdrHistogram_c) derive it.
size_t countsLength(int64_t lowest, int64_t highest, int significantFigures);

// The layout every interval of a run is decoded into (the first one's).
struct Layout
{
    engine::hdr::V2Header header;
    size_t length = 0;
    bool sameAs(const engine::hdr::V2Header &h) const
    {
        return h.lowest == header.lowest && h.highest == header.highest &&
               h.significantFigures == header.significantFigures && h.normalizingIndexOffset == 0;
    }
};

// Decodes a base64 V2 compressed histogram into out (cleared first). When layout is unset it becomes the
// blob's layout. A blob of another layout is converted as HdrHistogram::add() would merge it. False with
// *error when it does not decode.
bool decodeSparse(const QByteArray &base64, std::optional<Layout> &layout, SparseCounts &out, QString *error);

// Merges sorted sparse lists (k-way) into one sorted list.
void mergeSparse(const std::vector<const SparseCounts *> &parts, SparseCounts &out);

// Dense counts of one layout: add sparse lists, then get the HdrHistogram.
class DenseAccumulator
{
public:
    explicit DenseAccumulator(const Layout &layout);
    void add(const SparseCounts &s);
    bool isEmpty() const { return m_total == 0; }
    // The merged counts as a histogram (nullopt when empty).
    std::optional<engine::HdrHistogram> histogram() const;
    // base64 V2 compressed encoding of the merged counts (empty when empty).
    QByteArray encoded() const;

private:
    const Layout &m_layout;
    std::vector<int64_t> m_counts;
    uint32_t m_end = 0; // one past the highest non-zero index
    int64_t m_total = 0;
};

} // namespace lw::report::detail
