// libFuzzer target for the engine protocol's command reader: the input is what the controller wrote
// to the engine's stdin, split into lines as the engine splits it; each line is read as a command
// (a start command's spec goes through the run spec reader and validator too), nothing is run.
// Invariants: no crash or exception; every refused command carries an error code and message.

#include "engine/protocolcommand.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using lw::engine::ProtocolCommand;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char *>(data), size);
    size_t begin = 0;
    while (begin <= input.size()) {
        size_t end = input.find('\n', begin);
        if (end == std::string::npos)
            end = input.size();
        ProtocolCommand c = lw::engine::parseCommandLine(input.substr(begin, end - begin));
        const bool refused =
            c.kind == ProtocolCommand::Kind::Malformed || c.kind == ProtocolCommand::Kind::Unknown;
        if (refused && (c.errorCode.empty() || c.errorMessage.empty()))
            std::abort();
        if (c.errorCode.empty() != c.errorMessage.empty())
            std::abort();
        if (c.kind == ProtocolCommand::Kind::Start && c.errorCode.empty()) {
            std::string error;
            (void)lw::engine::validateRunSpec(c.spec, error);
        }
        if (c.heartbeatTimeoutNs < 0)
            std::abort();
        begin = end + 1;
    }
    return 0;
}
