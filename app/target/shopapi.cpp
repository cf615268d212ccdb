#include "shopapi.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lw::target {

namespace {

struct Product
{
    int id;
    const char *name;
    int price;
};

constexpr Product kCatalogue[] = {{1001, "Kettle", 25},
                                  {1002, "Teapot", 18},
                                  {1003, "Mug", 6},
                                  {1004, "Tea, 250 g", 9},
                                  {1005, "Strainer", 4}};

// "user0001" -> true with digits "0001" when the number is 1..100000 and has at least four digits.
bool knownUser(const std::string &user, std::string &digits)
{
    if (user.size() < 8 || user.compare(0, 4, "user") != 0)
        return false;
    digits = user.substr(4);
    if (digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const long n = std::stol(digits);
    return n >= 1 && n <= 100000;
}

std::string cookieValue(const std::string &header, const std::string &name)
{
    size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';'))
            ++pos;
        const size_t end = std::min(header.find(';', pos), header.size());
        const size_t eq = header.find('=', pos);
        if (eq != std::string::npos && eq < end && header.compare(pos, eq - pos, name) == 0)
            return header.substr(eq + 1, end - eq - 1);
        pos = end;
    }
    return std::string();
}

} // namespace

// Only the shop's own endpoints: any other path (/api/items as strategies and tests use it) keeps the
// target's plain behaviour.
bool ShopApi::handles(const std::string &path)
{
    return path == "/api/login" || path == "/api/catalogue" || path == "/api/checkout" ||
           path.compare(0, 9, "/api/cart") == 0 || path.compare(0, 10, "/api/prefs") == 0 ||
           path == "/__stats";
}

ShopResponse ShopApi::refuse(int status, const char *reason)
{
    ++m_refused[reason];
    ShopResponse r;
    r.status = status;
    r.body = nlohmann::json{{"error", reason}}.dump();
    return r;
}

ShopResponse ShopApi::handle(const ShopRequest &r)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (r.path == "/__stats" && r.method == "GET") {
        ShopResponse out;
        out.body = statsJson();
        return out;
    }
    if (r.path == "/api/login" && r.method == "POST")
        return login(r);
    if (r.path == "/api/catalogue" && r.method == "GET") {
        nlohmann::json items = nlohmann::json::array();
        for (const Product &p : kCatalogue)
            items.push_back({{"id", p.id}, {"name", p.name}, {"price", p.price}});
        ShopResponse out;
        out.body = nlohmann::json{{"items", items}}.dump();
        return out;
    }
    if (r.path == "/api/cart/items" && r.method == "POST")
        return addToCart(r);
    if (r.path == "/api/checkout" && r.method == "POST")
        return checkout(r);
    if (r.path.compare(0, 10, "/api/prefs") == 0)
        return prefs(r);
    return refuse(404, "unknown_route");
}

ShopResponse ShopApi::login(const ShopRequest &r)
{
    const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("user") || !body.contains("password") ||
        !body["user"].is_string() || !body["password"].is_string())
        return refuse(400, "bad_login_body");
    const std::string user = body["user"].get<std::string>();
    std::string digits;
    if (!knownUser(user, digits) || body["password"].get<std::string>() != "secret-" + digits)
        return refuse(401, "bad_credentials");
    ++m_logins[user];
    const uint64_t n = ++m_next;
    Session s;
    s.user = user;
    s.sid = "sid-" + std::to_string(n * 7919 + 13);
    const std::string token = "tok-" + std::to_string(n) + "-" + digits;
    ShopResponse out;
    out.body = nlohmann::json{{"token", token}, {"user", user}}.dump();
    out.setCookies.push_back("session=" + s.sid + "; Path=/; HttpOnly");
    m_sessions.emplace(token, std::move(s));
    return out;
}

ShopApi::Session *ShopApi::authorised(const ShopRequest &r, ShopResponse &refusal)
{
    const std::string prefix = "Bearer ";
    const auto it = r.authorization.compare(0, prefix.size(), prefix) == 0
                        ? m_sessions.find(r.authorization.substr(prefix.size()))
                        : m_sessions.end();
    if (it == m_sessions.end()) {
        refusal = refuse(401, "bad_token");
        return nullptr;
    }
    // The cookie binds the token to the browser that logged in: another user's cookie is refused.
    if (cookieValue(r.cookie, "session") != it->second.sid) {
        refusal = refuse(401, "bad_cookie");
        return nullptr;
    }
    if (!r.sessionHeader.empty() && r.sessionHeader != it->second.sid) {
        refusal = refuse(401, "bad_session_header");
        return nullptr;
    }
    return &it->second;
}

