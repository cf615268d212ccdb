#pragma once

// A run's scenarios prepared once before any connection: each step's request split into literal
// segments and variable slots (rendering appends strings, nothing is parsed per request), variables
// numbered, data files read once into shared tables, checks and transactions numbered for the
// interval statistics. Read-only while workers run, except the data cursors (atomics). No Qt.

#include "engine/cookiejar.h"
#include "engine/datatable.h"
#include "engine/requestset.h"
#include "engine/runspec.h"
#include "engine/scenariotemplate.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lw::engine {

struct PreparedStep
{
    int request = 0;      // index in RequestSet / RunSpec::requests: names the step's histogram
    bool dynamic = false; // rendered per send (templates or cookies); else RequestSet's wire is sent
    Template head;        // "METHOD target HTTP/1.1\r\nHost: ...\r\n...headers...\r\n"
    Template body;
    bool lengthHeader = false; // add Content-Length of the rendered body
    bool capture = false;      // keep headers and body (extractions, checks, cookies)
    const StepSpec *spec = nullptr;
    std::vector<int> extractValues; // value index of each extraction
    int firstCheck = 0;             // index of its first check in ScenarioPlan::checkNames()
    int transaction = -1;           // index in transactionNames(), -1 none
    bool transactionStart = false, transactionEnd = false;
};

struct PreparedScenario
{
    std::string name;
    bool cookies = true;
    std::vector<PreparedStep> steps;
    std::vector<int> dataSources; // data sources its steps use (a row is taken per iteration or per VU)
    struct DataValue
    {
        int value;  // index in the VU's values
        int source; // index in data()
        int column;
    };
    std::vector<DataValue> dataValues; // columns its steps use, copied into the values per row
};

// Per data source: the shared table and the cursor for sequential / unique order.
struct SharedData
{
    DataSpec spec;
    DataTable table;
    std::atomic<uint64_t> next{0};
};

class ScenarioPlan
{
public:
    // Reads data files and prepares every step. requests: the prepared RequestSet (origins, static
    // wire). False with error naming the step or file.
    bool prepare(const RunSpec &spec, const RequestSet &requests, std::string &error);

    bool empty() const { return m_scenarios.empty(); }
    const std::vector<PreparedScenario> &scenarios() const { return m_scenarios; }
    // Units chosen per arrival: targets (indices 0..targetCount-1) then scenarios.
    // Returns a target index, or targetCount + scenario index.
    int pick(double u) const;
    size_t targetCount() const { return m_targetCount; }

    size_t valueCount() const { return m_valueNames.size(); }
    int valueIndex(const std::string &name) const;
    const std::vector<std::string> &checkNames() const { return m_checkNames; } // "step/check"
    const std::vector<std::string> &transactionNames() const { return m_transactionNames; }
    std::vector<std::unique_ptr<SharedData>> &data() const { return m_data; }

    // Takes a row of data source d: false when a unique source without recycling ran out.
    bool takeRow(int d, uint64_t &rngState, size_t &row) const;

private:
    size_t m_targetCount = 0;
    std::vector<PreparedScenario> m_scenarios;
    std::vector<double> m_cumulative;
    std::vector<std::string> m_valueNames;
    std::vector<std::string> m_checkNames;
    std::vector<std::string> m_transactionNames;
    mutable std::vector<std::unique_ptr<SharedData>> m_data;
};

// Splits a captured header block (status line + header lines) into name/value pairs.
void splitHeaders(const std::string &block, std::vector<std::pair<std::string, std::string>> &out);

} // namespace lw::engine
