// libFuzzer target for the HdrHistogram V2 decoders. The first byte chooses what the rest is:
//   0: the raw compressed envelope (cookie, length, zlib stream), base64-encoded here first;
//   1: base64 text as found in a .hlog line or a stored interval;
//   2: a bare counts payload (ZigZag LEB128 varints) for a layout of up to 64 Ki counts.
// Invariants: no crash, a refusal always has a message, and a decoded histogram re-encodes to one
// that decodes to the same counts and statistics.

#include "hdr/hdrencoding.h"
#include "hdr/hdrhistogram.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using lw::hdr::HdrHistogram;
namespace hdr = lw::hdr;

namespace {
void checkRoundTrip(const HdrHistogram &h)
{
    std::string error;
    const auto again = HdrHistogram::decodeCompressed(h.encodeCompressed(), &error);
    if (!again || again->totalCount() != h.totalCount() || again->max() != h.max() ||
        again->min() != h.min() || again->lowest() != h.lowest() || again->highest() != h.highest() ||
        again->significantFigures() != h.significantFigures())
        std::abort();
    std::vector<int64_t> a, b;
    h.forEachRecorded([&a](int64_t, int64_t high, int64_t count) { a.insert(a.end(), {high, count}); });
    again->forEachRecorded([&b](int64_t, int64_t high, int64_t count) { b.insert(b.end(), {high, count}); });
    if (a != b)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
    std::string error;
    switch (data[0] % 3) {
    case 0:
    case 1: {
        const std::string text = data[0] % 3 == 0 ? hdr::base64Encode(rest) : std::string(rest);
        const auto h = HdrHistogram::decodeCompressed(text, &error);
        if (!h) {
            if (error.empty())
                std::abort();
            return 0;
        }
        checkRoundTrip(*h);
        (void)h->valueAtPercentile(99.9);
        (void)h->mean();
        (void)h->stddev();
        return 0;
    }
    default: {
        if (rest.size() < 2)
            return 0;
        const size_t n = 1 + (static_cast<size_t>(std::uint8_t(rest[0])) << 8 | std::uint8_t(rest[1]));
        std::vector<int64_t> counts(n, 0);
        if (!hdr::decodeCounts(rest.substr(2), counts.data(), n, &error) && error.empty())
            std::abort();
        for (int64_t c : counts) {
            if (c < 0)
                std::abort();
        }
        return 0;
    }
    }
}
