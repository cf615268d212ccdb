// libFuzzer target for the .hlog (HdrHistogram interval log) reader: comment and legend lines,
// StartTime/BaseTime, tagged and untagged interval lines with their base64 V2 histograms.
// Invariants: no crash; reading stops at the first malformed line with a message naming it.

#include "hdr/hdrlog.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
    lw::hdr::HdrLogReader reader(in);
    while (const auto entry = reader.next()) {
        (void)entry->histogram.totalCount();
        (void)entry->histogram.valueAtPercentile(50);
    }
    if (!reader.error().empty() && reader.error().find("line") == std::string::npos)
        std::abort();
    return 0;
}
