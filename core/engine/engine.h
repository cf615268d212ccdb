#pragma once

#include "engine/intervalstats.h"
#include "engine/requestset.h"
#include "engine/runspec.h"
#include "hdr/hdrhistogram.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lw::engine {

class Worker;
class DebugRunner;

class ScenarioPlan;

// One reporting interval, merged over all workers.
struct IntervalReport
{
    const ScenarioPlan *plan = nullptr; // names of transactions, scenarios and checks
    int index = 0;
    int64_t startMs = 0, endMs = 0;  // wall clock, ms since the Unix epoch
    double startSec = 0, endSec = 0; // relative to the run start
    const IntervalStats *stats = nullptr;
    const hdr::HdrHistogram *total = nullptr; // all requests
    double engineCpu = 0;                     // engine CPU over wall time, in cores
    double busiestThread = 0;                 // highest worker-thread CPU share (0..1)
    bool cpuSaturated = false;                // a worker thread was busy >= 90% of the interval
    bool scheduleLag = false;                 // > 1% of sends started later than the lag threshold
};

struct RunSummary
{
    const ScenarioPlan *plan = nullptr;
    double durationSec = 0;
    int64_t startMs = 0, endMs = 0;
    const IntervalStats *stats = nullptr; // whole run
    const hdr::HdrHistogram *total = nullptr;
    int intervals = 0;
    int cpuSaturatedIntervals = 0;
    int scheduleLagIntervals = 0;
    double cpuSeconds = 0; // engine user+sys CPU during the run
    bool stoppedEarly = false;
    bool emergency = false;
    std::vector<std::string> warnings;
};

// Receives the engine's events on the engine's collector thread.
class EngineListener
{
public:
    virtual ~EngineListener() = default;
    virtual void started(int threads, int64_t startMs) = 0;
    virtual void interval(const IntervalReport &report) = 0;
    virtual void warning(const std::string &message) = 0;
    virtual void finished(const RunSummary &summary) = 0;
    // Debug runs only: one record per step (PROTOCOL.md, "Debug runs").
    virtual void debugStep(const nlohmann::json &record) { (void)record; }
};

// Runs one load test: N worker threads plus a collector (the calling thread of run()) that merges
// the per-worker histograms every interval. stop()/emergencyStop()/setRate() are thread-safe.
class Engine
{
public:
    explicit Engine(RunSpec spec);
    ~Engine();

    // Resolves and allow-checks every host, prepares TLS; false with a message naming the problem.
    bool prepare(std::string &error);
    // Blocks until the run ends; events go to listener. prepare() must have succeeded.
    void run(EngineListener &listener);

    void stop();          // graceful
    void emergencyStop(); // sockets closed within milliseconds
    void setRate(bool absolute, double value);
    bool running() const { return m_running.load(); }
    const RunSpec &spec() const { return m_spec; }
    int threads() const { return m_threadCount; }

private:
    void collect(std::vector<std::unique_ptr<Worker>> &workers, IntervalStats &into);
    void runDebug(EngineListener &listener); // spec.debug: sequential iterations, a record per step

    RunSpec m_spec;
    RequestSet m_requests;
    std::unique_ptr<ScenarioPlan> m_plan;
    struct Tls;
    std::unique_ptr<Tls> m_tls;
    int m_threadCount = 1;
    std::mutex m_mutex;
    std::vector<Worker *> m_live;
    DebugRunner *m_debug = nullptr; // while a debug run runs (under m_mutex)
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_emergency{false};
};

// Raises the soft open-files limit to the hard one (many connections need many descriptors).
void raiseFileLimit();

} // namespace lw::engine
