// libFuzzer target for the run spec reader (the `start` command's spec, PROTOCOL.md) and its
// validator, including durations, stages, headers, think times and the allow-list entries. Nothing
// is resolved or connected: validateRunSpec only checks fields and URLs.
// Invariants: no crash or exception; a refusal names what is wrong; an accepted spec has requests
// and a positive total duration.

#include "engine/runspec.h"

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        // Still exercise the duration syntax on raw text.
        int64_t ns = 0;
        std::string error;
        if (!lw::engine::parseDuration(text.substr(0, 64), ns, error) && error.empty())
            std::abort();
        return 0;
    }
    lw::engine::RunSpec spec;
    std::string error;
    if (!lw::engine::runSpecFromJson(j, spec, error)) {
        if (error.empty())
            std::abort();
        return 0;
    }
    if (!lw::engine::validateRunSpec(spec, error)) {
        if (error.empty())
            std::abort();
        return 0;
    }
    if (spec.requests.empty())
        std::abort();
    (void)spec.totalDurationNs();
    return 0;
}
