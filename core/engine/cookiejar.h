#pragma once

// A virtual user's cookies as a user agent keeps them (RFC 6265 section 5): host-only and domain
// cookies, default-path and path-match, expiry (Max-Age over Expires, Expires in the RFC's date
// grammar), Secure sent only over https, HttpOnly kept. No public-suffix list: a run talks to
// allow-listed test hosts. The jar is kept sorted in the order the RFC sends cookies (longer paths
// first, then earlier creation), so a request only filters; slots and their strings are reused after
// clear(), so a warm jar does not allocate. Not thread-safe: one jar per virtual user. No Qt.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::engine {

struct Cookie
{
    std::string name;
    std::string value;
    std::string domain; // lower case, no leading dot
    std::string path;
    int64_t expiresMs = kSession; // wall clock, ms since the epoch; kSession: until the jar is cleared
    uint64_t created = 0;         // creation order (kept when a cookie is replaced)
    bool hostOnly = true;
    bool secure = false;
    bool httpOnly = false;
    static constexpr int64_t kSession = INT64_MAX;
};

// Where a request goes or a response came from: the cookie's scope is checked against it.
struct CookieOrigin
{
    std::string_view host; // lower case, no brackets
    std::string_view path; // request path without the query ("/a/b")
    bool secure = false;   // https
};

class CookieJar
{
public:
    void clear() { m_count = 0; }
    size_t size() const { return m_count; }
    const Cookie &at(size_t i) const { return m_cookies[i]; }

    // Applies one Set-Cookie value received from origin at nowMs. Returns false and says why when
    // the cookie is ignored (no name, a Domain the host does not match); a cookie that arrives
    // already expired removes the stored one and returns true.
    bool set(std::string_view setCookie, const CookieOrigin &origin, int64_t nowMs,
             std::string *why = nullptr);
    // Applies every Set-Cookie line of a response header block.
    void update(const std::vector<std::pair<std::string, std::string>> &headers, const CookieOrigin &origin,
                int64_t nowMs);
    // Appends "Cookie: a=1; b=2\r\n" with the cookies origin gets at nowMs (none: nothing). Drops
    // the expired ones.
    void appendHeader(std::string &wire, const CookieOrigin &origin, int64_t nowMs);
    // The cookies origin gets, in sending order, as "a=1; b=2" (empty when none).
    void appendValue(std::string &out, const CookieOrigin &origin, int64_t nowMs);

    static constexpr size_t kMaxCookies = 3000; // RFC 6265 6.1: at least 3000 in total

private:
    bool sends(const Cookie &c, const CookieOrigin &origin) const;
    void removeAt(size_t i);
    void dropExpired(int64_t nowMs);

    std::vector<Cookie> m_cookies; // [0, m_count) live, sorted for sending; the rest are spare slots
    size_t m_count = 0;
    uint64_t m_created = 0;
};

// RFC 6265 5.1.1: a cookie date ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
// "Sun Nov  6 08:49:37 1994", ...) as ms since the epoch; false when it is not one.
bool parseCookieDate(std::string_view text, int64_t &ms);
// RFC 6265 5.1.3 and 5.1.4.
bool cookieDomainMatches(std::string_view host, std::string_view domain);
bool cookiePathMatches(std::string_view requestPath, std::string_view cookiePath);
// RFC 6265 5.1.4: the default-path of a request path.
std::string_view cookieDefaultPath(std::string_view requestPath);
// The path of a request target ("/a/b?q" -> "/a/b"), taken from an HTTP/1.1 request line when the
// text starts with a method ("GET /a/b?q HTTP/1.1").
std::string_view requestPathOf(std::string_view requestLineOrTarget);

} // namespace lw::engine
