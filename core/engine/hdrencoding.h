#pragma once

#include <cstddef>
#include <cstdint>
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
namespace lw::engine::hdr {

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

} // namespace lw::engine::hdr
