#include "engine/engine.h"
#include "engine/scenarioplan.h"

#include "engine/clock.h"
#include "engine/debugrun.h"
#include "engine/tlscontext.h"
#include "engine/worker.h"
#include "hdr/hdrlog.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <pthread.h>
#include <sys/resource.h>
#include <thread>

namespace lw::engine {

struct Engine::Tls
{
    TlsContext ctx;
};

namespace {
double processCpuSec()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double threadCpuSec(pthread_t t)
{
    clockid_t id;
    timespec ts{};
    if (pthread_getcpuclockid(t, &id) != 0 || clock_gettime(id, &ts) != 0)
        return 0;
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
} // namespace

void raiseFileLimit()
{
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

Engine::Engine(RunSpec spec)
    : m_spec(std::move(spec)), m_plan(std::make_unique<ScenarioPlan>()), m_tls(std::make_unique<Tls>())
{}

Engine::~Engine() = default;

bool Engine::prepare(std::string &error)
{
    if (!validateRunSpec(m_spec, error))
        return false;
    if (!m_requests.prepare(m_spec, error))
        return false;
    if (!m_plan->prepare(m_spec, m_requests, error))
        return false;
    const bool anyTls = std::any_of(m_requests.origins().begin(), m_requests.origins().end(),
                                    [](const Origin &o) { return o.url.tls; });
    // TLS ALPN offers h2 (unless disabled) and http/1.1; the server picks.
    if ((anyTls || m_spec.followRedirects > 0) && !m_tls->ctx.init(m_spec.tlsVerify, m_spec.http2, error))
        return false;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    m_threadCount = m_spec.threads > 0 ? m_spec.threads : cores;
    if (m_spec.debug.enabled)
        m_threadCount = 1;
    if (m_spec.model == LoadModelKind::Open)
        m_threadCount = std::min(m_threadCount, m_spec.maxConnections);
    else {
        double peak = m_spec.startLevel;
        for (const StageSpec &s : m_spec.stages)
            peak = std::max(peak, s.target);
        m_threadCount = std::max(1, std::min(m_threadCount, static_cast<int>(std::lround(peak))));
    }
    raiseFileLimit();
    return true;
}

void Engine::stop()
{
    m_stopRequested.store(true);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_debug)
        m_debug->requestStop();
    for (Worker *w : m_live)
        w->requestStop();
}

void Engine::emergencyStop()
{
    m_emergency.store(true);
    m_stopRequested.store(true);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_debug)
        m_debug->requestStop(); // its sockets wait at most 50 ms before it sees the flag
    for (Worker *w : m_live)
        w->emergencyStop();
}

void Engine::setRate(bool absolute, double value)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (Worker *w : m_live)
        w->setRate(absolute, value);
}

void Engine::collect(std::vector<std::unique_ptr<Worker>> &workers, IntervalStats &into)
{
    into.reset();
    for (auto &w : workers) {
        IntervalStats &s = w->swapStats();
        into.add(s);
        s.reset();
    }
}

void Engine::runDebug(EngineListener &listener)
{
    const size_t ntx = m_plan->transactionNames().size(), nsc = m_plan->scenarios().size(),
                 nck = m_plan->checkNames().size();
    IntervalStats whole(m_spec.requests.size(), ntx, nsc, nck);
    hdr::HdrHistogram total;
    RunSummary summary;
    summary.plan = m_plan.get();
    const int64_t startNs = monotonicNs();
    summary.startMs = wallMs();
    const double cpuStart = processCpuSec();
    DebugRunner runner(m_spec, m_requests, *m_plan, m_tls->ctx.get());
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_debug = &runner;
        if (m_stopRequested.load())
            runner.requestStop();
    }
    listener.started(1, summary.startMs);
    runner.run(
        whole, total, [&](const nlohmann::json &record) { listener.debugStep(record); },
        [&](const std::string &message) {
            summary.warnings.push_back(message);
            listener.warning(message);
        });
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_debug = nullptr;
    }
    const int64_t endNs = monotonicNs();
    summary.endMs = wallMs();
    summary.durationSec = double(endNs - startNs) / 1e9;
    // One interval with everything, so a debug run is stored like any run.
    IntervalReport report;
    report.plan = m_plan.get();
    report.startMs = summary.startMs;
    report.endMs = summary.endMs;
    report.endSec = summary.durationSec;
    report.stats = &whole;
    report.total = &total;
    listener.interval(report);
    summary.intervals = 1;
    summary.stats = &whole;
    summary.total = &total;
    summary.cpuSeconds = processCpuSec() - cpuStart;
    summary.stoppedEarly = m_stopRequested.load();
    summary.emergency = m_emergency.load();
    m_running.store(false);
    listener.finished(summary);
}

