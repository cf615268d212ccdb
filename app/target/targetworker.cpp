#include "targetworker.h"

#include "targetserver.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace lw::target {

namespace {

constexpr uint64_t kListenTag = ~uint64_t(0);
constexpr uint64_t kTimerTag = ~uint64_t(0) - 1;
constexpr uint64_t kStopTag = ~uint64_t(0) - 2;
// Backpressure: stop reading a connection that owes this many answers (or --write-backlog bytes).
constexpr size_t kMaxPending = 1024;

const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 303:
        return "See Other";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    default:
        return "Unknown";
    }
}

std::string pathOnly(const std::string &target)
{
    return target.substr(0, target.find('?'));
}

} // namespace

TargetWorker::TargetWorker(TargetServer &server, int index, uint64_t seed)
    : m_server(server), m_index(index), m_rng(seed)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.u64 = kListenTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, server.m_listenFd, &ev);
    ev.events = EPOLLIN;
    ev.data.u64 = kTimerTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timerFd, &ev);
    ev.data.u64 = kStopTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, server.m_stopFd, &ev);
}

TargetWorker::~TargetWorker()
{
    for (auto &entry : m_conns)
        ::close(entry.first);
    ::close(m_timerFd);
    ::close(m_epoll);
}

void TargetWorker::run()
{
    // Latency injection wants sub-millisecond timer precision; the default slack is 50 us.
    prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
    epoll_event events[256];
    bool stopping = false;
    while (!stopping) {
        const int n = epoll_wait(m_epoll, events, 256, m_acceptPaused ? 100 : -1);
        if (n < 0 && errno != EINTR)
            break;
        if (m_acceptPaused && monotonicNs() >= m_acceptResumeNs)
            setAcceptPaused(false);
        for (int i = 0; i < n; ++i) {
            const uint64_t tag = events[i].data.u64;
            if (tag == kListenTag) {
                acceptAll();
            } else if (tag == kTimerTag) {
                uint64_t expirations = 0;
                [[maybe_unused]] const ssize_t r = ::read(m_timerFd, &expirations, sizeof expirations);
                m_armedNs = 0;
            } else if (tag == kStopTag) {
                stopping = true;
            } else {
                const auto it = m_conns.find(static_cast<int>(tag));
                if (it == m_conns.end())
                    continue;
                Conn &c = *it->second;
                const uint32_t e = events[i].events;
                if ((e & (EPOLLERR | EPOLLHUP)) && !(e & EPOLLIN)) {
                    closeConn(c);
                    continue;
                }
                if (e & EPOLLIN) {
                    onReadable(c);
                    continue;
                }
                if (e & EPOLLOUT)
                    service(c, monotonicNs());
            }
        }
        runTimers(monotonicNs());
        armTimer();
    }
    drainOnStop();
}

void TargetWorker::acceptAll()
{
    for (int i = 0; i < 64; ++i) {
        const int fd = accept4(m_server.m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            // Out of descriptors: the listening socket stays readable, so stop watching it for a
            // moment instead of spinning.
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                setAcceptPaused(true);
            return; // EAGAIN (another worker took it) or a transient error
        }
        if (m_server.m_options.resetConnections) {
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            const linger reset{1, 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            ::close(fd);
            m_server.m_stats.connectionsAccepted.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto conn = std::make_unique<Conn>();
        conn->fd = fd;
        conn->serial = m_nextSerial++;
        conn->events = EPOLLIN;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = static_cast<uint64_t>(fd);
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        m_conns[fd] = std::move(conn);
        m_server.m_stats.connectionsAccepted.fetch_add(1, std::memory_order_relaxed);
        m_server.m_stats.connectionsOpen.fetch_add(1, std::memory_order_relaxed);
    }
}

void TargetWorker::setAcceptPaused(bool paused)
{
    if (paused == m_acceptPaused)
        return;
    m_acceptPaused = paused;
    if (paused) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_server.m_listenFd, nullptr);
        m_acceptResumeNs = monotonicNs() + 100'000'000;
    } else {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLEXCLUSIVE;
        ev.data.u64 = kListenTag;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_server.m_listenFd, &ev);
    }
}

void TargetWorker::onReadable(Conn &c)
{
    char buf[64 * 1024];
    for (int round = 0; round < 4; ++round) {
        const ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r > 0) {
            if (!c.closing)
                c.in.append(buf, size_t(r));
            if (size_t(r) < sizeof buf)
                break;
            continue;
        }
        if (r == 0) {
            // The peer will send nothing more: answer what it asked for, then close.
            c.closing = true;
            break;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            break;
        closeConn(c);
        return;
    }
    service(c, monotonicNs());
}

