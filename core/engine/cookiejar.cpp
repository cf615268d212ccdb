#include "engine/cookiejar.h"

#include <algorithm>
#include <strings.h>

namespace lw::engine {

namespace {

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isWsp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isWsp(s.back()))
        s.remove_suffix(1);
    return s;
}

bool equalsNoCase(std::string_view a, const char *b)
{
    const size_t n = std::char_traits<char>::length(b);
    return a.size() == n && strncasecmp(a.data(), b, n) == 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 6265 5.1.1: the date delimiters.
bool isDateDelimiter(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

// 1*max DIGIT, then nothing or a non-digit: the number, or -1.
int leadingNumber(std::string_view t, size_t min, size_t max, size_t &used)
{
    size_t n = 0;
    int v = 0;
    while (n < t.size() && isDigit(t[n]) && n < max) {
        v = v * 10 + (t[n] - '0');
        ++n;
    }
    if (n < min || (n < t.size() && isDigit(t[n])))
        return -1;
    used = n;
    return v;
}

// hms-time = time-field ":" time-field ":" time-field, then anything after a non-digit.
bool parseTime(std::string_view t, int &h, int &m, int &s)
{
    int *fields[3] = {&h, &m, &s};
    size_t pos = 0;
    for (int i = 0; i < 3; ++i) {
        size_t used = 0;
        const int v = leadingNumber(t.substr(pos), 1, 2, used);
        if (v < 0)
            return false;
        *fields[i] = v;
        pos += used;
        if (i < 2) {
            if (pos >= t.size() || t[pos] != ':')
                return false;
            ++pos;
        }
    }
    return true;
}

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool isIpAddress(std::string_view host)
{
    if (host.find(':') != std::string_view::npos)
        return true;
    return !host.empty() &&
           std::all_of(host.begin(), host.end(), [](char c) { return isDigit(c) || c == '.'; });
}

} // namespace

bool parseCookieDate(std::string_view text, int64_t &ms)
{
    static const char *const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    bool haveTime = false, haveDay = false, haveMonth = false, haveYear = false;
    int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && isDateDelimiter(static_cast<unsigned char>(text[pos])))
            ++pos;
        size_t end = pos;
        while (end < text.size() && !isDateDelimiter(static_cast<unsigned char>(text[end])))
            ++end;
        const std::string_view token = text.substr(pos, end - pos);
        pos = end;
        if (token.empty())
            continue;
        size_t used = 0;
        if (!haveTime && parseTime(token, hour, minute, second)) {
            haveTime = true;
        } else if (!haveDay && (day = leadingNumber(token, 1, 2, used)) >= 0) {
            haveDay = true;
        } else if (!haveMonth && token.size() >= 3 && [&] {
                       for (int i = 0; i < 12; ++i)
                           if (strncasecmp(token.data(), kMonths[i], 3) == 0)
                               return (month = i + 1), true;
                       return false;
                   }()) {
            haveMonth = true;
        } else if (!haveYear && (year = leadingNumber(token, 2, 4, used)) >= 0) {
            haveYear = true;
        }
    }
    if (haveYear && year >= 70 && year <= 99)
        year += 1900;
    else if (haveYear && year >= 0 && year <= 69)
        year += 2000;
    if (!haveTime || !haveDay || !haveMonth || !haveYear || day < 1 || day > 31 || year < 1601 || hour > 23 ||
        minute > 59 || second > 59)
        return false;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0))
        return false; // "31 Feb" names no day
    const int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    ms = ((days * 24 + hour) * 60 + minute) * 60'000 + int64_t(second) * 1000;
    return true;
}

bool cookieDomainMatches(std::string_view host, std::string_view domain)
{
    if (host == domain)
        return true;
    return host.size() > domain.size() && !domain.empty() &&
           host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
           host[host.size() - domain.size() - 1] == '.' && !isIpAddress(host);
}

