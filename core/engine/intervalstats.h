#pragma once

#include "hdr/hdrhistogram.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lw::engine {

// Error classes as reported in intervals and summaries. HTTP statuses are counted separately.
enum class ErrorClass : uint8_t
{
    Connect,
    Timeout,
    Tls,
    Protocol,
    Extract, // a scenario step's extraction found no value
    Check,   // a scenario step's check failed
    Count
};
const char *errorClassName(ErrorClass c);

// Counts of one named request (or the total) during an interval.
struct RequestCounts
{
    uint64_t sent = 0;
    uint64_t completed = 0; // responses received (any status)
    uint64_t errors = 0;    // all classes, HTTP error statuses included

    void add(const RequestCounts &o)
    {
        sent += o.sent;
        completed += o.completed;
        errors += o.errors;
    }
};

// What one worker (or, merged, the whole engine) saw during an interval. Fixed memory: the histograms
// and arrays are sized at construction and only reset afterwards.
// Scenario iterations of one scenario during an interval.
struct IterationCounts
{
    uint64_t started = 0;
    uint64_t completed = 0; // ran every step
    uint64_t failed = 0;    // ended early by a failed step (on_failure end_iteration, or no data row)
};

struct IntervalStats
{
    explicit IntervalStats(size_t requestCount = 1, size_t transactionCount = 0, size_t scenarioCount = 0,
                           size_t checkCount = 0);

    // Scenarios: durations in microseconds (iterations from the intended start), counts per check.
    std::vector<hdr::HdrHistogram> transactions;
    std::vector<hdr::HdrHistogram> iterations; // per scenario, completed iterations only
    std::vector<IterationCounts> iterationCounts;
    std::vector<uint64_t> checkPasses, checkFails;

    std::vector<hdr::HdrHistogram> latency; // per request, microseconds from the intended send time
    std::vector<RequestCounts> counts;      // per request
    std::array<uint64_t, static_cast<size_t>(ErrorClass::Count)> errors{};
    std::array<uint64_t, 600> statuses{};   // responses by status code (100..599 used)
    std::array<uint64_t, 600> httpErrors{}; // responses counted as errors, by status code
    uint64_t dropped = 0;   // open model: sends that could not start (no connection, queue bound)
    uint64_t scheduled = 0; // open model: sends due by the schedule
    uint64_t lateSends = 0; // sends started later than the lag threshold with a free connection
    int64_t maxLagNs = 0;
    uint64_t bytesRead = 0;
    uint64_t connectionsOpened = 0;
    int activeConnections = 0; // snapshot at the end of the interval
    int activeVus = 0;

    void reset();
    void add(const IntervalStats &o);
    RequestCounts totalCounts() const;
    uint64_t totalErrors() const;
};

} // namespace lw::engine
