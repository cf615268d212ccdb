#include "engine/report.h"
#include "engine/scenarioplan.h"

#include "engine/url.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lw::engine {

nlohmann::json latencyJson(const hdr::HdrHistogram &h)
{
    return nlohmann::json{{"p50", h.valueAtPercentile(50)},
                          {"p90", h.valueAtPercentile(90)},
                          {"p99", h.valueAtPercentile(99)},
                          {"p999", h.valueAtPercentile(99.9)},
                          {"p9999", h.valueAtPercentile(99.99)},
                          {"max", h.max()},
                          {"min", h.min()},
                          {"mean", h.mean()},
                          {"stddev", h.stddev()},
                          {"count", h.totalCount()}};
}

nlohmann::json errorsByClassJson(const IntervalStats &s)
{
    nlohmann::json e = nlohmann::json::object();
    for (size_t c = 0; c < s.errors.size(); ++c)
        e[errorClassName(static_cast<ErrorClass>(c))] = s.errors[c];
    for (size_t st = 0; st < s.httpErrors.size(); ++st) {
        if (s.httpErrors[st] > 0)
            e["http_" + std::to_string(st)] = s.httpErrors[st];
    }
    return e;
}

namespace {
nlohmann::json statusesJson(const IntervalStats &s)
{
    nlohmann::json j = nlohmann::json::object();
    for (size_t st = 0; st < s.statuses.size(); ++st) {
        if (s.statuses[st] > 0)
            j[std::to_string(st)] = s.statuses[st];
    }
    return j;
}

nlohmann::json perRequestJson(const IntervalStats &s, const RunSpec &spec, bool withLatency)
{
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < s.counts.size(); ++i) {
        nlohmann::json r{{"name", spec.requests[i].name},
                         {"sent", s.counts[i].sent},
                         {"completed", s.counts[i].completed},
                         {"errors", s.counts[i].errors},
                         {"histogram", s.latency[i].encodeCompressed()}};
        if (withLatency)
            r["latency_us"] = latencyJson(s.latency[i]);
        list.push_back(std::move(r));
    }
    return list;
}
} // namespace

// Scenario statistics: iterations per scenario, transactions and checks (names from the plan).
static nlohmann::json scenariosJson(const IntervalStats &s, const ScenarioPlan &plan, bool withLatency)
{
    nlohmann::json iterations = nlohmann::json::array();
    for (size_t i = 0; i < plan.scenarios().size(); ++i) {
        nlohmann::json it{{"name", plan.scenarios()[i].name},
                          {"started", s.iterationCounts[i].started},
                          {"completed", s.iterationCounts[i].completed},
                          {"failed", s.iterationCounts[i].failed},
                          {"histogram", s.iterations[i].encodeCompressed()}};
        if (withLatency)
            it["duration_us"] = latencyJson(s.iterations[i]);
        iterations.push_back(std::move(it));
    }
    nlohmann::json transactions = nlohmann::json::array();
    for (size_t i = 0; i < plan.transactionNames().size(); ++i) {
        nlohmann::json t{{"name", plan.transactionNames()[i]},
                         {"count", s.transactions[i].totalCount()},
                         {"histogram", s.transactions[i].encodeCompressed()}};
        if (withLatency)
            t["duration_us"] = latencyJson(s.transactions[i]);
        transactions.push_back(std::move(t));
    }
    nlohmann::json checks = nlohmann::json::array();
    for (size_t i = 0; i < plan.checkNames().size(); ++i)
        checks.push_back(
            {{"name", plan.checkNames()[i]}, {"passes", s.checkPasses[i]}, {"fails", s.checkFails[i]}});
    return {{"iterations", iterations}, {"transactions", transactions}, {"checks", checks}};
}

