#pragma once

#include "engine/runspec.h"

#include <string>
#include <vector>

namespace lw::engine {

// The standalone command line of loadwright-engine.
struct CliOptions
{
    RunSpec spec;
    bool protocol = false;
    bool json = false;
    bool peers = false;    // print a "PEERS ..." line for ../shared/bench/peers.sh
    bool progress = false; // one line per interval on stderr
    bool help = false;
    bool version = false;
};

// Parses argv (without argv[0]). Returns false with a one-line message naming the bad option.
bool parseCommandLine(const std::vector<std::string> &args, CliOptions &out, std::string &error);
std::string usageText();

} // namespace lw::engine
