#include "engine/scenariostep.h"

#include <cctype>

namespace lw::engine {

namespace {

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

void appendPointerToken(std::string &ptr, std::string_view token)
{
    ptr += '/';
    for (char c : token) {
        if (c == '~')
            ptr += "~0";
        else if (c == '/')
            ptr += "~1";
        else
            ptr += c;
    }
}

std::string text(const nlohmann::json &v)
{
    return v.is_string() ? v.get<std::string>() : v.dump();
}

const nlohmann::json *resolve(const nlohmann::json &root, const nlohmann::json::json_pointer &p)
{
    if (root.is_discarded())
        return nullptr;
    // contains() checks every token, so at() below cannot throw.
    if (!root.contains(p))
        return nullptr;
    return &root.at(p);
}

} // namespace

bool compileJsonPath(std::string_view expr, nlohmann::json::json_pointer &out, std::string &error)
{
    std::string ptr;
    if (expr.empty() || expr.front() == '/') {
        ptr = std::string(expr);
    } else if (expr.front() == '$') {
        size_t i = 1;
        while (i < expr.size()) {
            if (expr[i] == '.') {
                size_t j = i + 1;
                while (j < expr.size() && expr[j] != '.' && expr[j] != '[')
                    ++j;
                if (j == i + 1) {
                    error = "JSONPath: a name is missing after \".\" at offset " + std::to_string(i);
                    return false;
                }
                const std::string_view name = expr.substr(i + 1, j - i - 1);
                if (name == "*") {
                    error = "JSONPath: wildcards are not supported (only names and [index])";
                    return false;
                }
                appendPointerToken(ptr, name);
                i = j;
            } else if (expr[i] == '[') {
                const size_t close = expr.find(']', i);
                if (close == std::string_view::npos) {
                    error = "JSONPath: \"[\" without \"]\" at offset " + std::to_string(i);
                    return false;
                }
                std::string_view inner = expr.substr(i + 1, close - i - 1);
                if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"') &&
                    inner.back() == inner.front()) {
                    appendPointerToken(ptr, inner.substr(1, inner.size() - 2));
                } else if (!inner.empty() &&
                           inner.find_first_not_of("0123456789") == std::string_view::npos) {
                    appendPointerToken(ptr, inner);
                } else {
                    error = "JSONPath: [" + std::string(inner) +
                            "] is not supported (only [N] and ['name'], no filters, slices or wildcards)";
                    return false;
                }
                i = close + 1;
            } else {
                error = "JSONPath: unexpected \"" + std::string(1, expr[i]) + "\" at offset " +
                        std::to_string(i) + " (expected \".\" or \"[\")";
                return false;
            }
        }
    } else {
        error = "\"" + std::string(expr) +
                "\" is neither a JSON pointer (starts with \"/\") nor a JSONPath (starts with \"$\")";
        return false;
    }
    try {
        out = nlohmann::json::json_pointer(ptr);
    } catch (const nlohmann::json::exception &e) {
        std::string what = e.what();
        const size_t colon = what.rfind(": ");
        error = "JSON pointer: " + (colon == std::string::npos ? what : what.substr(colon + 2));
        return false;
    }
    return true;
}

bool compileRegex(const std::string &pattern, unsigned minGroups, std::shared_ptr<const std::regex> &out,
                  std::string &error)
{
    try {
        auto re = std::make_shared<std::regex>(pattern, std::regex::ECMAScript | std::regex::optimize);
        if (re->mark_count() < minGroups) {
            error = "the expression has " + std::to_string(re->mark_count()) + " capture group(s); group " +
                    std::to_string(minGroups) + " is asked for";
            return false;
        }
        out = std::move(re);
        return true;
    } catch (const std::regex_error &e) {
        error = std::string("the regular expression does not compile: ") + e.what();
        return false;
    }
}

std::optional<std::string_view> ResponseView::header(std::string_view name) const
{
    if (headers)
        for (const auto &h : *headers)
            if (equalsNoCase(h.first, name))
                return std::string_view(h.second);
    return std::nullopt;
}

