// Worker: following redirects, with the allow-list checked on every new host before connecting.
#include "engine/worker.h"

#include <sys/socket.h>

namespace lw::engine {

int Worker::findOrAddOrigin(const Url &url, std::string &error)
{
    const std::string key = url.origin();
    for (size_t i = 0; i < m_origins.size(); ++i) {
        if (m_origins[i].url.origin() == key)
            return static_cast<int>(i);
    }
    Origin o;
    o.url = url;
    o.url.target = "/";
    if (!resolveHost(url.host, url.port, o.sockaddr, error))
        return -1;
    const auto *sa = reinterpret_cast<const sockaddr *>(o.sockaddr.data());
    o.address = addressToString(sa);
    if (!m_spec.allow.allows(url.host, sa)) {
        error = "redirect to host '" + url.host + "' (" + o.address + ") refused: not in the allow-list (" +
                m_spec.allow.describe() + "); allow it with --allow " + url.host;
        return -1;
    }
    m_origins.push_back(std::move(o));
    m_idle.emplace_back();
    m_idle.back().reserve(m_conns.size());
    return static_cast<int>(m_origins.size()) - 1;
}

bool Worker::followRedirect(Connection &c, int64_t now)
{
    const RequestSpec &spec = m_spec.requests[static_cast<size_t>(c.request)];
    const Url &base =
        c.redirects > 0 ? c.redirectUrl : m_cfg.requests->requests()[static_cast<size_t>(c.request)].url;
    Url next;
    std::string error;
    int origin = -1;
    if (resolveLocation(base, c.parser.location(), next, error))
        origin = findOrAddOrigin(next, error);
    if (origin < 0) {
        {
            std::lock_guard<std::mutex> lock(m_controlMutex);
            if (m_warning.empty())
                m_warning = error;
        }
        fail(c, ErrorClass::Connect, now);
        return true;
    }
    const int status = c.parser.status();
    const bool keepAlive = c.parser.keepAlive() && c.fd >= 0;
    bool keepMethod = status == 307 || status == 308 || spec.method == "HEAD";
    if (inIteration(c)) {
        // A scenario step: the jar takes this answer's cookies, and the next request is the step
        // as rendered (its variables filled), sent to the new URL with the jar's cookies for it.
        keepMethod = redirectStep(c, base, next, status == 307 || status == 308);
    } else {
        c.redirectWire = RequestSet::serialise(keepMethod ? spec.method : "GET", next, spec.headers,
                                               keepMethod ? spec.body : std::string());
    }
    c.redirectUrl = next;
    c.wire = &c.redirectWire;
    c.writeOffset = 0;
    ++c.redirects;
    c.reused = true;
    c.retried = false;
    c.parser.reset(keepMethod && spec.method == "HEAD", true);
    if (!keepAlive || c.origin != origin)
        closeSocket(c);
    if (c.fd < 0) {
        beginConnect(c, origin, now);
    } else {
        c.state = Connection::State::Writing;
        writeRequest(c, now);
    }
    return true;
}

} // namespace lw::engine