bool cookiePathMatches(std::string_view requestPath, std::string_view cookiePath)
{
    if (requestPath == cookiePath)
        return true;
    return requestPath.size() > cookiePath.size() &&
           requestPath.compare(0, cookiePath.size(), cookiePath) == 0 &&
           (cookiePath.back() == '/' || requestPath[cookiePath.size()] == '/');
}

std::string_view cookieDefaultPath(std::string_view requestPath)
{
    if (requestPath.empty() || requestPath.front() != '/')
        return "/";
    const size_t last = requestPath.rfind('/');
    return last == 0 ? std::string_view("/") : requestPath.substr(0, last);
}

std::string_view requestPathOf(std::string_view text)
{
    if (!text.empty() && text.front() != '/') { // a request line: METHOD SP target SP version
        const size_t sp = text.find(' ');
        if (sp == std::string_view::npos)
            return "/";
        text.remove_prefix(sp + 1);
        const size_t end = text.find_first_of(" \r\n");
        if (end != std::string_view::npos)
            text = text.substr(0, end);
    }
    const size_t q = text.find_first_of("?#");
    if (q != std::string_view::npos)
        text = text.substr(0, q);
    return text.empty() ? std::string_view("/") : text;
}

bool CookieJar::set(std::string_view line, const CookieOrigin &origin, int64_t nowMs, std::string *why)
{
    auto refuse = [why](const char *reason) {
        if (why)
            *why = reason;
        return false;
    };
    const size_t semi = line.find(';');
    const std::string_view pair = line.substr(0, semi);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos)
        return refuse("no '=' in the name-value pair");
    const std::string_view name = trimmed(pair.substr(0, eq));
    const std::string_view value = trimmed(pair.substr(eq + 1));
    if (name.empty())
        return refuse("no cookie name");

    bool haveMaxAge = false, haveExpires = false, secure = false, httpOnly = false;
    int64_t maxAgeExpiry = 0, expires = 0;
    std::string_view domain, path;
    bool havePath = false;
    size_t pos = semi;
    while (pos != std::string_view::npos && pos < line.size()) {
        const size_t next = line.find(';', pos + 1);
        const std::string_view av =
            line.substr(pos + 1, next == std::string_view::npos ? line.npos : next - pos - 1);
        pos = next;
        const size_t e = av.find('=');
        const std::string_view an = trimmed(av.substr(0, e));
        const std::string_view v =
            e == std::string_view::npos ? std::string_view() : trimmed(av.substr(e + 1));
        if (equalsNoCase(an, "expires")) {
            int64_t t = 0;
            if (parseCookieDate(v, t))
                haveExpires = true, expires = t;
        } else if (equalsNoCase(an, "max-age")) {
            if (v.empty() || !(isDigit(v.front()) || v.front() == '-'))
                continue;
            const std::string_view digits = v.front() == '-' ? v.substr(1) : v;
            if (digits.empty() || !std::all_of(digits.begin(), digits.end(), isDigit))
                continue;
            int64_t delta = 0;
            for (char c : digits)
                delta = std::min<int64_t>(delta * 10 + (c - '0'), int64_t(1) << 40); // far enough
            haveMaxAge = true;
            maxAgeExpiry = v.front() == '-' || delta == 0 ? INT64_MIN : nowMs + delta * 1000;
        } else if (equalsNoCase(an, "domain")) {
            if (!v.empty())
                domain = v.front() == '.' ? v.substr(1) : v;
        } else if (equalsNoCase(an, "path")) {
            havePath = !v.empty() && v.front() == '/';
            path = havePath ? v : std::string_view();
        } else if (equalsNoCase(an, "secure")) {
            secure = true;
        } else if (equalsNoCase(an, "httponly")) {
            httpOnly = true;
        }
    }

    // Scope: a Domain the request host does not domain-match is refused (RFC 6265 5.3 step 6).
    std::string domainLower(domain);
    for (char &c : domainLower)
        c = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    const bool hostOnly = domainLower.empty();
    if (!hostOnly && !cookieDomainMatches(origin.host, domainLower))
        return refuse("its Domain does not match the request host");
    const std::string_view cookieDomain = hostOnly ? origin.host : std::string_view(domainLower);
    const std::string_view cookiePath = havePath ? path : cookieDefaultPath(origin.path);
    const int64_t expiry = haveMaxAge ? maxAgeExpiry : haveExpires ? expires : Cookie::kSession;

    // The same name, domain and path replace the stored cookie and keep its creation time.
    size_t existing = m_count;
    for (size_t i = 0; i < m_count; ++i) {
        const Cookie &c = m_cookies[i];
        if (c.name == name && c.domain == cookieDomain && c.path == cookiePath) {
            existing = i;
            break;
        }
    }
    if (expiry <= nowMs) { // already expired: it only removes
        if (existing < m_count)
            removeAt(existing);
        return true;
    }
    size_t slot = existing;
    uint64_t created = 0;
    if (existing < m_count) {
        created = m_cookies[existing].created;
    } else {
        if (m_count >= kMaxCookies) {
            dropExpired(nowMs);
            if (m_count >= kMaxCookies) { // evict the oldest
                size_t oldest = 0;
                for (size_t i = 1; i < m_count; ++i)
                    if (m_cookies[i].created < m_cookies[oldest].created)
                        oldest = i;
                removeAt(oldest);
            }
        }
        // Sending order: longer paths first, then earlier creation; the new one is the latest.
        size_t at = 0;
        while (at < m_count && m_cookies[at].path.size() >= cookiePath.size())
            ++at;
        if (m_count == m_cookies.size())
            m_cookies.emplace_back();
        std::rotate(m_cookies.begin() + long(at), m_cookies.begin() + long(m_count),
                    m_cookies.begin() + long(m_count) + 1);
        ++m_count;
        slot = at;
        created = ++m_created;
    }
    Cookie &c = m_cookies[slot];
    c.name.assign(name.data(), name.size());
    c.value.assign(value.data(), value.size());
    c.domain.assign(cookieDomain.data(), cookieDomain.size());
    c.path.assign(cookiePath.data(), cookiePath.size());
    c.expiresMs = expiry;
    c.created = created;
    c.hostOnly = hostOnly;
    c.secure = secure;
    c.httpOnly = httpOnly;
    return true;
}

