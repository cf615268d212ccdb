#include "report/sparsehistogram.h"

#include "hdr/hdrencoding.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace lw::report::detail {

namespace {

constexpr uint32_t kCompressionCookieBase = 0x1c849304 & ~0xf0u;
constexpr uint32_t kEncodingCookieBase = 0x1c849303 & ~0xf0u;
constexpr size_t kHeaderBytes = 40;

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

uint64_t bigEndian(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

// The counts payload as (index, count) pairs without a dense array: the engine's walk.
template <class Sink> bool parseCounts(std::string_view payload, size_t n, QString *error, Sink sink)
{
    std::string why;
    const bool ok = hdr::forEachEncodedCount(payload, n, &why, [&sink](size_t index, int64_t count) {
        if (count != 0)
            sink(uint32_t(index), count);
    });
    return ok || fail(error, QString::fromStdString(why));
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

void SparseMerger::add(const SparseCounts &s)
{
    for (size_t i = 0; i < s.index.size(); ++i)
        add(s.index[i], s.count[i]);
}

void SparseMerger::take(SparseCounts &out)
{
    out.index = m_touched; // in first-touched order: nothing downstream needs them sorted
    out.count.resize(m_touched.size());
    for (size_t i = 0; i < m_touched.size(); ++i) {
        out.count[i] = m_dense[m_touched[i]];
        m_dense[m_touched[i]] = 0;
    }
    m_touched.clear();
}

struct BlobDecoder::Private
{
    z_stream zs{};
    bool ok = false;
    std::string payload;
};

BlobDecoder::BlobDecoder() : d(std::make_unique<Private>())
{
    d->ok = inflateInit(&d->zs) == Z_OK;
}

BlobDecoder::~BlobDecoder()
{
    if (d->ok)
        inflateEnd(&d->zs);
}

bool BlobDecoder::inflateBlob(const QByteArray &raw, hdr::V2Header &header, QString *error)
{
    // Envelope: int32 cookie, int32 deflated length, zlib stream of (40-byte header + counts).
    const auto *p = reinterpret_cast<const unsigned char *>(raw.constData());
    const size_t size = size_t(raw.size());
    if (size < 8)
        return fail(error, QStringLiteral("compressed histogram is truncated (%1 bytes)").arg(size));
    if ((uint32_t(bigEndian(p, 4)) & ~0xf0u) != kCompressionCookieBase)
        return fail(error, QStringLiteral("not a V2 compressed histogram (bad cookie)"));
    const uint64_t deflated = bigEndian(p + 4, 4);
    if (deflated > size - 8)
        return fail(error, QStringLiteral("compressed histogram is truncated"));
    if (!d->ok || inflateReset(&d->zs) != Z_OK)
        return fail(error, QStringLiteral("zlib initialisation failed"));
    unsigned char head[kHeaderBytes];
    z_stream &zs = d->zs;
    zs.next_in = const_cast<Bytef *>(p + 8);
    zs.avail_in = uInt(deflated);
    zs.next_out = head;
    zs.avail_out = kHeaderBytes;
    int rc = inflate(&zs, Z_SYNC_FLUSH);
    if (zs.avail_out != 0)
        return fail(error, rc == Z_DATA_ERROR
                               ? QStringLiteral("corrupt deflate stream in histogram")
                               : QStringLiteral("compressed histogram has no complete header"));
    if ((uint32_t(bigEndian(head, 4)) & ~0xf0u) != kEncodingCookieBase)
        return fail(error, QStringLiteral("not a V2 histogram encoding (bad payload cookie)"));
    const uint64_t length = bigEndian(head + 4, 4);
    header.normalizingIndexOffset = int32_t(bigEndian(head + 8, 4));
    header.significantFigures = int32_t(bigEndian(head + 12, 4));
    header.lowest = int64_t(bigEndian(head + 16, 8));
    header.highest = int64_t(bigEndian(head + 24, 8));
    const uint64_t ratioBits = bigEndian(head + 32, 8);
    std::memcpy(&header.conversionRatio, &ratioBits, sizeof ratioBits);
    if (length > hdr::kMaxDecodedCounts * 9)
        return fail(error, QStringLiteral("histogram payload too large (%1 bytes)").arg(length));
    d->payload.resize(length);
    if (length > 0) {
        zs.next_out = reinterpret_cast<Bytef *>(d->payload.data());
        zs.avail_out = uInt(length);
        rc = inflate(&zs, Z_SYNC_FLUSH);
        if (zs.avail_out != 0)
            return fail(error, rc == Z_DATA_ERROR ? QStringLiteral("corrupt deflate stream in histogram")
                                                  : QStringLiteral("histogram counts are truncated"));
    }
    return true;
}

bool BlobDecoder::layoutOf(const QByteArray &raw, std::optional<Layout> &layout, QString *error)
{
    hdr::V2Header header;
    if (!inflateBlob(raw, header, error))
        return false;
    if (header.normalizingIndexOffset != 0 ||
        !hdr::HdrHistogram::isValidConfig(header.lowest, header.highest, header.significantFigures))
        return fail(error,
                    QStringLiteral("histogram layout (lowest %1, highest %2, %3 digits) is not supported")
                        .arg(header.lowest)
                        .arg(header.highest)
                        .arg(header.significantFigures));
    layout = Layout{header, countsLength(header.lowest, header.highest, header.significantFigures)};
    return true;
}

bool BlobDecoder::decode(const QByteArray &raw, const Layout &layout, SparseCounts *out, SparseMerger *merger,
                         QString *error)
{
    hdr::V2Header header;
    if (!inflateBlob(raw, header, error))
        return false;
    std::string converted;
    std::string_view payload = d->payload;
    if (!layout.sameAs(header)) {
        // Another layout: merge it into an empty histogram of the run's layout, as add() does.
        std::string why;
        const QByteArray base64 = raw.toBase64();
        auto other = hdr::HdrHistogram::decodeCompressed(
            std::string_view(base64.constData(), size_t(base64.size())), &why);
        if (!other)
            return fail(error, QString::fromStdString(why));
        hdr::HdrHistogram h(layout.header.lowest, layout.header.highest, layout.header.significantFigures);
        h.add(*other);
        if (!hdr::decodeCompressedV2(h.encodeCompressed(), header, converted, &why))
            return fail(error, QString::fromStdString(why));
        payload = converted;
    }
    if (merger)
        return parseCounts(payload, layout.length, error,
                           [merger](uint32_t i, int64_t c) { merger->add(i, c); });
    return parseCounts(payload, layout.length, error, [out](uint32_t i, int64_t c) {
        out->index.push_back(i);
        out->count.push_back(c);
    });
}

DenseAccumulator::DenseAccumulator(const Layout &layout) : m_layout(layout), m_counts(layout.length, 0) {}

void DenseAccumulator::add(const SparseCounts &s)
{
    const size_t n = s.index.size();
    uint32_t end = m_end;
    for (size_t i = 0; i < n; ++i) {
        m_counts[s.index[i]] += s.count[i];
        m_total += s.count[i];
        end = std::max(end, s.index[i] + 1);
    }
    m_end = end;
}

QByteArray DenseAccumulator::encoded() const
{
    if (m_total == 0)
        return {};
    const std::string text = hdr::encodeCompressedV2(m_layout.header, m_counts.data(), m_end);
    return QByteArray(text.data(), qsizetype(text.size()));
}

std::optional<hdr::HdrHistogram> DenseAccumulator::histogram() const
{
    if (m_total == 0)
        return std::nullopt;
    const std::string text = hdr::encodeCompressedV2(m_layout.header, m_counts.data(), m_end);
    return hdr::HdrHistogram::decodeCompressed(text);
}

} // namespace lw::report::detail