nlohmann::json intervalJson(const IntervalReport &r, const RunSpec &spec)
{
    const IntervalStats &s = *r.stats;
    const RequestCounts t = s.totalCounts();
    nlohmann::json j{
        {"event", "interval"},
        {"index", r.index},
        {"start_ms", r.startMs},
        {"end_ms", r.endMs},
        {"start_s", r.startSec},
        {"end_s", r.endSec},
        {"sent", t.sent},
        {"completed", t.completed},
        {"errors", t.errors},
        {"errors_by_class", errorsByClassJson(s)},
        {"statuses", statusesJson(s)},
        {"dropped", s.dropped},
        {"scheduled", s.scheduled},
        {"connections", s.activeConnections},
        {"connections_opened", s.connectionsOpened},
        {"vus", s.activeVus},
        {"bytes_read", s.bytesRead},
        {"bottleneck",
         {{"cpu", r.cpuSaturated},
          {"schedule_lag", r.scheduleLag},
          {"engine_cpu", r.engineCpu},
          {"busiest_thread", r.busiestThread},
          {"late_sends", s.lateSends},
          {"max_lag_us", s.maxLagNs / 1000}}},
        {"latency_us", latencyJson(*r.total)},
        {"histogram", r.total->encodeCompressed()},
        {"requests", perRequestJson(s, spec, false)},
    };
    if (r.plan && !r.plan->empty())
        j["scenarios"] = scenariosJson(s, *r.plan, false);
    return j;
}

nlohmann::json summaryJson(const RunSummary &s, const RunSpec &spec)
{
    const IntervalStats &w = *s.stats;
    const RequestCounts t = w.totalCounts();
    const double rps = s.durationSec > 0 ? static_cast<double>(t.completed) / s.durationSec : 0;
    nlohmann::json j{
        {"event", "summary"},
        {"requests", t.completed},
        {"sent", t.sent},
        {"errors", t.errors},
        {"errors_by_class", errorsByClassJson(w)},
        {"statuses", statusesJson(w)},
        {"dropped", w.dropped},
        {"scheduled", w.scheduled},
        {"duration_s", s.durationSec},
        {"start_ms", s.startMs},
        {"end_ms", s.endMs},
        {"rps", rps},
        {"bytes_read", w.bytesRead},
        {"connections_opened", w.connectionsOpened},
        {"latency_us", latencyJson(*s.total)},
        {"histogram", s.total->encodeCompressed()},
        {"per_request", perRequestJson(w, spec, true)},
        {"intervals", s.intervals},
        {"bottleneck",
         {{"cpu_intervals", s.cpuSaturatedIntervals},
          {"schedule_lag_intervals", s.scheduleLagIntervals},
          {"max_lag_us", w.maxLagNs / 1000},
          {"late_sends", w.lateSends}}},
        {"cpu_s", s.cpuSeconds},
        {"cpu_us_per_request", t.completed > 0 ? s.cpuSeconds * 1e6 / static_cast<double>(t.completed) : 0.0},
        {"stopped_early", s.stoppedEarly},
        {"emergency", s.emergency},
        {"warnings", s.warnings},
    };
    if (s.plan && !s.plan->empty())
        j["scenarios"] = scenariosJson(w, *s.plan, true);
    return j;
}