void Engine::run(EngineListener &listener)
{
    m_running.store(true);
    if (m_spec.debug.enabled)
        return runDebug(listener);
    const size_t nreq = m_spec.requests.size();
    std::vector<std::unique_ptr<Worker>> workers;
    const int64_t startNs = monotonicNs() + 5'000'000; // time to start the threads
    const int64_t startMs = wallMs() + 5;
    for (int i = 0; i < m_threadCount; ++i) {
        WorkerConfig cfg;
        cfg.spec = &m_spec;
        cfg.requests = &m_requests;
        cfg.plan = m_plan.get();
        cfg.tls = m_tls->ctx.get();
        cfg.index = i;
        cfg.count = m_threadCount;
        cfg.startNs = startNs;
        cfg.maxConnections = (m_spec.maxConnections + m_threadCount - 1 - i) / m_threadCount;
        workers.push_back(std::make_unique<Worker>(cfg));
        std::string error;
        if (!workers.back()->init(error)) {
            listener.warning(error);
            workers.pop_back();
            break;
        }
    }
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto &w : workers) {
            m_live.push_back(w.get());
            threads.emplace_back([p = w.get()] { p->run(); });
            if (m_stopRequested.load()) {
                if (m_emergency.load())
                    w->emergencyStop();
                else
                    w->requestStop();
            }
        }
    }
    listener.started(static_cast<int>(workers.size()), startMs);

    std::ofstream hlogFile;
    std::unique_ptr<hdr::HdrLogWriter> hlog;
    if (!m_spec.hlogPath.empty()) {
        hlogFile.open(m_spec.hlogPath, std::ios::out | std::ios::trunc);
        if (!hlogFile) {
            listener.warning("cannot write the interval log '" + m_spec.hlogPath + "'");
        } else {
            hlog = std::make_unique<hdr::HdrLogWriter>(hlogFile);
            hlog->writeHeader(startMs, startMs);
            hlog->writeComment("loadwright-engine: latency in microseconds from the intended send time");
        }
    }

    const size_t ntx = m_plan->transactionNames().size(), nsc = m_plan->scenarios().size(),
                 nck = m_plan->checkNames().size();
    IntervalStats interval(nreq, ntx, nsc, nck), whole(nreq, ntx, nsc, nck);
    hdr::HdrHistogram intervalTotal, wholeTotal;
    RunSummary summary;
    summary.plan = m_plan.get();
    summary.startMs = startMs;
    const double cpuStart = processCpuSec();
    double cpuPrev = cpuStart;
    std::vector<double> threadCpuPrev(threads.size(), 0);
    int64_t prevNs = startNs;
    int64_t prevMs = startMs;
    int index = 0;
    for (;;) {
        const int64_t due = startNs + static_cast<int64_t>(index + 1) * m_spec.intervalNs;
        bool allDone = false;
        for (;;) {
            allDone =
                std::all_of(workers.begin(), workers.end(), [](const auto &w) { return w->finished(); });
            const int64_t now = monotonicNs();
            if (allDone || now >= due)
                break;
            std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<int64_t>(due - now, 5'000'000)));
        }
        const int64_t nowNs = monotonicNs();
        const int64_t nowMs = wallMs();
        collect(workers, interval);
        for (auto &w : workers) {
            std::string warn = w->takeWarning();
            if (!warn.empty()) {
                if (std::find(summary.warnings.begin(), summary.warnings.end(), warn) ==
                    summary.warnings.end())
                    summary.warnings.push_back(warn);
                listener.warning(warn);
            }
        }
        intervalTotal.reset();
        for (const hdr::HdrHistogram &h : interval.latency)
            intervalTotal.add(h);
        const double wallSec = static_cast<double>(nowNs - prevNs) / 1e9;
        IntervalReport report;
        report.plan = m_plan.get();
        report.index = index;
        report.startMs = prevMs;
        report.endMs = nowMs;
        report.startSec = static_cast<double>(prevNs - startNs) / 1e9;
        report.endSec = static_cast<double>(nowNs - startNs) / 1e9;
        report.stats = &interval;
        report.total = &intervalTotal;
        const double cpuNow = processCpuSec();
        report.engineCpu = wallSec > 0 ? (cpuNow - cpuPrev) / wallSec : 0;
        cpuPrev = cpuNow;
        for (size_t i = 0; i < threads.size(); ++i) {
            const double c = threadCpuSec(threads[i].native_handle());
            if (wallSec > 0.05 && !workers[i]->finished())
                report.busiestThread = std::max(report.busiestThread, (c - threadCpuPrev[i]) / wallSec);
            threadCpuPrev[i] = c;
        }
        report.cpuSaturated = report.busiestThread >= 0.9;
        // A few late sends (thread start-up, one scheduler hiccup) are not a bottleneck; a pattern is.
        report.scheduleLag = interval.lateSends >= 3 && interval.lateSends * 100 > interval.scheduled;
        const bool empty = interval.totalCounts().sent == 0 && interval.totalCounts().completed == 0 &&
                           interval.totalErrors() == 0 && interval.dropped == 0;
        if (!(allDone && empty && index > 0) && wallSec > 0) {
            listener.interval(report);
            summary.cpuSaturatedIntervals += report.cpuSaturated;
            summary.scheduleLagIntervals += report.scheduleLag;
            ++summary.intervals;
            if (hlog) {
                const double rel = static_cast<double>(prevMs - startMs) / 1000.0;
                const double len = static_cast<double>(nowMs - prevMs) / 1000.0;
                hlog->writeInterval(intervalTotal, rel, len);
                for (size_t r = 0; r < nreq; ++r)
                    hlog->writeInterval(interval.latency[r], rel, len, m_spec.requests[r].name);
            }
            whole.add(interval);
            wholeTotal.add(intervalTotal);
        }
        prevNs = nowNs;
        prevMs = nowMs;
        ++index;
        if (allDone)
            break;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_live.clear();
    }
    for (std::thread &t : threads)
        t.join();
    if (hlogFile.is_open())
        hlogFile.flush();
    summary.endMs = wallMs();
    summary.durationSec = static_cast<double>(prevNs - startNs) / 1e9;
    summary.stats = &whole;
    summary.total = &wholeTotal;
    summary.cpuSeconds = processCpuSec() - cpuStart;
    summary.stoppedEarly = m_stopRequested.load();
    summary.emergency = m_emergency.load();
    if (summary.cpuSaturatedIntervals > 0 || summary.scheduleLagIntervals > 0) {
        summary.warnings.push_back(
            "the load generator itself was the bottleneck in " +
            std::to_string(std::max(summary.cpuSaturatedIntervals, summary.scheduleLagIntervals)) + " of " +
            std::to_string(summary.intervals) +
            " intervals (CPU saturated: " + std::to_string(summary.cpuSaturatedIntervals) +
            ", schedule lag: " + std::to_string(summary.scheduleLagIntervals) +
            "); results may understate the server. Use more --threads or a lower rate.");
    }
    m_running.store(false);
    listener.finished(summary);
}

} // namespace lw::engine