ShopResponse ShopApi::addToCart(const ShopRequest &r)
{
    ShopResponse refusal;
    Session *s = authorised(r, refusal);
    if (!s)
        return refusal;
    const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("product_id") || !body["product_id"].is_number_integer())
        return refuse(400, "bad_cart_body");
    const int id = body["product_id"].get<int>();
    if (std::none_of(std::begin(kCatalogue), std::end(kCatalogue),
                     [id](const Product &p) { return p.id == id; }))
        return refuse(409, "unknown_product");
    s->cart.push_back(id);
    ShopResponse out;
    out.body = nlohmann::json{{"count", s->cart.size()}, {"items", s->cart}}.dump();
    return out;
}

ShopResponse ShopApi::checkout(const ShopRequest &r)
{
    ShopResponse refusal;
    Session *s = authorised(r, refusal);
    if (!s)
        return refusal;
    if (s->cart.empty())
        return refuse(409, "empty_cart");
    ShopResponse out;
    out.body =
        nlohmann::json{{"order", "ord-" + std::to_string(++m_orders)}, {"items", s->cart.size()}}.dump();
    s->cart.clear();
    return out;
}

ShopResponse ShopApi::prefs(const ShopRequest &r)
{
    const std::string prefix = "Bearer ";
    const auto it = r.authorization.compare(0, prefix.size(), prefix) == 0
                        ? m_sessions.find(r.authorization.substr(prefix.size()))
                        : m_sessions.end();
    if (it == m_sessions.end())
        return refuse(401, "bad_token");
    const std::string &sid = it->second.sid;
    if (cookieValue(r.cookie, "session") != sid)
        return refuse(401, "bad_cookie");
    const std::string theme = cookieValue(r.cookie, "theme");
    const std::string promo = cookieValue(r.cookie, "promo");
    if (!cookieValue(r.cookie, "tracker").empty())
        return refuse(409, "prefs_foreign_domain_sent");
    ShopResponse out;
    out.body = "{}";
    if ((r.path == "/api/prefs" || r.path == "/api/prefs/redirect") && r.method == "POST") {
        out.setCookies = {"theme=t-" + sid + "; Path=/api/prefs; HttpOnly",
                          "promo=p-" + sid + "; Path=/; Max-Age=1", "tracker=1; Domain=example.test; Path=/"};
        if (r.path == "/api/prefs/redirect") {
            out.status = 303;
            out.location = "/api/prefs/theme";
        }
        return out;
    }
    if (r.method != "GET")
        return refuse(404, "unknown_route");
    if (r.path == "/api/prefs/theme") {
        if (theme.empty())
            return refuse(409, "prefs_theme_missing");
        if (theme != "t-" + sid)
            return refuse(409, "prefs_theme_foreign");
        if (promo != "p-" + sid)
            return refuse(409, "prefs_promo_missing");
        return out;
    }
    if (r.path == "/api/prefs-free")
        return theme.empty() ? out : refuse(409, "prefs_theme_outside_path");
    if (r.path == "/api/prefs/promo-gone") {
        if (theme != "t-" + sid)
            return refuse(409, "prefs_theme_missing");
        return promo.empty() ? out : refuse(409, "prefs_promo_not_expired");
    }
    return refuse(404, "unknown_route");
}

std::string ShopApi::statsJson() const
{
    nlohmann::json refused = nlohmann::json::object();
    for (const char *reason :
         {"bad_credentials", "bad_token", "bad_cookie", "bad_session_header", "unknown_product", "empty_cart",
          "bad_login_body", "bad_cart_body", "unknown_route", "prefs_foreign_domain_sent",
          "prefs_theme_missing", "prefs_theme_foreign", "prefs_promo_missing", "prefs_theme_outside_path",
          "prefs_promo_not_expired"})
        refused[reason] = 0;
    for (const auto &[reason, n] : m_refused)
        refused[reason] = n;
    return nlohmann::json{{"logins", m_logins}, {"refused", refused}, {"orders", m_orders}}.dump() + "\n";
}

} // namespace lw::target
