#pragma once

// Scenarios in the run spec (PROTOCOL.md, "Scenarios"): what the controller asks for, before
// preparation. Plain C++, no Qt.

#include "engine/datatable.h"
#include "engine/scenariostep.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lw::engine {

struct StepSpec
{
    std::string name;
    std::string method = "GET";
    std::string url;                                          // may hold {{var}} after the origin
    std::vector<std::pair<std::string, std::string>> headers; // values may hold {{var}}
    std::string body;                                         // may hold {{var}}
    std::vector<Extraction> extract;                          // compiled
    std::vector<Check> checks;                                // compiled
    int64_t thinkNs = 0;
    bool endOnFailure = true;
    std::string transaction; // "" = none
};

struct ScenarioSpec
{
    std::string name;
    double weight = 1;
    bool cookies = true;
    std::vector<StepSpec> steps;
};

enum class DataOrderKind
{
    Sequential,
    Random,
    Unique
};

struct DataSpec
{
    std::string name;
    std::string path; // absolute, read once at start
    DataFormat format = DataFormat::Csv;
    DataOrderKind order = DataOrderKind::Sequential;
    bool recycle = true; // unique rows: start over when they run out (false: stop the iterations)
    bool perVu = false;  // one row for the virtual user's life
};

// Reads "scenarios" and "data" of a run spec object into scenarios/data (compiling extractions and
// checks). False with error naming the field.
bool parseScenarioSpecs(const nlohmann::json &j, std::vector<ScenarioSpec> &scenarios,
                        std::vector<DataSpec> &data, std::string &error);

// The URL with every {{...}} replaced by "x": what the origin and allow-list checks parse.
std::string urlForParsing(const std::string &url);

} // namespace lw::engine
