#include "engine/runspec.h"

#include "engine/url.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

namespace lw::engine {

int64_t RunSpec::totalDurationNs() const
{
    int64_t total = 0;
    for (const StageSpec &s : stages)
        total += s.durationNs;
    return total;
}

bool parseDuration(const std::string &text, int64_t &ns, std::string &error)
{
    const std::string bad = "invalid duration '" + text + "' (use e.g. 500ms, 30s, 2m, 1h30m)";
    if (text.empty()) {
        error = bad;
        return false;
    }
    double total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        const char *begin = text.c_str() + i;
        char *end = nullptr;
        const double v = std::strtod(begin, &end);
        if (end == begin || v < 0 || !std::isfinite(v) || *begin == '+' || *begin == '-') {
            error = bad;
            return false;
        }
        i += static_cast<size_t>(end - begin);
        size_t u = i;
        while (u < text.size() && std::isalpha(static_cast<unsigned char>(text[u])))
            ++u;
        const std::string unit = text.substr(i, u - i);
        double scale = 0;
        if (unit.empty() && !any && u == text.size())
            scale = 1e9;
        else if (unit == "ns")
            scale = 1;
        else if (unit == "us" || unit == "µs")
            scale = 1e3;
        else if (unit == "ms")
            scale = 1e6;
        else if (unit == "s")
            scale = 1e9;
        else if (unit == "m")
            scale = 60e9;
        else if (unit == "h")
            scale = 3600e9;
        if (scale == 0) {
            error = bad;
            return false;
        }
        total += v * scale;
        any = true;
        i = u;
    }
    if (total > 9.2e18) {
        error = bad;
        return false;
    }
    ns = static_cast<int64_t>(std::llround(total));
    return true;
}

std::string formatDuration(int64_t ns)
{
    char buf[64];
    const double v = static_cast<double>(ns);
    if (ns < 1'000'000)
        std::snprintf(buf, sizeof buf, "%.2fus", v / 1e3);
    else if (ns < 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.2fms", v / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%.2fs", v / 1e9);
    return buf;
}

namespace {

bool durationField(const nlohmann::json &j, const char *key, int64_t &ns, std::string &error)
{
    if (!j.contains(key))
        return true;
    const nlohmann::json &v = j.at(key);
    std::string err;
    if (v.is_number()) {
        const double s = v.get<double>();
        if (s < 0 || !std::isfinite(s) || s > 9e9) {
            error = std::string("'") + key + "' must be a non-negative number of seconds";
            return false;
        }
        ns = static_cast<int64_t>(std::llround(s * 1e9));
        return true;
    }
    if (!v.is_string() || !parseDuration(v.get<std::string>(), ns, err)) {
        error = std::string("'") + key + "': " + (err.empty() ? "must be a duration string or seconds" : err);
        return false;
    }
    return true;
}

template <class T>
bool numberField(const nlohmann::json &j, const char *key, T &out, double lo, double hi, std::string &error)
{
    if (!j.contains(key))
        return true;
    const nlohmann::json &v = j.at(key);
    if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi || !std::isfinite(v.get<double>())) {
        error = std::string("'") + key + "' must be a number from " + std::to_string(lo) + " to " +
                std::to_string(hi);
        return false;
    }
    out = static_cast<T>(v.get<double>());
    return true;
}

bool stringField(const nlohmann::json &j, const char *key, std::string &out, std::string &error)
{
    if (!j.contains(key))
        return true;
    if (!j.at(key).is_string()) {
        error = std::string("'") + key + "' must be a string";
        return false;
    }
    out = j.at(key).get<std::string>();
    return true;
}

bool parseRequest(const nlohmann::json &r, size_t index, RequestSpec &req, std::string &error)
{
    const std::string where = "requests[" + std::to_string(index) + "]";
    if (!r.is_object()) {
        error = where + " must be an object";
        return false;
    }
    std::string e;
    if (!stringField(r, "name", req.name, e) || !stringField(r, "method", req.method, e) ||
        !stringField(r, "url", req.url, e) || !stringField(r, "body", req.body, e) ||
        !numberField(r, "weight", req.weight, 0, 1e9, e) ||
        !numberField(r, "expect_status", req.expectStatus, 0, 999, e)) {
        error = where + ": " + e;
        return false;
    }
    if (r.contains("headers")) {
        const nlohmann::json &h = r.at("headers");
        if (h.is_object()) {
            for (auto it = h.begin(); it != h.end(); ++it) {
                if (!it.value().is_string()) {
                    error = where + ": header '" + it.key() + "' must have a string value";
                    return false;
                }
                req.headers.emplace_back(it.key(), it.value().get<std::string>());
            }
        } else if (h.is_array()) {
            for (const nlohmann::json &pair : h) {
                if (pair.is_object() && pair.contains("name") && pair.contains("value") &&
                    pair["name"].is_string() && pair["value"].is_string()) {
                    req.headers.emplace_back(pair["name"].get<std::string>(),
                                             pair["value"].get<std::string>());
                } else if (pair.is_array() && pair.size() == 2 && pair[0].is_string() &&
                           pair[1].is_string()) {
                    req.headers.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
                } else {
                    error = where + ": headers must be {\"name\":\"value\"} or a list of {name, value}";
                    return false;
                }
            }
        } else {
            error = where + ": headers must be an object or a list";
            return false;
        }
    }
    return true;
}