std::optional<std::string_view> ResponseView::setCookie(std::string_view name) const
{
    if (!headers)
        return std::nullopt;
    for (const auto &h : *headers) {
        if (!equalsNoCase(h.first, "set-cookie"))
            continue;
        std::string_view v = h.second;
        const size_t eq = v.find('=');
        if (eq == std::string_view::npos)
            continue;
        std::string_view n = v.substr(0, eq);
        while (!n.empty() && n.back() == ' ')
            n.remove_suffix(1);
        if (n != name)
            continue;
        std::string_view value = v.substr(eq + 1);
        value = value.substr(0, value.find(';'));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        return value;
    }
    return std::nullopt;
}

const nlohmann::json &LazyJson::get()
{
    if (!m_json)
        m_json = nlohmann::json::parse(m_body, nullptr, false);
    return *m_json;
}

bool Extraction::compile(std::string &error)
{
    switch (kind) {
    case ExtractKind::Json:
        return compileJsonPath(expression, pointer, error);
    case ExtractKind::Regex:
        if (group < 0) {
            error = "group must not be negative";
            return false;
        }
        return compileRegex(expression, unsigned(group), regex, error);
    case ExtractKind::Header:
    case ExtractKind::Cookie:
        if (expression.empty()) {
            error = kind == ExtractKind::Header ? "a header name is required" : "a cookie name is required";
            return false;
        }
        return true;
    }
    return true;
}

bool Extraction::apply(const ResponseView &r, LazyJson &json, std::string &out) const
{
    switch (kind) {
    case ExtractKind::Json: {
        const nlohmann::json *v = resolve(json.get(), pointer);
        if (!v || v->is_null())
            return false;
        out = text(*v);
        return true;
    }
    case ExtractKind::Regex: {
        std::match_results<std::string_view::const_iterator> m;
        if (!std::regex_search(r.body.begin(), r.body.end(), m, *regex) || !m[size_t(group)].matched)
            return false;
        out.assign(m[size_t(group)].first, m[size_t(group)].second);
        return true;
    }
    case ExtractKind::Header:
        if (const auto h = r.header(expression)) {
            out.assign(h->data(), h->size());
            return true;
        }
        return false;
    case ExtractKind::Cookie:
        if (const auto c = r.setCookie(expression)) {
            out.assign(c->data(), c->size());
            return true;
        }
        return false;
    }
    return false;
}

bool Check::compile(std::string &error)
{
    switch (kind) {
    case CheckKind::Status:
        if (statuses.empty() && (min < 100 || max > 599 || min > max)) {
            error = "a status check needs a set of statuses or a range within 100-599";
            return false;
        }
        return true;
    case CheckKind::BodyMatches:
        return compileRegex(text, 0, regex, error);
    case CheckKind::JsonEquals:
    case CheckKind::JsonExists:
        return compileJsonPath(path, pointer, error);
    case CheckKind::HeaderPresent:
        if (text.empty()) {
            error = "a header name is required";
            return false;
        }
        return true;
    case CheckKind::ResponseTime:
        if (underNs <= 0) {
            error = "the bound must be greater than 0";
            return false;
        }
        return true;
    case CheckKind::BodyContains:
        return true;
    }
    return true;
}

bool Check::passes(const ResponseView &r, LazyJson &json) const
{
    switch (kind) {
    case CheckKind::Status:
        if (!statuses.empty()) {
            for (int s : statuses)
                if (s == r.status)
                    return true;
            return false;
        }
        return r.status >= min && r.status <= max;
    case CheckKind::BodyContains:
        return r.body.find(text) != std::string_view::npos;
    case CheckKind::BodyMatches:
        return std::regex_search(r.body.begin(), r.body.end(), *regex);
    case CheckKind::JsonEquals: {
        const nlohmann::json *v = resolve(json.get(), pointer);
        return v && text == engine::text(*v);
    }
    case CheckKind::JsonExists:
        return resolve(json.get(), pointer) != nullptr;
    case CheckKind::HeaderPresent:
        return r.header(text).has_value();
    case CheckKind::ResponseTime:
        return r.latencyNs < underNs;
    }
    return false;
}

} // namespace lw::engine
