#include "engine/scenariospec.h"

#include "engine/runspec.h"

#include <nlohmann/json.hpp>

namespace lw::engine {

namespace {

bool str(const nlohmann::json &o, const char *key, std::string &out, std::string &error,
         bool required = false)
{
    const auto it = o.find(key);
    if (it == o.end()) {
        if (required)
            error = std::string("'") + key + "' is required";
        return !required;
    }
    if (!it->is_string()) {
        error = std::string("'") + key + "' must be a string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool boolean(const nlohmann::json &o, const char *key, bool &out, std::string &error)
{
    const auto it = o.find(key);
    if (it == o.end())
        return true;
    if (!it->is_boolean()) {
        error = std::string("'") + key + "' must be true or false";
        return false;
    }
    out = it->get<bool>();
    return true;
}

bool integer(const nlohmann::json &o, const char *key, int &out, std::string &error)
{
    const auto it = o.find(key);
    if (it == o.end())
        return true;
    if (!it->is_number_integer()) {
        error = std::string("'") + key + "' must be an integer";
        return false;
    }
    out = it->get<int>();
    return true;
}

bool parseExtraction(const nlohmann::json &e, Extraction &x, std::string &error)
{
    std::string from;
    if (!e.is_object()) {
        error = "must be an object";
        return false;
    }
    if (!str(e, "var", x.var, error, true) || !str(e, "from", from, error, true) ||
        !str(e, "expression", x.expression, error, true) || !integer(e, "group", x.group, error))
        return false;
    if (from == "json")
        x.kind = ExtractKind::Json;
    else if (from == "regex")
        x.kind = ExtractKind::Regex;
    else if (from == "header")
        x.kind = ExtractKind::Header;
    else if (from == "cookie")
        x.kind = ExtractKind::Cookie;
    else {
        error = "'from' must be json, regex, header or cookie";
        return false;
    }
    return x.compile(error);
}

bool parseCheck(const nlohmann::json &c, Check &x, std::string &error)
{
    if (!c.is_object()) {
        error = "must be an object";
        return false;
    }
    std::string type, under;
    if (!str(c, "name", x.name, error, true) || !str(c, "type", type, error, true) ||
        !integer(c, "min", x.min, error) || !integer(c, "max", x.max, error) ||
        !str(c, "path", x.path, error) || !str(c, "under", under, error))
        return false;
    static const std::pair<const char *, CheckKind> kinds[] = {{"status", CheckKind::Status},
                                                               {"body_contains", CheckKind::BodyContains},
                                                               {"body_matches", CheckKind::BodyMatches},
                                                               {"json_equals", CheckKind::JsonEquals},
                                                               {"json_exists", CheckKind::JsonExists},
                                                               {"header_present", CheckKind::HeaderPresent},
                                                               {"response_time", CheckKind::ResponseTime}};
    bool known = false;
    for (const auto &[text, kind] : kinds)
        if (type == text) {
            x.kind = kind;
            known = true;
        }
    if (!known) {
        error = "unknown check type '" + type + "'";
        return false;
    }
    if (x.kind == CheckKind::HeaderPresent ? !str(c, "header", x.text, error)
                                           : !str(c, "value", x.text, error))
        return false;
    if (const auto it = c.find("status"); it != c.end()) {
        if (!it->is_array()) {
            error = "'status' must be a list of status codes";
            return false;
        }
        for (const auto &s : *it) {
            if (!s.is_number_integer()) {
                error = "'status' must be a list of status codes";
                return false;
            }
            x.statuses.push_back(s.get<int>());
        }
    }
    if (!under.empty() && !parseDuration(under, x.underNs, error))
        return false;
    return x.compile(error);
}

bool parseStep(const nlohmann::json &s, StepSpec &st, std::string &error)
{
    if (!s.is_object()) {
        error = "must be an object";
        return false;
    }
    std::string think, onFailure = "end_iteration";
    if (!str(s, "name", st.name, error, true) || !str(s, "method", st.method, error) ||
        !str(s, "url", st.url, error, true) || !str(s, "body", st.body, error) ||
        !str(s, "think_time", think, error) || !str(s, "on_failure", onFailure, error) ||
        !str(s, "transaction", st.transaction, error))
        return false;
    if (!think.empty() && !parseDuration(think, st.thinkNs, error))
        return false;
    if (onFailure != "continue" && onFailure != "end_iteration") {
        error = "'on_failure' must be continue or end_iteration";
        return false;
    }
    st.endOnFailure = onFailure == "end_iteration";
    if (const auto it = s.find("headers"); it != s.end()) {
        for (const auto &h : *it) {
            if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
                st.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
            else if (h.is_object() && h.contains("name") && h.contains("value") && h["name"].is_string() &&
                     h["value"].is_string())
                st.headers.emplace_back(h["name"].get<std::string>(), h["value"].get<std::string>());
            else {
                error = "headers must be a list of [name, value]";
                return false;
            }
        }
    }
    if (const auto it = s.find("extract"); it != s.end()) {
        for (size_t i = 0; i < it->size(); ++i) {
            Extraction x;
            if (!parseExtraction((*it)[i], x, error)) {
                error = "extract[" + std::to_string(i) + "]: " + error;
                return false;
            }
            st.extract.push_back(std::move(x));
        }
    }
    if (const auto it = s.find("checks"); it != s.end()) {
        for (size_t i = 0; i < it->size(); ++i) {
            Check x;
            if (!parseCheck((*it)[i], x, error)) {
                error = "checks[" + std::to_string(i) + "]: " + error;
                return false;
            }
            st.checks.push_back(std::move(x));
        }
    }
    return true;
}

} // namespace

std::string urlForParsing(const std::string &url)
{
    std::string out;
    size_t i = 0;
    while (i < url.size()) {
        if (url.compare(i, 2, "{{") == 0) {
            const size_t close = url.find("}}", i + 2);
            if (close != std::string::npos) {
                out += 'x';
                i = close + 2;
                continue;
            }
        }
        out += url[i++];
    }
    return out;
}

bool parseScenarioSpecs(const nlohmann::json &j, std::vector<ScenarioSpec> &scenarios,
                        std::vector<DataSpec> &data, std::string &error)
{
    if (const auto it = j.find("scenarios"); it != j.end()) {
        if (!it->is_array()) {
            error = "'scenarios' must be a list";
            return false;
        }
        for (size_t i = 0; i < it->size(); ++i) {
            const nlohmann::json &s = (*it)[i];
            const std::string where = "scenarios[" + std::to_string(i) + "]";
            ScenarioSpec sc;
            if (!s.is_object() || !str(s, "name", sc.name, error, true) ||
                !boolean(s, "cookies", sc.cookies, error)) {
                error = where + ": " + (error.empty() ? "must be an object" : error);
                return false;
            }
            if (s.contains("weight")) {
                if (!s["weight"].is_number() || !(s["weight"].get<double>() >= 0)) {
                    error = where + ": 'weight' must be a number >= 0";
                    return false;
                }
                sc.weight = s["weight"].get<double>();
            }
            if (!s.contains("steps") || !s["steps"].is_array() || s["steps"].empty()) {
                error = where + ": 'steps' must be a non-empty list";
                return false;
            }
            for (size_t k = 0; k < s["steps"].size(); ++k) {
                StepSpec st;
                if (!parseStep(s["steps"][k], st, error)) {
                    error = where + ".steps[" + std::to_string(k) + "]: " + error;
                    return false;
                }
                sc.steps.push_back(std::move(st));
            }
            scenarios.push_back(std::move(sc));
        }
    }
    if (const auto it = j.find("data"); it != j.end()) {
        if (!it->is_array()) {
            error = "'data' must be a list";
            return false;
        }
        for (size_t i = 0; i < it->size(); ++i) {
            const nlohmann::json &d = (*it)[i];
            const std::string where = "data[" + std::to_string(i) + "]: ";
            DataSpec ds;
            std::string order = "sequential", exhausted = "recycle";
            if (!d.is_object() || !str(d, "name", ds.name, error, true) ||
                !str(d, "path", ds.path, error, true) || !str(d, "order", order, error) ||
                !str(d, "on_exhausted", exhausted, error) || !boolean(d, "per_vu", ds.perVu, error)) {
                error = where + (error.empty() ? "must be an object" : error);
                return false;
            }
            if (!dataFormatFromFileName(ds.path, ds.format)) {
                error = where + "'path' must end in .csv, .jsonl or .ndjson";
                return false;
            }
            if (order == "sequential")
                ds.order = DataOrderKind::Sequential;
            else if (order == "random")
                ds.order = DataOrderKind::Random;
            else if (order == "unique")
                ds.order = DataOrderKind::Unique;
            else {
                error = where + "'order' must be sequential, random or unique";
                return false;
            }
            if (exhausted != "stop" && exhausted != "recycle") {
                error = where + "'on_exhausted' must be stop or recycle";
                return false;
            }
            ds.recycle = exhausted == "recycle";
            data.push_back(std::move(ds));
        }
    }
    return true;
}

} // namespace lw::engine