bool parseDebug(const nlohmann::json &j, RunSpec &spec, std::string &error)
{
    if (!j.contains("debug") || j["debug"].is_null())
        return true;
    const nlohmann::json &d = j["debug"];
    if (!d.is_object()) {
        error = "'debug' must be an object";
        return false;
    }
    DebugSpec &dbg = spec.debug;
    dbg.enabled = true;
    std::string think = "skip";
    double cap = double(dbg.bodyCap);
    std::string e;
    if (!numberField(d, "iterations", dbg.iterations, 1, DebugSpec::kMaxIterations, e) ||
        !numberField(d, "rows", dbg.rows, 0, DebugSpec::kMaxRows, e) ||
        !stringField(d, "scenario", dbg.scenario, e) || !stringField(d, "think_time", think, e) ||
        !numberField(d, "body_cap", cap, 0, 16.0 * 1024 * 1024, e) ||
        !durationField(d, "time_limit", dbg.timeLimitNs, e)) {
        error = "debug: " + e;
        return false;
    }
    dbg.bodyCap = size_t(cap);
    if (think != "skip" && think != "apply") {
        error = "debug.think_time must be \"skip\" or \"apply\", not '" + think + "'";
        return false;
    }
    dbg.applyThinkTime = think == "apply";
    if (dbg.timeLimitNs <= 0) {
        error = "debug.time_limit must be positive";
        return false;
    }
    if (!dbg.scenario.empty()) {
        std::string names;
        for (const ScenarioSpec &sc : spec.scenarios) {
            if (sc.name == dbg.scenario)
                return true;
            names += (names.empty() ? "" : ", ") + sc.name;
        }
        error = "debug.scenario: there is no scenario named '" + dbg.scenario + "'" +
                (names.empty() ? std::string(" (the run has none)") : " (scenarios: " + names + ")");
        return false;
    }
    if (dbg.rows > 0 && spec.scenarios.empty()) {
        error = "debug.rows needs scenarios that read data rows";
        return false;
    }
    return true;
}

} // namespace

