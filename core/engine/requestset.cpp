#include "engine/requestset.h"

#include "engine/version.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <netdb.h>
#include <strings.h>
#include <sys/socket.h>

namespace lw::engine {

namespace {
bool hasHeader(const std::vector<std::pair<std::string, std::string>> &headers, const char *name)
{
    return std::any_of(headers.begin(), headers.end(), [&](const auto &h) {
        return h.first.size() == std::strlen(name) && strncasecmp(h.first.c_str(), name, h.first.size()) == 0;
    });
}
} // namespace

bool resolveHost(const std::string &host, uint16_t port, std::vector<uint8_t> &addr, std::string &error)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo *res = nullptr;
    const std::string service = std::to_string(port);
    int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
    if (rc == EAI_NONAME || rc == EAI_ADDRFAMILY || rc == EAI_NODATA) {
        // AI_ADDRCONFIG hides loopback-only families on hosts without other addresses; retry without it.
        hints.ai_flags = 0;
        rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
    }
    if (rc != 0 || !res) {
        error = "cannot resolve host '" + host + "': " + gai_strerror(rc);
        return false;
    }
    // Prefer IPv4 (what loopback test servers usually bind) when both families are offered.
    const addrinfo *chosen = res;
    for (const addrinfo *a = res; a; a = a->ai_next) {
        if (a->ai_family == AF_INET) {
            chosen = a;
            break;
        }
    }
    const auto *bytes = reinterpret_cast<const uint8_t *>(chosen->ai_addr);
    addr.assign(bytes, bytes + chosen->ai_addrlen);
    freeaddrinfo(res);
    return true;
}

std::string RequestSet::serialise(const std::string &method, const Url &url,
                                  const std::vector<std::pair<std::string, std::string>> &headers,
                                  const std::string &body)
{
    std::string w;
    w.reserve(128 + body.size());
    w += method + " " + url.target + " HTTP/1.1\r\n";
    if (!hasHeader(headers, "host"))
        w += "Host: " + url.authority() + "\r\n";
    if (!hasHeader(headers, "user-agent"))
        w += std::string("User-Agent: loadwright/") + engineVersion() + "\r\n";
    for (const auto &[k, v] : headers)
        w += k + ": " + v + "\r\n";
    const bool bodyless = method == "GET" || method == "HEAD" || method == "DELETE" || method == "OPTIONS";
    if (!hasHeader(headers, "content-length") && !hasHeader(headers, "transfer-encoding") &&
        (!body.empty() || !bodyless))
        w += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    w += "\r\n";
    w += body;
    return w;
}

bool RequestSet::prepare(const RunSpec &spec, std::string &error)
{
    m_requests.clear();
    m_origins.clear();
    m_cumulative.clear();
    double sum = 0;
    for (const RequestSpec &r : spec.requests) {
        Prepared p;
        if (!parseUrl(r.url, p.url, error))
            return false;
        p.name = r.name;
        p.head = r.method == "HEAD";
        p.expectStatus = r.expectStatus;
        p.wire = serialise(r.method, p.url, r.headers, r.body);
        p.body = r.body;
        std::string authority = p.url.authority();
        for (const auto &[k, v] : r.headers) {
            if (strcasecmp(k.c_str(), "host") == 0)
                authority = v;
        }
        p.h2.headers = {{":method", r.method},
                        {":scheme", p.url.tls ? "https" : "http"},
                        {":authority", authority},
                        {":path", p.url.target}};
        for (const auto &[k, v] : r.headers) {
            std::string name;
            for (char c : k)
                name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            // Connection-specific headers are forbidden in HTTP/2.
            if (name == "host" || name == "connection" || name == "keep-alive" ||
                name == "proxy-connection" || name == "transfer-encoding" || name == "upgrade")
                continue;
            p.h2.headers.emplace_back(name, v);
        }
        if (!hasHeader(r.headers, "user-agent"))
            p.h2.headers.emplace_back("user-agent", std::string("loadwright/") + engineVersion());
        if (!r.body.empty() && !hasHeader(r.headers, "content-length"))
            p.h2.headers.emplace_back("content-length", std::to_string(r.body.size()));
        const std::string key = p.url.origin();
        auto it = std::find_if(m_origins.begin(), m_origins.end(),
                               [&](const Origin &o) { return o.url.origin() == key; });
        if (it == m_origins.end()) {
            Origin o;
            o.url = p.url;
            o.url.target = "/";
            if (!resolveHost(o.url.host, o.url.port, o.sockaddr, error))
                return false;
            const auto *sa = reinterpret_cast<const struct sockaddr *>(o.sockaddr.data());
            o.address = addressToString(sa);
            if (!spec.allow.allows(o.url.host, sa)) {
                error = "host '" + o.url.host + "' (" + o.address + ") is not in the allow-list (" +
                        spec.allow.describe() + "); allow it with --allow " + o.url.host +
                        " (or \"allow\" in the run spec)";
                return false;
            }
            m_origins.push_back(std::move(o));
            it = m_origins.end() - 1;
        }
        p.origin = static_cast<int>(it - m_origins.begin());
        sum += r.weight;
        m_cumulative.push_back(sum);
        m_requests.push_back(std::move(p));
    }
    for (double &c : m_cumulative)
        c /= sum;
    for (Prepared &p : m_requests)
        p.h2.body = &p.body; // stable now that the vector is complete
    return true;
}

int RequestSet::pick(double u) const
{
    if (m_cumulative.size() <= 1)
        return 0;
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
    return it == m_cumulative.end() ? static_cast<int>(m_cumulative.size()) - 1
                                    : static_cast<int>(it - m_cumulative.begin());
}

} // namespace lw::engine
