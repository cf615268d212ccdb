#pragma once

#include "engine/runspec.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::engine {

// One command line from the controller (PROTOCOL.md), read and checked without acting on it: the
// engine's protocol loop decides what the command means in its current state.
struct ProtocolCommand
{
    enum class Kind
    {
        Blank,     // an empty or whitespace-only line: ignored
        Malformed, // not a JSON object, or no string "cmd"
        Unknown,   // a "cmd" this engine does not know
        Heartbeat,
        Start,
        Stop,
        EmergencyStop,
        SetRate
    };
    Kind kind = Kind::Blank;
    std::string name;               // the "cmd" value
    nlohmann::json id;              // echoed in the error event the command causes (null when absent)
    RunSpec spec;                   // Start: the parsed spec (when errorCode is empty)
    int64_t heartbeatTimeoutNs = 0; // Start: the heartbeat_timeout the spec asks for, 0 for the default
    bool absoluteRate = false;      // SetRate: "rate" (absolute) rather than "scale" (factor)
    double rate = 0;                // SetRate: the rate or the factor
    // Why the command cannot be carried out as sent (the error event's code and message); empty when
    // it is well-formed.
    std::string errorCode;
    std::string errorMessage;
};

// Reads one line (without its '\n'). Never throws, whatever the bytes.
ProtocolCommand parseCommandLine(const std::string &line);

} // namespace lw::engine
