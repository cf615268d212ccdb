#pragma once

// A small stateful shop for scenario demos and tests: log in with a user from the built-in list and
// get a token (JSON) and a session cookie, read the catalogue, fill a cart (token and cookie
// required), check out. A wrong journey answers 401 or 409, so a correct scenario shows zero
// errors; GET /__stats tells how often each user logged in and what was refused, by reason.
//
// Cookie scope (for cookie jars): POST /api/prefs (token and session) sets "theme" with
// Path=/api/prefs, "promo" with Max-Age=1 and "tracker" with a foreign Domain (example.test), each
// bound to the session; POST /api/prefs/redirect does the same and answers 303 to /api/prefs/theme
// (cookies set on a redirect). GET /api/prefs/theme wants theme and promo of this session and no tracker,
// GET /api/prefs-free wants no theme (outside its path), GET /api/prefs/promo-gone wants theme and no
// promo (expired); anything else is refused 409 with the reason.
//
// Users: "user0001" .. "user100000" (four digits at least), password "secret-" + the same digits.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace lw::target {

struct ShopRequest
{
    std::string method;
    std::string path; // without the query
    std::string authorization;
    std::string cookie;
    std::string sessionHeader; // X-Session
    std::string body;
};

struct ShopResponse
{
    int status = 200;
    std::string body;
    std::vector<std::string> setCookies; // values of Set-Cookie headers, one header each
    std::string location;                // Location header of a redirect, if any
};

class ShopApi
{
public:
    // True for the paths the shop answers: /api/... and /__stats.
    static bool handles(const std::string &path);
    // Thread-safe.
    ShopResponse handle(const ShopRequest &request);

private:
    struct Session
    {
        std::string user;
        std::string sid;
        std::vector<int> cart;
    };
    ShopResponse refuse(int status, const char *reason);
    ShopResponse login(const ShopRequest &r);
    ShopResponse addToCart(const ShopRequest &r);
    ShopResponse checkout(const ShopRequest &r);
    ShopResponse prefs(const ShopRequest &r);
    Session *authorised(const ShopRequest &r, ShopResponse &refusal);
    std::string statsJson() const;

    mutable std::mutex m_mutex;
    uint64_t m_next = 0;
    uint64_t m_orders = 0;
    std::unordered_map<std::string, Session> m_sessions; // by token
    std::map<std::string, int64_t> m_logins;             // by user
    std::map<std::string, int64_t> m_refused;            // by reason
};

} // namespace lw::target
