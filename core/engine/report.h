#pragma once

#include "engine/engine.h"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace lw::engine {

// JSON forms of the engine's events (PROTOCOL.md) and the standalone summaries.
nlohmann::json latencyJson(const hdr::HdrHistogram &h);
nlohmann::json errorsByClassJson(const IntervalStats &s);
nlohmann::json intervalJson(const IntervalReport &r, const RunSpec &spec);
nlohmann::json summaryJson(const RunSummary &s, const RunSpec &spec);

// The wrk-style text summary printed by the standalone CLI.
std::string humanSummary(const RunSummary &s, const RunSpec &spec, int threads);
// One line for ../shared/bench/peers.sh: "PEERS rps=... p50_ms=... p99_ms=... p999_ms=... errors=...
// requests=..."
std::string peersLine(const RunSummary &s);

} // namespace lw::engine
