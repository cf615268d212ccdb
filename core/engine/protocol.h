#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace lw::engine {

// The JSON-lines control protocol of `loadwright-engine --protocol` (documented in PROTOCOL.md).
// Reads commands from inFd, writes events to outFd, enforces the dead-man switch. Returns the exit
// status: 0 after a finished or stopped run, 3 when the dead-man switch fired, 2 when no run started.
struct ProtocolOptions
{
    int inFd = 0;
    int outFd = 1;
    int64_t heartbeatTimeoutNs = 3'000'000'000; // three missed one-second heartbeats
    bool watchParent = true;                    // PR_SET_PDEATHSIG + getppid() check
};
int runProtocol(const ProtocolOptions &options);

// The hello event (version, protocol version, capabilities).
nlohmann::json helloEvent();

} // namespace lw::engine