bool TargetWorker::service(Conn &c, int64_t now)
{
    // Parse what is buffered, emit what is due and write it, for as long as that makes progress:
    // a drained backlog or answer queue lets buffered requests and due answers move on.
    while (true) {
        const size_t inBefore = c.in.size();
        const size_t pendingBefore = c.pending.size();
        parseRequests(c, now);
        emitDue(c, now);
        const size_t owed = c.out.size() - c.outPos;
        if (!flush(c))
            return false;
        if (c.outPos < c.out.size())
            break; // the socket is full: EPOLLOUT brings us back
        // Writing out a backlog that was over the limit is progress too: emitDue held answers back
        // for it, and once we leave no event may come for them (the client may have nothing more
        // to send, and due answers have no timer). Stopping here stalled the connection for good.
        const bool progressed = c.in.size() != inBefore || c.pending.size() != pendingBefore || owed > 0;
        if (!progressed)
            break;
    }
    updateInterest(c);
    return true;
}

void TargetWorker::parseRequests(Conn &c, int64_t now)
{
    size_t offset = 0;
    while (c.pending.size() < kMaxPending && offset < c.in.size()) {
        size_t consumed = 0;
        const auto result = c.reader.feed(std::string_view(c.in).substr(offset), consumed);
        offset += consumed;
        if (result == RequestReader::Result::NeedMore)
            break;
        if (result == RequestReader::Result::HeadComplete) {
            if (c.reader.head().expectContinue && c.pending.empty())
                schedule(c, Kind::Continue, c.reader.head(), now);
            continue;
        }
        if (result == RequestReader::Result::Error) {
            m_server.m_stats.badRequests.fetch_add(1, std::memory_order_relaxed);
            c.pending.push_back({now, Kind::BadRequest, true, false, c.reader.errorStatus()});
            c.closing = true;
            break;
        }
        const RequestHead &head = c.reader.head();
        const std::string path = pathOnly(head.path);
        if (ShopApi::handles(path)) {
            ShopRequest request{head.method,        path,     head.authorization, head.cookie,
                                head.sessionHeader, head.body};
            Pending p{now, Kind::Shop, !head.keepAlive, head.isHead, 200};
            p.shop = std::make_shared<const ShopResponse>(m_server.m_shop.handle(request));
            p.status = p.shop->status;
            c.pending.push_back(std::move(p));
            if (!head.keepAlive) {
                c.closing = true;
                break;
            }
            continue;
        }
        schedule(c,
                 path == "/health"  ? Kind::Health
                 : path == "/stats" ? Kind::Stats
                                    : Kind::Normal,
                 head, now);
        if (!head.keepAlive) {
            c.closing = true;
            break;
        }
    }
    c.in.erase(0, offset);
    if (c.closing)
        c.in.clear();
}

void TargetWorker::schedule(Conn &c, Kind kind, const RequestHead &head, int64_t now)
{
    Pending p{now, kind, !head.keepAlive, head.isHead, 200};
    if (kind == Kind::Continue) {
        p.close = false;
        p.status = 100;
    } else if (kind == Kind::Normal) {
        TargetStats &stats = m_server.m_stats;
        const TargetOptions &o = m_server.m_options;
        const int64_t n = stats.requests.fetch_add(1, std::memory_order_relaxed) + 1;
        if (o.maxRequests > 0 && n > o.maxRequests) {
            // Over the limit: not answered; the connection closes after what it is owed.
            stats.requests.fetch_sub(1, std::memory_order_relaxed);
            c.closing = true;
            return;
        }
        bool stalled = false;
        p.dueNs = stallAdjusted(now + o.latency.sampleNs(m_rng), stalled);
        if (p.dueNs > now)
            p.delayNs = p.dueNs - now;
        if (stalled)
            stats.stalled.fetch_add(1, std::memory_order_relaxed);
        if (o.errorRate > 0 && std::uniform_real_distribution<double>(0.0, 1.0)(m_rng) < o.errorRate) {
            p.kind = Kind::Error;
            p.status = 500;
        }
    }
    c.pending.push_back(p);
    if (p.dueNs > now)
        m_timers.push({p.dueNs, c.fd, c.serial});
}

int64_t TargetWorker::stallAdjusted(int64_t dueNs, bool &stalled) const
{
    const TargetOptions &o = m_server.m_options;
    stalled = false;
    if (o.stallNs <= 0)
        return dueNs;
    const int64_t rel = dueNs - m_server.m_startNs;
    if (rel < 0)
        return dueNs;
    const int64_t phase = rel % o.stallEveryNs;
    if (phase >= o.stallNs)
        return dueNs;
    stalled = true;
    return dueNs - phase + o.stallNs;
}

void TargetWorker::emitDue(Conn &c, int64_t now)
{
    while (!c.pending.empty() && c.pending.front().dueNs <= now && !backlogFull(c)) {
        const Pending p = c.pending.front();
        c.pending.pop_front();
        appendResponse(c, p);
        if (p.close) {
            c.closing = true;
            c.pending.clear();
            break;
        }
    }
}

