#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace lw::target {

// How long the target waits before answering: a fixed delay or a random one from a distribution.
struct LatencyModel
{
    enum class Kind
    {
        Fixed,
        Uniform,
        Exponential,
        Normal
    };
    Kind kind = Kind::Fixed;
    int64_t aNs = 0; // fixed value, uniform low, exponential mean, normal mean
    int64_t bNs = 0; // uniform high, normal standard deviation

    int64_t sampleNs(std::mt19937_64 &rng) const;
    std::string describe() const;
};

struct TargetOptions
{
    std::string host = "127.0.0.1";
    int port = 0;
    int threads = 1;
    LatencyModel latency;
    double errorRate = 0.0;
    int64_t bodySize = 100;
    // Answers a connection may have queued but not yet written before the target stops reading
    // and answering it until the client catches up.
    int64_t writeBacklog = 4 * 1024 * 1024;
    int64_t stallNs = 0;
    int64_t stallEveryNs = 0;
    uint64_t seed = 0;
    bool seedGiven = false;
    int64_t maxRequests = 0;       // 0 = unlimited
    int64_t durationNs = 0;        // 0 = until SIGTERM/SIGINT
    bool resetConnections = false; // close every accepted connection at once with a TCP reset
    bool help = false;
};

// Parses "250us", "2ms", "1.5s", "2m" (a unit is required, except for a bare 0) into nanoseconds.
std::optional<int64_t> parseDurationNs(std::string_view text);
// Parses "2ms", "uniform:1ms-5ms", "exp:2ms", "normal:10ms,2ms".
std::optional<LatencyModel> parseLatency(std::string_view text, std::string *error);
// Parses the command line; on failure returns nullopt and a message naming the bad argument.
std::optional<TargetOptions> parseTargetOptions(int argc, char **argv, std::string *error);
// True for 127.0.0.0/8, ::1 and "localhost".
bool isLoopbackHost(const std::string &host);
const char *targetUsage();

} // namespace lw::target
