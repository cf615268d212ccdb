#pragma once

#include "engine/allowlist.h"
#include "engine/scenariospec.h"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

namespace lw::engine {

// One request of a run, chosen by weight.
struct RequestSpec
{
    std::string name; // unique; names the per-request histograms (defaults to "METHOD path")
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    double weight = 1.0;
    int expectStatus = 0; // 0: 4xx/5xx are errors; otherwise any other status is an error
};

enum class LoadModelKind
{
    Open,
    Closed
};

// A stage ramps from the previous level to target over duration (Linear), or jumps to target and
// holds it (Step). target is requests/s (open) or virtual users (closed).
struct StageSpec
{
    int64_t durationNs = 0;
    double target = 0;
    bool step = false;
};

// Debug mode (PROTOCOL.md, "Debug runs"): a few iterations sent one after the other, each by a fresh
// virtual user, with a detail record per step instead of a load profile.
struct DebugSpec
{
    static constexpr int kMaxIterations = 10;
    static constexpr int kMaxRows = 10;
    bool enabled = false;
    int iterations = 1;          // rounds: each round runs the chosen scenario (or each one) once
    int rows = 0;                // > 0: one iteration per data row, rows 0 .. rows-1 (replaces iterations)
    std::string scenario;        // "" = every scenario
    bool applyThinkTime = false; // think times are skipped unless asked for
    size_t bodyCap = 64 * 1024;  // bytes of a request or response body kept in a record
    int64_t timeLimitNs = 120'000'000'000; // the whole debug run
};

struct RunSpec
{
    // The plain requests (targets) first, then one request per scenario step (weight 0: steps are sent
    // by their scenario, never chosen on their own). targetCount says where the steps begin.
    std::vector<RequestSpec> requests;
    size_t targetCount = 0;
    std::vector<ScenarioSpec> scenarios;
    std::vector<DataSpec> data;
    LoadModelKind model = LoadModelKind::Open;
    double startLevel = 0; // level before the first stage (rate or VUs)
    std::vector<StageSpec> stages;
    int maxConnections = 1024; // open model: connection ceiling over all threads
    int threads = 0;           // 0: one per core
    int64_t timeoutNs = 10'000'000'000;
    int64_t intervalNs = 1'000'000'000;
    int64_t thinkMinNs = 0, thinkMaxNs = 0; // closed model pause, uniform in [min, max]
    double rateCap = 0;                     // 0: none; requests/s over all threads
    int maxQueue = 0;                       // open model backlog bound (0: 4 x maxConnections)
    int64_t gracefulStopNs = -1;            // -1: the request timeout
    int64_t lagThresholdNs = 10'000'000;    // schedule lag that counts as "engine is late"
    int followRedirects = 0;
    bool tlsVerify = true;
    bool http2 = true; // offer h2 in TLS ALPN
    std::string hlogPath;
    AllowList allow;
    DebugSpec debug;

    int64_t totalDurationNs() const;
};

// Parses durations such as "250us", "20ms", "1.5s", "2m", "1h30m"; a bare number means seconds.
bool parseDuration(const std::string &text, int64_t &ns, std::string &error);
std::string formatDuration(int64_t ns);

// Builds a RunSpec from the protocol's `start` spec (PROTOCOL.md). Returns false with a message naming
// the offending field on any problem.
bool runSpecFromJson(const nlohmann::json &j, RunSpec &spec, std::string &error);
// Checks cross-field rules (at least one request, valid URLs, positive durations...).
bool validateRunSpec(RunSpec &spec, std::string &error);

} // namespace lw::engine
