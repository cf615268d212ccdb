#pragma once

// Internal to core/report: interval histograms decoded straight from their stored bytes (the raw V2
// compressed envelope, as run_intervals.histogram holds it) into sparse (counts index, count) lists
// or into a dense merger, without a dense 23k-slot array per interval; and a dense accumulator that
// turns merged counts back into an hdr::HdrHistogram with the same counts a
// RunStore::mergedHistogram() would give.

#include "hdr/hdrencoding.h"
#include "hdr/hdrhistogram.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::report::detail {

struct SparseCounts
{
    std::vector<uint32_t> index; // counts-array indexes, each once, in no particular order
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
    hdr::V2Header header;
    size_t length = 0;
    bool sameAs(const hdr::V2Header &h) const
    {
        return h.lowest == header.lowest && h.highest == header.highest &&
               h.significantFigures == header.significantFigures && h.normalizingIndexOffset == 0;
    }
};

// Sums sparse counts in a dense scratch array, emptied by take(); faster than a k-way merge.
class SparseMerger
{
public:
    explicit SparseMerger(size_t length) : m_dense(length, 0) {}
    void add(uint32_t index, int64_t count)
    {
        int64_t &slot = m_dense[index];
        if (slot == 0)
            m_touched.push_back(index);
        slot += count;
    }
    void add(const SparseCounts &s);
    void take(SparseCounts &out);

private:
    std::vector<int64_t> m_dense;
    std::vector<uint32_t> m_touched;
};

// Decodes raw V2 compressed blobs; one per thread (it keeps a zlib stream and a buffer).
class BlobDecoder
{
public:
    BlobDecoder();
    ~BlobDecoder();
    BlobDecoder(const BlobDecoder &) = delete;
    BlobDecoder &operator=(const BlobDecoder &) = delete;

    // The layout of a blob (its header only).
    bool layoutOf(const QByteArray &raw, std::optional<Layout> &layout, QString *error);
    // Adds the blob's counts to out (sparse) or merger; a blob of another layout is converted as
    // HdrHistogram::add() would merge it. False with *error when it does not decode.
    bool decode(const QByteArray &raw, const Layout &layout, SparseCounts *out, SparseMerger *merger,
                QString *error);

private:
    bool inflateBlob(const QByteArray &raw, hdr::V2Header &header, QString *error);
    struct Private;
    std::unique_ptr<Private> d;
};

// Dense counts of one layout: add sparse lists, then get the HdrHistogram.
class DenseAccumulator
{
public:
    explicit DenseAccumulator(const Layout &layout);
    void add(const SparseCounts &s);
    bool isEmpty() const { return m_total == 0; }
    // The merged counts as a histogram (nullopt when empty).
    std::optional<hdr::HdrHistogram> histogram() const;
    // base64 V2 compressed encoding of the merged counts (empty when empty).
    QByteArray encoded() const;

private:
    const Layout &m_layout;
    std::vector<int64_t> m_counts;
    uint32_t m_end = 0; // one past the highest non-zero index
    int64_t m_total = 0;
};

} // namespace lw::report::detail
