#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

// Building blocks of the HdrHistogram V2 compressed encoding (shared by HdrHistogram and the .hlog
// code). Byte layout, big-endian, as in HdrHistogram_c's hdr_histogram_log.c and Java's
// AbstractHistogram.encodeIntoCompressedByteBuffer:
//   compressed envelope: int32 cookie (0x1c849314), int32 deflated length, zlib stream of:
//   payload header:      int32 cookie (0x1c849313), int32 counts payload length,
//                        int32 normalizing index offset, int32 significant figures,
//                        int64 lowest discernible value, int64 highest trackable value,
//                        double integer-to-double conversion ratio,
//   counts payload:      zig-zag LEB128 varints (at most 9 bytes); a negative value n is a run of -n zeros.
namespace lw::hdr {

struct V2Header
{
    int32_t normalizingIndexOffset = 0;
    int32_t significantFigures = 3;
    int64_t lowest = 1;
    int64_t highest = 2;
    double conversionRatio = 1.0;
};

// Decoding refuses histograms with more counts than this (32 MiB of int64 counts).
constexpr size_t kMaxDecodedCounts = size_t(1) << 22;

std::string base64Encode(std::string_view bytes);
// Strict RFC 4648 decoding (padding optional, surrounding whitespace ignored).
bool base64Decode(std::string_view text, std::string &out, std::string *error);

// Returns the base64 text of the compressed V2 encoding of counts[0..n).
std::string encodeCompressedV2(const V2Header &header, const int64_t *counts, size_t n);
// The same encoding of an already encoded counts payload, deflated with zlib's best level and the
// filtered strategy (smaller, slower: for storage), as raw envelope bytes (not base64); empty when
// zlib fails.
std::string recompressV2Best(const V2Header &header, std::string_view payload);
// Parses the envelope and the header and inflates the counts payload (bounded in size).
bool decodeCompressedV2(std::string_view base64, V2Header &header, std::string &payload, std::string *error);
// Decodes a counts payload into counts[0..n) (zeroed by the caller). Fails on overflowing indexes,
// negative or overflowing counts and truncated varints.
bool decodeCounts(std::string_view payload, int64_t *counts, size_t n, std::string *error);

// Walks a counts payload (ZigZag LEB128 varints; a negative value is a run of zero counts) of a
// layout with n counts and calls sink(index, count) for every count written explicitly, in index
// order (skipped runs are not reported). The checks of decodeCounts; false with *error on failure.
template <class Sink>
bool forEachEncodedCount(std::string_view payload, size_t n, std::string *error, Sink &&sink)
{
    const auto fail = [error](const char *why) {
        if (error)
            *error = why;
        return false;
    };
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
                return fail("truncated varint in histogram counts");
            v |= uint64_t(p[pos++]) << 56;
        }
        const int64_t value = static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
        if (value < 0) {
            const uint64_t zeros = uint64_t(-(value + 1)) + 1;
            if (zeros > n - index)
                return fail("histogram counts run past the end of the layout");
            index += zeros;
            continue;
        }
        if (index >= n)
            return fail("histogram counts run past the end of the layout");
        if (value > std::numeric_limits<int64_t>::max() - total)
            return fail("histogram total count overflows");
        total += value;
        sink(index++, value);
    }
    return true;
}

} // namespace lw::hdr
