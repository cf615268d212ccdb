#pragma once

// Extractions and checks of scenario steps: compiled once from the run spec, evaluated on each
// response. A JSON body is parsed at most once per response, and only when a JSON extraction or
// check needs it. Plain C++, shared by the strategy validator (compile) and the engine (evaluate).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::engine {

// JSON pointer ("/items/0/id", RFC 6901) or the JSONPath subset "$", ".name", "['name']", "[N]"
// ("$.items[0].id"); both become a JSON pointer. False with error for anything else.
bool compileJsonPath(std::string_view expr, nlohmann::json::json_pointer &out, std::string &error);
// ECMAScript regular expression (std::regex); minGroups: the capture groups the caller needs.
bool compileRegex(const std::string &pattern, unsigned minGroups, std::shared_ptr<const std::regex> &out,
                  std::string &error);

// A response as extractions and checks see it. Header names compare case-insensitively.
struct ResponseView
{
    int status = 0;
    std::string_view body;
    const std::vector<std::pair<std::string, std::string>> *headers = nullptr;
    int64_t latencyNs = 0;

    // The first header named name, or nullopt.
    std::optional<std::string_view> header(std::string_view name) const;
    // The value of cookie name set by this response's Set-Cookie headers, or nullopt.
    std::optional<std::string_view> setCookie(std::string_view name) const;
};

// The body parsed as JSON on first use (a discarded value when it is not JSON).
class LazyJson
{
public:
    explicit LazyJson(std::string_view body) : m_body(body) {}
    const nlohmann::json &get();

private:
    std::string_view m_body;
    std::optional<nlohmann::json> m_json;
};

enum class ExtractKind
{
    Json,
    Regex,
    Header,
    Cookie
};

struct Extraction
{
    std::string var; // the variable it sets
    ExtractKind kind = ExtractKind::Json;
    std::string expression; // JSON path, pattern, header or cookie name
    int group = 1;          // Regex: capture group (0 = whole match)
    int value = -1;         // index in the VU's value table (bound by the engine)
    nlohmann::json::json_pointer pointer;
    std::shared_ptr<const std::regex> regex;

    bool compile(std::string &error);
    // Sets out and returns true when the response has the value; a JSON string gives its text, any
    // other JSON value its JSON text.
    bool apply(const ResponseView &r, LazyJson &json, std::string &out) const;
};

enum class CheckKind
{
    Status,        // statuses contains status, or min <= status <= max
    BodyContains,  // text
    BodyMatches,   // regex search
    JsonEquals,    // value at pointer, as text (strings bare), equals text
    JsonExists,    // pointer resolves
    HeaderPresent, // text: header name
    ResponseTime   // latency < underNs
};

struct Check
{
    std::string name;
    CheckKind kind = CheckKind::Status;
    std::vector<int> statuses;
    int min = 0, max = 0;
    std::string text;
    std::string path;
    int64_t underNs = 0;
    nlohmann::json::json_pointer pointer;
    std::shared_ptr<const std::regex> regex;

    bool compile(std::string &error);
    bool passes(const ResponseView &r, LazyJson &json) const;
};

} // namespace lw::engine
