#include "report/sparsehistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace lw::report::detail {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// The counts payload as sparse pairs; mirrors hdr::decodeCounts (same checks) without a dense array.
bool parseCounts(std::string_view payload, size_t n, SparseCounts &out, QString *error)
{
    const auto *p = reinterpret_cast<const unsigned char *>(payload.data());
    const size_t size = payload.size();
    size_t pos = 0;
    size_t index = 0;
    int64_t total = 0;
    while (pos < size) {
        uint64_t v = 0;
        int shift = 0;
        bool done = false;
        for (int i = 0; i < 8 && pos < size; ++i, shift += 7) {
            const unsigned char b = p[pos++];
            v |= uint64_t(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                done = true;
                break;
            }
        }
        if (!done) {
            if (shift != 56 || pos >= size)
                return fail(error, QStringLiteral("truncated varint in histogram counts"));
            v |= uint64_t(p[pos++]) << 56;
        }
        const int64_t value = static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
        if (value < 0) {
            const uint64_t zeros = uint64_t(-(value + 1)) + 1;
            if (zeros > n - index)
                return fail(error, QStringLiteral("histogram counts run past the end of the layout"));
            index += zeros;
            continue;
        }
        if (index >= n)
            return fail(error, QStringLiteral("histogram counts run past the end of the layout"));
        if (value > std::numeric_limits<int64_t>::max() - total)
            return fail(error, QStringLiteral("histogram total count overflows"));
        total += value;
        if (value != 0) {
            out.index.push_back(uint32_t(index));
            out.count.push_back(value);
        }
        ++index;
    }
    return true;
}

} // namespace

size_t countsLength(int64_t lowest, int64_t highest, int significantFigures)
{
    // The same derivation as HdrHistogram's constructor (and hdr_calculate_bucket_config).
    significantFigures = std::clamp(significantFigures, 1, 5);
    lowest = std::clamp<int64_t>(lowest, 1, int64_t(1) << 40);
    highest = std::max(highest, 2 * lowest);
    const int64_t largestSingleUnit = 2 * static_cast<int64_t>(std::pow(10, significantFigures));
    const int32_t subBucketCountMagnitude =
        static_cast<int32_t>(std::ceil(std::log2(static_cast<double>(largestSingleUnit))));
    const int32_t halfCountMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
    const int32_t unitMagnitude = 63 - __builtin_clzll(static_cast<uint64_t>(lowest));
    const int32_t subBucketCount = int32_t(1) << (halfCountMagnitude + 1);
    int64_t smallestUntrackable = static_cast<int64_t>(subBucketCount) << unitMagnitude;
    int32_t buckets = 1;
    while (smallestUntrackable <= highest) {
        if (smallestUntrackable > std::numeric_limits<int64_t>::max() / 2) {
            ++buckets;
            break;
        }
        smallestUntrackable <<= 1;
        ++buckets;
    }
    return size_t(buckets + 1) * size_t(subBucketCount / 2);
}

bool decodeSparse(const QByteArray &base64, std::optional<Layout> &layout, SparseCounts &out, QString *error)
{
    out.clear();
    const std::string_view text(base64.constData(), size_t(base64.size()));
    engine::hdr::V2Header header;
    std::string payload;
    std::string why;
    if (!engine::hdr::decodeCompressedV2(text, header, payload, &why))
        return fail(error, QString::fromStdString(why));
    if (!layout) {
        if (header.normalizingIndexOffset != 0 ||
            !engine::HdrHistogram::isValidConfig(header.lowest, header.highest, header.significantFigures))
            return fail(error,
                        QStringLiteral("histogram layout (lowest %1, highest %2, %3 digits) is not supported")
                            .arg(header.lowest)
                            .arg(header.highest)
                            .arg(header.significantFigures));
        layout = Layout{header, countsLength(header.lowest, header.highest, header.significantFigures)};
    }
    if (layout->sameAs(header))
        return parseCounts(payload, layout->length, out, error);

    // Another layout: merge it into an empty histogram of the run's layout, as add() does.
    auto other = engine::HdrHistogram::decodeCompressed(text, &why);
    if (!other)
        return fail(error, QString::fromStdString(why));
    engine::HdrHistogram converted(layout->header.lowest, layout->header.highest,
                                   layout->header.significantFigures);
    converted.add(*other);
    const std::string again = converted.encodeCompressed();
    if (!engine::hdr::decodeCompressedV2(again, header, payload, &why))
        return fail(error, QString::fromStdString(why));
    return parseCounts(payload, layout->length, out, error);
}

void mergeSparse(const std::vector<const SparseCounts *> &parts, SparseCounts &out)
{
    out.clear();
    if (parts.size() == 1) {
        out = *parts.front();
        return;
    }
    // (index, part) min-heap over the heads of each list.
    using Head = std::pair<uint32_t, size_t>;
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap;
    std::vector<size_t> pos(parts.size(), 0);
    size_t reserve = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        reserve = std::max(reserve, parts[i]->index.size());
        if (!parts[i]->index.empty())
            heap.push({parts[i]->index.front(), i});
    }
    out.index.reserve(reserve * 2);
    out.count.reserve(reserve * 2);
    while (!heap.empty()) {
        const auto [index, part] = heap.top();
        heap.pop();
        const int64_t c = parts[part]->count[pos[part]];
        if (!out.index.empty() && out.index.back() == index)
            out.count.back() += c;
        else {
            out.index.push_back(index);
            out.count.push_back(c);
        }
        if (++pos[part] < parts[part]->index.size())
            heap.push({parts[part]->index[pos[part]], part});
    }
    out.index.shrink_to_fit();
    out.count.shrink_to_fit();
}

DenseAccumulator::DenseAccumulator(const Layout &layout) : m_layout(layout), m_counts(layout.length, 0) {}

void DenseAccumulator::add(const SparseCounts &s)
{
    const size_t n = s.index.size();
    for (size_t i = 0; i < n; ++i) {
        m_counts[s.index[i]] += s.count[i];
        m_total += s.count[i];
    }
    if (n > 0)
        m_end = std::max(m_end, s.index.back() + 1);
}

QByteArray DenseAccumulator::encoded() const
{
    if (m_total == 0)
        return {};
    const std::string text = engine::hdr::encodeCompressedV2(m_layout.header, m_counts.data(), m_end);
    return QByteArray(text.data(), qsizetype(text.size()));
}

std::optional<engine::HdrHistogram> DenseAccumulator::histogram() const
{
    if (m_total == 0)
        return std::nullopt;
    const std::string text = engine::hdr::encodeCompressedV2(m_layout.header, m_counts.data(), m_end);
    return engine::HdrHistogram::decodeCompressed(text);
}

} // namespace lw::report::detail
