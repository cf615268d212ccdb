#include "hdr/hdrencoding.h"

#include <zlib.h>

#include <cctype>
#include <cstring>
#include <limits>

namespace lw::hdr {

namespace {

constexpr int32_t kEncodingCookieV2 = 0x1c849303 | 0x10;
constexpr int32_t kCompressionCookieV2 = 0x1c849304 | 0x10;
constexpr size_t kHeaderBytes = 40;
constexpr size_t kMaxVarintBytes = 9;

int32_t cookieBase(int32_t cookie)
{
    return cookie & ~0xf0;
}

void putBE(std::string &out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t getBE(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | p[i];
    return v;
}

// Java's ZigZagEncoding.putLong: 7 bits per byte for 8 bytes, then a full ninth byte.
void putZigZag(std::string &out, int64_t value)
{
    uint64_t v = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
    for (int i = 0; i < 8; ++i) {
        if ((v >> 7) == 0) {
            out.push_back(static_cast<char>(v));
            return;
        }
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

// zlib streams reused per thread: creating one allocates ~400 KiB, and fresh pages cost more than
// compressing a histogram (page faults are expensive in VMs).
struct Deflater
{
    z_stream zs{};
    bool ok = deflateInit(&zs, Z_DEFAULT_COMPRESSION) == Z_OK;
    ~Deflater()
    {
        if (ok)
            deflateEnd(&zs);
    }
};

struct Inflater
{
    z_stream zs{};
    bool ok = inflateInit(&zs) == Z_OK;
    ~Inflater()
    {
        if (ok)
            inflateEnd(&zs);
    }
};

bool setError(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
    return false;
}

// The payload header followed by the counts payload: what the compressed envelope deflates.
std::string withPayloadHeader(const V2Header &header, std::string_view payload)
{
    std::string raw;
    raw.reserve(kHeaderBytes + payload.size());
    putBE(raw, uint32_t(kEncodingCookieV2), 4);
    putBE(raw, uint32_t(payload.size()), 4);
    putBE(raw, uint32_t(header.normalizingIndexOffset), 4);
    putBE(raw, uint32_t(header.significantFigures), 4);
    putBE(raw, uint64_t(header.lowest), 8);
    putBE(raw, uint64_t(header.highest), 8);
    uint64_t ratioBits = 0;
    std::memcpy(&ratioBits, &header.conversionRatio, sizeof ratioBits);
    putBE(raw, ratioBits, 8);
    raw += payload;
    return raw;
}

std::string compressionEnvelope(std::string_view deflated)
{
    std::string envelope;
    envelope.reserve(8 + deflated.size());
    putBE(envelope, uint32_t(kCompressionCookieV2), 4);
    putBE(envelope, uint32_t(deflated.size()), 4);
    envelope += deflated;
    return envelope;
}

} // namespace

std::string base64Encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                           uint8_t(bytes[i + 2]);
        out.push_back(kAlphabet[(n >> 18) & 63]);
        out.push_back(kAlphabet[(n >> 12) & 63]);
        out.push_back(kAlphabet[(n >> 6) & 63]);
        out.push_back(kAlphabet[n & 63]);
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
        if (rest == 2)
            n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out.push_back(kAlphabet[(n >> 18) & 63]);
        out.push_back(kAlphabet[(n >> 12) & 63]);
        out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

bool base64Decode(std::string_view text, std::string &out, std::string *error)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return setError(error, "base64 text has an impossible length");
    out.clear();
    out.reserve(text.size() / 4 * 3 + 2);
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const int v = base64Value(static_cast<unsigned char>(text[i]));
        if (v < 0)
            return setError(error, "invalid base64 character at offset " + std::to_string(i));
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return true;
}

std::string encodeCompressedV2(const V2Header &header, const int64_t *counts, size_t n)
{
    std::string payload;
    payload.reserve(64);
    for (size_t i = 0; i < n;) {
        const int64_t count = counts[i++];
        if (count == 0) {
            int64_t zeros = 1;
            while (i < n && counts[i] == 0) {
                ++zeros;
                ++i;
            }
            // Java writes a lone zero as 0 and runs as their negated length; both decode the same.
            putZigZag(payload, zeros > 1 ? -zeros : 0);
        } else {
            putZigZag(payload, count);
        }
    }
    const std::string raw = withPayloadHeader(header, payload);

    thread_local Deflater deflater;
    std::string deflated;
    if (deflater.ok && deflateReset(&deflater.zs) == Z_OK) {
        z_stream &zs = deflater.zs;
        deflated.resize(deflateBound(&zs, uLong(raw.size())));
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
        zs.avail_in = uInt(raw.size());
        zs.next_out = reinterpret_cast<Bytef *>(deflated.data());
        zs.avail_out = uInt(deflated.size());
        deflate(&zs, Z_FINISH);
        deflated.resize(zs.total_out);
    } else {
        uLongf deflatedSize = compressBound(uLong(raw.size()));
        deflated.resize(deflatedSize);
        compress2(reinterpret_cast<Bytef *>(deflated.data()), &deflatedSize,
                  reinterpret_cast<const Bytef *>(raw.data()), uLong(raw.size()), Z_DEFAULT_COMPRESSION);
        deflated.resize(deflatedSize);
    }
    return base64Encode(compressionEnvelope(deflated));
}

std::string recompressV2Best(const V2Header &header, std::string_view payload)
{
    const std::string raw = withPayloadHeader(header, payload);
    z_stream zs;
    std::memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15, 9, Z_FILTERED) != Z_OK)
        return {};
    std::string deflated(deflateBound(&zs, uLong(raw.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef *>(deflated.data());
    zs.avail_out = uInt(deflated.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflated.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? compressionEnvelope(deflated) : std::string();
}

bool decodeCompressedV2(std::string_view base64, V2Header &header, std::string &payload, std::string *error)
{
    std::string bytes;
    if (!base64Decode(base64, bytes, error))
        return false;
    if (bytes.size() < 8)
        return setError(error,
                        "compressed histogram is truncated (" + std::to_string(bytes.size()) + " bytes)");
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto cookie = static_cast<int32_t>(getBE(p, 4));
    if (cookieBase(cookie) != cookieBase(kCompressionCookieV2))
        return setError(error, "not a V2 compressed histogram (bad cookie)");
    const uint64_t deflatedLength = getBE(p + 4, 4);
    if (deflatedLength > bytes.size() - 8)
        return setError(error, "compressed histogram is truncated (length field says " +
                                   std::to_string(deflatedLength) + " bytes, " +
                                   std::to_string(bytes.size() - 8) + " present)");

    // Inflate incrementally so a hostile length field cannot make us allocate without bound.
    thread_local Inflater inflater;
    if (!inflater.ok || inflateReset(&inflater.zs) != Z_OK)
        return setError(error, "zlib initialisation failed");
    z_stream &zs = inflater.zs;
    zs.next_in = const_cast<Bytef *>(p + 8);
    zs.avail_in = static_cast<uInt>(deflatedLength);
    unsigned char head[kHeaderBytes];
    zs.next_out = head;
    zs.avail_out = kHeaderBytes;
    int rc = inflate(&zs, Z_SYNC_FLUSH);
    if (zs.avail_out != 0) {
        return setError(error, rc == Z_DATA_ERROR ? "corrupt deflate stream in histogram"
                                                  : "compressed histogram is truncated (no complete header)");
    }
    if (cookieBase(static_cast<int32_t>(getBE(head, 4))) != cookieBase(kEncodingCookieV2)) {
        return setError(error, "not a V2 histogram encoding (bad payload cookie)");
    }
    const uint64_t payloadLength = getBE(head + 4, 4);
    header.normalizingIndexOffset = static_cast<int32_t>(getBE(head + 8, 4));
    header.significantFigures = static_cast<int32_t>(getBE(head + 12, 4));
    header.lowest = static_cast<int64_t>(getBE(head + 16, 8));
    header.highest = static_cast<int64_t>(getBE(head + 24, 8));
    const uint64_t ratioBits = getBE(head + 32, 8);
    std::memcpy(&header.conversionRatio, &ratioBits, sizeof ratioBits);
    if (payloadLength > kMaxDecodedCounts * kMaxVarintBytes) {
        return setError(error, "histogram payload too large (" + std::to_string(payloadLength) + " bytes)");
    }
    payload.assign(payloadLength, '\0');
    if (payloadLength > 0) {
        zs.next_out = reinterpret_cast<Bytef *>(payload.data());
        zs.avail_out = static_cast<uInt>(payloadLength);
        rc = inflate(&zs, Z_SYNC_FLUSH);
    }
    const bool complete = zs.avail_out == 0 && rc != Z_DATA_ERROR && rc != Z_MEM_ERROR;
    if (!complete)
        return setError(error, rc == Z_DATA_ERROR ? "corrupt deflate stream in histogram"
                                                  : "histogram payload is truncated");
    return true;
}

bool decodeCounts(std::string_view payload, int64_t *counts, size_t n, std::string *error)
{
    return forEachEncodedCount(payload, n, error,
                               [counts](size_t index, int64_t count) { counts[index] = count; });
}

} // namespace lw::hdr
