#pragma once

// Debug runs (PROTOCOL.md, "Debug runs"): a few iterations sent one after the other, each by a fresh
// virtual user with its own connection and cookie jar, through the same prepared steps, templates,
// extractions, checks, cookie jar and allow-listed addresses as a load run. For every step a detail
// record (the `debug_step` event) says what was sent, what came back, what was extracted and checked.
// Runs on the engine's runner thread; requestStop() is thread-safe. No Qt.

#include "engine/intervalstats.h"
#include "engine/requestset.h"
#include "engine/runspec.h"
#include "engine/scenarioplan.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace lw::engine {

// The version of the debug_step record (bumped on incompatible changes of its fields).
constexpr int kDebugRecordVersion = 1;

class DebugRunner
{
public:
    using StepSink = std::function<void(const nlohmann::json &record)>;
    using WarningSink = std::function<void(const std::string &message)>;

    DebugRunner(const RunSpec &spec, const RequestSet &requests, const ScenarioPlan &plan, SSL_CTX *tls);
    ~DebugRunner();
    DebugRunner(const DebugRunner &) = delete;
    DebugRunner &operator=(const DebugRunner &) = delete;

    // Runs every planned iteration (or until stopped or the time limit), counting into stats (sized
    // for the run's requests, transactions, scenarios and checks); latencies go into total too.
    void run(IntervalStats &stats, hdr::HdrHistogram &total, const StepSink &step, const WarningSink &warn);
    void requestStop() { m_stop.store(true); }
    bool stopped() const { return m_stop.load(); }

    // What the run will send: (scenario index or -1 - target index, data row or -1) per iteration.
    struct Unit
    {
        int scenario = -1; // >= 0 scenario; < 0: plain target -1 - scenario
        int64_t row = -1;  // rows mode: the row every data source of the scenario gives
    };
    static std::vector<Unit> planUnits(const RunSpec &spec, const ScenarioPlan &plan);

private:
    struct Conn;
    struct Exchange;
    bool exchange(Conn &conn, int origin, const std::string &wire, bool head, Exchange &out);
    void closeConn(Conn &conn);

    const RunSpec &m_spec;
    const RequestSet &m_requests;
    const ScenarioPlan &m_plan;
    SSL_CTX *m_tls;
    std::atomic<bool> m_stop{false};
    int64_t m_deadlineNs = 0;
};

} // namespace lw::engine