bool runSpecFromJson(const nlohmann::json &j, RunSpec &spec, std::string &error)
{
    spec = RunSpec{};
    if (!j.is_object()) {
        error = "the run spec must be a JSON object";
        return false;
    }
    if (!parseScenarioSpecs(j, spec.scenarios, spec.data, error))
        return false;
    if (j.contains("requests") ? !j["requests"].is_array() : spec.scenarios.empty()) {
        error = "'requests' must be a list of requests";
        return false;
    }
    for (size_t i = 0; j.contains("requests") && i < j["requests"].size(); ++i) {
        RequestSpec r;
        if (!parseRequest(j["requests"][i], i, r, error))
            return false;
        spec.requests.push_back(std::move(r));
    }
    if (!parseDebug(j, spec, error))
        return false;
    std::string model = "open";
    if (!stringField(j, "model", model, error))
        return false;
    if (model == "open") {
        spec.model = LoadModelKind::Open;
    } else if (model == "closed") {
        spec.model = LoadModelKind::Closed;
    } else {
        error = "'model' must be \"open\" or \"closed\", not '" + model + "'";
        return false;
    }
    const bool open = spec.model == LoadModelKind::Open;
    double level = -1;
    if (!numberField(j, open ? "rate" : "vus", level, 0, 1e8, error))
        return false;
    if (!numberField(j, open ? "start_rate" : "start_vus", spec.startLevel, 0, 1e8, error))
        return false;
    int64_t duration = 0;
    if (!durationField(j, "duration", duration, error))
        return false;
    if (j.contains("stages")) {
        if (!j["stages"].is_array()) {
            error = "'stages' must be a list";
            return false;
        }
        for (size_t i = 0; i < j["stages"].size(); ++i) {
            const nlohmann::json &s = j["stages"][i];
            const std::string where = "stages[" + std::to_string(i) + "]";
            StageSpec st;
            std::string ramp = "linear";
            if (!s.is_object() || !s.contains("duration") || !s.contains("target")) {
                error = where + " needs 'duration' and 'target'";
                return false;
            }
            if (!durationField(s, "duration", st.durationNs, error) ||
                !numberField(s, "target", st.target, 0, 1e8, error) || !stringField(s, "ramp", ramp, error)) {
                error = where + ": " + error;
                return false;
            }
            if (ramp != "linear" && ramp != "step") {
                error = where + ": 'ramp' must be \"linear\" or \"step\"";
                return false;
            }
            st.step = ramp == "step";
            spec.stages.push_back(st);
        }
    }
    if (spec.debug.enabled) {
        // No load profile: one virtual user at a time, bounded by the debug time limit.
        spec.model = LoadModelKind::Closed;
        spec.stages = {StageSpec{spec.debug.timeLimitNs, 1, true}};
        spec.startLevel = 0;
    }
    if (spec.stages.empty()) {
        if (level < 0 || duration <= 0) {
            error = open ? "an open-model run needs 'rate' and 'duration', or 'stages'"
                         : "a closed-model run needs 'vus' and 'duration', or 'stages'";
            return false;
        }
        spec.stages.push_back(StageSpec{duration, level, true});
    }
    double cap = 0;
    if (!numberField(j, "max_connections", spec.maxConnections, 1, 1e6, error) ||
        !numberField(j, "threads", spec.threads, 0, 1024, error) ||
        !durationField(j, "timeout", spec.timeoutNs, error) ||
        !durationField(j, "interval", spec.intervalNs, error) ||
        !numberField(j, "rate_cap", cap, 0, 1e9, error) ||
        !numberField(j, "max_queue", spec.maxQueue, 0, 1e7, error) ||
        !durationField(j, "graceful_stop", spec.gracefulStopNs, error) ||
        !durationField(j, "lag_threshold", spec.lagThresholdNs, error) ||
        !numberField(j, "follow_redirects", spec.followRedirects, 0, 20, error) ||
        !stringField(j, "hlog", spec.hlogPath, error))
        return false;
    spec.rateCap = cap;
    if (j.contains("think_time")) {
        const nlohmann::json &t = j["think_time"];
        if (t.is_object()) {
            if (!durationField(t, "min", spec.thinkMinNs, error) ||
                !durationField(t, "max", spec.thinkMaxNs, error))
                return false;
        } else {
            if (!durationField(j, "think_time", spec.thinkMinNs, error))
                return false;
            spec.thinkMaxNs = spec.thinkMinNs;
        }
    }
    for (const char *flag : {"tls_verify", "http2"}) {
        if (j.contains(flag)) {
            if (!j[flag].is_boolean()) {
                error = std::string("'") + flag + "' must be true or false";
                return false;
            }
            (std::string(flag) == "http2" ? spec.http2 : spec.tlsVerify) = j[flag].get<bool>();
        }
    }
    if (j.contains("allow")) {
        if (!j["allow"].is_array()) {
            error = "'allow' must be a list of hosts or CIDR blocks";
            return false;
        }
        for (const nlohmann::json &a : j["allow"]) {
            if (!a.is_string()) {
                error = "'allow' entries must be strings";
                return false;
            }
            if (!spec.allow.add(a.get<std::string>(), error))
                return false;
        }
    }
    spec.targetCount = spec.requests.size();
    for (const ScenarioSpec &sc : spec.scenarios) {
        for (const StepSpec &st : sc.steps) {
            RequestSpec r;
            r.name = st.name;
            r.method = st.method;
            r.url = urlForParsing(st.url);
            r.headers = st.headers;
            r.body = st.body;
            r.weight = 0;
            spec.requests.push_back(std::move(r));
        }
    }
    // A debug run's exchanges are HTTP/1.1 (one connection per user, sent one by one); load runs of
    // scenarios use HTTP/2 when the server picks it, as plain requests do.
    if (spec.debug.enabled)
        spec.http2 = false;
    return validateRunSpec(spec, error);
}

bool validateRunSpec(RunSpec &spec, std::string &error)
{
    if (spec.scenarios.empty())
        spec.targetCount = spec.requests.size();
    if (spec.requests.empty()) {
        error = "the run has no requests";
        return false;
    }
    std::set<std::string> names;
    double weights = 0;
    for (RequestSpec &r : spec.requests) {
        Url u;
        if (!parseUrl(r.url, u, error))
            return false;
        if (r.method.empty() || r.method.find_first_of(" \t\r\n:") != std::string::npos) {
            error = "invalid HTTP method '" + r.method + "'";
            return false;
        }
        for (const auto &[k, v] : r.headers) {
            if (k.empty() || k.find_first_of(" \t\r\n:") != std::string::npos ||
                v.find_first_of("\r\n") != std::string::npos) {
                error = "invalid header '" + k + "' (names need no spaces or colons, values no line breaks)";
                return false;
            }
        }
        if (r.name.empty())
            r.name = r.method + " " + u.target;
        if (!names.insert(r.name).second) {
            error = "two requests are named '" + r.name + "'; names must be unique";
            return false;
        }
        weights += r.weight;
    }
    for (const ScenarioSpec &sc : spec.scenarios)
        weights += sc.weight;
    if (weights <= 0) {
        error = "the request weights add up to 0";
        return false;
    }
    if (spec.totalDurationNs() <= 0) {
        error = "the run has no duration";
        return false;
    }
    if (spec.timeoutNs <= 0) {
        error = "'timeout' must be positive";
        return false;
    }
    if (spec.intervalNs < 10'000'000) {
        error = "'interval' must be at least 10ms";
        return false;
    }
    if (spec.thinkMaxNs < spec.thinkMinNs) {
        error = "think time: max is below min";
        return false;
    }
    if (spec.gracefulStopNs < 0)
        spec.gracefulStopNs = spec.timeoutNs;
    if (spec.maxQueue <= 0)
        spec.maxQueue = 4 * spec.maxConnections;
    return true;
}

} // namespace lw::engine
