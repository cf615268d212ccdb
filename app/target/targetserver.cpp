#include "targetserver.h"

#include "targetworker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace lw::target {

int64_t monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

TargetServer::TargetServer(TargetOptions options) : m_options(std::move(options))
{
    // A readable body with line breaks, so it looks like text in a browser or curl.
    m_okBody.resize(size_t(m_options.bodySize));
    for (size_t i = 0; i < m_okBody.size(); ++i)
        m_okBody[i] = (i % 64 == 63) ? '\n' : char('a' + i % 26);
    m_stopFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

TargetServer::~TargetServer()
{
    stop();
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    ::close(m_stopFd);
}

bool TargetServer::listen(std::string *error)
{
    const bool v6 = m_options.host.find(':') != std::string::npos;
    m_listenFd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0) {
        *error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_storage addr{};
    socklen_t len = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&addr);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(uint16_t(m_options.port));
        inet_pton(AF_INET6, m_options.host.c_str(), &a->sin6_addr);
        len = sizeof *a;
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&addr);
        a->sin_family = AF_INET;
        a->sin_port = htons(uint16_t(m_options.port));
        inet_pton(AF_INET, m_options.host.c_str(), &a->sin_addr);
        len = sizeof *a;
    }
    if (bind(m_listenFd, reinterpret_cast<sockaddr *>(&addr), len) != 0) {
        *error = "cannot bind " + address() + ": " + std::strerror(errno);
        return false;
    }
    if (::listen(m_listenFd, 4096) != 0) {
        *error = std::string("listen: ") + std::strerror(errno);
        return false;
    }
    len = sizeof addr;
    getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&addr), &len);
    m_port = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port
                      : reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
    return true;
}

std::string TargetServer::address() const
{
    const std::string host =
        m_options.host.find(':') != std::string::npos ? "[" + m_options.host + "]" : m_options.host;
    return host + ":" + std::to_string(m_port ? m_port : m_options.port);
}

void TargetServer::start()
{
    m_startNs = monotonicNs();
    uint64_t seed = m_options.seed;
    if (!m_options.seedGiven)
        seed = std::random_device()() ^ (uint64_t(std::random_device()()) << 32);
    for (int i = 0; i < m_options.threads; ++i)
        m_workers.push_back(
            std::make_unique<TargetWorker>(*this, i, seed + 0x9e3779b97f4a7c15ULL * uint64_t(i)));
    for (auto &worker : m_workers)
        m_threads.emplace_back([w = worker.get()] { w->run(); });
}

void TargetServer::requestStop()
{
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t r = ::write(m_stopFd, &one, sizeof one);
}

void TargetServer::stop()
{
    if (m_threads.empty())
        return;
    requestStop();
    for (auto &t : m_threads)
        t.join();
    m_threads.clear();
    m_workers.clear();
}

std::string TargetServer::statsJson() const
{
    const auto get = [](const std::atomic<int64_t> &v) {
        return std::to_string(v.load(std::memory_order_relaxed));
    };
    const double uptime = double(monotonicNs() - m_startNs) / 1e9;
    char uptimeText[32];
    std::snprintf(uptimeText, sizeof uptimeText, "%.3f", uptime);
    return "{\"requests\":" + get(m_stats.requests) + ",\"responses\":" + get(m_stats.responses) +
           ",\"status_2xx\":" + get(m_stats.status2xx) + ",\"status_5xx\":" + get(m_stats.status5xx) +
           ",\"stalled\":" + get(m_stats.stalled) + ",\"bad_requests\":" + get(m_stats.badRequests) +
           ",\"connections_accepted\":" + get(m_stats.connectionsAccepted) +
           ",\"connections_open\":" + get(m_stats.connectionsOpen) +
           ",\"threads\":" + std::to_string(m_options.threads) + ",\"uptime_s\":" + uptimeText + "}\n";
}

} // namespace lw::target
