#pragma once

#include <cstdint>
#include <ctime>

namespace lw::engine {

// CLOCK_MONOTONIC in nanoseconds (vDSO, no syscall).
inline int64_t monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Wall clock in milliseconds since the Unix epoch (for timestamps in events and .hlog files).
inline int64_t wallMs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

} // namespace lw::engine