namespace {
std::string fmtUs(int64_t us)
{
    char buf[32];
    if (us < 1000)
        std::snprintf(buf, sizeof buf, "%lldus", static_cast<long long>(us));
    else if (us < 1'000'000)
        std::snprintf(buf, sizeof buf, "%.2fms", static_cast<double>(us) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.2fs", static_cast<double>(us) / 1e6);
    return buf;
}

std::string fmtBytes(uint64_t b)
{
    char buf[32];
    const double v = static_cast<double>(b);
    if (b < 1024)
        std::snprintf(buf, sizeof buf, "%lluB", static_cast<unsigned long long>(b));
    else if (b < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.2fKB", v / 1024);
    else if (b < 1024ull * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.2fMB", v / 1048576);
    else
        std::snprintf(buf, sizeof buf, "%.2fGB", v / 1073741824);
    return buf;
}
} // namespace

std::string humanSummary(const RunSummary &s, const RunSpec &spec, int threads)
{
    const IntervalStats &w = *s.stats;
    const hdr::HdrHistogram &h = *s.total;
    const RequestCounts t = w.totalCounts();
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "Run of %.2fs @ %s%s\n", s.durationSec,
                  spec.requests.front().url.c_str(), spec.requests.size() > 1 ? " (and more)" : "");
    out += line;
    double peak = spec.startLevel;
    for (const StageSpec &st : spec.stages)
        peak = std::max(peak, st.target);
    const char *shape = spec.stages.size() > 1 ? "staged, peak" : "constant";
    if (spec.model == LoadModelKind::Open)
        std::snprintf(line, sizeof line, "  %d threads, open model (%s %.0f req/s), up to %d connections\n",
                      threads, shape, peak, spec.maxConnections);
    else
        std::snprintf(line, sizeof line,
                      "  %d threads, closed model (%s %.0f virtual users, one connection each)\n", threads,
                      shape, peak);
    out += line;
    out += "  Latency (from the intended send time)\n";
    std::snprintf(line, sizeof line, "    %10s %10s %10s %10s %10s %10s\n", "p50", "p90", "p99", "p99.9",
                  "p99.99", "max");
    out += line;
    std::snprintf(line, sizeof line, "    %10s %10s %10s %10s %10s %10s\n",
                  fmtUs(h.valueAtPercentile(50)).c_str(), fmtUs(h.valueAtPercentile(90)).c_str(),
                  fmtUs(h.valueAtPercentile(99)).c_str(), fmtUs(h.valueAtPercentile(99.9)).c_str(),
                  fmtUs(h.valueAtPercentile(99.99)).c_str(), fmtUs(h.max()).c_str());
    out += line;
    std::snprintf(line, sizeof line, "    mean %s, stdev %s, min %s\n",
                  fmtUs(static_cast<int64_t>(h.mean())).c_str(),
                  fmtUs(static_cast<int64_t>(h.stddev())).c_str(), fmtUs(h.min()).c_str());
    out += line;
    if (spec.requests.size() > 1) {
        for (size_t i = 0; i < w.counts.size(); ++i) {
            std::snprintf(line, sizeof line, "    %-24s %8llu req  p50 %s  p99 %s  errors %llu\n",
                          spec.requests[i].name.c_str(),
                          static_cast<unsigned long long>(w.counts[i].completed),
                          fmtUs(w.latency[i].valueAtPercentile(50)).c_str(),
                          fmtUs(w.latency[i].valueAtPercentile(99)).c_str(),
                          static_cast<unsigned long long>(w.counts[i].errors));
            out += line;
        }
    }
    std::snprintf(line, sizeof line, "  %llu requests in %.2fs, %s read\n",
                  static_cast<unsigned long long>(t.completed), s.durationSec, fmtBytes(w.bytesRead).c_str());
    out += line;
    std::snprintf(line, sizeof line, "Requests/sec: %10.2f\n",
                  s.durationSec > 0 ? static_cast<double>(t.completed) / s.durationSec : 0);
    out += line;
    if (t.errors > 0) {
        out += "Errors: " + std::to_string(t.errors) + " (";
        bool first = true;
        const nlohmann::json e = errorsByClassJson(w);
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (it.value().get<uint64_t>() == 0)
                continue;
            out += (first ? "" : ", ") + it.key() + " " + std::to_string(it.value().get<uint64_t>());
            first = false;
        }
        out += ")\n";
    } else {
        out += "Errors: 0\n";
    }
    if (spec.model == LoadModelKind::Open) {
        std::snprintf(
            line, sizeof line, "Dropped: %llu of %llu scheduled sends (no free connection in time)\n",
            static_cast<unsigned long long>(w.dropped), static_cast<unsigned long long>(w.scheduled));
        out += line;
    }
    std::snprintf(line, sizeof line, "Engine CPU: %.2fs (%.1fus per request)\n", s.cpuSeconds,
                  t.completed ? s.cpuSeconds * 1e6 / static_cast<double>(t.completed) : 0.0);
    out += line;
    for (const std::string &warn : s.warnings)
        out += "WARNING: " + warn + "\n";
    return out;
}

std::string peersLine(const RunSummary &s)
{
    const RequestCounts t = s.stats->totalCounts();
    char line[256];
    std::snprintf(line, sizeof line,
                  "PEERS rps=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f errors=%llu requests=%llu",
                  s.durationSec > 0 ? static_cast<double>(t.completed) / s.durationSec : 0,
                  static_cast<double>(s.total->valueAtPercentile(50)) / 1e3,
                  static_cast<double>(s.total->valueAtPercentile(99)) / 1e3,
                  static_cast<double>(s.total->valueAtPercentile(99.9)) / 1e3,
                  static_cast<unsigned long long>(t.errors), static_cast<unsigned long long>(t.completed));
    return line;
}

} // namespace lw::engine