void TargetWorker::appendResponse(Conn &c, const Pending &p)
{
    if (p.kind == Kind::Continue) {
        if (c.out.size() == c.outPos) // only when nothing else is owed first
            c.out += "HTTP/1.1 100 Continue\r\n\r\n";
        return;
    }
    TargetStats &stats = m_server.m_stats;
    std::string body;
    const std::string *bodyRef = &body;
    const char *contentType = "text/plain";
    switch (p.kind) {
    case Kind::Normal:
        bodyRef = &m_server.m_okBody;
        break;
    case Kind::Error:
        body = "injected error\n";
        break;
    case Kind::Health:
        body = "ok";
        break;
    case Kind::Stats:
        body = m_server.statsJson();
        contentType = "application/json";
        break;
    case Kind::BadRequest:
        body = std::string(reason(p.status)) + "\n";
        break;
    case Kind::Shop:
        bodyRef = &p.shop->body;
        contentType = "application/json";
        break;
    case Kind::Continue:
        break;
    }
    std::string &out = c.out;
    out += "HTTP/1.1 ";
    out += std::to_string(p.status);
    out += ' ';
    out += reason(p.status);
    out += "\r\nServer: loadwright-target\r\nContent-Type: ";
    out += contentType;
    out += "\r\nContent-Length: ";
    out += std::to_string(bodyRef->size());
    if (p.shop) {
        for (const std::string &cookie : p.shop->setCookies) {
            out += "\r\nSet-Cookie: ";
            out += cookie;
        }
        if (!p.shop->location.empty()) {
            out += "\r\nLocation: ";
            out += p.shop->location;
        }
    }
    if (p.delayNs >= 0) {
        // Lets clients tell injected delay from their own overhead.
        out += "\r\nX-Injected-Delay-Us: ";
        out += std::to_string(p.delayNs / 1000);
    }
    out += p.close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
    if (!p.head)
        out += *bodyRef;
    if (p.kind == Kind::Normal || p.kind == Kind::Error) {
        (p.kind == Kind::Normal ? stats.status2xx : stats.status5xx).fetch_add(1, std::memory_order_relaxed);
        const int64_t answered = stats.responses.fetch_add(1, std::memory_order_relaxed) + 1;
        const int64_t limit = m_server.m_options.maxRequests;
        if (limit > 0 && answered >= limit)
            m_server.requestStop(); // the stop path still flushes this answer
    }
}

bool TargetWorker::flush(Conn &c)
{
    while (c.outPos < c.out.size()) {
        const ssize_t w = ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
        if (w > 0) {
            c.outPos += size_t(w);
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Answers are appended while older ones wait: drop the written part once it is at least
            // half the buffer, so memory follows the backlog and not all bytes ever sent.
            if (c.outPos >= c.out.size() / 2) {
                c.out.erase(0, c.outPos);
                c.outPos = 0;
            }
            return true;
        }
        if (w < 0 && errno == EINTR)
            continue;
        closeConn(c);
        return false;
    }
    c.out.clear();
    c.outPos = 0;
    if (c.closing && c.pending.empty()) {
        closeConn(c);
        return false;
    }
    return true;
}

bool TargetWorker::backlogFull(const Conn &c) const
{
    return c.out.size() - c.outPos >= size_t(m_server.m_options.writeBacklog);
}

void TargetWorker::updateInterest(Conn &c)
{
    uint32_t want = 0;
    if (!c.closing && c.pending.size() < kMaxPending && !backlogFull(c))
        want |= EPOLLIN;
    if (c.outPos < c.out.size())
        want |= EPOLLOUT;
    if (want == c.events)
        return;
    c.events = want;
    epoll_event ev{};
    ev.events = want;
    ev.data.u64 = static_cast<uint64_t>(c.fd);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void TargetWorker::closeConn(Conn &c)
{
    const int fd = c.fd;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    m_server.m_stats.connectionsOpen.fetch_sub(1, std::memory_order_relaxed);
    m_conns.erase(fd); // destroys c
}

void TargetWorker::runTimers(int64_t now)
{
    while (!m_timers.empty() && m_timers.top().dueNs <= now) {
        const Timer t = m_timers.top();
        m_timers.pop();
        const auto it = m_conns.find(t.fd);
        if (it == m_conns.end() || it->second->serial != t.serial)
            continue; // the connection is gone
        service(*it->second, now);
    }
}

void TargetWorker::armTimer()
{
    if (m_timers.empty() || m_timers.top().dueNs == m_armedNs)
        return;
    const int64_t due = m_timers.top().dueNs;
    itimerspec spec{};
    spec.it_value.tv_sec = due / 1'000'000'000;
    spec.it_value.tv_nsec = due % 1'000'000'000;
    timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
    m_armedNs = due;
}

void TargetWorker::drainOnStop()
{
    // Give answers already written to buffers half a second to leave, then close everything.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (std::chrono::steady_clock::now() < deadline) {
        bool owed = false;
        for (auto &entry : m_conns) {
            Conn &c = *entry.second;
            while (c.outPos < c.out.size()) {
                const ssize_t w =
                    ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
                if (w <= 0)
                    break;
                c.outPos += size_t(w);
            }
            if (c.outPos < c.out.size() && errno == EAGAIN)
                owed = true;
        }
        if (!owed)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (auto &entry : m_conns)
        ::close(entry.first);
    m_server.m_stats.connectionsOpen.fetch_sub(static_cast<int64_t>(m_conns.size()),
                                               std::memory_order_relaxed);
    m_conns.clear();
}

} // namespace lw::target