void CookieJar::update(const std::vector<std::pair<std::string, std::string>> &headers,
                       const CookieOrigin &origin, int64_t nowMs)
{
    for (const auto &[name, value] : headers)
        if (equalsNoCase(name, "set-cookie"))
            set(value, origin, nowMs);
}

bool CookieJar::sends(const Cookie &c, const CookieOrigin &origin) const
{
    if (c.secure && !origin.secure)
        return false;
    if (c.hostOnly ? origin.host != c.domain : !cookieDomainMatches(origin.host, c.domain))
        return false;
    return cookiePathMatches(origin.path, c.path);
}

void CookieJar::removeAt(size_t i)
{
    std::rotate(m_cookies.begin() + long(i), m_cookies.begin() + long(i) + 1,
                m_cookies.begin() + long(m_count));
    --m_count;
}

void CookieJar::dropExpired(int64_t nowMs)
{
    for (size_t i = m_count; i-- > 0;)
        if (m_cookies[i].expiresMs <= nowMs)
            removeAt(i);
}

void CookieJar::appendValue(std::string &out, const CookieOrigin &origin, int64_t nowMs)
{
    dropExpired(nowMs);
    bool first = true;
    for (size_t i = 0; i < m_count; ++i) {
        const Cookie &c = m_cookies[i];
        if (!sends(c, origin))
            continue;
        if (!first)
            out += "; ";
        first = false;
        out += c.name;
        out += '=';
        out += c.value;
    }
}

void CookieJar::appendHeader(std::string &wire, const CookieOrigin &origin, int64_t nowMs)
{
    if (m_count == 0)
        return;
    const size_t mark = wire.size();
    wire += "Cookie: ";
    const size_t start = wire.size();
    appendValue(wire, origin, nowMs);
    if (wire.size() == start)
        wire.resize(mark);
    else
        wire += "\r\n";
}

} // namespace lw::engine
